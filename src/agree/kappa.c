/*
 * Cohen's kappa (J. Cohen, "A coefficient of agreement for nominal scales",
 * Educational and Psychological Measurement 20(1), 1960, eq. 1):
 * kappa = (po - pe) / (1 - pe), po the observed share of agreement, pe the
 * share expected by chance from the two raters' marginals. Computed as
 * (N*agree - sum_k r_k c_k) / (N^2 - sum_k r_k c_k), which is the same
 * ratio times N^2/N^2 and keeps counts exact. Checked by tests/agree/test_kappa.c.
 */
#include <math.h>

#include "tally/agree.h"

/* pe = 1 exactly when one category holds every item for both raters. */
static double kappa_from(uint64_t n, uint64_t agree, double sum_rc, int degenerate)
{
	double dn = (double)n;

	if (n == 0 || degenerate)
		return NAN;
	return (dn * (double)agree - sum_rc) / (dn * dn - sum_rc);
}

double tly_agree_kappa(const uint64_t *table, size_t k)
{
	uint64_t n = 0, agree = 0;
	double sum_rc = 0.0;
	int degenerate = 0;
	size_t i, j;

	for (i = 0; i < k; i++) {
		for (j = 0; j < k; j++)
			n += table[i * k + j];
		agree += table[i * k + i];
	}
	for (i = 0; i < k; i++) {
		uint64_t r = 0, c = 0;

		for (j = 0; j < k; j++) {
			r += table[i * k + j];
			c += table[j * k + i];
		}
		sum_rc += (double)r * (double)c;
		if (n && r == n && c == n)
			degenerate = 1;
	}
	return kappa_from(n, agree, sum_rc, degenerate);
}

double tly_agree_kappa_labels(const uint32_t *labels_a, const uint32_t *labels_b,
			      size_t n, uint64_t *rows, uint64_t *cols)
{
	uint64_t agree = 0;
	double sum_rc = 0.0;
	int degenerate = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		rows[labels_a[i]]++;
		cols[labels_b[i]]++;
		agree += labels_a[i] == labels_b[i] ? 1 : 0;
	}
	/* each row category once (zeroed after use); column-only categories add 0 */
	for (i = 0; i < n; i++) {
		uint32_t x = labels_a[i];

		if (!rows[x])
			continue;
		sum_rc += (double)rows[x] * (double)cols[x];
		if (rows[x] == n && cols[x] == n)
			degenerate = 1;
		rows[x] = 0;
	}
	for (i = 0; i < n; i++)
		cols[labels_b[i]] = 0;
	return kappa_from((uint64_t)n, agree, sum_rc, degenerate);
}
