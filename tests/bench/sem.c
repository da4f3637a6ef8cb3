/*
 * `tally-bench sem DIR` (issue 3, "Measured"): semantic segmentation
 * consensus for 5 annotators on the label maps sem_gen.c writes: PNGs
 * ingested, stored, loaded, computed with two thread counts (consensus maps
 * compared run by run), saved, and scored pixel by pixel against the truth.
 * Throughput is image megapixels voted per second (each pixel has 5 votes).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "util/alloc.h"

typedef struct {
	double parse, write, load, compute_a, compute_b, save; /* seconds */
	size_t maps;
} sem_figures;

static int ingest(sem_figures *f, tly_store *st, const char *dir, size_t images)
{
	char path[4096];
	size_t i;
	int a, error = 0;

	for (a = 0; a < BENCH_ANNOTATORS && !error; a++) {
		tly_ingest_options io = TLY_INGEST_OPTIONS_INIT;

		io.annotator = bench_sem_profiles[a].name;
		io.format = "png";
		for (i = 0; i < images && !error; i++) {
			tly_store_write_stats ws;
			tly_batch b;
			double t0, t1;

			tly_batch_init(&b);
			snprintf(path, sizeof(path), "%s/%s/img%06zu.png", dir, io.annotator, i);
			t0 = bench_now();
			if ((error = tly_ingest_file(&b, path, &io)) == 0) {
				t1 = bench_now();
				error = tly_store_write_batch(&ws, st, &b, io.annotator);
				f->write += bench_now() - t1;
				f->parse += t1 - t0;
				f->maps += b.n_maps;
			}
			tly_batch_clear(&b);
		}
	}
	return error;
}

static int same_map(const tly_labelmap *a, const tly_labelmap *b)
{
	return a->w == b->w && a->h == b->h && a->n == b->n &&
	       !memcmp(a->value, b->value, a->n * sizeof(*a->value)) &&
	       !memcmp(a->len, b->len, a->n * sizeof(*a->len));
}

static int same_maps(const tly_result *a, const tly_result *b)
{
	size_t i;

	if (a->n_cons_maps != b->n_cons_maps || a->n_pixel_counts != b->n_pixel_counts ||
	    a->n_map_pairs != b->n_map_pairs ||
	    memcmp(a->pixel_counts, b->pixel_counts, a->n_pixel_counts * sizeof(*a->pixel_counts)))
		return 0;
	for (i = 0; i < a->n_cons_maps; i++)
		if (a->cons_maps[i].image != b->cons_maps[i].image ||
		    !same_map(&a->cons_maps[i].map, &b->cons_maps[i].map) ||
		    !same_map(&a->cons_maps[i].confidence, &b->cons_maps[i].confidence))
			return 0;
	for (i = 0; i < a->n_map_pairs; i++)
		if (a->map_pairs[i].a != b->map_pairs[i].a || a->map_pairs[i].b != b->map_pairs[i].b ||
		    memcmp(&a->map_pairs[i].miou, &b->map_pairs[i].miou, sizeof(double)))
			return 0;
	return 1;
}

/* Pixels of M (category indices) equal to TRUTH (category indices), over all pixels. */
static uint64_t correct(const tly_labelmap *m, const uint32_t *truth, uint32_t *buf, size_t n)
{
	uint64_t c = 0;
	size_t k;

	if (tly_labelmap_decode(buf, n, m) < 0)
		return 0;
	for (k = 0; k < n; k++)
		c += buf[k] == truth[k];
	return c;
}

/* Pixel accuracy against the truth of each annotator and of the consensus. */
static int quality(const tly_dataset *ds, const tly_result *r, const bench_gen_options *g)
{
	static const char *const names[BENCH_SEM_CLASSES] = {"background", "road", "car", "person",
							     "tree", "sky"};
	size_t n = (size_t)BENCH_SEM_WIDTH * BENCH_SEM_HEIGHT, i, k, c = 0;
	uint64_t ok[BENCH_ANNOTATORS + 1] = {0}, total = 0;
	uint32_t cat[BENCH_SEM_CLASSES], *truth, *buf;
	bench_sem_disc d[BENCH_SEM_MAX_DISCS];
	int error = 0;

	for (k = 0; k < BENCH_SEM_CLASSES; k++) {
		long x = tly_dataset_find_category(ds, names[k]);

		cat[k] = x < 0 ? UINT32_MAX - 1 : (uint32_t)x;
	}
	truth = tly_reallocarray(NULL, n, sizeof(*truth));
	buf = tly_reallocarray(NULL, n, sizeof(*buf));
	if (!truth || !buf) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < ds->n_images; i++) {
		const tly_image *im = &ds->images[i];
		size_t img = (size_t)strtoul(im->name + 3, NULL, 10);

		bench_sem_paint(truth, d, bench_sem_truth(d, g->seed, img), 0);
		for (k = 0; k < n; k++)
			truth[k] = cat[truth[k]];
		total += n;
		for (k = 0; k < im->n_maps; k++)
			ok[im->maps[k].annotator] += correct(&im->maps[k].map, truth, buf, n);
		while (c < r->n_cons_maps && r->cons_maps[c].image < i)
			c++;
		if (c < r->n_cons_maps && r->cons_maps[c].image == i)
			ok[BENCH_ANNOTATORS] += correct(&r->cons_maps[c].map, truth, buf, n);
	}
	printf("\nsem quality against the truth (pixel accuracy over all pixels; "
	       "an unlabelled band or a tie counts as wrong)\n");
	for (k = 0; k < ds->n_annotators && k < BENCH_ANNOTATORS; k++)
		printf("  %-10s %.4f\n", ds->annotators[k].name, (double)ok[k] / (double)total);
	printf("  %-10s %.4f\n", "consensus", (double)ok[BENCH_ANNOTATORS] / (double)total);
out:
	tly_free(truth);
	tly_free(buf);
	return error;
}

static void row(const char *what, double s, size_t images, double mpix)
{
	printf("  %-48s %9.3f %11.0f %11.1f\n", what, s, (double)images / s, mpix / s);
}

static void print_figures(const sem_figures *f, size_t images, const bench_measure_options *o)
{
	double mpix = (double)images * BENCH_SEM_WIDTH * BENCH_SEM_HEIGHT / 1e6;
	char label[96];

	printf("\nsem throughput (%zu images of %dx%d = %.1f megapixels, %zu label maps "
	       "from %d annotators)\n", images, BENCH_SEM_WIDTH, BENCH_SEM_HEIGHT, mpix, f->maps,
	       BENCH_ANNOTATORS);
	printf("  %-48s %9s %11s %11s\n", "step", "seconds", "images/s", "Mpixel/s");
	row("ingest: parse PNGs (tly_ingest_file)", f->parse, images, mpix);
	row("ingest: store (tly_store_write_batch)", f->write, images, mpix);
	row("load (tly_store_load_dataset)", f->load, images, mpix);
	snprintf(label, sizeof(label), "run compute, threads %d (best of %d)", o->threads_a, o->repeat);
	row(label, f->compute_a, images, mpix);
	snprintf(label, sizeof(label), "run compute, threads %d (best of %d)", o->threads_b, o->repeat);
	row(label, f->compute_b, images, mpix);
	row("save result (tly_store_save_result)", f->save, images, mpix);
	snprintf(label, sizeof(label), "end to end (ingest+load+compute %d+save)", o->threads_b);
	row(label, f->parse + f->write + f->load + f->compute_b + f->save, images, mpix);
	printf("speed-up threads %d -> %d: %.2fx\n", o->threads_a, o->threads_b,
	       f->compute_a / f->compute_b);
}

int bench_sem(const char *dir, const bench_gen_options *g, const bench_measure_options *o)
{
	tly_store *st = NULL;
	tly_rules *rules = NULL;
	tly_dataset ds;
	tly_result ra, rb;
	sem_figures f;
	char db[4096], side[4200];
	const char *what = "";
	double t;
	int same = 1, error;

	memset(&ds, 0, sizeof(ds));
	memset(&ra, 0, sizeof(ra));
	memset(&rb, 0, sizeof(rb));
	memset(&f, 0, sizeof(f));
	if ((error = bench_sem_generate(dir, g)) < 0 ||
	    (error = bench_seg_path(db, sizeof(db), dir, "sem", ".db")) < 0)
		goto out;
	unlink(db);
	snprintf(side, sizeof(side), "%s-wal", db);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db);
	unlink(side);
	if ((error = tly_store_open(&st, db)) < 0 || (error = tly_rules_new_default(&rules)) < 0 ||
	    (error = tly_store_begin(st)) < 0 || (error = ingest(&f, st, dir, g->images)) < 0 ||
	    (error = tly_store_commit(st)) < 0)
		goto out;
	t = bench_now();
	if ((error = tly_store_load_dataset(&ds, st)) < 0)
		goto out;
	f.load = bench_now() - t;
	if ((error = bench_compute_best(&ra, &f.compute_a, &same, &what, &ds, rules, o->threads_a,
					o->repeat)) < 0 ||
	    (error = bench_compute_best(&rb, &f.compute_b, &same, &what, &ds, rules, o->threads_b,
					o->repeat)) < 0)
		goto out;
	if (same && !(same = same_maps(&ra, &rb)))
		what = "consensus maps or pixel counts";
	t = bench_now();
	if ((error = tly_store_save_result(st, &ds, &rb)) < 0)
		goto out;
	f.save = bench_now() - t;
	print_figures(&f, ds.n_images, o);
	printf("threads %d vs %d identical (maps, confidence, pixel counts, pair mIoU): %s\n",
	       o->threads_a, o->threads_b, same ? "yes" : what);
	if ((error = quality(&ds, &rb, g)) < 0)
		goto out;
	if (!same)
		error = tly_error_set(TLY_EARG, "sem: results differ: %s", what);
out:
	if (error < 0)
		tly_store_rollback(st);
	tly_result_clear(&ra);
	tly_result_clear(&rb);
	tly_dataset_clear(&ds);
	tly_rules_free(rules);
	tly_store_close(st);
	return error;
}
