/*
 * Parsed files waiting to be stored: ingest and consensus parse every file
 * before writing any, so one bad file leaves the store as it was.
 */
#ifndef TLY_CLI_BATCHES_H
#define TLY_CLI_BATCHES_H

#include <stdio.h>

#include <tally.h>

typedef struct {
	tly_batch *items;
	const char **overrides; /* --annotator (or NAME of NAME=PATH) per batch; borrowed */
	size_t n, cap;
} tly_cli_batches;

void tly_cli_batches_clear(tly_cli_batches *b);

/* Expand PATH and parse each file it stands for, appending to B. */
int tly_cli_batches_parse(tly_cli_batches *b, const char *path, const tly_ingest_options *io);

/*
 * Store every batch, each a savepoint inside one transaction, so a refused
 * file leaves the store as it was; then LOG (or NULL) gets a line per file.
 */
int tly_cli_batches_store(tly_cli_batches *b, tly_store *st, FILE *log);

#endif
