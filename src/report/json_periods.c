/*
 * report.json's audit over time: each annotator's "periods" (figures per
 * day or ISO week, so a manager sees drift) and statistics.leaderboard
 * (annotators ranked by F1 against the leave-one-out consensus, adjacent
 * ranks whose F1 intervals overlap marked as not clearly different).
 * Figures as in "annotators" (tly_counts_*, null when undefined) with the
 * 95% intervals of ci.c. Checked by tests/report/test_json_periods.c.
 */
#include <inttypes.h>
#include <math.h>

#include "report/json.h"
#include "tally/error.h"
#include "report/leaderboard.h"
#include "util/rows.h"

/* The first of ANNOTATOR's rows (the rows are in annotator order), or n when none. */
static size_t first_row(const tly_result *r, uint32_t annotator)
{
	return TLY_ROWS_FIND(r->annotator_periods, r->n_annotator_periods, tly_annotator_period, annotator,
			     annotator, NULL);
}

void tly_report__json_annotator_periods(tly_buf *b, const tly_report__view *v, uint32_t annotator)
{
	const tly_result *r = v->r;
	size_t i = first_row(r, annotator), k = 0;

	tly_buf_puts(b, ",\"periods\":[");
	for (; i < r->n_annotator_periods && r->annotator_periods[i].annotator == annotator; i++, k++) {
		const tly_annotator_period *p = &r->annotator_periods[i];

		tly_buf_puts(b, k ? ",{\"period\":" : "{\"period\":");
		tly_report__json_str(b, p->period);
		tly_buf_printf(b, ",\"days\":%d,\"images\":%u,\"ingest_dated\":%u,\"vs_consensus\":", r->period_days,
			       p->images, p->ingest_dated);
		tly_report__json_counts(b, &p->vs_consensus, 1);
		tly_buf_puts(b, ",\"vs_gold\":");
		if (p->vs_gold.images == 0)
			tly_buf_puts(b, "null");
		else
			tly_report__json_counts(b, &p->vs_gold, 1);
		tly_buf_putc(b, '}');
	}
	tly_buf_putc(b, ']');
}

void tly_report__json_leaderboard(tly_buf *b, const tly_report__view *v)
{
	tly_report__board board;
	size_t i;

	if (tly_report__board_build(&board, v) < 0) {
		/* The writer checks the buffer once: out of memory travels as a failed append. */
		if (!b->error)
			b->error = TLY_ENOMEM;
		return;
	}
	tly_buf_puts(b, ",\"leaderboard\":[");
	for (i = 0; i < board.n; i++) {
		const tly_report__rank *x = &board.rows[i];

		tly_buf_printf(b, "%s{\"rank\":%zu,\"name\":", i ? ",\n    " : "\n    ", i + 1);
		tly_report__json_str(b, tly_report__annotator(v, x->annotator));
		tly_buf_printf(b, ",\"images\":%u", x->c->images);
		tly_report__json_num(b, ",\"f1\":", x->f1);
		tly_report__json_ci(b, ",\"f1_ci95\":", x->f1_ci);
		tly_report__json_num(b, ",\"precision\":", tly_counts_precision(x->c));
		tly_report__json_ci(b, ",\"precision_ci95\":", x->ci.precision);
		tly_report__json_num(b, ",\"recall\":", tly_counts_recall(x->c));
		tly_report__json_ci(b, ",\"recall_ci95\":", x->ci.recall);
		tly_report__json_num(b, ",\"label_accuracy\":", x->label_accuracy);
		tly_report__json_ci(b, ",\"label_accuracy_ci95\":", x->ci.label_accuracy);
		tly_buf_printf(b, ",\"tp\":%" PRIu64 ",\"fp\":%" PRIu64 ",\"fn\":%" PRIu64
			       ",\"not_clearly_different_from_next\":%s}",
			       x->c->tp, x->c->fp, x->c->fn, x->close_to_next ? "true" : "false");
	}
	tly_buf_puts(b, board.n ? "\n  ]" : "]");
	tly_report__board_clear(&board);
}
