/*
 * The tie_votes table (store/tie_votes.h): each vote of a tied vote as one
 * row keyed by (run, conflict idx, annotator id), and the check of a
 * result's tie votes that tly_result_check runs before anything follows
 * their indices. Tested by tests/store/test_tie_votes.c.
 */
#include <string.h>

#include "store/idmap.h"
#include "store/tie_votes.h"
#include "tally/error.h"
#include "util/vec.h"

#define BAD(...) tly_error_set(TLY_EARG, "result: " __VA_ARGS__)

int tly_store__check_tie_votes(const tly_dataset *ds, const tly_result *r)
{
	size_t i;

	if (r->n_tie_votes && !r->tie_votes)
		return BAD("%zu tie_votes but no array", r->n_tie_votes);
	for (i = 0; i < r->n_tie_votes; i++) {
		const tly_tie_vote *t = &r->tie_votes[i];

		if (t->conflict >= r->n_conflicts || r->conflicts[t->conflict].kind != TLY_CONFLICT_TIE)
			return BAD("tie_votes[%zu].conflict %zu is no tie conflict", i, t->conflict);
		if (t->annotator >= ds->n_annotators)
			return BAD("tie_votes[%zu].annotator %u outside the dataset's %zu annotators", i,
				   (unsigned)t->annotator, ds->n_annotators);
		if (t->category >= ds->n_categories)
			return BAD("tie_votes[%zu].category %u outside the dataset's %zu categories", i,
				   (unsigned)t->category, ds->n_categories);
		/* the store's primary key needs each (conflict, annotator) once */
		if (i && (t[-1].conflict > t->conflict ||
			  (t[-1].conflict == t->conflict && t[-1].annotator >= t->annotator)))
			return BAD("tie_votes[%zu] is not after tie_votes[%zu] in (conflict, annotator) order",
				   i, i - 1);
	}
	return 0;
}

int tly_store__save_tie_votes(tly_store *st, const tly_dataset *ds, const tly_result *r, int64_t run_id)
{
	static const char sql[] = "INSERT INTO tie_votes (run_id, conflict_idx, annotator_id, object_id,"
				  " category_id) VALUES (?1, ?2, ?3, ?4, ?5)";
	sqlite3_stmt *s = NULL;
	size_t i;
	int rc, error = 0;

	if (!r->n_tie_votes)
		return 0;
	if ((error = tly_store__prepare(&s, st, sql)) < 0)
		return error;
	for (i = 0; i < r->n_tie_votes && !error; i++) {
		const tly_tie_vote *t = &r->tie_votes[i];

		rc = sqlite3_bind_int64(s, 1, run_id);
		rc |= sqlite3_bind_int64(s, 2, (sqlite3_int64)t->conflict);
		rc |= sqlite3_bind_int64(s, 3, ds->annotators[t->annotator].id);
		rc |= sqlite3_bind_int64(s, 4, t->object_id);
		rc |= sqlite3_bind_int64(s, 5, ds->categories[t->category].id);
		error = tly_store__step_done(st, s, rc);
	}
	sqlite3_finalize(s);
	return error;
}

typedef struct {
	tly_store *st;
	tly_result *r;
	const tly_dataset *ds;
	int64_t run_id;
	size_t cap;
} reader;

/* Columns: conflict_idx, annotator_id, object_id, category_id. */
static int vote_row(void *ctx, sqlite3_stmt *s)
{
	reader *rd = ctx;
	tly_result *r = rd->r;
	int64_t conflict = sqlite3_column_int64(s, 0);
	tly_tie_vote *t;
	int error;

	if ((error = tly_vec__reserve((void **)&r->tie_votes, &rd->cap, r->n_tie_votes,
				      sizeof(*r->tie_votes))) < 0)
		return error;
	t = &r->tie_votes[r->n_tie_votes];
	memset(t, 0, sizeof(*t));
	if (conflict < 0 || (uint64_t)conflict >= r->n_conflicts ||
	    r->conflicts[conflict].kind != TLY_CONFLICT_TIE ||
	    !tly_store__named_find(rd->ds->annotators, rd->ds->n_annotators, sqlite3_column_int64(s, 1),
				   &t->annotator) ||
	    !tly_store__named_find(rd->ds->categories, rd->ds->n_categories, sqlite3_column_int64(s, 3),
				   &t->category))
		return tly_error_set(TLY_ESTORE, "%s: corrupt store: run %lld, tie_votes row %zu", rd->st->path,
				     (long long)rd->run_id, r->n_tie_votes);
	t->conflict = (size_t)conflict;
	t->object_id = sqlite3_column_int64(s, 2);
	r->n_tie_votes++;
	return 0;
}

int tly_store__load_tie_votes(tly_result *r, const tly_dataset *ds, tly_store *st, int64_t run_id)
{
	reader rd;

	memset(&rd, 0, sizeof(rd));
	rd.st = st;
	rd.r = r;
	rd.ds = ds;
	rd.run_id = run_id;
	/* Annotator indices follow store ids: id order is annotator order. */
	return tly_store__each_row(st,
				   "SELECT conflict_idx, annotator_id, object_id, category_id FROM tie_votes"
				   " WHERE run_id = ?1 ORDER BY conflict_idx, annotator_id",
				   run_id, vote_row, &rd);
}
