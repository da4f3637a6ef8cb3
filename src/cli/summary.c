/*
 * The run summary: counts, flagged images, conflicts by kind, and each
 * annotator's F1 against the leave-one-out consensus and gold, on one screen.
 */
#include <math.h>
#include <stdint.h>

#include "cli/exitcode.h"
#include "cli/opts.h"
#include "cli/summary.h"
#include "util/limits.h"

static void put_ratio(FILE *f, double v)
{
	if (isnan(v))
		fprintf(f, "  %7s", "-");
	else
		fprintf(f, "  %7.3f", v);
}

/* An annotator name in a 20-column cell; control characters would break the table. */
static void put_name(FILE *f, const char *name)
{
	int i;

	for (i = 0; i < 20 && name[i]; i++)
		fputc((unsigned char)name[i] < 0x20 || name[i] == 0x7f ? '?' : name[i], f);
	for (; i < 20; i++)
		fputc(' ', f);
}

/* The pixel accuracy of annotator A against REF, NaN when never compared. */
static double pixel_accuracy(const tly_result *r, uint32_t a, tly_reference ref)
{
	size_t i;

	for (i = 0; i < r->n_pixel_audits; i++)
		if (r->pixel_audits[i].annotator == a && r->pixel_audits[i].ref == ref)
			return r->pixel_audits[i].total
				       ? (double)r->pixel_audits[i].correct / (double)r->pixel_audits[i].total
				       : NAN;
	return NAN;
}

/* Label maps, when the run had any: consensus maps, their agreement, each mapper's accuracy. */
static void print_maps(FILE *f, const tly_dataset *ds, const tly_result *r)
{
	uint64_t tied = 0;
	double sum = 0;
	size_t i, defined = 0;
	uint32_t a;

	if (!r->n_cons_maps)
		return;
	for (i = 0; i < r->n_cons_maps; i++)
		tied += r->cons_maps[i].tied_pixels;
	for (i = 0; i < r->n_images; i++)
		if (!isnan(r->images[i].agreement_maps)) {
			sum += r->images[i].agreement_maps;
			defined++;
		}
	fprintf(f, "label maps: %zu consensus maps, %llu tied pixels; ", r->n_cons_maps,
		(unsigned long long)tied);
	if (defined)
		fprintf(f, "map agreement (pairwise mIoU) mean %.3f over %zu images\n",
			sum / (double)defined, defined);
	else
		fprintf(f, "map agreement undefined (no image has two maps)\n");
	fprintf(f, "%-20s %9s%9s\n", "annotator", "pixel acc", "acc gold");
	for (a = 0; a < r->n_annotators && a < ds->n_annotators; a++) {
		double c = pixel_accuracy(r, a, TLY_REF_CONSENSUS), g = pixel_accuracy(r, a, TLY_REF_GOLD);

		if (isnan(c) && isnan(g))
			continue;
		put_name(f, ds->annotators[a].name);
		put_ratio(f, c);
		put_ratio(f, g);
		fputc('\n', f);
	}
}

void tly_cli_print_summary(FILE *f, const tly_dataset *ds, const tly_result *r)
{
	size_t i, flagged = 0, defined = 0, kinds[TLY_CONFLICT_KIND_MAX + 1] = {0};
	double agree_sum = 0;

	for (i = 0; i < r->n_images; i++) {
		flagged += r->images[i].flagged != 0;
		if (!isnan(r->images[i].agreement)) {
			agree_sum += r->images[i].agreement;
			defined++;
		}
	}
	for (i = 0; i < r->n_conflicts; i++)
		if ((unsigned)r->conflicts[i].kind <= TLY_CONFLICT_KIND_MAX)
			kinds[r->conflicts[i].kind]++;
	fprintf(f, "run %lld: %zu images, %zu annotators, %zu labels in use\n",
		(long long)r->run_id, ds->n_images, ds->n_annotators,
		tly_dataset_n_listed_categories(ds));
	fprintf(f, "consensus: %zu objects, %zu image labels\n", r->n_cons_objects, r->n_cons_tags);
	if (defined)
		fprintf(f, "agreement: mean %.3f over %zu images; %zu flagged for review\n",
			agree_sum / (double)defined, defined, flagged);
	else
		fprintf(f, "agreement: undefined (no image has two voters); %zu flagged for review\n",
			flagged);
	fprintf(f, "conflicts: %zu missing, %zu extra, %zu label_mismatch, %zu low_overlap, %zu tie",
		kinds[TLY_CONFLICT_MISSING], kinds[TLY_CONFLICT_EXTRA],
		kinds[TLY_CONFLICT_LABEL_MISMATCH], kinds[TLY_CONFLICT_LOW_OVERLAP],
		kinds[TLY_CONFLICT_TIE]);
	/* attributes are optional: named only when a run found such conflicts */
	if (kinds[TLY_CONFLICT_MISMATCHING_ATTRIBUTES])
		fprintf(f, ", %zu mismatching_attributes", kinds[TLY_CONFLICT_MISMATCHING_ATTRIBUTES]);
	fputc('\n', f);
	print_maps(f, ds, r);
	/* Silent fallbacks would hide a weaker match: say how many there were. */
	if (ds->n_shapes_by_box)
		fprintf(f, "note: %zu polygons/masks matched by their box (image size unknown, or not the mask's)\n",
			ds->n_shapes_by_box);
	fprintf(f, "\n%-20s %7s  %7s  %7s  %7s  %7s\n", "annotator", "images", "prec", "recall",
		"F1", "F1 gold");
	for (i = 0; i < r->n_annotators; i++) {
		const tly_annotator_stats *a = &r->annotators[i];

		if (!a->images_done)
			continue;
		put_name(f, ds->annotators[a->annotator].name);
		fprintf(f, " %7u", a->images_done);
		put_ratio(f, tly_counts_precision(&a->vs_consensus));
		put_ratio(f, tly_counts_recall(&a->vs_consensus));
		put_ratio(f, tly_counts_f1(&a->vs_consensus));
		put_ratio(f, a->vs_gold.images ? tly_counts_f1(&a->vs_gold) : NAN);
		fputc('\n', f);
	}
	fprintf(f, "\ntime: %.2fs load, %.2fs compute, %.2fs save on %d threads\n",
		r->seconds_load, r->seconds_compute, r->seconds_save, r->threads);
}

/* Load --rules or the defaults; any failure is bad input (exit 2) or I/O (3). */
int tly_cli_load_rules(tly_rules **out, const char *path)
{
	int error;

	error = path ? tly_rules_load(out, path) : tly_rules_new_default(out);
	if (error == TLY_EARG)
		error = TLY_EINPUT; /* a bad rules file is bad input data, not a usage error */
	return error;
}

int tly_cli_threads(int *out, const char *value)
{
	long t = 0;

	*out = 0;
	if (value && tly_opts_int(&t, value, "--threads", 0, TLY_MAX_THREADS))
		return TLY_EXIT_USAGE;
	*out = (int)t;
	return 0;
}
