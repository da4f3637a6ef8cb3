/*
 * tally-bench: the benchmark program behind `make bench` (issue 2, "Measured,
 * not assumed"). Shared declarations of its files: the deterministic random
 * source, the synthetic data generator, and the measurements it prints.
 */
#ifndef TLY_BENCH_H
#define TLY_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "tally.h"

#define BENCH_ANNOTATORS 5
#define BENCH_CLASSES    6
#define BENCH_WIDTH      1000 /* image size in pixels */
#define BENCH_HEIGHT     800

/*
 * How one synthetic annotator works. recall: chance of drawing each true
 * object; sigma: Gaussian jitter of each box corner (pixels); label_err:
 * chance of a wrong class on a drawn object; fp_rate: mean of the Poisson
 * count of invented boxes per image; tag_err: chance of a wrong image label.
 */
typedef struct {
	const char *name;
	double recall;
	double sigma;
	double label_err;
	double fp_rate;
	double tag_err;
} bench_profile;

extern const bench_profile bench_profiles[BENCH_ANNOTATORS];
extern const char *const bench_classes[BENCH_CLASSES];

/* Files the generator writes into its folder (the measurements read the same names). */
#define BENCH_TRUTH_FILE        "truth.json"
#define BENCH_LABELS_FILE       "labels.csv"
#define BENCH_TRUTH_LABELS_FILE "truth_labels.csv"
#define BENCH_TRUTH_NAME        "truth"

/* xoshiro256** (Blackman & Vigna, 2018) seeded through splitmix64: no rand(). */
typedef struct {
	uint64_t s[4];
} bench_rng;

/* splitmix64's finaliser: a bijective 64-bit mix, used to derive stream seeds. */
uint64_t bench_mix(uint64_t x);
/* Seed the stream for (seed, image, who): streams are independent, so every
 * annotator's answers depend only on its own stream and the truth. */
void bench_rng_seed(bench_rng *r, uint64_t seed, uint64_t image, uint64_t who);
uint64_t bench_rng_next(bench_rng *r);
/* Uniform in [0, 1) with 53 random bits. */
double bench_rng_uniform(bench_rng *r);
/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint32_t bench_rng_below(bench_rng *r, uint32_t n);
/* Standard normal (Box-Muller). */
double bench_rng_normal(bench_rng *r);
/* Poisson with mean lambda >= 0 (Knuth's product method: lambda is small here). */
uint32_t bench_rng_poisson(bench_rng *r, double lambda);

typedef struct {
	size_t images;   /* number of images */
	uint64_t seed;
	int labels;      /* also write labels.csv and truth_labels.csv */
} bench_gen_options;

/* Write the synthetic data set into DIR (created when missing); prints a summary line. */
int bench_generate(const char *dir, const bench_gen_options *o);

typedef struct {
	int threads_a;   /* thread counts compared (1 and 2 by default) */
	int threads_b;
	int repeat;      /* computes per thread count; the fastest is reported */
} bench_measure_options;

/* Ingest DIR into DIR/bench.db, run, compare thread counts, score against the truth. */
int bench_measure(const char *dir, const bench_measure_options *o);

/*
 * Compute REPEAT times on THREADS threads: the first result goes to *out,
 * the fastest time to *best; a repeat that differs from the first clears
 * *same and names the field in *what (measure.c).
 */
int bench_compute_best(tly_result *out, double *best, int *same, const char **what,
		       const tly_dataset *ds, const tly_rules *rules, int threads, int repeat);

#define BENCH_SEG_WIDTH     640 /* seg image size in pixels */
#define BENCH_SEG_HEIGHT    480
#define BENCH_SEG_MAX_TRUE  10  /* 6-10 true polygons per image: 8 on average */
#define BENCH_SEG_MAX_VERTS 24  /* 12-24 vertices per polygon */

/* A seg annotator: recall, Gaussian jitter of every vertex (pixels), label
 * error, mean of the Poisson count of invented polygons per image. */
typedef struct {
	const char *name;
	double recall, sigma, label_err, fp_rate;
} bench_seg_profile;

extern const bench_seg_profile bench_seg_profiles[BENCH_ANNOTATORS];

/* One polygon: class index and n vertices xy[0..2n), two decimals as written. */
typedef struct {
	uint32_t cls;
	size_t n;
	double xy[2 * BENCH_SEG_MAX_VERTS];
} bench_seg_poly;

/* The true polygons of IMAGE (at most BENCH_SEG_MAX_TRUE) from SEED: the
 * same for writing the files and for scoring. Returns their number (seg_gen.c). */
size_t bench_seg_truth(bench_seg_poly *out, uint64_t seed, size_t image);
/* OUT = "DIR/NAMEEXT", or TLY_EARG when it does not fit SIZE bytes. */
int bench_seg_path(char *out, size_t size, const char *dir, const char *name, const char *ext);
/* Write DIR/seg_ann1..5.json (created when missing); prints a summary per annotator. */
int bench_seg_generate(const char *dir, const bench_gen_options *g);

/* `tally-bench seg DIR`: generate polygon annotations into DIR, time ingest,
 * load, compute with o's thread counts and save, score against the truth (seg.c). */
int bench_seg(const char *dir, const bench_gen_options *g, const bench_measure_options *o);

/* Whether two results of the same dataset are identical (timings and ids aside);
 * consensus masks compared run by run; on a difference *what names the
 * first field that differs. */
int bench_result_equal(const tly_result *a, const tly_result *b, const char **what);

/* Print the quality tables (objects, and image labels when truth labels exist).
 * Returns 0 or a negative tly_error_code with the message set. */
int bench_quality(const char *dir, const tly_dataset *ds, const tly_result *r);

/* The consensus against the truth (quality.c): object F1 (one-to-one at IoU 0.5, same
 * label) and image-label accuracy (NaN without truth labels). */
typedef struct {
	double object_f1;
	double label_accuracy;
	uint64_t labels_right, labels_total, labels_none; /* none: images left without a label */
} bench_consensus_score;

int bench_consensus_quality(bench_consensus_score *out, const char *dir, const tly_dataset *ds,
			    const tly_result *r);

/* Reliability weighting (weights.c): dawid-skene and one-coin against equal votes EQUAL, on
 * THREADS threads (EQUAL took EQUAL_SECONDS): time, EM iterations, and the consensus scored
 * against the truth. */
int bench_weights(const char *dir, const tly_dataset *ds, const tly_result *equal, double equal_seconds,
		  int threads);

/* Seconds on the monotonic clock. */
double bench_now(void);

/* `tally-bench kernels`: RLE, polygon and statistics kernels timed alone (kernels.c). */
int bench_kernels(void);

#define BENCH_SEM_WIDTH     512 /* sem label map size in pixels */
#define BENCH_SEM_HEIGHT    384
#define BENCH_SEM_CLASSES   6   /* 0 background, 1-5 discs */
#define BENCH_SEM_MAX_DISCS 8   /* 4-8 discs per image */
#define BENCH_SEM_IGNORE    255

/* A sem annotator: recall of discs, Gaussian jitter of centre and radius
 * (pixels), label error, width of the unlabelled band on the left edge. */
typedef struct {
	const char *name;
	double recall, sigma, label_err;
	uint32_t border;
} bench_sem_profile;

extern const bench_sem_profile bench_sem_profiles[BENCH_ANNOTATORS];

/* A painted disc of class cls. */
typedef struct {
	uint32_t cls;
	double cx, cy, r;
} bench_sem_disc;

/* The true discs of IMAGE from SEED (at most BENCH_SEM_MAX_DISCS); their number (sem_gen.c). */
size_t bench_sem_truth(bench_sem_disc *out, uint64_t seed, size_t image);
/* Paint N discs over background into PX (row-major W x H), BORDER ignore columns on the left. */
void bench_sem_paint(uint32_t *px, const bench_sem_disc *d, size_t n, uint32_t border);
/* Write DIR/ann1..5/imgNNNNNN.png and classes.json. */
int bench_sem_generate(const char *dir, const bench_gen_options *g);
/* `tally-bench sem DIR`: generate, ingest, run with o's thread counts, save, score (sem.c). */
int bench_sem(const char *dir, const bench_gen_options *g, const bench_measure_options *o);

#endif
