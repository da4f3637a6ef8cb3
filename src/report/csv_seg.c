/*
 * The CSV report's label-map tables, columns as report.json's keys
 * (json_seg.c): map_audits.csv (one row per annotator and reference:
 * pixel accuracy, mean IoU / Dice, PQ / SQ / RQ), semantic.csv (IoU and
 * Dice per class), panoptic.csv (PQ, SQ, RQ per class), map_pairs.csv
 * (pair mIoU); and the label-map columns of images.csv. Rows by annotator
 * (dataset order), consensus before gold, then category. Every table is
 * written, header only when the run has no label maps, so a folder's
 * layout does not depend on the data. Golden files: fixtures/report/csv_seg/.
 */
#include <inttypes.h>
#include <math.h>

#include "report/csv.h"

static const char *ref_name(size_t ref)
{
	return ref == TLY_REF_GOLD ? "gold" : "consensus";
}

void tly_report__csv_image_maps(tly_buf *b, const tly_report__view *v, const tly_image_stats *s)
{
	size_t m = v->seg.map_of[s->image];

	tly_buf_printf(b, ",%u", s->voters_maps);
	tly_report__csv_num(b, tly_report__agreement_maps(s));
	if (m == SIZE_MAX)
		tly_buf_puts(b, ",,\n");
	else
		tly_buf_printf(b, ",%" PRIu64 ",%" PRIu64 "\n", v->r->cons_maps[m].tied_pixels,
			       v->seg.ignored[m]);
}

static void audit_row(tly_buf *b, const tly_report__view *v, uint32_t annotator, size_t ref)
{
	const tly_report__seg_audit *a = &v->seg.audit[(size_t)annotator * 2 + ref];

	tly_report__csv_name(b, tly_report__annotator(v, annotator), 1);
	tly_buf_printf(b, ",%s", ref_name(ref));
	if (a->semantic)
		tly_buf_printf(b, ",%u,%" PRIu64 ",%" PRIu64, a->images, a->correct, a->total);
	else
		tly_buf_puts(b, ",,,");
	tly_report__csv_num(b, a->pixel_accuracy);
	tly_report__csv_num(b, a->mean_iou);
	tly_report__csv_num(b, a->mean_dice);
	tly_report__csv_num(b, a->panoptic ? a->pq : NAN);
	tly_report__csv_num(b, a->panoptic ? a->sq : NAN);
	tly_report__csv_num(b, a->panoptic ? a->rq : NAN);
	tly_report__csv_num(b, a->panoptic ? a->pq_things : NAN);
	tly_report__csv_num(b, a->panoptic ? a->pq_stuff : NAN);
	tly_buf_putc(b, '\n');
}

void tly_report__csv_map_audits(tly_buf *b, const tly_report__view *v)
{
	size_t i, ref;

	tly_buf_puts(b, "annotator,reference,images,correct,total,pixel_accuracy,mean_iou,mean_dice,"
		     "pq,sq,rq,pq_things,pq_stuff\n");
	for (i = 0; i < v->r->n_annotators; i++)
		for (ref = 0; ref < 2; ref++) {
			const tly_report__seg_audit *a = &v->seg.audit[i * 2 + ref];

			if (a->semantic || a->panoptic)
				audit_row(b, v, (uint32_t)i, ref);
		}
}

void tly_report__csv_semantic(tly_buf *b, const tly_report__view *v)
{
	const tly_report__rows *rows = &v->seg.pixel_rows;
	size_t g, j;

	tly_buf_puts(b, "annotator,reference,label,tp,fp,fn,iou,dice\n");
	for (g = 0; g < v->r->n_annotators * 2; g++)
		for (j = rows->start[g]; j < rows->start[g + 1]; j++) {
			const tly_pixel_counts *p = &v->r->pixel_counts[rows->order[j]];

			tly_report__csv_name(b, tly_report__annotator(v, p->annotator), 1);
			tly_buf_printf(b, ",%s", ref_name(g % 2));
			tly_report__csv_name(b, tly_report__category(v, p->category), 0);
			tly_buf_printf(b, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64, p->tp, p->fp, p->fn);
			tly_report__csv_num(b, tly_report__iou(p->tp, p->fp, p->fn));
			tly_report__csv_num(b, tly_report__dice(p->tp, p->fp, p->fn));
			tly_buf_putc(b, '\n');
		}
}

void tly_report__csv_panoptic(tly_buf *b, const tly_report__view *v)
{
	const tly_report__rows *rows = &v->seg.pq_rows;
	double f[3];
	size_t g, j;

	tly_buf_puts(b, "annotator,reference,label,tp,fp,fn,pq,sq,rq\n");
	for (g = 0; g < v->r->n_annotators * 2; g++)
		for (j = rows->start[g]; j < rows->start[g + 1]; j++) {
			const tly_panoptic_counts *p = &v->r->panoptic[rows->order[j]];

			tly_report__pq(f, p);
			tly_report__csv_name(b, tly_report__annotator(v, p->annotator), 1);
			tly_buf_printf(b, ",%s", ref_name(g % 2));
			tly_report__csv_name(b, tly_report__category(v, p->category), 0);
			tly_buf_printf(b, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64, p->tp, p->fp, p->fn);
			tly_report__csv_num(b, f[0]);
			tly_report__csv_num(b, f[1]);
			tly_report__csv_num(b, f[2]);
			tly_buf_putc(b, '\n');
		}
}

void tly_report__csv_map_pairs(tly_buf *b, const tly_report__view *v)
{
	size_t i;

	tly_buf_puts(b, "a,b,images,miou\n");
	for (i = 0; i < v->seg.n_pair_rows; i++) {
		const tly_report__pair_row *row = &v->seg.pair_rows[i];
		const tly_map_pair *p;

		if (row->map_pair == SIZE_MAX)
			continue;
		p = &v->r->map_pairs[row->map_pair];
		tly_report__csv_name(b, tly_report__annotator(v, p->a), 1);
		tly_report__csv_name(b, tly_report__annotator(v, p->b), 0);
		tly_buf_printf(b, ",%u", p->images);
		tly_report__csv_num(b, p->miou);
		tly_buf_putc(b, '\n');
	}
}
