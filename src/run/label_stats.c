/*
 * Fleiss' kappa and Krippendorff's nominal alpha over a run's image labels
 * (issue 4). Units are the images with at least two non-gold labels
 * voters, in image order. Single-label data: each voter's label is its
 * value. Multi-label data: a unit per (image, category) for every category
 * some labels submission holds, each voter's value 1 (gave it) or 0.
 * Fleiss reads the per-unit category counts (raters may differ from unit to
 * unit), alpha the unit x annotator table with the absent as missing. The
 * 95% interval is the seeded bootstrap of stats.h over images: for
 * multi-label data an image's (image, category) units are resampled
 * together (they share the image's annotators and errors, so resampling
 * them one by one would make the interval too narrow). Each class's
 * Fleiss kappa_j: single-label, from the same table collapsed to {j, not
 * j}; multi-label, the binary kappa over the class's own units.
 * With report.label_order, the same table feeds the ordinal and interval
 * alpha (ordinal_stats.c). Worked values: tests/run/test_label_stats.c.
 */
#include <math.h>
#include <string.h>

#include "run/label_stats.h"
#include "run/ordinal_stats.h"
#include "tally/error.h"
#include "util/alloc.h"

typedef struct {
	const tly_dataset *ds;
	int multi;
	unsigned char *used;  /* [n_categories]: multi-label, a category some submission holds */
	size_t n_used;
	size_t n_units;
	size_t width;         /* Fleiss columns: n_categories, or 2 */
	uint64_t *counts;     /* [n_units][width] */
	double *values;       /* [n_units][n_annotators], NaN = missing */
	size_t *group;        /* multi-label: [n_units] the image (0, 1, ...) of each unit */
} label_work;

static int is_voter(const tly_submission *s)
{
	return s->task == TLY_TASK_LABELS && !s->gold;
}

static size_t voters_of(const tly_image *im)
{
	size_t i, n = 0;

	for (i = 0; i < im->n_subs; i++)
		n += (size_t)is_voter(&im->subs[i]);
	return n;
}

/* Units of IM: 0, 1 (single-label) or one per used category (multi-label). */
static size_t units_of(const label_work *w, const tly_image *im)
{
	if (voters_of(im) < 2)
		return 0;
	return w->multi ? w->n_used : 1;
}

static void mark_used(label_work *w)
{
	size_t i, j;

	for (i = 0; i < w->ds->n_images; i++) {
		const tly_image *im = &w->ds->images[i];

		for (j = 0; j < im->n_tags; j++) {
			uint32_t c = im->tags[j].category;

			if (im->subs[im->tags[j].sub].task == TLY_TASK_LABELS && !w->used[c]) {
				w->used[c] = 1;
				w->n_used++;
			}
		}
	}
}

/* The single label of submission SUB of IM, or UINT32_MAX when it has not exactly one. */
static uint32_t single_label(const tly_image *im, size_t sub)
{
	uint32_t label = UINT32_MAX;
	size_t j, n = 0;

	for (j = 0; j < im->n_tags; j++)
		if (im->tags[j].sub == sub) {
			label = im->tags[j].category;
			n++;
		}
	return n == 1 ? label : UINT32_MAX;
}

static int has_tag(const tly_image *im, size_t sub, uint32_t category)
{
	size_t j;

	for (j = 0; j < im->n_tags; j++)
		if (im->tags[j].sub == sub && im->tags[j].category == category)
			return 1;
	return 0;
}

/* Record value V (a category, or presence 0/1) of ANNOTATOR in unit U. */
static void put(label_work *w, size_t u, uint32_t annotator, uint32_t v)
{
	w->counts[u * w->width + v]++;
	w->values[u * w->ds->n_annotators + annotator] = (double)v;
}

/* Fill the rows of image IM starting at unit U. */
static void fill_image(label_work *w, const tly_image *im, size_t u)
{
	size_t s, c, k;

	for (s = 0; s < im->n_subs; s++) {
		const tly_submission *sub = &im->subs[s];

		if (!is_voter(sub))
			continue;
		if (!w->multi) {
			uint32_t label = single_label(im, s);

			if (label != UINT32_MAX)
				put(w, u, sub->annotator, label);
			continue;
		}
		for (c = 0, k = u; c < w->ds->n_categories; c++)
			if (w->used[c])
				put(w, k++, sub->annotator, (uint32_t)has_tag(im, s, (uint32_t)c));
	}
}

static int build(label_work *w)
{
	size_t i, u = 0, cells;

	for (i = 0; i < w->ds->n_images; i++)
		if (tly_add_size(&w->n_units, w->n_units, units_of(w, &w->ds->images[i])) < 0)
			return TLY_ELIMIT;
	if (w->n_units == 0)
		return 0;
	if (tly_mul_size(&cells, w->n_units, w->ds->n_annotators) < 0)
		return TLY_ELIMIT;
	w->counts = tly_calloc(w->n_units, (w->width ? w->width : 1) * sizeof(*w->counts));
	w->values = tly_calloc(cells, sizeof(*w->values));
	if (!w->counts || !w->values)
		return TLY_ENOMEM;
	for (i = 0; i < cells; i++)
		w->values[i] = NAN;
	for (i = 0; i < w->ds->n_images; i++) {
		const tly_image *im = &w->ds->images[i];

		if (units_of(w, im) == 0)
			continue;
		fill_image(w, im, u);
		u += units_of(w, im);
	}
	return 0;
}

static void undefined(tly_stat *s)
{
	s->value = NAN;
	s->ci95[0] = s->ci95[1] = NAN;
	s->n = 0;
}

/* Multi-label: the image (group) of every unit, so a resample takes whole images. */
static int image_groups(label_work *w)
{
	size_t u;

	if (!(w->group = tly_calloc(w->n_units, sizeof(*w->group))))
		return TLY_ENOMEM;
	for (u = 0; u < w->n_units; u++)
		w->group[u] = u / w->n_used;
	return 0;
}

/*
 * Multi-label: Fleiss' kappa of each used category alone, over its
 * (image, category) presence units, one per image: the binary table's
 * kappa, which is also its kappa_j. Unused categories: undefined over the
 * same images.
 */
static int class_kappas(tly_result *r, const label_work *w, const tly_stats_bootstrap *boot)
{
	size_t images = w->n_units / w->n_used, c, k = 0, i;
	uint64_t *table = tly_calloc(images, 2 * sizeof(*table));
	int error = 0;

	if (!table)
		return TLY_ENOMEM;
	for (c = 0; c < w->ds->n_categories && c < r->n_classes; c++) {
		r->classes[c].fleiss_kappa.n = images;
		if (!w->used[c])
			continue;
		for (i = 0; i < images; i++) {
			table[2 * i] = w->counts[(i * w->n_used + k) * 2];
			table[2 * i + 1] = w->counts[(i * w->n_used + k) * 2 + 1];
		}
		k++;
		if ((error = tly_stats_fleiss(&r->classes[c].fleiss_kappa, NULL, table, images, 2, boot)) < 0)
			break;
	}
	tly_free(table);
	return error;
}

/* Single-label: kappa_j of each category, from the overall table's collapsed tables. */
static int single_kappas(tly_result *r, const label_work *w, const tly_stats_bootstrap *boot)
{
	tly_stat *per = tly_calloc(w->width ? w->width : 1, sizeof(*per));
	size_t c;
	int error;

	if (!per)
		return TLY_ENOMEM;
	error = tly_stats_fleiss(&r->fleiss_kappa, per, w->counts, w->n_units, w->width, boot);
	for (c = 0; !error && c < w->width && c < r->n_classes; c++)
		r->classes[c].fleiss_kappa = per[c];
	tly_free(per);
	return error;
}

int tly_run__label_stats(tly_result *r, const tly_dataset *ds, const tly_policy *p, int threads)
{
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT, by_image = TLY_STATS_BOOTSTRAP_INIT;
	label_work w;
	size_t c;
	int error = 0;

	boot.threads = by_image.threads = threads > 1 ? threads : 1;
	memset(&w, 0, sizeof(w));
	undefined(&r->fleiss_kappa);
	undefined(&r->krippendorff_alpha);
	for (c = 0; c < r->n_classes; c++)
		undefined(&r->classes[c].fleiss_kappa);
	w.ds = ds;
	w.multi = tly_dataset_labels_multi(ds);
	w.width = w.multi ? 2 : ds->n_categories;
	if (w.multi) {
		w.used = tly_calloc(ds->n_categories ? ds->n_categories : 1, 1);
		if (!w.used) {
			error = TLY_ENOMEM;
			goto out;
		}
		mark_used(&w);
	}
	if ((error = build(&w)) < 0 ||
	    (error = tly_run__ordinal_stats(r, ds, p, w.multi, w.values, w.n_units, boot.threads)) < 0 || w.n_units == 0)
		goto out;
	if (w.multi) {
		if ((error = image_groups(&w)) < 0)
			goto out;
		by_image.group = w.group;
		error = tly_stats_fleiss(&r->fleiss_kappa, NULL, w.counts, w.n_units, w.width, &by_image);
		if (!error)
			error = class_kappas(r, &w, &boot);
	} else {
		error = single_kappas(r, &w, &boot);
	}
	if (error < 0 || (error = tly_stats_alpha(&r->krippendorff_alpha, w.values, w.n_units, ds->n_annotators,
						  TLY_STATS_NOMINAL, &by_image)) < 0)
		goto out;
out:
	tly_free(w.used);
	tly_free(w.counts);
	tly_free(w.values);
	tly_free(w.group);
	if (error == TLY_ENOMEM)
		error = tly_error_set(error, "run: out of memory for the label statistics");
	else if (error == TLY_ELIMIT)
		error = tly_error_set(error, "run: too many label units for the statistics");
	return error;
}
