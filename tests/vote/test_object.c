/*
 * Voting one cluster (src/vote/object.c, SPEC §5): quorum kinds at their
 * edges, plurality, vote.tie review/first, box policy, and the
 * confidence (= votes / voters) and agreement (= mean member IoU to the
 * consensus box) figures, each worked by hand.
 */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "tally/vote.h"

typedef struct {
	uint32_t label;
	double x, y, w, h;
} row;

static tly_geometry g[16];
static tly_match_item it[16];
static const uint32_t ALL[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
/* category 0 = "dog", 1 = "cat", 2 = "ant": name order ant < cat < dog */
static const char *const NAMES[] = {"dog", "cat", "ant"};

static void load(const row *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		g[i].kind = TLY_GEOM_BOX;
		g[i].box = (tly_box){r[i].x, r[i].y, r[i].w, r[i].h};
		it[i].geom = &g[i];
		it[i].owner = (uint32_t)i;
		it[i].label = r[i].label;
		it[i].key = (int64_t)i + 1;
		it[i].iscrowd = 0; /* a case may set it after loading */
	}
}

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

static tly_vote_object_result vote(const row *r, size_t n, uint32_t voters, const tly_policy *p)
{
	tly_vote_object_result res;

	load(r, n);
	memset(&res, 0xAB, sizeof(res)); /* every field must be written */
	CHECK_OK(tly_vote_object(&res, it, ALL, n, voters, p, NAMES));
	return res;
}

/* Two dogs: [0,10] and [2,12] (10 high). Median of two = mean of corners:
 * x1 1, x2 11, y 0..10 -> [1,0,10,10]; each member: I = 90, U = 110: 9/11. */
static const row TWO[] = {{0, 0, 0, 10, 10}, {0, 2, 0, 10, 10}};
/* Three identical dogs: consensus the same box, agreement 1. */
static const row THREE[] = {{0, 0, 0, 10, 10}, {0, 0, 0, 10, 10}, {0, 0, 0, 10, 10}};

static void test_accepted(void)
{
	tly_policy p = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_REVIEW);
	tly_vote_object_result r = vote(TWO, 2, 3, &p);

	/* 2 of 3: 2*2 > 3, a majority */
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_ACCEPTED);
	CU_ASSERT_EQUAL(r.category, 0);
	CU_ASSERT_EQUAL(r.votes, 2);
	CU_ASSERT_EQUAL(r.geom.kind, TLY_GEOM_BOX);
	CHECK_NEAR(r.geom.box.x, 1, 0);
	CHECK_NEAR(r.geom.box.y, 0, 0);
	CHECK_NEAR(r.geom.box.w, 10, 0);
	CHECK_NEAR(r.geom.box.h, 10, 0);
	CHECK_NEAR(r.confidence, 2.0 / 3.0, 1e-15);
	CHECK_NEAR(r.agreement, 9.0 / 11.0, 1e-15);
}

static void test_majority_edges(void)
{
	tly_policy p = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_REVIEW);
	tly_vote_object_result r;

	/* 2 of 4 is half, not more than half: rejected, but still described. */
	r = vote(TWO, 2, 4, &p);
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_NO_QUORUM);
	CU_ASSERT_EQUAL(r.category, 0);
	CU_ASSERT_EQUAL(r.votes, 2);
	CHECK_NEAR(r.confidence, 0.5, 0);
	CHECK_NEAR(r.agreement, 9.0 / 11.0, 1e-15);
	CHECK_NEAR(r.geom.box.x, 1, 0);
	/* 3 of 5: 6 > 5 */
	r = vote(THREE, 3, 5, &p);
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_ACCEPTED);
	CHECK_NEAR(r.confidence, 0.6, 1e-15);
	CHECK_NEAR(r.agreement, 1.0, 0);
	/* 1 of 1 and 1 of 2 */
	r = vote(THREE, 1, 1, &p);
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_ACCEPTED);
	CHECK_NEAR(r.confidence, 1.0, 0);
	r = vote(THREE, 1, 2, &p);
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_NO_QUORUM);
}

static void test_count_and_fraction(void)
{
	tly_policy count2 = policy(TLY_QUORUM_COUNT, 2, 0, TLY_TIE_REVIEW);
	tly_policy half = policy(TLY_QUORUM_FRACTION, 0, 0.5, TLY_TIE_REVIEW);
	tly_policy f06 = policy(TLY_QUORUM_FRACTION, 0, 0.6, TLY_TIE_REVIEW);

	/* count 2: 2 of 5 meets it (confidence 2/5), 1 of 5 does not */
	CU_ASSERT_EQUAL(vote(TWO, 2, 5, &count2).status, TLY_VOTE_ACCEPTED);
	CHECK_NEAR(vote(TWO, 2, 5, &count2).confidence, 0.4, 1e-15);
	CU_ASSERT_EQUAL(vote(TWO, 1, 5, &count2).status, TLY_VOTE_NO_QUORUM);
	/* fraction 0.5: 2/4 = 0.5 >= 0.5 accepted (unlike majority); 1/3 not */
	CU_ASSERT_EQUAL(vote(TWO, 2, 4, &half).status, TLY_VOTE_ACCEPTED);
	CU_ASSERT_EQUAL(vote(TWO, 1, 3, &half).status, TLY_VOTE_NO_QUORUM);
	/* fraction 0.6: 3/5 = 0.6 exactly meets it; 2/4 = 0.5 does not */
	CU_ASSERT_EQUAL(vote(THREE, 3, 5, &f06).status, TLY_VOTE_ACCEPTED);
	CU_ASSERT_EQUAL(vote(TWO, 2, 4, &f06).status, TLY_VOTE_NO_QUORUM);
}

static void test_plurality(void)
{
	/* dog, cat, dog (all the same box) among 4 voters: 3 of 4 draw it;
	 * dog has 2 votes: confidence 2/4. Any member order gives the same. */
	static const row r[] = {{0, 0, 0, 10, 10}, {1, 0, 0, 10, 10}, {0, 0, 0, 10, 10}};
	static const uint32_t order[3] = {1, 2, 0};
	tly_policy p = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_REVIEW);
	tly_vote_object_result res = vote(r, 3, 4, &p);

	CU_ASSERT_EQUAL(res.status, TLY_VOTE_ACCEPTED);
	CU_ASSERT_EQUAL(res.category, 0);
	CU_ASSERT_EQUAL(res.votes, 2);
	CHECK_NEAR(res.confidence, 0.5, 0);
	CHECK_OK(tly_vote_object(&res, it, order, 3, 4, &p, NAMES));
	CU_ASSERT_EQUAL(res.category, 0);
	CU_ASSERT_EQUAL(res.votes, 2);
}

static void test_ties(void)
{
	/* dog vs cat, one vote each, 2 of 2 voters drew it (quorum met). */
	static const row two[] = {{0, 0, 0, 10, 10}, {1, 0, 0, 10, 10}};
	/* dog, cat, ant: a three-way tie, 3 of 3 voters. */
	static const row three[] = {{0, 0, 0, 10, 10}, {1, 0, 0, 10, 10}, {2, 0, 0, 10, 10}};
	/* dog, dog, cat, cat among 5 voters. */
	static const row four[] = {
		{0, 0, 0, 10, 10}, {0, 0, 0, 10, 10}, {1, 0, 0, 10, 10}, {1, 0, 0, 10, 10}};
	tly_policy review = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_REVIEW);
	tly_policy first = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_FIRST);
	tly_vote_object_result r;

	/* review: no consensus; category is the tie's first label ("cat" < "dog") */
	r = vote(two, 2, 2, &review);
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_TIE);
	CU_ASSERT_EQUAL(r.category, 1);
	CU_ASSERT_EQUAL(r.votes, 1);
	CHECK_NEAR(r.confidence, 0.5, 0);
	/* first: "cat" wins, confidence 1/2 */
	r = vote(two, 2, 2, &first);
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_ACCEPTED);
	CU_ASSERT_EQUAL(r.category, 1);
	CHECK_NEAR(r.confidence, 0.5, 0);
	/* three-way: "ant" (2) sorts first although it has the largest index */
	r = vote(three, 3, 3, &first);
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_ACCEPTED);
	CU_ASSERT_EQUAL(r.category, 2);
	CHECK_NEAR(r.confidence, 1.0 / 3.0, 1e-15);
	CU_ASSERT_EQUAL(vote(three, 3, 3, &review).status, TLY_VOTE_TIE);
	/* 2-2 tie, 4 of 5 drew it: "cat", 2 votes, confidence 2/5 */
	r = vote(four, 4, 5, &first);
	CU_ASSERT_EQUAL(r.category, 1);
	CU_ASSERT_EQUAL(r.votes, 2);
	CHECK_NEAR(r.confidence, 0.4, 1e-15);
	/* A tie in a cluster that misses the quorum (2 of 5) is just no quorum. */
	r = vote(two, 2, 5, &review);
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_NO_QUORUM);
	CU_ASSERT_EQUAL(r.category, 1);
	/* Without names, the smaller category index wins the tie. */
	load(three, 3);
	CHECK_OK(tly_vote_object(&r, it, ALL, 3, 3, &first, NULL));
	CU_ASSERT_EQUAL(r.category, 0);
}

static void test_empty_and_zero_voters(void)
{
	tly_policy p = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_REVIEW);
	tly_vote_object_result r;

	CHECK_OK(tly_vote_object(&r, NULL, NULL, 0, 3, &p, NAMES));
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_NO_QUORUM);
	CU_ASSERT_EQUAL(r.category, UINT32_MAX);
	CU_ASSERT_EQUAL(r.votes, 0);
	CHECK_NEAR(r.confidence, 0.0, 0);
	CU_ASSERT(isnan(r.agreement));
	CHECK_OK(tly_vote_object(&r, NULL, NULL, 0, 0, &p, NAMES));
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_NO_QUORUM);
	CU_ASSERT(isnan(r.confidence)); /* 0 / 0: undefined */
	/* More members than voters is the caller's bug. */
	load(TWO, 2);
	CU_ASSERT_EQUAL(tly_vote_object(&r, it, ALL, 2, 1, &p, NAMES), TLY_EARG);
	CU_ASSERT_EQUAL(tly_vote_object(&r, it, ALL, 2, 0, &p, NAMES), TLY_EARG);
	CU_ASSERT_EQUAL(tly_vote_object(&r, it, ALL, 2, 2, NULL, NAMES), TLY_EARG);
	CU_ASSERT_EQUAL(tly_vote_object(&r, it, NULL, 2, 2, &p, NAMES), TLY_EARG);
	CU_ASSERT_EQUAL(tly_vote_object(NULL, it, ALL, 2, 2, &p, NAMES), TLY_EARG);
}

static void test_mean_box_agreement(void)
{
	/*
	 * [0,0,10,10], [2,1,10,12], [4,-1,4,10]; mean of corners:
	 * x1 2, y1 0, x2 (10+12+8)/3 = 10, y2 (10+13+9)/3 = 32/3 -> C = [2,10]x[0,32/3],
	 * area 8 * 32/3 = 256/3.
	 *   m1 [0,10]x[0,10]:  I = 8*10 = 80, U = 100 + 256/3 - 80 = 316/3: 240/316 = 60/79
	 *   m2 [2,12]x[1,13]:  I = 8*(32/3-1) = 232/3, U = 120 + 256/3 - 232/3 = 128: 29/48
	 *   m3 [4,8]x[-1,9]:   I = 4*9 = 36, U = 40 + 256/3 - 36 = 268/3: 108/268 = 27/67
	 * agreement = (60/79 + 29/48 + 27/67) / 3
	 */
	static const row r[] = {{0, 0, 0, 10, 10}, {0, 2, 1, 10, 12}, {0, 4, -1, 4, 10}};
	tly_policy p = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_REVIEW);
	tly_vote_object_result res;

	p.box = TLY_BOX_MEAN;
	res = vote(r, 3, 3, &p);
	CHECK_NEAR(res.geom.box.x, 2, 1e-12);
	CHECK_NEAR(res.geom.box.y, 0, 1e-12);
	CHECK_NEAR(res.geom.box.w, 8, 1e-12);
	CHECK_NEAR(res.geom.box.h, 32.0 / 3.0, 1e-12);
	CHECK_NEAR(res.agreement, (60.0 / 79.0 + 29.0 / 48.0 + 27.0 / 67.0) / 3.0, 1e-12);
	/* Median instead: C = [2,0,8,10] (see test_box); m1 I = 80, U = 100:
	 * 0.8; m2 [2,12]x[1,13] vs [2,10]x[0,10]: I = 8*9 = 72, U = 120 + 80 -
	 * 72 = 128: 9/16; m3 [4,8]x[-1,9]: I = 4*9 = 36, U = 40 + 80 - 36 = 84: 3/7 */
	p.box = TLY_BOX_MEDIAN;
	res = vote(r, 3, 3, &p);
	CHECK_NEAR(res.agreement, (0.8 + 9.0 / 16.0 + 3.0 / 7.0) / 3.0, 1e-12);
}

static void test_members_subset_and_points(void)
{
	/* Members are items 2 and 0 only; item 1 (a cat far away) is not in
	 * the cluster. Consensus of [0,0,10,10] and [2,0,10,10]: [1,0,10,10]. */
	static const row r[] = {{0, 0, 0, 10, 10}, {1, 500, 500, 5, 5}, {0, 2, 0, 10, 10}};
	static const uint32_t members[2] = {2, 0};
	tly_policy p = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_REVIEW);
	tly_vote_object_result res;

	load(r, 3);
	CHECK_OK(tly_vote_object(&res, it, members, 2, 3, &p, NAMES));
	CU_ASSERT_EQUAL(res.category, 0);
	CU_ASSERT_EQUAL(res.votes, 2);
	CHECK_NEAR(res.geom.box.x, 1, 0);
	CHECK_NEAR(res.agreement, 9.0 / 11.0, 1e-15);
	/* A point votes a point (zero-size box, IoU 0 with anything). */
	g[1].kind = TLY_GEOM_POINT;
	g[1].box = (tly_box){7, 8, 0, 0};
	CHECK_OK(tly_vote_object(&res, it, &ALL[1], 1, 1, &p, NAMES));
	CU_ASSERT_EQUAL(res.status, TLY_VOTE_ACCEPTED);
	CU_ASSERT_EQUAL(res.geom.kind, TLY_GEOM_POINT);
	CHECK_NEAR(res.geom.box.x, 7, 0);
	CHECK_NEAR(res.geom.box.y, 8, 0);
	CHECK_NEAR(res.agreement, 0, 0);
}

static void test_crowd_regions(void)
{
	/*
	 * Three crowd regions (one label) by 3 of |V| = 4 voters: [0,0,10,10],
	 * [0,0,10,12], [2,0,10,10]. Voted as any cluster: majority 3 > 2,
	 * label 3 votes, confidence 3/4; median corners x1 {0,0,2} -> 0, y1 0,
	 * x2 {10,10,12} -> 10, y2 {10,12,10} -> 10: [0,0,10,10]. IoU to it:
	 * 1, 100/120 = 5/6, 80/120 = 2/3: agreement (1 + 5/6 + 2/3)/3 = 5/6.
	 * iscrowd 1. The same cluster with one ordinary member is no crowd
	 * region (iscrowd 0); one crowd region of 3 voters fails the quorum but
	 * still says what it would have been (iscrowd 1).
	 */
	static const row r[] = {{0, 0, 0, 10, 10}, {0, 0, 0, 10, 12}, {0, 2, 0, 10, 10}};
	tly_policy p = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_REVIEW);
	tly_vote_object_result res;

	load(r, 3);
	it[0].iscrowd = it[1].iscrowd = it[2].iscrowd = 1;
	memset(&res, 0xAB, sizeof(res));
	CHECK_OK(tly_vote_object(&res, it, ALL, 3, 4, &p, NAMES));
	CU_ASSERT_EQUAL(res.status, TLY_VOTE_ACCEPTED);
	CU_ASSERT_EQUAL(res.iscrowd, 1);
	CU_ASSERT_EQUAL(res.category, 0);
	CU_ASSERT_EQUAL(res.votes, 3);
	CHECK_NEAR(res.confidence, 0.75, 1e-15);
	CHECK_NEAR(res.geom.box.x, 0, 0);
	CHECK_NEAR(res.geom.box.y, 0, 0);
	CHECK_NEAR(res.geom.box.w, 10, 0);
	CHECK_NEAR(res.geom.box.h, 10, 0);
	CHECK_NEAR(res.agreement, 5.0 / 6.0, 1e-15);
	it[1].iscrowd = 0;
	CHECK_OK(tly_vote_object(&res, it, ALL, 3, 4, &p, NAMES));
	CU_ASSERT_EQUAL(res.iscrowd, 0);
	CHECK_OK(tly_vote_object(&res, it, ALL, 1, 3, &p, NAMES));
	CU_ASSERT_EQUAL(res.status, TLY_VOTE_NO_QUORUM);
	CU_ASSERT_EQUAL(res.iscrowd, 1);
	/* an empty cluster is no crowd region */
	CHECK_OK(tly_vote_object(&res, it, ALL, 0, 3, &p, NAMES));
	CU_ASSERT_EQUAL(res.iscrowd, 0);
}

/*
 * labels.NAME.vote.quorum: two dogs of 3 voters meet the majority (2*2 >
 * 3); with dog's quorum "count 3" they do not. A cluster of two cats under
 * the same policy keeps the global majority (cat has no override). A tie
 * dog/ant resolved by vote.tie = first takes ant (name order), so ant's
 * quorum (count 3) decides: 2 members of 3 voters fail it. Without names
 * (NULL) no override can be found: the global majority accepts.
 */
static void test_label_quorum(void)
{
	static const row CATS[] = {{1, 0, 0, 10, 10}, {1, 0, 0, 10, 10}};
	static const row TIED[] = {{0, 0, 0, 10, 10}, {2, 0, 0, 10, 10}};
	tly_override o[2];
	tly_policy p = policy(TLY_QUORUM_MAJORITY, 0, 0, TLY_TIE_FIRST);
	tly_vote_object_result r;

	memset(o, 0, sizeof(o));
	o[0].name = "ant"; /* sorted by name, as the rules keep them */
	o[1].name = "dog";
	o[0].match_iou = o[1].match_iou = NAN;
	o[0].low_overlap = o[1].low_overlap = NAN;
	o[0].has_quorum = o[1].has_quorum = 1;
	o[0].quorum.kind = o[1].quorum.kind = TLY_QUORUM_COUNT;
	o[0].quorum.count = o[1].quorum.count = 3;
	r = vote(TWO, 2, 3, &p);
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_ACCEPTED);
	p.n_labels = 2;
	p.labels = o;
	r = vote(TWO, 2, 3, &p);
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_NO_QUORUM);
	CU_ASSERT_EQUAL(r.category, 0);
	r = vote(CATS, 2, 3, &p);
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_ACCEPTED);
	r = vote(TIED, 2, 3, &p);
	CU_ASSERT_EQUAL(r.category, 2);
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_NO_QUORUM);
	load(TWO, 2);
	CHECK_OK(tly_vote_object(&r, it, ALL, 2, 3, &p, NULL));
	CU_ASSERT_EQUAL(r.status, TLY_VOTE_ACCEPTED);
}

TLY_TESTS("vote_object",
	  {"accepted", test_accepted},
	  {"majority_edges", test_majority_edges},
	  {"count_and_fraction", test_count_and_fraction},
	  {"plurality", test_plurality},
	  {"ties", test_ties},
	  {"empty_and_zero_voters", test_empty_and_zero_voters},
	  {"mean_box_agreement", test_mean_box_agreement},
	  {"members_subset_and_points", test_members_subset_and_points},
	  {"crowd_regions", test_crowd_regions},
	  {"label_quorum", test_label_quorum})
