/*
 * The store's private side: the real struct tly_store and the small SQLite
 * helpers every store file uses (errors as "DBFILE: sqlite message", NaN <->
 * NULL, transactions that roll back without overwriting the first error).
 */
#ifndef TLY_STORE_STORE_H
#define TLY_STORE_STORE_H

#include <sqlite3.h>

#include "tally/store.h"

struct tly_store {
	sqlite3 *db;
	char *path; /* as given to tly_store_open: prefixes every message */
	int outer;  /* 1 inside tly_store_begin: inner transactions become savepoints */
};

/*
 * PRAGMA application_id of a tally store ("TLLY"): tells a tally file from
 * another program's SQLite database before anything is written to it.
 */
#define TLY_STORE_APPLICATION_ID 0x544C4C59

/* Set TLY_ESTORE "PATH: <sqlite's message>" and return TLY_ESTORE. */
int tly_store__fail(tly_store *st);

/* Run SQL that returns no rows (may hold several statements). */
int tly_store__exec(tly_store *st, const char *sql);

/* Prepare one statement; *out is NULL on failure. */
int tly_store__prepare(sqlite3_stmt **out, tly_store *st, const char *sql);

/*
 * Prepare N statements from SQL[i] into STMTS[i] (all NULL on failure);
 * release them with tly_store__finalize_all (NULL entries are fine).
 */
int tly_store__prepare_all(sqlite3_stmt **stmts, tly_store *st, const char *const *sql, size_t n);
void tly_store__finalize_all(sqlite3_stmt **stmts, size_t n);

/*
 * Step a statement that returns no row, then reset it for the next bind.
 * BIND_RC is the OR of the sqlite3_bind_* results (0 when all succeeded),
 * so a failed bind is reported instead of silently writing NULL.
 */
int tly_store__step_done(tly_store *st, sqlite3_stmt *s, int bind_rc);

/*
 * Step a statement expected to return one integer (a count, an id);
 * *found = 0 when it returned no row. Resets the statement.
 */
int tly_store__step_int64(int64_t *out, int *found, tly_store *st, sqlite3_stmt *s, int bind_rc);

/* BEGIN IMMEDIATE (write) or BEGIN (read snapshot); COMMIT. */
int tly_store__begin_write(tly_store *st);
int tly_store__begin_read(tly_store *st);
int tly_store__commit(tly_store *st);

/*
 * ROLLBACK when a transaction is open (SQLite may already have rolled back
 * on I/O errors); never touches the error message the caller has set.
 */
void tly_store__rollback(tly_store *st);

/*
 * Prepare SQL, bind ?1 to BIND1 when SQL has a parameter, and call
 * ROW(CTX, statement) for each row until one returns an error. Returns 0,
 * ROW's error, or TLY_ESTORE when SQLite fails. The statement is finalized.
 */
int tly_store__each_row(tly_store *st, const char *sql, int64_t bind1,
			int (*row)(void *ctx, sqlite3_stmt *s), void *ctx);

/* Bind a double, NaN (undefined) as NULL. */
int tly_store__bind_double(sqlite3_stmt *s, int col, double v);

/* A double column, NULL as NaN. */
double tly_store__column_double(sqlite3_stmt *s, int col);

/*
 * A tly_counts as 8 parameters / columns from COL on: images, tp, fp, fn,
 * matched, iou_sum, label_correct, label_total (annotator_stats and
 * annotator_periods store them so). Bind returns SQLite's codes or-ed.
 */
int tly_store__bind_counts(sqlite3_stmt *s, int col, const tly_counts *c);
void tly_store__column_counts(tly_counts *c, sqlite3_stmt *s, int col);

#endif
