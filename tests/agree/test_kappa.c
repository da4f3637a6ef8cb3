/*
 * Cohen's kappa (src/agree/kappa.c) against published worked examples and
 * hand-derived edge cases.
 */
#include <math.h>

#include "harness.h"
#include "tally/agree.h"

/*
 * The classic 2x2 example (Wikipedia, "Cohen's kappa": 50 grant proposals,
 * readers A and B): yes/yes 20, yes/no 5, no/yes 10, no/no 15.
 * po = 35/50 = 0.7; A yes 25/50 = 0.5, B yes 30/50 = 0.6;
 * pe = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = (0.7 - 0.5)/(1 - 0.5) = 0.4,
 * the value the example prints.
 */
static void test_grant_example(void)
{
	const uint64_t t[4] = {20, 5, 10, 15};

	CHECK_NEAR(tly_agree_kappa(t, 2), 0.4, 1e-12);
}

/*
 * easycalculation.com's example (20 patients, two doctors): rows (doctor B)
 * yes 12, 2 / no 4, 2. po = 14/20 = 0.7; pe = 0.7*0.8 + 0.3*0.2 = 0.62;
 * kappa = 0.08/0.38 = 4/19 (printed rounded as 0.21).
 */
static void test_doctors_example(void)
{
	const uint64_t t[4] = {12, 2, 4, 2};

	CHECK_NEAR(tly_agree_kappa(t, 2), 4.0 / 19.0, 1e-12);
}

/*
 * Three categories, 200 items (the proportions of Cohen's 1960 Table 1
 * as .44 .07 .09 / .05 .20 .05 / .01 .03 .06): rows 120, 60, 20, columns
 * 100, 60, 40. po = (88 + 40 + 12)/200 = .70; pe = .6*.5 + .3*.3 + .1*.2
 * = .41; kappa = .29/.59 = 29/59.
 */
static void test_three_categories(void)
{
	const uint64_t t[9] = {88, 14, 18, 10, 40, 10, 2, 6, 12};

	CHECK_NEAR(tly_agree_kappa(t, 3), 29.0 / 59.0, 1e-12);
}

/*
 * Edges: perfect agreement on two used categories -> 1; complete
 * disagreement {{0,3},{2,0}}: po 0, rows 3,2 and columns 2,3, pe =
 * (3*2 + 2*3)/25 = 12/25, kappa = -12/25 / (13/25) = -12/13; no items or
 * both raters constant on one category (pe = 1) -> NaN.
 */
static void test_edges(void)
{
	const uint64_t perfect[4] = {3, 0, 0, 2}, opposite[4] = {0, 3, 2, 0};
	const uint64_t empty[4] = {0, 0, 0, 0}, constant[4] = {5, 0, 0, 0};

	CHECK_NEAR(tly_agree_kappa(perfect, 2), 1.0, 1e-12);
	CHECK_NEAR(tly_agree_kappa(opposite, 2), -12.0 / 13.0, 1e-12);
	CU_ASSERT(isnan(tly_agree_kappa(empty, 2)));
	CU_ASSERT(isnan(tly_agree_kappa(constant, 2)));
	CU_ASSERT(isnan(tly_agree_kappa(NULL, 0)));
}

/*
 * The grant example as 50 item pairs with sparse category indices (yes =
 * 900, no = 7): the same 0.4, and the scratch arrays are left zero.
 */
static void test_labels_sparse(void)
{
	uint32_t la[50], lb[50];
	uint64_t rows[1000] = {0}, cols[1000] = {0};
	size_t i, n = 0;

	for (i = 0; i < 20; i++, n++)
		la[n] = 900, lb[n] = 900;
	for (i = 0; i < 5; i++, n++)
		la[n] = 900, lb[n] = 7;
	for (i = 0; i < 10; i++, n++)
		la[n] = 7, lb[n] = 900;
	for (i = 0; i < 15; i++, n++)
		la[n] = 7, lb[n] = 7;
	CHECK_NEAR(tly_agree_kappa_labels(la, lb, n, rows, cols), 0.4, 1e-12);
	for (i = 0; i < 1000; i++)
		CU_ASSERT(rows[i] == 0 && cols[i] == 0);
	/* one item: both raters constant -> NaN; no items -> NaN */
	CU_ASSERT(isnan(tly_agree_kappa_labels(la, lb, 1, rows, cols)));
	CU_ASSERT(isnan(tly_agree_kappa_labels(la, lb, 0, rows, cols)));
	CU_ASSERT(rows[900] == 0 && cols[900] == 0);
}

TLY_TESTS("agree_kappa",
	  {"grant_example", test_grant_example},
	  {"doctors_example", test_doctors_example},
	  {"three_categories", test_three_categories},
	  {"edges", test_edges},
	  {"labels_sparse", test_labels_sparse})
