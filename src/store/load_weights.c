/*
 * The reliability part of a stored run back into a tly_result
 * (store/save_weights.h): the model row, its classes (ascending category
 * index), one entry per dataset annotator, and the confusion matrices:
 * dawid-skene's read cell by cell, gold's and one-coin's rebuilt from each
 * accuracy exactly as the run built them (src/run/weights.c,
 * src/agree/dawid_skene.c). Tested by tests/store/test_save_weights.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/idmap.h"
#include "store/save_weights.h"
#include "tally/error.h"
#include "util/alloc.h"

typedef struct {
	tly_store *st;
	tly_result *r;
	const tly_dataset *ds;
	int64_t run_id;
	int found;                /* the run has a reliability_models row */
	uint32_t *class_of;       /* [n_categories]: class of each category, UINT32_MAX when none */
	uint8_t *have;            /* [n_reliability]: a stored row (dawid-skene: cells) */
} reader;

typedef struct {
	uint32_t category;
	double prior;
} class_row_t;

static int corrupt(reader *rd, const char *table, int64_t id)
{
	return tly_error_set(TLY_ESTORE, "%s: corrupt store: run %lld, %s row %lld", rd->st->path,
			     (long long)rd->run_id, table, (long long)id);
}

static int model_row(void *ctx, sqlite3_stmt *s)
{
	reader *rd = ctx;
	tly_result *r = rd->r;

	if (tly_store__weights_parse(&r->weights, (const char *)sqlite3_column_text(s, 0)) < 0 ||
	    sqlite3_column_int64(s, 1) < 0 || sqlite3_column_int64(s, 2) < 0 ||
	    sqlite3_column_int64(s, 2) > UINT32_MAX || sqlite3_column_int64(s, 5) < 0)
		return corrupt(rd, "reliability_models", rd->run_id);
	rd->found = 1;
	r->weight_items = (uint64_t)sqlite3_column_int64(s, 1);
	r->em_iterations = (uint32_t)sqlite3_column_int64(s, 2);
	r->em_converged = sqlite3_column_int(s, 3) ? 1 : 0;
	r->em_log_likelihood = tly_store__column_double(s, 4);
	r->staple_fallbacks = (uint64_t)sqlite3_column_int64(s, 5);
	return 0;
}

static int class_row(void *ctx, sqlite3_stmt *s)
{
	reader *rd = ctx;
	tly_result *r = rd->r;
	uint32_t c;
	double p = sqlite3_column_double(s, 1);

	if (!tly_store__named_find(rd->ds->categories, rd->ds->n_categories, sqlite3_column_int64(s, 0), &c) ||
	    !(p >= 0 && p <= 1) || r->n_weight_classes >= rd->ds->n_categories)
		return corrupt(rd, "reliability_classes", sqlite3_column_int64(s, 0));
	/* at most one row per category (the primary key), so n_categories bounds the array */
	r->weight_classes[r->n_weight_classes] = c;
	r->weight_prior[r->n_weight_classes++] = p;
	return 0;
}

static int cmp_class(const void *a, const void *b)
{
	const class_row_t *x = a, *y = b;

	return x->category < y->category ? -1 : x->category > y->category;
}

/* Classes by ascending category index (indices follow names, not ids). */
static int sort_classes(reader *rd)
{
	tly_result *r = rd->r;
	size_t k = r->n_weight_classes, c;
	class_row_t *v;

	if (k == 0)
		return 0;
	if (!(v = tly_reallocarray(NULL, k, sizeof(*v))))
		return TLY_ENOMEM;
	for (c = 0; c < k; c++) {
		v[c].category = r->weight_classes[c];
		v[c].prior = r->weight_prior[c];
	}
	qsort(v, k, sizeof(*v), cmp_class);
	for (c = 0; c < k; c++) {
		r->weight_classes[c] = v[c].category;
		r->weight_prior[c] = v[c].prior;
		rd->class_of[v[c].category] = (uint32_t)c;
	}
	tly_free(v);
	return 0;
}

static int annotator_row(void *ctx, sqlite3_stmt *s)
{
	reader *rd = ctx;
	tly_reliability *a;
	uint32_t i;

	if (!tly_store__named_find(rd->ds->annotators, rd->ds->n_annotators, sqlite3_column_int64(s, 0), &i) ||
	    sqlite3_column_int64(s, 1) < 0 || sqlite3_column_int64(s, 3) < 0 ||
	    sqlite3_column_int64(s, 3) > UINT32_MAX)
		return corrupt(rd, "annotator_reliability", sqlite3_column_int64(s, 0));
	a = &rd->r->reliability[i];
	a->labels = (uint64_t)sqlite3_column_int64(s, 1);
	a->accuracy = tly_store__column_double(s, 2);
	a->staple_clusters = (uint32_t)sqlite3_column_int64(s, 3);
	a->staple_sensitivity = tly_store__column_double(s, 4);
	a->staple_specificity = tly_store__column_double(s, 5);
	return 0;
}

static int cell_row(void *ctx, sqlite3_stmt *s)
{
	reader *rd = ctx;
	tly_result *r = rd->r;
	size_t k = r->n_weight_classes;
	uint32_t a, t, g;
	double p = sqlite3_column_double(s, 3);

	if (!tly_store__named_find(rd->ds->annotators, rd->ds->n_annotators, sqlite3_column_int64(s, 0), &a) ||
	    !tly_store__named_find(rd->ds->categories, rd->ds->n_categories, sqlite3_column_int64(s, 1), &t) ||
	    !tly_store__named_find(rd->ds->categories, rd->ds->n_categories, sqlite3_column_int64(s, 2), &g) ||
	    rd->class_of[t] == UINT32_MAX || rd->class_of[g] == UINT32_MAX || !(p >= 0 && p <= 1))
		return corrupt(rd, "annotator_confusion", sqlite3_column_int64(s, 0));
	r->weight_confusion[((size_t)a * k + rd->class_of[t]) * k + rd->class_of[g]] = p;
	rd->have[a] = 1;
	return 0;
}

/*
 * Every annotator's matrix: dawid-skene's as read; gold's and one-coin's
 * from the accuracy (diagonal) and (1 - accuracy) / (K - 1) elsewhere, as
 * src/run/weights.c and the one-coin M-step write them. Annotators with
 * nothing stored get the uniform rows the model gives the unknown.
 */
static void fill_matrices(reader *rd)
{
	tly_result *r = rd->r;
	size_t k = r->n_weight_classes, i, c;

	for (i = 0; i < r->n_reliability; i++) {
		double *m = r->weight_confusion + i * k * k, acc = r->reliability[i].accuracy;

		if (r->weights == TLY_WEIGHTS_DAWID_SKENE && rd->have[i])
			continue;
		for (c = 0; c < k * k; c++) {
			if (r->weights == TLY_WEIGHTS_DAWID_SKENE || isnan(acc))
				m[c] = 1.0 / (double)k;
			else
				m[c] = k == 1 ? 1.0 : c % (k + 1) == 0 ? acc : (1.0 - acc) / (double)(k - 1);
		}
	}
}

static int alloc_arrays(reader *rd)
{
	tly_result *r = rd->r;
	const tly_dataset *ds = rd->ds;
	size_t i, nc = ds->n_categories ? ds->n_categories : 1, na = ds->n_annotators;

	r->weight_classes = tly_calloc(nc, sizeof(*r->weight_classes));
	r->weight_prior = tly_calloc(nc, sizeof(*r->weight_prior));
	r->reliability = tly_calloc(na ? na : 1, sizeof(*r->reliability));
	rd->class_of = tly_reallocarray(NULL, nc, sizeof(*rd->class_of));
	rd->have = tly_calloc(na ? na : 1, 1);
	if (!r->weight_classes || !r->weight_prior || !r->reliability || !rd->class_of || !rd->have)
		return TLY_ENOMEM;
	r->n_reliability = na;
	for (i = 0; i < na; i++) {
		r->reliability[i].annotator = (uint32_t)i;
		r->reliability[i].accuracy = NAN;
		r->reliability[i].staple_sensitivity = NAN;
		r->reliability[i].staple_specificity = NAN;
	}
	for (i = 0; i < nc; i++)
		rd->class_of[i] = UINT32_MAX;
	return 0;
}

static int load(reader *rd)
{
	tly_result *r = rd->r;
	size_t cells;
	int error;

	if ((error = tly_store__each_row(rd->st, "SELECT model, items, iterations, converged, log_likelihood,"
					 " staple_fallbacks FROM reliability_models WHERE run_id = ?1",
					 rd->run_id, model_row, rd)) < 0 || !rd->found)
		return error;
	if ((error = alloc_arrays(rd)) < 0 ||
	    (error = tly_store__each_row(rd->st, "SELECT category_id, prior FROM reliability_classes"
					 " WHERE run_id = ?1", rd->run_id, class_row, rd)) < 0 ||
	    (error = sort_classes(rd)) < 0 ||
	    (error = tly_store__each_row(rd->st, "SELECT annotator_id, labels, accuracy, staple_clusters,"
					 " staple_sensitivity, staple_specificity FROM annotator_reliability"
					 " WHERE run_id = ?1", rd->run_id, annotator_row, rd)) < 0)
		return error;
	if (r->n_weight_classes == 0 || r->n_reliability == 0)
		return 0;
	if (tly_mul_size(&cells, r->n_reliability, r->n_weight_classes) < 0 ||
	    tly_mul_size(&cells, cells, r->n_weight_classes) < 0)
		return corrupt(rd, "reliability_classes", rd->run_id);
	if (!(r->weight_confusion = tly_calloc(cells, sizeof(*r->weight_confusion))))
		return TLY_ENOMEM;
	if (r->weights == TLY_WEIGHTS_DAWID_SKENE &&
	    (error = tly_store__each_row(rd->st, "SELECT annotator_id, true_category_id, given_category_id, p"
					 " FROM annotator_confusion WHERE run_id = ?1", rd->run_id, cell_row, rd)) < 0)
		return error;
	fill_matrices(rd);
	return 0;
}

int tly_store__load_weights(tly_result *r, const tly_dataset *ds, tly_store *st, int64_t run_id)
{
	reader rd;
	int error;

	memset(&rd, 0, sizeof(rd));
	rd.st = st;
	rd.r = r;
	rd.ds = ds;
	rd.run_id = run_id;
	error = load(&rd);
	tly_free(rd.class_of);
	tly_free(rd.have);
	return error;
}
