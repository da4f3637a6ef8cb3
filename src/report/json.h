/*
 * The JSON report (SPEC §6): json.c writes the document and its run,
 * summary and statistics sections; json_images.c the images; json_tables.c
 * the annotators, pairs and classes; json_seg.c their label-map keys;
 * json_periods.c the annotators' periods and the leaderboard. All
 * write into one tly_buf.
 */
#ifndef TLY_REPORT_JSON_H
#define TLY_REPORT_JSON_H

#include "report/view.h"
#include "util/buf.h"

/* Write the whole report.json document; 0, or TLY_EARG when the run's rules are not JSON. */
int tly_report__json(tly_buf *b, const tly_report__view *v);

void tly_report__json_images(tly_buf *b, const tly_report__view *v);
void tly_report__json_annotators(tly_buf *b, const tly_report__view *v);
void tly_report__json_pairs(tly_buf *b, const tly_report__view *v);
void tly_report__json_classes(tly_buf *b, const tly_report__view *v);

/* Label-map keys appended to a record (json_seg.c). */
void tly_report__json_image_maps(tly_buf *b, const tly_report__view *v, const tly_image_stats *s);
void tly_report__json_annotator_maps(tly_buf *b, const tly_report__view *v, uint32_t annotator);
void tly_report__json_pair_map(tly_buf *b, const tly_report__view *v, const tly_report__pair_row *row);

/*
 * The audit over time (json_periods.c): `,"periods":[...]` appended to
 * ANNOTATOR's record, and `,"leaderboard":[...]` to the statistics object.
 */
void tly_report__json_annotator_periods(tly_buf *b, const tly_report__view *v, uint32_t annotator);
void tly_report__json_leaderboard(tly_buf *b, const tly_report__view *v);

/* A JSON string, or null when S is NULL. */
void tly_report__json_str(tly_buf *b, const char *s);
/* PREFIX (a `,"key":` fragment) then V as a JSON number (NaN -> null). */
void tly_report__json_num(tly_buf *b, const char *prefix, double v);
/*
 * `,"KEY":` then statistic T as {"value", "ci95": [lo, hi] or null, "n"}:
 * value null when undefined or computed from no unit (n = 0).
 */
void tly_report__json_stat(tly_buf *b, const char *key, const tly_stat *t);
/* PREFIX then the interval CI as [lo, hi], or null when it is undefined (no trials). */
void tly_report__json_ci(tly_buf *b, const char *prefix, const double ci[2]);
/*
 * An annotator's counts object (json_tables.c): the derived figures, the
 * counts, then the Wilson intervals of precision, recall and label accuracy
 * and, with F1_CI, F1's interval (the audit over time has it). The
 * intervals come last so that every earlier key keeps its place for
 * existing readers.
 */
void tly_report__json_counts(tly_buf *b, const tly_counts *c, int f1_ci);
/* Separator before array item I of a top-level table: one record per line. */
void tly_report__json_row(tly_buf *b, size_t i);
/* Close a top-level table of N records. */
void tly_report__json_end_table(tly_buf *b, size_t n);

#endif
