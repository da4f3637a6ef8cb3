/*
 * `tally-bench kernels`: the geometry and statistics kernels that later
 * stages build on, timed alone: polygon -> RLE and RLE IoU on 1000x1000
 * masks, Dawid-Skene EM and Krippendorff's alpha / Fleiss' kappa on 100k
 * items x 5 annotators x 4 classes, STAPLE on 5 masks of 1000x1000. Data
 * comes from the seeded bench RNG.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "tally/dawid_skene.h"
#include "tally/polygon.h"
#include "tally/rle.h"
#include "tally/staple.h"
#include "tally/stats.h"
#include "util/alloc.h"

#define SIDE 1000
#define N_MASKS 200
#define N_VERTS 64
#define N_ITEMS 100000
#define N_WORKERS 5
#define N_CLASSES 4
#define PI 3.14159265358979323846

/* A star-shaped blob of N_VERTS vertices around (cx, cy): a few hundred runs once rasterised. */
static void blob(double *xy, bench_rng *r)
{
	double cx = 200 + 600 * bench_rng_uniform(r), cy = 200 + 600 * bench_rng_uniform(r);
	double rad = 60 + 100 * bench_rng_uniform(r);
	int i;

	for (i = 0; i < N_VERTS; i++) {
		double a = 2 * PI * i / N_VERTS, k = 0.7 + 0.3 * bench_rng_uniform(r);

		xy[2 * i] = cx + rad * k * cos(a);
		xy[2 * i + 1] = cy + rad * k * sin(a);
	}
}

static int masks(void)
{
	static double xy[N_MASKS][2 * N_VERTS];
	tly_rle *rles = tly_calloc(N_MASKS, sizeof(*rles));
	bench_rng r;
	size_t i, j, runs = 0, pairs = 0;
	double t0, t1, t2, iou, sum = 0;
	int error = 0;

	if (!rles)
		return TLY_ENOMEM;
	bench_rng_seed(&r, 7, 0, 0);
	for (i = 0; i < N_MASKS; i++)
		blob(xy[i], &r);
	t0 = bench_now();
	for (i = 0; i < N_MASKS && !error; i++)
		error = tly_polygon_to_rle(&rles[i], xy[i], N_VERTS, SIDE, SIDE);
	t1 = bench_now();
	for (i = 0; i < N_MASKS && !error; i++) {
		runs += rles[i].m;
		for (j = i + 1; j < N_MASKS && !error; j++, pairs++) {
			error = tly_rle_iou(&iou, &rles[i], &rles[j], 0);
			sum += iou;
		}
	}
	t2 = bench_now();
	if (!error) {
		printf("masks: %d polygons of %d vertices on %dx%d, %.0f runs per mask on average\n",
		       N_MASKS, N_VERTS, SIDE, SIDE, (double)runs / N_MASKS);
		printf("  polygon -> RLE        %10.0f polygons/s\n", N_MASKS / (t1 - t0));
		printf("  RLE IoU (run-wise)    %10.0f pairs/s   (%zu pairs, mean IoU %.4f)\n",
		       (double)pairs / (t2 - t1), pairs, sum / (double)pairs);
	}
	for (i = 0; i < N_MASKS; i++)
		tly_rle_clear(&rles[i]);
	tly_free(rles);
	return error;
}

/* STAPLE on 5 raters' outlines of one blob (vertices jittered by 2 to 10 pixels). */
static int staple(void)
{
	enum { RATERS = 5, REPEAT = 20 };
	double truth[2 * N_VERTS], xy[2 * N_VERTS], t0, t1, t2, iou = 0;
	tly_rle m[RATERS], major;
	tly_staple_result st;
	bench_rng r;
	size_t runs = 0;
	int i, j, error = 0;

	memset(m, 0, sizeof(m));
	memset(&st, 0, sizeof(st));
	tly_rle_init(&major);
	bench_rng_seed(&r, 11, 0, 0);
	blob(truth, &r);
	for (i = 0; i < RATERS && !error; i++) {
		for (j = 0; j < 2 * N_VERTS; j++)
			xy[j] = truth[j] + (2.0 + 2.0 * i) * bench_rng_normal(&r);
		error = tly_polygon_to_rle(&m[i], xy, N_VERTS, SIDE, SIDE);
		runs += m[i].m;
	}
	t0 = bench_now();
	for (i = 0; i < REPEAT && !error; i++) {
		tly_staple_result_clear(&st);
		error = tly_staple(&st, m, RATERS, NULL);
	}
	t1 = bench_now();
	for (i = 0; i < REPEAT && !error; i++) {
		tly_rle_clear(&major);
		error = tly_rle_merge(&major, m, RATERS, TLY_RLE_MAJORITY);
	}
	t2 = bench_now();
	if (!error)
		error = tly_rle_iou(&iou, &st.consensus, &major, 0);
	if (!error) {
		printf("staple: %d masks of %dx%d, %.0f runs each on average\n", RATERS, SIDE, SIDE,
		       (double)runs / RATERS);
		printf("  STAPLE               %9.6f s  %3u iterations (sensitivity %.3f .. %.3f)\n",
		       (t1 - t0) / REPEAT, st.iterations, st.sensitivity[RATERS - 1], st.sensitivity[0]);
		printf("  majority merge       %9.6f s  (IoU of the two consensus masks %.4f)\n",
		       (t2 - t1) / REPEAT, iou);
	}
	tly_staple_result_clear(&st);
	tly_rle_clear(&major);
	for (i = 0; i < RATERS; i++)
		tly_rle_clear(&m[i]);
	return error;
}

/* Workers of accuracy 0.9 .. 0.5, errors spread over the other classes. */
static int labels(tly_dawid_skene_observation *obs, double *values, uint32_t *truth)
{
	static const double acc[N_WORKERS] = {0.9, 0.8, 0.7, 0.6, 0.5};
	bench_rng r;
	size_t i, w, n = 0;

	bench_rng_seed(&r, 11, 0, 0);
	for (i = 0; i < N_ITEMS; i++) {
		truth[i] = bench_rng_below(&r, N_CLASSES);
		for (w = 0; w < N_WORKERS; w++) {
			uint32_t l = truth[i];

			if (bench_rng_uniform(&r) >= acc[w])
				l = (l + 1 + bench_rng_below(&r, N_CLASSES - 1)) % N_CLASSES;
			obs[n].item = (uint32_t)i;
			obs[n].worker = (uint32_t)w;
			obs[n].label = l;
			values[i * N_WORKERS + w] = l;
			n++;
		}
	}
	return 0;
}

/*
 * The same two statistics with the default 1000-resample bootstrap over
 * the items, on 1 and 2 threads (the intervals must be the same bytes).
 */
static int intervals(const double *values, const uint64_t *counts)
{
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;
	tly_stat a[2], f[2];
	double t0, t1, t2;
	int k, error = 0;

	for (k = 0; k < 2 && !error; k++) {
		boot.threads = k + 1;
		t0 = bench_now();
		error = tly_stats_alpha(&a[k], values, N_ITEMS, N_WORKERS, TLY_STATS_NOMINAL, &boot);
		t1 = bench_now();
		if (!error)
			error = tly_stats_fleiss(&f[k], NULL, counts, N_ITEMS, N_CLASSES, &boot);
		t2 = bench_now();
		if (!error)
			printf("  with 95%% intervals, %d thread%s: alpha %.3f s [%.4f, %.4f], Fleiss %.3f s "
			       "[%.4f, %.4f]\n", k + 1, k ? "s" : "", t1 - t0, a[k].ci95[0], a[k].ci95[1], t2 - t1,
			       f[k].ci95[0], f[k].ci95[1]);
	}
	if (!error && (memcmp(&a[0], &a[1], sizeof(a[0])) || memcmp(&f[0], &f[1], sizeof(f[0]))))
		error = tly_error_set(TLY_EARG, "kernels: intervals differ between 1 and 2 threads");
	return error;
}

static int statistics(void)
{
	tly_dawid_skene_observation *obs = tly_calloc((size_t)N_ITEMS * N_WORKERS, sizeof(*obs));
	double *values = tly_calloc((size_t)N_ITEMS * N_WORKERS, sizeof(*values));
	uint64_t *counts = tly_calloc((size_t)N_ITEMS * N_CLASSES, sizeof(*counts));
	uint32_t *truth = tly_calloc(N_ITEMS, sizeof(*truth));
	tly_dawid_skene_options o = TLY_DAWID_SKENE_OPTIONS_INIT;
	tly_dawid_skene_result ds;
	tly_stat alpha, fleiss;
	size_t i, right;
	double t0, t1;
	int m, error = 0;

	memset(&ds, 0, sizeof(ds));
	if (!obs || !values || !counts || !truth) {
		error = TLY_ENOMEM;
		goto out;
	}
	labels(obs, values, truth);
	for (i = 0; i < (size_t)N_ITEMS * N_WORKERS; i++)
		counts[obs[i].item * N_CLASSES + obs[i].label]++;
	printf("labels: %d items x %d annotators x %d classes (accuracy 0.9 .. 0.5)\n",
	       N_ITEMS, N_WORKERS, N_CLASSES);
	for (m = 0; m < 2 && !error; m++) {
		o.model = m ? TLY_DAWID_SKENE_ONE_COIN : TLY_DAWID_SKENE_FULL;
		t0 = bench_now();
		error = tly_dawid_skene_estimate(&ds, obs, (size_t)N_ITEMS * N_WORKERS, N_ITEMS,
						 N_WORKERS, N_CLASSES, &o);
		t1 = bench_now();
		if (error)
			break;
		for (i = right = 0; i < N_ITEMS; i++)
			right += tly_dawid_skene_best(&ds, i) == truth[i];
		printf("  Dawid-Skene %-9s %8.3f s  %3u iterations  accuracy %.4f\n",
		       m ? "one-coin" : "full", t1 - t0, ds.iterations, (double)right / N_ITEMS);
		tly_dawid_skene_result_clear(&ds);
	}
	if (error)
		goto out;
	t0 = bench_now();
	error = tly_stats_alpha(&alpha, values, N_ITEMS, N_WORKERS, TLY_STATS_NOMINAL, NULL);
	t1 = bench_now();
	if (error)
		goto out;
	printf("  Krippendorff alpha  %8.3f s  (nominal, no interval) = %.4f\n", t1 - t0, alpha.value);
	t0 = bench_now();
	error = tly_stats_fleiss(&fleiss, NULL, counts, N_ITEMS, N_CLASSES, NULL);
	t1 = bench_now();
	if (error)
		goto out;
	printf("  Fleiss kappa        %8.3f s  = %.4f\n", t1 - t0, fleiss.value);
	error = intervals(values, counts);
out:
	tly_free(obs);
	tly_free(values);
	tly_free(counts);
	tly_free(truth);
	return error;
}

int bench_kernels(void)
{
	int error = masks();

	if (!error)
		error = staple();
	return error ? error : statistics();
}
