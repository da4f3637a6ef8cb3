/*
 * Readers for annotation exports: detect the format of a file or folder
 * and parse it into tly_batch values (one per file), without touching the
 * store. Formats now: COCO detection JSON, LabelMe JSON, CSV image labels.
 */
#ifndef TALLY_INGEST_H
#define TALLY_INGEST_H

#include "types.h"
#include "batch.h"

typedef struct {
	const char *annotator; /* --annotator, or NULL: required when the file names none */
	const char *format;    /* --format, or NULL to detect ("coco", "labelme", "csv") */
	int gold;              /* --gold */
} tly_ingest_options;

#define TLY_INGEST_OPTIONS_INIT {NULL, NULL, 0}

/*
 * Detect the format of one file from its content (and name). Returns a
 * static name or NULL with TLY_EINPUT set when it is none tally reads.
 */
TLY_EXTERN const char *tly_ingest_detect(const char *path, const char *content, size_t len);

/*
 * Parse one file into *batch (tly_batch_init'ed by the caller). Errors are
 * TLY_EINPUT with "FILE:LINE:COL: message" or "FILE: json.path: message".
 */
TLY_EXTERN int tly_ingest_file(tly_batch *batch, const char *path, const tly_ingest_options *opts);

/*
 * List the files that PATH stands for, in byte order of their paths: PATH
 * itself when a file, else the files of the folder (recursively) whose
 * format is readable (by extension .json/.csv). *paths is the caller's
 * (free each and the array with tly_free via tly_ingest_paths_free).
 */
TLY_EXTERN int tly_ingest_expand(char ***paths, size_t *n, const char *path);
TLY_EXTERN void tly_ingest_paths_free(char **paths, size_t n);

#endif
