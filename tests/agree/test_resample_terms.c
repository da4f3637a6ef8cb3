/*
 * The per-group terms of the bootstrap's linear statistics
 * (src/agree/resample_terms.c): merging per slot in order, dropping zero
 * sums, equal groups collapsed into types numbered by first group, and the
 * weighted sums against sums worked by hand and against group-by-group
 * sums.
 */
#include <string.h>

#include "agree/resample_terms.h"
#include "harness.h"
#include "util/alloc.h"

/* Add the N (slot, x) pairs of XS to T's open group, then close it. */
static void group_of(tly_stats__terms *t, const double (*xs)[2], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		CHECK_OK(tly_stats__terms_add(t, (size_t)xs[i][0], xs[i][1]));
	CHECK_OK(tly_stats__terms_group(t));
}

/*
 * Groups A = {2: 1 then 2, 0: 0.5, 1: 0}, B = {1: 4}, A again (added in
 * another order), an empty group, a group whose terms cancel ({0: 1.5,
 * 0: -1.5}), B. Merged: A = {0: 0.5, 2: 3} (slot 1's 0 dropped), B = {1:
 * 4}; the cancelling group is empty. Types by first group: A 0, B 1, empty
 * 2; type_of {0, 1, 0, 2, 2, 1}; multiplicities {2, 2, 2}. Sums with
 * weights {1, 2, 3} per type: slot 0 = 1 * 0.5, slot 1 = 2 * 4 = 8, slot 2
 * = 1 * 3; with every group once (mult): 2 * 0.5 = 1, 2 * 4 = 8, 2 * 3 = 6.
 */
static void test_merge_and_collapse(void)
{
	const double a[4][2] = {{2, 1.0}, {0, 0.5}, {2, 2.0}, {1, 0.0}};
	const double a2[3][2] = {{0, 0.5}, {2, 2.0}, {2, 1.0}};
	const double b[1][2] = {{1, 4.0}};
	const double cancel[2][2] = {{0, 1.5}, {0, -1.5}};
	const uint32_t want_type[6] = {0, 1, 0, 2, 2, 1}, weights[3] = {1, 2, 3};
	tly_stats__resampler rs = {1, 0, NULL, 0, 0, NULL, NULL};
	tly_stats__terms t;
	double sums[3];

	tly_stats__terms_init(&t, 3);
	group_of(&t, a, 4);
	group_of(&t, b, 1);
	group_of(&t, a2, 3);
	group_of(&t, NULL, 0);
	group_of(&t, cancel, 2);
	group_of(&t, b, 1);
	CU_ASSERT_EQUAL(t.n_groups, 6);
	CHECK_OK(tly_stats__terms_collapse(&t));
	CU_ASSERT_EQUAL_FATAL(t.n_types, 3);
	CU_ASSERT(memcmp(t.type_of, want_type, sizeof(want_type)) == 0);
	CU_ASSERT(t.mult[0] == 2 && t.mult[1] == 2 && t.mult[2] == 2);
	CU_ASSERT_EQUAL(t.n_terms, 3);
	tly_stats__terms_sum(sums, &t, weights);
	CU_ASSERT(sums[0] == 0.5 && sums[1] == 8.0 && sums[2] == 3.0);
	tly_stats__terms_sum(sums, &t, NULL);
	CU_ASSERT(sums[0] == 1.0 && sums[1] == 8.0 && sums[2] == 6.0);
	tly_stats__terms_resampler(&rs, &t);
	CU_ASSERT(rs.n_groups == 6 && rs.n_types == 3 && rs.type_of == t.type_of);
	tly_stats__terms_clear(&t);
}

/*
 * 1000 groups drawn from 7 patterns (group g has pattern g * 3 mod 7, so
 * all 7 occur, first at groups 0, 5, 3, 1, 6, 4, 2 for patterns 0, 1, ...
 * in that order of g): 7 types, numbered by first group, and with any
 * weights per group the types' sums equal the sums group by group. Pattern
 * p: slot p gets p + 1 and slot 7 gets p / 4, each as 4 terms of a quarter
 * of that (sums exact in binary).
 */
static void test_many_groups(void)
{
	tly_stats__terms t;
	uint32_t w_group[1000], w_type[7];
	double direct[8], sums[8];
	size_t g, i;

	tly_stats__terms_init(&t, 8);
	memset(direct, 0, sizeof(direct));
	memset(w_type, 0, sizeof(w_type));
	for (g = 0; g < 1000; g++) {
		size_t p = g * 3 % 7;

		w_group[g] = (uint32_t)(g % 5);
		for (i = 0; i < 4; i++) {
			CHECK_OK(tly_stats__terms_add(&t, p, 0.25 * (double)(p + 1)));
			CHECK_OK(tly_stats__terms_add(&t, 7, 0.0625 * (double)p));
		}
		CHECK_OK(tly_stats__terms_group(&t));
	}
	CHECK_OK(tly_stats__terms_collapse(&t));
	CU_ASSERT_EQUAL_FATAL(t.n_types, 7);
	CU_ASSERT(t.type_of[0] == 0 && t.type_of[1] == 1 && t.type_of[2] == 2 && t.type_of[3] == 3);
	for (g = 0; g < 1000; g++) {
		size_t p = g * 3 % 7;
		uint32_t y = t.type_of[g];

		w_type[y] += w_group[g];
		direct[p] += (double)w_group[g] * (double)(p + 1);
		direct[7] += (double)w_group[g] * 0.25 * (double)p;
		CU_ASSERT_EQUAL(t.type_of[g], t.type_of[g % 7]);
	}
	tly_stats__terms_sum(sums, &t, w_type);
	for (i = 0; i < 8; i++)
		CU_ASSERT(sums[i] == direct[i]);
	tly_stats__terms_clear(&t);
}

/* A slot outside the terms' sums is refused; clearing twice is safe. */
static void test_errors(void)
{
	tly_stats__terms t;

	tly_stats__terms_init(&t, 2);
	CU_ASSERT_EQUAL(tly_stats__terms_add(&t, 2, 1.0), TLY_ELIMIT);
	CHECK_OK(tly_stats__terms_add(&t, 1, 1.0));
	tly_stats__terms_clear(&t);
	tly_stats__terms_clear(&t);
}

/* Allocation N = 1, 2, ... fails: TLY_ENOMEM, nothing leaked (the ASan build checks), until done. */
static void test_faults(void)
{
	long n;
	int rc = -1;

	for (n = 1; n < 100 && rc != 0; n++) {
		tly_stats__terms t;
		size_t g;

		tly_stats__terms_init(&t, 4);
		tly_alloc_fail_after(n);
		rc = tly_stats__terms_reserve(&t, 8);
		for (g = 0; rc == 0 && g < 200; g++) {
			rc = tly_stats__terms_add(&t, g % 4, 1.0);
			if (rc == 0)
				rc = tly_stats__terms_group(&t);
		}
		if (rc == 0)
			rc = tly_stats__terms_collapse(&t);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
		} else {
			CU_ASSERT_EQUAL(t.n_types, 4);
		}
		tly_stats__terms_clear(&t);
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 3);
}

TLY_TESTS("agree_resample_terms",
	  {"merge_and_collapse", test_merge_and_collapse},
	  {"many_groups", test_many_groups},
	  {"errors", test_errors},
	  {"faults", test_faults})
