/*
 * Opening and closing the store: tell a tally file from anything else,
 * apply the migration steps of schema.c it lacks (one transaction), and
 * set the connection up (foreign keys, WAL, busy timeout). Also the small
 * SQLite helpers declared in store/store.h.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "store/schema.h"
#include "store/store.h"
#include "tally/error.h"
#include "util/alloc.h"

/* Writers wait this long for another process's transaction to end. */
#define BUSY_TIMEOUT_MS 5000

int tly_store__fail(tly_store *st)
{
	/* SQLite only finds out on the first read; say it the way a user needs it. */
	if (sqlite3_errcode(st->db) == SQLITE_NOTADB)
		return tly_error_set(TLY_ESTORE, "%s: not a tally store (not an SQLite database)", st->path);
	return tly_error_set(TLY_ESTORE, "%s: %s", st->path, sqlite3_errmsg(st->db));
}

int tly_store__exec(tly_store *st, const char *sql)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return tly_store__fail(st);
	return 0;
}

int tly_store__prepare(sqlite3_stmt **out, tly_store *st, const char *sql)
{
	*out = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK) {
		sqlite3_finalize(*out);
		*out = NULL;
		return tly_store__fail(st);
	}
	return 0;
}

int tly_store__prepare_all(sqlite3_stmt **stmts, tly_store *st, const char *const *sql, size_t n)
{
	size_t i;
	int error;

	for (i = 0; i < n; i++)
		stmts[i] = NULL;
	for (i = 0; i < n; i++) {
		if ((error = tly_store__prepare(&stmts[i], st, sql[i])) < 0) {
			tly_store__finalize_all(stmts, n);
			return error;
		}
	}
	return 0;
}

void tly_store__finalize_all(sqlite3_stmt **stmts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sqlite3_finalize(stmts[i]);
		stmts[i] = NULL;
	}
}

int tly_store__step_done(tly_store *st, sqlite3_stmt *s, int bind_rc)
{
	int error = 0;

	if (bind_rc != SQLITE_OK || sqlite3_step(s) != SQLITE_DONE)
		error = tly_store__fail(st);
	sqlite3_reset(s);
	return error;
}

int tly_store__step_int64(int64_t *out, int *found, tly_store *st, sqlite3_stmt *s, int bind_rc)
{
	int error = 0, rc;

	*out = 0;
	*found = 0;
	rc = bind_rc == SQLITE_OK ? sqlite3_step(s) : bind_rc;
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		*found = 1;
	} else if (rc != SQLITE_DONE) {
		error = tly_store__fail(st);
	}
	sqlite3_reset(s);
	return error;
}

/*
 * Inside an outer transaction (tly_store_begin) each inner one is a
 * savepoint, so a failed file rolls back alone and the caller can still
 * roll back everything.
 */
int tly_store__begin_write(tly_store *st)
{
	if (st->outer)
		return tly_store__exec(st, "SAVEPOINT tly_inner");
	/* IMMEDIATE takes the write lock now, so a check-then-insert is atomic. */
	return tly_store__exec(st, "BEGIN IMMEDIATE");
}

int tly_store__begin_read(tly_store *st)
{
	if (st->outer)
		return tly_store__exec(st, "SAVEPOINT tly_inner");
	return tly_store__exec(st, "BEGIN");
}

int tly_store__commit(tly_store *st)
{
	if (st->outer)
		return tly_store__exec(st, "RELEASE tly_inner");
	return tly_store__exec(st, "COMMIT");
}

void tly_store__rollback(tly_store *st)
{
	if (st->outer) {
		if (!sqlite3_get_autocommit(st->db)) {
			sqlite3_exec(st->db, "ROLLBACK TO tly_inner", NULL, NULL, NULL);
			sqlite3_exec(st->db, "RELEASE tly_inner", NULL, NULL, NULL);
		}
		return;
	}
	/* SQLite rolls back by itself on some errors (SQLITE_FULL, IOERR). */
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int tly_store_begin(tly_store *st)
{
	int error;

	if (!st || st->outer)
		return tly_error_set(TLY_EARG, "tly_store_begin: %s", st ? "already in a transaction" : "no store");
	if ((error = tly_store__exec(st, "BEGIN IMMEDIATE")) == 0)
		st->outer = 1;
	return error;
}

int tly_store_commit(tly_store *st)
{
	int error;

	if (!st || !st->outer)
		return tly_error_set(TLY_EARG, "tly_store_commit: no transaction");
	error = tly_store__exec(st, "COMMIT");
	if (error)
		tly_store_rollback(st);
	st->outer = 0;
	return error;
}

void tly_store_rollback(tly_store *st)
{
	if (!st || !st->outer)
		return;
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->outer = 0;
}

int tly_store__each_row(tly_store *st, const char *sql, int64_t bind1,
			int (*row)(void *ctx, sqlite3_stmt *s), void *ctx)
{
	sqlite3_stmt *s = NULL;
	int rc, error;

	if ((error = tly_store__prepare(&s, st, sql)) < 0)
		return error;
	if (sqlite3_bind_parameter_count(s) > 0 && sqlite3_bind_int64(s, 1, bind1) != SQLITE_OK) {
		error = tly_store__fail(st);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((error = row(ctx, s)) < 0)
			goto out;
	if (rc != SQLITE_DONE)
		error = tly_store__fail(st);
out:
	sqlite3_finalize(s);
	return error;
}

int tly_store__bind_double(sqlite3_stmt *s, int col, double v)
{
	return isnan(v) ? sqlite3_bind_null(s, col) : sqlite3_bind_double(s, col, v);
}

double tly_store__column_double(sqlite3_stmt *s, int col)
{
	if (sqlite3_column_type(s, col) == SQLITE_NULL)
		return NAN;
	return sqlite3_column_double(s, col);
}

int tly_store_schema_version(void)
{
	size_t n;
	const tly_store_migration *steps = tly_store__migrations(&n);

	return steps[n - 1].version;
}

/* What the file's header says it is. */
typedef struct {
	int64_t application_id;
	int64_t user_version;
	int64_t objects; /* rows in sqlite_master: 0 for a new or empty file */
} header;

static int read_header(header *h, tly_store *st)
{
	static const char *const sql[] = {
		"PRAGMA application_id",
		"PRAGMA user_version",
		"SELECT count(*) FROM sqlite_master",
	};
	int64_t *fields[] = {&h->application_id, &h->user_version, &h->objects};
	sqlite3_stmt *s = NULL;
	size_t i;
	int found, error = 0;

	for (i = 0; i < sizeof(sql) / sizeof(sql[0]) && !error; i++) {
		/* The first read of a file that is not SQLite fails here (SQLITE_NOTADB). */
		if ((error = tly_store__prepare(&s, st, sql[i])) < 0)
			break;
		error = tly_store__step_int64(fields[i], &found, st, s, SQLITE_OK);
		if (!error && !found)
			error = tly_store__fail(st);
		sqlite3_finalize(s);
		s = NULL;
	}
	return error;
}

/* 0 when H is a tally store this build reads, or a new empty file. */
static int check_header(tly_store *st, const header *h)
{
	int known = tly_store_schema_version();

	if (h->application_id == TLY_STORE_APPLICATION_ID) {
		if (h->user_version > known)
			return tly_error_set(TLY_ESTORE,
					     "%s: store schema version %lld is newer than this tally (%d)",
					     st->path, (long long)h->user_version, known);
		return 0;
	}
	if (h->application_id == 0 && h->user_version == 0 && h->objects == 0)
		return 0;
	return tly_error_set(TLY_ESTORE, "%s: not a tally store (an SQLite database of another program)",
			     st->path);
}

/* Apply the migration steps the file lacks, all in one transaction. */
static int migrate(tly_store *st, const header *before)
{
	size_t i, j, n;
	const tly_store_migration *steps = tly_store__migrations(&n);
	char pragma[64];
	header h;
	int error;

	if (before->user_version == tly_store_schema_version())
		return 0;
	if ((error = tly_store__begin_write(st)) < 0)
		return error;
	/* Another process may have migrated it between the first look and the lock. */
	if ((error = read_header(&h, st)) < 0 || (error = check_header(st, &h)) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (steps[i].version <= h.user_version)
			continue;
		for (j = 0; steps[i].sql[j]; j++)
			if ((error = tly_store__exec(st, steps[i].sql[j])) < 0)
				goto out;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", steps[i].version);
		if ((error = tly_store__exec(st, pragma)) < 0)
			goto out;
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA application_id = %d", TLY_STORE_APPLICATION_ID);
	if ((error = tly_store__exec(st, pragma)) < 0)
		goto out;
	error = tly_store__commit(st);
out:
	if (error < 0)
		tly_store__rollback(st);
	return error;
}

int tly_store_open(tly_store **out, const char *path)
{
	tly_store *st = NULL;
	header h;
	int error = 0;

	if (!out || !path || !path[0])
		return tly_error_set(TLY_EARG, "tly_store_open: no path");
	*out = NULL;
	if (!(st = tly_calloc(1, sizeof(*st))) || !(st->path = tly_strdup(path))) {
		error = TLY_ENOMEM;
		goto out;
	}
	/* NOMUTEX: a handle is used by one thread at a time (store.h), so SQLite need not lock it. */
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		error = st->db ? tly_store__fail(st)
			       : tly_error_set(TLY_ESTORE, "%s: cannot open the store", path);
		goto out;
	}
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	if ((error = read_header(&h, st)) < 0 || (error = check_header(st, &h)) < 0)
		goto out;
	/*
	 * Only now that the file is known to be ours (or new) may it be changed:
	 * WAL lets reports read while an ingest writes; NORMAL sync is safe in WAL.
	 */
	if ((error = tly_store__exec(st, "PRAGMA foreign_keys = ON;"
					 "PRAGMA journal_mode = WAL;"
					 "PRAGMA synchronous = NORMAL")) < 0)
		goto out;
	error = migrate(st, &h);
out:
	if (error < 0) {
		tly_store_close(st);
		return error;
	}
	*out = st;
	return 0;
}

void tly_store_close(tly_store *st)
{
	if (!st)
		return;
	/* Every statement is finalized by the function that prepared it. */
	sqlite3_close(st->db);
	tly_free(st->path);
	tly_free(st);
}

int tly_store__bind_counts(sqlite3_stmt *s, int col, const tly_counts *c)
{
	int rc = sqlite3_bind_int64(s, col, c->images);

	rc |= sqlite3_bind_int64(s, col + 1, (sqlite3_int64)c->tp);
	rc |= sqlite3_bind_int64(s, col + 2, (sqlite3_int64)c->fp);
	rc |= sqlite3_bind_int64(s, col + 3, (sqlite3_int64)c->fn);
	rc |= sqlite3_bind_int64(s, col + 4, (sqlite3_int64)c->matched);
	rc |= sqlite3_bind_double(s, col + 5, c->iou_sum);
	rc |= sqlite3_bind_int64(s, col + 6, (sqlite3_int64)c->label_correct);
	rc |= sqlite3_bind_int64(s, col + 7, (sqlite3_int64)c->label_total);
	return rc;
}

void tly_store__column_counts(tly_counts *c, sqlite3_stmt *s, int col)
{
	c->images = (uint32_t)sqlite3_column_int64(s, col);
	c->tp = (uint64_t)sqlite3_column_int64(s, col + 1);
	c->fp = (uint64_t)sqlite3_column_int64(s, col + 2);
	c->fn = (uint64_t)sqlite3_column_int64(s, col + 3);
	c->matched = (uint64_t)sqlite3_column_int64(s, col + 4);
	c->iou_sum = sqlite3_column_double(s, col + 5);
	c->label_correct = (uint64_t)sqlite3_column_int64(s, col + 6);
	c->label_total = (uint64_t)sqlite3_column_int64(s, col + 7);
}
