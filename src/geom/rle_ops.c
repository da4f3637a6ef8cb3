/*
 * Operations on COCO masks that walk their runs in step, never decoding to
 * pixels: IoU with COCO's iscrowd rule (pycocotools' rleIou: for a crowd
 * ground truth the denominator is the detection's area) and the k-way
 * union / intersection / majority merge. Hand-drawn cases in tests/geom/test_rle_ops.c.
 */
#include <string.h>

#include "geom/rle.h"
#include "tally/error.h"
#include "util/alloc.h"

/* A reader of one mask's runs: the current run's value and pixels left in it. */
typedef struct {
	const uint32_t *counts;
	size_t m, i;
	int64_t left;
	int on, done;
} cursor;

/* Move past empty runs (a leading empty run of 0s, or any a caller built). */
static void settle(cursor *c)
{
	while (c->left == 0) {
		if (c->i + 1 >= c->m) {
			c->done = 1;
			return;
		}
		c->i++;
		c->left = c->counts[c->i];
		c->on = (int)(c->i & 1);
	}
}

static void start(cursor *c, const tly_rle *r)
{
	c->counts = r->counts;
	c->m = r->m;
	c->i = 0;
	c->left = r->m ? r->counts[0] : 0;
	c->on = 0;
	c->done = r->m == 0;
	if (!c->done)
		settle(c);
}

static void advance(cursor *c, int64_t step)
{
	c->left -= step;
	settle(c);
}

int tly_rle_iou(double *out, const tly_rle *dt, const tly_rle *gt, int gt_crowd)
{
	cursor a, b;
	int64_t inter = 0, uni = 0, denom;

	*out = 0.0;
	if (dt->h != gt->h || dt->w != gt->w)
		return tly_error_set(TLY_EARG, "rle iou: masks of %ux%u and %ux%u pixels", dt->h, dt->w,
				     gt->h, gt->w);
	start(&a, dt);
	start(&b, gt);
	while (!a.done && !b.done) {
		int64_t step = a.left < b.left ? a.left : b.left;

		if (a.on || b.on)
			uni += step;
		if (a.on && b.on)
			inter += step;
		advance(&a, step);
		advance(&b, step);
	}
	/* A crowd region may hide many objects: the part of the detection
	 * outside it is not held against the detection (COCO's rule). */
	denom = gt_crowd ? tly_rle_area(dt) : uni;
	if (inter > 0 && denom > 0)
		*out = (double)inter / (double)denom;
	return 0;
}

static int check_merge(const tly_rle *rles, size_t k, tly_rle_merge_op op, size_t *runs)
{
	size_t i;

	if (k == 0)
		return tly_error_set(TLY_EARG, "rle merge: no masks");
	if (op != TLY_RLE_UNION && op != TLY_RLE_INTERSECTION && op != TLY_RLE_MAJORITY)
		return tly_error_set(TLY_EARG, "rle merge: unknown operation %d", (int)op);
	/* Every output boundary is a boundary of some input: their runs bound ours. */
	*runs = 1;
	for (i = 0; i < k; i++) {
		if (rles[i].h != rles[0].h || rles[i].w != rles[0].w)
			return tly_error_set(TLY_EARG, "rle merge: mask %zu is %ux%u, mask 0 is %ux%u", i,
					     rles[i].h, rles[i].w, rles[0].h, rles[0].w);
		if (tly_add_size(runs, *runs, rles[i].m) < 0)
			return TLY_ELIMIT;
	}
	return 0;
}

static int covered(size_t on, size_t k, tly_rle_merge_op op)
{
	switch (op) {
	case TLY_RLE_UNION:
		return on > 0;
	case TLY_RLE_INTERSECTION:
		return on == k;
	case TLY_RLE_MAJORITY:
		/* Strictly more than half: a 2-2 split of four masks is out. */
		return on > k - on;
	}
	return 0;
}

/* Walk all K cursors in step, writing the merged runs to COUNTS and their number to *M. */
static int walk(size_t *m, uint32_t *counts, cursor *cur, size_t k, tly_rle_merge_op op)
{
	int64_t run = 0;
	size_t i, n = 0;
	int prev = 0;

	for (;;) {
		int64_t step = INT64_MAX;
		size_t on = 0;
		int v;

		for (i = 0; i < k; i++) {
			if (cur[i].done)
				goto end;
			step = cur[i].left < step ? cur[i].left : step;
			on += (size_t)cur[i].on;
		}
		v = covered(on, k, op);
		if (v != prev) {
			counts[n++] = (uint32_t)run;
			run = 0;
			prev = v;
		}
		run += step;
		if (run > UINT32_MAX)
			return tly_error_set(TLY_ELIMIT, "rle merge: a run longer than 2^32 - 1 pixels");
		for (i = 0; i < k; i++)
			advance(&cur[i], step);
	}
end:
	counts[n++] = (uint32_t)run;
	*m = n;
	return 0;
}

int tly_rle_merge(tly_rle *out, const tly_rle *rles, size_t k, tly_rle_merge_op op)
{
	cursor *cur = NULL;
	uint32_t *counts = NULL;
	size_t i, runs, m = 0;
	int error = 0;

	tly_rle_init(out);
	if ((error = check_merge(rles, k, op, &runs)) < 0)
		goto out;
	if ((error = tly_rle__alloc_runs(&counts, runs, "rle merge")) < 0)
		goto out;
	if (k == 1) {
		/* One mask is its own union, intersection and majority: keep its
		 * runs as they are, as pycocotools does. */
		if (rles[0].m)
			memcpy(counts, rles[0].counts, rles[0].m * sizeof(*counts));
		m = rles[0].m;
	} else {
		if (!(cur = tly_reallocarray(NULL, k, sizeof(*cur)))) {
			error = TLY_ENOMEM;
			goto out;
		}
		for (i = 0; i < k; i++)
			start(&cur[i], &rles[i]);
		if ((error = walk(&m, counts, cur, k, op)) < 0)
			goto out;
	}
	out->h = rles[0].h;
	out->w = rles[0].w;
	out->m = m;
	out->counts = counts;
	counts = NULL;
out:
	tly_free(cur);
	tly_free(counts);
	return error;
}

/*
 * The patterns of K <= TLY_RLE_MAX_PATTERN_MASKS masks walked in step: at
 * each stretch where no mask changes, bit j of the pattern is mask j's
 * value. Pixel-model estimators (STAPLE) need only the pixel count of each
 * pattern, and then which patterns to keep: both come from these two walks,
 * without a pixel array.
 */
static int start_all(cursor **cur, const tly_rle *rles, size_t k, const char *what)
{
	size_t i;

	*cur = NULL;
	if (k == 0 || k > TLY_RLE_MAX_PATTERN_MASKS)
		return tly_error_set(TLY_EARG, "%s: %zu masks (1 to %d)", what, k, TLY_RLE_MAX_PATTERN_MASKS);
	for (i = 1; i < k; i++)
		if (rles[i].h != rles[0].h || rles[i].w != rles[0].w)
			return tly_error_set(TLY_EARG, "%s: mask %zu is %ux%u, mask 0 is %ux%u", what, i,
					     rles[i].h, rles[i].w, rles[0].h, rles[0].w);
	if (!(*cur = tly_reallocarray(NULL, k, sizeof(**cur))))
		return TLY_ENOMEM;
	for (i = 0; i < k; i++)
		start(&(*cur)[i], &rles[i]);
	return 0;
}

/* The next stretch: its pattern and length; 0 when the masks are done. */
static int64_t next_stretch(uint32_t *pattern, cursor *cur, size_t k)
{
	int64_t step = INT64_MAX;
	uint32_t p = 0;
	size_t i;

	for (i = 0; i < k; i++) {
		if (cur[i].done)
			return 0;
		step = cur[i].left < step ? cur[i].left : step;
		p |= (uint32_t)cur[i].on << i;
	}
	for (i = 0; i < k; i++)
		advance(&cur[i], step);
	*pattern = p;
	return step;
}

int tly_rle_pattern_counts(uint64_t *counts, const tly_rle *rles, size_t k)
{
	cursor *cur = NULL;
	uint32_t p;
	int64_t step;
	int error;

	if ((error = start_all(&cur, rles, k, "rle patterns")) < 0)
		return error;
	memset(counts, 0, ((size_t)1 << k) * sizeof(*counts));
	while ((step = next_stretch(&p, cur, k)) > 0)
		counts[p] += (uint64_t)step;
	tly_free(cur);
	return 0;
}

int tly_rle_select(tly_rle *out, const tly_rle *rles, size_t k, const uint8_t *keep)
{
	cursor *cur = NULL;
	uint32_t *counts = NULL, p;
	size_t i, runs = 1, m = 0;
	int64_t step, run = 0;
	int prev = 0, error;

	tly_rle_init(out);
	if ((error = start_all(&cur, rles, k, "rle select")) < 0)
		return error;
	for (i = 0; i < k; i++)
		if (tly_add_size(&runs, runs, rles[i].m) < 0) {
			error = TLY_ELIMIT;
			goto out;
		}
	if ((error = tly_rle__alloc_runs(&counts, runs, "rle select")) < 0)
		goto out;
	while ((step = next_stretch(&p, cur, k)) > 0) {
		int v = keep[p] != 0;

		if (v != prev) {
			counts[m++] = (uint32_t)run;
			run = 0;
			prev = v;
		}
		run += step;
		if (run > UINT32_MAX) {
			error = tly_error_set(TLY_ELIMIT, "rle select: a run longer than 2^32 - 1 pixels");
			goto out;
		}
	}
	counts[m++] = (uint32_t)run;
	out->h = rles[0].h;
	out->w = rles[0].w;
	out->m = m;
	out->counts = counts;
	counts = NULL;
out:
	tly_free(cur);
	tly_free(counts);
	return error;
}
