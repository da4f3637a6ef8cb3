/*
 * Lifetime of a run result and the figures derived from its counts
 * (definitions in tally/result.h; CVAT's precision/recall over valid matches).
 */
#include <math.h>
#include <string.h>

#include "tally/result.h"
#include "tally/rle.h"
#include "util/alloc.h"

void tly_result_clear(tly_result *r)
{
	size_t i;

	if (!r)
		return;
	if (r->cons_masks)
		for (i = 0; i < r->n_cons_objects; i++)
			tly_rle_clear(&r->cons_masks[i]);
	tly_free(r->cons_masks);
	tly_free(r->rules_json);
	tly_free(r->created_at);
	tly_free(r->cons_objects);
	tly_free(r->members);
	tly_free(r->cons_tags);
	tly_free(r->conflicts);
	tly_free(r->images);
	tly_free(r->annotators);
	tly_free(r->pairs);
	tly_free(r->classes);
	for (i = 0; i < r->n_cons_maps; i++) {
		tly_labelmap_clear(&r->cons_maps[i].map);
		tly_labelmap_clear(&r->cons_maps[i].confidence);
	}
	tly_free(r->cons_maps);
	tly_free(r->pixel_counts);
	tly_free(r->pixel_audits);
	tly_free(r->map_pairs);
	tly_free(r->panoptic);
	for (i = 0; i < r->n_attr_strings; i++)
		tly_free(r->attr_strings[i]);
	tly_free(r->attr_strings);
	tly_free(r->cons_attrs);
	tly_free(r->conflict_attrs);
	tly_free(r->annotator_periods);
	tly_free(r->weight_classes);
	tly_free(r->weight_prior);
	tly_free(r->weight_confusion);
	tly_free(r->reliability);
	tly_free(r->map_staple_rates);
	tly_free(r->tie_votes);
	memset(r, 0, sizeof(*r));
}

static double ratio(double num, double den)
{
	return den > 0 ? num / den : NAN;
}

double tly_counts_precision(const tly_counts *c)
{
	return ratio((double)c->tp, (double)(c->tp + c->fp));
}

double tly_counts_recall(const tly_counts *c)
{
	return ratio((double)c->tp, (double)(c->tp + c->fn));
}

double tly_counts_f1(const tly_counts *c)
{
	return ratio(2.0 * (double)c->tp, (double)(2 * c->tp + c->fp + c->fn));
}

double tly_counts_mean_iou(const tly_counts *c)
{
	return ratio(c->iou_sum, (double)c->matched);
}

double tly_counts_label_accuracy(const tly_counts *c)
{
	return ratio((double)c->label_correct, (double)c->label_total);
}
