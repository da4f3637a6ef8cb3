/*
 * The votes of a run's tied votes (tally/result.h tly_tie_vote) for the
 * report renderers: finding a tie conflict's votes, and tie_votes.csv.
 */
#ifndef TLY_REPORT_TIE_VOTES_H
#define TLY_REPORT_TIE_VOTES_H

#include "report/view.h"
#include "util/buf.h"

/*
 * The votes of conflict K (an index into r->conflicts): *FIRST and *N so
 * that they are r->tie_votes[*first .. *first + *n); *n is 0 for a conflict
 * with none (not a tie, or a run saved before they were kept).
 */
void tly_report__tie_votes_of(size_t *first, size_t *n, const tly_result *r, size_t k);

/*
 * tie_votes.csv: image,tie,task,annotator,object_id,label (tie: the tie's
 * number on its image, in conflicts.csv's order), one row per vote of
 * each tie conflict in conflicts.csv's order; a header alone when nothing tied.
 */
void tly_report__csv_tie_votes(tly_buf *b, const tly_report__view *v);

#endif
