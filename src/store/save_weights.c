/*
 * The reliability part of a result into the store (store/save_weights.h):
 * one reliability_models row, the model's classes with their prior, one
 * annotator_reliability row per annotator and, for dawid-skene, every cell
 * of every annotator's confusion matrix (gold and one-coin matrices follow
 * from the accuracy); NaN as NULL. Tested by tests/store/test_save_weights.c.
 */
#include <string.h>

#include "store/save_weights.h"
#include "tally/error.h"

static const char *const model_names[] = {"equal", "gold", "dawid-skene", "one-coin"};

const char *tly_store__weights_name(tly_weights_policy w)
{
	return (unsigned)w < sizeof(model_names) / sizeof(model_names[0]) ? model_names[w] : NULL;
}

int tly_store__weights_parse(tly_weights_policy *out, const char *text)
{
	size_t i;

	for (i = 0; text && i < sizeof(model_names) / sizeof(model_names[0]); i++) {
		if (strcmp(text, model_names[i]) == 0) {
			*out = (tly_weights_policy)i;
			return 0;
		}
	}
	return -1;
}

enum { Q_MODEL, Q_CLASS, Q_ANNOTATOR, Q_CELL, N_QUERIES };

static const char *const queries[N_QUERIES] = {
	[Q_MODEL] = "INSERT INTO reliability_models (run_id, model, items, iterations, converged, log_likelihood,"
		    " staple_fallbacks) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_CLASS] = "INSERT INTO reliability_classes (run_id, category_id, prior) VALUES (?1, ?2, ?3)",
	[Q_ANNOTATOR] = "INSERT INTO annotator_reliability (run_id, annotator_id, labels, accuracy, staple_clusters,"
			" staple_sensitivity, staple_specificity) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_CELL] = "INSERT INTO annotator_confusion (run_id, annotator_id, true_category_id, given_category_id, p)"
		   " VALUES (?1, ?2, ?3, ?4, ?5)",
};

typedef struct {
	tly_store *st;
	const tly_dataset *ds;
	const tly_result *r;
	sqlite3_stmt *q[N_QUERIES];
	int64_t run_id;
} saver;

static int save_model(saver *sv)
{
	const tly_result *r = sv->r;
	sqlite3_stmt *s = sv->q[Q_MODEL];
	int em = r->weights == TLY_WEIGHTS_DAWID_SKENE || r->weights == TLY_WEIGHTS_ONE_COIN;
	int rc = sqlite3_bind_int64(s, 1, sv->run_id);

	rc |= sqlite3_bind_text(s, 2, tly_store__weights_name(r->weights), -1, SQLITE_STATIC);
	rc |= sqlite3_bind_int64(s, 3, (sqlite3_int64)r->weight_items);
	rc |= sqlite3_bind_int64(s, 4, r->em_iterations);
	rc |= sqlite3_bind_int(s, 5, r->em_converged ? 1 : 0);
	rc |= em ? tly_store__bind_double(s, 6, r->em_log_likelihood) : sqlite3_bind_null(s, 6);
	rc |= sqlite3_bind_int64(s, 7, (sqlite3_int64)r->staple_fallbacks);
	return tly_store__step_done(sv->st, s, rc);
}

static int save_classes(saver *sv)
{
	sqlite3_stmt *s = sv->q[Q_CLASS];
	size_t c;
	int rc, error;

	for (c = 0; c < sv->r->n_weight_classes; c++) {
		rc = sqlite3_bind_int64(s, 1, sv->run_id);
		rc |= sqlite3_bind_int64(s, 2, sv->ds->categories[sv->r->weight_classes[c]].id);
		rc |= sqlite3_bind_double(s, 3, sv->r->weight_prior[c]);
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	return 0;
}

static int save_annotators(saver *sv)
{
	sqlite3_stmt *s = sv->q[Q_ANNOTATOR];
	size_t i;
	int rc, error;

	for (i = 0; i < sv->r->n_reliability; i++) {
		const tly_reliability *a = &sv->r->reliability[i];

		rc = sqlite3_bind_int64(s, 1, sv->run_id);
		rc |= sqlite3_bind_int64(s, 2, sv->ds->annotators[a->annotator].id);
		rc |= sqlite3_bind_int64(s, 3, (sqlite3_int64)a->labels);
		rc |= tly_store__bind_double(s, 4, a->accuracy);
		rc |= sqlite3_bind_int64(s, 5, a->staple_clusters);
		rc |= tly_store__bind_double(s, 6, a->staple_sensitivity);
		rc |= tly_store__bind_double(s, 7, a->staple_specificity);
		if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
			return error;
	}
	return 0;
}

/* dawid-skene only: a full matrix per annotator, K x K cells. */
static int save_cells(saver *sv)
{
	const tly_result *r = sv->r;
	const tly_named *cat = sv->ds->categories;
	sqlite3_stmt *s = sv->q[Q_CELL];
	size_t k = r->n_weight_classes, i, t, g;
	int rc, error;

	if (r->weights != TLY_WEIGHTS_DAWID_SKENE || !r->weight_confusion)
		return 0;
	for (i = 0; i < r->n_reliability; i++) {
		for (t = 0; t < k; t++) {
			for (g = 0; g < k; g++) {
				rc = sqlite3_bind_int64(s, 1, sv->run_id);
				rc |= sqlite3_bind_int64(s, 2, sv->ds->annotators[r->reliability[i].annotator].id);
				rc |= sqlite3_bind_int64(s, 3, cat[r->weight_classes[t]].id);
				rc |= sqlite3_bind_int64(s, 4, cat[r->weight_classes[g]].id);
				rc |= sqlite3_bind_double(s, 5, r->weight_confusion[(i * k + t) * k + g]);
				if ((error = tly_store__step_done(sv->st, s, rc)) < 0)
					return error;
			}
		}
	}
	return 0;
}

int tly_store__save_weights(tly_store *st, const tly_dataset *ds, const tly_result *r, int64_t run_id)
{
	saver sv;
	int error;

	if (r->n_reliability == 0)
		return 0;
	memset(&sv, 0, sizeof(sv));
	sv.st = st;
	sv.ds = ds;
	sv.r = r;
	sv.run_id = run_id;
	if ((error = tly_store__prepare_all(sv.q, st, queries, N_QUERIES)) < 0)
		return error;
	if ((error = save_model(&sv)) == 0 && (error = save_classes(&sv)) == 0 &&
	    (error = save_annotators(&sv)) == 0)
		error = save_cells(&sv);
	/* Finalized here, before the caller's ROLLBACK can run. */
	tly_store__finalize_all(sv.q, N_QUERIES);
	return error;
}
