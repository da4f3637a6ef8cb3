/*
 * CUnit runner shared by every unit test binary: registers one suite,
 * runs all its cases or the one named on the command line, and prints a
 * machine-readable tally line that tests/run_tests.sh sums.
 */
#include <CUnit/Basic.h>
#include <string.h>

#include "harness.h"

int tly_test_main(int argc, char **argv, const char *suite, const tly_test *tests, size_t n)
{
	CU_pSuite s;
	unsigned run, failed;
	size_t i;
	int registered = 0;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	s = CU_add_suite(suite, NULL, NULL);
	if (!s)
		return 2;
	for (i = 0; i < n; i++) {
		if (argc > 1 && strcmp(argv[1], tests[i].name) != 0)
			continue;
		if (!CU_add_test(s, tests[i].name, tests[i].fn))
			return 2;
		registered++;
	}
	if (argc > 1 && !registered) {
		fprintf(stderr, "%s: no case named %s\n", suite, argv[1]);
		CU_cleanup_registry();
		return 2;
	}
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	run = CU_get_number_of_tests_run();
	failed = CU_get_number_of_tests_failed();
	printf("TLY-RESULT %s %u %u\n", suite, run, failed);
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
