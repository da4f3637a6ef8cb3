/*
 * Run-to-run comparison of the chance-corrected statistics (tly_result's
 * Fleiss' kappa and Krippendorff's alphas, and each class's kappa_j): a
 * statistic is listed when its value, interval or n differs. Sides are
 * normalised as report.json writes them, so the diff's figures are the two
 * reports' figures (checked in tests/report/test_diff_stats.c).
 */
#include <math.h>
#include <string.h>

#include "report/diff_stats.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/vec.h"

typedef TLY_VEC(tly_diff_stat) stat_vec;

static int same_number(double x, double y)
{
	return (isnan(x) && isnan(y)) || x == y;
}

/* As report.json writes T: nothing computed from no unit, no half-open interval. */
static tly_stat reported(const tly_stat *t)
{
	tly_stat s;

	s.value = t->n ? t->value : NAN;
	s.n = t->n;
	if (t->n && isfinite(t->ci95[0]) && isfinite(t->ci95[1])) {
		s.ci95[0] = t->ci95[0];
		s.ci95[1] = t->ci95[1];
	} else {
		s.ci95[0] = NAN;
		s.ci95[1] = NAN;
	}
	return s;
}

static const tly_stat absent = {NAN, {NAN, NAN}, 0};

/* Push the row for X (A's; NULL when A does not report it) and Y (B's) when they differ. */
static int push(stat_vec *v, const char *name, int64_t category, const tly_stat *x,
		const tly_stat *y)
{
	tly_diff_stat s;

	s.name = name;
	s.category = category;
	s.in_a = x != NULL;
	s.in_b = y != NULL;
	s.a = reported(x ? x : &absent);
	s.b = reported(y ? y : &absent);
	if (s.in_a == s.in_b && s.a.n == s.b.n && same_number(s.a.value, s.b.value) &&
	    same_number(s.a.ci95[0], s.b.ci95[0]) && same_number(s.a.ci95[1], s.b.ci95[1]))
		return 0;
	s.delta = s.b.value - s.a.value; /* NaN when either is */
	return TLY_VEC_PUSH(v, s) < 0 ? TLY_ENOMEM : 0;
}

/* The class of R for CATEGORY, or NULL: classes are one per category in order, but a result need not list all. */
static const tly_class_stats *class_of(const tly_result *r, size_t category)
{
	size_t i;

	if (category < r->n_classes && r->classes[category].category == category)
		return &r->classes[category];
	for (i = 0; i < r->n_classes; i++)
		if (r->classes[i].category == category)
			return &r->classes[i];
	return NULL;
}

static size_t max_category(const tly_result *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->n_classes; i++)
		if ((size_t)r->classes[i].category + 1 > n)
			n = (size_t)r->classes[i].category + 1;
	return n;
}

int tly_diff__stats(tly_diff *d, const tly_result *a, const tly_result *b)
{
	stat_vec v = {0};
	size_t c, n_cat;
	int error = 0;

	/* the report's order; ordinal, interval and the maps' kappa only where a report
	 * shows them, absent on the side whose report leaves them out */
	error = push(&v, "fleiss_kappa", -1, &a->fleiss_kappa, &b->fleiss_kappa);
	if (!error)
		error = push(&v, "krippendorff_alpha", -1, &a->krippendorff_alpha, &b->krippendorff_alpha);
	if (!error && (a->labels_ordered || b->labels_ordered)) {
		error = push(&v, "krippendorff_alpha_ordinal", -1,
			     a->labels_ordered ? &a->krippendorff_alpha_ordinal : NULL,
			     b->labels_ordered ? &b->krippendorff_alpha_ordinal : NULL);
		if (!error)
			error = push(&v, "krippendorff_alpha_interval", -1,
				     a->labels_ordered ? &a->krippendorff_alpha_interval : NULL,
				     b->labels_ordered ? &b->krippendorff_alpha_interval : NULL);
	}
	if (!error)
		error = push(&v, "krippendorff_alpha_iou", -1, &a->krippendorff_alpha_iou,
			     &b->krippendorff_alpha_iou);
	if (!error && (a->n_cons_maps || b->n_cons_maps))
		error = push(&v, "fleiss_kappa_maps", -1, a->n_cons_maps ? &a->fleiss_kappa_maps : NULL,
			     b->n_cons_maps ? &b->fleiss_kappa_maps : NULL);
	n_cat = max_category(a);
	if (max_category(b) > n_cat)
		n_cat = max_category(b);
	for (c = 0; c < n_cat && !error; c++) {
		const tly_class_stats *x = class_of(a, c), *y = class_of(b, c);

		if (x || y)
			error = push(&v, "fleiss_kappa", (int64_t)c, x ? &x->fleiss_kappa : NULL,
				     y ? &y->fleiss_kappa : NULL);
	}
	tly_free(d->stats);
	d->stats = v.items;
	d->n_stats = v.count;
	return error;
}

static const char *class_name(const tly_dataset *ds, int64_t c)
{
	return c >= 0 && (size_t)c < ds->n_categories ? ds->categories[c].name : "?";
}

/* "0.412 [0.301, 0.520] n=120"; "-" for an undefined value or interval. */
static void text_side(tly_buf *b, int present, const tly_stat *s)
{
	if (!present) {
		tly_buf_puts(b, "(absent)");
		return;
	}
	if (isnan(s->value))
		tly_buf_puts(b, "-");
	else
		tly_buf_printf(b, "%.3f", s->value);
	if (isnan(s->ci95[0]))
		tly_buf_puts(b, " [-]");
	else
		tly_buf_printf(b, " [%.3f, %.3f]", s->ci95[0], s->ci95[1]);
	tly_buf_printf(b, " n=%zu", s->n);
}

void tly_diff__stats_text(tly_buf *b, const tly_diff *d, const tly_dataset *ds)
{
	size_t i;

	tly_buf_printf(b, "\nstatistics changed (%zu)%s\n", d->n_stats, d->n_stats ? ":" : "");
	for (i = 0; i < d->n_stats; i++) {
		const tly_diff_stat *s = &d->stats[i];

		tly_buf_printf(b, "  %s", s->name);
		if (s->category >= 0)
			tly_buf_printf(b, " [%s]", class_name(ds, s->category));
		tly_buf_puts(b, ": ");
		text_side(b, s->in_a, &s->a);
		tly_buf_puts(b, " -> ");
		text_side(b, s->in_b, &s->b);
		if (isnan(s->delta))
			tly_buf_puts(b, " (-)\n");
		else
			tly_buf_printf(b, " (%+.3f)\n", s->delta);
	}
}

static void json_side(tly_buf *b, int present, const tly_stat *s)
{
	if (!present) {
		tly_buf_puts(b, "null");
		return;
	}
	tly_buf_puts(b, "{\"value\":");
	tly_buf_put_json_number(b, s->value);
	if (isnan(s->ci95[0])) {
		tly_buf_puts(b, ",\"ci95\":null");
	} else {
		tly_buf_puts(b, ",\"ci95\":[");
		tly_buf_put_json_number(b, s->ci95[0]);
		tly_buf_putc(b, ',');
		tly_buf_put_json_number(b, s->ci95[1]);
		tly_buf_putc(b, ']');
	}
	tly_buf_printf(b, ",\"n\":%zu}", s->n);
}

void tly_diff__stats_json(tly_buf *b, const tly_diff *d, const tly_dataset *ds)
{
	size_t i;

	tly_buf_puts(b, ",\"statistics\":[");
	for (i = 0; i < d->n_stats; i++) {
		const tly_diff_stat *s = &d->stats[i];

		tly_buf_puts(b, i ? ",{\"name\":" : "{\"name\":");
		tly_buf_put_json_string(b, s->name);
		tly_buf_puts(b, ",\"class\":");
		if (s->category >= 0)
			tly_buf_put_json_string(b, class_name(ds, s->category));
		else
			tly_buf_puts(b, "null");
		tly_buf_puts(b, ",\"a\":");
		json_side(b, s->in_a, &s->a);
		tly_buf_puts(b, ",\"b\":");
		json_side(b, s->in_b, &s->b);
		tly_buf_puts(b, ",\"delta\":");
		tly_buf_put_json_number(b, s->delta);
		tly_buf_putc(b, '}');
	}
	tly_buf_putc(b, ']');
}
