/*
 * Quality of the consensus against the generator's truth, next to each
 * single annotator's: objects are paired one-to-one with tly_match_pairs at
 * IoU >= 0.5 (SPEC §4 audit rule) and a pair counts when the labels agree;
 * precision = tp/drawn, recall = tp/true, F1 = 2tp/(drawn+true). Image
 * labels: accuracy = images whose (single) label equals the true one.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "tally/match.h"
#include "util/alloc.h"

#define QUALITY_IOU 0.5
#define NO_LABEL    UINT32_MAX /* a truth class no annotator used: never equal */

typedef struct {
	uint64_t tp, drawn, truth, matched;
	double iou_sum;
} score;

typedef struct {
	const char *name;
	uint32_t index;
} name_index;

/* The truth's objects, grouped by dataset image as match items. */
typedef struct {
	tly_batch batch;
	size_t *start;          /* [n_images + 1] into items */
	tly_match_item *items;
} truth_set;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const name_index *)a)->name, ((const name_index *)b)->name);
}

static name_index *sort_images(const tly_dataset *ds)
{
	name_index *v = tly_calloc(ds->n_images ? ds->n_images : 1, sizeof(*v));
	size_t i;

	if (!v)
		return NULL;
	for (i = 0; i < ds->n_images; i++) {
		v[i].name = ds->images[i].name;
		v[i].index = (uint32_t)i;
	}
	qsort(v, ds->n_images, sizeof(*v), by_name);
	return v;
}

static long find_image(const name_index *v, size_t n, const char *name)
{
	name_index key = {name, 0};
	const name_index *hit = bsearch(&key, v, n, sizeof(*v), by_name);

	return hit ? (long)hit->index : -1;
}

static uint32_t category_of(const tly_dataset *ds, const char *name)
{
	long c = tly_dataset_find_category(ds, name);

	return c < 0 ? NO_LABEL : (uint32_t)c;
}

static int read_truth(tly_batch *b, const char *dir, const char *file)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	char path[4096];
	int len = snprintf(path, sizeof(path), "%s/%s", dir, file);

	if (len < 0 || (size_t)len >= sizeof(path))
		return tly_error_set(TLY_EARG, "%s: path too long", dir);
	o.annotator = BENCH_TRUTH_NAME;
	tly_batch_init(b);
	return tly_ingest_file(b, path, &o);
}

/* Group the truth's objects by dataset image, as match items. */
static int load_truth_objects(truth_set *t, const char *dir, const tly_dataset *ds,
			      const name_index *names)
{
	long *img = NULL;
	size_t i, *fill = NULL;
	int error;

	if ((error = read_truth(&t->batch, dir, BENCH_TRUTH_FILE)) < 0)
		goto out;
	t->start = tly_calloc(ds->n_images + 1, sizeof(*t->start));
	fill = tly_calloc(ds->n_images + 1, sizeof(*fill));
	img = tly_calloc(t->batch.n_images + 1, sizeof(*img));
	t->items = tly_calloc(t->batch.n_objs + 1, sizeof(*t->items));
	if (!t->start || !fill || !img || !t->items) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < t->batch.n_images; i++)
		img[i] = find_image(names, ds->n_images, t->batch.images[i].name);
	for (i = 0; i < t->batch.n_objs; i++) {
		long d = img[t->batch.subs[t->batch.objs[i].sub].image];

		if (d >= 0)
			t->start[d + 1]++;
	}
	for (i = 0; i < ds->n_images; i++)
		t->start[i + 1] += t->start[i];
	for (i = 0; i < t->batch.n_objs; i++) {
		const tly_batch_object *o = &t->batch.objs[i];
		long d = img[t->batch.subs[o->sub].image];
		tly_match_item *it;

		if (d < 0)
			continue;
		it = &t->items[t->start[d] + fill[d]++];
		it->geom = &o->geom;
		it->owner = 0;
		it->label = category_of(ds, o->label);
		it->key = (int64_t)i;
	}
out:
	tly_free(fill);
	tly_free(img);
	return error;
}

static void add_pairs(score *s, const tly_match_pair *p, size_t n, size_t drawn, size_t truth)
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

static double ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : NAN;
}

static double f1(const score *s)
{
	return ratio(2 * s->tp, s->drawn + s->truth);
}

static void print_score(const char *name, const score *s, double loo_f1)
{
	printf("  %-10s %9llu %10.4f %8.4f %8.4f %9.4f", name, (unsigned long long)s->drawn,
	       ratio(s->tp, s->drawn), ratio(s->tp, s->truth), f1(s),
	       s->matched ? s->iou_sum / (double)s->matched : NAN);
	if (!isnan(loo_f1))
		printf(" %10.4f", loo_f1);
	printf("\n");
}

/* Score the consensus (index n_annotators) and every annotator on every image. */
static int score_objects(score *sc, const tly_dataset *ds, const tly_result *r,
			 const truth_set *t)
{
	tly_match_options mo = {QUALITY_IOU, 0};
	tly_match_item *cand = NULL;
	tly_match_pair *pairs = NULL;
	size_t cap = 0, n_pairs, i, k, c = 0, max = 1;
	int error = 0;

	for (i = 0; i < ds->n_images; i++)
		if (ds->images[i].n_objs > max)
			max = ds->images[i].n_objs;
	cand = tly_calloc(max > r->n_cons_objects ? max : r->n_cons_objects + 1, sizeof(*cand));
	if (!cand)
		return TLY_ENOMEM;
	for (i = 0; i < ds->n_images; i++) {
		const tly_image *im = &ds->images[i];
		const tly_match_item *ref = &t->items[t->start[i]];
		size_t n_ref = t->start[i + 1] - t->start[i], n = 0;
		uint32_t a;

		/* Consensus objects are grouped by image in image order. */
		while (c < r->n_cons_objects && r->cons_objects[c].image < i)
			c++;
		for (; c < r->n_cons_objects && r->cons_objects[c].image == i; c++, n++) {
			cand[n].geom = &r->cons_objects[c].geom;
			cand[n].owner = 0;
			cand[n].label = r->cons_objects[c].category;
			cand[n].key = (int64_t)c;
		}
		if ((error = tly_match_pairs(&pairs, &cap, &n_pairs, cand, n, ref, n_ref, &mo)) < 0)
			goto out;
		add_pairs(&sc[ds->n_annotators], pairs, n_pairs, n, n_ref);
		for (a = 0; a < ds->n_annotators; a++) {
			for (n = 0, k = 0; k < im->n_objs; k++) {
				const tly_object *o = &im->objs[k];

				if (o->annotator != a || im->subs[o->sub].gold)
					continue;
				cand[n].geom = &o->geom;
				cand[n].owner = a;
				cand[n].label = o->category;
				cand[n].key = o->id;
				n++;
			}
			error = tly_match_pairs(&pairs, &cap, &n_pairs, cand, n, ref, n_ref, &mo);
			if (error < 0)
				goto out;
			add_pairs(&sc[a], pairs, n_pairs, n, n_ref);
		}
	}
out:
	tly_free(cand);
	tly_match_pairs_free(pairs);
	return error;
}

static void print_objects(const score *sc, const tly_dataset *ds, const tly_result *r)
{
	size_t a, best = 0;

	printf("\nobject quality vs truth (one-to-one pairs at IoU >= %.2f, same label)\n",
	       QUALITY_IOU);
	printf("  %-10s %9s %10s %8s %8s %9s %10s\n", "who", "objects", "precision",
	       "recall", "F1", "mean IoU", "LOO F1*");
	for (a = 0; a < ds->n_annotators; a++) {
		double loo = a < r->n_annotators ? tly_counts_f1(&r->annotators[a].vs_consensus) : NAN;

		print_score(ds->annotators[a].name, &sc[a], loo);
		if (f1(&sc[a]) > f1(&sc[best]))
			best = a;
	}
	print_score("consensus", &sc[ds->n_annotators], NAN);
	printf("  (* tally's own leave-one-out F1 of the annotator against the others' consensus)\n");
	if (ds->n_annotators)
		printf("best single annotator: %s, F1 %.4f; consensus F1 %.4f; gain %+.4f\n",
		       ds->annotators[best].name, f1(&sc[best]), f1(&sc[ds->n_annotators]),
		       f1(&sc[ds->n_annotators]) - f1(&sc[best]));
}

/* Image labels: the true label per dataset image, then accuracies. */
static int score_labels(const char *dir, const tly_dataset *ds, const tly_result *r,
			const name_index *names)
{
	tly_batch b;
	uint32_t *truth = NULL, *cons = NULL;
	uint64_t *right = NULL, *total = NULL, no_cons = 0;
	size_t i, k, best = 0, n = ds->n_annotators;
	int error;

	tly_batch_init(&b);
	if ((error = read_truth(&b, dir, BENCH_TRUTH_LABELS_FILE)) < 0)
		goto out;
	truth = tly_calloc(ds->n_images + 1, sizeof(*truth));
	cons = tly_calloc(ds->n_images + 1, sizeof(*cons));
	right = tly_calloc(n + 1, sizeof(*right));
	total = tly_calloc(n + 1, sizeof(*total));
	if (!truth || !cons || !right || !total) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < ds->n_images; i++)
		truth[i] = cons[i] = NO_LABEL;
	for (k = 0; k < b.n_tags; k++) {
		long d = find_image(names, ds->n_images, b.images[b.subs[b.tags[k].sub].image].name);

		if (d >= 0)
			truth[d] = category_of(ds, b.tags[k].label);
	}
	/* A multi-label consensus is never "the" label: mark it wrong. */
	for (k = 0; k < r->n_cons_tags; k++) {
		uint32_t im = r->cons_tags[k].image;

		cons[im] = cons[im] == NO_LABEL ? r->cons_tags[k].category : NO_LABEL - 1;
	}
	for (i = 0; i < ds->n_images; i++) {
		const tly_image *im = &ds->images[i];

		if (truth[i] == NO_LABEL)
			continue;
		/* The generated labels are single-label: one tag per submission. */
		for (k = 0; k < im->n_tags; k++)
			if (!im->subs[im->tags[k].sub].gold && im->tags[k].category == truth[i])
				right[im->tags[k].annotator]++;
		for (k = 0; k < im->n_subs; k++)
			if (im->subs[k].task == TLY_TASK_LABELS && !im->subs[k].gold)
				total[im->subs[k].annotator]++;
		total[n]++;
		if (cons[i] == truth[i])
			right[n]++;
		if (cons[i] == NO_LABEL)
			no_cons++;
	}
	printf("\nimage-label quality vs truth (label = the image's dominant class)\n");
	printf("  %-10s %9s %10s\n", "who", "images", "accuracy");
	for (k = 0; k <= n; k++) {
		if (k < n && !total[k])
			continue;
		printf("  %-10s %9llu %10.4f\n", k < n ? ds->annotators[k].name : "consensus",
		       (unsigned long long)total[k], ratio(right[k], total[k]));
		if (k < n && ratio(right[k], total[k]) > ratio(right[best], total[best]))
			best = k;
	}
	printf("  (consensus: no label on %llu images: tie or no quorum)\n",
	       (unsigned long long)no_cons);
	if (n)
		printf("best single annotator: %s, accuracy %.4f; consensus %.4f; gain %+.4f\n",
		       ds->annotators[best].name, ratio(right[best], total[best]),
		       ratio(right[n], total[n]),
		       ratio(right[n], total[n]) - ratio(right[best], total[best]));
out:
	tly_batch_clear(&b);
	tly_free(truth);
	tly_free(cons);
	tly_free(right);
	tly_free(total);
	return error;
}

/* Consensus image labels against truth_labels.csv: *right of *total images, *none without a label. */
static int consensus_labels(uint64_t *right, uint64_t *total, uint64_t *none, const char *dir,
			    const tly_dataset *ds, const tly_result *r, const name_index *names)
{
	tly_batch b;
	uint32_t *truth = NULL, *cons = NULL;
	size_t i, k;
	int error;

	*right = *total = *none = 0;
	tly_batch_init(&b);
	if ((error = read_truth(&b, dir, BENCH_TRUTH_LABELS_FILE)) < 0)
		goto out;
	truth = tly_calloc(ds->n_images + 1, sizeof(*truth));
	cons = tly_calloc(ds->n_images + 1, sizeof(*cons));
	if (!truth || !cons) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < ds->n_images; i++)
		truth[i] = cons[i] = NO_LABEL;
	for (k = 0; k < b.n_tags; k++) {
		long d = find_image(names, ds->n_images, b.images[b.subs[b.tags[k].sub].image].name);

		if (d >= 0)
			truth[d] = category_of(ds, b.tags[k].label);
	}
	for (k = 0; k < r->n_cons_tags; k++)
		cons[r->cons_tags[k].image] = r->cons_tags[k].category;
	for (i = 0; i < ds->n_images; i++) {
		if (truth[i] == NO_LABEL)
			continue;
		(*total)++;
		*right += cons[i] == truth[i];
		*none += cons[i] == NO_LABEL;
	}
out:
	tly_batch_clear(&b);
	tly_free(truth);
	tly_free(cons);
	return error;
}

int bench_consensus_quality(bench_consensus_score *out, const char *dir, const tly_dataset *ds,
			    const tly_result *r)
{
	truth_set t;
	name_index *names = NULL;
	score *sc = NULL;
	char path[4096];
	int error = 0;

	memset(out, 0, sizeof(*out));
	out->object_f1 = out->label_accuracy = NAN;
	memset(&t, 0, sizeof(t));
	tly_batch_init(&t.batch);
	names = sort_images(ds);
	sc = tly_calloc(ds->n_annotators + 1, sizeof(*sc));
	if (!names || !sc) {
		error = TLY_ENOMEM;
		goto out;
	}
	if ((error = load_truth_objects(&t, dir, ds, names)) < 0 || (error = score_objects(sc, ds, r, &t)) < 0)
		goto out;
	out->object_f1 = f1(&sc[ds->n_annotators]);
	snprintf(path, sizeof(path), "%s/%s", dir, BENCH_TRUTH_LABELS_FILE);
	if (access(path, R_OK) == 0 &&
	    (error = consensus_labels(&out->labels_right, &out->labels_total, &out->labels_none, dir, ds, r,
				      names)) == 0)
		out->label_accuracy = ratio(out->labels_right, out->labels_total);
out:
	tly_batch_clear(&t.batch);
	tly_free(t.start);
	tly_free(t.items);
	tly_free(names);
	tly_free(sc);
	return error;
}

int bench_quality(const char *dir, const tly_dataset *ds, const tly_result *r)
{
	truth_set t;
	name_index *names = NULL;
	score *sc = NULL;
	char path[4096];
	int error = 0;

	memset(&t, 0, sizeof(t));
	tly_batch_init(&t.batch);
	names = sort_images(ds);
	sc = tly_calloc(ds->n_annotators + 1, sizeof(*sc));
	if (!names || !sc) {
		error = TLY_ENOMEM;
		goto out;
	}
	if ((error = load_truth_objects(&t, dir, ds, names)) < 0)
		goto out;
	if ((error = score_objects(sc, ds, r, &t)) < 0)
		goto out;
	print_objects(sc, ds, r);
	snprintf(path, sizeof(path), "%s/%s", dir, BENCH_TRUTH_LABELS_FILE);
	if (access(path, R_OK) == 0)
		error = score_labels(dir, ds, r, names);
out:
	tly_batch_clear(&t.batch);
	tly_free(t.start);
	tly_free(t.items);
	tly_free(names);
	tly_free(sc);
	return error;
}
