/*
 * tly_store_ensure_categories: categories created by name before a run,
 * for the canonical labels of the rules' aliases that no file used yet
 * (a run's results name categories by store id, so a label the run votes
 * must have one). One transaction; existing names are left as they are.
 * Checked by tests/store/test_categories.c.
 */
#include <string.h>

#include "store/store.h"
#include "tally/error.h"
#include "util/limits.h"

enum { Q_FIND, Q_INSERT, Q_COUNT, N_Q };

static const char *const queries[N_Q] = {
	[Q_FIND] = "SELECT id FROM categories WHERE name = ?1",
	[Q_INSERT] = "INSERT INTO categories (name) VALUES (?1)",
	[Q_COUNT] = "SELECT count(*) FROM categories",
};

static int ensure_all(tly_store *st, sqlite3_stmt **q, const char *const *names, size_t n,
		      size_t *created)
{
	int64_t id, count;
	int found, error;
	size_t i;

	if ((error = tly_store__step_int64(&count, &found, st, q[Q_COUNT], SQLITE_OK)) < 0)
		return error;
	for (i = 0; i < n; i++) {
		if ((error = tly_store__step_int64(&id, &found, st, q[Q_FIND],
						   sqlite3_bind_text(q[Q_FIND], 1, names[i], -1,
								     SQLITE_STATIC))) < 0)
			return error;
		if (found)
			continue;
		if (count >= TLY_MAX_CATEGORIES)
			return tly_error_set(TLY_ELIMIT, "%s: category %s would be over TLY_MAX_CATEGORIES (%d)",
					     st->path, names[i], TLY_MAX_CATEGORIES);
		if ((error = tly_store__step_done(st, q[Q_INSERT],
						  sqlite3_bind_text(q[Q_INSERT], 1, names[i], -1,
								    SQLITE_STATIC))) < 0)
			return error;
		count++;
		(*created)++;
	}
	return 0;
}

int tly_store_ensure_categories(size_t *created, tly_store *st, const char *const *names, size_t n)
{
	sqlite3_stmt *q[N_Q];
	size_t made = 0, i;
	int in_tx = 0, error = 0;

	memset(q, 0, sizeof(q));
	if (created)
		*created = 0;
	if (!st || (n && !names))
		return tly_error_set(TLY_EARG, "tly_store_ensure_categories: no store or names");
	for (i = 0; i < n; i++)
		if (!names[i] || !names[i][0] || strlen(names[i]) > TLY_MAX_STRING)
			return tly_error_set(TLY_EARG, "tly_store_ensure_categories: name %zu is empty or "
					     "longer than TLY_MAX_STRING (%d)", i, TLY_MAX_STRING);
	if (n == 0)
		return 0;
	if ((error = tly_store__prepare_all(q, st, queries, N_Q)) < 0)
		goto out;
	if ((error = tly_store__begin_write(st)) < 0)
		goto out;
	in_tx = 1;
	if ((error = ensure_all(st, q, names, n, &made)) < 0)
		goto out;
	error = tly_store__commit(st);
out:
	/* finalize first: ROLLBACK must not find statements mid-step */
	tly_store__finalize_all(q, N_Q);
	if (error < 0 && in_tx)
		tly_store__rollback(st);
	if (!error && created)
		*created = made;
	return error;
}
