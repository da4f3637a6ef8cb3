/*
 * The label-map part of a stored run back into a tly_result
 * (store/save_maps.h): consensus maps decoded from their runs blobs with
 * category store ids mapped back to indices, then the audit and pair rows
 * in the orders result.h gives. Store ids map onto the dataset loaded now
 * (categories and annotators are never deleted); then semantic STAPLE's
 * rates. Tested by tests/store/test_save_maps.c and test_load_maps_result.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/names.h"
#include "store/save_maps.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/vec.h"

typedef struct {
	tly_store *st;
	tly_result *r;
	const tly_dataset *ds;
	const tly_idmap *images;
	int64_t run_id;
	size_t cap; /* slots of the array being filled */
} reader;

static int corrupt(reader *rd, const char *table, int64_t id)
{
	return tly_error_set(TLY_ESTORE, "%s: corrupt store: run %lld, %s row %lld", rd->st->path,
			     (long long)rd->run_id, table, (long long)id);
}

static int annotator_of(reader *rd, sqlite3_stmt *s, int col, uint32_t *out)
{
	return tly_store__named_find(rd->ds->annotators, rd->ds->n_annotators, sqlite3_column_int64(s, col), out);
}

static int category_of(reader *rd, sqlite3_stmt *s, int col, uint32_t *out)
{
	return tly_store__named_find(rd->ds->categories, rd->ds->n_categories, sqlite3_column_int64(s, col), out);
}

/* Decode the blob in column COL into *m (empty on error); 0, TLY_ENOMEM, or 1 when the blob is bad. */
static int decode(tly_labelmap *m, sqlite3_stmt *s, int col)
{
	const void *blob;
	int error;

	tly_labelmap_init(m);
	if (sqlite3_column_type(s, col) != SQLITE_BLOB || sqlite3_column_bytes(s, col) == 0)
		return 1;
	if (!(blob = sqlite3_column_blob(s, col)))
		return TLY_ENOMEM;
	error = tly_labelmap_from_blob(m, blob, (size_t)sqlite3_column_bytes(s, col), "consensus map");
	if (error == TLY_ENOMEM)
		return error;
	return error < 0 ? 1 : 0;
}

/* Category store ids in M's runs -> dataset indices; 0, or -1 for an id the dataset lacks. */
static int ids_to_indices(reader *rd, tly_labelmap *m)
{
	size_t k;

	for (k = 0; k < m->n; k++)
		if (m->value[k] != TLY_LABEL_IGNORE &&
		    !tly_store__named_find(rd->ds->categories, rd->ds->n_categories, m->value[k], &m->value[k]))
			return -1;
	return 0;
}

/* Columns: image_id, voters, panoptic, tied_pixels, runs, confidence. */
static int cons_map_row(void *ctx, sqlite3_stmt *s)
{
	reader *rd = ctx;
	tly_result *r = rd->r;
	int64_t image_id = sqlite3_column_int64(s, 0);
	const tly_image *im;
	tly_cons_map *c;
	int error;

	if ((error = tly_vec__reserve((void **)&r->cons_maps, &rd->cap, r->n_cons_maps, sizeof(*r->cons_maps))) < 0)
		return error;
	/* Counted at once, its maps empty: clearing the result after a failure below is safe. */
	c = &r->cons_maps[r->n_cons_maps++];
	memset(c, 0, sizeof(*c));
	tly_labelmap_init(&c->map);
	tly_labelmap_init(&c->confidence);
	if (!tly_store__idmap_find(rd->images, image_id, &c->image))
		return corrupt(rd, "consensus_maps", image_id);
	c->voters = (uint32_t)sqlite3_column_int64(s, 1);
	c->panoptic = sqlite3_column_int(s, 2) ? 1 : 0;
	c->tied_pixels = (uint64_t)sqlite3_column_int64(s, 3);
	if ((error = decode(&c->map, s, 4)) == TLY_ENOMEM || (!error && (error = decode(&c->confidence, s, 5)) == TLY_ENOMEM))
		return error;
	im = &rd->ds->images[c->image];
	if (error || ids_to_indices(rd, &c->map) < 0 || (int64_t)c->map.w != im->width ||
	    (int64_t)c->map.h != im->height || c->confidence.w != c->map.w || c->confidence.h != c->map.h)
		return corrupt(rd, "consensus_maps", image_id);
	return 0;
}

static int cmp_cons_map(const void *a, const void *b)
{
	uint32_t x = ((const tly_cons_map *)a)->image, y = ((const tly_cons_map *)b)->image;

	return (x > y) - (x < y);
}

/* Column COL as a reference; 0, or -1 when it is none. */
static int reference_of(sqlite3_stmt *s, int col, tly_reference *out)
{
	return tly_store__reference_parse(out, (const char *)sqlite3_column_text(s, col));
}

/* Columns: annotator_id, reference, category_id, tp, fp, fn. */
static int pixel_counts_row(void *ctx, sqlite3_stmt *s)
{
	reader *rd = ctx;
	tly_result *r = rd->r;
	tly_pixel_counts *p;
	int error;

	if ((error = tly_vec__reserve((void **)&r->pixel_counts, &rd->cap, r->n_pixel_counts,
				      sizeof(*r->pixel_counts))) < 0)
		return error;
	p = &r->pixel_counts[r->n_pixel_counts];
	if (!annotator_of(rd, s, 0, &p->annotator) || reference_of(s, 1, &p->ref) < 0 ||
	    !category_of(rd, s, 2, &p->category))
		return corrupt(rd, "pixel_counts", (int64_t)r->n_pixel_counts);
	p->tp = (uint64_t)sqlite3_column_int64(s, 3);
	p->fp = (uint64_t)sqlite3_column_int64(s, 4);
	p->fn = (uint64_t)sqlite3_column_int64(s, 5);
	r->n_pixel_counts++;
	return 0;
}

/* Columns: annotator_id, reference, images, correct, total. */
static int pixel_audit_row(void *ctx, sqlite3_stmt *s)
{
	reader *rd = ctx;
	tly_result *r = rd->r;
	tly_pixel_audit *a;
	int error;

	if ((error = tly_vec__reserve((void **)&r->pixel_audits, &rd->cap, r->n_pixel_audits,
				      sizeof(*r->pixel_audits))) < 0)
		return error;
	a = &r->pixel_audits[r->n_pixel_audits];
	if (!annotator_of(rd, s, 0, &a->annotator) || reference_of(s, 1, &a->ref) < 0)
		return corrupt(rd, "pixel_audits", (int64_t)r->n_pixel_audits);
	a->images = (uint32_t)sqlite3_column_int64(s, 2);
	a->correct = (uint64_t)sqlite3_column_int64(s, 3);
	a->total = (uint64_t)sqlite3_column_int64(s, 4);
	r->n_pixel_audits++;
	return 0;
}

/* Columns: a_id, b_id, images, miou. */
static int map_pair_row(void *ctx, sqlite3_stmt *s)
{
	reader *rd = ctx;
	tly_result *r = rd->r;
	tly_map_pair *p;
	int error;

	if ((error = tly_vec__reserve((void **)&r->map_pairs, &rd->cap, r->n_map_pairs, sizeof(*r->map_pairs))) < 0)
		return error;
	p = &r->map_pairs[r->n_map_pairs];
	if (!annotator_of(rd, s, 0, &p->a) || !annotator_of(rd, s, 1, &p->b))
		return corrupt(rd, "map_pairs", (int64_t)r->n_map_pairs);
	p->images = (uint32_t)sqlite3_column_int64(s, 2);
	p->miou = tly_store__column_double(s, 3);
	r->n_map_pairs++;
	return 0;
}

/* Columns: annotator_id, reference, category_id, tp, fp, fn, iou_sum. */
static int panoptic_row(void *ctx, sqlite3_stmt *s)
{
	reader *rd = ctx;
	tly_result *r = rd->r;
	tly_panoptic_counts *p;
	int error;

	if ((error = tly_vec__reserve((void **)&r->panoptic, &rd->cap, r->n_panoptic, sizeof(*r->panoptic))) < 0)
		return error;
	p = &r->panoptic[r->n_panoptic];
	if (!annotator_of(rd, s, 0, &p->annotator) || reference_of(s, 1, &p->ref) < 0 ||
	    !category_of(rd, s, 2, &p->category))
		return corrupt(rd, "panoptic_counts", (int64_t)r->n_panoptic);
	p->tp = (uint64_t)sqlite3_column_int64(s, 3);
	p->fp = (uint64_t)sqlite3_column_int64(s, 4);
	p->fn = (uint64_t)sqlite3_column_int64(s, 5);
	p->iou_sum = sqlite3_column_double(s, 6);
	r->n_panoptic++;
	return 0;
}

/* Columns: annotator_id, category_id, images, pixels_in, sensitivity, pixels_out, specificity. */
static int staple_rate_row(void *ctx, sqlite3_stmt *s)
{
	reader *rd = ctx;
	tly_result *r = rd->r;
	tly_map_staple_rate *x;
	int error;

	if ((error = tly_vec__reserve((void **)&r->map_staple_rates, &rd->cap, r->n_map_staple_rates,
				      sizeof(*r->map_staple_rates))) < 0)
		return error;
	x = &r->map_staple_rates[r->n_map_staple_rates];
	memset(x, 0, sizeof(*x));
	if (!annotator_of(rd, s, 0, &x->annotator) || !category_of(rd, s, 1, &x->category))
		return corrupt(rd, "map_staple_rates", (int64_t)r->n_map_staple_rates);
	x->images = (uint32_t)sqlite3_column_int64(s, 2);
	x->pixels_in = (uint64_t)sqlite3_column_int64(s, 3);
	x->sensitivity = tly_store__column_double(s, 4);
	x->pixels_out = (uint64_t)sqlite3_column_int64(s, 5);
	x->specificity = tly_store__column_double(s, 6);
	r->n_map_staple_rates++;
	return 0;
}

/* Run SQL with ?1 = the run, ROW per row, into a fresh array. */
static int rows(reader *rd, const char *sql, int (*row)(void *, sqlite3_stmt *))
{
	rd->cap = 0;
	return tly_store__each_row(rd->st, sql, rd->run_id, row, rd);
}

/* Annotator and category indices follow ids; 'consensus' is TLY_REF_CONSENSUS (0), 'gold' 1. */
#define REF_ORDER "CASE reference WHEN 'consensus' THEN 0 ELSE 1 END"

int tly_store__load_maps_result(tly_result *r, const tly_dataset *ds, const tly_idmap *images, tly_store *st,
				int64_t run_id)
{
	reader rd;
	int error;

	memset(&rd, 0, sizeof(rd));
	rd.st = st;
	rd.r = r;
	rd.ds = ds;
	rd.images = images;
	rd.run_id = run_id;
	if ((error = rows(&rd, "SELECT image_id, voters, panoptic, tied_pixels, runs, confidence"
			       " FROM consensus_maps WHERE run_id = ?1", cons_map_row)) < 0)
		return error;
	/* Image indices follow names, not ids: order them here. */
	if (r->n_cons_maps)
		qsort(r->cons_maps, r->n_cons_maps, sizeof(*r->cons_maps), cmp_cons_map);
	if ((error = rows(&rd, "SELECT annotator_id, reference, category_id, tp, fp, fn FROM pixel_counts"
			       " WHERE run_id = ?1 ORDER BY annotator_id, " REF_ORDER ", category_id",
			  pixel_counts_row)) < 0 ||
	    (error = rows(&rd, "SELECT annotator_id, reference, images, correct, total FROM pixel_audits"
			       " WHERE run_id = ?1 ORDER BY annotator_id, " REF_ORDER, pixel_audit_row)) < 0 ||
	    (error = rows(&rd, "SELECT a_id, b_id, images, miou FROM map_pairs WHERE run_id = ?1"
			       " ORDER BY a_id, b_id", map_pair_row)) < 0 ||
	    (error = rows(&rd, "SELECT annotator_id, reference, category_id, tp, fp, fn, iou_sum FROM panoptic_counts"
			       " WHERE run_id = ?1 ORDER BY annotator_id, " REF_ORDER ", category_id", panoptic_row)) < 0)
		return error;
	return rows(&rd, "SELECT annotator_id, category_id, images, pixels_in, sensitivity, pixels_out, specificity"
			 " FROM map_staple_rates WHERE run_id = ?1 ORDER BY annotator_id, category_id",
		    staple_rate_row);
}
