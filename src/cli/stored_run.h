/*
 * Opening a store and loading one of its runs, shared by report and export
 * (and run, which also needs a store that exists).
 */
#ifndef TLY_CLI_STORED_RUN_H
#define TLY_CLI_STORED_RUN_H

#include <tally.h>

typedef struct {
	tly_store *st;
	tly_dataset ds;
	tly_result result;
} tly_stored_run;

void tly_stored_run_init(tly_stored_run *sr);
void tly_stored_run_clear(tly_stored_run *sr);

/* Open the store DB, which must exist; exit status, errors printed. */
int tly_cli_open_existing(tly_store **out, const char *db);

/* Open DB (NULL = tally.db) and load run RUN (NULL = latest); exit status, errors printed. */
int tly_stored_run_load(tly_stored_run *sr, const char *db, const char *run);

#endif
