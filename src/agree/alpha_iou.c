/*
 * Krippendorff's alpha over matched objects (K. Krippendorff, "Computing
 * Krippendorff's Alpha-Reliability", 2011, the general D_o/D_e form) with
 * the difference 1 - IoU inside a cluster, 1 across clusters and between an
 * object and "nothing", 0 between two "nothing"s (tally/stats.h gives the
 * closed form). Every cross-unit distance is a constant, so D_e needs only
 * per-unit sums: O(units) per evaluation, where the generic
 * tly_stats_alpha_custom is O(values^2). A bootstrap resample is the
 * statistic of the resampled data set, a unit drawn twice being two units
 * (two images with the same drawings have different objects: 1 apart),
 * where tly_stats_alpha_custom pairs a copy with itself at distance 0.
 * A resample sums the same terms per group (image): O(groups).
 * Checked by tests/agree/test_alpha_iou.c (hand-worked scenes, and the
 * point value equal to tly_stats_alpha_custom's with the same distance).
 */
#include <math.h>
#include <string.h>

#include "agree/resample_terms.h"
#include "tally/error.h"
#include "util/alloc.h"

/*
 * Per pairable unit, the terms of its sums, precomputed once; a bootstrap
 * group's terms are its units' summed, so a resample is a few
 * multiply-adds per group.
 */
typedef struct {
	double m;     /* values (coders) */
	double a;     /* objects */
	double a2;    /* A_u^2: the in-unit object pairs counted at 1 by A^2 */
	double s;     /* S_u: those pairs at their own distance */
	double obs;   /* (S_u + 2 A_u Z_u) / (m_u - 1), its D_o term */
} iou_term;

typedef struct {
	iou_term *t;  /* [n] the pairable units (coders >= 2), in the caller's order */
	size_t n;
	tly_stats__terms terms; /* the groups' sums of m, a, a2, s, obs: slots 0 .. 4 */
} iou_ctx;

/*
 * 2AZ + (A^2 - sum w A_u^2) + sum w S_u (Z = n - A): ordered pairs of
 * distinct pairable values. The counts are integers held exactly, so a
 * single unit's cross-unit term is exactly 0 and D_e its own distances.
 */
static double iou_alpha(const iou_term *sum)
{
	double n = sum->m, a = sum->a;

	if (n > 0.0) {
		double expd = 2.0 * a * (n - a) + (a * a - sum->a2) + sum->s;

		if (expd > 0.0)
			return 1.0 - (n - 1.0) * sum->obs / expd;
	}
	return NAN;
}

/* SUM += W TERM. */
static void add_term(iou_term *sum, const iou_term *term, double w)
{
	sum->m += w * term->m;
	sum->a += w * term->a;
	sum->a2 += w * term->a2;
	sum->s += w * term->s;
	sum->obs += w * term->obs;
}

/* A resample: the groups' sums, each type counted WEIGHTS[y] times (SCRATCH: [5]). */
static int iou_eval(double *out, const void *vctx, const uint32_t *weights, double *scratch)
{
	const iou_ctx *c = vctx;
	iou_term sum;

	tly_stats__terms_sum(scratch, &c->terms, weights);
	sum.m = scratch[0];
	sum.a = scratch[1];
	sum.a2 = scratch[2];
	sum.s = scratch[3];
	sum.obs = scratch[4];
	out[0] = iou_alpha(&sum);
	return 0;
}

static int check_units(const tly_stats_iou_unit *units, size_t n_units)
{
	size_t i;

	for (i = 0; i < n_units; i++) {
		const tly_stats_iou_unit *u = &units[i];
		double most = (double)u->objects * ((double)u->objects - 1.0) / 2.0;

		if (u->objects > u->coders)
			return tly_error_set(TLY_EARG, "stats_alpha_iou: unit %zu has %u objects of %u coders", i,
					     u->objects, u->coders);
		if (!(u->distance >= 0.0 && u->distance <= most))
			return tly_error_set(TLY_EARG, "stats_alpha_iou: unit %zu distance %g outside [0, %g]", i,
					     u->distance, most);
	}
	return 0;
}

/* Unit U's five terms. */
static int unit_terms(tly_stats__terms *terms, const iou_term *u)
{
	const double x[5] = {u->m, u->a, u->a2, u->s, u->obs};
	size_t i;
	int error = 0;

	for (i = 0; i < 5 && !error; i++)
		error = tly_stats__terms_add(terms, i, x[i]);
	return error;
}

/* The groups' sums of the kept units (KEPT: each one's unit of the caller) and the bootstrap. */
static int iou_boot(tly_stat *out, iou_ctx *c, const size_t *kept, const tly_stats_bootstrap *boot)
{
	tly_stats__resampler rs = {1, 0, NULL, 0, 5, iou_eval, c};
	size_t *group = NULL, k;
	int error = 0;

	if (!boot || boot->resamples == 0 || c->n == 0)
		return 0;
	if (!(group = tly_calloc(c->n, sizeof(*group))))
		return TLY_ENOMEM;
	tly_stats__group_index(group, c->n, boot->group, kept);
	tly_stats__terms_init(&c->terms, 5);
	if ((error = tly_mul_size(&k, c->n, 5)) < 0 || (error = tly_stats__terms_reserve(&c->terms, k)) < 0) {
		tly_free(group);
		return error;
	}
	for (k = 0; k < c->n && !error; k++) {
		error = unit_terms(&c->terms, &c->t[k]);
		if (!error && (k + 1 == c->n || group[k + 1] != group[k]))
			error = tly_stats__terms_group(&c->terms);
	}
	if (!error && !(error = tly_stats__terms_collapse(&c->terms))) {
		tly_stats__terms_resampler(&rs, &c->terms);
		error = tly_stats__bootstrap(out, &rs, boot);
	}
	tly_free(group);
	return error;
}

int tly_stats_alpha_iou(tly_stat *out, const tly_stats_iou_unit *units, size_t n_units,
			const tly_stats_bootstrap *boot)
{
	iou_ctx c;
	iou_term sum = {0.0, 0.0, 0.0, 0.0, 0.0};
	size_t *kept = NULL, i;
	int error = 0;

	memset(&c, 0, sizeof(c));
	if (!out)
		return tly_error_set(TLY_EARG, "stats_alpha_iou: no output");
	tly_stats__undefined(out);
	if (!units && n_units)
		return tly_error_set(TLY_EARG, "stats_alpha_iou: %zu units but no array", n_units);
	if ((error = check_units(units, n_units)) < 0 ||
	    (error = tly_stats__check_boot(boot, n_units, "stats_alpha_iou")) < 0)
		return error;
	if (n_units == 0)
		return 0;
	kept = tly_calloc(n_units, sizeof(*kept));
	c.t = tly_calloc(n_units, sizeof(*c.t));
	if (!kept || !c.t) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < n_units; i++) {
		double m = (double)units[i].coders, a = (double)units[i].objects, s = 2.0 * units[i].distance;

		if (units[i].coders < 2)
			continue;
		c.t[c.n].m = m;
		c.t[c.n].a = a;
		c.t[c.n].a2 = a * a;
		c.t[c.n].s = s;
		c.t[c.n].obs = (s + 2.0 * a * (m - a)) / (m - 1.0);
		kept[c.n++] = i;
	}
	for (i = 0; i < c.n; i++)
		add_term(&sum, &c.t[i], 1.0);
	out->value = iou_alpha(&sum);
	out->n = c.n;
	error = iou_boot(out, &c, kept, boot);
out:
	tly_free(kept);
	tly_free(c.t);
	tly_stats__terms_clear(&c.terms);
	if (error < 0)
		tly_stats__undefined(out);
	return error;
}
