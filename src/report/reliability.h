/*
 * The reliability part of the reports (vote.weights and vote.mask staple,
 * issue 4): json_reliability.c writes annotators[].reliability and
 * statistics.reliability, csv_reliability.c the tables reliability.csv,
 * reliability_confusion.csv and (semantic STAPLE) staple_classes.csv,
 * html_reliability.c the page's section. All say nothing for a run whose
 * rules weigh nothing (n_reliability 0).
 */
#ifndef TLY_REPORT_RELIABILITY_H
#define TLY_REPORT_RELIABILITY_H

#include "report/view.h"
#include "util/buf.h"

/* "equal", "gold", "dawid-skene" or "one-coin" (the rules' spelling). */
const char *tly_report__model_name(tly_weights_policy w);

/* Whether the run voted any mask cluster by STAPLE (so STAPLE figures exist). */
int tly_report__any_staple(const tly_result *r);

/*
 * ANNOTATOR's rows of r->map_staple_rates (semantic STAPLE, by annotator
 * then category): returns the first, *end gets one past the last (both the
 * same when it has none).
 */
size_t tly_report__staple_rates_of(const tly_result *r, uint32_t annotator, size_t *end);

/* `,"reliability":{...}` of ANNOTATOR's record, or nothing when the run has no reliability. */
void tly_report__json_annotator_reliability(tly_buf *b, const tly_report__view *v, uint32_t annotator);

/* `,"reliability":{...}` of the statistics section, or nothing. */
void tly_report__json_statistics_reliability(tly_buf *b, const tly_report__view *v);

/* reliability.csv: one row per annotator (a header alone when the run has no reliability). */
void tly_report__csv_reliability(tly_buf *b, const tly_report__view *v);

/* reliability_confusion.csv: dawid-skene's cells, one row per (annotator, true, given). */
void tly_report__csv_reliability_confusion(tly_buf *b, const tly_report__view *v);

/* Whether the run has semantic STAPLE rates (so staple_classes.csv is written). */
int tly_report__has_staple_classes(const tly_report__view *v);

/* staple_classes.csv: semantic STAPLE's rates, one row per (annotator, class). */
void tly_report__csv_staple_classes(tly_buf *b, const tly_report__view *v);

/* The page's "Reliability" section, or nothing. */
void tly_report__html_reliability(tly_buf *b, const tly_report__view *v);

#endif
