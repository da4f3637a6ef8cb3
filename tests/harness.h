/*
 * Shared CUnit scaffolding: a test file lists its cases in a table and
 * calls tly_test_main; `./test_x NAME` runs one case. CHECK_OK prints
 * tly_error_last() when a call fails, so a red test says why.
 */
#ifndef TLY_TEST_HARNESS_H
#define TLY_TEST_HARNESS_H

#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>

#include "tally/error.h"

typedef struct {
	const char *name;
	void (*fn)(void);
} tly_test;

/* Run the cases of one suite; returns the process exit status. */
int tly_test_main(int argc, char **argv, const char *suite, const tly_test *tests, size_t n);

#define TLY_TESTS(suite, ...)                                                   \
	static const tly_test tly_tests_[] = {__VA_ARGS__};                     \
	int main(int argc, char **argv)                                         \
	{                                                                       \
		return tly_test_main(argc, argv, suite, tly_tests_,             \
				     sizeof(tly_tests_) / sizeof(tly_tests_[0])); \
	}

#define CHECK_OK(call)                                                          \
	do {                                                                    \
		int rc_ = (call);                                               \
		if (rc_ != 0)                                                   \
			fprintf(stderr, "%s:%d: %s -> %d: %s\n", __FILE__,     \
				__LINE__, #call, rc_, tly_error_last());        \
		CU_ASSERT_EQUAL_FATAL(rc_, 0);                                  \
	} while (0)

/* |a - b| <= tol, printing both on failure. */
#define CHECK_NEAR(a, b, tol)                                                   \
	do {                                                                    \
		double a_ = (a), b_ = (b);                                      \
		if (!(fabs(a_ - b_) <= (tol)))                                  \
			fprintf(stderr, "%s:%d: %s = %.17g, expected %.17g\n",  \
				__FILE__, __LINE__, #a, a_, b_);                \
		CU_ASSERT(fabs(a_ - b_) <= (tol));                              \
	} while (0)

/* Path of a file under the repository's fixtures/ (tests run from the repo root). */
#define FIXTURE(rel) ("fixtures/" rel)

#endif
