/*
 * The SQLite store: one file holding every ingested annotation, every run
 * and its results. Schema versioned with PRAGMA user_version; foreign keys
 * on; WAL; each write is one transaction, so a failure leaves it unchanged.
 */
#ifndef TALLY_STORE_H
#define TALLY_STORE_H

#include "types.h"
#include "batch.h"
#include "dataset.h"
#include "result.h"

/*
 * Open (creating and migrating when needed) the store at PATH.
 * Fails with TLY_ESTORE when the file is not a tally store or is newer
 * than this build. *out is the caller's: close with tly_store_close.
 * A store handle is used by one thread at a time.
 */
TLY_EXTERN int tly_store_open(tly_store **out, const char *path);

/* Close the store. NULL-safe. */
TLY_EXTERN void tly_store_close(tly_store *st);

/* The schema version this build writes. */
TLY_EXTERN int tly_store_schema_version(void);

/* What one tly_store_write_batch did, for the command's summary line. */
typedef struct {
	int skipped;            /* 1: a source with the same hash, annotator override and gold flag was already stored */
	size_t images_new;
	size_t submissions;     /* submissions written */
	size_t submissions_replaced; /* earlier submissions of the same (image, annotator, task, gold) replaced */
	size_t objects;
	size_t tags;
} tly_store_write_stats;

/*
 * Store one parsed file in one transaction. `annotator_override` is the
 * --annotator given on the command line (NULL when none), recorded with the
 * source for idempotence. A submission for an (image, annotator, task, gold)
 * that already exists is replaced by the new one: the newest file wins.
 * On any error nothing is written.
 */
TLY_EXTERN int tly_store_write_batch(tly_store_write_stats *stats, tly_store *st,
				     const tly_batch *batch, const char *annotator_override);

/* Load every annotation into *ds (caller clears it). */
TLY_EXTERN int tly_store_load_dataset(tly_dataset *ds, tly_store *st);

/*
 * Save a run's result (indices relative to DS) in one transaction; sets
 * r->run_id.
 */
TLY_EXTERN int tly_store_save_result(tly_store *st, const tly_dataset *ds, tly_result *r);

/*
 * Load run RUN_ID (0 = the latest) into *r, with the dataset it indexes
 * loaded into *ds. TLY_ENOTFOUND when there is no such run.
 */
TLY_EXTERN int tly_store_load_result(tly_result *r, tly_dataset *ds, tly_store *st, int64_t run_id);

#endif
