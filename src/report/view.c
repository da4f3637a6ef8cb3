/*
 * Builds the report view: per-image grouping of the result's arrays (a
 * counting sort, so 10k images cost one pass each) and the run-wide figures.
 * Statistics definitions are in view.h; tests/report/test_view.c checks them.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "tally/error.h"
#include "report/check.h"
#include "report/view.h"
#include "util/alloc.h"
#include "util/rows.h"

static void group_clear(tly_report__group *g)
{
	tly_free(g->start);
	tly_free(g->order);
	tly_free(g->local);
	memset(g, 0, sizeof(*g));
}

/*
 * Group N items whose image index is the uint32_t at BASE + i*STRIDE +
 * OFFSET. Stable, so an image's items keep the result's order.
 */
static int group_build(tly_report__group *g, size_t n_images, const void *base, size_t n,
		       size_t stride, size_t offset)
{
	const unsigned char *p = base;
	size_t i, img, *fill = NULL;
	int error = 0;

	g->start = tly_calloc(n_images + 1, sizeof(size_t));
	g->order = tly_calloc(n, sizeof(size_t));
	g->local = tly_calloc(n, sizeof(size_t));
	fill = tly_calloc(n_images + 1, sizeof(size_t));
	if (!g->start || !g->order || !g->local || !fill) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		uint32_t key;

		memcpy(&key, p + i * stride + offset, sizeof(key));
		g->start[key + 1]++;
	}
	for (img = 0; img < n_images; img++)
		g->start[img + 1] += g->start[img];
	for (i = 0; i < n; i++) {
		uint32_t key;

		memcpy(&key, p + i * stride + offset, sizeof(key));
		g->local[i] = fill[key]++;
		g->order[g->start[key] + g->local[i]] = i;
	}
out:
	tly_free(fill);
	return error;
}

/* Mean of the finite values among N doubles at BASE + i*STRIDE; NaN when none. */
static double mean_defined(const void *base, size_t n, size_t stride)
{
	const unsigned char *p = base;
	double sum = 0.0, v;
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		memcpy(&v, p + i * stride, sizeof(v));
		if (isfinite(v)) {
			sum += v;
			count++;
		}
	}
	return count ? sum / (double)count : NAN;
}

static void summarize(tly_report__view *v)
{
	const tly_dataset *ds = v->ds;
	const tly_result *r = v->r;
	size_t i;

	for (i = 0; i < ds->n_images; i++) {
		v->submissions += ds->images[i].n_subs;
		v->objects += ds->images[i].n_objs;
	}
	for (i = 0; i < r->n_images; i++)
		if (r->images[i].flagged)
			v->flagged++;
	for (i = 0; i < r->n_conflicts; i++)
		v->by_kind[r->conflicts[i].kind]++;
	v->mean_agreement = r->n_images ? mean_defined(&r->images[0].agreement, r->n_images,
						       sizeof(r->images[0])) : NAN;
	v->mean_pair_f1 = r->n_pairs ? mean_defined(&r->pairs[0].f1, r->n_pairs,
						    sizeof(r->pairs[0])) : NAN;
	v->mean_pair_kappa = r->n_pairs ? mean_defined(&r->pairs[0].kappa, r->n_pairs,
						       sizeof(r->pairs[0])) : NAN;
	/*
	 * Each consensus object counts once, whatever its class: this equals the
	 * classes' mean_iou weighted by their number of consensus objects.
	 */
	v->mean_iou = r->n_cons_objects ? mean_defined(&r->cons_objects[0].agreement,
						       r->n_cons_objects,
						       sizeof(r->cons_objects[0])) : NAN;
}

int tly_report__view_init(tly_report__view *v, const tly_dataset *ds, const tly_result *r)
{
	int error;

	memset(v, 0, sizeof(*v));
	if ((error = tly_report__check(ds, r)) < 0)
		return error;
	v->ds = ds;
	v->r = r;
	if ((error = group_build(&v->objs, ds->n_images, r->cons_objects, r->n_cons_objects,
				 sizeof(tly_cons_object), offsetof(tly_cons_object, image))) < 0 ||
	    (error = group_build(&v->tags, ds->n_images, r->cons_tags, r->n_cons_tags,
				 sizeof(tly_cons_tag), offsetof(tly_cons_tag, image))) < 0 ||
	    (error = group_build(&v->conflicts, ds->n_images, r->conflicts, r->n_conflicts,
				 sizeof(tly_conflict), offsetof(tly_conflict, image))) < 0 ||
	    (error = tly_report__seg_init(&v->seg, ds, r)) < 0) {
		tly_report__view_clear(v);
		return error;
	}
	summarize(v);
	return 0;
}

void tly_report__view_clear(tly_report__view *v)
{
	group_clear(&v->objs);
	group_clear(&v->tags);
	group_clear(&v->conflicts);
	tly_report__seg_clear(&v->seg);
}

const char *tly_report__annotator(const tly_report__view *v, uint32_t annotator)
{
	return annotator == UINT32_MAX ? NULL : v->ds->annotators[annotator].name;
}

const char *tly_report__category(const tly_report__view *v, uint32_t category)
{
	return category == UINT32_MAX ? NULL : v->ds->categories[category].name;
}

const tly_conflict_attr *tly_report__conflict_attr(const tly_result *r, size_t k)
{
	size_t end, lo;

	/* conflict_attrs are in conflict order (tally/result.h) */
	lo = TLY_ROWS_FIND(r->conflict_attrs, r->n_conflict_attrs, tly_conflict_attr, conflict, k, &end);
	return lo < end ? &r->conflict_attrs[lo] : NULL;
}

const char *tly_report__kind_name(tly_conflict_kind kind)
{
	switch (kind) {
	case TLY_CONFLICT_MISSING: return "missing";
	case TLY_CONFLICT_EXTRA: return "extra";
	case TLY_CONFLICT_LABEL_MISMATCH: return "label_mismatch";
	case TLY_CONFLICT_LOW_OVERLAP: return "low_overlap";
	case TLY_CONFLICT_TIE: return "tie";
	case TLY_CONFLICT_MISMATCHING_ATTRIBUTES: return "mismatching_attributes";
	}
	return "unknown";
}

const char *tly_report__task_name(tly_task task)
{
	return task == TLY_TASK_LABELS ? "labels" : "objects";
}
