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
 * Checked by tests/agree/test_alpha_iou.c (hand-worked scenes, and the
 * point value equal to tly_stats_alpha_custom's with the same distance).
 */
#include <math.h>

#include "agree/interval.h"
#include "tally/error.h"
#include "util/alloc.h"

/*
 * Per pairable unit, the terms of its sums, precomputed once: each
 * bootstrap evaluation is then a few multiply-adds per unit.
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
} iou_ctx;

static int iou_eval(double *out, void *vctx, const uint32_t *weights)
{
	const iou_ctx *c = vctx;
	double n = 0.0, a = 0.0, a2 = 0.0, s = 0.0, obs = 0.0;
	size_t k;

	out[0] = NAN;
	for (k = 0; k < c->n; k++) {
		const iou_term *u = &c->t[k];
		double w = weights ? (double)weights[k] : 1.0;

		n += w * u->m;
		a += w * u->a;
		a2 += w * u->a2;
		s += w * u->s;
		obs += w * u->obs;
	}
	/*
	 * 2AZ + (A^2 - sum w A_u^2) + sum w S_u (Z = n - A): ordered pairs of
	 * distinct pairable values. The counts are integers held exactly, so a
	 * single unit's cross-unit term is exactly 0 and D_e its own distances.
	 */
	if (n > 0.0) {
		double expd = 2.0 * a * (n - a) + (a * a - a2) + s;

		if (expd > 0.0)
			out[0] = 1.0 - (n - 1.0) * obs / expd;
	}
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

int tly_stats_alpha_iou(tly_stat *out, const tly_stats_iou_unit *units, size_t n_units,
			const tly_stats_bootstrap *boot)
{
	iou_ctx c = {NULL, 0};
	size_t *kept = NULL, i;
	int error = 0;

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
	if ((error = iou_eval(&out->value, &c, NULL)) < 0)
		goto out;
	out->n = c.n;
	error = tly_stats__bootstrap(out, 1, c.n, boot, kept, iou_eval, &c);
out:
	tly_free(kept);
	tly_free(c.t);
	if (error < 0)
		tly_stats__undefined(out);
	return error;
}
