/*
 * The per-label quorum lookup (src/vote/quorum.c): a label with
 * labels.NAME.vote.quorum gets it; a label with only other overrides, an
 * unnamed category, no names at all, or UINT32_MAX get vote.quorum.
 */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "vote/quorum.h"

static void test_lookup(void)
{
	static const char *const names[] = {"car", "person", NULL};
	tly_override o[2];
	tly_policy p;

	tly_policy_init_defaults(&p);
	memset(o, 0, sizeof(o));
	o[0].name = "car";
	o[0].match_iou = 0.7; /* an override, but not of the quorum */
	o[0].low_overlap = NAN;
	o[1].name = "person";
	o[1].match_iou = o[1].low_overlap = NAN;
	o[1].has_quorum = 1;
	o[1].quorum.kind = TLY_QUORUM_COUNT;
	o[1].quorum.count = 4;
	CU_ASSERT_PTR_EQUAL(tly_vote__quorum(&p, names, 1), &p.quorum); /* no labels.NAME at all */
	p.n_labels = 2;
	p.labels = o;
	CU_ASSERT_PTR_EQUAL(tly_vote__quorum(&p, names, 1), &o[1].quorum);
	CU_ASSERT_PTR_EQUAL(tly_vote__quorum(&p, names, 0), &p.quorum);
	CU_ASSERT_PTR_EQUAL(tly_vote__quorum(&p, names, 2), &p.quorum);
	CU_ASSERT_PTR_EQUAL(tly_vote__quorum(&p, NULL, 1), &p.quorum);
	CU_ASSERT_PTR_EQUAL(tly_vote__quorum(&p, names, UINT32_MAX), &p.quorum);
}

TLY_TESTS("vote_quorum",
	  {"lookup", test_lookup})
