/*
 * report.json's label-map (segmentation) keys, appended to the records
 * json_images.c and json_tables.c write so every earlier key keeps its
 * place: an image's voters_maps, agreement_maps and "semantic"; an
 * annotator's "semantic" (pixel accuracy, IoU and Dice per class) and
 * "panoptic" (PQ, SQ, RQ per class) against consensus and gold; a pair's
 * map_images and miou. Figures come from report/seg.h, undefined as null.
 * Checked by tests/report/test_json_seg.c (values worked by hand there).
 */
#include <inttypes.h>
#include <math.h>

#include "report/json.h"

void tly_report__json_image_maps(tly_buf *b, const tly_report__view *v, const tly_image_stats *s)
{
	const tly_report__seg *g = &v->seg;
	const tly_cons_map *cm;
	size_t m, k;

	tly_buf_printf(b, ",\"voters_maps\":%u", s->voters_maps);
	tly_report__json_num(b, ",\"agreement_maps\":", tly_report__agreement_maps(s));
	if ((m = g->map_of[s->image]) == SIZE_MAX)
		return;
	cm = &v->r->cons_maps[m];
	tly_buf_printf(b, ",\"semantic\":{\"voters\":%u,\"tied_pixels\":%" PRIu64
		       ",\"ignored_pixels\":%" PRIu64 ",\"classes\":{", cm->voters, cm->tied_pixels,
		       g->ignored[m]);
	for (k = g->class_start[m]; k < g->class_start[m + 1]; k++) {
		if (k > g->class_start[m])
			tly_buf_putc(b, ',');
		tly_buf_put_json_string(b, tly_report__category(v, g->classes[k].category));
		tly_buf_printf(b, ":%" PRIu64, g->classes[k].pixels);
	}
	tly_buf_puts(b, "}}");
}

static void semantic_ref(tly_buf *b, const tly_report__view *v, size_t group)
{
	const tly_report__seg *g = &v->seg;
	const tly_report__seg_audit *a = &g->audit[group];
	size_t j;

	if (!a->semantic) {
		tly_buf_puts(b, "null");
		return;
	}
	tly_buf_printf(b, "{\"images\":%u", a->images);
	tly_report__json_num(b, ",\"pixel_accuracy\":", a->pixel_accuracy);
	tly_report__json_num(b, ",\"mean_iou\":", a->mean_iou);
	tly_report__json_num(b, ",\"mean_dice\":", a->mean_dice);
	tly_buf_printf(b, ",\"correct\":%" PRIu64 ",\"total\":%" PRIu64 ",\"classes\":[", a->correct,
		       a->total);
	for (j = g->pixel_rows.start[group]; j < g->pixel_rows.start[group + 1]; j++) {
		const tly_pixel_counts *p = &v->r->pixel_counts[g->pixel_rows.order[j]];

		tly_buf_puts(b, j > g->pixel_rows.start[group] ? ",{\"label\":" : "{\"label\":");
		tly_report__json_str(b, tly_report__category(v, p->category));
		tly_report__json_num(b, ",\"iou\":", tly_report__iou(p->tp, p->fp, p->fn));
		tly_report__json_num(b, ",\"dice\":", tly_report__dice(p->tp, p->fp, p->fn));
		tly_buf_printf(b, ",\"tp\":%" PRIu64 ",\"fp\":%" PRIu64 ",\"fn\":%" PRIu64 "}", p->tp,
			       p->fp, p->fn);
	}
	tly_buf_puts(b, "]}");
}

static void panoptic_ref(tly_buf *b, const tly_report__view *v, size_t group)
{
	const tly_report__seg *g = &v->seg;
	const tly_report__seg_audit *a = &g->audit[group];
	double f[3];
	size_t j;

	if (!a->panoptic) {
		tly_buf_puts(b, "null");
		return;
	}
	tly_report__json_num(b, "{\"pq\":", a->pq);
	tly_report__json_num(b, ",\"sq\":", a->sq);
	tly_report__json_num(b, ",\"rq\":", a->rq);
	tly_report__json_num(b, ",\"pq_things\":", a->pq_things);
	tly_report__json_num(b, ",\"pq_stuff\":", a->pq_stuff);
	tly_buf_puts(b, ",\"classes\":[");
	for (j = g->pq_rows.start[group]; j < g->pq_rows.start[group + 1]; j++) {
		const tly_panoptic_counts *p = &v->r->panoptic[g->pq_rows.order[j]];

		tly_report__pq(f, p);
		tly_buf_puts(b, j > g->pq_rows.start[group] ? ",{\"label\":" : "{\"label\":");
		tly_report__json_str(b, tly_report__category(v, p->category));
		tly_report__json_num(b, ",\"pq\":", f[0]);
		tly_report__json_num(b, ",\"sq\":", f[1]);
		tly_report__json_num(b, ",\"rq\":", f[2]);
		tly_buf_printf(b, ",\"tp\":%" PRIu64 ",\"fp\":%" PRIu64 ",\"fn\":%" PRIu64 "}", p->tp,
			       p->fp, p->fn);
	}
	tly_buf_puts(b, "]}");
}

/* Present only for annotators audited on label maps, so box-only runs read as before. */
void tly_report__json_annotator_maps(tly_buf *b, const tly_report__view *v, uint32_t annotator)
{
	const tly_report__seg_audit *a = &v->seg.audit[(size_t)annotator * 2];
	size_t g = (size_t)annotator * 2;

	if (a[0].semantic || a[1].semantic) {
		tly_buf_puts(b, ",\"semantic\":{\"vs_consensus\":");
		semantic_ref(b, v, g + TLY_REF_CONSENSUS);
		tly_buf_puts(b, ",\"vs_gold\":");
		semantic_ref(b, v, g + TLY_REF_GOLD);
		tly_buf_putc(b, '}');
	}
	if (a[0].panoptic || a[1].panoptic) {
		tly_buf_puts(b, ",\"panoptic\":{\"vs_consensus\":");
		panoptic_ref(b, v, g + TLY_REF_CONSENSUS);
		tly_buf_puts(b, ",\"vs_gold\":");
		panoptic_ref(b, v, g + TLY_REF_GOLD);
		tly_buf_putc(b, '}');
	}
}

void tly_report__json_pair_map(tly_buf *b, const tly_report__view *v, const tly_report__pair_row *row)
{
	const tly_map_pair *p;

	if (row->map_pair == SIZE_MAX)
		return;
	p = &v->r->map_pairs[row->map_pair];
	tly_buf_printf(b, ",\"map_images\":%u", p->images);
	tly_report__json_num(b, ",\"miou\":", p->miou);
}
