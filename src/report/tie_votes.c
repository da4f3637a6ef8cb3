/*
 * A tie conflict's votes in the report: who voted for which label in the
 * tied vote (tie_votes are by conflict, tally/result.h), and their CSV
 * table. report.json's "votes" (json_images.c) and the HTML card's tie
 * line (html_flagged.c) read them through tly_report__tie_votes_of.
 * Checked by tests/report/test_tie_votes.c.
 */
#include <inttypes.h>

#include "report/csv.h"
#include "report/tie_votes.h"
#include "util/rows.h"

void tly_report__tie_votes_of(size_t *first, size_t *n, const tly_result *r, size_t k)
{
	size_t end;

	*first = TLY_ROWS_FIND(r->tie_votes, r->n_tie_votes, tly_tie_vote, conflict, k, &end);
	*n = end - *first;
}

void tly_report__csv_tie_votes(tly_buf *b, const tly_report__view *v)
{
	const tly_report__group *g = &v->conflicts;
	size_t j, i, first, n, tie = 0;
	uint32_t image = UINT32_MAX;

	/* tie: the tie's number on its image (1, 2, ...), the order of its rows in conflicts.csv */
	tly_buf_puts(b, "image,tie,task,annotator,object_id,label\n");
	for (j = 0; j < v->r->n_conflicts; j++) {
		const tly_conflict *c = &v->r->conflicts[g->order[j]];

		if (c->kind != TLY_CONFLICT_TIE)
			continue;
		tie = c->image == image ? tie + 1 : 1;
		image = c->image;
		tly_report__tie_votes_of(&first, &n, v->r, g->order[j]);
		for (i = first; i < first + n; i++) {
			const tly_tie_vote *t = &v->r->tie_votes[i];

			tly_report__csv_name(b, v->ds->images[c->image].name, 1);
			tly_buf_printf(b, ",%zu,%s", tie, tly_report__task_name(c->task));
			tly_report__csv_name(b, tly_report__annotator(v, t->annotator), 0);
			tly_buf_printf(b, ",%" PRId64, t->object_id);
			tly_report__csv_name(b, tly_report__category(v, t->category), 0);
			tly_buf_putc(b, '\n');
		}
	}
}
