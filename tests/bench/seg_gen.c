/*
 * The data of `tally-bench seg` (seg.c): every 640x480 image holds 6-10 true
 * star-shaped polygons (12-24 vertices, radius 15-60 px, boxes overlapping at
 * most IoU 0.3); each annotator of bench_seg_profiles misses, jitters vertex
 * by vertex, mislabels and invents polygons at its own rates. Written as one
 * COCO file per annotator with `segmentation` polygons and their bbox.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bench.h"

#define SEG_OVERLAP   0.3  /* true objects' boxes overlap at most this IoU */
#define SEG_STREAM    200  /* rng streams: truth 200, annotator a 201 + a */
#define PI            3.14159265358979323846

/* From careful to careless (issue 3: different recall, vertex jitter, label
 * error and false-positive rates). */
const bench_seg_profile bench_seg_profiles[BENCH_ANNOTATORS] = {
	{"ann1", 0.95, 1.0, 0.02, 0.1},
	{"ann2", 0.90, 1.5, 0.05, 0.2},
	{"ann3", 0.85, 2.0, 0.08, 0.4},
	{"ann4", 0.80, 3.0, 0.10, 0.6},
	{"ann5", 0.70, 4.0, 0.15, 1.0},
};

/* Two decimals, as written: the files and the regenerated truth agree exactly. */
static double cent(double v)
{
	return round(v * 100.0) / 100.0;
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static tly_box poly_box(const bench_seg_poly *p)
{
	double x0 = p->xy[0], y0 = p->xy[1], x1 = x0, y1 = y0;
	tly_box b;
	size_t k;

	for (k = 1; k < p->n; k++) {
		x0 = fmin(x0, p->xy[2 * k]);
		x1 = fmax(x1, p->xy[2 * k]);
		y0 = fmin(y0, p->xy[2 * k + 1]);
		y1 = fmax(y1, p->xy[2 * k + 1]);
	}
	b.x = x0;
	b.y = y0;
	b.w = x1 - x0;
	b.h = y1 - y0;
	return b;
}

/* A star: vertex k at angle 2 pi (k + u/2) / n (so angles increase), radius R (0.6..1). */
static void star(bench_seg_poly *p, bench_rng *r)
{
	double rad = 15.0 + 45.0 * bench_rng_uniform(r);
	double cx = rad + (BENCH_SEG_WIDTH - 2 * rad) * bench_rng_uniform(r);
	double cy = rad + (BENCH_SEG_HEIGHT - 2 * rad) * bench_rng_uniform(r);
	size_t k;

	p->cls = bench_rng_below(r, BENCH_CLASSES);
	p->n = 12 + bench_rng_below(r, BENCH_SEG_MAX_VERTS - 12 + 1);
	for (k = 0; k < p->n; k++) {
		double a = 2 * PI * ((double)k + 0.5 * bench_rng_uniform(r)) / (double)p->n;
		double d = rad * (0.6 + 0.4 * bench_rng_uniform(r));

		p->xy[2 * k] = cent(cx + d * cos(a));
		p->xy[2 * k + 1] = cent(cy + d * sin(a));
	}
}

/* The true objects of image I: the same for generation and scoring. */
size_t bench_seg_truth(bench_seg_poly *out, uint64_t seed, size_t image)
{
	bench_rng r;
	uint32_t i, n;
	size_t k = 0, j;
	int tries;

	bench_rng_seed(&r, seed, image, SEG_STREAM);
	n = 6 + bench_rng_below(&r, 5);
	for (i = 0; i < n; i++) {
		for (tries = 0; tries < 20; tries++) {
			tly_box b;
			int ok = 1;

			star(&out[k], &r);
			b = poly_box(&out[k]);
			for (j = 0; j < k && ok; j++) {
				tly_box o = poly_box(&out[j]);

				ok = tly_geom_box_iou(&b, &o) <= SEG_OVERLAP;
			}
			if (ok) {
				k++;
				break;
			}
		}
	}
	return k;
}

/* Every vertex moved by Gaussian noise of SIGMA px, kept inside the image. */
static void jitter(bench_seg_poly *p, double sigma, bench_rng *r)
{
	size_t k;

	for (k = 0; k < p->n; k++) {
		double x = p->xy[2 * k] + sigma * bench_rng_normal(r);
		double y = p->xy[2 * k + 1] + sigma * bench_rng_normal(r);

		p->xy[2 * k] = cent(clamp(x, 0, BENCH_SEG_WIDTH));
		p->xy[2 * k + 1] = cent(clamp(y, 0, BENCH_SEG_HEIGHT));
	}
}

static void put_poly(FILE *f, size_t *next_id, size_t image, const bench_seg_poly *p)
{
	tly_box b = poly_box(p);
	double area = 0;
	size_t k;

	for (k = 0; k < p->n; k++) {
		size_t l = (k + 1) % p->n;

		area += p->xy[2 * k] * p->xy[2 * l + 1] - p->xy[2 * l] * p->xy[2 * k + 1];
	}
	fprintf(f, "%s\n{\"id\":%zu,\"image_id\":%zu,\"category_id\":%u,\"segmentation\":[[",
		*next_id == 1 ? "" : ",", *next_id, image + 1, p->cls + 1);
	for (k = 0; k < p->n; k++)
		fprintf(f, "%s%.2f,%.2f", k ? "," : "", p->xy[2 * k], p->xy[2 * k + 1]);
	fprintf(f, "]],\"bbox\":[%.2f,%.2f,%.2f,%.2f],\"area\":%.2f,\"iscrowd\":0}",
		b.x, b.y, b.w, b.h, fabs(area) / 2);
	(*next_id)++;
}

/* One annotator's file: jittered detections of the truth, then invented stars. */
static int write_annotator(const char *path, const bench_seg_profile *pr, uint32_t who,
			   const bench_gen_options *g, size_t *objects)
{
	bench_seg_poly truth[BENCH_SEG_MAX_TRUE];
	FILE *f = fopen(path, "w");
	size_t i, j, n, next_id = 1;
	int c, bad;

	if (!f)
		return tly_error_set(TLY_EIO, "%s: %s", path, strerror(errno));
	fprintf(f, "{\"info\":{\"description\":\"tally-bench seg\"},\n\"images\":[");
	for (i = 0; i < g->images; i++)
		fprintf(f, "%s\n{\"id\":%zu,\"file_name\":\"img_%06zu.jpg\",\"width\":%d,"
			"\"height\":%d}", i ? "," : "", i + 1, i + 1, BENCH_SEG_WIDTH,
			BENCH_SEG_HEIGHT);
	fprintf(f, "],\n\"categories\":[");
	for (c = 0; c < BENCH_CLASSES; c++)
		fprintf(f, "%s{\"id\":%d,\"name\":\"%s\"}", c ? "," : "", c + 1, bench_classes[c]);
	fprintf(f, "],\n\"annotations\":[");
	for (i = 0; i < g->images; i++) {
		bench_rng r;
		uint32_t fp;

		n = bench_seg_truth(truth, g->seed, i);
		bench_rng_seed(&r, g->seed, i, SEG_STREAM + 1 + (uint64_t)who);
		for (j = 0; j < n; j++) {
			bench_seg_poly p = truth[j];

			if (bench_rng_uniform(&r) >= pr->recall)
				continue;
			jitter(&p, pr->sigma, &r);
			if (bench_rng_uniform(&r) < pr->label_err)
				p.cls = (p.cls + 1 + bench_rng_below(&r, BENCH_CLASSES - 1)) %
					BENCH_CLASSES;
			put_poly(f, &next_id, i, &p);
		}
		for (fp = bench_rng_poisson(&r, pr->fp_rate); fp > 0; fp--) {
			bench_seg_poly p;

			star(&p, &r);
			put_poly(f, &next_id, i, &p);
		}
	}
	fputs("\n]}\n", f);
	*objects = next_id - 1;
	bad = ferror(f);
	bad |= fclose(f);
	return bad ? tly_error_set(TLY_EIO, "%s: write failed", path) : 0;
}

int bench_seg_path(char *out, size_t size, const char *dir, const char *name, const char *ext)
{
	int len = snprintf(out, size, "%s/%s%s", dir, name, ext);

	if (len < 0 || (size_t)len >= size)
		return tly_error_set(TLY_EARG, "%s: path too long", dir);
	return 0;
}

int bench_seg_generate(const char *dir, const bench_gen_options *g)
{
	bench_seg_poly truth[BENCH_SEG_MAX_TRUE];
	char path[4096], name[64];
	size_t i, n = 0, objects = 0;
	int a, error;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return tly_error_set(TLY_EIO, "%s: %s", dir, strerror(errno));
	for (i = 0; i < g->images; i++)
		n += bench_seg_truth(truth, g->seed, i);
	printf("seg: generated %zu images (%dx%d), %zu true polygons, seed %llu, in %s\n",
	       g->images, BENCH_SEG_WIDTH, BENCH_SEG_HEIGHT, n, (unsigned long long)g->seed, dir);
	for (a = 0; a < BENCH_ANNOTATORS; a++) {
		const bench_seg_profile *p = &bench_seg_profiles[a];

		snprintf(name, sizeof(name), "seg_%s", p->name);
		if ((error = bench_seg_path(path, sizeof(path), dir, name, ".json")) < 0 ||
		    (error = write_annotator(path, p, (uint32_t)a, g, &objects)) < 0)
			return error;
		printf("  %s: %zu polygons (recall %.2f, vertex jitter %.1f px, label error %.2f, "
		       "%.1f false polygons/image)\n", p->name, objects, p->recall, p->sigma,
		       p->label_err, p->fp_rate);
	}
	return 0;
}
