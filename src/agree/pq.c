/*
 * Panoptic quality (Kirillov et al., "Panoptic Segmentation", CVPR 2019,
 * eq. 1-3) counted exactly as the COCO panoptic evaluation does it
 * (panopticapi evaluation.py: pq_compute_single_core and pq_average): the
 * rules are listed at tly_panoptic_pq in tally/panoptic.h. Checked by
 * tests/agree/test_pq.c on a pair worked by hand.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agree/panoptic.h"
#include "tally/error.h"
#include "util/alloc.h"

/* Pixels shared by gt segment (key >> 32) and predicted segment (key & 0xffffffff). */
typedef struct {
	uint64_t key;
	uint64_t count;
} cell;

static int cmp_cell(const void *pa, const void *pb)
{
	const cell *a = pa, *b = pb;

	return (a->key > b->key) - (a->key < b->key);
}

/* Per segment figures of one side; index = segment id (0 = void). */
typedef struct {
	uint64_t *area;
	uint8_t *matched;
} side;

static int check_side(const tly_panoptic *p, size_t n_categories, const char **why)
{
	size_t i;

	if (p->n_segments >= UINT32_MAX) {
		*why = "too many segments";
		return TLY_EARG;
	}
	for (i = 0; i < p->n_segments; i++) {
		if (p->segments[i].id != i + 1) {
			*why = "segments are not listed by id 1, 2, ...";
			return TLY_EARG;
		}
		if (p->segments[i].category >= n_categories) {
			*why = "a segment's category is not a category";
			return TLY_EARG;
		}
	}
	return 0;
}

/*
 * The intersection table: one cell per (gt id, pred id) pair that shares a
 * pixel, sorted by key. Built from runs of equal pairs along the rows, so
 * its memory follows the segments' boundaries rather than the pixel count.
 */
static int table(cell **out, size_t *n_out, const tly_panoptic *pred, const tly_panoptic *gt,
		 const char **why)
{
	size_t npix = (size_t)gt->w * gt->h, p, n = 0, cap = 0, i, k;
	cell *c = NULL;
	int error = 0;

	*out = NULL;
	*n_out = 0;
	for (p = 0; p < npix; p++) {
		uint32_t g = gt->ids[p], d = pred->ids[p];
		uint64_t key = (uint64_t)g << 32 | d;

		if (g > gt->n_segments || d > pred->n_segments) {
			*why = "a pixel's id is not a segment";
			error = TLY_EARG;
			goto out;
		}
		if (n && c[n - 1].key == key) {
			c[n - 1].count++;
			continue;
		}
		if (n == cap) {
			size_t nc = cap ? 2 * cap : 64;
			cell *g2 = tly_reallocarray(c, nc, sizeof(*c));

			if (!g2) {
				error = TLY_ENOMEM;
				goto out;
			}
			c = g2;
			cap = nc;
		}
		c[n].key = key;
		c[n++].count = 1;
	}
	if (n > 1)
		qsort(c, n, sizeof(*c), cmp_cell);
	for (i = 0, k = 0; i < n; i++) {
		if (k && c[k - 1].key == c[i].key)
			c[k - 1].count += c[i].count;
		else
			c[k++] = c[i];
	}
	*out = c;
	*n_out = k;
	c = NULL;
out:
	tly_free(c);
	return error;
}

static int side_init(side *s, size_t n_segments)
{
	s->area = tly_calloc(n_segments + 1, sizeof(*s->area));
	s->matched = tly_calloc(n_segments + 1, sizeof(*s->matched));
	return s->area && s->matched ? 0 : TLY_ENOMEM;
}

static void side_clear(side *s)
{
	tly_free(s->area);
	tly_free(s->matched);
}

static uint32_t gt_of(const cell *c)
{
	return (uint32_t)(c->key >> 32);
}

static uint32_t pred_of(const cell *c)
{
	return (uint32_t)(c->key & 0xffffffffu);
}

/*
 * Match and count (all checks done: nothing here can fail). Cells with
 * gt id 0 give each prediction's void pixels, in VOID[pred id].
 */
static void count(tly_pq_stat *out, const tly_panoptic *pred, const tly_panoptic *gt, const cell *c,
		  size_t n, side *ps, side *gs, uint64_t *void_px, uint64_t *crowd_px)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ps->area[pred_of(&c[i])] += c[i].count;
		gs->area[gt_of(&c[i])] += c[i].count;
		if (gt_of(&c[i]) == 0)
			void_px[pred_of(&c[i])] += c[i].count;
	}
	for (i = 0; i < n; i++) {
		uint32_t g = gt_of(&c[i]), p = pred_of(&c[i]);
		const tly_panoptic_segment *sg, *sp;
		uint64_t inter = c[i].count, uni;

		if (g == 0 || p == 0)
			continue;
		sg = &gt->segments[g - 1];
		sp = &pred->segments[p - 1];
		if (sg->category != sp->category)
			continue;
		if (sg->iscrowd) {
			/* a prediction's pixels in a crowd region of its category are excused */
			crowd_px[p] += inter;
			continue;
		}
		/* the prediction's pixels that the ground truth leaves void are not held against it */
		uni = ps->area[p] + gs->area[g] - inter - void_px[p];
		/* IoU > 0.5 in integers: exactly 0.5 is not a match */
		if (2 * inter > uni) {
			out[sg->category].tp++;
			out[sg->category].iou_sum += (double)inter / (double)uni;
			gs->matched[g] = 1;
			ps->matched[p] = 1;
		}
	}
	for (i = 1; i <= gt->n_segments; i++)
		if (gs->area[i] && !gs->matched[i] && !gt->segments[i - 1].iscrowd)
			out[gt->segments[i - 1].category].fn++;
	for (i = 1; i <= pred->n_segments; i++) {
		uint64_t excused = void_px[i] + crowd_px[i];

		if (ps->area[i] && !ps->matched[i] && !(2 * excused > ps->area[i]))
			out[pred->segments[i - 1].category].fp++;
	}
}

int tly_panoptic__pq(tly_pq_stat *out, size_t n_categories, const tly_panoptic *pred,
		     const tly_panoptic *gt, const char **why)
{
	side ps = {NULL, NULL}, gs = {NULL, NULL};
	uint64_t *void_px = NULL, *crowd_px = NULL;
	cell *c = NULL;
	size_t n = 0;
	int error = 0;

	if (!out || !pred || !gt || !pred->ids || !gt->ids) {
		*why = "NULL argument";
		return TLY_EARG;
	}
	if (pred->w != gt->w || pred->h != gt->h) {
		*why = "the two segmentations differ in size";
		return TLY_EARG;
	}
	if ((error = check_side(pred, n_categories, why)) < 0 ||
	    (error = check_side(gt, n_categories, why)) < 0 || (error = table(&c, &n, pred, gt, why)) < 0)
		goto out;
	if (side_init(&ps, pred->n_segments) < 0 || side_init(&gs, gt->n_segments) < 0 ||
	    !(void_px = tly_calloc(pred->n_segments + 1, sizeof(*void_px))) ||
	    !(crowd_px = tly_calloc(pred->n_segments + 1, sizeof(*crowd_px)))) {
		error = TLY_ENOMEM;
		goto out;
	}
	count(out, pred, gt, c, n, &ps, &gs, void_px, crowd_px);
out:
	if (error == TLY_ENOMEM)
		*why = "out of memory";
	side_clear(&ps);
	side_clear(&gs);
	tly_free(void_px);
	tly_free(crowd_px);
	tly_free(c);
	return error;
}

int tly_panoptic_pq(tly_pq_stat *out, size_t n_categories, const tly_panoptic *pred, const tly_panoptic *gt)
{
	const char *why = NULL;
	int error = tly_panoptic__pq(out, n_categories, pred, gt, &why);

	if (error < 0)
		error = tly_error_set(error, "panoptic pq: %s", why ? why : "failed");
	return error;
}

tly_pq tly_pq_class(const tly_pq_stat *s)
{
	tly_pq q;
	double den = (double)s->tp + 0.5 * (double)s->fp + 0.5 * (double)s->fn;

	if (s->tp + s->fp + s->fn == 0) {
		q.pq = q.sq = q.rq = NAN;
		q.n = 0;
		return q;
	}
	q.pq = s->iou_sum / den;
	/* panopticapi: sq_class = iou / tp if tp != 0 else 0, and it enters the mean */
	q.sq = s->tp ? s->iou_sum / (double)s->tp : 0.0;
	q.rq = (double)s->tp / den;
	q.n = 1;
	return q;
}

static void add_class(tly_pq *sum, const tly_pq *c)
{
	sum->pq += c->pq;
	sum->sq += c->sq;
	sum->rq += c->rq;
	sum->n++;
}

static void finish(tly_pq *q)
{
	if (q->n == 0) {
		q->pq = q->sq = q->rq = NAN;
		return;
	}
	q->pq /= q->n;
	q->sq /= q->n;
	q->rq /= q->n;
}

void tly_pq_summary(tly_pq *all, tly_pq *things, tly_pq *stuff, const tly_dataset *ds,
		    const tly_result *r, uint32_t annotator, tly_reference ref)
{
	tly_pq a, t, s;
	size_t i;

	memset(&a, 0, sizeof(a));
	memset(&t, 0, sizeof(t));
	memset(&s, 0, sizeof(s));
	for (i = 0; r && i < r->n_panoptic; i++) {
		const tly_panoptic_counts *row = &r->panoptic[i];
		tly_pq_stat st;
		tly_pq c;
		int thing;

		if (row->annotator != annotator || row->ref != ref)
			continue;
		st.tp = row->tp;
		st.fp = row->fp;
		st.fn = row->fn;
		st.iou_sum = row->iou_sum;
		c = tly_pq_class(&st);
		if (c.n == 0)
			continue;
		thing = ds && ds->category_info && row->category < ds->n_categories &&
			ds->category_info[row->category].isthing == 1;
		add_class(&a, &c);
		add_class(thing ? &t : &s, &c);
	}
	finish(&a);
	finish(&t);
	finish(&s);
	if (all)
		*all = a;
	if (things)
		*things = t;
	if (stuff)
		*stuff = s;
}
