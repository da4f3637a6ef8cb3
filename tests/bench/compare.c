/*
 * Field-by-field equality of two run results, for the bench's check that
 * --threads 1 and --threads 2 give identical output (SPEC §9). Doubles are
 * compared bit for bit (so NaN equals NaN); padding is never compared;
 * consensus masks are compared run by run.
 */
#include <string.h>

#include "bench.h"

#define SAME(x, y) (memcmp(&(x), &(y), sizeof(x)) == 0)

static int same_geom(const tly_geometry *a, const tly_geometry *b)
{
	return a->kind == b->kind && SAME(a->box.x, b->box.x) && SAME(a->box.y, b->box.y) &&
	       SAME(a->box.w, b->box.w) && SAME(a->box.h, b->box.h);
}

/* Masks compare by their runs: the same runs are the same pixels and the same COCO string. */
static int same_rle(const tly_rle *a, const tly_rle *b)
{
	return a->h == b->h && a->w == b->w && a->m == b->m &&
	       (a->m == 0 || memcmp(a->counts, b->counts, a->m * sizeof(*a->counts)) == 0);
}

static int same_counts(const tly_counts *a, const tly_counts *b)
{
	return a->tp == b->tp && a->fp == b->fp && a->fn == b->fn && a->matched == b->matched &&
	       SAME(a->iou_sum, b->iou_sum) && a->label_correct == b->label_correct &&
	       a->label_total == b->label_total && a->images == b->images;
}

static int same_cons(const tly_cons_object *a, const tly_cons_object *b)
{
	return a->image == b->image && a->category == b->category && same_geom(&a->geom, &b->geom) &&
	       a->support == b->support && a->votes == b->votes && a->voters == b->voters &&
	       SAME(a->confidence, b->confidence) && SAME(a->agreement, b->agreement) &&
	       a->first_member == b->first_member;
}

static int same_member(const tly_cons_member *a, const tly_cons_member *b)
{
	return a->object_id == b->object_id && a->annotator == b->annotator &&
	       a->category == b->category && SAME(a->iou, b->iou);
}

static int same_tag(const tly_cons_tag *a, const tly_cons_tag *b)
{
	return a->image == b->image && a->category == b->category && a->votes == b->votes &&
	       a->voters == b->voters && SAME(a->confidence, b->confidence);
}

static int same_conflict(const tly_conflict *a, const tly_conflict *b)
{
	return a->image == b->image && a->kind == b->kind && a->task == b->task &&
	       a->annotator == b->annotator && a->object_id == b->object_id &&
	       a->consensus == b->consensus && a->category == b->category && SAME(a->iou, b->iou);
}

static int same_image(const tly_image_stats *a, const tly_image_stats *b)
{
	return a->image == b->image && a->voters_objects == b->voters_objects &&
	       a->voters_labels == b->voters_labels && SAME(a->agreement, b->agreement) &&
	       SAME(a->agreement_objects, b->agreement_objects) &&
	       SAME(a->agreement_labels, b->agreement_labels) && a->flagged == b->flagged &&
	       a->n_conflicts == b->n_conflicts;
}

static int same_annotator(const tly_annotator_stats *a, const tly_annotator_stats *b)
{
	return a->annotator == b->annotator && a->images_done == b->images_done &&
	       same_counts(&a->vs_consensus, &b->vs_consensus) &&
	       same_counts(&a->vs_gold, &b->vs_gold);
}

static int same_pair(const tly_pair_stats *a, const tly_pair_stats *b)
{
	return a->a == b->a && a->b == b->b && a->images == b->images && a->tp == b->tp &&
	       a->n_a == b->n_a && a->n_b == b->n_b && SAME(a->f1, b->f1) &&
	       a->kappa_items == b->kappa_items && SAME(a->kappa, b->kappa);
}

static int same_class(const tly_class_stats *a, const tly_class_stats *b)
{
	return a->category == b->category && a->support == b->support &&
	       SAME(a->agreement, b->agreement) && SAME(a->mean_iou, b->mean_iou);
}

/* Compare arrays A.FIELD[0..A.N) with B's through SAMEFN; name the field on a difference. */
#define SAME_ARRAY(n, field, samefn)                                          \
	do {                                                                  \
		size_t i_;                                                    \
		if (a->n != b->n) {                                           \
			*what = #n;                                           \
			return 0;                                             \
		}                                                             \
		for (i_ = 0; i_ < a->n; i_++)                                 \
			if (!samefn(&a->field[i_], &b->field[i_])) {          \
				*what = #field;                               \
				return 0;                                     \
			}                                                     \
	} while (0)

int bench_result_equal(const tly_result *a, const tly_result *b, const char **what)
{
	*what = "";
	if (strcmp(a->rules_sha256, b->rules_sha256) != 0 ||
	    strcmp(a->rules_json ? a->rules_json : "", b->rules_json ? b->rules_json : "") != 0) {
		*what = "rules";
		return 0;
	}
	SAME_ARRAY(n_cons_objects, cons_objects, same_cons);
	if (!a->cons_masks != !b->cons_masks) {
		*what = "cons_masks";
		return 0;
	}
	if (a->cons_masks)
		SAME_ARRAY(n_cons_objects, cons_masks, same_rle);
	SAME_ARRAY(n_members, members, same_member);
	SAME_ARRAY(n_cons_tags, cons_tags, same_tag);
	SAME_ARRAY(n_conflicts, conflicts, same_conflict);
	SAME_ARRAY(n_images, images, same_image);
	SAME_ARRAY(n_annotators, annotators, same_annotator);
	SAME_ARRAY(n_pairs, pairs, same_pair);
	SAME_ARRAY(n_classes, classes, same_class);
	return 1;
}
