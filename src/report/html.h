/*
 * The HTML report: one self-contained page (inline CSS and SVG, no script,
 * nothing fetched). html.c writes the frame, the run summary and the
 * flagged images; html_tables.c the annotator, pair and class tables.
 */
#ifndef TLY_REPORT_HTML_H
#define TLY_REPORT_HTML_H

#include "report/view.h"
#include "util/buf.h"

/* Write the whole page. */
void tly_report__html(tly_buf *b, const tly_report__view *v);

void tly_report__html_annotators(tly_buf *b, const tly_report__view *v);
void tly_report__html_pairs(tly_buf *b, const tly_report__view *v);
void tly_report__html_classes(tly_buf *b, const tly_report__view *v);

/* S with & < > " ' escaped; a dash when S is NULL. */
void tly_report__html_text(tly_buf *b, const char *s);
/* A right-aligned table cell holding V with 3 decimals, or "n/a" when undefined. */
void tly_report__html_num(tly_buf *b, double v);

#endif
