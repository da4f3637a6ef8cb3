/*
 * tly_run_execute: load the store's dataset (after creating the canonical
 * labels of the rules' aliases the store lacks), prepare it for the rules'
 * aliases and ignore list, compute, save the result as a new run, timing
 * each step on the monotonic clock.
 */
#include "run/meta.h"
#include "run/prepare.h"
#include "tally/error.h"
#include "tally/run.h"
#include "tally/store.h"
#include "util/alloc.h"

/*
 * Load DS from ST with every canonical label of an alias the store has as
 * a category: the results name categories by store id. The first load tells
 * which are missing; only then are they created and the dataset loaded again.
 */
static int load(tly_dataset *ds, tly_store *st, const tly_policy *p)
{
	const char **missing = NULL;
	size_t n = 0;
	int error;

	if ((error = tly_store_load_dataset(ds, st)) < 0)
		return error;
	if (!p->n_aliases)
		return 0;
	if ((error = tly_run__missing_canonicals(&missing, &n, ds, p)) < 0) {
		error = tly_error_set(error, "run: out of memory");
		goto out;
	}
	if (n == 0)
		goto out;
	tly_dataset_clear(ds);
	if ((error = tly_store_ensure_categories(NULL, st, missing, n)) < 0)
		goto out;
	error = tly_store_load_dataset(ds, st);
out:
	tly_free(missing);
	if (error < 0)
		tly_dataset_clear(ds);
	return error;
}

int tly_run_execute(tly_result *out, tly_dataset *ds, tly_store *st,
		    const tly_rules *rules, const tly_run_options *opts)
{
	double t0, t1;
	int error;

	if (!out || !ds || !st || !rules)
		return tly_error_set(TLY_EARG, "run: result, dataset, store and rules are required");
	t0 = tly_run__now();
	if ((error = load(ds, st, tly_rules_policy(rules))) < 0)
		return error;
	if ((error = tly_run_prepare(ds, rules)) < 0)
		return error;
	t1 = tly_run__now();
	if ((error = tly_run_compute(out, ds, rules, opts)) < 0)
		return error;
	out->seconds_load = t1 - t0;
	/* the store times the save itself and records it with the run */
	return tly_store_save_result(st, ds, out);
}
