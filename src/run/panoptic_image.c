/*
 * The panoptic audit of one image. Each annotator with a non-gold panoptic
 * label map has a segmentation (their map's stuff + their thing objects,
 * tly_panoptic_of_annotator's rules) scored with tly_panoptic_pq against
 *  - the leave-one-out consensus: the per-pixel vote of the other non-gold
 *    maps (tly_vote_pixels with the annotator's map skipped, as the
 *    semantic audit does) assembled with the thing consensus of the other
 *    objects voters (tly_panoptic__loo_things), by tly_panoptic_assemble's
 *    rules; skipped when no other map exists;
 *  - the gold panoptic segmentation: the gold panoptic map of the lowest
 *    annotator index on the image, with that annotator's gold objects.
 * Checked by tests/run/test_panoptic_run.c.
 */
#include <string.h>

#include "run/panoptic.h"
#include "tally/labelmap.h"
#include "tally/vote.h"
#include "util/alloc.h"

void tly_run__panoptic_space_clear(tly_run__panoptic_space *sp)
{
	if (!sp)
		return;
	tly_free(sp->px);
	tly_free(sp->maps);
	tly_free(sp->scratch);
	tly_free(sp->loo);
	tly_free(sp->gold);
	tly_free(sp->own);
	tly_free(sp->stat);
	tly_panoptic__loo_clear(&sp->things);
	memset(sp, 0, sizeof(*sp));
}

/* Grow *p (capacity *cap elements of SIZE) to hold NEED; 0 or TLY_ENOMEM. */
static int reserve(void **p, size_t *cap, size_t need, size_t size)
{
	void *q;

	if (need <= *cap)
		return 0;
	if (!(q = tly_reallocarray(*p, need, size)))
		return TLY_ENOMEM;
	*p = q;
	*cap = need;
	return 0;
}

/* Room for K maps of NPIX pixels. */
static int make_room(tly_run__panoptic_space *sp, size_t k, size_t npix)
{
	size_t all, k2, one = npix ? npix : 1;

	if (__builtin_mul_overflow(k, one, &all) || __builtin_mul_overflow(k, (size_t)2, &k2))
		return TLY_ELIMIT;
	if (reserve((void **)&sp->px, &sp->cap_px, all, sizeof(*sp->px)) < 0 ||
	    reserve((void **)&sp->loo, &sp->cap_loo, one, sizeof(*sp->loo)) < 0 ||
	    reserve((void **)&sp->gold, &sp->cap_gold, one, sizeof(*sp->gold)) < 0 ||
	    reserve((void **)&sp->maps, &sp->cap_maps, k, sizeof(*sp->maps)) < 0 ||
	    reserve((void **)&sp->scratch, &sp->cap_scratch, k2, sizeof(*sp->scratch)) < 0)
		return TLY_ENOMEM;
	return 0;
}

/* Append a row per category that STAT counts for (ANNOTATOR, REF), and zero STAT. */
static int emit(tly_run__panoptic_slot *slot, tly_pq_stat *stat, size_t n_categories, uint32_t annotator,
		tly_reference ref)
{
	size_t c;

	for (c = 0; c < n_categories; c++) {
		tly_panoptic_counts *row;

		if (stat[c].tp + stat[c].fp + stat[c].fn == 0)
			continue;
		if (slot->n == slot->cap) {
			size_t nc = slot->cap ? 2 * slot->cap : 8;
			tly_panoptic_counts *g = tly_reallocarray(slot->rows, nc, sizeof(*slot->rows));

			if (!g)
				return TLY_ENOMEM;
			slot->rows = g;
			slot->cap = nc;
		}
		row = &slot->rows[slot->n++];
		memset(row, 0, sizeof(*row));
		row->annotator = annotator;
		row->ref = ref;
		row->category = (uint32_t)c;
		row->tp = stat[c].tp;
		row->fp = stat[c].fp;
		row->fn = stat[c].fn;
		row->iou_sum = stat[c].iou_sum;
		memset(&stat[c], 0, sizeof(stat[c]));
	}
	return 0;
}

/* The segmentation of map PX with the objects of ANNOTATOR (gold flag GOLD) on IM. */
static int own(tly_panoptic *out, tly_run__panoptic_space *sp, const tly_dataset *ds, const tly_image *im,
	       const uint32_t *px, uint32_t w, uint32_t h, uint32_t annotator, int gold, const char **why)
{
	size_t n = 0;
	int error;

	if ((error = tly_panoptic__own_things(&sp->own, &sp->cap_own, &n, im, annotator, gold, why)) < 0)
		return error;
	return tly_panoptic__build(out, px, w, h, ds->category_info, ds->n_categories, sp->own, n, why);
}

/* The leave-one-out reference of voter map J (annotator A) of K. */
static int loo_reference(tly_panoptic *out, tly_run__panoptic_space *sp, const tly_agree_context *ctx,
			 const tly_dataset *ds, const tly_image *im, size_t k, size_t j, uint32_t a,
			 uint32_t w, uint32_t h, const char **why)
{
	int error;

	tly_vote_pixels(sp->loo, NULL, NULL, sp->maps, k, j, (size_t)w * h, sp->scratch);
	if ((error = tly_panoptic__loo_things(&sp->things, ctx, im, a, why)) < 0)
		return error;
	return tly_panoptic__build(out, sp->loo, w, h, ds->category_info, ds->n_categories,
				   sp->things.things, sp->things.n_things, why);
}

/* Decode the image's maps into SP: non-gold ones to sp->px (their indices in VOTER), gold one to sp->gold. */
static int decode_maps(tly_run__panoptic_space *sp, const tly_image *im, size_t *voter, long gold,
		       size_t npix, const char **why)
{
	size_t i, j = 0;

	for (i = 0; i < im->n_maps; i++) {
		uint32_t *dst;

		if (im->maps[i].gold && (long)i != gold)
			continue;
		dst = im->maps[i].gold ? sp->gold : sp->px + j * npix;
		if (tly_labelmap_decode(dst, npix, &im->maps[i].map) < 0) {
			*why = "a label map's runs do not cover its pixels";
			return TLY_EARG;
		}
		if (!im->maps[i].gold) {
			sp->maps[j] = dst;
			voter[j++] = i;
		}
	}
	return 0;
}

/* Which maps the image has: K non-gold ones (any panoptic?), the gold panoptic one; their common size. */
static int survey(const tly_image *im, size_t *k, int *any, long *gold, uint32_t *w, uint32_t *h,
		  const char **why)
{
	size_t i;
	int sized = 0;

	*k = 0;
	*any = 0;
	*gold = -1;
	for (i = 0; i < im->n_maps; i++) {
		const tly_map_submission *m = &im->maps[i];

		if (m->gold) {
			if (!m->panoptic || (*gold >= 0 && m->annotator >= im->maps[*gold].annotator))
				continue;
			*gold = (long)i;
		} else {
			(*k)++;
			*any |= m->panoptic;
		}
		if (sized && (m->map.w != *w || m->map.h != *h)) {
			*why = "label maps of different sizes";
			return TLY_EARG;
		}
		*w = m->map.w;
		*h = m->map.h;
		sized = 1;
	}
	return 0;
}

int tly_run__panoptic_image(tly_run__panoptic_slot *slot, tly_run__panoptic_space *sp,
			    const tly_agree_context *ctx, const tly_dataset *ds, uint32_t image)
{
	const tly_image *im = &ds->images[image];
	tly_panoptic pred, ref, gseg;
	size_t *voter = NULL, k, j, npix;
	uint32_t w = 0, h = 0;
	long gold;
	int any, error = 0;

	memset(&pred, 0, sizeof(pred));
	memset(&ref, 0, sizeof(ref));
	memset(&gseg, 0, sizeof(gseg));
	if ((error = survey(im, &k, &any, &gold, &w, &h, &slot->why)) < 0 || !any)
		goto out;
	npix = (size_t)w * h;
	if ((error = make_room(sp, k, npix)) < 0 || !(voter = tly_calloc(k, sizeof(*voter)))) {
		error = error < 0 ? error : TLY_ENOMEM;
		slot->why = error == TLY_ENOMEM ? "out of memory" : "label maps too large";
		goto out;
	}
	if ((error = decode_maps(sp, im, voter, gold, npix, &slot->why)) < 0)
		goto out;
	if (gold >= 0 && (error = own(&gseg, sp, ds, im, sp->gold, w, h, im->maps[gold].annotator, 1,
				      &slot->why)) < 0)
		goto out;
	for (j = 0; j < k; j++) {
		const tly_map_submission *m = &im->maps[voter[j]];

		if (!m->panoptic)
			continue; /* a semantic map votes on pixels but has no instances to score */
		if ((error = own(&pred, sp, ds, im, sp->maps[j], w, h, m->annotator, 0, &slot->why)) < 0)
			goto out;
		if (k >= 2) {
			if ((error = loo_reference(&ref, sp, ctx, ds, im, k, j, m->annotator, w, h, &slot->why)) < 0 ||
			    (error = tly_panoptic__pq(sp->stat, ds->n_categories, &pred, &ref, &slot->why)) < 0 ||
			    (error = emit(slot, sp->stat, ds->n_categories, m->annotator, TLY_REF_CONSENSUS)) < 0)
				goto out;
			tly_panoptic_clear(&ref);
		}
		if (gold >= 0 &&
		    ((error = tly_panoptic__pq(sp->stat, ds->n_categories, &pred, &gseg, &slot->why)) < 0 ||
		     (error = emit(slot, sp->stat, ds->n_categories, m->annotator, TLY_REF_GOLD)) < 0))
			goto out;
		tly_panoptic_clear(&pred);
	}
out:
	if (error == TLY_ENOMEM)
		slot->why = "out of memory";
	tly_free(voter);
	tly_panoptic_clear(&pred);
	tly_panoptic_clear(&ref);
	tly_panoptic_clear(&gseg);
	return error;
}
