/*
 * Krippendorff's alpha over objects for a whole run (issue 4): the units
 * are the clusters every image's matching made (src/agree/iou_units.c),
 * concatenated in image order; the 95% interval resamples images, each
 * with all its clusters (a cluster bootstrap: an image's clusters share
 * its annotators and its difficulty), on the run's threads (the same
 * bytes for any count). Definition and closed form:
 * tly_stats_alpha_iou in tally/stats.h. Worked values:
 * tests/run/test_object_stats.c.
 */
#include <math.h>

#include "run/object_stats.h"
#include "tally/error.h"
#include "util/alloc.h"

int tly_run__object_stats(tly_result *r, const tly_run_space *s)
{
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;
	tly_stats_iou_unit *units = NULL;
	size_t *group = NULL, total = 0, i, j, n = 0;
	int error = 0;

	r->krippendorff_alpha_iou.value = NAN;
	r->krippendorff_alpha_iou.ci95[0] = r->krippendorff_alpha_iou.ci95[1] = NAN;
	r->krippendorff_alpha_iou.n = 0;
	for (i = 0; i < s->n_images; i++)
		if ((error = tly_add_size(&total, total, s->slots[i].n_iou_units)) < 0)
			goto out;
	if (total == 0)
		goto out;
	units = tly_calloc(total, sizeof(*units));
	group = tly_calloc(total, sizeof(*group));
	if (!units || !group) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < s->n_images; i++)
		for (j = 0; j < s->slots[i].n_iou_units; j++) {
			units[n] = s->slots[i].iou_units[j];
			group[n++] = i;
		}
	boot.group = group;
	boot.threads = s->n_threads ? (int)s->n_threads : 1;
	error = tly_stats_alpha_iou(&r->krippendorff_alpha_iou, units, n, &boot);
out:
	tly_free(units);
	tly_free(group);
	if (error == TLY_ENOMEM)
		error = tly_error_set(error, "run: out of memory for Krippendorff's alpha over objects");
	else if (error == TLY_ELIMIT)
		error = tly_error_set(error, "run: too many object clusters for Krippendorff's alpha");
	return error;
}
