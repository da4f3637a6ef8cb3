/*
 * Helpers shared by the store tests (static inline: each test binary is one
 * file): a temporary store path under /tmp, and an independent sqlite3
 * connection to look at what the store wrote (row counts, single values,
 * the file's SHA-256) without going through the code under test.
 */
#ifndef TLY_TEST_STORE_FIXTURE_H
#define TLY_TEST_STORE_FIXTURE_H

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tally/store.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/sha256.h"

#define TMPDB_SIZE 64

/* The last error message is EXPECT (printing both when not). */
#define CHECK_MESSAGE(expect)                                                                   \
	do {                                                                                    \
		if (strcmp(tly_error_last(), (expect)) != 0)                                    \
			fprintf(stderr, "%s:%d: message\n  got:      %s\n  expected: %s\n",      \
				__FILE__, __LINE__, tly_error_last(), (expect));                \
		CU_ASSERT_STRING_EQUAL(tly_error_last(), (expect));                             \
	} while (0)

/* A fresh empty file /tmp/tally-store-XXXXXX (SQLite takes an empty file as a new database). */
static inline void tmpdb_make(char path[TMPDB_SIZE])
{
	int fd;

	snprintf(path, TMPDB_SIZE, "/tmp/tally-store-XXXXXX");
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
}

/* Delete the store and the files SQLite keeps beside it. */
static inline void tmpdb_remove(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[TMPDB_SIZE + 16];
	size_t i;

	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
		unlink(p);
	}
}

/* The single integer SQL returns, read through a separate connection; -1 on NULL or error. */
static inline long long sql_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	long long v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(s, 0);
	else if (db)
		fprintf(stderr, "sql_int(%s): %s\n", sql, sqlite3_errmsg(db));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* The single real SQL returns; NaN on NULL or error. */
static inline double sql_double(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	double v = NAN;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = sqlite3_column_double(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* The single text SQL returns, copied into out ("<NULL>" for NULL, "<ERROR>" on error). */
static inline void sql_text(char *out, size_t size, const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;

	snprintf(out, size, "<ERROR>");
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		snprintf(out, size, "%s", sqlite3_column_type(s, 0) == SQLITE_NULL
					       ? "<NULL>" : (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* Run SQL on the file directly (to plant bad states); 0 on success. */
static inline int sql_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc = SQLITE_ERROR;

	if (sqlite3_open(path, &db) == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		fprintf(stderr, "sql_exec(%s): %s\n", sql, db ? sqlite3_errmsg(db) : "no db");
	sqlite3_close(db);
	return rc;
}

/* Rows in TABLE. */
static inline long long table_rows(const char *path, const char *table)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	return sql_int(path, sql);
}

/* Every table of the current store (version 11), for "nothing changed" checks. */
static const char *const store_tables[] = {
	"images", "annotators", "categories", "sources", "submissions", "objects", "tags", "runs",
	"consensus_objects", "consensus_members", "consensus_tags", "conflicts", "image_stats",
	"annotator_stats", "pair_stats", "class_stats", "sqlite_sequence", "run_statistics",
	"label_maps", "label_map_classes", "consensus_maps", "pixel_counts", "pixel_audits", "map_pairs",
	"panoptic_counts", "annotator_periods", "reliability_models", "reliability_classes",
	"annotator_reliability", "annotator_confusion", "map_staple_rates", "tie_votes",
};
#define N_STORE_TABLES (sizeof(store_tables) / sizeof(store_tables[0]))

static inline void count_all(long long counts[N_STORE_TABLES], const char *path)
{
	size_t i;

	for (i = 0; i < N_STORE_TABLES; i++)
		counts[i] = table_rows(path, store_tables[i]);
}

/*
 * Every row of every table of the store at PATH as text into *OUT (the
 * caller's; free with tly_buf_clear): two dumps are equal when no table's
 * contents changed. Integers and text as they are, reals with 17 digits,
 * blobs in hex, NULL as NULL.
 */
static inline void store_dump(tly_buf *out, const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *t = NULL, *s = NULL;
	char sql[160];
	int i, n;

	CU_ASSERT_EQUAL_FATAL(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'"
						     " ORDER BY name", -1, &t, NULL), SQLITE_OK);
	while (sqlite3_step(t) == SQLITE_ROW) {
		snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", (const char *)sqlite3_column_text(t, 0));
		tly_buf_printf(out, "%s\n", sql);
		CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
		n = sqlite3_column_count(s);
		while (sqlite3_step(s) == SQLITE_ROW) {
			for (i = 0; i < n; i++) {
				const unsigned char *b = sqlite3_column_blob(s, i);
				int k, len;

				switch (sqlite3_column_type(s, i)) {
				case SQLITE_NULL: tly_buf_puts(out, "NULL"); break;
				case SQLITE_INTEGER: tly_buf_printf(out, "%lld", (long long)sqlite3_column_int64(s, i)); break;
				case SQLITE_FLOAT: tly_buf_printf(out, "%.17g", sqlite3_column_double(s, i)); break;
				case SQLITE_BLOB:
					len = sqlite3_column_bytes(s, i);
					tly_buf_puts(out, "x'");
					for (k = 0; k < len; k++)
						tly_buf_printf(out, "%02x", b[k]);
					tly_buf_puts(out, "'");
					break;
				default: tly_buf_printf(out, "'%s'", (const char *)sqlite3_column_text(s, i)); break;
				}
				tly_buf_putc(out, i + 1 < n ? '|' : '\n');
			}
		}
		sqlite3_finalize(s);
	}
	sqlite3_finalize(t);
	sqlite3_close(db);
	CU_ASSERT_EQUAL(out->error, 0);
}

/* SHA-256 of the file's bytes, hex. */
static inline void file_sha256(char hex[65], const char *path)
{
	tly_buf b = TLY_BUF_INIT;

	CU_ASSERT_EQUAL_FATAL(tly_buf_read_file(&b, path, (size_t)1 << 30), 0);
	tly_sha256_hex(hex, b.ptr ? b.ptr : "", b.size);
	tly_buf_clear(&b);
}

/* A box geometry. */
static inline tly_geometry box(double x, double y, double w, double h)
{
	tly_geometry g;

	g.kind = TLY_GEOM_BOX;
	g.box.x = x;
	g.box.y = y;
	g.box.w = w;
	g.box.h = h;
	return g;
}

/* Start a batch for file PATH whose content hash is 64 copies of HEXDIGIT. */
static inline void batch_start(tly_batch *b, const char *path, char hexdigit, const char *format, int gold)
{
	tly_batch_init(b);
	b->path = tly_strdup(path);
	b->format = tly_strdup(format);
	memset(b->sha256, hexdigit, 64);
	b->sha256[64] = '\0';
	b->gold = gold;
	CU_ASSERT_FATAL(b->path && b->format);
}

#endif
