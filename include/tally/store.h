/*
 * The SQLite store: one file holding every ingested annotation, every run
 * and its results. Schema versioned with PRAGMA user_version (migrations in
 * src/store/schema.c, which documents every table and column); foreign keys
 * on; WAL; each write is one transaction, so a failure leaves it unchanged.
 * Errors from SQLite are TLY_ESTORE with "DBFILE: sqlite's message".
 */
#ifndef TALLY_STORE_H
#define TALLY_STORE_H

#include "types.h"
#include "batch.h"
#include "dataset.h"
#include "result.h"

/*
 * Open (creating and migrating when needed) the store at PATH. A missing
 * or empty file becomes a new store; an older one is migrated in one
 * transaction. Fails with TLY_ESTORE, leaving the file untouched, when it is
 * not SQLite ("PATH: not a tally store (not an SQLite database)"), another
 * program's database, or newer than this build ("PATH: store schema
 * version N is newer than this tally (M)"). *out is the caller's (NULL on
 * failure): close with tly_store_close. A store handle is used by one
 * thread at a time; several processes may open one file (writers wait up
 * to 5 s for each other).
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
	size_t maps;            /* label maps written (each replaces an earlier map of the same
				 * (image, annotator, gold), if any) */
} tly_store_write_stats;

/*
 * Store one parsed file in one transaction. `annotator_override` is the
 * --annotator given on the command line (NULL when none): the names in the
 * batch are used as they are, the override is only recorded with the source,
 * because it is part of the file's identity. A file already stored with the
 * same (sha256, override, gold) is skipped (stats->skipped = 1, nothing
 * written). Images, annotators and categories are matched by name; an
 * image's unknown (0) size is filled in, a different known size is
 * TLY_EINPUT naming the file, image and both sizes. A submission is gold
 * when its own gold flag or batch->gold is set; a label map when
 * batch->gold is. A submission for an (image, annotator, task, gold) that
 * already exists is replaced by the new one (same id, objects and tags
 * rewritten): the newest file wins. A label map of an (image, annotator,
 * gold) that exists is replaced too (a new label_maps row and id; its
 * classes rewritten); the map's size must be its image's (an unknown 0
 * size is filled from it; another size is TLY_EINPUT naming the file, the
 * image, the annotator and both sizes). Over TLY_MAX_ANNOTATORS,
 * TLY_MAX_CATEGORIES or TLY_MAX_OBJECTS_IMAGE (one image, all annotators)
 * is TLY_ELIMIT naming the cap. On any error nothing is written and *stats
 * is zero. STATS may be NULL; the batch is not modified.
 */
TLY_EXTERN int tly_store_write_batch(tly_store_write_stats *stats, tly_store *st,
				     const tly_batch *batch, const char *annotator_override);

/*
 * An outer transaction around several writes (the command's ingest of many
 * files): inside it each write is a savepoint, and tly_store_rollback undoes
 * them all, so a bad file anywhere leaves the store as it was. begin fails
 * with TLY_EARG when a transaction is already open, commit with TLY_EARG
 * when none is (TLY_ESTORE, rolled back, when SQLite refuses the commit).
 */
TLY_EXTERN int tly_store_begin(tly_store *st);
/* Commit the outer transaction opened by tly_store_begin. */
TLY_EXTERN int tly_store_commit(tly_store *st);
/* Undo everything since tly_store_begin; a no-op without one. NULL-safe. */
TLY_EXTERN void tly_store_rollback(tly_store *st);

/*
 * Create the categories NAMES[0..n) that the store does not hold yet (a
 * run's canonical labels no file used: rules key aliases), in one
 * transaction; names already there are left as they are. *created (may be
 * NULL) gets how many were made. Returns 0, TLY_EARG (NULL or empty name,
 * over TLY_MAX_STRING), TLY_ELIMIT (over TLY_MAX_CATEGORIES) or
 * TLY_ESTORE; on error the store is unchanged.
 */
TLY_EXTERN int tly_store_ensure_categories(size_t *created, tly_store *st, const char *const *names,
					   size_t n);

/*
 * Load every annotation into *ds, ordered as tally/dataset.h documents,
 * from one consistent snapshot. *ds is overwritten (not freed) first; on
 * success it is the caller's, to free with tly_dataset_clear; on error it
 * is left empty.
 */
TLY_EXTERN int tly_store_load_dataset(tly_dataset *ds, tly_store *st);

/*
 * Save a run's result (indices relative to DS, the dataset the run read)
 * as a new run, in one transaction; NaN figures are stored as NULL. Every
 * index is checked against DS first (TLY_EARG naming the entry). On success
 * sets r->run_id, fills an empty r->rules_sha256 with the hash of
 * r->rules_json (required), and a NULL r->created_at with the current UTC
 * time; on error R and the store are unchanged.
 */
TLY_EXTERN int tly_store_save_result(tly_store *st, const tly_dataset *ds, tly_result *r);

/*
 * Load run RUN_ID (0 = the latest) into *r, with the store's current
 * dataset loaded into *ds, both from one snapshot, and the result's indices
 * mapped onto that dataset. Images, annotators and categories never leave
 * the store, so an older run maps exactly; ones added since the run get
 * neutral entries (no voters, zero counts, NaN figures) so r->images,
 * r->annotators and r->classes stay one per dataset entry, in its order.
 * A run saved before schema version 4 has no label-map results (empty
 * cons_maps ... panoptic, voters_maps 0, agreement_maps NaN, iscrowd 0).
 * Member and conflict object ids are those the run saw (a replaced
 * submission's objects may no longer be in *ds). TLY_ENOTFOUND "DBFILE: run
 * N not found" (or "no run stored yet" for 0). *r and *ds are overwritten
 * first; the caller frees them with tly_result_clear / tly_dataset_clear;
 * on error both are left empty.
 */
TLY_EXTERN int tly_store_load_result(tly_result *r, tly_dataset *ds, tly_store *st, int64_t run_id);

#endif
