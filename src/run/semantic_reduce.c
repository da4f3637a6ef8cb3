/*
 * Semantic figures of a run from its images' slots: consensus maps in
 * image order; pixel counts, audits and pair intersections/unions summed
 * by key (integer sums, so the order images are added in cannot change
 * them); each pair's mIoU from the summed counts (SPEC §6 as decided for
 * issue 3); semantic STAPLE's rates per (annotator, class) as pixel-weighted
 * means, their weighted sums added in image order (floating point: the
 * order is fixed, so any thread count gives the same bits). Checked by
 * tests/run/test_semantic_run.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run/semantic_reduce.h"
#include "tally/error.h"
#include "util/alloc.h"

static int oom(size_t n)
{
	return tly_error_set(TLY_ENOMEM, "run: out of memory for %zu label map rows", n);
}

static int too_many(void)
{
	return tly_error_set(TLY_ELIMIT, "run: more label map rows than memory can index");
}

/* Move the slots' consensus maps into R in image order. */
static int move_maps(tly_result *r, tly_semantic_image_result *x, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += x[i].has_cons != 0;
	if (k == 0)
		return 0;
	if (!(r->cons_maps = tly_calloc(k, sizeof(*r->cons_maps))))
		return oom(k);
	for (i = 0; i < n; i++) {
		if (!x[i].has_cons)
			continue;
		r->cons_maps[r->n_cons_maps++] = x[i].cons;
		tly_labelmap_init(&x[i].cons.map);
		tly_labelmap_init(&x[i].cons.confidence);
		x[i].has_cons = 0;
	}
	return 0;
}

#define KEY_CMP(x, y) ((x) < (y) ? -1 : (x) > (y))

static int cmp_counts(const void *pa, const void *pb)
{
	const tly_pixel_counts *a = pa, *b = pb;

	if (a->annotator != b->annotator)
		return KEY_CMP(a->annotator, b->annotator);
	if (a->ref != b->ref)
		return KEY_CMP(a->ref, b->ref);
	return KEY_CMP(a->category, b->category);
}

static int cmp_audits(const void *pa, const void *pb)
{
	const tly_pixel_audit *a = pa, *b = pb;

	if (a->annotator != b->annotator)
		return KEY_CMP(a->annotator, b->annotator);
	return KEY_CMP(a->ref, b->ref);
}

static int cmp_pairs(const void *pa, const void *pb)
{
	const tly_map_pair *a = pa, *b = pb;

	if (a->a != b->a)
		return KEY_CMP(a->a, b->a);
	return KEY_CMP(a->b, b->b);
}

static int cmp_classes(const void *pa, const void *pb)
{
	const tly_semantic_pair_class *a = pa, *b = pb;

	if (a->a != b->a)
		return KEY_CMP(a->a, b->a);
	if (a->b != b->b)
		return KEY_CMP(a->b, b->b);
	return KEY_CMP(a->category, b->category);
}

/* By (annotator, category), then image: the order the sums are added in. */
static int cmp_rates(const void *pa, const void *pb)
{
	const tly_semantic_staple_rate *a = pa, *b = pb;

	if (a->annotator != b->annotator)
		return KEY_CMP(a->annotator, b->annotator);
	if (a->category != b->category)
		return KEY_CMP(a->category, b->category);
	return KEY_CMP(a->image, b->image);
}

/* The rows of one kind a slot holds, and their count. */
typedef const void *(*rows_fn)(const tly_semantic_image_result *x, size_t *n);

static const void *counts_of(const tly_semantic_image_result *x, size_t *n)
{
	*n = x->n_counts;
	return x->counts;
}

static const void *audits_of(const tly_semantic_image_result *x, size_t *n)
{
	*n = x->n_audits;
	return x->audits;
}

static const void *pairs_of(const tly_semantic_image_result *x, size_t *n)
{
	*n = x->n_pairs;
	return x->pairs;
}

static const void *classes_of(const tly_semantic_image_result *x, size_t *n)
{
	*n = x->n_pair_classes;
	return x->pair_classes;
}

static const void *rates_of(const tly_semantic_image_result *x, size_t *n)
{
	*n = x->n_staple_rates;
	return x->staple_rates;
}

/*
 * Concatenate the N slots' rows of one kind (ROWS) into a new array *out
 * of *n_out elements of ELEM, sorted by CMP.
 */
static int gather(void **out, size_t *n_out, const tly_semantic_image_result *x, size_t n, rows_fn rows,
		  size_t elem, int (*cmp)(const void *, const void *))
{
	size_t total = 0, at = 0, k, i;
	char *dst;

	*out = NULL;
	*n_out = 0;
	for (i = 0; i < n; i++) {
		rows(&x[i], &k);
		if (tly_add_size(&total, total, k) < 0)
			return too_many();
	}
	if (total == 0)
		return 0;
	if (!(dst = tly_reallocarray(NULL, total, elem)))
		return oom(total);
	for (i = 0; i < n; i++) {
		const void *src = rows(&x[i], &k);

		if (k)
			memcpy(dst + at * elem, src, k * elem);
		at += k;
	}
	qsort(dst, total, elem, cmp);
	*out = dst;
	*n_out = total;
	return 0;
}

#define GATHER(out, n_out, rows, type, cmp) \
	gather((void **)(out), (n_out), x, n, rows, sizeof(type), cmp)

/* Sum rows of equal key (neighbours after sorting) into the first; returns the new count. */
static size_t merge_counts(tly_pixel_counts *v, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (k && cmp_counts(&v[k - 1], &v[i]) == 0) {
			v[k - 1].tp += v[i].tp;
			v[k - 1].fp += v[i].fp;
			v[k - 1].fn += v[i].fn;
		} else {
			v[k++] = v[i];
		}
	}
	return k;
}

static size_t merge_audits(tly_pixel_audit *v, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (k && cmp_audits(&v[k - 1], &v[i]) == 0) {
			v[k - 1].images += v[i].images;
			v[k - 1].correct += v[i].correct;
			v[k - 1].total += v[i].total;
		} else {
			v[k++] = v[i];
		}
	}
	return k;
}

static size_t merge_pairs(tly_map_pair *v, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (k && cmp_pairs(&v[k - 1], &v[i]) == 0)
			v[k - 1].images += v[i].images;
		else
			v[k++] = v[i];
	}
	return k;
}

static size_t merge_classes(tly_semantic_pair_class *v, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (k && cmp_classes(&v[k - 1], &v[i]) == 0) {
			v[k - 1].inter += v[i].inter;
			v[k - 1].uni += v[i].uni;
		} else {
			v[k++] = v[i];
		}
	}
	return k;
}

/* Whether V[I] starts a new (annotator, category). */
static int new_key(const tly_semantic_staple_rate *v, size_t i)
{
	return i == 0 || v[i].annotator != v[i - 1].annotator || v[i].category != v[i - 1].category;
}

/*
 * The run's STAPLE rates from the N image rows V, sorted by cmp_rates: one
 * row per (annotator, category), the weighted rates summed then divided by
 * the summed pixels (tly_map_staple_rate). Into R; V is the caller's.
 */
static int reduce_rates(tly_result *r, const tly_semantic_staple_rate *v, size_t n)
{
	tly_map_staple_rate *out, *o = NULL;
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += (size_t)new_key(v, i);
	if (k == 0)
		return 0;
	if (!(out = tly_calloc(k, sizeof(*out))))
		return oom(k);
	for (i = 0, k = 0; i < n; i++) {
		if (new_key(v, i)) {
			o = &out[k++];
			o->annotator = v[i].annotator;
			o->category = v[i].category;
		}
		/* the sums wait in the rate fields until every image is in */
		o->images++;
		o->pixels_in += v[i].pixels_in;
		o->sensitivity += v[i].sens_in;
		o->pixels_out += v[i].pixels_out;
		o->specificity += v[i].spec_out;
	}
	for (o = out; o < out + k; o++) {
		o->sensitivity = o->pixels_in ? o->sensitivity / (double)o->pixels_in : NAN;
		o->specificity = o->pixels_out ? o->specificity / (double)o->pixels_out : NAN;
	}
	r->map_staple_rates = out;
	r->n_map_staple_rates = k;
	return 0;
}

/*
 * Each pair's mIoU over the dataset: the mean, in category order, of
 * inter / union over its summed class rows (all have union > 0); NaN
 * when it has none. Both lists are sorted by (a, b).
 */
static void pair_miou(tly_map_pair *p, size_t np, const tly_semantic_pair_class *c, size_t nc)
{
	size_t i, j = 0;

	for (i = 0; i < np; i++) {
		double sum = 0.0;
		size_t used = 0;

		while (j < nc && (c[j].a < p[i].a || (c[j].a == p[i].a && c[j].b < p[i].b)))
			j++;
		for (; j < nc && c[j].a == p[i].a && c[j].b == p[i].b; j++) {
			sum += (double)c[j].inter / (double)c[j].uni;
			used++;
		}
		p[i].miou = used ? sum / (double)used : NAN;
	}
}

int tly_run__semantic_reduce(tly_result *r, tly_semantic_image_result *x, size_t n)
{
	tly_semantic_pair_class *classes = NULL;
	tly_semantic_staple_rate *rates = NULL;
	size_t n_classes = 0, n_rates = 0;
	int error;

	if ((error = move_maps(r, x, n)) < 0)
		goto out;
	if ((error = GATHER(&r->pixel_counts, &r->n_pixel_counts, counts_of, tly_pixel_counts, cmp_counts)) < 0)
		goto out;
	r->n_pixel_counts = merge_counts(r->pixel_counts, r->n_pixel_counts);
	if ((error = GATHER(&r->pixel_audits, &r->n_pixel_audits, audits_of, tly_pixel_audit, cmp_audits)) < 0)
		goto out;
	r->n_pixel_audits = merge_audits(r->pixel_audits, r->n_pixel_audits);
	if ((error = GATHER(&r->map_pairs, &r->n_map_pairs, pairs_of, tly_map_pair, cmp_pairs)) < 0 ||
	    (error = GATHER(&classes, &n_classes, classes_of, tly_semantic_pair_class, cmp_classes)) < 0)
		goto out;
	r->n_map_pairs = merge_pairs(r->map_pairs, r->n_map_pairs);
	n_classes = merge_classes(classes, n_classes);
	pair_miou(r->map_pairs, r->n_map_pairs, classes, n_classes);
	if ((error = GATHER(&rates, &n_rates, rates_of, tly_semantic_staple_rate, cmp_rates)) < 0)
		goto out;
	error = reduce_rates(r, rates, n_rates);
out:
	tly_free(classes);
	tly_free(rates);
	return error;
}
