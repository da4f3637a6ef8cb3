/*
 * Synthetic multi-annotator data with a known truth: every image holds 5-15
 * true boxes of BENCH_CLASSES classes; each annotator of bench_profiles
 * sees every image and misses, jitters, mislabels and invents boxes at its
 * own rates. Written as one COCO detection file per annotator plus the
 * truth, and optionally CSV image labels (the image's dominant class).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bench.h"

/* Five annotators from careful to careless (issue 2: different recall,
 * jitter, label error and false-positive rates). */
const bench_profile bench_profiles[BENCH_ANNOTATORS] = {
	{"ann1", 0.95, 1.0, 0.02, 0.1, 0.05},
	{"ann2", 0.90, 2.0, 0.05, 0.2, 0.10},
	{"ann3", 0.85, 3.0, 0.08, 0.4, 0.15},
	{"ann4", 0.80, 4.5, 0.10, 0.6, 0.20},
	{"ann5", 0.70, 6.0, 0.15, 1.0, 0.30},
};

const char *const bench_classes[BENCH_CLASSES] = {
	"car", "person", "bicycle", "truck", "bus", "traffic_light",
};

#define MAX_TRUE     15
#define TRUTH_STREAM 0      /* stream ids: truth, annotators 1..A, labels 100+a */
#define TAG_STREAM   100
#define MAX_OVERLAP  0.3    /* true boxes overlap at most this IoU: distinct objects */

typedef struct {
	tly_box box;
	uint32_t cls;
} gen_obj;

typedef struct {
	FILE *f;
	char path[4096];
	size_t next_id;  /* COCO annotation id */
	size_t objects;
} gen_out;

/* Two decimals, as written: the file and the in-memory truth agree exactly. */
static double cent(double v)
{
	return round(v * 100.0) / 100.0;
}

static size_t true_objects(gen_obj *out, bench_rng *r)
{
	uint32_t n = 5 + bench_rng_below(r, 11);
	size_t k = 0, j;
	uint32_t i;
	int tries;

	for (i = 0; i < n; i++) {
		for (tries = 0; tries < 20; tries++) {
			gen_obj o;
			int ok = 1;

			o.cls = bench_rng_below(r, BENCH_CLASSES);
			o.box.w = cent(40.0 + 200.0 * bench_rng_uniform(r));
			o.box.h = cent(40.0 + 200.0 * bench_rng_uniform(r));
			o.box.x = cent((BENCH_WIDTH - o.box.w) * bench_rng_uniform(r));
			o.box.y = cent((BENCH_HEIGHT - o.box.h) * bench_rng_uniform(r));
			for (j = 0; j < k && ok; j++)
				ok = tly_geom_box_iou(&o.box, &out[j].box) <= MAX_OVERLAP;
			if (ok) {
				out[k++] = o;
				break;
			}
		}
	}
	return k;
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* A corner-jittered copy of B, kept inside the image and at least 1 px wide. */
static tly_box jitter(const tly_box *b, double sigma, bench_rng *r)
{
	double x1 = clamp(b->x + sigma * bench_rng_normal(r), 0, BENCH_WIDTH - 1);
	double y1 = clamp(b->y + sigma * bench_rng_normal(r), 0, BENCH_HEIGHT - 1);
	double x2 = clamp(b->x + b->w + sigma * bench_rng_normal(r), 0, BENCH_WIDTH);
	double y2 = clamp(b->y + b->h + sigma * bench_rng_normal(r), 0, BENCH_HEIGHT);
	tly_box o;

	if (x2 < x1 + 1)
		x2 = x1 + 1;
	if (y2 < y1 + 1)
		y2 = y1 + 1;
	o.x = cent(x1);
	o.y = cent(y1);
	o.w = cent(x2 - x1);
	o.h = cent(y2 - y1);
	return o;
}

static uint32_t other_class(uint32_t cls, bench_rng *r)
{
	return (cls + 1 + bench_rng_below(r, BENCH_CLASSES - 1)) % BENCH_CLASSES;
}

static void put_object(gen_out *o, size_t image, uint32_t cls, const tly_box *b)
{
	fprintf(o->f, "%s\n{\"id\":%zu,\"image_id\":%zu,\"category_id\":%u,"
		"\"bbox\":[%.2f,%.2f,%.2f,%.2f],\"area\":%.2f,\"iscrowd\":0}",
		o->next_id == 1 ? "" : ",", o->next_id, image + 1, cls + 1,
		b->x, b->y, b->w, b->h, b->w * b->h);
	o->next_id++;
	o->objects++;
}

/* One annotator's objects on one image: detections of the truth, then inventions. */
static void annotate(gen_out *o, const bench_profile *p, size_t image,
		     const gen_obj *truth, size_t n, bench_rng *r)
{
	uint32_t k, n_fp;
	size_t j;

	for (j = 0; j < n; j++) {
		tly_box b;
		uint32_t cls = truth[j].cls;

		if (bench_rng_uniform(r) >= p->recall)
			continue;
		b = jitter(&truth[j].box, p->sigma, r);
		if (bench_rng_uniform(r) < p->label_err)
			cls = other_class(cls, r);
		put_object(o, image, cls, &b);
	}
	n_fp = bench_rng_poisson(r, p->fp_rate);
	for (k = 0; k < n_fp; k++) {
		tly_box b;
		uint32_t cls = bench_rng_below(r, BENCH_CLASSES);

		b.w = cent(30.0 + 170.0 * bench_rng_uniform(r));
		b.h = cent(30.0 + 170.0 * bench_rng_uniform(r));
		b.x = cent((BENCH_WIDTH - b.w) * bench_rng_uniform(r));
		b.y = cent((BENCH_HEIGHT - b.h) * bench_rng_uniform(r));
		put_object(o, image, cls, &b);
	}
}

/* The image label: the most frequent true class, ties to the lower index. */
static uint32_t dominant(const gen_obj *truth, size_t n)
{
	size_t count[BENCH_CLASSES] = {0}, j;
	uint32_t best = 0, c;

	for (j = 0; j < n; j++)
		count[truth[j].cls]++;
	for (c = 1; c < BENCH_CLASSES; c++)
		if (count[c] > count[best])
			best = c;
	return best;
}

static int open_out(gen_out *o, const char *dir, const char *file)
{
	int len = snprintf(o->path, sizeof(o->path), "%s/%s", dir, file);

	if (len < 0 || (size_t)len >= sizeof(o->path))
		return tly_error_set(TLY_EARG, "%s: path too long", dir);
	o->f = fopen(o->path, "w");
	if (!o->f)
		return tly_error_set(TLY_EIO, "%s: %s", o->path, strerror(errno));
	o->next_id = 1;
	return 0;
}

static int close_out(gen_out *o)
{
	int bad;

	if (!o->f)
		return 0;
	bad = ferror(o->f);
	bad |= fclose(o->f);
	o->f = NULL;
	if (bad)
		return tly_error_set(TLY_EIO, "%s: write failed", o->path);
	return 0;
}

static void coco_head(gen_out *o, const bench_gen_options *opt)
{
	size_t i;
	int c;

	fprintf(o->f, "{\"info\":{\"description\":\"tally-bench synthetic data\","
		"\"seed\":%llu},\n\"images\":[", (unsigned long long)opt->seed);
	for (i = 0; i < opt->images; i++)
		fprintf(o->f, "%s\n{\"id\":%zu,\"file_name\":\"img_%06zu.jpg\","
			"\"width\":%d,\"height\":%d}", i ? "," : "", i + 1, i + 1,
			BENCH_WIDTH, BENCH_HEIGHT);
	fprintf(o->f, "],\n\"categories\":[");
	for (c = 0; c < BENCH_CLASSES; c++)
		fprintf(o->f, "%s{\"id\":%d,\"name\":\"%s\"}", c ? "," : "", c + 1,
			bench_classes[c]);
	fprintf(o->f, "],\n\"annotations\":[");
}

int bench_generate(const char *dir, const bench_gen_options *opt)
{
	gen_out out[BENCH_ANNOTATORS + 1]; /* annotators, then the truth */
	gen_out labels, tlabels;
	gen_obj truth[MAX_TRUE];
	char file[256], path[4096];
	size_t i, n;
	int a, error = 0;

	memset(out, 0, sizeof(out));
	memset(&labels, 0, sizeof(labels));
	memset(&tlabels, 0, sizeof(tlabels));
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		error = tly_error_set(TLY_EIO, "%s: %s", dir, strerror(errno));
		goto out;
	}
	for (a = 0; a <= BENCH_ANNOTATORS; a++) {
		snprintf(file, sizeof(file), "%s.json",
			 a < BENCH_ANNOTATORS ? bench_profiles[a].name : BENCH_TRUTH_NAME);
		if ((error = open_out(&out[a], dir, file)) < 0)
			goto out;
		coco_head(&out[a], opt);
	}
	if (!opt->labels) {
		/* Labels left from an earlier run would be measured with the new boxes. */
		int len = snprintf(path, sizeof(path), "%s/%s", dir, BENCH_LABELS_FILE);

		if (len > 0 && (size_t)len < sizeof(path))
			remove(path);
		len = snprintf(path, sizeof(path), "%s/%s", dir, BENCH_TRUTH_LABELS_FILE);
		if (len > 0 && (size_t)len < sizeof(path))
			remove(path);
	} else {
		if ((error = open_out(&labels, dir, BENCH_LABELS_FILE)) < 0 ||
		    (error = open_out(&tlabels, dir, BENCH_TRUTH_LABELS_FILE)) < 0)
			goto out;
		fputs("image,annotator,label\n", labels.f);
		fputs("image,annotator,label\n", tlabels.f);
	}
	for (i = 0; i < opt->images; i++) {
		bench_rng r;
		uint32_t dom;

		bench_rng_seed(&r, opt->seed, i, TRUTH_STREAM);
		n = true_objects(truth, &r);
		for (size_t j = 0; j < n; j++)
			put_object(&out[BENCH_ANNOTATORS], i, truth[j].cls, &truth[j].box);
		for (a = 0; a < BENCH_ANNOTATORS; a++) {
			bench_rng_seed(&r, opt->seed, i, (uint64_t)a + 1);
			annotate(&out[a], &bench_profiles[a], i, truth, n, &r);
		}
		if (!opt->labels)
			continue;
		dom = dominant(truth, n);
		fprintf(tlabels.f, "img_%06zu.jpg,%s,%s\n", i + 1, BENCH_TRUTH_NAME,
			bench_classes[dom]);
		for (a = 0; a < BENCH_ANNOTATORS; a++) {
			uint32_t c = dom;

			bench_rng_seed(&r, opt->seed, i, TAG_STREAM + (uint64_t)a);
			if (bench_rng_uniform(&r) < bench_profiles[a].tag_err)
				c = other_class(dom, &r);
			fprintf(labels.f, "img_%06zu.jpg,%s,%s\n", i + 1,
				bench_profiles[a].name, bench_classes[c]);
		}
	}
	for (a = 0; a <= BENCH_ANNOTATORS; a++)
		fputs("\n]}\n", out[a].f);
	printf("generated %zu images (%dx%d), %zu true objects, seed %llu, in %s\n",
	       opt->images, BENCH_WIDTH, BENCH_HEIGHT, out[BENCH_ANNOTATORS].objects,
	       (unsigned long long)opt->seed, dir);
	for (a = 0; a < BENCH_ANNOTATORS; a++) {
		const bench_profile *p = &bench_profiles[a];

		printf("  %s: %zu objects (recall %.2f, jitter %.1f px, label error %.2f, "
		       "%.1f false boxes/image, image-label error %.2f)\n", p->name,
		       out[a].objects, p->recall, p->sigma, p->label_err, p->fp_rate,
		       p->tag_err);
	}
out:
	for (a = 0; a <= BENCH_ANNOTATORS; a++)
		if (close_out(&out[a]) < 0 && !error)
			error = TLY_EIO;
	if (close_out(&labels) < 0 && !error)
		error = TLY_EIO;
	if (close_out(&tlabels) < 0 && !error)
		error = TLY_EIO;
	return error;
}
