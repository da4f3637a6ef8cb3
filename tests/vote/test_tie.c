/*
 * The vote.tie = "first" order (src/vote/tie.c): bytewise strcmp of the
 * category names, category index when names are missing or equal.
 */
#include "harness.h"
#include "vote/tie.h"

static void test_by_name(void)
{
	static const char *const names[] = {"dog", "cat", "Zebra", "apple", "\xc3\xa9t\xc3\xa9", "z"};

	CU_ASSERT(tly_vote__tie_before(1, 0, names));  /* "cat" < "dog" */
	CU_ASSERT(!tly_vote__tie_before(0, 1, names));
	/* Bytewise, not by locale: 'Z' (0x5A) < 'a' (0x61) */
	CU_ASSERT(tly_vote__tie_before(2, 3, names));
	/* UTF-8 "été" starts with byte 0xC3 > 'z' (0x7A): compared unsigned */
	CU_ASSERT(tly_vote__tie_before(5, 4, names));
	CU_ASSERT(!tly_vote__tie_before(4, 5, names));
	/* Irreflexive */
	CU_ASSERT(!tly_vote__tie_before(3, 3, names));
}

static void test_without_names(void)
{
	static const char *const same[] = {"x", "x", NULL};

	CU_ASSERT(tly_vote__tie_before(0, 4, NULL));
	CU_ASSERT(!tly_vote__tie_before(4, 0, NULL));
	/* Equal names: index decides, so the order stays total. */
	CU_ASSERT(tly_vote__tie_before(0, 1, same));
	CU_ASSERT(!tly_vote__tie_before(1, 0, same));
	/* A missing name falls back to the index too. */
	CU_ASSERT(tly_vote__tie_before(1, 2, same));
}

TLY_TESTS("vote_tie",
	  {"by_name", test_by_name},
	  {"without_names", test_without_names})
