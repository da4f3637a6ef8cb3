/*
 * tly_store_load_result: a stored run and the dataset it indexes, read in
 * one snapshot. Store ids map back to indices of the dataset loaded now;
 * images, annotators and categories that came after the run get neutral
 * entries (no voters, NaN figures) so the per-entity arrays stay one per
 * dataset entry, in dataset order, as tally/result.h promises.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "store/load_dataset.h"
#include "store/names.h"
#include "store/periods.h"
#include "store/save_attrs.h"
#include "store/save_maps.h"
#include "store/save_weights.h"
#include "store/tie_votes.h"
#include "tally/error.h"
#include "tally/rle.h"
#include "util/alloc.h"
#include "util/vec.h"

typedef struct {
	tly_store *st;
	tly_result *r;
	const tly_dataset *ds;
	tly_idmap images;
	int64_t run_id;
	size_t cap; /* slots of the array being filled */
	size_t cap_masks; /* slots of r->cons_masks, filled in step with cons_objects */
	int any_mask;
} reader;

static int corrupt(reader *rd, const char *table, int64_t idx)
{
	return tly_error_set(TLY_ESTORE, "%s: corrupt store: run %lld, %s row %lld", rd->st->path,
			     (long long)rd->run_id, table, (long long)idx);
}

/* Run SQL with ?1 = the run id, calling ROW for each row until one fails. */
static int each_row(reader *rd, const char *sql, int (*row)(reader *, sqlite3_stmt *))
{
	sqlite3_stmt *s = NULL;
	int rc, error;

	rd->cap = 0;
	if ((error = tly_store__prepare(&s, rd->st, sql)) < 0)
		return error;
	if (sqlite3_bind_int64(s, 1, rd->run_id) != SQLITE_OK) {
		error = tly_store__fail(rd->st);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((error = row(rd, s)) < 0)
			goto out;
	if (rc != SQLITE_DONE)
		error = tly_store__fail(rd->st);
out:
	sqlite3_finalize(s);
	return error;
}

static int image_of(reader *rd, sqlite3_stmt *s, int col, uint32_t *out)
{
	return tly_store__idmap_find(&rd->images, sqlite3_column_int64(s, col), out);
}

static int annotator_of(reader *rd, sqlite3_stmt *s, int col, uint32_t *out)
{
	if (sqlite3_column_type(s, col) == SQLITE_NULL) {
		*out = UINT32_MAX;
		return 1;
	}
	return tly_store__named_find(rd->ds->annotators, rd->ds->n_annotators, sqlite3_column_int64(s, col), out);
}

static int category_of(reader *rd, sqlite3_stmt *s, int col, uint32_t *out)
{
	if (sqlite3_column_type(s, col) == SQLITE_NULL) {
		*out = UINT32_MAX;
		return 1;
	}
	return tly_store__named_find(rd->ds->categories, rd->ds->n_categories, sqlite3_column_int64(s, col), out);
}

/* Columns 14-16 (mask_height, mask_width, mask_counts) into R's mask entry for object IDX. */
static int mask_of(reader *rd, sqlite3_stmt *s, int64_t idx)
{
	tly_result *r = rd->r;
	tly_rle *m = &r->cons_masks[r->n_cons_objects];
	const unsigned char *counts = sqlite3_column_text(s, 16);
	int error;

	tly_rle_init(m);
	if (sqlite3_column_type(s, 16) == SQLITE_NULL)
		return r->cons_objects[r->n_cons_objects].geom.kind == TLY_GEOM_MASK
			       ? corrupt(rd, "consensus_objects", idx) : 0;
	if (!counts)
		return TLY_ENOMEM;
	error = tly_rle_from_string(m, sqlite3_column_int64(s, 14), sqlite3_column_int64(s, 15),
				    (const char *)counts, (size_t)sqlite3_column_bytes(s, 16));
	if (error == TLY_ENOMEM)
		return error;
	if (error < 0)
		return corrupt(rd, "consensus_objects", idx);
	rd->any_mask = 1;
	return 0;
}

/* Columns: idx, image_id, category_id, kind, x, y, w, h, support, votes, voters, confidence, agreement, first_member,
 * mask_height, mask_width, mask_counts, iscrowd. */
static int cons_object_row(reader *rd, sqlite3_stmt *s)
{
	tly_result *r = rd->r;
	int64_t idx = sqlite3_column_int64(s, 0);
	tly_cons_object *c;
	int error;

	if ((error = tly_vec__reserve((void **)&r->cons_objects, &rd->cap, r->n_cons_objects,
				      sizeof(*r->cons_objects))) < 0 ||
	    (error = tly_vec__reserve((void **)&r->cons_masks, &rd->cap_masks, r->n_cons_objects,
				      sizeof(*r->cons_masks))) < 0)
		return error;
	/* An empty entry first: clearing the result after a failure below is safe. */
	tly_rle_init(&r->cons_masks[r->n_cons_objects]);
	c = &r->cons_objects[r->n_cons_objects];
	memset(c, 0, sizeof(*c));
	if (idx != (int64_t)r->n_cons_objects || !image_of(rd, s, 1, &c->image) ||
	    !category_of(rd, s, 2, &c->category) || c->category == UINT32_MAX ||
	    tly_store__geom_parse(&c->geom.kind, (const char *)sqlite3_column_text(s, 3)) < 0)
		return corrupt(rd, "consensus_objects", idx);
	c->geom.box.x = tly_store__column_double(s, 4);
	c->geom.box.y = tly_store__column_double(s, 5);
	c->geom.box.w = tly_store__column_double(s, 6);
	c->geom.box.h = tly_store__column_double(s, 7);
	c->support = (uint32_t)sqlite3_column_int64(s, 8);
	c->votes = (uint32_t)sqlite3_column_int64(s, 9);
	c->voters = (uint32_t)sqlite3_column_int64(s, 10);
	c->confidence = tly_store__column_double(s, 11);
	c->agreement = tly_store__column_double(s, 12);
	c->first_member = (size_t)sqlite3_column_int64(s, 13);
	c->iscrowd = sqlite3_column_int(s, 17) ? 1 : 0;
	error = mask_of(rd, s, idx);
	/* Counted even on failure: its mask entry is valid (maybe empty) either way. */
	r->n_cons_objects++;
	return error;
}

/* Point the mask objects at their masks, or drop the array when no object has one. */
static void attach_masks(reader *rd)
{
	tly_result *r = rd->r;
	size_t i;

	if (!rd->any_mask) {
		tly_free(r->cons_masks);
		r->cons_masks = NULL;
		return;
	}
	for (i = 0; i < r->n_cons_objects; i++)
		r->cons_objects[i].geom.rle = r->cons_masks[i].m ? &r->cons_masks[i] : NULL;
}

/* Columns: idx, object_id, annotator_id, category_id, iou. */
static int member_row(reader *rd, sqlite3_stmt *s)
{
	tly_result *r = rd->r;
	int64_t idx = sqlite3_column_int64(s, 0);
	tly_cons_member *m;
	int error;

	if ((error = tly_vec__reserve((void **)&r->members, &rd->cap, r->n_members, sizeof(*r->members))) < 0)
		return error;
	m = &r->members[r->n_members];
	m->object_id = sqlite3_column_int64(s, 1);
	if (idx != (int64_t)r->n_members || !annotator_of(rd, s, 2, &m->annotator) ||
	    m->annotator == UINT32_MAX || !category_of(rd, s, 3, &m->category) || m->category == UINT32_MAX)
		return corrupt(rd, "consensus_members", idx);
	m->iou = tly_store__column_double(s, 4);
	r->n_members++;
	return 0;
}

/* Columns: idx, image_id, category_id, votes, voters, confidence. */
static int cons_tag_row(reader *rd, sqlite3_stmt *s)
{
	tly_result *r = rd->r;
	int64_t idx = sqlite3_column_int64(s, 0);
	tly_cons_tag *t;
	int error;

	if ((error = tly_vec__reserve((void **)&r->cons_tags, &rd->cap, r->n_cons_tags, sizeof(*r->cons_tags))) < 0)
		return error;
	t = &r->cons_tags[r->n_cons_tags];
	if (idx != (int64_t)r->n_cons_tags || !image_of(rd, s, 1, &t->image) ||
	    !category_of(rd, s, 2, &t->category) || t->category == UINT32_MAX)
		return corrupt(rd, "consensus_tags", idx);
	t->votes = (uint32_t)sqlite3_column_int64(s, 3);
	t->voters = (uint32_t)sqlite3_column_int64(s, 4);
	t->confidence = tly_store__column_double(s, 5);
	r->n_cons_tags++;
	return 0;
}

/* Columns: idx, image_id, kind, task, annotator_id, object_id, consensus_idx, category_id, iou. */
static int conflict_row(reader *rd, sqlite3_stmt *s)
{
	tly_result *r = rd->r;
	int64_t idx = sqlite3_column_int64(s, 0);
	tly_conflict *c;
	int error;

	if ((error = tly_vec__reserve((void **)&r->conflicts, &rd->cap, r->n_conflicts, sizeof(*r->conflicts))) < 0)
		return error;
	c = &r->conflicts[r->n_conflicts];
	if (idx != (int64_t)r->n_conflicts || !image_of(rd, s, 1, &c->image) ||
	    tly_store__conflict_parse(&c->kind, (const char *)sqlite3_column_text(s, 2)) < 0 ||
	    tly_store__task_parse(&c->task, (const char *)sqlite3_column_text(s, 3)) < 0 ||
	    !annotator_of(rd, s, 4, &c->annotator) || !category_of(rd, s, 7, &c->category))
		return corrupt(rd, "conflicts", idx);
	c->object_id = sqlite3_column_int64(s, 5); /* NULL reads as 0: "none" */
	c->consensus = sqlite3_column_type(s, 6) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 6);
	c->iou = tly_store__column_double(s, 8);
	r->n_conflicts++;
	return 0;
}

/* Columns: image_id, voters_objects, voters_labels, agreement, agreement_objects, agreement_labels, flagged, n_conflicts,
 * voters_maps, agreement_maps. */
static int image_row(reader *rd, sqlite3_stmt *s)
{
	tly_image_stats *m;
	uint32_t i;

	if (!image_of(rd, s, 0, &i))
		return corrupt(rd, "image_stats", sqlite3_column_int64(s, 0));
	m = &rd->r->images[i];
	m->voters_objects = (uint32_t)sqlite3_column_int64(s, 1);
	m->voters_labels = (uint32_t)sqlite3_column_int64(s, 2);
	m->agreement = tly_store__column_double(s, 3);
	m->agreement_objects = tly_store__column_double(s, 4);
	m->agreement_labels = tly_store__column_double(s, 5);
	m->flagged = sqlite3_column_int(s, 6);
	m->n_conflicts = (uint32_t)sqlite3_column_int64(s, 7);
	m->voters_maps = (uint32_t)sqlite3_column_int64(s, 8);
	m->agreement_maps = tly_store__column_double(s, 9);
	return 0;
}

/* Columns: annotator_id, images_done, 8 consensus_* counts, 8 gold_* counts. */
static int annotator_row(reader *rd, sqlite3_stmt *s)
{
	tly_annotator_stats *a;
	uint32_t i;

	if (!annotator_of(rd, s, 0, &i) || i == UINT32_MAX)
		return corrupt(rd, "annotator_stats", sqlite3_column_int64(s, 0));
	a = &rd->r->annotators[i];
	a->images_done = (uint32_t)sqlite3_column_int64(s, 1);
	tly_store__column_counts(&a->vs_consensus, s, 2);
	tly_store__column_counts(&a->vs_gold, s, 10);
	return 0;
}

/* Columns from COL on: n, value, ci_lo, ci_hi (see bind_stat in save_result.c). */
static void column_stat(tly_stat *t, sqlite3_stmt *s, int col)
{
	int64_t n = sqlite3_column_int64(s, col);

	t->n = n > 0 ? (size_t)n : 0;
	t->value = tly_store__column_double(s, col + 1);
	t->ci95[0] = tly_store__column_double(s, col + 2);
	t->ci95[1] = tly_store__column_double(s, col + 3);
}

/*
 * Columns: a_id, b_id, images, tp, n_a, n_b, f1, kappa_items, kappa,
 * kappa_ci_lo, kappa_ci_hi, then the objects kappa (items, value, ci_lo,
 * ci_hi). cohen_kappa is kappa with its items and interval (NULL, so NaN,
 * in runs saved before version 5).
 */
static int pair_row(reader *rd, sqlite3_stmt *s)
{
	tly_result *r = rd->r;
	tly_pair_stats *p;
	int error;

	if ((error = tly_vec__reserve((void **)&r->pairs, &rd->cap, r->n_pairs, sizeof(*r->pairs))) < 0)
		return error;
	p = &r->pairs[r->n_pairs];
	if (!annotator_of(rd, s, 0, &p->a) || !annotator_of(rd, s, 1, &p->b) ||
	    p->a == UINT32_MAX || p->b == UINT32_MAX)
		return corrupt(rd, "pair_stats", (int64_t)r->n_pairs);
	p->images = (uint32_t)sqlite3_column_int64(s, 2);
	p->tp = (uint64_t)sqlite3_column_int64(s, 3);
	p->n_a = (uint64_t)sqlite3_column_int64(s, 4);
	p->n_b = (uint64_t)sqlite3_column_int64(s, 5);
	p->f1 = tly_store__column_double(s, 6);
	p->kappa_items = (uint64_t)sqlite3_column_int64(s, 7);
	p->kappa = tly_store__column_double(s, 8);
	p->cohen_kappa.value = p->kappa;
	p->cohen_kappa.n = (size_t)p->kappa_items;
	p->cohen_kappa.ci95[0] = tly_store__column_double(s, 9);
	p->cohen_kappa.ci95[1] = tly_store__column_double(s, 10);
	column_stat(&p->cohen_kappa_objects, s, 11);
	r->n_pairs++;
	return 0;
}

/*
 * Columns: category_id, support, agreement, mean_iou, then Fleiss' kappa
 * (n, value, ci_lo, ci_hi) over image labels, then over label-map pixels
 * (NULL, so NaN with n 0, in runs saved before version 10).
 */
static int class_row(reader *rd, sqlite3_stmt *s)
{
	tly_class_stats *c;
	uint32_t i;

	if (!category_of(rd, s, 0, &i) || i == UINT32_MAX)
		return corrupt(rd, "class_stats", sqlite3_column_int64(s, 0));
	c = &rd->r->classes[i];
	c->support = (uint32_t)sqlite3_column_int64(s, 1);
	c->agreement = tly_store__column_double(s, 2);
	c->mean_iou = tly_store__column_double(s, 3);
	column_stat(&c->fleiss_kappa, s, 4);
	column_stat(&c->fleiss_kappa_maps, s, 8);
	return 0;
}

/* Columns: name, value, ci_lo, ci_hi, n. Names this tally does not know are skipped. */
static int statistic_row(reader *rd, sqlite3_stmt *s)
{
	const unsigned char *name = sqlite3_column_text(s, 0);
	tly_stat *t = NULL;

	if (!name || sqlite3_column_int64(s, 4) < 0)
		return corrupt(rd, "run_statistics", 0);
	if (strcmp((const char *)name, "fleiss_kappa") == 0)
		t = &rd->r->fleiss_kappa;
	else if (strcmp((const char *)name, "krippendorff_alpha") == 0)
		t = &rd->r->krippendorff_alpha;
	else if (strcmp((const char *)name, "krippendorff_alpha_iou") == 0)
		t = &rd->r->krippendorff_alpha_iou;
	else if (strcmp((const char *)name, "krippendorff_alpha_ordinal") == 0)
		t = &rd->r->krippendorff_alpha_ordinal;
	else if (strcmp((const char *)name, "krippendorff_alpha_interval") == 0)
		t = &rd->r->krippendorff_alpha_interval;
	else if (strcmp((const char *)name, "fleiss_kappa_maps") == 0)
		t = &rd->r->fleiss_kappa_maps;
	/* the run's rules ordered the labels exactly when it saved these two rows */
	if (t == &rd->r->krippendorff_alpha_ordinal || t == &rd->r->krippendorff_alpha_interval)
		rd->r->labels_ordered = 1;
	if (!t)
		return 0;
	t->value = tly_store__column_double(s, 1);
	t->ci95[0] = tly_store__column_double(s, 2);
	t->ci95[1] = tly_store__column_double(s, 3);
	t->n = (size_t)sqlite3_column_int64(s, 4);
	return 0;
}

/* A statistic with no stored row (a run saved before version 3): undefined over no units. */
static void no_statistic(tly_stat *t)
{
	t->value = t->ci95[0] = t->ci95[1] = NAN;
	t->n = 0;
}

/* One entry per dataset entity, neutral until a stored row fills it. */
static int alloc_per_entity(reader *rd)
{
	tly_result *r = rd->r;
	const tly_dataset *ds = rd->ds;
	size_t i;

	r->images = tly_calloc(ds->n_images, sizeof(*r->images));
	r->annotators = tly_calloc(ds->n_annotators, sizeof(*r->annotators));
	r->classes = tly_calloc(ds->n_categories, sizeof(*r->classes));
	if (!r->images || !r->annotators || !r->classes)
		return TLY_ENOMEM;
	r->n_images = ds->n_images;
	r->n_annotators = ds->n_annotators;
	r->n_classes = ds->n_categories;
	no_statistic(&r->fleiss_kappa);
	no_statistic(&r->krippendorff_alpha);
	no_statistic(&r->krippendorff_alpha_iou);
	no_statistic(&r->krippendorff_alpha_ordinal);
	no_statistic(&r->krippendorff_alpha_interval);
	no_statistic(&r->fleiss_kappa_maps);
	for (i = 0; i < r->n_images; i++) {
		r->images[i].image = (uint32_t)i;
		r->images[i].agreement = NAN;
		r->images[i].agreement_objects = NAN;
		r->images[i].agreement_labels = NAN;
		r->images[i].agreement_maps = NAN;
	}
	for (i = 0; i < r->n_annotators; i++)
		r->annotators[i].annotator = (uint32_t)i;
	for (i = 0; i < r->n_classes; i++) {
		r->classes[i].category = (uint32_t)i;
		r->classes[i].agreement = NAN;
		r->classes[i].mean_iou = NAN;
		no_statistic(&r->classes[i].fleiss_kappa);
		no_statistic(&r->classes[i].fleiss_kappa_maps);
	}
	return 0;
}

/* Find the run (0 = latest) and read its own row. */
static int load_run(reader *rd, int64_t run_id)
{
	static const char sql[] = "SELECT id, created_at, rules_json, rules_sha256, threads, seconds_load,"
				  " seconds_compute, seconds_save FROM runs"
				  " WHERE id = ?1 OR (?1 = 0 AND id = (SELECT max(id) FROM runs))";
	tly_result *r = rd->r;
	sqlite3_stmt *s = NULL;
	const unsigned char *created, *rules, *sha;
	int rc, error = 0;

	if ((error = tly_store__prepare(&s, rd->st, sql)) < 0)
		return error;
	if (sqlite3_bind_int64(s, 1, run_id) != SQLITE_OK || ((rc = sqlite3_step(s)) != SQLITE_ROW && rc != SQLITE_DONE)) {
		error = tly_store__fail(rd->st);
		goto out;
	}
	if (rc == SQLITE_DONE) {
		error = run_id ? tly_error_set(TLY_ENOTFOUND, "%s: run %lld not found", rd->st->path, (long long)run_id)
			       : tly_error_set(TLY_ENOTFOUND, "%s: no run stored yet", rd->st->path);
		goto out;
	}
	rd->run_id = r->run_id = sqlite3_column_int64(s, 0);
	created = sqlite3_column_text(s, 1);
	rules = sqlite3_column_text(s, 2);
	sha = sqlite3_column_text(s, 3);
	if (!created || !rules || !sha) {
		error = corrupt(rd, "runs", rd->run_id);
		goto out;
	}
	snprintf(r->rules_sha256, sizeof(r->rules_sha256), "%s", (const char *)sha);
	r->threads = sqlite3_column_int(s, 4);
	r->seconds_load = tly_store__column_double(s, 5);
	r->seconds_compute = tly_store__column_double(s, 6);
	r->seconds_save = tly_store__column_double(s, 7);
	if (!(r->created_at = tly_strdup((const char *)created)) || !(r->rules_json = tly_strdup((const char *)rules)))
		error = TLY_ENOMEM;
out:
	sqlite3_finalize(s);
	return error;
}

static int load(reader *rd, int64_t run_id, tly_dataset *ds)
{
	int error;

	if ((error = load_run(rd, run_id)) < 0 || (error = tly_store__load_dataset(ds, &rd->images, rd->st)) < 0 ||
	    (error = alloc_per_entity(rd)) < 0)
		return error;
	error = each_row(rd, "SELECT idx, image_id, category_id, kind, x, y, w, h, support, votes, voters,"
			     " confidence, agreement, first_member, mask_height, mask_width, mask_counts, iscrowd"
			     " FROM consensus_objects WHERE run_id = ?1 ORDER BY idx", cons_object_row);
	attach_masks(rd);
	if (error < 0)
		return error;
	if ((error = each_row(rd, "SELECT idx, object_id, annotator_id, category_id, iou FROM consensus_members"
				  " WHERE run_id = ?1 ORDER BY idx", member_row)) < 0 ||
	    (error = each_row(rd, "SELECT idx, image_id, category_id, votes, voters, confidence FROM consensus_tags"
				  " WHERE run_id = ?1 ORDER BY idx", cons_tag_row)) < 0 ||
	    (error = each_row(rd, "SELECT idx, image_id, kind, task, annotator_id, object_id, consensus_idx,"
				  " category_id, iou FROM conflicts WHERE run_id = ?1 ORDER BY idx", conflict_row)) < 0 ||
	    (error = each_row(rd, "SELECT image_id, voters_objects, voters_labels, agreement, agreement_objects,"
				  " agreement_labels, flagged, n_conflicts, voters_maps, agreement_maps"
				  " FROM image_stats WHERE run_id = ?1",
			      image_row)) < 0 ||
	    (error = each_row(rd, "SELECT annotator_id, images_done,"
				  " consensus_images, consensus_tp, consensus_fp, consensus_fn, consensus_matched,"
				  " consensus_iou_sum, consensus_label_correct, consensus_label_total,"
				  " gold_images, gold_tp, gold_fp, gold_fn, gold_matched,"
				  " gold_iou_sum, gold_label_correct, gold_label_total"
				  " FROM annotator_stats WHERE run_id = ?1", annotator_row)) < 0 ||
	    /* Annotator indices follow ids, so id order is (a, b) order. */
	    (error = each_row(rd, "SELECT a_id, b_id, images, tp, n_a, n_b, f1, kappa_items, kappa, kappa_ci_lo,"
				  " kappa_ci_hi, kappa_objects_items, kappa_objects, kappa_objects_ci_lo,"
				  " kappa_objects_ci_hi FROM pair_stats WHERE run_id = ?1 ORDER BY a_id, b_id",
			      pair_row)) < 0 ||
	    (error = each_row(rd, "SELECT name, value, ci_lo, ci_hi, n FROM run_statistics WHERE run_id = ?1",
			      statistic_row)) < 0)
		return error;
	if ((error = each_row(rd, "SELECT category_id, support, agreement, mean_iou, fleiss_n, fleiss_kappa,"
				  " fleiss_ci_lo, fleiss_ci_hi, maps_fleiss_n, maps_fleiss_kappa, maps_fleiss_ci_lo,"
				  " maps_fleiss_ci_hi FROM class_stats WHERE run_id = ?1", class_row)) < 0 ||
	    (error = tly_store__load_periods(rd->r, ds, rd->st, rd->run_id)) < 0)
		return error;
	if ((error = tly_store__load_maps_result(rd->r, ds, &rd->images, rd->st, rd->run_id)) < 0 ||
	    (error = tly_store__load_weights(rd->r, ds, rd->st, rd->run_id)) < 0 ||
	    (error = tly_store__load_tie_votes(rd->r, ds, rd->st, rd->run_id)) < 0)
		return error;
	return tly_store__load_attrs_result(rd->r, rd->st, rd->run_id);
}

int tly_store_load_result(tly_result *r, tly_dataset *ds, tly_store *st, int64_t run_id)
{
	reader rd;
	int error;

	if (!r || !ds || !st || run_id < 0)
		return tly_error_set(TLY_EARG, "tly_store_load_result: no result, dataset or store, or a negative run id");
	memset(r, 0, sizeof(*r));
	memset(ds, 0, sizeof(*ds));
	memset(&rd, 0, sizeof(rd));
	rd.st = st;
	rd.r = r;
	rd.ds = ds;
	if ((error = tly_store__begin_read(st)) < 0)
		return error;
	error = load(&rd, run_id, ds);
	if (!error)
		error = tly_store__commit(st);
	else
		tly_store__rollback(st);
	tly_store__idmap_clear(&rd.images);
	if (error < 0) {
		tly_result_clear(r);
		tly_dataset_clear(ds);
	}
	return error;
}
