/*
 * The leaderboard (src/report/leaderboard.c) on the sample run's dataset
 * with hand-set counts: the order (F1, then label accuracy, then name,
 * undefined last), who is left out, and the "not clearly different" flag
 * from F1 intervals worked out with the Wilson formula (Wilson 1927):
 * centre (p + z^2/2n) / (1 + z^2/n), half-width z sqrt(p(1-p)/n + z^2/4n^2)
 * / (1 + z^2/n), z = 1.959963984540054, for J = tp of tp + fp + fn, then
 * F1 = 2J / (1 + J).
 */
#include "sample.h"
#include "report/leaderboard.h"

/*
 * Intervals:
 *   tp 8 fp 1 fn 1: J 8/10 in [0.4901624715366418, 0.9433178485456248] ->
 *     F1 [0.657864469008122, 0.9708322797030882] (tests/report/test_ci.c)
 *   tp 2 fp 6 fn 6: J 2/14, p = 0.142857, z^2/n = 0.274390, centre
 *     (0.142857 + 0.137195) / 1.274390 = 0.219752, half = 1.537963 *
 *     sqrt(0.008746 + 0.004900) = 0.179661: J [0.040093921271464966,
 *     0.39941379496970353] -> F1 [0.07709673223058945, 0.5708301524615893]
 *   tp 1 fp 3 fn 3: J 1/7 -> [0.02567962434474355, 0.5131278292743189] ->
 *     F1 [0.05007338302376633, 0.678234606947134]
 */
static void set(tly_result *r, uint32_t a, uint64_t tp, uint64_t fp, uint64_t fn, uint64_t correct,
		uint64_t total, uint32_t images)
{
	r->annotators[a].vs_consensus = sample_counts(tp, fp, fn, tp, (double)tp, correct, total, images);
}

static void build(tly_report__board *board, tly_report__view *v, tly_dataset *ds, tly_result *r)
{
	CHECK_OK(tly_report__view_init(v, ds, r));
	CHECK_OK(tly_report__board_build(board, v));
}

static void done(tly_report__board *board, tly_report__view *v, tly_dataset *ds, tly_result *r)
{
	tly_report__board_clear(board);
	tly_report__view_clear(v);
	tly_result_clear(r);
	tly_dataset_clear(ds);
}

/*
 * alice F1 16/18; bob and eve both 0.25 (2*2/16 and 2*1/8), eve with the
 * better label accuracy (2/2 against 1/2) first; expert never compared.
 * alice's interval [0.658, 0.971] and eve's [0.050, 0.678] overlap (0.658
 * < 0.678), and so do eve's and bob's [0.077, 0.571].
 */
static void test_order_and_flags(void)
{
	tly_dataset ds;
	tly_result r;
	tly_report__view v;
	tly_report__board board;

	sample_build(&ds, &r);
	set(&r, 0, 8, 1, 1, 3, 4, 5);
	set(&r, 1, 2, 6, 6, 1, 2, 4);
	set(&r, 2, 1, 3, 3, 2, 2, 3);
	build(&board, &v, &ds, &r);
	CU_ASSERT_EQUAL_FATAL(board.n, 3);
	CU_ASSERT_EQUAL(board.rows[0].annotator, 0);
	CU_ASSERT_EQUAL(board.rows[1].annotator, 2);
	CU_ASSERT_EQUAL(board.rows[2].annotator, 1);
	CHECK_NEAR(board.rows[0].f1, 16.0 / 18.0, 1e-15);
	CHECK_NEAR(board.rows[0].f1_ci[0], 0.657864469008122, 1e-12);
	CHECK_NEAR(board.rows[0].f1_ci[1], 0.9708322797030882, 1e-12);
	CHECK_NEAR(board.rows[1].f1_ci[0], 0.05007338302376633, 1e-12);
	CHECK_NEAR(board.rows[1].f1_ci[1], 0.678234606947134, 1e-12);
	CHECK_NEAR(board.rows[2].f1_ci[0], 0.07709673223058945, 1e-12);
	CHECK_NEAR(board.rows[2].f1_ci[1], 0.5708301524615893, 1e-12);
	CHECK_NEAR(board.rows[1].label_accuracy, 1.0, 1e-15);
	CU_ASSERT_EQUAL(board.rows[0].close_to_next, 1);
	CU_ASSERT_EQUAL(board.rows[1].close_to_next, 1);
	CU_ASSERT_EQUAL(board.rows[2].close_to_next, 0); /* the last has no next */
	CU_ASSERT_PTR_EQUAL(board.rows[2].c, &r.annotators[1].vs_consensus);
	done(&board, &v, &ds, &r);
}

/*
 * alice tp 8 fp 1 fn 1 ([0.658, 0.971]) above bob tp 2 fp 6 fn 6
 * ([0.077, 0.571]): 0.571 < 0.658, disjoint, so alice is clearly ahead.
 * eve, with nothing drawn by anyone (tp = fp = fn = 0: F1 undefined),
 * comes last, and bob's flag says "not clearly different" from her.
 */
static void test_clearly_ahead_and_undefined(void)
{
	tly_dataset ds;
	tly_result r;
	tly_report__view v;
	tly_report__board board;

	sample_build(&ds, &r);
	set(&r, 0, 8, 1, 1, 0, 0, 5);
	set(&r, 1, 2, 6, 6, 0, 0, 4);
	set(&r, 2, 0, 0, 0, 1, 1, 1);
	build(&board, &v, &ds, &r);
	CU_ASSERT_EQUAL_FATAL(board.n, 3);
	CU_ASSERT_EQUAL(board.rows[0].annotator, 0);
	CU_ASSERT_EQUAL(board.rows[1].annotator, 1);
	CU_ASSERT_EQUAL(board.rows[2].annotator, 2);
	CU_ASSERT_EQUAL(board.rows[0].close_to_next, 0);
	CU_ASSERT_EQUAL(board.rows[1].close_to_next, 1);
	CU_ASSERT(isnan(board.rows[2].f1) && isnan(board.rows[2].f1_ci[0]));
	done(&board, &v, &ds, &r);
}

/* Equal F1 and label accuracy: names decide, bytewise ("alice" < "bob" < "eve ..."). */
static void test_names_break_ties(void)
{
	tly_dataset ds;
	tly_result r;
	tly_report__view v;
	tly_report__board board;
	uint32_t a;

	sample_build(&ds, &r);
	for (a = 3; a-- > 0;)
		set(&r, a, 1, 1, 1, 1, 2, 1);
	build(&board, &v, &ds, &r);
	CU_ASSERT_EQUAL_FATAL(board.n, 3);
	for (a = 0; a < 3; a++)
		CU_ASSERT_EQUAL(board.rows[a].annotator, a);
	done(&board, &v, &ds, &r);
	/* Undefined label accuracy sorts after a defined one at equal F1. */
	sample_build(&ds, &r);
	set(&r, 0, 1, 1, 1, 0, 0, 1);
	set(&r, 1, 1, 1, 1, 0, 1, 1);
	set(&r, 2, 1, 1, 1, 0, 0, 1);
	build(&board, &v, &ds, &r);
	CU_ASSERT_EQUAL(board.rows[0].annotator, 1);
	CU_ASSERT_EQUAL(board.rows[1].annotator, 0);
	CU_ASSERT_EQUAL(board.rows[2].annotator, 2);
	done(&board, &v, &ds, &r);
}

/* Nobody compared with a consensus (lone voters, gold only): an empty board. */
static void test_empty(void)
{
	tly_dataset ds;
	tly_result r;
	tly_report__view v;
	tly_report__board board;
	uint32_t a;

	sample_build(&ds, &r);
	for (a = 0; a < 4; a++)
		memset(&r.annotators[a].vs_consensus, 0, sizeof(tly_counts));
	build(&board, &v, &ds, &r);
	CU_ASSERT_EQUAL(board.n, 0);
	CU_ASSERT_PTR_NULL(board.rows);
	done(&board, &v, &ds, &r);
}

TLY_TESTS("report_leaderboard", {"order_and_flags", test_order_and_flags},
	  {"clearly_ahead_and_undefined", test_clearly_ahead_and_undefined},
	  {"names_break_ties", test_names_break_ties}, {"empty", test_empty})
