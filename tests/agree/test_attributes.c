/*
 * Attribute votes of one image (src/agree/attributes.c): plurality among a
 * cluster's members with the cluster's quorum, ties, members without a
 * value, the consensus label's quorum override, rejected clusters, and
 * the mismatching_attributes conflicts, each worked by hand below.
 *
 * Attribute names: color = 0, size = 1. Values (sorted): big = 0,
 * blue = 1, red = 2, small = 3.
 */
#include <string.h>

#include "agree/scenes.h"
#include "util/alloc.h"

enum { COLOR = 0, SIZE = 1 };
enum { BIG = 0, BLUE = 1, RED = 2, SMALL = 3, NONE = -1 };

static const char *const attr_names[] = {"color", "size"};
static const char *const attr_values[] = {"big", "blue", "red", "small"};

static char **copy_table(const char *const *s, size_t n)
{
	char **t = tly_calloc(n, sizeof(*t));
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	for (i = 0; i < n; i++)
		t[i] = tly_strdup(s[i]);
	return t;
}

/* A dataset with N annotators (A, B, C, D) and the scene's categories and attribute tables. */
static void init(tly_dataset *ds, size_t n)
{
	static const char *const names[] = {"A", "B", "C", "D"};

	tb_init(ds, names, n, scene_categories, 3);
	ds->attr_names = copy_table(attr_names, 2);
	ds->n_attr_names = 2;
	ds->attr_values = copy_table(attr_values, 4);
	ds->n_attr_values = 4;
}

/*
 * Image "a.jpg": annotator k draws a car [0,0,10,10] (id k + 1) with
 * color COLORS[k] and size SIZES[k] (NONE: no such attribute).
 */
static uint32_t scene(tly_dataset *ds, size_t n, const int *colors, const int *sizes)
{
	uint32_t im = tb_image(ds, "a.jpg"), k;
	tly_image *img;

	for (k = 0; k < n; k++)
		tb_box(ds, im, tb_sub(ds, im, k, TLY_TASK_OBJECTS, 0), CAR, 0, 0, 10, 10);
	img = &ds->images[im];
	img->attrs = tly_calloc(2 * n, sizeof(*img->attrs));
	CU_ASSERT_PTR_NOT_NULL_FATAL(img->attrs);
	for (k = 0; k < n; k++) {
		img->objs[k].attr_first = (uint32_t)img->n_attrs;
		if (colors[k] != NONE)
			img->attrs[img->n_attrs++] = (tly_attr){COLOR, (uint32_t)colors[k]};
		if (sizes[k] != NONE)
			img->attrs[img->n_attrs++] = (tly_attr){SIZE, (uint32_t)sizes[k]};
		img->objs[k].n_attrs = (uint32_t)img->n_attrs - img->objs[k].attr_first;
	}
	return im;
}

static void check_mismatch(const tly_agree_image_result *r, size_t k, size_t conflict, uint32_t annotator,
			   uint32_t name, uint32_t value, uint32_t consensus)
{
	const tly_conflict *c;

	CU_ASSERT_FATAL(k < r->n_conflict_attrs);
	CU_ASSERT_EQUAL_FATAL(r->conflict_attrs[k].conflict, conflict);
	CU_ASSERT_FATAL(conflict < r->n_conflicts);
	c = &r->conflicts[conflict];
	CU_ASSERT_EQUAL(c->kind, TLY_CONFLICT_MISMATCHING_ATTRIBUTES);
	CU_ASSERT_EQUAL(c->task, TLY_TASK_OBJECTS);
	CU_ASSERT_EQUAL(c->annotator, annotator);
	CU_ASSERT_EQUAL(c->object_id, (int64_t)annotator + 1);
	CU_ASSERT_EQUAL(c->consensus, 0);
	CU_ASSERT_EQUAL(c->category, CAR);
	CHECK_NEAR(c->iou, 1.0, 0);
	CU_ASSERT_EQUAL(r->conflict_attrs[k].name, name);
	CU_ASSERT_EQUAL(r->conflict_attrs[k].value, value);
	CU_ASSERT_EQUAL(r->conflict_attrs[k].consensus, consensus);
}

/*
 * Majority (default): A red big, B red small, C blue (no size); one
 * cluster of 3 identical cars. color: red 2 of 3 members (2*2 > 3) -> red;
 * C is a mismatch (blue vs red). size: big 1, small 1: the top count 1 of
 * 3 misses the majority -> no entry, no conflict (and no tie: a tie
 * counts only when it meets the quorum). The image's only conflict is C's.
 */
static void test_majority(void)
{
	static const int colors[] = {RED, RED, BLUE}, sizes[] = {BIG, SMALL, NONE};
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	init(&ds, 3);
	scene(&ds, 3, colors, sizes);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 1);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_attrs, 1);
	CU_ASSERT(r.cons_attrs[0].object == 0 && r.cons_attrs[0].name == COLOR && r.cons_attrs[0].value == RED);
	CU_ASSERT_EQUAL(r.n_conflicts, 1);
	CU_ASSERT_EQUAL(r.stats.n_conflicts, 1);
	CU_ASSERT_EQUAL_FATAL(r.n_conflict_attrs, 1);
	check_mismatch(&r, 0, 0, C, COLOR, BLUE, RED);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * vote.quorum 2 (a count), four members. color red, red, blue, blue: two
 * values at the top count 2, which meets the quorum; under vote.tie
 * "review" (the default) -> a tied entry (value UINT32_MAX) and no
 * conflict. size big, big, small, none: big 2 meets it -> big; C (small)
 * and D (no size: value none) are mismatches, in member order. A tied
 * attribute does not flag the image (identical boxes: agreement 1).
 */
static void test_tie_and_missing(void)
{
	static const int colors[] = {RED, RED, BLUE, BLUE}, sizes[] = {BIG, BIG, SMALL, NONE};
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	p.quorum.kind = TLY_QUORUM_COUNT;
	p.quorum.count = 2;
	init(&ds, 4);
	scene(&ds, 4, colors, sizes);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_attrs, 2);
	CU_ASSERT(r.cons_attrs[0].name == COLOR && r.cons_attrs[0].value == UINT32_MAX);
	CU_ASSERT(r.cons_attrs[1].name == SIZE && r.cons_attrs[1].value == BIG);
	CU_ASSERT_EQUAL(r.n_conflicts, 2);
	CU_ASSERT_EQUAL_FATAL(r.n_conflict_attrs, 2);
	check_mismatch(&r, 0, 0, C, SIZE, SMALL, BIG);
	check_mismatch(&r, 1, 1, 3, SIZE, UINT32_MAX, BIG);
	CU_ASSERT_EQUAL(r.stats.flagged, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * The same four members under vote.tie "first": color's tie between red
 * (A, B) and blue (C, D) takes the tied value whose text sorts first
 * bytewise, "blue" < "red" (not the first member's red), and is an
 * ordinary value: A and B (red) are mismatches against blue. size as
 * before. Conflicts by name, then member: A color, B color, C size, D
 * size; 4 in all, and still no flag.
 */
static void test_tie_first(void)
{
	static const int colors[] = {RED, RED, BLUE, BLUE}, sizes[] = {BIG, BIG, SMALL, NONE};
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	p.quorum.kind = TLY_QUORUM_COUNT;
	p.quorum.count = 2;
	p.tie = TLY_TIE_FIRST;
	init(&ds, 4);
	scene(&ds, 4, colors, sizes);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_attrs, 2);
	CU_ASSERT(r.cons_attrs[0].name == COLOR && r.cons_attrs[0].value == BLUE);
	CU_ASSERT(r.cons_attrs[1].name == SIZE && r.cons_attrs[1].value == BIG);
	CU_ASSERT_EQUAL(r.n_conflicts, 4);
	CU_ASSERT_EQUAL(r.stats.n_conflicts, 4);
	CU_ASSERT_EQUAL_FATAL(r.n_conflict_attrs, 4);
	check_mismatch(&r, 0, 0, A, COLOR, RED, BLUE);
	check_mismatch(&r, 1, 1, B, COLOR, RED, BLUE);
	check_mismatch(&r, 2, 2, C, SIZE, SMALL, BIG);
	check_mismatch(&r, 3, 3, 3, SIZE, UINT32_MAX, BIG);
	CU_ASSERT_EQUAL(r.stats.flagged, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * vote.tie "first" only settles ties that meet the quorum: under the
 * default majority, A red, B blue, C none: the top count 1 of 3 misses it
 * -> no entry and no conflict, as under "review".
 */
static void test_tie_first_under_quorum(void)
{
	static const int colors[] = {RED, BLUE, NONE}, sizes[] = {NONE, NONE, NONE};
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	p.tie = TLY_TIE_FIRST;
	init(&ds, 3);
	scene(&ds, 3, colors, sizes);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL(r.n_cons_objects, 1);
	CU_ASSERT_EQUAL(r.n_cons_attrs, 0);
	CU_ASSERT_EQUAL(r.n_conflicts + r.n_conflict_attrs, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * The cluster's quorum is the consensus label's: labels.car.vote.quorum 3
 * (a count). The cluster of 3 cars meets it; color red, red, blue: red's 2
 * does not -> no entry and no conflict, where the default majority gave
 * red (test_majority).
 */
static void test_label_quorum(void)
{
	static const int colors[] = {RED, RED, BLUE}, sizes[] = {NONE, NONE, NONE};
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_rules *rules;

	init(&ds, 3);
	scene(&ds, 3, colors, sizes);
	scene_rules(&rules, "{\"labels\": {\"car\": {\"vote\": {\"quorum\": 3}}}}");
	scene_run(&r, &ds, 0, tly_rules_policy(rules));
	CU_ASSERT_EQUAL(r.n_cons_objects, 1);
	CU_ASSERT_EQUAL(r.n_cons_attrs, 0);
	CU_ASSERT_EQUAL(r.n_conflicts, 0);
	tly_agree_image_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * Clusters that are not accepted vote no attributes: A red [0,0,10,10]
 * alone of 3 voters (B and C drew nothing) is rejected -> one EXTRA, no
 * attribute entry.
 */
static void test_rejected(void)
{
	static const int colors[] = {RED}, sizes[] = {NONE};
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t im;

	init(&ds, 3);
	im = scene(&ds, 1, colors, sizes);
	tb_sub(&ds, im, B, TLY_TASK_OBJECTS, 0);
	tb_sub(&ds, im, C, TLY_TASK_OBJECTS, 0);
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL(r.n_conflicts, 1);
	CU_ASSERT_EQUAL(r.conflicts[0].kind, TLY_CONFLICT_EXTRA);
	CU_ASSERT_EQUAL(r.n_cons_attrs + r.n_conflict_attrs, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * One workspace over two images: a.jpg, three red cars (one accepted
 * cluster, color red); then b.jpg where only a gold object (with an
 * attribute) exists, so no voter's object is clustered: the clusters left
 * from a.jpg must not be voted again -> nothing.
 */
static void test_reuse(void)
{
	static const int colors[] = {RED, RED, RED}, sizes[] = {NONE, NONE, NONE};
	tly_dataset ds;
	tly_agree_context ctx;
	tly_agree_workspace *ws = NULL;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	tly_image *img;
	uint32_t im, gold;

	init(&ds, 3);
	im = scene(&ds, 3, colors, sizes);
	gold = tb_image(&ds, "b.jpg");
	tb_box(&ds, gold, tb_sub(&ds, gold, C, TLY_TASK_OBJECTS, 1), CAR, 0, 0, 10, 10);
	img = &ds.images[gold];
	img->attrs = tly_calloc(1, sizeof(*img->attrs));
	CU_ASSERT_PTR_NOT_NULL_FATAL(img->attrs);
	img->attrs[0] = (tly_attr){COLOR, BLUE};
	img->n_attrs = 1;
	img->objs[0].n_attrs = 1;
	CHECK_OK(tly_agree_context_init(&ctx, &ds, &p));
	CHECK_OK(tly_agree_workspace_new(&ws));
	CHECK_OK(tly_agree_image(&r, ws, &ctx, &ds.images[im], im));
	CU_ASSERT_EQUAL(r.n_cons_attrs, 1);
	CU_ASSERT_EQUAL(r.n_conflicts, 0);
	CHECK_OK(tly_agree_image(&r, ws, &ctx, &ds.images[gold], gold));
	CU_ASSERT_EQUAL(r.n_cons_objects + r.n_cons_attrs + r.n_conflict_attrs + r.n_conflicts, 0);
	tly_agree_image_result_clear(&r);
	tly_agree_workspace_free(ws);
	tly_agree_context_clear(&ctx);
	tly_dataset_clear(&ds);
}

TLY_TESTS("agree_attributes",
	  {"majority", test_majority},
	  {"tie_and_missing", test_tie_and_missing},
	  {"tie_first", test_tie_first},
	  {"tie_first_under_quorum", test_tie_first_under_quorum},
	  {"label_quorum", test_label_quorum},
	  {"rejected", test_rejected},
	  {"reuse", test_reuse})
