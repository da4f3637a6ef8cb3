/*
 * The data of `tally-bench sem` (sem.c): 512x384 label maps of 6 classes
 * (0 background, 1-5 painted as 4-8 discs per image, later discs on top).
 * Each annotator of bench_sem_profiles moves each disc's centre and radius
 * by Gaussian jitter, misses or mislabels discs at its own rates and leaves
 * a border band unlabelled (the ignore value 255). Written as one 8-bit
 * PNG per image per annotator, with classes.json beside them.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bench.h"
#include "util/alloc.h"

#define SEM_STREAM 300 /* rng streams: truth 300, annotator a 301 + a */

const bench_sem_profile bench_sem_profiles[BENCH_ANNOTATORS] = {
	{"ann1", 0.97, 1.0, 0.02, 0},
	{"ann2", 0.94, 1.5, 0.04, 1},
	{"ann3", 0.90, 2.0, 0.06, 2},
	{"ann4", 0.85, 3.0, 0.08, 3},
	{"ann5", 0.80, 4.0, 0.12, 4},
};

size_t bench_sem_truth(bench_sem_disc *out, uint64_t seed, size_t image)
{
	bench_rng r;
	size_t n, k;

	bench_rng_seed(&r, seed, image, SEM_STREAM);
	n = 4 + bench_rng_below(&r, BENCH_SEM_MAX_DISCS - 3);
	for (k = 0; k < n; k++) {
		out[k].cls = 1 + bench_rng_below(&r, BENCH_SEM_CLASSES - 1);
		out[k].r = 20.0 + 60.0 * bench_rng_uniform(&r);
		out[k].cx = out[k].r + (BENCH_SEM_WIDTH - 2 * out[k].r) * bench_rng_uniform(&r);
		out[k].cy = out[k].r + (BENCH_SEM_HEIGHT - 2 * out[k].r) * bench_rng_uniform(&r);
	}
	return n;
}

void bench_sem_paint(uint32_t *px, const bench_sem_disc *d, size_t n, uint32_t border)
{
	size_t k;
	int x, y;

	for (y = 0; y < BENCH_SEM_HEIGHT; y++)
		for (x = 0; x < BENCH_SEM_WIDTH; x++)
			px[(size_t)y * BENCH_SEM_WIDTH + (size_t)x] = 0;
	for (k = 0; k < n; k++) {
		int y0 = (int)fmax(0, floor(d[k].cy - d[k].r)), y1 = (int)fmin(BENCH_SEM_HEIGHT - 1, ceil(d[k].cy + d[k].r));
		int x0 = (int)fmax(0, floor(d[k].cx - d[k].r)), x1 = (int)fmin(BENCH_SEM_WIDTH - 1, ceil(d[k].cx + d[k].r));

		for (y = y0; y <= y1; y++)
			for (x = x0; x <= x1; x++) {
				double dx = x + 0.5 - d[k].cx, dy = y + 0.5 - d[k].cy;

				if (dx * dx + dy * dy <= d[k].r * d[k].r)
					px[(size_t)y * BENCH_SEM_WIDTH + (size_t)x] = d[k].cls;
			}
	}
	/* an unlabelled band along the left edge: the ignore value */
	for (y = 0; y < BENCH_SEM_HEIGHT; y++)
		for (x = 0; x < (int)border && x < BENCH_SEM_WIDTH; x++)
			px[(size_t)y * BENCH_SEM_WIDTH + (size_t)x] = BENCH_SEM_IGNORE;
}

/* One annotator's discs: the truth with misses, jitter and wrong classes. */
static size_t annotate(bench_sem_disc *out, const bench_sem_disc *t, size_t n,
		       const bench_sem_profile *p, bench_rng *r)
{
	size_t k, m = 0;

	for (k = 0; k < n; k++) {
		if (bench_rng_uniform(r) >= p->recall)
			continue;
		out[m] = t[k];
		out[m].cx += p->sigma * bench_rng_normal(r);
		out[m].cy += p->sigma * bench_rng_normal(r);
		out[m].r = fmax(2.0, out[m].r + p->sigma * bench_rng_normal(r));
		if (bench_rng_uniform(r) < p->label_err)
			out[m].cls = 1 + (t[k].cls + bench_rng_below(r, BENCH_SEM_CLASSES - 2)) %
					     (BENCH_SEM_CLASSES - 1);
		m++;
	}
	return m;
}

static int mkdir_p(const char *path)
{
	if (mkdir(path, 0777) < 0 && errno != EEXIST)
		return tly_error_set(TLY_EIO, "%s: cannot create: %s", path, strerror(errno));
	return 0;
}

static int write_png(const char *path, const uint32_t *px)
{
	tly_raster r;
	uint8_t *png = NULL;
	size_t len = 0, i, n = (size_t)BENCH_SEM_WIDTH * BENCH_SEM_HEIGHT;
	FILE *f;
	int error;

	tly_raster_init(&r);
	r.w = BENCH_SEM_WIDTH;
	r.h = BENCH_SEM_HEIGHT;
	r.channels = 1;
	r.depth = 8;
	if (!(r.px = tly_reallocarray(NULL, n, sizeof(*r.px))))
		return TLY_ENOMEM;
	for (i = 0; i < n; i++)
		r.px[i] = (uint16_t)px[i];
	error = tly_png_write(&png, &len, &r);
	tly_raster_clear(&r);
	if (error < 0)
		return error;
	if (!(f = fopen(path, "wb")) || fwrite(png, 1, len, f) != len) {
		error = tly_error_set(TLY_EIO, "%s: cannot write", path);
	}
	if (f && fclose(f) != 0 && !error)
		error = tly_error_set(TLY_EIO, "%s: cannot write", path);
	tly_free(png);
	return error;
}

int bench_sem_generate(const char *dir, const bench_gen_options *g)
{
	static const char classes[] = "{\"classes\": [\"background\", \"road\", \"car\", \"person\", "
				      "\"tree\", \"sky\"], \"ignore\": 255}\n";
	bench_sem_disc truth[BENCH_SEM_MAX_DISCS], mine[BENCH_SEM_MAX_DISCS];
	char path[4096];
	uint32_t *px;
	size_t i, n, m;
	int a, error = 0;
	FILE *f;

	if ((error = mkdir_p(dir)) < 0)
		return error;
	if (!(px = tly_reallocarray(NULL, (size_t)BENCH_SEM_WIDTH * BENCH_SEM_HEIGHT, sizeof(*px))))
		return TLY_ENOMEM;
	for (a = 0; a < BENCH_ANNOTATORS && !error; a++) {
		const bench_sem_profile *p = &bench_sem_profiles[a];

		snprintf(path, sizeof(path), "%s/%s", dir, p->name);
		if ((error = mkdir_p(path)) < 0)
			break;
		snprintf(path, sizeof(path), "%s/%s/classes.json", dir, p->name);
		if (!(f = fopen(path, "w")) || fputs(classes, f) < 0 || fclose(f) != 0) {
			error = tly_error_set(TLY_EIO, "%s: cannot write", path);
			break;
		}
		for (i = 0; i < g->images && !error; i++) {
			bench_rng r;

			n = bench_sem_truth(truth, g->seed, i);
			bench_rng_seed(&r, g->seed, i, SEM_STREAM + 1 + (uint64_t)a);
			m = annotate(mine, truth, n, p, &r);
			bench_sem_paint(px, mine, m, p->border);
			snprintf(path, sizeof(path), "%s/%s/img%06zu.png", dir, p->name, i);
			error = write_png(path, px);
		}
	}
	tly_free(px);
	if (!error)
		printf("sem: wrote %zu images x %d annotators of %dx%d label maps into %s\n", g->images,
		       BENCH_ANNOTATORS, BENCH_SEM_WIDTH, BENCH_SEM_HEIGHT, dir);
	return error;
}
