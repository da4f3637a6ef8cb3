/*
 * The panoptic audit of one image. Each annotator with a non-gold panoptic
 * label map has a segmentation (their map's stuff + their thing objects,
 * tly_panoptic_of_annotator's rules) scored with tly_panoptic_pq against
 *  - the leave-one-out consensus: the semantic vote of the other non-gold
 *    maps (tly_semantic_consensus leaving the annotator out: the same
 *    reference as the pixel audit) assembled with the thing consensus of
 *    the other objects voters (tly_panoptic__loo_things), by
 *    tly_panoptic_assemble's rules; skipped when no other map voted;
 *  - the gold panoptic segmentation: the gold panoptic map of the lowest
 *    annotator index, with that annotator's gold objects.
 * Maps follow the size rule of tally/semantic.h (another size is left out).
 * Checked by tests/run/test_panoptic_run.c.
 */
#include <string.h>

#include "run/panoptic.h"
#include "tally/labelmap.h"
#include "util/alloc.h"

int tly_run__panoptic_space_init(tly_run__panoptic_space *sp, size_t n_categories)
{
	memset(sp, 0, sizeof(*sp));
	if (tly_semantic_workspace_new(&sp->sem) < 0 ||
	    !(sp->stat = tly_calloc(n_categories ? n_categories : 1, sizeof(*sp->stat)))) {
		tly_run__panoptic_space_clear(sp);
		return TLY_ENOMEM;
	}
	return 0;
}

void tly_run__panoptic_space_clear(tly_run__panoptic_space *sp)
{
	if (!sp)
		return;
	tly_semantic_workspace_free(sp->sem);
	tly_free(sp->px);
	tly_free(sp->loo);
	tly_free(sp->gold);
	tly_free(sp->own);
	tly_free(sp->stat);
	tly_panoptic__loo_clear(&sp->things);
	memset(sp, 0, sizeof(*sp));
}

/* Decode M (W x H, checked by the caller) into *buf, grown to NPIX values. */
static int decode(uint32_t **buf, size_t *cap, const tly_labelmap *m, size_t npix, const char **why)
{
	size_t need = npix ? npix : 1;

	if (need > *cap) {
		uint32_t *g = tly_reallocarray(*buf, need, sizeof(**buf));

		if (!g)
			return TLY_ENOMEM;
		*buf = g;
		*cap = need;
	}
	if (tly_labelmap_decode(*buf, npix, m) < 0) {
		*why = "a label map's runs do not cover its pixels";
		return TLY_EARG;
	}
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

/* The segmentation of M (decoded into sp->px) with M's annotator's objects of M's gold flag. */
static int own(tly_panoptic *out, tly_run__panoptic_space *sp, const tly_dataset *ds, const tly_image *im,
	       const tly_map_submission *m, uint32_t **buf, size_t *cap, const char **why)
{
	size_t npix = (size_t)m->map.w * m->map.h, n = 0;
	int error;

	if ((error = decode(buf, cap, &m->map, npix, why)) < 0 ||
	    (error = tly_panoptic__own_things(&sp->own, &sp->cap_own, &n, im, m->annotator, m->gold, why)) < 0)
		return error;
	return tly_panoptic__build(out, *buf, m->map.w, m->map.h, ds->category_info, ds->n_categories,
				   sp->own, n, why);
}

/*
 * The leave-one-out reference of annotator A into *out; *made = 0 when no
 * other map voted (no reference).
 */
static int loo_reference(tly_panoptic *out, int *made, tly_run__panoptic_space *sp,
			 const tly_agree_context *ctx, const tly_dataset *ds, const tly_image *im,
			 uint32_t image, uint32_t a, const char **why)
{
	tly_cons_map cm;
	size_t npix;
	int error;

	*made = 0;
	memset(&cm, 0, sizeof(cm));
	if ((error = tly_semantic_consensus(&cm, sp->sem, ctx, im, image, a, why)) <= 0)
		goto out;
	npix = (size_t)cm.map.w * cm.map.h;
	if ((error = decode(&sp->loo, &sp->cap_loo, &cm.map, npix, why)) < 0 ||
	    (error = tly_panoptic__loo_things(&sp->things, ctx, im, a, why)) < 0 ||
	    (error = tly_panoptic__build(out, sp->loo, cm.map.w, cm.map.h, ds->category_info, ds->n_categories,
					 sp->things.things, sp->things.n_things, why)) < 0)
		goto out;
	*made = 1;
out:
	tly_labelmap_clear(&cm.map);
	tly_labelmap_clear(&cm.confidence);
	return error < 0 ? error : 0;
}

/* The size every kept map has: the image's, or its first non-gold map's (else first map's). */
static void image_size(uint32_t *w, uint32_t *h, const tly_image *im)
{
	size_t i;

	if (im->width > 0 && im->height > 0) {
		*w = (uint32_t)im->width;
		*h = (uint32_t)im->height;
		return;
	}
	*w = im->maps[0].map.w;
	*h = im->maps[0].map.h;
	for (i = 0; i < im->n_maps; i++)
		if (!im->maps[i].gold) {
			*w = im->maps[i].map.w;
			*h = im->maps[i].map.h;
			return;
		}
}

/* The kept gold panoptic map of the lowest annotator index, or NULL. */
static const tly_map_submission *gold_map(const tly_image *im, uint32_t w, uint32_t h)
{
	const tly_map_submission *best = NULL;
	size_t i;

	for (i = 0; i < im->n_maps; i++) {
		const tly_map_submission *m = &im->maps[i];

		if (m->gold && m->panoptic && m->map.w == w && m->map.h == h &&
		    (!best || m->annotator < best->annotator))
			best = m;
	}
	return best;
}

/* Score the non-gold panoptic map M against its references into SLOT. */
static int audit_map(tly_run__panoptic_slot *slot, tly_run__panoptic_space *sp, const tly_agree_context *ctx,
		     const tly_dataset *ds, const tly_image *im, uint32_t image, const tly_map_submission *m,
		     const tly_panoptic *gseg)
{
	tly_panoptic pred, ref;
	int made = 0, error;

	memset(&pred, 0, sizeof(pred));
	memset(&ref, 0, sizeof(ref));
	if ((error = own(&pred, sp, ds, im, m, &sp->px, &sp->cap_px, &slot->why)) < 0 ||
	    (error = loo_reference(&ref, &made, sp, ctx, ds, im, image, m->annotator, &slot->why)) < 0)
		goto out;
	if (made && ((error = tly_panoptic__pq(sp->stat, ds->n_categories, &pred, &ref, &slot->why)) < 0 ||
		     (error = emit(slot, sp->stat, ds->n_categories, m->annotator, TLY_REF_CONSENSUS)) < 0))
		goto out;
	if (gseg && ((error = tly_panoptic__pq(sp->stat, ds->n_categories, &pred, gseg, &slot->why)) < 0 ||
		     (error = emit(slot, sp->stat, ds->n_categories, m->annotator, TLY_REF_GOLD)) < 0))
		goto out;
out:
	tly_panoptic_clear(&pred);
	tly_panoptic_clear(&ref);
	return error;
}

int tly_run__panoptic_image(tly_run__panoptic_slot *slot, tly_run__panoptic_space *sp,
			    const tly_agree_context *ctx, const tly_dataset *ds, uint32_t image)
{
	const tly_image *im = &ds->images[image];
	const tly_map_submission *gm;
	tly_panoptic gseg;
	uint32_t w, h;
	size_t i;
	int any = 0, error = 0;

	memset(&gseg, 0, sizeof(gseg));
	for (i = 0; i < im->n_maps; i++)
		any |= !im->maps[i].gold && im->maps[i].panoptic;
	if (!any)
		return 0;
	image_size(&w, &h, im);
	gm = gold_map(im, w, h);
	if (gm && (error = own(&gseg, sp, ds, im, gm, &sp->gold, &sp->cap_gold, &slot->why)) < 0)
		goto out;
	for (i = 0; i < im->n_maps; i++) {
		const tly_map_submission *m = &im->maps[i];

		/* a semantic map votes on pixels but has no instances to score */
		if (m->gold || !m->panoptic || m->map.w != w || m->map.h != h)
			continue;
		if ((error = audit_map(slot, sp, ctx, ds, im, image, m, gm ? &gseg : NULL)) < 0)
			goto out;
	}
out:
	if (error == TLY_ENOMEM)
		slot->why = "out of memory";
	tly_panoptic_clear(&gseg);
	return error;
}
