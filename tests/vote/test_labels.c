/*
 * Voting image labels (src/vote/labels.c, SPEC §5): single-label plurality
 * with quorum and ties, multi-label per-label quorum, worked by hand.
 */
#include <string.h>

#include "harness.h"
#include "tally/vote.h"

/* 0 "dog", 1 "cat", 2 "ant", 3 "bee" */
static const char *const NAMES[] = {"dog", "cat", "ant", "bee"};
static const uint32_t DOG[] = {0}, CAT[] = {1}, ANT[] = {2}, DOG_CAT[] = {0, 1},
		      DOG_ANT[] = {0, 2}, ALL3[] = {0, 1, 2};

#define SET(a) {a, sizeof(a) / sizeof(a[0])}

static tly_policy policy(tly_quorum_kind kind, uint32_t count, double fraction, tly_tie_policy tie)
{
	tly_policy p;

	tly_policy_init_defaults(&p);
	p.quorum.kind = kind;
	p.quorum.count = count;
	p.quorum.fraction = fraction;
	p.tie = tie;
	return p;
}

static size_t vote(tly_vote_label *out, int *tie, const tly_label_set *s, size_t voters, int multi,
		   const tly_policy *p)
{
	size_t n = 99;

	*tie = -1;
	CHECK_OK(tly_vote_labels(out, &n, tie, s, voters, multi, 4, p, NAMES));
	return n;
}

static void test_single_plurality(void)
{
	/* cat, cat, dog: cat 2 of 3 (2*2 > 3) -> cat, confidence 2/3 */
	static const tly_label_set s[] = {SET(CAT), SET(CAT), SET(DOG)};
	tly_policy p = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_REVIEW);
	tly_vote_label out[4];
	int tie;

	CU_ASSERT_EQUAL(vote(out, &tie, s, 3, 0, &p), 1);
	CU_ASSERT_EQUAL(tie, 0);
	CU_ASSERT_EQUAL(out[0].category, 1);
	CU_ASSERT_EQUAL(out[0].votes, 2);
	CHECK_NEAR(out[0].confidence, 2.0 / 3.0, 1e-15);
}

static void test_single_quorum(void)
{
	/* cat, cat, dog, ant: cat leads with 2 of 4 = half: no majority, no
	 * consensus (and no tie: cat leads alone). Fraction 0.5 accepts it. */
	static const tly_label_set s[] = {SET(CAT), SET(CAT), SET(DOG), SET(ANT)};
	tly_policy maj = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_REVIEW);
	tly_policy half = policy(TLY_QUORUM_FRACTION, 0, 0.5, TLY_TIE_REVIEW);
	tly_policy count3 = policy(TLY_QUORUM_COUNT, 3, 0, TLY_TIE_REVIEW);
	tly_vote_label out[4];
	int tie;

	CU_ASSERT_EQUAL(vote(out, &tie, s, 4, 0, &maj), 0);
	CU_ASSERT_EQUAL(tie, 0);
	CU_ASSERT_EQUAL(vote(out, &tie, s, 4, 0, &half), 1);
	CU_ASSERT_EQUAL(out[0].category, 1);
	CHECK_NEAR(out[0].confidence, 0.5, 0);
	CU_ASSERT_EQUAL(vote(out, &tie, s, 4, 0, &count3), 0); /* 2 < 3 */
	/* 3 of 5 is a majority: cat, cat, cat, dog, ant */
	{
		static const tly_label_set s5[] = {SET(CAT), SET(CAT), SET(CAT), SET(DOG), SET(ANT)};

		CU_ASSERT_EQUAL(vote(out, &tie, s5, 5, 0, &maj), 1);
		CHECK_NEAR(out[0].confidence, 0.6, 1e-15);
	}
}

static void test_single_ties(void)
{
	/* dog, dog, cat, cat under fraction 0.5: both labels meet the quorum
	 * (2/4), so the tie decides: review -> none and *tie; first -> "cat". */
	static const tly_label_set s[] = {SET(DOG), SET(DOG), SET(CAT), SET(CAT)};
	/* dog vs cat with 2 voters under majority: 1/2 is no majority for
	 * either, so there is no consensus to break a tie for: tie = 0. */
	static const tly_label_set s2[] = {SET(DOG), SET(CAT)};
	tly_policy review = policy(TLY_QUORUM_FRACTION, 0, 0.5, TLY_TIE_REVIEW);
	tly_policy first = policy(TLY_QUORUM_FRACTION, 0, 0.5, TLY_TIE_FIRST);
	tly_policy maj = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_REVIEW);
	tly_vote_label out[4];
	int tie;

	CU_ASSERT_EQUAL(vote(out, &tie, s, 4, 0, &review), 0);
	CU_ASSERT_EQUAL(tie, 1);
	CU_ASSERT_EQUAL(vote(out, &tie, s, 4, 0, &first), 1);
	CU_ASSERT_EQUAL(tie, 0);
	CU_ASSERT_EQUAL(out[0].category, 1);
	CU_ASSERT_EQUAL(out[0].votes, 2);
	CHECK_NEAR(out[0].confidence, 0.5, 0);
	CU_ASSERT_EQUAL(vote(out, &tie, s2, 2, 0, &maj), 0);
	CU_ASSERT_EQUAL(tie, 0);
	/* Count quorum 1: every label qualifies; three-way tie dog/cat/ant,
	 * "first" picks "ant" (category 2). */
	{
		static const tly_label_set s3[] = {SET(DOG), SET(CAT), SET(ANT)};
		tly_policy c1 = policy(TLY_QUORUM_COUNT, 1, 0, TLY_TIE_FIRST);

		CU_ASSERT_EQUAL(vote(out, &tie, s3, 3, 0, &c1), 1);
		CU_ASSERT_EQUAL(out[0].category, 2);
		CHECK_NEAR(out[0].confidence, 1.0 / 3.0, 1e-15);
	}
}

static void test_multi(void)
{
	/*
	 * Voters: {dog,cat}, {dog}, {dog,ant}, {} (the last said "none of these").
	 * dog 3/4, cat 1/4, ant 1/4.
	 * majority: dog only (6 > 4). fraction 0.25: all three, sorted by
	 * category. count 2: dog only.
	 */
	static const tly_label_set s[] = {SET(DOG_CAT), SET(DOG), SET(DOG_ANT), {NULL, 0}};
	tly_policy maj = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_REVIEW);
	tly_policy quarter = policy(TLY_QUORUM_FRACTION, 0, 0.25, TLY_TIE_REVIEW);
	tly_policy count2 = policy(TLY_QUORUM_COUNT, 2, 0, TLY_TIE_REVIEW);
	tly_vote_label out[4];
	int tie;

	CU_ASSERT_EQUAL(vote(out, &tie, s, 4, 1, &maj), 1);
	CU_ASSERT_EQUAL(tie, 0);
	CU_ASSERT_EQUAL(out[0].category, 0);
	CU_ASSERT_EQUAL(out[0].votes, 3);
	CHECK_NEAR(out[0].confidence, 0.75, 0);
	CU_ASSERT_EQUAL(vote(out, &tie, s, 4, 1, &quarter), 3);
	CU_ASSERT_EQUAL(out[0].category, 0);
	CU_ASSERT_EQUAL(out[1].category, 1);
	CU_ASSERT_EQUAL(out[1].votes, 1);
	CHECK_NEAR(out[1].confidence, 0.25, 0);
	CU_ASSERT_EQUAL(out[2].category, 2);
	CU_ASSERT_EQUAL(vote(out, &tie, s, 4, 1, &count2), 1);
	/* Multi-label has no ties: two labels at 2/4 are both kept (fraction 0.5). */
	{
		static const tly_label_set t[] = {SET(DOG_CAT), SET(DOG_CAT), SET(ANT), {NULL, 0}};
		tly_policy half = policy(TLY_QUORUM_FRACTION, 0, 0.5, TLY_TIE_REVIEW);

		CU_ASSERT_EQUAL(vote(out, &tie, t, 4, 1, &half), 2);
		CU_ASSERT_EQUAL(tie, 0);
		CU_ASSERT_EQUAL(out[0].category, 0);
		CU_ASSERT_EQUAL(out[1].category, 1);
	}
}

static void test_sorted_output(void)
{
	/* First seen ant (2), then bee (3), dog (0), cat (1): out is by category. */
	static const uint32_t a[] = {2, 3}, b[] = {0, 1, 2, 3};
	static const tly_label_set s[] = {SET(a), SET(b), SET(ALL3)};
	tly_policy all = policy(TLY_QUORUM_COUNT, 1, 0, TLY_TIE_REVIEW);
	tly_vote_label out[4];
	int tie;

	/* votes: dog 2, cat 2, ant 3, bee 2 */
	CU_ASSERT_EQUAL(vote(out, &tie, s, 3, 1, &all), 4);
	CU_ASSERT_EQUAL(out[0].category, 0);
	CU_ASSERT_EQUAL(out[0].votes, 2);
	CU_ASSERT_EQUAL(out[1].category, 1);
	CU_ASSERT_EQUAL(out[2].category, 2);
	CU_ASSERT_EQUAL(out[2].votes, 3);
	CU_ASSERT_EQUAL(out[3].category, 3);
	CU_ASSERT_EQUAL(out[3].votes, 2);
}

static void test_empty(void)
{
	tly_policy p = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_REVIEW);
	static const tly_label_set none[] = {{NULL, 0}, {NULL, 0}};
	tly_vote_label out[4];
	int tie;

	/* No voters, or voters who all gave nothing: no labels, no tie. */
	CU_ASSERT_EQUAL(vote(out, &tie, NULL, 0, 0, &p), 0);
	CU_ASSERT_EQUAL(tie, 0);
	CU_ASSERT_EQUAL(vote(out, &tie, none, 2, 1, &p), 0);
	CU_ASSERT_EQUAL(vote(out, &tie, none, 2, 0, &p), 0);
	CU_ASSERT_EQUAL(tie, 0);
}

static void test_bad_sets(void)
{
	static const uint32_t unsorted[] = {2, 1}, dup[] = {1, 1}, big[] = {4};
	static const tly_label_set s1[] = {SET(unsorted)}, s2[] = {SET(dup)}, s3[] = {SET(big)};
	static const tly_label_set s4[] = {{NULL, 1}};
	tly_policy p = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_REVIEW);
	tly_vote_label out[4];
	size_t n;
	int tie;

	CU_ASSERT_EQUAL(tly_vote_labels(out, &n, &tie, s1, 1, 1, 4, &p, NAMES), TLY_EARG);
	CU_ASSERT_EQUAL(tly_vote_labels(out, &n, &tie, s2, 1, 1, 4, &p, NAMES), TLY_EARG);
	CU_ASSERT_EQUAL(tly_vote_labels(out, &n, &tie, s3, 1, 1, 4, &p, NAMES), TLY_EARG);
	CU_ASSERT(strstr(tly_error_last(), "category 4") != NULL);
	CU_ASSERT_EQUAL(tly_vote_labels(out, &n, &tie, s4, 1, 1, 4, &p, NAMES), TLY_EARG);
	CU_ASSERT_EQUAL(tly_vote_labels(out, &n, &tie, NULL, 1, 1, 4, &p, NAMES), TLY_EARG);
	CU_ASSERT_EQUAL(tly_vote_labels(out, &n, &tie, s1, 1, 1, 4, NULL, NAMES), TLY_EARG);
	CU_ASSERT_EQUAL(n, 0);
}

/*
 * labels.NAME.vote.quorum on image labels. Single-label cat, cat, dog:
 * cat wins 2 of 3 (majority) but cat's own quorum "fraction 0.9" needs
 * 2 >= 2.7: no consensus, and no tie. Multi-label {dog, cat}, {dog},
 * {cat}: dog 2/3 and cat 2/3 both meet the majority; with cat at 0.9 only
 * dog stays.
 */
static void test_label_quorum(void)
{
	static const tly_label_set single[] = {SET(CAT), SET(CAT), SET(DOG)};
	static const tly_label_set multi[] = {SET(DOG_CAT), SET(DOG), SET(CAT)};
	tly_policy p = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_REVIEW);
	tly_override o;
	tly_vote_label out[4];
	int tie;

	memset(&o, 0, sizeof(o));
	o.name = "cat";
	o.has_quorum = 1;
	o.quorum.kind = TLY_QUORUM_FRACTION;
	o.quorum.fraction = 0.9;
	CU_ASSERT_EQUAL(vote(out, &tie, multi, 3, 1, &p), 2);
	p.n_labels = 1;
	p.labels = &o;
	CU_ASSERT_EQUAL(vote(out, &tie, single, 3, 0, &p), 0);
	CU_ASSERT_EQUAL(tie, 0);
	CU_ASSERT_EQUAL_FATAL(vote(out, &tie, multi, 3, 1, &p), 1);
	CU_ASSERT_EQUAL(out[0].category, 0);
	CU_ASSERT_EQUAL(out[0].votes, 2);
}

TLY_TESTS("vote_labels",
	  {"single_plurality", test_single_plurality},
	  {"single_quorum", test_single_quorum},
	  {"single_ties", test_single_ties},
	  {"multi", test_multi},
	  {"sorted_output", test_sorted_output},
	  {"empty", test_empty},
	  {"bad_sets", test_bad_sets},
	  {"label_quorum", test_label_quorum})
