/*
 * The CSV report: one file per table (images, annotators, pairs, classes,
 * conflicts, tie_votes, statistics, the label-map tables map_audits, semantic,
 * panoptic, map_pairs, the audit over time periods and leaderboard, and
 * reliability, reliability_confusion; staple_classes only when the run has
 * semantic STAPLE rates) in a folder, RFC 4180 quoting, undefined numbers
 * as empty fields.
 */
#ifndef TLY_REPORT_CSV_H
#define TLY_REPORT_CSV_H

#include "report/view.h"
#include "util/buf.h"

/* Create DIR (and missing parents) and write every table into it. */
int tly_report__csv_write(const char *dir, const tly_report__view *v);

/* A comma then V (shortest round-trip form), nothing after the comma when undefined. */
void tly_report__csv_num(tly_buf *b, double v);
/* A comma (unless FIRST) then S as a CSV field; NULL is an empty field. */
void tly_report__csv_name(tly_buf *b, const char *s, int first);

/* csv_seg.c: the images.csv label-map columns (a comma first), then the row's end. */
void tly_report__csv_image_maps(tly_buf *b, const tly_report__view *v, const tly_image_stats *s);
/* csv_seg.c: the label-map tables. */
void tly_report__csv_map_audits(tly_buf *b, const tly_report__view *v);
void tly_report__csv_semantic(tly_buf *b, const tly_report__view *v);
void tly_report__csv_panoptic(tly_buf *b, const tly_report__view *v);
void tly_report__csv_map_pairs(tly_buf *b, const tly_report__view *v);

/* csv_periods.c: the audit over time, periods.csv and leaderboard.csv. */
void tly_report__csv_periods(tly_buf *b, const tly_report__view *v);
void tly_report__csv_leaderboard(tly_buf *b, const tly_report__view *v);

#endif
