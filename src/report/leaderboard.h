/*
 * The annotator leaderboard (issue 4): annotators ranked by F1 against
 * the leave-one-out consensus, each with the 95% Wilson intervals of its
 * figures (ci.h), and for each two adjacent ranks whether their F1
 * intervals overlap, i.e. whether the data tell them apart at all.
 * Rendered by json_periods.c, csv_periods.c and html_periods.c.
 */
#ifndef TLY_REPORT_LEADERBOARD_H
#define TLY_REPORT_LEADERBOARD_H

#include "report/ci.h"
#include "report/view.h"

typedef struct {
	uint32_t annotator;
	const tly_counts *c;    /* borrowed: the annotator's vs_consensus counts */
	double f1, label_accuracy;
	double f1_ci[2];        /* tly_report__f1_ci95 */
	tly_report__counts_ci ci; /* precision, recall, label accuracy */
	int close_to_next;      /* 1: this rank's and the next rank's F1 intervals overlap, or one
				 * of them is undefined: "not clearly different"; 0 for the last */
} tly_report__rank;

typedef struct {
	size_t n;
	tly_report__rank *rows; /* rank i + 1 is rows[i] */
} tly_report__board;

/*
 * Rank the annotators compared with a leave-one-out consensus on at least
 * one image (vs_consensus.images > 0; gold-only annotators and lone voters
 * are not): F1 descending, then label accuracy descending (undefined
 * values after every defined one), then name bytewise. 0, or TLY_ENOMEM
 * (BOARD empty). Free with tly_report__board_clear.
 */
int tly_report__board_build(tly_report__board *board, const tly_report__view *v);
void tly_report__board_clear(tly_report__board *board);

#endif
