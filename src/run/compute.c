/*
 * tly_run_compute: every image's agreement (src/agree) in parallel with
 * OpenMP, each image writing only its own slot and status (STYLE rule 12),
 * then the reduction in image order on the calling thread, so the result
 * is the same bytes for any thread count (tests/run/test_compute.c).
 */
#include <math.h>
#include <omp.h>
#include <string.h>

#include "run/label_stats.h"
#include "run/meta.h"
#include "run/object_stats.h"
#include "run/pairs.h"
#include "run/panoptic.h"
#include "run/periods.h"
#include "run/prepare.h"
#include "run/reduce.h"
#include "run/reduce_attrs.h"
#include "run/semantic.h"
#include "run/weights.h"
#include "run/workspace.h"
#include "tally/error.h"
#include "tally/run.h"
#include "util/limits.h"

/* Images done between two progress calls: about one percent. */
static size_t progress_step(size_t total)
{
	return total / 100 ? total / 100 : 1;
}

/*
 * The parallel region, pass PASS (0-based) of PASSES: progress counts
 * images over all passes. Returns the index of the first failed image, or
 * n when none failed.
 */
static size_t compute_images(tly_run_space *s, const tly_agree_context *ctx, const tly_dataset *ds,
			     int threads, const tly_run_options *opts, size_t pass, size_t passes)
{
	size_t n = ds->n_images, done = 0, last = 0, step = progress_step(n), i;
	void (*progress)(size_t, size_t, void *) = opts ? opts->progress : NULL;
	void *payload = opts ? opts->payload : NULL;
	long k, nk = (long)n;

#pragma omp parallel for schedule(dynamic) num_threads(threads)
	for (k = 0; k < nk; k++) {
		int t = omp_get_thread_num();

		s->status[k] = tly_agree_image(&s->slots[k], s->ws[t], ctx, &ds->images[k], (uint32_t)k);
#pragma omp atomic
		done++;
		/* only the calling thread reports: callbacks need not be thread-safe */
		if (t == 0 && progress) {
			size_t d;

#pragma omp atomic read
			d = done;
			if (d - last >= step) {
				last = d;
				progress(pass * n + d, passes * n, payload);
			}
		}
	}
	if (progress && last != n)
		progress(pass * n + n, passes * n, payload);
	for (i = 0; i < n; i++)
		if (s->status[i] < 0)
			return i;
	return n;
}

static int check_args(const tly_result *out, const tly_dataset *ds, const tly_rules *rules,
		      const tly_run_options *opts)
{
	if (!out || !ds || !rules)
		return tly_error_set(TLY_EARG, "run: result, dataset and rules are required");
	if (opts && (opts->threads < 0 || opts->threads > TLY_MAX_THREADS))
		return tly_error_set(TLY_EARG, "run: threads must be 0 (default) .. %d, not %d",
				     TLY_MAX_THREADS, opts->threads);
	if (ds->n_images > UINT32_MAX || ds->n_annotators > UINT32_MAX || ds->n_categories > UINT32_MAX)
		return tly_error_set(TLY_ELIMIT, "run: more than %u images, annotators or categories",
				     (unsigned)UINT32_MAX);
	/* aliases and ignore are applied by tly_run_prepare: a dataset that
	 * skipped it would silently vote the annotators' raw labels */
	return tly_run__check_prepared(ds, tly_rules_policy(rules));
}

/* Pass PASS of PASSES over every image; 0 or the lowest-indexed image's error. */
static int run_pass(tly_run_space *s, const tly_agree_context *ctx, const tly_dataset *ds, int threads,
		    const tly_run_options *opts, size_t pass, size_t passes)
{
	size_t failed = compute_images(s, ctx, ds, threads, opts, pass, passes);
	const tly_agree_image_result *x;

	if (failed == ds->n_images)
		return 0;
	x = &s->slots[failed];
	return tly_error_set(s->status[failed], "image %s: %s", ds->images[failed].name,
			     x->why ? x->why : "failed");
}

/*
 * vote.weights: a first pass records every voted label, the label model is
 * estimated from them (one deterministic step on this thread), and a second
 * pass votes with it and computes everything else; clusters do not depend
 * on weights, so both passes see the same items. Multi-label image labels have no single label for a
 * model to weigh: refused rather than silently voted with equal weights.
 */
static int weighted_passes(tly_result *out, tly_run_space *s, tly_agree_context *ctx,
			   tly_agree_weights *w, const tly_dataset *ds, int threads,
			   const tly_run_options *opts)
{
	static const char *const names[] = {"equal", "gold", "dawid-skene", "one-coin"};
	const tly_policy *p = ctx->policy;
	int error;

	if (ctx->multi)
		return tly_error_set(TLY_EINPUT, "rules: vote.weights \"%s\" weighs single-label image labels"
				     " and object labels; this dataset's image labels are multi-label",
				     names[p->weights]);
	ctx->observe = 1;
	if ((error = run_pass(s, ctx, ds, threads, opts, 0, 2)) < 0 ||
	    (error = tly_run__weights_estimate(w, out, s, ds, p)) < 0)
		return error;
	ctx->observe = 0;
	/* no label voted anywhere (no class): nothing to weigh, equal votes */
	ctx->weights = w->n_classes ? w : NULL;
	return run_pass(s, ctx, ds, threads, opts, 1, 2);
}

int tly_run_compute(tly_result *out, const tly_dataset *ds, const tly_rules *rules,
		    const tly_run_options *opts)
{
	tly_agree_context ctx;
	tly_agree_weights weights;
	tly_run_space space;
	double t0 = tly_run__now();
	int threads, error = 0;

	memset(&ctx, 0, sizeof(ctx));
	memset(&weights, 0, sizeof(weights));
	memset(&space, 0, sizeof(space));
	if ((error = check_args(out, ds, rules, opts)) < 0)
		return error;
	memset(out, 0, sizeof(*out));
	threads = opts && opts->threads > 0 ? opts->threads : omp_get_max_threads();
	if (threads < 1)
		threads = 1;
	if ((error = tly_agree_context_init(&ctx, ds, tly_rules_policy(rules))) < 0) {
		error = tly_error_set(error, "run: out of memory");
		goto out;
	}
	if ((error = tly_run__space_init(&space, ds->n_images, (size_t)threads)) < 0)
		goto out;
	if (ctx.policy->weights != TLY_WEIGHTS_EQUAL)
		error = weighted_passes(out, &space, &ctx, &weights, ds, threads, opts);
	else
		error = run_pass(&space, &ctx, ds, threads, opts, 0, 1);
	if (error < 0 || (error = tly_run__weights_staple(out, &space, ds, ctx.policy)) < 0)
		goto out;
	if ((error = tly_run__reduce(out, &space, ds)) < 0 ||
	    (error = tly_run__reduce_attrs(out, &space, ds)) < 0 ||
	    (error = tly_run__periods(out, &space, ds, tly_rules_policy(rules)->period)) < 0 ||
	    (error = tly_run__reduce_pairs(out, &space, &ctx)) < 0 ||
	    (error = tly_run__object_stats(out, &space)) < 0 ||
	    (error = tly_run__semantic(out, ds, &ctx, threads)) < 0 ||
	    (error = tly_run__label_stats(out, ds, ctx.policy, threads)) < 0 ||
	    (error = tly_run__panoptic(out, ds, &ctx, threads)) < 0 ||
	    (error = tly_run__meta(out, rules, threads)) < 0)
		goto out;
	tly_run__map_images_done(out, ds);
	out->seconds_compute = tly_run__now() - t0;
out:
	tly_run__space_clear(&space);
	tly_agree__weights_clear(&weights);
	tly_agree_context_clear(&ctx);
	if (error < 0)
		tly_result_clear(out);
	return error;
}
