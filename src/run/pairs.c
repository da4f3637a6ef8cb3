/*
 * Annotator pair statistics of a run (SPEC §6): for every pair a < b of
 * annotators who share at least one image (both submitted the same task on
 * it; pairs that never met would grow as annotators squared and say
 * nothing), objects F1 = 2tp/(n_a+n_b) over the images both drew on (1
 * when both drew nothing there, NaN with no shared image); Cohen's kappa
 * over the images both labelled: nominal on the label single-label, on the
 * summed 2x2 presence tables multi-label; and Cohen's kappa over the labels
 * of their matched objects. Both kappas carry a 95% bootstrap interval
 * (tly_stats_cohen, default seed) that resamples images: an image's rows
 * move together; the pairs, or a few pairs' resamples, run on the run's
 * threads. Sums run in image order. Checked by tests/run/test_pairs.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run/pairs.h"
#include "tally/error.h"
#include "util/alloc.h"

/* One kind of kappa item of every pair: rating rows grouped by pair, each row's image. */
typedef struct {
	size_t *first;           /* [n_pairs + 1] row offsets */
	tly_stats_rating *rows;  /* grouped by pair, in image order inside */
	size_t *image;           /* [rows] the image of each row: the bootstrap's groups */
	size_t *next;            /* [n_pairs] fill cursor */
} rating_rows;

typedef struct {
	uint64_t *keys;          /* [n_pairs]: a << 32 | b, ascending: r->pairs in the same order */
	rating_rows labels;      /* image labels: one row per image (single-label), four (multi-label) */
	rating_rows objects;     /* matched objects' labels: one row per matched pair */
} pair_work;

static void undefined(tly_stat *t)
{
	t->value = t->ci95[0] = t->ci95[1] = NAN;
	t->n = 0;
}

static uint64_t pair_key(uint32_t a, uint32_t b)
{
	return (uint64_t)a << 32 | b;
}

/* Position of (a, b) in the laid-out pairs; it is there by construction. */
static size_t pair_index(const pair_work *w, size_t n_pairs, uint32_t a, uint32_t b)
{
	uint64_t key = pair_key(a, b);
	size_t lo = 0, hi = n_pairs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->keys[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int cmp_key(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return (a > b) - (a < b);
}

static void rows_clear(rating_rows *t)
{
	tly_free(t->first);
	tly_free(t->rows);
	tly_free(t->image);
	tly_free(t->next);
}

static void work_clear(pair_work *w)
{
	tly_free(w->keys);
	rows_clear(&w->labels);
	rows_clear(&w->objects);
}

/* The pairs that met on some image, in (a, b) order. */
static int lay_out(tly_result *r, pair_work *w, const tly_run_space *s)
{
	size_t i, j, total = 0, n = 0;

	for (i = 0; i < s->n_images; i++)
		if (tly_add_size(&total, total, s->slots[i].n_pairs) < 0)
			return TLY_ELIMIT;
	if (total == 0)
		return 0;
	w->keys = tly_calloc(total, sizeof(*w->keys));
	if (!w->keys)
		return TLY_ENOMEM;
	for (i = 0; i < s->n_images; i++)
		for (j = 0; j < s->slots[i].n_pairs; j++)
			w->keys[n++] = pair_key(s->slots[i].pairs[j].a, s->slots[i].pairs[j].b);
	qsort(w->keys, n, sizeof(*w->keys), cmp_key);
	for (i = j = 0; i < n; i++)
		if (j == 0 || w->keys[i] != w->keys[j - 1])
			w->keys[j++] = w->keys[i];
	r->pairs = tly_calloc(j, sizeof(*r->pairs));
	if (!r->pairs)
		return TLY_ENOMEM;
	r->n_pairs = j;
	for (i = 0; i < j; i++) {
		r->pairs[i].a = (uint32_t)(w->keys[i] >> 32);
		r->pairs[i].b = (uint32_t)w->keys[i];
		r->pairs[i].f1 = NAN;
		r->pairs[i].kappa = NAN;
		undefined(&r->pairs[i].cohen_kappa);
		undefined(&r->pairs[i].cohen_kappa_objects);
	}
	return 0;
}

/* Offsets from the per-pair row counts in FIRST[1..n]; the row arrays. */
static int rows_alloc(rating_rows *t, size_t n_pairs)
{
	size_t i, total;

	for (i = 0; i < n_pairs; i++)
		if (tly_add_size(&t->first[i + 1], t->first[i + 1], t->first[i]) < 0)
			return TLY_ELIMIT;
	total = t->first[n_pairs];
	t->rows = tly_calloc(total ? total : 1, sizeof(*t->rows));
	t->image = tly_calloc(total ? total : 1, sizeof(*t->image));
	t->next = tly_calloc(n_pairs ? n_pairs : 1, sizeof(*t->next));
	if (!t->rows || !t->image || !t->next)
		return TLY_ENOMEM;
	memcpy(t->next, t->first, n_pairs * sizeof(*t->next));
	return 0;
}

static void rows_put(rating_rows *t, size_t pair, size_t image, uint32_t a, uint32_t b, uint64_t count)
{
	size_t at = t->next[pair]++;

	t->rows[at].a = a;
	t->rows[at].b = b;
	t->rows[at].count = count;
	t->image[at] = image;
}

/* Objects sums and kappa item counts; the row count of each pair's two kappas. */
static int sum_images(tly_result *r, pair_work *w, const tly_run_space *s, int multi)
{
	size_t i, j, n_pairs = r->n_pairs;

	w->labels.first = tly_calloc(n_pairs + 1, sizeof(*w->labels.first));
	w->objects.first = tly_calloc(n_pairs + 1, sizeof(*w->objects.first));
	if (!w->labels.first || !w->objects.first)
		return TLY_ENOMEM;
	for (i = 0; i < s->n_images; i++) {
		const tly_agree_image_result *x = &s->slots[i];

		for (j = 0; j < x->n_pairs; j++) {
			const tly_agree_pair *c = &x->pairs[j];
			size_t at = pair_index(w, n_pairs, c->a, c->b);
			tly_pair_stats *p = &r->pairs[at];

			if (c->objects) {
				p->images++;
				p->tp += c->tp;
				p->n_a += c->n_a;
				p->n_b += c->n_b;
				w->objects.first[at + 1] += c->n_label_pairs;
			}
			if (!c->labels)
				continue;
			if (multi)
				p->kappa_items += c->table[0] + c->table[1] + c->table[2] + c->table[3];
			else
				p->kappa_items++;
			w->labels.first[at + 1] += multi ? 4 : 1;
		}
	}
	return 0;
}

/*
 * Each pair's kappa items as rating rows, in image order. Multi-label:
 * an image's 2x2 presence table (index 2 * (a has it) + (b has it)) is
 * four rows (a has it, b has it, count) of one image.
 */
static void gather_rows(const tly_result *r, pair_work *w, const tly_run_space *s, int multi)
{
	size_t i, j, k;

	for (i = 0; i < s->n_images; i++) {
		const tly_agree_image_result *x = &s->slots[i];

		for (j = 0; j < x->n_pairs; j++) {
			const tly_agree_pair *c = &x->pairs[j];
			size_t at = pair_index(w, r->n_pairs, c->a, c->b);

			for (k = 0; c->objects && k < c->n_label_pairs; k++) {
				const tly_agree_label_pair *lp = &x->label_pairs[c->first_label_pair + k];

				rows_put(&w->objects, at, i, lp->label_a, lp->label_b, 1);
			}
			if (!c->labels)
				continue;
			if (!multi) {
				rows_put(&w->labels, at, i, c->label_a, c->label_b, 1);
				continue;
			}
			for (k = 0; k < 4; k++)
				rows_put(&w->labels, at, i, (uint32_t)(k >> 1), (uint32_t)(k & 1), c->table[k]);
		}
	}
}

/*
 * Kappa of pair I's rows of T over N_CATEGORIES, with the bootstrap over
 * their images, its resamples spread over THREADS (tly_stats_cohen sums an
 * image's equal rows itself).
 */
static int pair_kappa(tly_stat *out, const rating_rows *t, size_t i, size_t n_categories, int threads)
{
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;
	size_t first = t->first[i];

	boot.group = t->image + first;
	boot.threads = threads;
	return tly_stats_cohen(out, t->rows + first, t->first[i + 1] - first, n_categories, &boot);
}

/*
 * F1 and the two kappas of every pair. The kappas' bootstraps are most of
 * a run's reduction. With at least as many pairs as THREADS, pairs are
 * spread over the threads (each writes only its own pair and status; the
 * lowest-indexed failure is reported after the region, STYLE rule 12);
 * with fewer, the pairs go one by one and each bootstrap spreads its
 * resamples instead. Each resample draws from its own stream, so both
 * give the same bytes for any thread count.
 */
static int finish(tly_result *r, const pair_work *w, int multi, size_t n_categories, int threads)
{
	int *status = tly_calloc(r->n_pairs, sizeof(*status));
	int by_pair = r->n_pairs >= (size_t)threads, inner = by_pair ? 1 : threads;
	long k, nk = (long)r->n_pairs;
	size_t i;
	int error = 0;

	if (!status)
		return TLY_ENOMEM;
#pragma omp parallel for schedule(dynamic) num_threads(threads) if (by_pair && threads > 1)
	for (k = 0; k < nk; k++) {
		tly_pair_stats *p = &r->pairs[k];

		if (p->images)
			p->f1 = p->n_a + p->n_b ? 2.0 * (double)p->tp / (double)(p->n_a + p->n_b) : 1.0;
		status[k] = pair_kappa(&p->cohen_kappa, &w->labels, (size_t)k, multi ? 2 : n_categories, inner);
		if (!status[k])
			status[k] = pair_kappa(&p->cohen_kappa_objects, &w->objects, (size_t)k, n_categories, inner);
		p->kappa = p->cohen_kappa.value;
	}
	for (i = 0; i < r->n_pairs && !error; i++)
		error = status[i];
	tly_free(status);
	return error;
}

int tly_run__reduce_pairs(tly_result *r, const tly_run_space *s, const tly_agree_context *ctx)
{
	pair_work w;
	int error = 0;

	memset(&w, 0, sizeof(w));
	if ((error = lay_out(r, &w, s)) < 0 || r->n_pairs == 0)
		goto out;
	if ((error = sum_images(r, &w, s, ctx->multi)) < 0 || (error = rows_alloc(&w.labels, r->n_pairs)) < 0 ||
	    (error = rows_alloc(&w.objects, r->n_pairs)) < 0)
		goto out;
	gather_rows(r, &w, s, ctx->multi);
	error = finish(r, &w, ctx->multi, ctx->n_categories, s->n_threads ? (int)s->n_threads : 1);
out:
	work_clear(&w);
	if (error == TLY_ENOMEM)
		error = tly_error_set(TLY_ENOMEM, "run: out of memory for annotator pairs");
	else if (error == TLY_ELIMIT)
		error = tly_error_set(TLY_ELIMIT, "run: too many annotator pairs");
	else if (error < 0)
		error = tly_error_set(error, "run: annotator pair statistics failed");
	return error;
}
