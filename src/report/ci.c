/*
 * Wilson score intervals for the annotator tables (E. B. Wilson, JASA 22,
 * 1927, via tly_stats_wilson in src/agree/interval.c), and F1's through
 * the Jaccard share. Checked by tests/report/test_ci.c (cases worked by
 * hand, and the fields in report.json, annotators.csv and report.html).
 */
#include <math.h>

#include "tally/stats.h"
#include "report/ci.h"

void tly_report__ci95(double ci[2], uint64_t k, uint64_t n)
{
	tly_stat s;

	ci[0] = NAN;
	ci[1] = NAN;
	/* K > N would make tly_stats_wilson set the thread's error message for nothing. */
	if (n == 0 || k > n)
		return;
	if (tly_stats_wilson(&s, k, n) < 0)
		return;
	ci[0] = s.ci95[0];
	ci[1] = s.ci95[1];
}

/* A + B, or 0 trials (an undefined interval) when the sum does not fit. */
static uint64_t trials(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? 0 : a + b;
}

void tly_report__counts_ci95(tly_report__counts_ci *out, const tly_counts *c)
{
	tly_report__ci95(out->precision, c->tp, trials(c->tp, c->fp));
	tly_report__ci95(out->recall, c->tp, trials(c->tp, c->fn));
	tly_report__ci95(out->label_accuracy, c->label_correct, c->label_total);
}

void tly_report__f1_ci95(double ci[2], const tly_counts *c)
{
	/* 0 trials (undefined) also when tp + fp + fn does not fit. */
	uint64_t n = c->tp > UINT64_MAX - c->fp || c->tp + c->fp > UINT64_MAX - c->fn ? 0 : c->tp + c->fp + c->fn;
	int k;

	tly_report__ci95(ci, c->tp, n);
	for (k = 0; k < 2; k++)
		if (isfinite(ci[k]))
			ci[k] = 2.0 * ci[k] / (1.0 + ci[k]);
}
