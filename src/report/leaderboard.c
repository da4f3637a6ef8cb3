/*
 * The annotator leaderboard (leaderboard.h). Two intervals that overlap
 * do not show a difference; disjoint ones do (conservatively: overlapping
 * 95% intervals can still hide a real difference, Schenker and Gentleman,
 * The American Statistician 55, 2001), so a flag marks where the order
 * of two neighbours is not supported by the data. Checked by
 * tests/report/test_leaderboard.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/leaderboard.h"
#include "tally/error.h"
#include "util/alloc.h"

/* Descending, undefined last; 0 when equal (both undefined included). */
static int desc(double a, double b)
{
	if (isnan(a) || isnan(b))
		return (isnan(a) != 0) - (isnan(b) != 0);
	return (a < b) - (a > b);
}

/* qsort's comparator sees no context: each row carries what ordering needs. */
typedef struct {
	tly_report__rank rank;
	const char *name;
} keyed;

static int cmp_rank(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;
	int c;

	if ((c = desc(a->rank.f1, b->rank.f1)) != 0 || (c = desc(a->rank.label_accuracy, b->rank.label_accuracy)) != 0)
		return c;
	c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
	return c ? c : (a->rank.annotator > b->rank.annotator) - (a->rank.annotator < b->rank.annotator);
}

static int overlap(const double x[2], const double y[2])
{
	if (!isfinite(x[0]) || !isfinite(y[0]))
		return 1; /* nothing tells them apart */
	return fmax(x[0], y[0]) <= fmin(x[1], y[1]);
}

int tly_report__board_build(tly_report__board *board, const tly_report__view *v)
{
	const tly_result *r = v->r;
	keyed *k = NULL;
	size_t i, n = 0;
	int error = 0;

	memset(board, 0, sizeof(*board));
	if (!(k = tly_calloc(r->n_annotators ? r->n_annotators : 1, sizeof(*k))))
		return TLY_ENOMEM;
	for (i = 0; i < r->n_annotators; i++) {
		const tly_annotator_stats *a = &r->annotators[i];
		tly_report__rank *x = &k[n].rank;

		if (a->vs_consensus.images == 0)
			continue;
		x->annotator = a->annotator;
		x->c = &a->vs_consensus;
		x->f1 = tly_counts_f1(x->c);
		x->label_accuracy = tly_counts_label_accuracy(x->c);
		tly_report__f1_ci95(x->f1_ci, x->c);
		tly_report__counts_ci95(&x->ci, x->c);
		k[n++].name = tly_report__annotator(v, a->annotator);
	}
	if (n) {
		qsort(k, n, sizeof(*k), cmp_rank);
		if (!(board->rows = tly_calloc(n, sizeof(*board->rows)))) {
			error = TLY_ENOMEM;
			goto out;
		}
		for (i = 0; i < n; i++) {
			board->rows[i] = k[i].rank;
			board->rows[i].close_to_next = i + 1 < n && overlap(k[i].rank.f1_ci, k[i + 1].rank.f1_ci);
		}
		board->n = n;
	}
out:
	tly_free(k);
	return error;
}

void tly_report__board_clear(tly_report__board *board)
{
	tly_free(board->rows);
	memset(board, 0, sizeof(*board));
}
