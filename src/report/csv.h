/*
 * The CSV report: one file per table (images, annotators, pairs, classes,
 * conflicts) in a folder, RFC 4180 quoting, undefined numbers as empty fields.
 */
#ifndef TLY_REPORT_CSV_H
#define TLY_REPORT_CSV_H

#include "report/view.h"

/* Create DIR (and missing parents) and write the five tables into it. */
int tly_report__csv_write(const char *dir, const tly_report__view *v);

#endif
