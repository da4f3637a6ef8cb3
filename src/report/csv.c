/*
 * The CSV report tables. Columns mirror report.json's fields (README
 * "Report fields"); numbers use the JSON form (shortest round-trip), an
 * undefined number is an empty field, names are quoted per RFC 4180 when
 * they hold , " CR or LF. Rows end in LF. The label-map tables are in
 * csv_seg.c. Golden files: fixtures/report/csv/.
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "tally/error.h"
#include "report/ci.h"
#include "report/csv.h"
#include "report/reliability.h"
#include "report/tie_votes.h"
#include "util/alloc.h"
#include "util/buf.h"

void tly_report__csv_num(tly_buf *b, double v)
{
	tly_buf_putc(b, ',');
	if (isfinite(v))
		tly_buf_put_json_number(b, v);
}

void tly_report__csv_name(tly_buf *b, const char *s, int first)
{
	if (!first)
		tly_buf_putc(b, ',');
	if (s)
		tly_buf_put_csv_field(b, s);
}

/* Short names for the two writers every row uses. */
static void num(tly_buf *b, double v)
{
	tly_report__csv_num(b, v);
}

static void name(tly_buf *b, const char *s, int first)
{
	tly_report__csv_name(b, s, first);
}

static void images_csv(tly_buf *b, const tly_report__view *v)
{
	size_t i;

	tly_buf_puts(b, "image,width,height,voters_objects,voters_labels,agreement,"
		     "agreement_objects,agreement_labels,flagged,conflicts,voters_maps,agreement_maps,"
		     "tied_pixels,ignored_pixels\n");
	for (i = 0; i < v->r->n_images; i++) {
		const tly_image_stats *s = &v->r->images[i];
		const tly_image *im = &v->ds->images[s->image];

		name(b, im->name, 1);
		tly_buf_printf(b, ",%" PRId32 ",%" PRId32 ",%u,%u", im->width, im->height,
			       s->voters_objects, s->voters_labels);
		num(b, s->agreement);
		num(b, s->agreement_objects);
		num(b, s->agreement_labels);
		tly_buf_printf(b, ",%d,%zu", s->flagged ? 1 : 0,
			       v->conflicts.start[s->image + 1] - v->conflicts.start[s->image]);
		tly_report__csv_image_maps(b, v, s);
	}
}

/* The 95% Wilson intervals go after the original columns, which keep their places. */
static void counts_row(tly_buf *b, const char *who, const char *ref, uint32_t done,
		       const tly_counts *c)
{
	tly_report__counts_ci ci;

	tly_report__counts_ci95(&ci, c);
	name(b, who, 1);
	tly_buf_printf(b, ",%s,%u", ref, done);
	num(b, tly_counts_precision(c));
	num(b, tly_counts_recall(c));
	num(b, tly_counts_f1(c));
	num(b, tly_counts_mean_iou(c));
	num(b, tly_counts_label_accuracy(c));
	tly_buf_printf(b, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%u", c->tp, c->fp, c->fn, c->images);
	num(b, ci.precision[0]);
	num(b, ci.precision[1]);
	num(b, ci.recall[0]);
	num(b, ci.recall[1]);
	num(b, ci.label_accuracy[0]);
	num(b, ci.label_accuracy[1]);
	tly_buf_putc(b, '\n');
}

/* Two rows per annotator: against consensus, then against gold when gold overlaps. */
static void annotators_csv(tly_buf *b, const tly_report__view *v)
{
	size_t i;

	tly_buf_puts(b, "annotator,reference,images_done,precision,recall,f1,mean_iou,"
		     "label_accuracy,tp,fp,fn,images,precision_lo,precision_hi,recall_lo,recall_hi,"
		     "label_accuracy_lo,label_accuracy_hi\n");
	for (i = 0; i < v->r->n_annotators; i++) {
		const tly_annotator_stats *a = &v->r->annotators[i];
		const char *who = tly_report__annotator(v, a->annotator);

		counts_row(b, who, "consensus", a->images_done, &a->vs_consensus);
		if (a->vs_gold.images > 0)
			counts_row(b, who, "gold", a->images_done, &a->vs_gold);
	}
}

/*
 * A statistic's interval (and, with N, its unit count) as CSV fields:
 * empty when undefined or computed from no unit.
 */
static void stat_fields(tly_buf *b, const tly_stat *t, int with_n)
{
	int defined = t->n && isfinite(t->value);

	num(b, defined ? t->ci95[0] : NAN);
	num(b, defined ? t->ci95[1] : NAN);
	if (with_n)
		tly_buf_printf(b, ",%zu", t->n);
}

static void pairs_csv(tly_buf *b, const tly_report__view *v)
{
	size_t i;

	/* the intervals and the objects kappa (issue 4) after the original columns */
	tly_buf_puts(b, "a,b,images,f1,tp,n_a,n_b,cohen_kappa,kappa_items,cohen_kappa_lo,cohen_kappa_hi,"
		     "cohen_kappa_objects,cohen_kappa_objects_lo,cohen_kappa_objects_hi,cohen_kappa_objects_n\n");
	for (i = 0; i < v->r->n_pairs; i++) {
		const tly_pair_stats *p = &v->r->pairs[i];

		name(b, tly_report__annotator(v, p->a), 1);
		name(b, tly_report__annotator(v, p->b), 0);
		tly_buf_printf(b, ",%u", p->images);
		num(b, p->f1);
		tly_buf_printf(b, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64, p->tp, p->n_a, p->n_b);
		num(b, p->kappa);
		tly_buf_printf(b, ",%" PRIu64, p->kappa_items);
		stat_fields(b, &p->cohen_kappa, 0);
		num(b, p->cohen_kappa_objects.n ? p->cohen_kappa_objects.value : NAN);
		stat_fields(b, &p->cohen_kappa_objects, 1);
		tly_buf_putc(b, '\n');
	}
}

static void classes_csv(tly_buf *b, const tly_report__view *v)
{
	size_t i;

	tly_buf_puts(b, "label,support,agreement,mean_iou,pixels,map_iou,fleiss_kappa,fleiss_kappa_lo,"
		     "fleiss_kappa_hi,fleiss_kappa_n\n");
	for (i = 0; i < v->r->n_classes; i++) {
		const tly_class_stats *c = &v->r->classes[i];

		/* the rules' aliases and ignored labels are not classes of the run */
		if (tly_dataset_category_retired(v->ds, c->category))
			continue;
		name(b, tly_report__category(v, c->category), 1);
		tly_buf_printf(b, ",%u", c->support);
		num(b, c->agreement);
		num(b, c->mean_iou);
		tly_buf_printf(b, ",%" PRIu64, v->seg.class_pixels[c->category]);
		num(b, v->seg.class_iou[c->category]);
		num(b, c->fleiss_kappa.n ? c->fleiss_kappa.value : NAN);
		stat_fields(b, &c->fleiss_kappa, 1);
		tly_buf_putc(b, '\n');
	}
}

/* A mismatching_attributes conflict's attribute, value and consensus value (empty when none). */
static void attribute_fields(tly_buf *b, const tly_result *r, size_t k)
{
	const tly_conflict_attr *a = tly_report__conflict_attr(r, k);

	if (!a) {
		tly_buf_puts(b, ",,,");
		return;
	}
	name(b, r->attr_strings[a->name], 0);
	name(b, a->value == UINT32_MAX ? "" : r->attr_strings[a->value], 0);
	name(b, a->consensus == UINT32_MAX ? "" : r->attr_strings[a->consensus], 0);
}

/* In image order (the images table's order), each image's in the result's order. */
static void conflicts_csv(tly_buf *b, const tly_report__view *v)
{
	const tly_report__group *g = &v->conflicts;
	size_t j;

	tly_buf_puts(b, "image,type,task,annotator,object_id,label,iou,attribute,value,consensus_value\n");
	for (j = 0; j < v->r->n_conflicts; j++) {
		const tly_conflict *c = &v->r->conflicts[g->order[j]];

		name(b, v->ds->images[c->image].name, 1);
		tly_buf_printf(b, ",%s,%s", tly_report__kind_name(c->kind),
			       tly_report__task_name(c->task));
		name(b, tly_report__annotator(v, c->annotator), 0);
		tly_buf_putc(b, ',');
		if (c->object_id != 0)
			tly_buf_printf(b, "%" PRId64, c->object_id);
		name(b, tly_report__category(v, c->category), 0);
		num(b, c->iou);
		attribute_fields(b, v->r, g->order[j]);
		tly_buf_putc(b, '\n');
	}
}

/* One statistic per row; LABEL names the class of a per-class statistic (empty: run-wide). */
static void stat_row(tly_buf *b, const char *key, const tly_stat *t, const char *label)
{
	name(b, key, 1);
	num(b, t->n ? t->value : NAN);
	stat_fields(b, t, 1);
	name(b, label, 0);
	tly_buf_putc(b, '\n');
}

/*
 * The run-wide statistics (ordinal and interval alpha only when the rules
 * order the labels), then each class's Fleiss' kappa (the label column added
 * last); with label maps, their pixel kappa overall and per class after.
 */
static void statistics_csv(tly_buf *b, const tly_report__view *v)
{
	size_t i;

	tly_buf_puts(b, "statistic,value,ci95_lo,ci95_hi,n,label\n");
	stat_row(b, "fleiss_kappa", &v->r->fleiss_kappa, NULL);
	stat_row(b, "krippendorff_alpha", &v->r->krippendorff_alpha, NULL);
	if (v->r->labels_ordered) {
		stat_row(b, "krippendorff_alpha_ordinal", &v->r->krippendorff_alpha_ordinal, NULL);
		stat_row(b, "krippendorff_alpha_interval", &v->r->krippendorff_alpha_interval, NULL);
	}
	stat_row(b, "krippendorff_alpha_iou", &v->r->krippendorff_alpha_iou, NULL);
	for (i = 0; i < v->r->n_classes; i++)
		if (!tly_dataset_category_retired(v->ds, v->r->classes[i].category))
			stat_row(b, "fleiss_kappa", &v->r->classes[i].fleiss_kappa,
				 tly_report__category(v, v->r->classes[i].category));
	/* over label-map pixels, only in runs with maps: other runs' files keep their bytes */
	if (!v->r->n_cons_maps)
		return;
	stat_row(b, "fleiss_kappa_maps", &v->r->fleiss_kappa_maps, NULL);
	for (i = 0; i < v->r->n_classes; i++)
		if (!tly_dataset_category_retired(v->ds, v->r->classes[i].category))
			stat_row(b, "fleiss_kappa_maps", &v->r->classes[i].fleiss_kappa_maps,
				 tly_report__category(v, v->r->classes[i].category));
}

static const struct {
	const char *file;
	void (*write)(tly_buf *b, const tly_report__view *v);
} tables[] = {
	{"images.csv", images_csv},
	{"annotators.csv", annotators_csv},
	{"pairs.csv", pairs_csv},
	{"classes.csv", classes_csv},
	{"conflicts.csv", conflicts_csv},
	{"tie_votes.csv", tly_report__csv_tie_votes},
	{"statistics.csv", statistics_csv},
	{"map_audits.csv", tly_report__csv_map_audits},
	{"semantic.csv", tly_report__csv_semantic},
	{"panoptic.csv", tly_report__csv_panoptic},
	{"map_pairs.csv", tly_report__csv_map_pairs},
	{"periods.csv", tly_report__csv_periods},
	{"leaderboard.csv", tly_report__csv_leaderboard},
	{"reliability.csv", tly_report__csv_reliability},
	{"reliability_confusion.csv", tly_report__csv_reliability_confusion},
};

/* Tables written only when the run has them (WANTED says so). */
static const struct {
	const char *file;
	void (*write)(tly_buf *b, const tly_report__view *v);
	int (*wanted)(const tly_report__view *v);
} optional[] = {
	{"staple_classes.csv", tly_report__csv_staple_classes, tly_report__has_staple_classes},
};

static int write_table(const char *dir, const char *file, void (*write)(tly_buf *, const tly_report__view *),
		       const tly_report__view *v)
{
	tly_buf path = TLY_BUF_INIT, text = TLY_BUF_INIT;
	int error = 0;

	tly_buf_printf(&path, "%s/%s", dir, file);
	write(&text, v);
	if (path.error || text.error) {
		error = path.error ? path.error : text.error;
		error = tly_error_set(error, "%s: cannot build the table: %s", file,
				      error == TLY_ENOMEM ? "out of memory" : "too large");
		goto out;
	}
	error = tly_write_file(path.ptr, text.ptr, text.size);
out:
	tly_buf_clear(&path);
	tly_buf_clear(&text);
	return error;
}

int tly_report__csv_write(const char *dir, const tly_report__view *v)
{
	size_t t;
	int error;

	if ((error = tly_make_dirs(dir)) < 0)
		return error;
	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		if ((error = write_table(dir, tables[t].file, tables[t].write, v)) < 0)
			return error;
	for (t = 0; t < sizeof(optional) / sizeof(optional[0]); t++)
		if (optional[t].wanted(v) && (error = write_table(dir, optional[t].file, optional[t].write, v)) < 0)
			return error;
	return 0;
}
