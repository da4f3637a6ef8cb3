/*
 * The JSON report (SPEC §6): json.c writes the document and its run,
 * summary and statistics sections; json_images.c the images; json_tables.c
 * the annotators, pairs and classes. All write into one tly_buf.
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

/* A JSON string, or null when S is NULL. */
void tly_report__json_str(tly_buf *b, const char *s);
/* PREFIX (a `,"key":` fragment) then V as a JSON number (NaN -> null). */
void tly_report__json_num(tly_buf *b, const char *prefix, double v);
/* Separator before array item I of a top-level table: one record per line. */
void tly_report__json_row(tly_buf *b, size_t i);
/* Close a top-level table of N records. */
void tly_report__json_end_table(tly_buf *b, size_t n);

#endif
