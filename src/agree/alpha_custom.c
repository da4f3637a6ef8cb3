/*
 * Krippendorff's alpha with the caller's distance (K. Krippendorff,
 * "Computing Krippendorff's Alpha-Reliability", 2011, the general form
 * D_o/D_e over every pair of pairable values): O(values^2) distance calls
 * per evaluation, on the calling thread (the distance need not be
 * thread-safe). Checked by tests/agree/test_krippendorff.c (the paper's
 * example with distances that reproduce the nominal and interval metrics).
 */
#include <math.h>
#include <string.h>

#include "agree/interval.h"
#include "agree/krippendorff.h"
#include "tally/error.h"
#include "util/alloc.h"

typedef struct {
	tly_stats__alpha_units u; /* value slots hold cell positions in ITEMS */
	const uint32_t *items;
	tly_stats_distance_fn distance;
	void *payload;
} custom_ctx;

/* The caller's distance between value slots I and J, checked: a bad distance is the caller's bug. */
static int distance_of(double *d, const custom_ctx *c, size_t i, size_t j)
{
	uint32_t a = c->items[c->u.val[i]], b = c->items[c->u.val[j]];

	*d = c->distance(a, b, c->payload);
	if (!(*d >= 0.0) || isinf(*d))
		return tly_error_set(TLY_EARG, "stats_alpha_custom: distance(%u, %u) = %g (want finite, >= 0)",
				     a, b, *d);
	return 0;
}

/*
 * General alpha: D_e over every ordered pair of distinct pairable values,
 * weighted w_u w_v when the two values come from units u and v, w_u the
 * count of u's group (a unit drawn twice pairs with its own copy too; a
 * value with itself adds d = 0). Within-unit distances serve both D_o and
 * D_e. O(values^2) calls of the distance: run on the calling thread only.
 */
static int custom_eval(double *out, const void *vctx, const uint32_t *weights, double *scratch)
{
	const custom_ctx *c = vctx;
	double n = 0.0, obs = 0.0, expd = 0.0, d;
	size_t u, v, i, j;
	int error;

	(void)scratch;
	out[0] = NAN;
	for (u = 0; u < c->u.n_units; u++) {
		double wu = weights ? (double)weights[c->u.group[u]] : 1.0, within = 0.0;
		size_t lo = c->u.start[u], hi = c->u.start[u + 1];

		if (wu == 0.0)
			continue;
		n += wu * (double)(hi - lo);
		for (i = lo; i < hi; i++)
			for (j = i + 1; j < hi; j++) {
				if ((error = distance_of(&d, c, i, j)) < 0)
					return error;
				within += d;
			}
		obs += wu * 2.0 * within / (double)(hi - lo - 1);
		expd += wu * wu * 2.0 * within;
		for (v = u + 1; v < c->u.n_units; v++) {
			double wv = weights ? (double)weights[c->u.group[v]] : 1.0, across = 0.0;

			if (wv == 0.0)
				continue;
			for (i = lo; i < hi; i++)
				for (j = c->u.start[v]; j < c->u.start[v + 1]; j++) {
					if ((error = distance_of(&d, c, i, j)) < 0)
						return error;
					across += d;
				}
			expd += 2.0 * wu * wv * across;
		}
	}
	if (expd > 0.0)
		out[0] = 1.0 - (n - 1.0) * obs / expd;
	return 0;
}

int tly_stats_alpha_custom(tly_stat *out, const uint32_t *items, size_t n_units,
			   size_t n_coders, tly_stats_distance_fn distance, void *payload,
			   const tly_stats_bootstrap *boot)
{
	custom_ctx c;
	tly_stats__resampler rs = {1, 0, NULL, 0, 0, custom_eval, &c};
	tly_stats_bootstrap serial;
	size_t cells;
	int error = 0;

	memset(&c, 0, sizeof(c));
	if (!out)
		return tly_error_set(TLY_EARG, "stats_alpha_custom: no output");
	tly_stats__undefined(out);
	if (!distance)
		return tly_error_set(TLY_EARG, "stats_alpha_custom: no distance function");
	if ((error = tly_mul_size(&cells, n_units, n_coders)) < 0)
		return error;
	if (!items && cells)
		return tly_error_set(TLY_EARG, "stats_alpha_custom: %zu units x %zu coders but no items",
				     n_units, n_coders);
	if ((error = tly_stats__check_boot(boot, n_units, "stats_alpha_custom")) < 0)
		return error;
	c.items = items;
	c.distance = distance;
	c.payload = payload;
	if ((error = tly_stats__alpha_gather(&c.u, n_units, n_coders, NULL, items)) < 0)
		goto out;
	if ((error = custom_eval(&out->value, &c, NULL, NULL)) < 0)
		goto out;
	out->n = c.u.n_units;
	if (!boot)
		goto out;
	/* the distance may be called from this thread only */
	serial = *boot;
	serial.threads = 1;
	rs.n_groups = tly_stats__group_index(c.u.group, c.u.n_units, boot->group, c.u.unit_of);
	error = tly_stats__bootstrap(out, &rs, &serial);
out:
	tly_stats__alpha_units_clear(&c.u);
	if (error < 0)
		tly_stats__undefined(out);
	return error;
}
