/*
 * Renders a run's agreement and audit report (SPEC §6): JSON with the
 * top-level keys run, summary, images, annotators, pairs, classes,
 * statistics (label-map figures inside images, annotators, pairs, classes
 * and summary; the audit over time in annotators[].periods and
 * statistics.leaderboard); CSV, one file per table; a self-contained HTML page.
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

/* Parse a format name ("json", "csv", "html"); TLY_EARG naming it when unknown. */
TLY_EXTERN int tly_report_format_parse(tly_report_format *out, const char *name);

/*
 * Render the JSON or HTML report of R (a run over DS) into a new
 * NUL-terminated string *out (caller frees with free()); *len its length.
 * CSV is a folder of tables: TLY_EARG here, use tly_report_write. R must
 * index DS (TLY_EARG naming the first bad index otherwise). The JSON
 * embeds the run's rules after checking them with cJSON's parser, so,
 * like any cJSON parse, call it from one thread at a time. On failure
 * *out is NULL and *len 0.
 */
TLY_EXTERN int tly_report_render(char **out, size_t *len, tly_report_format fmt,
				 const tly_dataset *ds, const tly_result *r);

/*
 * Write the report to PATH: a file for JSON and HTML, a folder (created
 * with its parents when missing) of images.csv, annotators.csv, pairs.csv,
 * classes.csv, conflicts.csv, statistics.csv and the label-map tables
 * map_audits.csv, semantic.csv, panoptic.csv and map_pairs.csv (header only
 * when the run has no label maps), periods.csv and leaderboard.csv for CSV. Each file is written to a
 * temporary name and renamed. 0, or TLY_EIO / TLY_EARG / TLY_ENOMEM.
 */
TLY_EXTERN int tly_report_write(const char *path, tly_report_format fmt,
				const tly_dataset *ds, const tly_result *r);

#endif
