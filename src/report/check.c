/*
 * The report's check of a result before rendering: tly_result_check for
 * the indices (label-map arrays included: one consensus map per image,
 * category values, rows in order and each key once), plus what only the
 * renderers assume, that the per-image, per-annotator and per-class arrays
 * run parallel to the dataset's (the export and the store do not need
 * that). Tested by tests/report/test_check.c.
 */
#include "tally/error.h"
#include "report/check.h"

int tly_report__check(const tly_dataset *ds, const tly_result *r)
{
	int error;

	if ((error = tly_result_check(ds, r)) < 0)
		return error;
	if (r->n_images != ds->n_images)
		return tly_error_set(TLY_EARG, "report: result has %zu image entries, dataset %zu images",
				     r->n_images, ds->n_images);
	if (r->n_annotators != ds->n_annotators)
		return tly_error_set(TLY_EARG, "report: result has %zu annotator entries, dataset %zu annotators",
				     r->n_annotators, ds->n_annotators);
	if (r->n_classes != ds->n_categories)
		return tly_error_set(TLY_EARG, "report: result has %zu class entries, dataset %zu categories",
				     r->n_classes, ds->n_categories);
	return 0;
}
