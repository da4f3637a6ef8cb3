/*
 * Renders a run's agreement and audit report (SPEC §6): JSON with the
 * top-level keys run, summary, images, annotators, pairs, classes,
 * statistics; CSV, one file per table; a self-contained HTML page.
 */
#ifndef TALLY_REPORT_H
#define TALLY_REPORT_H

#include "types.h"
#include "dataset.h"
#include "result.h"

typedef enum {
	TLY_REPORT_JSON = 0,
	TLY_REPORT_CSV = 1,
	TLY_REPORT_HTML = 2
} tly_report_format;

/*
 * Render the JSON or HTML report into a new NUL-terminated string *out
 * (caller frees with free()); *len its length.
 */
TLY_EXTERN int tly_report_render(char **out, size_t *len, tly_report_format fmt,
				 const tly_dataset *ds, const tly_result *r);

/*
 * Write the report to PATH: a file for JSON and HTML, a folder (created
 * when missing) of images.csv, annotators.csv, pairs.csv, classes.csv and
 * conflicts.csv for CSV.
 */
TLY_EXTERN int tly_report_write(const char *path, tly_report_format fmt,
				const tly_dataset *ds, const tly_result *r);

#endif
