/*
 * The CSV tables of the audit over time: periods.csv (one row per
 * annotator, period and reference; the gold row only when gold overlaps
 * in the period) and leaderboard.csv (one row per rank). Columns mirror
 * report.json's "periods" and statistics.leaderboard; undefined numbers
 * are empty fields. Golden files: fixtures/report/csv/.
 */
#include <inttypes.h>

#include "report/csv.h"
#include "report/leaderboard.h"
#include "tally/error.h"

static void interval(tly_buf *b, const double ci[2])
{
	tly_report__csv_num(b, ci[0]);
	tly_report__csv_num(b, ci[1]);
}

static void period_row(tly_buf *b, const tly_report__view *v, const tly_annotator_period *p, const char *ref,
		       const tly_counts *c)
{
	tly_report__counts_ci ci;
	double f1[2];

	tly_report__counts_ci95(&ci, c);
	tly_report__f1_ci95(f1, c);
	tly_report__csv_name(b, tly_report__annotator(v, p->annotator), 1);
	tly_buf_printf(b, ",%s,%d,%s,%u,%u", p->period, v->r->period_days, ref, p->images, p->ingest_dated);
	tly_report__csv_num(b, tly_counts_precision(c));
	tly_report__csv_num(b, tly_counts_recall(c));
	tly_report__csv_num(b, tly_counts_f1(c));
	tly_report__csv_num(b, tly_counts_mean_iou(c));
	tly_report__csv_num(b, tly_counts_label_accuracy(c));
	tly_buf_printf(b, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%u", c->tp, c->fp, c->fn, c->images);
	interval(b, ci.precision);
	interval(b, ci.recall);
	interval(b, ci.label_accuracy);
	interval(b, f1);
	tly_buf_putc(b, '\n');
}

void tly_report__csv_periods(tly_buf *b, const tly_report__view *v)
{
	size_t i;

	tly_buf_puts(b, "annotator,period,days,reference,images,ingest_dated,precision,recall,f1,mean_iou,"
		     "label_accuracy,tp,fp,fn,images_compared,precision_lo,precision_hi,recall_lo,recall_hi,"
		     "label_accuracy_lo,label_accuracy_hi,f1_lo,f1_hi\n");
	for (i = 0; i < v->r->n_annotator_periods; i++) {
		const tly_annotator_period *p = &v->r->annotator_periods[i];

		period_row(b, v, p, "consensus", &p->vs_consensus);
		if (p->vs_gold.images > 0)
			period_row(b, v, p, "gold", &p->vs_gold);
	}
}

void tly_report__csv_leaderboard(tly_buf *b, const tly_report__view *v)
{
	tly_report__board board;
	size_t i;

	tly_buf_puts(b, "rank,annotator,images,f1,f1_lo,f1_hi,precision,precision_lo,precision_hi,recall,"
		     "recall_lo,recall_hi,label_accuracy,label_accuracy_lo,label_accuracy_hi,tp,fp,fn,"
		     "not_clearly_different_from_next\n");
	if (tly_report__board_build(&board, v) < 0) {
		if (!b->error)
			b->error = TLY_ENOMEM;
		return;
	}
	for (i = 0; i < board.n; i++) {
		const tly_report__rank *x = &board.rows[i];

		tly_buf_printf(b, "%zu", i + 1);
		tly_report__csv_name(b, tly_report__annotator(v, x->annotator), 0);
		tly_buf_printf(b, ",%u", x->c->images);
		tly_report__csv_num(b, x->f1);
		interval(b, x->f1_ci);
		tly_report__csv_num(b, tly_counts_precision(x->c));
		interval(b, x->ci.precision);
		tly_report__csv_num(b, tly_counts_recall(x->c));
		interval(b, x->ci.recall);
		tly_report__csv_num(b, x->label_accuracy);
		interval(b, x->ci.label_accuracy);
		tly_buf_printf(b, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%d\n", x->c->tp, x->c->fp, x->c->fn,
			       x->close_to_next);
	}
	tly_report__board_clear(&board);
}
