/*
 * Per-class figures of a run (SPEC §6, as decided for the foundation):
 * support = accepted consensus objects + consensus labels of the class,
 * agreement = their mean confidence, mean_iou = the mean agreement (member
 * IoU to the consensus box) of its consensus objects.
 * Checked by tests/agree/test_classes.c.
 */
#include <math.h>
#include <string.h>

#include "tally/agree.h"

void tly_agree_classes(tly_class_stats *out, size_t n_categories,
		       const tly_cons_object *objs, size_t n_objs,
		       const tly_cons_tag *tags, size_t n_tags)
{
	size_t i;

	for (i = 0; i < n_categories; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].category = (uint32_t)i;
	}
	/* agreement holds the confidence sum and mean_iou the IoU sum until the end */
	for (i = 0; i < n_objs; i++) {
		tly_class_stats *c;

		if (objs[i].category >= n_categories)
			continue; /* not this dataset's consensus: nothing to count it in */
		c = &out[objs[i].category];

		c->support++;
		c->agreement += objs[i].confidence;
		c->mean_iou += objs[i].agreement;
	}
	for (i = 0; i < n_categories; i++) {
		uint32_t n_obj = out[i].support;

		out[i].mean_iou = n_obj ? out[i].mean_iou / (double)n_obj : NAN;
	}
	for (i = 0; i < n_tags; i++) {
		tly_class_stats *c;

		if (tags[i].category >= n_categories)
			continue;
		c = &out[tags[i].category];

		c->support++;
		c->agreement += tags[i].confidence;
	}
	for (i = 0; i < n_categories; i++)
		out[i].agreement = out[i].support ? out[i].agreement / (double)out[i].support : NAN;
}
