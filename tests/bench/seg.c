/*
 * `tally-bench seg DIR` (issue 3, "Measured"): end-to-end instance
 * segmentation consensus for 5 annotators on the polygons seg_gen.c writes:
 * ingested, loaded (rasterised), computed with two thread counts (results
 * compared, masks by their COCO strings), saved, and scored against the
 * truth one-to-one at mask IoU >= 0.5 with the same label.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "tally/match.h"
#include "tally/polygon.h"
#include "tally/rle.h"
#include "util/alloc.h"

#define SEG_IOU 0.5 /* quality: one-to-one pairs at mask IoU >= this, same label */

typedef struct {
	uint64_t tp, drawn, truth, matched;
	double iou_sum;
} seg_score;

typedef struct {
	double parse, write, load, compute_a, compute_b, save; /* seconds */
	size_t objects, masks_by_box, cons, cons_masks;
} seg_figures;

static int ingest(seg_figures *f, tly_store *st, const char *dir)
{
	char path[4096], name[64];
	int a, error = 0;

	for (a = 0; a < BENCH_ANNOTATORS && !error; a++) {
		tly_ingest_options io = TLY_INGEST_OPTIONS_INIT;
		tly_store_write_stats ws;
		tly_batch b;
		double t0, t1;

		tly_batch_init(&b);
		io.annotator = bench_seg_profiles[a].name;
		snprintf(name, sizeof(name), "seg_%s", bench_seg_profiles[a].name);
		memset(&ws, 0, sizeof(ws));
		t0 = bench_now();
		if ((error = bench_seg_path(path, sizeof(path), dir, name, ".json")) == 0 &&
		    (error = tly_ingest_file(&b, path, &io)) == 0) {
			t1 = bench_now();
			error = tly_store_write_batch(&ws, st, &b, io.annotator);
			f->write += bench_now() - t1;
			f->parse += t1 - t0;
			f->objects += ws.objects;
		}
		tly_batch_clear(&b);
	}
	return error;
}

/* The consensus masks of A and B, compared as COCO compressed strings. */
static int same_masks(const tly_result *a, const tly_result *b, const char **what)
{
	size_t i;
	int same = 1;

	*what = "cons_masks";
	if (a->n_cons_objects != b->n_cons_objects || !a->cons_masks != !b->cons_masks)
		return 0;
	for (i = 0; a->cons_masks && i < a->n_cons_objects && same; i++) {
		char *sa = NULL, *sb = NULL;

		if (tly_rle_to_string(&sa, NULL, &a->cons_masks[i]) < 0 ||
		    tly_rle_to_string(&sb, NULL, &b->cons_masks[i]) < 0)
			same = 0;
		else
			same = a->cons_masks[i].h == b->cons_masks[i].h &&
			       a->cons_masks[i].w == b->cons_masks[i].w && !strcmp(sa, sb);
		free(sa);
		free(sb);
	}
	return same;
}

static void add_pairs(seg_score *s, const tly_match_pair *p, size_t n, size_t drawn,
		      size_t truth)
{
	size_t k;

	for (k = 0; k < n; k++) {
		s->matched++;
		s->iou_sum += p[k].iou;
		s->tp += p[k].same_label ? 1 : 0;
	}
	s->drawn += drawn;
	s->truth += truth;
}

/* Score every annotator (0..A-1) and the consensus (A) on image I against its truth. */
static int score_image(seg_score *sc, tly_match_item *cand, tly_match_pair **pairs, size_t *cap,
		       const tly_dataset *ds, const tly_result *r, size_t *c, size_t i,
		       const tly_match_item *ref, size_t n_ref)
{
	tly_match_options mo = {SEG_IOU, 0, 0, NULL, {0, 0, 0, 0}};
	const tly_image *im = &ds->images[i];
	size_t n, k, n_pairs;
	uint32_t a;
	int error;

	for (n = 0; *c < r->n_cons_objects && r->cons_objects[*c].image == i; (*c)++, n++) {
		cand[n].geom = &r->cons_objects[*c].geom;
		cand[n].owner = 0;
		cand[n].label = r->cons_objects[*c].category;
		cand[n].key = (int64_t)*c;
	}
	if ((error = tly_match_pairs(pairs, cap, &n_pairs, cand, n, ref, n_ref, &mo)) < 0)
		return error;
	add_pairs(&sc[ds->n_annotators], *pairs, n_pairs, n, n_ref);
	for (a = 0; a < ds->n_annotators; a++) {
		for (n = 0, k = 0; k < im->n_objs; k++) {
			if (im->objs[k].annotator != a)
				continue;
			cand[n].geom = &im->objs[k].geom;
			cand[n].owner = a;
			cand[n].label = im->objs[k].category;
			cand[n].key = im->objs[k].id;
			n++;
		}
		if ((error = tly_match_pairs(pairs, cap, &n_pairs, cand, n, ref, n_ref, &mo)) < 0)
			return error;
		add_pairs(&sc[a], *pairs, n_pairs, n, n_ref);
	}
	return 0;
}

static double ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : NAN;
}

static double f1(const seg_score *s)
{
	return ratio(2 * s->tp, s->drawn + s->truth);
}

static void print_quality(const seg_score *sc, const tly_dataset *ds)
{
	size_t a, best = 0;

	printf("\nseg quality vs truth (one-to-one pairs at mask IoU >= %.2f, same label)\n",
	       SEG_IOU);
	printf("  %-10s %9s %10s %8s %8s %9s\n", "who", "objects", "precision", "recall", "F1",
	       "mean IoU");
	for (a = 0; a <= ds->n_annotators; a++) {
		const seg_score *s = &sc[a];

		printf("  %-10s %9llu %10.4f %8.4f %8.4f %9.4f\n",
		       a < ds->n_annotators ? ds->annotators[a].name : "consensus",
		       (unsigned long long)s->drawn, ratio(s->tp, s->drawn), ratio(s->tp, s->truth),
		       f1(s), s->matched ? s->iou_sum / (double)s->matched : NAN);
		if (a < ds->n_annotators && f1(s) > f1(&sc[best]))
			best = a;
	}
	printf("best single annotator: %s, F1 %.4f; consensus F1 %.4f; gain %+.4f\n",
	       ds->annotators[best].name, f1(&sc[best]), f1(&sc[ds->n_annotators]),
	       f1(&sc[ds->n_annotators]) - f1(&sc[best]));
}

/* Rasterise each image's regenerated truth and score everyone against it. */
static int quality(const tly_dataset *ds, const tly_result *r, const bench_gen_options *g)
{
	bench_seg_poly truth[BENCH_SEG_MAX_TRUE];
	tly_geometry geom[BENCH_SEG_MAX_TRUE];
	tly_rle rle[BENCH_SEG_MAX_TRUE];
	tly_match_item ref[BENCH_SEG_MAX_TRUE], *cand = NULL;
	tly_match_pair *pairs = NULL;
	seg_score *sc = tly_calloc(ds->n_annotators + 1, sizeof(*sc));
	uint32_t cat[BENCH_CLASSES];
	size_t i, k, n = 0, cap = 0, c = 0, max = 1;
	char name[64];
	int error = 0;

	for (k = 0; k < BENCH_SEG_MAX_TRUE; k++)
		tly_rle_init(&rle[k]);
	for (i = 0; i < ds->n_images; i++)
		max = ds->images[i].n_objs > max ? ds->images[i].n_objs : max;
	cand = tly_calloc(max, sizeof(*cand));
	if (!sc || !cand) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (k = 0; k < BENCH_CLASSES; k++) {
		long x = tly_dataset_find_category(ds, bench_classes[k]);

		cat[k] = x < 0 ? UINT32_MAX : (uint32_t)x;
	}
	for (i = 0; i < ds->n_images; i++) {
		snprintf(name, sizeof(name), "img_%06zu.jpg", i + 1);
		if (i >= g->images || strcmp(ds->images[i].name, name)) {
			error = tly_error_set(TLY_EARG, "seg: image %zu is %s, expected %s", i,
					      ds->images[i].name, name);
			goto out;
		}
		n = bench_seg_truth(truth, g->seed, i);
		for (k = 0; k < n && !error; k++) {
			tly_rle_clear(&rle[k]);
			error = tly_polygon_to_rle(&rle[k], truth[k].xy, truth[k].n,
						   BENCH_SEG_HEIGHT, BENCH_SEG_WIDTH);
			geom[k].kind = TLY_GEOM_POLYGON;
			geom[k].box = tly_rle_bbox(&rle[k]);
			geom[k].rle = &rle[k];
			ref[k].geom = &geom[k];
			ref[k].owner = 0;
			ref[k].label = cat[truth[k].cls];
			ref[k].key = (int64_t)k;
			ref[k].iscrowd = 0;
		}
		if (error)
			goto out;
		if ((error = score_image(sc, cand, &pairs, &cap, ds, r, &c, i, ref, n)) < 0)
			goto out;
	}
	print_quality(sc, ds);
out:
	for (k = 0; k < BENCH_SEG_MAX_TRUE; k++)
		tly_rle_clear(&rle[k]);
	tly_match_pairs_free(pairs);
	tly_free(cand);
	tly_free(sc);
	return error;
}

static void row(const char *what, double s, size_t images, size_t objects)
{
	printf("  %-48s %9.3f %11.0f %11.0f\n", what, s, (double)images / s,
	       (double)objects / s);
}

static void print_figures(const seg_figures *f, size_t images, const bench_measure_options *o)
{
	char label[96];

	printf("\nseg throughput (%zu images x %d annotators, %zu annotator polygons; "
	       "%zu rasterised at load, %zu kept as boxes)\n", images, BENCH_ANNOTATORS,
	       f->objects, f->objects - f->masks_by_box, f->masks_by_box);
	printf("  %-48s %9s %11s %11s\n", "step", "seconds", "images/s", "objects/s");
	row("ingest: parse (tly_ingest_file, 5 COCO files)", f->parse, images, f->objects);
	row("ingest: store (tly_store_write_batch)", f->write, images, f->objects);
	row("load + rasterise (tly_store_load_dataset)", f->load, images, f->objects);
	snprintf(label, sizeof(label), "run compute, threads %d (best of %d)", o->threads_a,
		 o->repeat);
	row(label, f->compute_a, images, f->objects);
	snprintf(label, sizeof(label), "run compute, threads %d (best of %d)", o->threads_b,
		 o->repeat);
	row(label, f->compute_b, images, f->objects);
	row("save result (tly_store_save_result)", f->save, images, f->objects);
	snprintf(label, sizeof(label), "end to end (ingest+load+compute %d+save)", o->threads_b);
	row(label, f->parse + f->write + f->load + f->compute_b + f->save, images, f->objects);
	printf("speed-up threads %d -> %d: %.2fx; %zu consensus objects, %zu of them masks\n",
	       o->threads_a, o->threads_b, f->compute_a / f->compute_b, f->cons, f->cons_masks);
}

int bench_seg(const char *dir, const bench_gen_options *g, const bench_measure_options *o)
{
	tly_store *st = NULL;
	tly_rules *rules = NULL;
	tly_dataset ds;
	tly_result ra, rb;
	seg_figures f;
	char db[4096], side[4200];
	const char *what = "";
	double t;
	size_t i;
	int same = 1, error;

	memset(&ds, 0, sizeof(ds));
	memset(&ra, 0, sizeof(ra));
	memset(&rb, 0, sizeof(rb));
	memset(&f, 0, sizeof(f));
	if ((error = bench_seg_generate(dir, g)) < 0 ||
	    (error = bench_seg_path(db, sizeof(db), dir, "seg", ".db")) < 0)
		goto out;
	unlink(db);
	snprintf(side, sizeof(side), "%s-wal", db);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db);
	unlink(side);
	if ((error = tly_store_open(&st, db)) < 0 || (error = tly_rules_new_default(&rules)) < 0 ||
	    (error = ingest(&f, st, dir)) < 0)
		goto out;
	t = bench_now();
	if ((error = tly_store_load_dataset(&ds, st)) < 0)
		goto out;
	f.load = bench_now() - t;
	f.masks_by_box = ds.n_shapes_by_box;
	if ((error = bench_compute_best(&ra, &f.compute_a, &same, &what, &ds, rules, o->threads_a,
					o->repeat)) < 0 ||
	    (error = bench_compute_best(&rb, &f.compute_b, &same, &what, &ds, rules, o->threads_b,
					o->repeat)) < 0)
		goto out;
	if (same)
		same = bench_result_equal(&ra, &rb, &what) && same_masks(&ra, &rb, &what);
	f.cons = rb.n_cons_objects;
	for (i = 0; i < rb.n_cons_objects; i++)
		f.cons_masks += rb.cons_objects[i].geom.kind == TLY_GEOM_MASK;
	t = bench_now();
	if ((error = tly_store_save_result(st, &ds, &rb)) < 0)
		goto out;
	f.save = bench_now() - t;
	print_figures(&f, ds.n_images, o);
	if (same)
		printf("threads %d vs %d identical (counts, members, mask strings; every repeat): "
		       "yes\n", o->threads_a, o->threads_b);
	else
		printf("threads %d vs %d identical: no (first difference: %s)\n", o->threads_a,
		       o->threads_b, what);
	if ((error = quality(&ds, &rb, g)) < 0)
		goto out;
	if (!same)
		error = tly_error_set(TLY_EARG, "seg: results differ: %s", what);
out:
	tly_result_clear(&ra);
	tly_result_clear(&rb);
	tly_dataset_clear(&ds);
	tly_rules_free(rules);
	tly_store_close(st);
	return error;
}