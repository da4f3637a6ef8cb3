/*
 * tly_run_execute: load the store's dataset, compute, save the result as a
 * new run, timing each step on the monotonic clock.
 */
#include "run/meta.h"
#include "tally/error.h"
#include "tally/run.h"
#include "tally/store.h"

int tly_run_execute(tly_result *out, tly_dataset *ds, tly_store *st,
		    const tly_rules *rules, const tly_run_options *opts)
{
	double t0, t1;
	int error;

	if (!out || !ds || !st || !rules)
		return tly_error_set(TLY_EARG, "run: result, dataset, store and rules are required");
	t0 = tly_run__now();
	if ((error = tly_store_load_dataset(ds, st)) < 0)
		return error;
	t1 = tly_run__now();
	if ((error = tly_run_compute(out, ds, rules, opts)) < 0)
		return error;
	out->seconds_load = t1 - t0;
	/* the store times the save itself and records it with the run */
	return tly_store_save_result(st, ds, out);
}
