/*
 * report.json "annotators", "pairs" and "classes". Derived figures come
 * from tly_counts_* (tally/result.h: precision = tp/(tp+fp), recall =
 * tp/(tp+fn), f1 = 2tp/(2tp+fp+fn), ...), undefined ones as null; the
 * 95% Wilson intervals of precision, recall and label accuracy from ci.c;
 * the pairs' Cohen's kappas and the classes' Fleiss' kappas (image labels;
 * label-map pixels when the run has maps) as statistics {value, ci95, n}
 * (issue 4).
 * Checked by tests/report/test_json.c against fixtures/report/sample.json.
 */
#include <inttypes.h>
#include <math.h>

#include "report/ci.h"
#include "report/json.h"
#include "report/reliability.h"

void tly_report__json_ci(tly_buf *b, const char *prefix, const double ci[2])
{
	tly_buf_puts(b, prefix);
	if (!isfinite(ci[0])) {
		tly_buf_puts(b, "null");
		return;
	}
	tly_report__json_num(b, "[", ci[0]);
	tly_report__json_num(b, ",", ci[1]);
	tly_buf_putc(b, ']');
}

void tly_report__json_counts(tly_buf *b, const tly_counts *c, int f1_ci)
{
	tly_report__counts_ci ci;

	tly_report__counts_ci95(&ci, c);
	tly_report__json_num(b, "{\"precision\":", tly_counts_precision(c));
	tly_report__json_num(b, ",\"recall\":", tly_counts_recall(c));
	tly_report__json_num(b, ",\"f1\":", tly_counts_f1(c));
	tly_report__json_num(b, ",\"mean_iou\":", tly_counts_mean_iou(c));
	tly_report__json_num(b, ",\"label_accuracy\":", tly_counts_label_accuracy(c));
	tly_buf_printf(b, ",\"tp\":%" PRIu64 ",\"fp\":%" PRIu64 ",\"fn\":%" PRIu64 ",\"images\":%u",
		       c->tp, c->fp, c->fn, c->images);
	tly_report__json_ci(b, ",\"precision_ci95\":", ci.precision);
	tly_report__json_ci(b, ",\"recall_ci95\":", ci.recall);
	tly_report__json_ci(b, ",\"label_accuracy_ci95\":", ci.label_accuracy);
	if (f1_ci) {
		double f1[2];

		tly_report__f1_ci95(f1, c);
		tly_report__json_ci(b, ",\"f1_ci95\":", f1);
	}
	tly_buf_putc(b, '}');
}

void tly_report__json_annotators(tly_buf *b, const tly_report__view *v)
{
	size_t i;

	for (i = 0; i < v->r->n_annotators; i++) {
		const tly_annotator_stats *a = &v->r->annotators[i];

		tly_report__json_row(b, i);
		tly_buf_puts(b, "{\"name\":");
		tly_report__json_str(b, tly_report__annotator(v, a->annotator));
		tly_buf_printf(b, ",\"images_done\":%u,\"vs_consensus\":", a->images_done);
		tly_report__json_counts(b, &a->vs_consensus, 0);
		tly_buf_puts(b, ",\"vs_gold\":");
		/* No image with both gold and this annotator's labels: nothing to say. */
		if (a->vs_gold.images == 0)
			tly_buf_puts(b, "null");
		else
			tly_report__json_counts(b, &a->vs_gold, 0);
		tly_report__json_annotator_maps(b, v, a->annotator);
		tly_report__json_annotator_periods(b, v, a->annotator);
		tly_report__json_annotator_reliability(b, v, a->annotator);
		tly_buf_putc(b, '}');
	}
	tly_report__json_end_table(b, v->r->n_annotators);
}

/*
 * One record per (a, b) in tly_result.pairs or map_pairs (seg.h merges
 * them): a pair that only shares label maps has the empty objects and
 * labels figures (0 images, null F1 and kappa).
 */
void tly_report__json_pairs(tly_buf *b, const tly_report__view *v)
{
	/* every figure undefined; the statistics' n = 0 makes them null */
	static const tly_pair_stats none = {.f1 = NAN, .kappa = NAN};
	size_t i;

	for (i = 0; i < v->seg.n_pair_rows; i++) {
		const tly_report__pair_row *row = &v->seg.pair_rows[i];
		const tly_pair_stats *p = row->pair == SIZE_MAX ? &none : &v->r->pairs[row->pair];

		tly_report__json_row(b, i);
		tly_buf_puts(b, "{\"a\":");
		tly_report__json_str(b, tly_report__annotator(v, row->a));
		tly_buf_puts(b, ",\"b\":");
		tly_report__json_str(b, tly_report__annotator(v, row->b));
		tly_buf_printf(b, ",\"images\":%u", p->images);
		tly_report__json_num(b, ",\"f1\":", p->f1);
		tly_buf_printf(b, ",\"tp\":%" PRIu64 ",\"n_a\":%" PRIu64 ",\"n_b\":%" PRIu64,
			       p->tp, p->n_a, p->n_b);
		/* issue 4: an object {value, ci95, n}; value is the scalar kappa, n its items */
		tly_report__json_stat(b, "cohen_kappa", &p->cohen_kappa);
		tly_buf_printf(b, ",\"kappa_items\":%" PRIu64, p->kappa_items);
		tly_report__json_stat(b, "cohen_kappa_objects", &p->cohen_kappa_objects);
		tly_report__json_pair_map(b, v, row);
		tly_buf_putc(b, '}');
	}
	tly_report__json_end_table(b, v->seg.n_pair_rows);
}

/* Retired categories (the rules' aliases and ignored labels) are not classes of the run. */
void tly_report__json_classes(tly_buf *b, const tly_report__view *v)
{
	size_t i, rows = 0;

	for (i = 0; i < v->r->n_classes; i++) {
		const tly_class_stats *c = &v->r->classes[i];

		if (tly_dataset_category_retired(v->ds, c->category))
			continue;
		tly_report__json_row(b, rows++);
		tly_buf_puts(b, "{\"label\":");
		tly_report__json_str(b, tly_report__category(v, c->category));
		tly_buf_printf(b, ",\"support\":%u", c->support);
		tly_report__json_num(b, ",\"agreement\":", c->agreement);
		tly_report__json_num(b, ",\"mean_iou\":", c->mean_iou);
		/* Label maps: consensus pixels, and the IoU of all annotators' pixels (seg.h). */
		tly_buf_printf(b, ",\"pixels\":%" PRIu64, v->seg.class_pixels[c->category]);
		tly_report__json_num(b, ",\"map_iou\":", v->seg.class_iou[c->category]);
		tly_report__json_stat(b, "fleiss_kappa", &c->fleiss_kappa);
		/* over label-map pixels: only in runs with label maps, so others keep their bytes */
		if (v->r->n_cons_maps)
			tly_report__json_stat(b, "fleiss_kappa_maps", &c->fleiss_kappa_maps);
		tly_buf_putc(b, '}');
	}
	tly_report__json_end_table(b, rows);
}
