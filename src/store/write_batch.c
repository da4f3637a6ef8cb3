/*
 * tly_store_write_batch: one parsed file into the store in one transaction
 * (SPEC 2): idempotent by (content hash, --annotator, --gold); images,
 * annotators and categories upserted by name; a submission that exists is
 * replaced; label maps follow in write_maps.c; any error rolls everything
 * back so the store is unchanged.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "store/names.h"
#include "store/write_batch.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/limits.h"

enum {
	Q_NOW,
	Q_FIND_SOURCE,
	Q_INSERT_SOURCE,
	Q_FIND_IMAGE,
	Q_INSERT_IMAGE,
	Q_UPDATE_IMAGE,
	Q_COUNT_ANNOTATORS,
	Q_FIND_ANNOTATOR,
	Q_INSERT_ANNOTATOR,
	Q_COUNT_CATEGORIES,
	Q_FIND_CATEGORY,
	Q_INSERT_CATEGORY,
	Q_FIND_SUB,
	Q_INSERT_SUB,
	Q_UPDATE_SUB,
	Q_DELETE_OBJECTS,
	Q_DELETE_TAGS,
	Q_INSERT_OBJECT,
	Q_INSERT_TAG,
	Q_COUNT_IMAGE_OBJECTS,
	N_QUERIES
};

/* submitted_at arrives as unix seconds, 0 = unknown. */
#define SUBMITTED_AT(p) "CASE WHEN " p " = 0 THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%SZ', " p ", 'unixepoch') END"

static const char *const queries[N_QUERIES] = {
	[Q_NOW] = "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
	[Q_FIND_SOURCE] = "SELECT id FROM sources WHERE sha256 = ?1 AND annotator_override = ?2 AND gold = ?3",
	[Q_INSERT_SOURCE] = "INSERT INTO sources (path, sha256, format, annotator_override, gold, repairs, ingested_at)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_FIND_IMAGE] = "SELECT id, width, height FROM images WHERE name = ?1",
	[Q_INSERT_IMAGE] = "INSERT INTO images (name, width, height) VALUES (?1, ?2, ?3)",
	[Q_UPDATE_IMAGE] = "UPDATE images SET width = ?2, height = ?3 WHERE id = ?1",
	[Q_COUNT_ANNOTATORS] = "SELECT count(*) FROM annotators",
	[Q_FIND_ANNOTATOR] = "SELECT id FROM annotators WHERE name = ?1",
	[Q_INSERT_ANNOTATOR] = "INSERT INTO annotators (name) VALUES (?1)",
	[Q_COUNT_CATEGORIES] = "SELECT count(*) FROM categories",
	[Q_FIND_CATEGORY] = "SELECT id FROM categories WHERE name = ?1",
	[Q_INSERT_CATEGORY] = "INSERT INTO categories (name) VALUES (?1)",
	[Q_FIND_SUB] = "SELECT id FROM submissions WHERE image_id = ?1 AND annotator_id = ?2 AND task = ?3 AND gold = ?4",
	[Q_INSERT_SUB] = "INSERT INTO submissions (image_id, annotator_id, task, gold, source_id, submitted_at, ingested_at)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, " SUBMITTED_AT("?6") ", ?7)",
	[Q_UPDATE_SUB] = "UPDATE submissions SET source_id = ?2, submitted_at = " SUBMITTED_AT("?3")
			 ", ingested_at = ?4 WHERE id = ?1",
	[Q_DELETE_OBJECTS] = "DELETE FROM objects WHERE submission_id = ?1",
	[Q_DELETE_TAGS] = "DELETE FROM tags WHERE submission_id = ?1",
	[Q_INSERT_OBJECT] = "INSERT INTO objects (submission_id, category_id, kind, x, y, w, h, iscrowd, source_ref, extra_json)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[Q_INSERT_TAG] = "INSERT INTO tags (submission_id, category_id) VALUES (?1, ?2)",
	[Q_COUNT_IMAGE_OBJECTS] = "SELECT count(*) FROM objects o JOIN submissions s ON s.id = o.submission_id"
				  " WHERE s.image_id = ?1",
};

typedef tly_store__writer writer;

/* The parser's contract with the store; a breach is a bug, reported as TLY_EARG. */
static int check_batch(const tly_batch *b)
{
	size_t i;

	if (!b->path || !b->format || strlen(b->sha256) != 64)
		return tly_error_set(TLY_EARG, "batch: path, format and sha256 are required");
	for (i = 0; i < b->n_subs; i++)
		if (b->subs[i].image >= b->n_images || !tly_store__task_name(b->subs[i].task))
			return tly_error_set(TLY_EARG, "%s: batch subs[%zu]: bad image index or task", b->path, i);
	for (i = 0; i < b->n_objs; i++)
		if (b->objs[i].sub >= b->n_subs || b->subs[b->objs[i].sub].task != TLY_TASK_OBJECTS)
			return tly_error_set(TLY_EARG, "%s: batch objs[%zu]: not in an objects submission", b->path, i);
	for (i = 0; i < b->n_tags; i++)
		if (b->tags[i].sub >= b->n_subs || b->subs[b->tags[i].sub].task != TLY_TASK_LABELS)
			return tly_error_set(TLY_EARG, "%s: batch tags[%zu]: not in a labels submission", b->path, i);
	return tly_store__check_maps(b);
}

static int text_row(char *out, size_t size, writer *w, sqlite3_stmt *s)
{
	const unsigned char *t;
	int error = 0;

	if (sqlite3_step(s) != SQLITE_ROW || !(t = sqlite3_column_text(s, 0)))
		error = tly_store__fail(w->st);
	else
		snprintf(out, size, "%s", (const char *)t);
	sqlite3_reset(s);
	return error;
}

/* 1 when this exact file was stored before (the caller then writes nothing). */
static int find_source(int *found, writer *w)
{
	sqlite3_stmt *s = w->q[Q_FIND_SOURCE];
	int64_t id;
	int rc = 0;

	rc |= sqlite3_bind_text(s, 1, w->b->sha256, -1, SQLITE_STATIC);
	rc |= sqlite3_bind_text(s, 2, w->override, -1, SQLITE_STATIC);
	rc |= sqlite3_bind_int(s, 3, w->b->gold ? 1 : 0);
	return tly_store__step_int64(&id, found, w->st, s, rc);
}

static int insert_source(writer *w)
{
	sqlite3_stmt *s = w->q[Q_INSERT_SOURCE];
	const tly_batch *b = w->b;
	int rc = 0, error;

	rc |= sqlite3_bind_text(s, 1, b->path, -1, SQLITE_STATIC);
	rc |= sqlite3_bind_text(s, 2, b->sha256, -1, SQLITE_STATIC);
	rc |= sqlite3_bind_text(s, 3, b->format, -1, SQLITE_STATIC);
	rc |= sqlite3_bind_text(s, 4, w->override, -1, SQLITE_STATIC);
	rc |= sqlite3_bind_int(s, 5, b->gold ? 1 : 0);
	rc |= sqlite3_bind_int64(s, 6, (sqlite3_int64)b->n_repairs);
	rc |= sqlite3_bind_text(s, 7, w->now, -1, SQLITE_STATIC);
	if ((error = tly_store__step_done(w->st, s, rc)) < 0)
		return error;
	w->source_id = sqlite3_last_insert_rowid(w->st->db);
	return 0;
}

/* Upsert one image; a stored size of 0 is filled in, a different size is an error. */
static int write_image(writer *w, size_t i)
{
	const tly_batch_image *im = &w->b->images[i];
	sqlite3_stmt *s = w->q[Q_FIND_IMAGE];
	int32_t width = 0, height = 0;
	int rc, error = 0;

	if (sqlite3_bind_text(s, 1, im->name, -1, SQLITE_STATIC) != SQLITE_OK)
		return tly_store__fail(w->st);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		w->image_ids[i] = sqlite3_column_int64(s, 0);
		width = (int32_t)sqlite3_column_int(s, 1);
		height = (int32_t)sqlite3_column_int(s, 2);
	} else if (rc != SQLITE_DONE) {
		error = tly_store__fail(w->st);
	}
	sqlite3_reset(s);
	if (error < 0)
		return error;
	if (rc == SQLITE_DONE) {
		s = w->q[Q_INSERT_IMAGE];
		rc = sqlite3_bind_text(s, 1, im->name, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_int(s, 2, im->width);
		rc |= sqlite3_bind_int(s, 3, im->height);
		if ((error = tly_store__step_done(w->st, s, rc)) < 0)
			return error;
		w->image_ids[i] = sqlite3_last_insert_rowid(w->st->db);
		w->widths[i] = im->width;
		w->heights[i] = im->height;
		w->stats.images_new++;
		return 0;
	}
	if ((im->width && width && im->width != width) || (im->height && height && im->height != height))
		return tly_error_set(TLY_EINPUT, "%s: image %s is %dx%d here but %dx%d in the store",
				     w->b->path, im->name, (int)im->width, (int)im->height,
				     (int)width, (int)height);
	w->widths[i] = width ? width : im->width;
	w->heights[i] = height ? height : im->height;
	if (w->widths[i] != width || w->heights[i] != height) {
		s = w->q[Q_UPDATE_IMAGE];
		rc = sqlite3_bind_int64(s, 1, w->image_ids[i]);
		rc |= sqlite3_bind_int(s, 2, w->widths[i]);
		rc |= sqlite3_bind_int(s, 3, w->heights[i]);
		return tly_store__step_done(w->st, s, rc);
	}
	return 0;
}

static void names_init(tly_store__names *n, sqlite3_stmt *find, sqlite3_stmt *insert, long cap,
		       const char *cap_name, const char *what)
{
	memset(n, 0, sizeof(*n));
	n->find = find;
	n->insert = insert;
	n->cap = cap;
	n->cap_name = cap_name;
	n->what = what;
}

int tly_store__writer_name_id(int64_t *id, writer *w, tly_store__names *n, const char *name)
{
	sqlite3_stmt *s = n->find;
	size_t cached;
	int found, error;

	if (tly_strmap_get(&n->ids, name, &cached)) {
		*id = (int64_t)cached;
		return 0;
	}
	if ((error = tly_store__step_int64(id, &found, w->st, s,
					   sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC))) < 0)
		return error;
	if (!found) {
		if (n->rows >= n->cap)
			return tly_error_set(TLY_ELIMIT, "%s: %s %s would exceed %s (%ld in a store)",
					     w->b->path, n->what, name, n->cap_name, n->cap);
		s = n->insert;
		if ((error = tly_store__step_done(w->st, s,
						  sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC))) < 0)
			return error;
		*id = sqlite3_last_insert_rowid(w->st->db);
		n->rows++;
	}
	return tly_strmap_put(&n->ids, name, (size_t)*id);
}

/* Insert submission I, or take over the existing one and empty it. */
static int write_sub(writer *w, size_t i)
{
	const tly_batch_submission *sub = &w->b->subs[i];
	const char *task = tly_store__task_name(sub->task);
	int gold = sub->gold || w->b->gold;
	int64_t annotator, id;
	sqlite3_stmt *s;
	int found, rc = 0, error;

	if ((error = tly_store__writer_name_id(&annotator, w, &w->annotators, sub->annotator)) < 0)
		return error;
	s = w->q[Q_FIND_SUB];
	rc |= sqlite3_bind_int64(s, 1, w->image_ids[sub->image]);
	rc |= sqlite3_bind_int64(s, 2, annotator);
	rc |= sqlite3_bind_text(s, 3, task, -1, SQLITE_STATIC);
	rc |= sqlite3_bind_int(s, 4, gold);
	if ((error = tly_store__step_int64(&id, &found, w->st, s, rc)) < 0)
		return error;
	if (found) {
		/* The newest file wins: same row, new source, new contents. */
		s = w->q[Q_DELETE_OBJECTS];
		if ((error = tly_store__step_done(w->st, s, sqlite3_bind_int64(s, 1, id))) < 0)
			return error;
		s = w->q[Q_DELETE_TAGS];
		if ((error = tly_store__step_done(w->st, s, sqlite3_bind_int64(s, 1, id))) < 0)
			return error;
		s = w->q[Q_UPDATE_SUB];
		rc = sqlite3_bind_int64(s, 1, id);
		rc |= sqlite3_bind_int64(s, 2, w->source_id);
		rc |= sqlite3_bind_int64(s, 3, sub->submitted_at);
		rc |= sqlite3_bind_text(s, 4, w->now, -1, SQLITE_STATIC);
		if ((error = tly_store__step_done(w->st, s, rc)) < 0)
			return error;
		w->stats.submissions_replaced++;
	} else {
		s = w->q[Q_INSERT_SUB];
		rc = sqlite3_bind_int64(s, 1, w->image_ids[sub->image]);
		rc |= sqlite3_bind_int64(s, 2, annotator);
		rc |= sqlite3_bind_text(s, 3, task, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_int(s, 4, gold);
		rc |= sqlite3_bind_int64(s, 5, w->source_id);
		rc |= sqlite3_bind_int64(s, 6, sub->submitted_at);
		rc |= sqlite3_bind_text(s, 7, w->now, -1, SQLITE_STATIC);
		if ((error = tly_store__step_done(w->st, s, rc)) < 0)
			return error;
		id = sqlite3_last_insert_rowid(w->st->db);
	}
	w->sub_ids[i] = id;
	w->stats.submissions++;
	return 0;
}

static int write_object(writer *w, size_t i)
{
	const tly_batch_object *o = &w->b->objs[i];
	const char *kind = tly_store__geom_name(o->geom.kind);
	const tly_box *box = &o->geom.box;
	sqlite3_stmt *s = w->q[Q_INSERT_OBJECT];
	int64_t category;
	int rc = 0, error;

	/* The readers validate shapes; this keeps a NaN from becoming a NULL. */
	if (!kind || !isfinite(box->x) || !isfinite(box->y) || !isfinite(box->w) || !isfinite(box->h) ||
	    box->w < 0 || box->h < 0)
		return tly_error_set(TLY_EINPUT, "%s: %s: bad shape (kind %d, box %g,%g,%g,%g)",
				     w->b->path, o->source_ref ? o->source_ref : "object",
				     (int)o->geom.kind, box->x, box->y, box->w, box->h);
	if ((error = tly_store__writer_name_id(&category, w, &w->categories, o->label)) < 0)
		return error;
	rc |= sqlite3_bind_int64(s, 1, w->sub_ids[o->sub]);
	rc |= sqlite3_bind_int64(s, 2, category);
	rc |= sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
	rc |= sqlite3_bind_double(s, 4, box->x);
	rc |= sqlite3_bind_double(s, 5, box->y);
	rc |= sqlite3_bind_double(s, 6, box->w);
	rc |= sqlite3_bind_double(s, 7, box->h);
	rc |= sqlite3_bind_int(s, 8, o->iscrowd ? 1 : 0);
	rc |= o->source_ref ? sqlite3_bind_text(s, 9, o->source_ref, -1, SQLITE_STATIC) : sqlite3_bind_null(s, 9);
	rc |= o->extra_json ? sqlite3_bind_text(s, 10, o->extra_json, -1, SQLITE_STATIC) : sqlite3_bind_null(s, 10);
	if ((error = tly_store__step_done(w->st, s, rc)) < 0)
		return error;
	w->image_has_objects[w->b->subs[o->sub].image] = 1;
	w->stats.objects++;
	return 0;
}

static int write_tag(writer *w, size_t i)
{
	const tly_batch_tag *t = &w->b->tags[i];
	sqlite3_stmt *s = w->q[Q_INSERT_TAG];
	int64_t category;
	int rc = 0, error;

	if ((error = tly_store__writer_name_id(&category, w, &w->categories, t->label)) < 0)
		return error;
	rc |= sqlite3_bind_int64(s, 1, w->sub_ids[t->sub]);
	rc |= sqlite3_bind_int64(s, 2, category);
	if ((error = tly_store__step_done(w->st, s, rc)) < 0)
		return error;
	w->stats.tags++;
	return 0;
}

/* Objects on one image, all annotators together, stay within the matcher's cap. */
static int check_image_objects(writer *w, size_t i)
{
	sqlite3_stmt *s = w->q[Q_COUNT_IMAGE_OBJECTS];
	int64_t count;
	int found, error;

	if ((error = tly_store__step_int64(&count, &found, w->st, s,
					   sqlite3_bind_int64(s, 1, w->image_ids[i]))) < 0)
		return error;
	if (count > TLY_MAX_OBJECTS_IMAGE)
		return tly_error_set(TLY_ELIMIT, "%s: image %s would hold %lld objects, over TLY_MAX_OBJECTS_IMAGE (%d)",
				     w->b->path, w->b->images[i].name, (long long)count, TLY_MAX_OBJECTS_IMAGE);
	return 0;
}

/* Everything after the idempotence check, inside the transaction. */
static int write_all(writer *w)
{
	const tly_batch *b = w->b;
	int found, error;
	size_t i;

	if ((error = text_row(w->now, sizeof(w->now), w, w->q[Q_NOW])) < 0 ||
	    (error = tly_store__step_int64(&w->annotators.rows, &found, w->st,
					   w->q[Q_COUNT_ANNOTATORS], SQLITE_OK)) < 0 ||
	    (error = tly_store__step_int64(&w->categories.rows, &found, w->st,
					   w->q[Q_COUNT_CATEGORIES], SQLITE_OK)) < 0 ||
	    (error = insert_source(w)) < 0)
		return error;
	for (i = 0; i < b->n_images; i++)
		if ((error = write_image(w, i)) < 0)
			return error;
	for (i = 0; i < b->n_subs; i++)
		if ((error = write_sub(w, i)) < 0)
			return error;
	for (i = 0; i < b->n_objs; i++)
		if ((error = write_object(w, i)) < 0)
			return error;
	for (i = 0; i < b->n_tags; i++)
		if ((error = write_tag(w, i)) < 0)
			return error;
	if (b->n_maps && (error = tly_store__write_maps(w)) < 0)
		return error;
	for (i = 0; i < b->n_images; i++)
		if (w->image_has_objects[i] && (error = check_image_objects(w, i)) < 0)
			return error;
	return 0;
}

int tly_store_write_batch(tly_store_write_stats *stats, tly_store *st,
			  const tly_batch *batch, const char *annotator_override)
{
	sqlite3_stmt *q[N_QUERIES];
	writer w;
	int found = 0, in_tx = 0, error = 0;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	if (!st || !batch)
		return tly_error_set(TLY_EARG, "tly_store_write_batch: no store or batch");
	if ((error = check_batch(batch)) < 0)
		return error;
	memset(&w, 0, sizeof(w));
	memset(q, 0, sizeof(q));
	w.q = q;
	w.st = st;
	w.b = batch;
	w.override = annotator_override ? annotator_override : "";
	w.image_ids = tly_calloc(batch->n_images, sizeof(*w.image_ids));
	w.widths = tly_calloc(batch->n_images, sizeof(*w.widths));
	w.heights = tly_calloc(batch->n_images, sizeof(*w.heights));
	w.sub_ids = tly_calloc(batch->n_subs, sizeof(*w.sub_ids));
	w.image_has_objects = tly_calloc(batch->n_images, 1);
	if (!w.image_ids || !w.widths || !w.heights || !w.sub_ids || !w.image_has_objects) {
		error = TLY_ENOMEM;
		goto out;
	}
	if ((error = tly_store__prepare_all(w.q, st, queries, N_QUERIES)) < 0)
		goto out;
	names_init(&w.annotators, q[Q_FIND_ANNOTATOR], q[Q_INSERT_ANNOTATOR], TLY_MAX_ANNOTATORS,
		   "TLY_MAX_ANNOTATORS", "annotator");
	names_init(&w.categories, q[Q_FIND_CATEGORY], q[Q_INSERT_CATEGORY], TLY_MAX_CATEGORIES,
		   "TLY_MAX_CATEGORIES", "category");
	if ((error = tly_store__begin_write(st)) < 0)
		goto out;
	in_tx = 1;
	if ((error = find_source(&found, &w)) < 0)
		goto out;
	if (found)
		w.stats.skipped = 1;
	else if ((error = write_all(&w)) < 0)
		goto out;
	error = tly_store__commit(st);
out:
	/* Finalize first: ROLLBACK must not find statements mid-step. */
	tly_store__finalize_all(w.q, N_QUERIES);
	if (error < 0 && in_tx)
		tly_store__rollback(st);
	tly_strmap_clear(&w.annotators.ids);
	tly_strmap_clear(&w.categories.ids);
	tly_free(w.image_ids);
	tly_free(w.widths);
	tly_free(w.heights);
	tly_free(w.sub_ids);
	tly_free(w.image_has_objects);
	if (!error && stats)
		*stats = w.stats;
	return error;
}
