/*
 * tly_store_save_result: one run's result as a new runs row and its result
 * rows, in one transaction (label-map results through save_maps.c).
 * Dataset indices are stored as store ids (see idmap.h) and NaN as NULL;
 * the result is checked against the dataset first (tly_result_check), so
 * a bug upstream is a TLY_EARG naming the entry, not a half-saved run.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/names.h"
#include "store/periods.h"
#include "store/save_attrs.h"
#include "store/save_maps.h"
#include "store/save_weights.h"
#include "store/tie_votes.h"
#include "tally/error.h"
#include "tally/rle.h"
#include "util/alloc.h"
#include "util/sha256.h"

enum {
	Q_NOW,
	Q_RUN,
	Q_COBJ,
	Q_MEMBER,
	Q_CTAG,
	Q_CONFLICT,
	Q_IMAGE,
	Q_ANNOTATOR,
	Q_PAIR,
	Q_CLASS,
	Q_STAT,
	Q_SECONDS,
	N_QUERIES
};

static const char *const queries[N_QUERIES] = {
	[Q_NOW] = "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
	[Q_RUN] = "INSERT INTO runs (created_at, rules_json, rules_sha256, threads, seconds_load, seconds_compute,"
		  " seconds_save, n_images, n_annotators, n_categories, n_submissions, n_objects, n_tags,"
		  " n_consensus_objects, n_consensus_tags, n_conflicts, n_flagged)"
		  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
	[Q_COBJ] = "INSERT INTO consensus_objects (run_id, idx, image_id, category_id, kind, x, y, w, h,"
		   " support, votes, voters, confidence, agreement, first_member, mask_height, mask_width,"
		   " mask_counts, iscrowd)"
		   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
	[Q_MEMBER] = "INSERT INTO consensus_members (run_id, idx, consensus_idx, object_id, annotator_id,"
		     " category_id, iou) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_CTAG] = "INSERT INTO consensus_tags (run_id, idx, image_id, category_id, votes, voters, confidence)"
		   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_CONFLICT] = "INSERT INTO conflicts (run_id, idx, image_id, kind, task, annotator_id, object_id,"
		       " consensus_idx, category_id, iou) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[Q_IMAGE] = "INSERT INTO image_stats (run_id, image_id, voters_objects, voters_labels, agreement,"
		    " agreement_objects, agreement_labels, flagged, n_conflicts, voters_maps, agreement_maps)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[Q_ANNOTATOR] = "INSERT INTO annotator_stats (run_id, annotator_id, images_done,"
			" consensus_images, consensus_tp, consensus_fp, consensus_fn, consensus_matched,"
			" consensus_iou_sum, consensus_label_correct, consensus_label_total,"
			" gold_images, gold_tp, gold_fp, gold_fn, gold_matched,"
			" gold_iou_sum, gold_label_correct, gold_label_total)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
	[Q_PAIR] = "INSERT INTO pair_stats (run_id, a_id, b_id, images, tp, n_a, n_b, f1, kappa_items, kappa,"
		   " kappa_ci_lo, kappa_ci_hi, kappa_objects_items, kappa_objects, kappa_objects_ci_lo,"
		   " kappa_objects_ci_hi)"
		   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
	[Q_CLASS] = "INSERT INTO class_stats (run_id, category_id, support, agreement, mean_iou, fleiss_n,"
		    " fleiss_kappa, fleiss_ci_lo, fleiss_ci_hi, maps_fleiss_n, maps_fleiss_kappa,"
		    " maps_fleiss_ci_lo, maps_fleiss_ci_hi)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[Q_STAT] = "INSERT INTO run_statistics (run_id, name, value, ci_lo, ci_hi, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_SECONDS] = "UPDATE runs SET seconds_save = ?1 WHERE id = ?2",
};

/* Wall time so far, for the save's own duration. */
static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}


typedef struct {
	tly_store *st;
	const tly_dataset *ds;
	const tly_result *r;
	sqlite3_stmt *q[N_QUERIES];
	int64_t run_id;
	int64_t *member_owner; /* [r->n_members]: index of the consensus object holding it */
} saver;

/* The save's duration is known only at its end: record it just before COMMIT. */
static int record_seconds(saver *sv, double seconds)
{
	sqlite3_stmt *s = sv->q[Q_SECONDS];
	int rc;

	rc = sqlite3_bind_double(s, 1, seconds) | sqlite3_bind_int64(s, 2, sv->run_id);
	rc = rc == SQLITE_OK ? sqlite3_step(s) : rc;
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : tly_store__fail(sv->st);
}

/* The consensus object holding each member; tly_result_check vouched that there is exactly one. */
static void find_owners(saver *sv)
{
	const tly_result *r = sv->r;
	size_t i, k;

	for (i = 0; i < r->n_cons_objects; i++) {
		const tly_cons_object *c = &r->cons_objects[i];

		for (k = c->first_member; k < c->first_member + c->support; k++)
			sv->member_owner[k] = (int64_t)i;
	}
}

static int insert_run(saver *sv, const char *created_at, const char *rules_sha256)
{
	const tly_result *r = sv->r;
	const tly_dataset *ds = sv->ds;
	sqlite3_stmt *s = sv->q[Q_RUN];
	size_t i, subs = 0, objs = 0, tags = 0, flagged = 0;
	int rc = 0, error;

	for (i = 0; i < ds->n_images; i++) {
		subs += ds->images[i].n_subs;
		objs += ds->images[i].n_objs;
		tags += ds->images[i].n_tags;
	}
	for (i = 0; i < r->n_images; i++)
		flagged += r->images[i].flagged ? 1 : 0;
	rc |= sqlite3_bind_text(s, 1, created_at, -1, SQLITE_STATIC);
	rc |= sqlite3_bind_text(s, 2, r->rules_json, -1, SQLITE_STATIC);
	rc |= sqlite3_bind_text(s, 3, rules_sha256, -1, SQLITE_STATIC);
	rc |= sqlite3_bind_int(s, 4, r->threads);
	rc |= tly_store__bind_double(s, 5, r->seconds_load);
	rc |= tly_store__bind_double(s, 6, r->seconds_compute);
	rc |= tly_store__bind_double(s, 7, r->seconds_save);
	rc |= sqlite3_bind_int64(s, 8, (sqlite3_int64)ds->n_images);
	rc |= sqlite3_bind_int64(s, 9, (sqlite3_int64)ds->n_annotators);
	rc |= sqlite3_bind_int64(s, 10, (sqlite3_int64)ds->n_categories);
	rc |= sqlite3_bind_int64(s, 11, (sqlite3_int64)subs);
	rc |= sqlite3_bind_int64(s, 12, (sqlite3_int64)objs);
	rc |= sqlite3_bind_int64(s, 13, (sqlite3_int64)tags);
	rc |= sqlite3_bind_int64(s, 14, (sqlite3_int64)r->n_cons_objects);
	rc |= sqlite3_bind_int64(s, 15, (sqlite3_int64)r->n_cons_tags);
	rc |= sqlite3_bind_int64(s, 16, (sqlite3_int64)r->n_conflicts);
	rc |= sqlite3_bind_int64(s, 17, (sqlite3_int64)flagged);
	if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
		return error;
	sv->run_id = sqlite3_last_insert_rowid(sv->st->db);
	return 0;
}

/* Bind ?16-?18 to C's mask (its size and compressed counts) or NULLs. */
static int bind_mask(int *rc, sqlite3_stmt *s, const tly_cons_object *c)
{
	char *counts = NULL;
	size_t len = 0;
	int error;

	if (!c->geom.rle) {
		*rc |= sqlite3_bind_null(s, 16);
		*rc |= sqlite3_bind_null(s, 17);
		*rc |= sqlite3_bind_null(s, 18);
		return 0;
	}
	if ((error = tly_rle_to_string(&counts, &len, c->geom.rle)) < 0)
		return error;
	if (len > INT_MAX) {
		tly_free(counts);
		return tly_error_set(TLY_ELIMIT, "store: a consensus mask's counts string is over 2 GiB");
	}
	*rc |= sqlite3_bind_int64(s, 16, c->geom.rle->h);
	*rc |= sqlite3_bind_int64(s, 17, c->geom.rle->w);
	/* SQLite copies the text now: the string can go at once. */
	*rc |= sqlite3_bind_text(s, 18, counts, (int)len, SQLITE_TRANSIENT);
	tly_free(counts);
	return 0;
}

static int save_consensus(saver *sv)
{
	const tly_result *r = sv->r;
	const tly_dataset *ds = sv->ds;
	sqlite3_stmt *s;
	size_t i;
	int rc, error;

	for (s = sv->q[Q_COBJ], i = 0; i < r->n_cons_objects; i++) {
		const tly_cons_object *c = &r->cons_objects[i];

		rc = sqlite3_bind_int64(s, 1, sv->run_id);
		rc |= sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
		rc |= sqlite3_bind_int64(s, 3, ds->images[c->image].id);
		rc |= sqlite3_bind_int64(s, 4, ds->categories[c->category].id);
		rc |= sqlite3_bind_text(s, 5, tly_store__geom_name(c->geom.kind), -1, SQLITE_STATIC);
		rc |= tly_store__bind_double(s, 6, c->geom.box.x);
		rc |= tly_store__bind_double(s, 7, c->geom.box.y);
		rc |= tly_store__bind_double(s, 8, c->geom.box.w);
		rc |= tly_store__bind_double(s, 9, c->geom.box.h);
		rc |= sqlite3_bind_int64(s, 10, c->support);
		rc |= sqlite3_bind_int64(s, 11, c->votes);
		rc |= sqlite3_bind_int64(s, 12, c->voters);
		rc |= tly_store__bind_double(s, 13, c->confidence);
		rc |= tly_store__bind_double(s, 14, c->agreement);
		rc |= sqlite3_bind_int64(s, 15, (sqlite3_int64)c->first_member);
		rc |= sqlite3_bind_int(s, 19, c->iscrowd ? 1 : 0);
		if ((error = bind_mask(&rc, s, c)) < 0)
			return error;
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	for (s = sv->q[Q_MEMBER], i = 0; i < r->n_members; i++) {
		const tly_cons_member *m = &r->members[i];

		rc = sqlite3_bind_int64(s, 1, sv->run_id);
		rc |= sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
		rc |= sqlite3_bind_int64(s, 3, sv->member_owner[i]);
		rc |= sqlite3_bind_int64(s, 4, m->object_id);
		rc |= sqlite3_bind_int64(s, 5, ds->annotators[m->annotator].id);
		rc |= sqlite3_bind_int64(s, 6, ds->categories[m->category].id);
		rc |= tly_store__bind_double(s, 7, m->iou);
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	for (s = sv->q[Q_CTAG], i = 0; i < r->n_cons_tags; i++) {
		const tly_cons_tag *t = &r->cons_tags[i];

		rc = sqlite3_bind_int64(s, 1, sv->run_id);
		rc |= sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
		rc |= sqlite3_bind_int64(s, 3, ds->images[t->image].id);
		rc |= sqlite3_bind_int64(s, 4, ds->categories[t->category].id);
		rc |= sqlite3_bind_int64(s, 5, t->votes);
		rc |= sqlite3_bind_int64(s, 6, t->voters);
		rc |= tly_store__bind_double(s, 7, t->confidence);
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	return 0;
}

static int save_conflicts(saver *sv)
{
	const tly_result *r = sv->r;
	const tly_dataset *ds = sv->ds;
	sqlite3_stmt *s = sv->q[Q_CONFLICT];
	size_t i;
	int rc, error;

	for (i = 0; i < r->n_conflicts; i++) {
		const tly_conflict *c = &r->conflicts[i];

		rc = sqlite3_bind_int64(s, 1, sv->run_id);
		rc |= sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
		rc |= sqlite3_bind_int64(s, 3, ds->images[c->image].id);
		rc |= sqlite3_bind_text(s, 4, tly_store__conflict_name(c->kind), -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(s, 5, tly_store__task_name(c->task), -1, SQLITE_STATIC);
		rc |= c->annotator == UINT32_MAX ? sqlite3_bind_null(s, 6)
						 : sqlite3_bind_int64(s, 6, ds->annotators[c->annotator].id);
		rc |= c->object_id ? sqlite3_bind_int64(s, 7, c->object_id) : sqlite3_bind_null(s, 7);
		rc |= c->consensus >= 0 ? sqlite3_bind_int64(s, 8, c->consensus) : sqlite3_bind_null(s, 8);
		rc |= c->category == UINT32_MAX ? sqlite3_bind_null(s, 9)
						: sqlite3_bind_int64(s, 9, ds->categories[c->category].id);
		rc |= tly_store__bind_double(s, 10, c->iou);
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	return 0;
}

/* Bind a statistic to 4 parameters from COL on: n, value, ci_lo, ci_hi (NaN as NULL). */
static int bind_stat(sqlite3_stmt *s, int col, const tly_stat *t)
{
	int rc = sqlite3_bind_int64(s, col, (sqlite3_int64)t->n);

	rc |= tly_store__bind_double(s, col + 1, t->value);
	rc |= tly_store__bind_double(s, col + 2, t->ci95[0]);
	rc |= tly_store__bind_double(s, col + 3, t->ci95[1]);
	return rc;
}

static int save_stats(saver *sv)
{
	const tly_result *r = sv->r;
	const tly_dataset *ds = sv->ds;
	sqlite3_stmt *s;
	size_t i;
	int rc, error;

	for (s = sv->q[Q_IMAGE], i = 0; i < r->n_images; i++) {
		const tly_image_stats *m = &r->images[i];

		rc = sqlite3_bind_int64(s, 1, sv->run_id);
		rc |= sqlite3_bind_int64(s, 2, ds->images[m->image].id);
		rc |= sqlite3_bind_int64(s, 3, m->voters_objects);
		rc |= sqlite3_bind_int64(s, 4, m->voters_labels);
		rc |= tly_store__bind_double(s, 5, m->agreement);
		rc |= tly_store__bind_double(s, 6, m->agreement_objects);
		rc |= tly_store__bind_double(s, 7, m->agreement_labels);
		rc |= sqlite3_bind_int(s, 8, m->flagged ? 1 : 0);
		rc |= sqlite3_bind_int64(s, 9, m->n_conflicts);
		rc |= sqlite3_bind_int64(s, 10, m->voters_maps);
		rc |= tly_store__bind_double(s, 11, m->agreement_maps);
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	for (s = sv->q[Q_ANNOTATOR], i = 0; i < r->n_annotators; i++) {
		const tly_annotator_stats *a = &r->annotators[i];

		rc = sqlite3_bind_int64(s, 1, sv->run_id);
		rc |= sqlite3_bind_int64(s, 2, ds->annotators[a->annotator].id);
		rc |= sqlite3_bind_int64(s, 3, a->images_done);
		rc |= tly_store__bind_counts(s, 4, &a->vs_consensus);
		rc |= tly_store__bind_counts(s, 12, &a->vs_gold);
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	for (s = sv->q[Q_PAIR], i = 0; i < r->n_pairs; i++) {
		const tly_pair_stats *p = &r->pairs[i];

		rc = sqlite3_bind_int64(s, 1, sv->run_id);
		rc |= sqlite3_bind_int64(s, 2, ds->annotators[p->a].id);
		rc |= sqlite3_bind_int64(s, 3, ds->annotators[p->b].id);
		rc |= sqlite3_bind_int64(s, 4, p->images);
		rc |= sqlite3_bind_int64(s, 5, (sqlite3_int64)p->tp);
		rc |= sqlite3_bind_int64(s, 6, (sqlite3_int64)p->n_a);
		rc |= sqlite3_bind_int64(s, 7, (sqlite3_int64)p->n_b);
		rc |= tly_store__bind_double(s, 8, p->f1);
		rc |= sqlite3_bind_int64(s, 9, (sqlite3_int64)p->kappa_items);
		rc |= tly_store__bind_double(s, 10, p->kappa);
		rc |= tly_store__bind_double(s, 11, p->cohen_kappa.ci95[0]);
		rc |= tly_store__bind_double(s, 12, p->cohen_kappa.ci95[1]);
		rc |= bind_stat(s, 13, &p->cohen_kappa_objects);
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	for (s = sv->q[Q_CLASS], i = 0; i < r->n_classes; i++) {
		const tly_class_stats *c = &r->classes[i];

		rc = sqlite3_bind_int64(s, 1, sv->run_id);
		rc |= sqlite3_bind_int64(s, 2, ds->categories[c->category].id);
		rc |= sqlite3_bind_int64(s, 3, c->support);
		rc |= tly_store__bind_double(s, 4, c->agreement);
		rc |= tly_store__bind_double(s, 5, c->mean_iou);
		rc |= bind_stat(s, 6, &c->fleiss_kappa);
		rc |= bind_stat(s, 10, &c->fleiss_kappa_maps);
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	return 0;
}

/*
 * The run-wide statistics, one row each, undefined ones included (with
 * their n); the ordinal and interval alpha only when the rules ordered the
 * labels, so their rows' presence is what labels_ordered reads back as;
 * the label maps' kappa only when the run has consensus maps (the report
 * shows it exactly then).
 */
static int save_statistics(saver *sv)
{
	const tly_stat *stats[] = {&sv->r->fleiss_kappa, &sv->r->krippendorff_alpha,
				   &sv->r->krippendorff_alpha_iou, &sv->r->krippendorff_alpha_ordinal,
				   &sv->r->krippendorff_alpha_interval, &sv->r->fleiss_kappa_maps};
	const char *const names[] = {"fleiss_kappa", "krippendorff_alpha", "krippendorff_alpha_iou",
				     "krippendorff_alpha_ordinal", "krippendorff_alpha_interval",
				     "fleiss_kappa_maps"};
	sqlite3_stmt *s = sv->q[Q_STAT];
	size_t i;
	int rc, error;

	for (i = 0; i < sizeof(stats) / sizeof(stats[0]); i++) {
		if ((i == 3 || i == 4) && !sv->r->labels_ordered)
			continue;
		if (i == 5 && sv->r->n_cons_maps == 0)
			continue;
		rc = sqlite3_bind_int64(s, 1, sv->run_id);
		rc |= sqlite3_bind_text(s, 2, names[i], -1, SQLITE_STATIC);
		rc |= tly_store__bind_double(s, 3, stats[i]->value);
		rc |= tly_store__bind_double(s, 4, stats[i]->ci95[0]);
		rc |= tly_store__bind_double(s, 5, stats[i]->ci95[1]);
		rc |= sqlite3_bind_int64(s, 6, (sqlite3_int64)stats[i]->n);
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	return 0;
}

/* Now, by SQLite's clock, as ISO 8601 UTC: the time of a result that has none. */
static int now(char **out, saver *sv)
{
	const unsigned char *t;
	sqlite3_stmt *s = sv->q[Q_NOW];
	int error = 0;

	*out = NULL;
	if (sqlite3_step(s) == SQLITE_ROW && (t = sqlite3_column_text(s, 0))) {
		if (!(*out = tly_strdup((const char *)t)))
			error = TLY_ENOMEM;
	} else {
		error = tly_store__fail(sv->st);
	}
	sqlite3_reset(s);
	return error;
}

int tly_store_save_result(tly_store *st, const tly_dataset *ds, tly_result *r)
{
	saver sv;
	char *when = NULL;
	char sha[65];
	int in_tx = 0, error = 0;
	double t0 = seconds_now(), elapsed = 0;

	if (!st || !ds || !r || !r->rules_json)
		return tly_error_set(TLY_EARG, "tly_store_save_result: no store, dataset, result or rules document");
	memset(&sv, 0, sizeof(sv));
	sv.st = st;
	sv.ds = ds;
	sv.r = r;
	if (r->rules_sha256[0])
		snprintf(sha, sizeof(sha), "%s", r->rules_sha256);
	else
		tly_sha256_hex(sha, r->rules_json, strlen(r->rules_json));
	if ((error = tly_result_check(ds, r)) < 0)
		goto out;
	if (!(sv.member_owner = tly_calloc(r->n_members, sizeof(*sv.member_owner)))) {
		error = TLY_ENOMEM;
		goto out;
	}
	find_owners(&sv);
	if ((error = tly_store__prepare_all(sv.q, st, queries, N_QUERIES)) < 0 ||
	    (!r->created_at && (error = now(&when, &sv)) < 0) || (error = tly_store__begin_write(st)) < 0)
		goto out;
	in_tx = 1;
	if ((error = insert_run(&sv, r->created_at ? r->created_at : when, sha)) < 0 || (error = save_consensus(&sv)) < 0 ||
	    (error = save_conflicts(&sv)) < 0 || (error = save_stats(&sv)) < 0 ||
	    (error = save_statistics(&sv)) < 0 || (error = tly_store__save_maps(st, ds, r, sv.run_id)) < 0 ||
	    (error = tly_store__save_attrs(st, r, sv.run_id)) < 0 ||
	    (error = tly_store__save_periods(st, ds, r, sv.run_id)) < 0 ||
	    (error = tly_store__save_weights(st, ds, r, sv.run_id)) < 0 ||
	    (error = tly_store__save_tie_votes(st, ds, r, sv.run_id)) < 0 ||
	    (error = record_seconds(&sv, elapsed = seconds_now() - t0)) < 0)
		goto out;
	error = tly_store__commit(st);
out:
	tly_store__finalize_all(sv.q, N_QUERIES);
	if (error < 0 && in_tx)
		tly_store__rollback(st);
	tly_free(sv.member_owner);
	if (!error) {
		r->seconds_save = elapsed;
		r->run_id = sv.run_id;
		snprintf(r->rules_sha256, sizeof(r->rules_sha256), "%s", sha);
		if (!r->created_at) {
			r->created_at = when;
			when = NULL;
		}
	}
	tly_free(when);
	return error;
}
