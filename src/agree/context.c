/*
 * The dataset-wide facts every image's agreement needs: whether labels are
 * multi-label, how many categories labels use (the multi-label kappa items
 * per image, SPEC §6), the category names the tie rule sorts by, and the
 * rules' labels.NAME / geometry.KIND overrides as tables by category index
 * and shape kind (label > geometry > policy; tests/agree/test_context.c).
 */
#include <math.h>
#include <string.h>

#include "tally/agree.h"
#include "tally/error.h"
#include "util/alloc.h"

/*
 * Categories that appear in any non-gold labels submission: the items of
 * multi-label kappa between two annotators must not depend on whether
 * gold labels were ingested.
 */
static int count_label_categories(size_t *out, const tly_dataset *ds)
{
	uint8_t *used;
	size_t i, j, n = 0;

	*out = 0;
	if (ds->n_categories == 0)
		return 0;
	used = tly_calloc(ds->n_categories, 1);
	if (!used)
		return TLY_ENOMEM;
	for (i = 0; i < ds->n_images; i++) {
		const tly_image *im = &ds->images[i];

		for (j = 0; j < im->n_tags; j++) {
			uint32_t c = im->tags[j].category;

			if (im->tags[j].sub >= im->n_subs || im->subs[im->tags[j].sub].task != TLY_TASK_LABELS ||
			    im->subs[im->tags[j].sub].gold)
				continue;
			if (c < ds->n_categories && !used[c]) {
				used[c] = 1;
				n++;
			}
		}
	}
	tly_free(used);
	*out = n;
	return 0;
}

/*
 * Per-category tables of the labels.NAME overrides, allocated only when
 * some category of DS has one: the hot paths test a NULL pointer.
 */
static int label_tables(tly_agree_context *ctx, const tly_dataset *ds, const tly_policy *policy)
{
	size_t i;
	int any_iou = 0, any_low = 0;

	if (!policy->n_labels || !ds->n_categories)
		return 0;
	ctx->label_iou = tly_calloc(ds->n_categories, sizeof(*ctx->label_iou));
	ctx->label_low_overlap = tly_calloc(ds->n_categories, sizeof(*ctx->label_low_overlap));
	if (!ctx->label_iou || !ctx->label_low_overlap)
		return TLY_ENOMEM;
	for (i = 0; i < ds->n_categories; i++) {
		const tly_override *o = tly_policy_label(policy, ds->categories[i].name);

		ctx->label_low_overlap[i] = NAN;
		if (!o)
			continue;
		if (!isnan(o->match_iou)) {
			ctx->label_iou[i] = o->match_iou;
			any_iou = 1;
		}
		if (!isnan(o->low_overlap)) {
			ctx->label_low_overlap[i] = o->low_overlap;
			any_low = 1;
		}
	}
	if (!any_iou) {
		tly_free(ctx->label_iou);
		ctx->label_iou = NULL;
	}
	if (!any_low) {
		tly_free(ctx->label_low_overlap);
		ctx->label_low_overlap = NULL;
	}
	ctx->match.n_label_iou = ctx->label_iou ? ds->n_categories : 0;
	ctx->match.label_iou = ctx->label_iou;
	return 0;
}

int tly_agree_context_init(tly_agree_context *ctx, const tly_dataset *ds, const tly_policy *policy)
{
	size_t i;
	int error = 0;

	memset(ctx, 0, sizeof(*ctx));
	ctx->policy = policy;
	ctx->match.iou = policy->match_iou;
	ctx->match.class_aware = policy->match_class_aware;
	for (i = 0; i < 4; i++) {
		ctx->match.kind_iou[i] = isnan(policy->geometry[i].match_iou) ? 0 : policy->geometry[i].match_iou;
		ctx->kind_low_overlap[i] = policy->geometry[i].low_overlap;
	}
	if ((error = label_tables(ctx, ds, policy)) < 0)
		goto out;
	ctx->multi = tly_dataset_labels_multi(ds);
	ctx->n_annotators = ds->n_annotators;
	ctx->n_categories = ds->n_categories;
	if ((error = count_label_categories(&ctx->n_label_categories, ds)) < 0)
		goto out;
	if (ds->n_categories) {
		ctx->label_names = tly_calloc(ds->n_categories, sizeof(*ctx->label_names));
		if (!ctx->label_names) {
			error = TLY_ENOMEM;
			goto out;
		}
		for (i = 0; i < ds->n_categories; i++)
			ctx->label_names[i] = ds->categories[i].name;
	}
out:
	if (error < 0)
		tly_agree_context_clear(ctx);
	return error;
}

void tly_agree_context_clear(tly_agree_context *ctx)
{
	if (!ctx)
		return;
	tly_free(ctx->label_names);
	tly_free(ctx->label_iou);
	tly_free(ctx->label_low_overlap);
	memset(ctx, 0, sizeof(*ctx));
}

double tly_agree_low_overlap(const tly_agree_context *ctx, uint32_t category, tly_geom_kind kind)
{
	int k = (int)kind - 1;

	if (ctx->label_low_overlap && category < ctx->n_categories &&
	    !isnan(ctx->label_low_overlap[category]))
		return ctx->label_low_overlap[category];
	if (k >= 0 && k < 4 && !isnan(ctx->kind_low_overlap[k]))
		return ctx->kind_low_overlap[k];
	return ctx->policy->low_overlap;
}
