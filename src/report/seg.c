/*
 * Builds the label-map part of the report view (seg.h): per consensus map
 * its class pixels and ignored pixels, per annotator and reference the
 * pixel accuracy, mean IoU / Dice (tally/result.h: IoU = tp/(tp+fp+fn),
 * Dice = 2tp/(2tp+fp+fn)) and PQ/SQ/RQ averaged over classes as
 * panopticapi's pq_average does (Kirillov et al., "Panoptic Segmentation",
 * CVPR 2019, eq. 1-2), and the pair records merged by (a, b).
 * Every figure is checked by hand in tests/report/test_seg.c.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "tally/error.h"
#include "tally/labelmap.h"
#include "report/seg.h"
#include "util/alloc.h"

double tly_report__iou(uint64_t tp, uint64_t fp, uint64_t fn)
{
	double d = (double)tp + (double)fp + (double)fn;

	return d > 0 ? (double)tp / d : NAN;
}

double tly_report__dice(uint64_t tp, uint64_t fp, uint64_t fn)
{
	double d = 2.0 * (double)tp + (double)fp + (double)fn;

	return d > 0 ? 2.0 * (double)tp / d : NAN;
}

void tly_report__pq(double out[3], const tly_panoptic_counts *c)
{
	double tp = (double)c->tp, d = tp + 0.5 * (double)c->fp + 0.5 * (double)c->fn;

	if (!(d > 0)) {
		out[0] = out[1] = out[2] = NAN;
		return;
	}
	out[0] = c->iou_sum / d;
	out[1] = c->tp ? c->iou_sum / tp : 0.0;
	out[2] = tp / d;
}

/*
 * Group N rows (annotator and ref read at BASE + i * STRIDE + the offsets)
 * into R for N_GROUPS groups. tly_result_check has made the rows strictly
 * ascending by (annotator, ref, category) with annotator < n_annotators
 * and ref in {0, 1}, so a group is a run of rows already in category order.
 */
static int rows_build(tly_report__rows *r, size_t n_groups, const void *base, size_t n, size_t stride,
		      size_t off_annotator, size_t off_ref)
{
	const unsigned char *p = base;
	size_t i;

	r->start = tly_calloc(n_groups + 1, sizeof(size_t));
	r->order = tly_calloc(n ? n : 1, sizeof(size_t));
	if (!r->start || !r->order)
		return TLY_ENOMEM;
	for (i = 0; i < n; i++) {
		uint32_t a;
		tly_reference ref;

		memcpy(&a, p + i * stride + off_annotator, sizeof(a));
		memcpy(&ref, p + i * stride + off_ref, sizeof(ref));
		r->start[(size_t)a * 2 + (ref == TLY_REF_GOLD ? 1u : 0u) + 1]++;
		r->order[i] = i;
	}
	for (i = 0; i < n_groups; i++)
		r->start[i + 1] += r->start[i];
	return 0;
}

static void rows_clear(tly_report__rows *r)
{
	tly_free(r->start);
	tly_free(r->order);
	r->start = r->order = NULL;
}

static int by_class(const void *x, const void *y)
{
	const tly_report__class_pixels *a = x, *b = y;

	return (a->category > b->category) - (a->category < b->category);
}

/*
 * Class pixels and ignored pixels of consensus map M, appended to S's
 * list at *USED. SCRATCH (zero on entry and on return) sums a class's
 * pixels; a class enters the list when first seen, so a map costs its runs
 * plus a sort of its few classes, whatever the number of categories.
 */
static void map_classes(tly_report__seg *s, const tly_result *r, size_t m, uint64_t *scratch,
			size_t *used)
{
	const tly_labelmap *map = &r->cons_maps[m].map;
	size_t k, first = *used;

	s->ignored[m] = 0;
	for (k = 0; k < map->n; k++) {
		uint32_t v = map->value[k];

		if (v == TLY_LABEL_IGNORE) {
			s->ignored[m] += map->len[k];
			continue;
		}
		if (!scratch[v])
			s->classes[(*used)++].category = v;
		scratch[v] += map->len[k];
	}
	for (k = first; k < *used; k++) {
		uint32_t c = s->classes[k].category;

		s->classes[k].pixels = scratch[c];
		s->class_pixels[c] += scratch[c];
		scratch[c] = 0;
	}
	qsort(s->classes + first, *used - first, sizeof(*s->classes), by_class);
	s->class_start[m + 1] = *used;
}

/* A map lists a class at most once and only where it has a run: min(runs, categories) each. */
static int build_maps(tly_report__seg *s, const tly_dataset *ds, const tly_result *r)
{
	size_t m, cap = 0, used = 0, i;
	uint64_t *scratch;
	int error = 0;

	for (m = 0; m < r->n_cons_maps; m++)
		cap += r->cons_maps[m].map.n < ds->n_categories ? r->cons_maps[m].map.n : ds->n_categories;
	s->map_of = tly_calloc(ds->n_images ? ds->n_images : 1, sizeof(size_t));
	s->ignored = tly_calloc(r->n_cons_maps ? r->n_cons_maps : 1, sizeof(uint64_t));
	s->class_start = tly_calloc(r->n_cons_maps + 1, sizeof(size_t));
	s->classes = tly_calloc(cap ? cap : 1, sizeof(*s->classes));
	s->class_pixels = tly_calloc(ds->n_categories ? ds->n_categories : 1, sizeof(uint64_t));
	scratch = tly_calloc(ds->n_categories ? ds->n_categories : 1, sizeof(uint64_t));
	if (!s->map_of || !s->ignored || !s->class_start || !s->classes || !s->class_pixels || !scratch) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < ds->n_images; i++)
		s->map_of[i] = SIZE_MAX;
	for (m = 0; m < r->n_cons_maps; m++) {
		s->map_of[r->cons_maps[m].image] = m;
		map_classes(s, r, m, scratch, &used);
	}
out:
	tly_free(scratch);
	return error;
}

/* Sums in double: exact below 2^53 pixels, and no overflow however many annotators add up. */
static int class_ious(tly_report__seg *s, const tly_dataset *ds, const tly_result *r)
{
	double *sum = tly_calloc(ds->n_categories ? ds->n_categories : 1, 2 * sizeof(double));
	size_t c, i;

	if (!sum)
		return TLY_ENOMEM;
	for (i = 0; i < r->n_pixel_counts; i++) {
		const tly_pixel_counts *p = &r->pixel_counts[i];

		if (p->ref != TLY_REF_CONSENSUS)
			continue;
		sum[2 * p->category] += (double)p->tp;
		sum[2 * p->category + 1] += (double)p->tp + (double)p->fp + (double)p->fn;
	}
	for (c = 0; c < ds->n_categories; c++)
		s->class_iou[c] = sum[2 * c + 1] > 0 ? sum[2 * c] / sum[2 * c + 1] : NAN;
	tly_free(sum);
	return 0;
}

/* Pixel accuracy and the mean IoU / Dice of group G. */
static void semantic_audit(tly_report__seg_audit *a, const tly_report__seg *s, const tly_result *r,
			   size_t g)
{
	double iou = 0.0, dice = 0.0;
	size_t j, n = 0;

	for (j = s->pixel_rows.start[g]; j < s->pixel_rows.start[g + 1]; j++) {
		const tly_pixel_counts *p = &r->pixel_counts[s->pixel_rows.order[j]];

		a->semantic = 1;
		if (!p->tp && !p->fp && !p->fn)
			continue;
		iou += tly_report__iou(p->tp, p->fp, p->fn);
		dice += tly_report__dice(p->tp, p->fp, p->fn);
		n++;
	}
	a->mean_iou = n ? iou / (double)n : NAN;
	a->mean_dice = n ? dice / (double)n : NAN;
	a->pixel_accuracy = a->total ? (double)a->correct / (double)a->total : NAN;
}

/* PQ, SQ, RQ over all classes of group G, and PQ over its things and its stuff. */
static void panoptic_audit(tly_report__seg_audit *a, const tly_report__seg *s, const tly_dataset *ds,
			   const tly_result *r, size_t g)
{
	double sum[3] = {0.0, 0.0, 0.0}, things = 0.0, stuff = 0.0, f[3];
	size_t j, n = 0, n_things = 0, n_stuff = 0;

	for (j = s->pq_rows.start[g]; j < s->pq_rows.start[g + 1]; j++) {
		const tly_panoptic_counts *p = &r->panoptic[s->pq_rows.order[j]];
		int isthing = ds->category_info ? ds->category_info[p->category].isthing : -1;

		a->panoptic = 1;
		tly_report__pq(f, p);
		if (!isfinite(f[0]))
			continue; /* tp + fp + fn = 0: not counted, as in pq_average */
		sum[0] += f[0];
		sum[1] += f[1];
		sum[2] += f[2];
		n++;
		if (isthing == 1) {
			things += f[0];
			n_things++;
		} else if (isthing == 0) {
			stuff += f[0];
			n_stuff++;
		}
	}
	a->pq = n ? sum[0] / (double)n : NAN;
	a->sq = n ? sum[1] / (double)n : NAN;
	a->rq = n ? sum[2] / (double)n : NAN;
	a->pq_things = n_things ? things / (double)n_things : NAN;
	a->pq_stuff = n_stuff ? stuff / (double)n_stuff : NAN;
}

static void audits(tly_report__seg *s, const tly_dataset *ds, const tly_result *r)
{
	size_t i, g;

	for (i = 0; i < r->n_pixel_audits; i++) {
		const tly_pixel_audit *p = &r->pixel_audits[i];
		tly_report__seg_audit *a = &s->audit[(size_t)p->annotator * 2 + (p->ref == TLY_REF_GOLD)];

		/* The check allows one row per (annotator, ref). */
		a->semantic = 1;
		a->images = p->images;
		a->correct = p->correct;
		a->total = p->total;
	}
	for (g = 0; g < ds->n_annotators * 2; g++) {
		semantic_audit(&s->audit[g], s, r, g);
		panoptic_audit(&s->audit[g], s, ds, r, g);
	}
}

/* Pair I of pairs before (-1), with (0) or after (1) map pair J, by (a, b). */
static int cmp_pairs(const tly_result *r, size_t i, size_t j)
{
	const tly_pair_stats *p = &r->pairs[i];
	const tly_map_pair *q = &r->map_pairs[j];

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

/*
 * Merge pairs and map_pairs by (a, b). Both are strictly ascending by
 * (a, b): tly_result_check requires it of map_pairs, and the run writes
 * pairs so (result.h); a pairs array out of order only splits a pair's
 * record in two, never reads outside an array.
 */
static int pair_rows(tly_report__seg *s, const tly_result *r)
{
	size_t i = 0, j = 0, n = 0;

	s->pair_rows = tly_calloc(r->n_pairs + r->n_map_pairs + 1, sizeof(*s->pair_rows));
	if (!s->pair_rows)
		return TLY_ENOMEM;
	while (i < r->n_pairs || j < r->n_map_pairs) {
		int c = i == r->n_pairs ? 1 : j == r->n_map_pairs ? -1 : cmp_pairs(r, i, j);
		tly_report__pair_row *row = &s->pair_rows[n++];

		row->pair = row->map_pair = SIZE_MAX;
		if (c <= 0) {
			row->a = r->pairs[i].a;
			row->b = r->pairs[i].b;
			row->pair = i++;
		}
		if (c >= 0) {
			row->a = r->map_pairs[j].a;
			row->b = r->map_pairs[j].b;
			row->map_pair = j++;
		}
	}
	s->n_pair_rows = n;
	return 0;
}

double tly_report__agreement_maps(const tly_image_stats *s)
{
	return s->voters_maps >= 2 ? s->agreement_maps : NAN;
}

static double mean_agreement_maps(const tly_result *r)
{
	double sum = 0.0, a;
	size_t i, n = 0;

	for (i = 0; i < r->n_images; i++) {
		if (!isfinite(a = tly_report__agreement_maps(&r->images[i])))
			continue;
		sum += a;
		n++;
	}
	return n ? sum / (double)n : NAN;
}

static void map_voters(tly_report__seg *s, const tly_dataset *ds, const tly_result *r)
{
	size_t i;

	for (i = 0; i < ds->n_annotators; i++)
		s->map_voter[i] = s->audit[i * 2].semantic || s->audit[i * 2].panoptic;
	for (i = 0; i < r->n_map_pairs; i++)
		s->map_voter[r->map_pairs[i].a] = s->map_voter[r->map_pairs[i].b] = 1;
}

int tly_report__seg_init(tly_report__seg *s, const tly_dataset *ds, const tly_result *r)
{
	size_t groups = ds->n_annotators * 2;
	int error;

	memset(s, 0, sizeof(*s));
	s->any = r->n_cons_maps || r->n_pixel_counts || r->n_pixel_audits || r->n_map_pairs ||
		 r->n_panoptic;
	s->class_iou = tly_calloc(ds->n_categories ? ds->n_categories : 1, sizeof(double));
	s->audit = tly_calloc(groups ? groups : 1, sizeof(*s->audit));
	s->map_voter = tly_calloc(ds->n_annotators ? ds->n_annotators : 1, 1);
	if (!s->class_iou || !s->audit || !s->map_voter) {
		error = TLY_ENOMEM;
		goto out;
	}
	if ((error = build_maps(s, ds, r)) < 0 ||
	    (error = rows_build(&s->pixel_rows, groups, r->pixel_counts, r->n_pixel_counts,
				sizeof(tly_pixel_counts), offsetof(tly_pixel_counts, annotator),
				offsetof(tly_pixel_counts, ref))) < 0 ||
	    (error = rows_build(&s->pq_rows, groups, r->panoptic, r->n_panoptic,
				sizeof(tly_panoptic_counts), offsetof(tly_panoptic_counts, annotator),
				offsetof(tly_panoptic_counts, ref))) < 0 ||
	    (error = pair_rows(s, r)) < 0 || (error = class_ious(s, ds, r)) < 0)
		goto out;
	audits(s, ds, r);
	map_voters(s, ds, r);
	s->mean_agreement_maps = mean_agreement_maps(r);
out:
	if (error)
		tly_report__seg_clear(s);
	return error;
}

void tly_report__seg_clear(tly_report__seg *s)
{
	tly_free(s->map_of);
	tly_free(s->ignored);
	tly_free(s->class_start);
	tly_free(s->classes);
	tly_free(s->class_pixels);
	tly_free(s->class_iou);
	rows_clear(&s->pixel_rows);
	rows_clear(&s->pq_rows);
	tly_free(s->audit);
	tly_free(s->pair_rows);
	tly_free(s->map_voter);
	memset(s, 0, sizeof(*s));
}
