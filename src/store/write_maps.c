/*
 * Label maps into the store, the last part of tly_store_write_batch and
 * inside its transaction: one label_maps row per (image, annotator, gold),
 * the newest file's map replacing an older one; its classes, with their
 * categories upserted by name; the image's size checked against the map's
 * or filled in from it. Tested by tests/store/test_write_maps.c.
 */
#include <stdio.h>
#include <string.h>

#include "store/write_batch.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"

enum {
	M_FIND,
	M_DELETE_CLASSES,
	M_DELETE,
	M_INSERT,
	M_INSERT_CLASS,
	M_UPDATE_IMAGE,
	N_QUERIES
};

static const char *const queries[N_QUERIES] = {
	[M_FIND] = "SELECT id FROM label_maps WHERE image_id = ?1 AND annotator_id = ?2 AND gold = ?3",
	[M_DELETE_CLASSES] = "DELETE FROM label_map_classes WHERE label_map_id = ?1",
	[M_DELETE] = "DELETE FROM label_maps WHERE id = ?1",
	/* parenthesised: one literal across lines, not a missing comma (clang's -Wstring-concatenation) */
	[M_INSERT] = ("INSERT INTO label_maps (image_id, annotator_id, gold, source_id, source_ref, kind, width,"
		      " height, ignore_value, runs, ingested_at)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
	[M_INSERT_CLASS] = ("INSERT INTO label_map_classes (label_map_id, value, category_id, isthing)"
			    " VALUES (?1, ?2, ?3, ?4)"),
	[M_UPDATE_IMAGE] = "UPDATE images SET width = ?2, height = ?3 WHERE id = ?1",
};

#define BAD_MAP(b, i, what) tly_error_set(TLY_EARG, "%s: batch maps[%zu]: %s", (b)->path, (i), (what))

/* Index of V in M's classes (ascending by value), or n_classes when none. */
static size_t class_of(const tly_batch_map *m, uint32_t v)
{
	size_t lo = 0, hi = m->n_classes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->classes[mid].value < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n_classes && m->classes[lo].value == v ? lo : m->n_classes;
}

/* The map's runs are a w x h map within the caps, and each value has a class. */
static int check_runs(const tly_batch *b, size_t i)
{
	const tly_batch_map *m = &b->maps[i];
	uint64_t sum = 0;
	size_t k;

	if (m->map.w > TLY_MAX_IMAGE_SIDE || m->map.h > TLY_MAX_IMAGE_SIDE ||
	    (uint64_t)m->map.w * m->map.h > TLY_MAX_MAP_PIXELS)
		return BAD_MAP(b, i, "size over TLY_MAX_IMAGE_SIDE or TLY_MAX_MAP_PIXELS");
	if (m->map.n && (!m->map.value || !m->map.len))
		return BAD_MAP(b, i, "runs without arrays");
	for (k = 0; k < m->map.n; k++) {
		if (m->map.len[k] == 0)
			return BAD_MAP(b, i, "a run of length 0");
		sum += m->map.len[k];
		if (m->map.value[k] != TLY_LABEL_IGNORE && class_of(m, m->map.value[k]) == m->n_classes)
			return BAD_MAP(b, i, "a pixel value without a class");
	}
	if (sum != (uint64_t)m->map.w * m->map.h)
		return BAD_MAP(b, i, "runs do not sum to w x h");
	return 0;
}

static int check_map(const tly_batch *b, size_t i)
{
	const tly_batch_map *m = &b->maps[i];
	size_t k;

	if (m->image >= b->n_images || !m->annotator || !m->annotator[0])
		return BAD_MAP(b, i, "bad image index or no annotator");
	if (m->ignore_value >= (int64_t)TLY_LABEL_IGNORE)
		return BAD_MAP(b, i, "ignore value over 2^32 - 2");
	if (m->n_classes && !m->classes)
		return BAD_MAP(b, i, "classes without an array");
	for (k = 0; k < m->n_classes; k++) {
		const tly_batch_class *c = &m->classes[k];

		if (!c->label || !c->label[0] || c->value == TLY_LABEL_IGNORE ||
		    (k && c->value <= m->classes[k - 1].value) || c->isthing < -1 || c->isthing > 1)
			return BAD_MAP(b, i, "classes not named, ascending and unique, or a bad isthing");
	}
	return check_runs(b, i);
}

int tly_store__check_maps(const tly_batch *b)
{
	tly_strmap seen = TLY_STRMAP_INIT;
	size_t i, first;
	int error = 0;

	if (b->n_maps && !b->maps)
		return tly_error_set(TLY_EARG, "%s: batch maps: no array", b->path);
	for (i = 0; i < b->n_maps && !error; i++) {
		tly_buf key = TLY_BUF_INIT;

		if ((error = check_map(b, i)) < 0)
			break;
		/* Two maps of one (image, annotator) in one file: which would win? */
		tly_buf_printf(&key, "%zu\x1f%s", b->maps[i].image, b->maps[i].annotator);
		if ((error = key.error) == 0) {
			if (tly_strmap_get(&seen, key.ptr, &first))
				error = tly_error_set(TLY_EARG, "%s: batch maps[%zu]: a second map of maps[%zu]'s"
						      " image and annotator", b->path, i, first);
			else
				error = tly_strmap_put(&seen, key.ptr, i);
		}
		tly_buf_clear(&key);
	}
	tly_strmap_clear(&seen);
	return error;
}

/* The map's size against its image's as stored so far; an unknown (0) side is filled in. */
static int check_size(tly_store__writer *w, sqlite3_stmt **q, const tly_batch_map *m)
{
	const tly_batch_image *im = &w->b->images[m->image];
	int32_t *width = &w->widths[m->image], *height = &w->heights[m->image];
	int rc;

	if ((*width && (uint32_t)*width != m->map.w) || (*height && (uint32_t)*height != m->map.h))
		return tly_error_set(TLY_EINPUT, "%s: label map of image %s by %s is %ux%u but the image is %dx%d",
				     w->b->path, im->name, m->annotator, m->map.w, m->map.h, (int)*width,
				     (int)*height);
	if (*width && *height)
		return 0;
	/* check_runs capped both sides at TLY_MAX_IMAGE_SIDE, so they fit int32_t. */
	*width = (int32_t)m->map.w;
	*height = (int32_t)m->map.h;
	rc = sqlite3_bind_int64(q[M_UPDATE_IMAGE], 1, w->image_ids[m->image]);
	rc |= sqlite3_bind_int(q[M_UPDATE_IMAGE], 2, *width);
	rc |= sqlite3_bind_int(q[M_UPDATE_IMAGE], 3, *height);
	return tly_store__step_done(w->st, q[M_UPDATE_IMAGE], rc);
}

/* Delete the stored map of (image, annotator, gold), if any, with its classes. */
static int delete_old(tly_store__writer *w, sqlite3_stmt **q, int64_t image, int64_t annotator, int gold)
{
	int64_t id;
	int found, rc, error;

	rc = sqlite3_bind_int64(q[M_FIND], 1, image);
	rc |= sqlite3_bind_int64(q[M_FIND], 2, annotator);
	rc |= sqlite3_bind_int(q[M_FIND], 3, gold);
	if ((error = tly_store__step_int64(&id, &found, w->st, q[M_FIND], rc)) < 0 || !found)
		return error;
	if ((error = tly_store__step_done(w->st, q[M_DELETE_CLASSES],
					  sqlite3_bind_int64(q[M_DELETE_CLASSES], 1, id))) < 0)
		return error;
	return tly_store__step_done(w->st, q[M_DELETE], sqlite3_bind_int64(q[M_DELETE], 1, id));
}

/* Insert the label_maps row of M; *id receives its store id. */
static int insert_map(int64_t *id, tly_store__writer *w, sqlite3_stmt **q, const tly_batch_map *m,
		      int64_t annotator, int gold)
{
	sqlite3_stmt *s = q[M_INSERT];
	uint8_t *blob = NULL;
	size_t len = 0;
	int rc, error;

	if ((error = tly_labelmap_to_blob(&blob, &len, &m->map)) < 0)
		return error;
	rc = sqlite3_bind_int64(s, 1, w->image_ids[m->image]);
	rc |= sqlite3_bind_int64(s, 2, annotator);
	rc |= sqlite3_bind_int(s, 3, gold);
	rc |= sqlite3_bind_int64(s, 4, w->source_id);
	rc |= m->source_ref ? sqlite3_bind_text(s, 5, m->source_ref, -1, SQLITE_STATIC) : sqlite3_bind_null(s, 5);
	rc |= sqlite3_bind_text(s, 6, m->panoptic ? "panoptic" : "semantic", -1, SQLITE_STATIC);
	rc |= sqlite3_bind_int64(s, 7, m->map.w);
	rc |= sqlite3_bind_int64(s, 8, m->map.h);
	rc |= m->ignore_value >= 0 ? sqlite3_bind_int64(s, 9, m->ignore_value) : sqlite3_bind_null(s, 9);
	/* STATIC: a large map is not copied; the binding is cleared before the blob is freed. */
	rc |= sqlite3_bind_blob64(s, 10, blob, len, SQLITE_STATIC);
	rc |= sqlite3_bind_text(s, 11, w->now, -1, SQLITE_STATIC);
	error = tly_store__step_done(w->st, s, rc);
	sqlite3_clear_bindings(s);
	tly_free(blob);
	*id = sqlite3_last_insert_rowid(w->st->db);
	return error;
}

static int insert_classes(tly_store__writer *w, sqlite3_stmt **q, const tly_batch_map *m, int64_t id)
{
	sqlite3_stmt *s = q[M_INSERT_CLASS];
	int64_t category;
	size_t k;
	int rc, error;

	for (k = 0; k < m->n_classes; k++) {
		const tly_batch_class *c = &m->classes[k];

		if ((error = tly_store__writer_name_id(&category, w, &w->categories, c->label)) < 0)
			return error;
		rc = sqlite3_bind_int64(s, 1, id);
		rc |= sqlite3_bind_int64(s, 2, c->value);
		rc |= sqlite3_bind_int64(s, 3, category);
		rc |= c->isthing < 0 ? sqlite3_bind_null(s, 4) : sqlite3_bind_int(s, 4, c->isthing);
		if ((error = tly_store__step_done(w->st, s, rc)) < 0)
			return error;
	}
	return 0;
}

static int write_map(tly_store__writer *w, sqlite3_stmt **q, size_t i)
{
	const tly_batch_map *m = &w->b->maps[i];
	int gold = w->b->gold ? 1 : 0;
	int64_t annotator, id;
	int error;

	if ((error = check_size(w, q, m)) < 0 ||
	    (error = tly_store__writer_name_id(&annotator, w, &w->annotators, m->annotator)) < 0 ||
	    (error = delete_old(w, q, w->image_ids[m->image], annotator, gold)) < 0 ||
	    (error = insert_map(&id, w, q, m, annotator, gold)) < 0 ||
	    (error = insert_classes(w, q, m, id)) < 0)
		return error;
	w->stats.maps++;
	return 0;
}

int tly_store__write_maps(tly_store__writer *w)
{
	sqlite3_stmt *q[N_QUERIES];
	size_t i;
	int error;

	if ((error = tly_store__prepare_all(q, w->st, queries, N_QUERIES)) < 0)
		return error;
	for (i = 0; i < w->b->n_maps; i++)
		if ((error = write_map(w, q, i)) < 0)
			break;
	/* Finalized here, before the caller's ROLLBACK can run. */
	tly_store__finalize_all(q, N_QUERIES);
	return error;
}
