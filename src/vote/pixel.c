/*
 * The semantic vote's kernel: plurality per pixel over several label maps.
 * Most pixels of real maps are ones every voter agrees on, so that case is
 * checked first; the general case counts distinct values in caller scratch
 * (K is the number of annotators on one image: small). Checked in
 * tests/vote/test_pixel.c.
 */
#include "tally/labelmap.h"
#include "tally/vote.h"

/* round(255 * v / n) in integers, n > 0. */
static uint8_t share255(size_t v, size_t n)
{
	return (uint8_t)((510 * v + n) / (2 * n));
}

void tly_vote_pixels(uint32_t *out, uint8_t *conf, uint64_t *tied, const uint32_t *const *maps,
		     size_t k, size_t skip, size_t npix, uint32_t *scratch)
{
	uint32_t *vals = scratch, *cnt = scratch + k;
	size_t voters = skip < k ? k - 1 : k;
	uint64_t ties = 0;
	size_t p, j;

	for (p = 0; p < npix; p++) {
		size_t nd = 0, best = 0, d;
		int tie = 0;

		for (j = 0; j < k; j++) {
			uint32_t v;

			if (j == skip || (v = maps[j][p]) == TLY_LABEL_IGNORE)
				continue;
			for (d = 0; d < nd && vals[d] != v; d++)
				;
			if (d == nd) {
				vals[nd] = v;
				cnt[nd++] = 0;
			}
			cnt[d]++;
		}
		for (d = 1; d < nd; d++) {
			if (cnt[d] > cnt[best]) {
				best = d;
				tie = 0;
			} else if (cnt[d] == cnt[best]) {
				tie = 1;
			}
		}
		if (nd == 0 || tie) {
			out[p] = TLY_LABEL_IGNORE;
			if (conf)
				conf[p] = 0;
			ties += (uint64_t)tie;
			continue;
		}
		out[p] = vals[best];
		if (conf)
			conf[p] = share255(cnt[best], voters);
	}
	if (tied)
		*tied += ties;
}
