/*
 * The reliability tables of the CSV report (issue 4): reliability.csv, one
 * row per annotator (the label model, the labels it learnt the annotator
 * from, its accuracy, and its STAPLE clusters with pixel-weighted mean
 * sensitivity and specificity), and reliability_confusion.csv, every cell
 * of every annotator's dawid-skene matrix. A header alone when the run
 * weighs nothing. staple_classes.csv, only for a run whose label maps were
 * voted by STAPLE: each annotator's sensitivity and specificity per class.
 * Golden files: fixtures/report/csv/ and the e2e cases fixtures/e2e/weights_*
 * and seg_semantic_staple.
 */
#include <inttypes.h>

#include "report/csv.h"
#include "report/reliability.h"

void tly_report__csv_reliability(tly_buf *b, const tly_report__view *v)
{
	const tly_result *r = v->r;
	size_t i;

	tly_buf_puts(b, "annotator,model,labels,accuracy,staple_clusters,staple_sensitivity,"
		     "staple_specificity\n");
	for (i = 0; i < r->n_reliability; i++) {
		const tly_reliability *a = &r->reliability[i];

		tly_report__csv_name(b, tly_report__annotator(v, a->annotator), 1);
		tly_buf_printf(b, ",%s,%" PRIu64, tly_report__model_name(r->weights), a->labels);
		tly_report__csv_num(b, a->accuracy);
		tly_buf_printf(b, ",%u", a->staple_clusters);
		tly_report__csv_num(b, a->staple_sensitivity);
		tly_report__csv_num(b, a->staple_specificity);
		tly_buf_putc(b, '\n');
	}
}

void tly_report__csv_reliability_confusion(tly_buf *b, const tly_report__view *v)
{
	const tly_result *r = v->r;
	size_t k = r->n_weight_classes, i, t, g;

	tly_buf_puts(b, "annotator,true_label,given_label,p\n");
	if (r->weights != TLY_WEIGHTS_DAWID_SKENE || !r->weight_confusion)
		return;
	for (i = 0; i < r->n_reliability; i++) {
		for (t = 0; t < k; t++) {
			for (g = 0; g < k; g++) {
				tly_report__csv_name(b, tly_report__annotator(v, r->reliability[i].annotator), 1);
				tly_report__csv_name(b, tly_report__category(v, r->weight_classes[t]), 0);
				tly_report__csv_name(b, tly_report__category(v, r->weight_classes[g]), 0);
				tly_report__csv_num(b, r->weight_confusion[(i * k + t) * k + g]);
				tly_buf_putc(b, '\n');
			}
		}
	}
}

int tly_report__has_staple_classes(const tly_report__view *v)
{
	return v->r->n_map_staple_rates > 0;
}

void tly_report__csv_staple_classes(tly_buf *b, const tly_report__view *v)
{
	const tly_result *r = v->r;
	size_t i;

	tly_buf_puts(b, "annotator,class,images,pixels_in,sensitivity,pixels_out,specificity\n");
	for (i = 0; i < r->n_map_staple_rates; i++) {
		const tly_map_staple_rate *x = &r->map_staple_rates[i];

		tly_report__csv_name(b, tly_report__annotator(v, x->annotator), 1);
		tly_report__csv_name(b, tly_report__category(v, x->category), 0);
		tly_buf_printf(b, ",%u,%" PRIu64, x->images, x->pixels_in);
		tly_report__csv_num(b, x->sensitivity);
		tly_buf_printf(b, ",%" PRIu64, x->pixels_out);
		tly_report__csv_num(b, x->specificity);
		tly_buf_putc(b, '\n');
	}
}
