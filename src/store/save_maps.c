/*
 * The label-map part of a result into the store (store/save_maps.h): one
 * consensus_maps row per consensus map, its runs with category indices
 * turned into store ids (as every result table keys categories), and one
 * row per pixel count, pixel audit, map pair, panoptic count and semantic
 * STAPLE rate (version 9); NaN as NULL. Tested by tests/store/test_save_maps.c.
 */
#include <string.h>

#include "store/names.h"
#include "store/save_maps.h"
#include "tally/error.h"
#include "util/alloc.h"

enum {
	Q_CONS_MAP,
	Q_PIXEL_COUNTS,
	Q_PIXEL_AUDIT,
	Q_MAP_PAIR,
	Q_PANOPTIC,
	Q_STAPLE_RATE,
	N_QUERIES
};

static const char *const queries[N_QUERIES] = {
	[Q_CONS_MAP] = "INSERT INTO consensus_maps (run_id, image_id, voters, panoptic, tied_pixels, runs, confidence)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_PIXEL_COUNTS] = "INSERT INTO pixel_counts (run_id, annotator_id, reference, category_id, tp, fp, fn)"
			   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_PIXEL_AUDIT] = "INSERT INTO pixel_audits (run_id, annotator_id, reference, images, correct, total)"
			  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_MAP_PAIR] = "INSERT INTO map_pairs (run_id, a_id, b_id, images, miou) VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_PANOPTIC] = "INSERT INTO panoptic_counts (run_id, annotator_id, reference, category_id, tp, fp, fn, iou_sum)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_STAPLE_RATE] = "INSERT INTO map_staple_rates (run_id, annotator_id, category_id, images, pixels_in,"
			  " sensitivity, pixels_out, specificity) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
};

typedef struct {
	tly_store *st;
	const tly_dataset *ds;
	const tly_result *r;
	sqlite3_stmt *q[N_QUERIES];
	int64_t run_id;
} saver;

/* The stored form of consensus map M: its runs with category store ids for indices. */
static int ids_blob(uint8_t **blob, size_t *len, const saver *sv, const tly_labelmap *m)
{
	tly_labelmap ids = *m;
	uint32_t *v;
	size_t k;
	int error;

	if (!(v = tly_reallocarray(NULL, m->n ? m->n : 1, sizeof(*v))))
		return TLY_ENOMEM;
	for (k = 0; k < m->n; k++) {
		int64_t id;

		if (m->value[k] == TLY_LABEL_IGNORE) {
			v[k] = TLY_LABEL_IGNORE;
			continue;
		}
		/* tly_result_check vouched for the index; the id must fit beside the ignore value. */
		id = sv->ds->categories[m->value[k]].id;
		if (id < 0 || id >= (int64_t)TLY_LABEL_IGNORE) {
			tly_free(v);
			return tly_error_set(TLY_ESTORE, "%s: category id %lld does not fit a label map",
					     sv->st->path, (long long)id);
		}
		v[k] = (uint32_t)id;
	}
	ids.value = v;
	error = tly_labelmap_to_blob(blob, len, &ids);
	tly_free(v);
	return error;
}

static int save_cons_map(saver *sv, const tly_cons_map *c)
{
	sqlite3_stmt *s = sv->q[Q_CONS_MAP];
	uint8_t *runs = NULL, *confidence = NULL;
	size_t runs_len = 0, confidence_len = 0;
	int rc, error;

	if ((error = ids_blob(&runs, &runs_len, sv, &c->map)) < 0 ||
	    (error = tly_labelmap_to_blob(&confidence, &confidence_len, &c->confidence)) < 0)
		goto out;
	rc = sqlite3_bind_int64(s, 1, sv->run_id);
	rc |= sqlite3_bind_int64(s, 2, sv->ds->images[c->image].id);
	rc |= sqlite3_bind_int64(s, 3, c->voters);
	rc |= sqlite3_bind_int(s, 4, c->panoptic ? 1 : 0);
	rc |= sqlite3_bind_int64(s, 5, (sqlite3_int64)c->tied_pixels);
	/* STATIC: a large map is not copied; the bindings go before the blobs do. */
	rc |= sqlite3_bind_blob64(s, 6, runs, runs_len, SQLITE_STATIC);
	rc |= sqlite3_bind_blob64(s, 7, confidence, confidence_len, SQLITE_STATIC);
	error = tly_store__step_done(sv->st, s, rc);
	sqlite3_clear_bindings(s);
out:
	tly_free(runs);
	tly_free(confidence);
	return error;
}

/* Bind ?1-?3: the run, an annotator's store id and the reference's text. */
static int bind_audited(const saver *sv, sqlite3_stmt *s, uint32_t annotator, tly_reference ref)
{
	int rc = sqlite3_bind_int64(s, 1, sv->run_id);

	rc |= sqlite3_bind_int64(s, 2, sv->ds->annotators[annotator].id);
	rc |= sqlite3_bind_text(s, 3, tly_store__reference_name(ref), -1, SQLITE_STATIC);
	return rc;
}

static int save_audits(saver *sv)
{
	const tly_result *r = sv->r;
	const tly_dataset *ds = sv->ds;
	sqlite3_stmt *s;
	size_t i;
	int rc, error;

	for (s = sv->q[Q_PIXEL_COUNTS], i = 0; i < r->n_pixel_counts; i++) {
		const tly_pixel_counts *p = &r->pixel_counts[i];

		rc = bind_audited(sv, s, p->annotator, p->ref);
		rc |= sqlite3_bind_int64(s, 4, ds->categories[p->category].id);
		rc |= sqlite3_bind_int64(s, 5, (sqlite3_int64)p->tp);
		rc |= sqlite3_bind_int64(s, 6, (sqlite3_int64)p->fp);
		rc |= sqlite3_bind_int64(s, 7, (sqlite3_int64)p->fn);
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	for (s = sv->q[Q_PIXEL_AUDIT], i = 0; i < r->n_pixel_audits; i++) {
		const tly_pixel_audit *a = &r->pixel_audits[i];

		rc = bind_audited(sv, s, a->annotator, a->ref);
		rc |= sqlite3_bind_int64(s, 4, a->images);
		rc |= sqlite3_bind_int64(s, 5, (sqlite3_int64)a->correct);
		rc |= sqlite3_bind_int64(s, 6, (sqlite3_int64)a->total);
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	for (s = sv->q[Q_PANOPTIC], i = 0; i < r->n_panoptic; i++) {
		const tly_panoptic_counts *p = &r->panoptic[i];

		rc = bind_audited(sv, s, p->annotator, p->ref);
		rc |= sqlite3_bind_int64(s, 4, ds->categories[p->category].id);
		rc |= sqlite3_bind_int64(s, 5, (sqlite3_int64)p->tp);
		rc |= sqlite3_bind_int64(s, 6, (sqlite3_int64)p->fp);
		rc |= sqlite3_bind_int64(s, 7, (sqlite3_int64)p->fn);
		rc |= sqlite3_bind_double(s, 8, p->iou_sum);
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	return 0;
}

static int save_pairs(saver *sv)
{
	sqlite3_stmt *s = sv->q[Q_MAP_PAIR];
	size_t i;
	int rc, error;

	for (i = 0; i < sv->r->n_map_pairs; i++) {
		const tly_map_pair *p = &sv->r->map_pairs[i];

		rc = sqlite3_bind_int64(s, 1, sv->run_id);
		rc |= sqlite3_bind_int64(s, 2, sv->ds->annotators[p->a].id);
		rc |= sqlite3_bind_int64(s, 3, sv->ds->annotators[p->b].id);
		rc |= sqlite3_bind_int64(s, 4, p->images);
		rc |= tly_store__bind_double(s, 5, p->miou);
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	return 0;
}

static int save_staple_rates(saver *sv)
{
	sqlite3_stmt *s = sv->q[Q_STAPLE_RATE];
	size_t i;
	int rc, error;

	for (i = 0; i < sv->r->n_map_staple_rates; i++) {
		const tly_map_staple_rate *x = &sv->r->map_staple_rates[i];

		rc = sqlite3_bind_int64(s, 1, sv->run_id);
		rc |= sqlite3_bind_int64(s, 2, sv->ds->annotators[x->annotator].id);
		rc |= sqlite3_bind_int64(s, 3, sv->ds->categories[x->category].id);
		rc |= sqlite3_bind_int64(s, 4, x->images);
		rc |= sqlite3_bind_int64(s, 5, (sqlite3_int64)x->pixels_in);
		rc |= tly_store__bind_double(s, 6, x->sensitivity);
		rc |= sqlite3_bind_int64(s, 7, (sqlite3_int64)x->pixels_out);
		rc |= tly_store__bind_double(s, 8, x->specificity);
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	return 0;
}

int tly_store__save_maps(tly_store *st, const tly_dataset *ds, const tly_result *r, int64_t run_id)
{
	saver sv;
	size_t i;
	int error;

	memset(&sv, 0, sizeof(sv));
	sv.st = st;
	sv.ds = ds;
	sv.r = r;
	sv.run_id = run_id;
	if ((error = tly_store__prepare_all(sv.q, st, queries, N_QUERIES)) < 0)
		return error;
	for (i = 0; i < r->n_cons_maps && !error; i++)
		error = save_cons_map(&sv, &r->cons_maps[i]);
	if (!error && (error = save_audits(&sv)) == 0 && (error = save_pairs(&sv)) == 0)
		error = save_staple_rates(&sv);
	/* Finalized here, before the caller's ROLLBACK can run. */
	tly_store__finalize_all(sv.q, N_QUERIES);
	return error;
}
