/*
 * The attribute votes through tly_run_compute (src/run/reduce_attrs.c):
 * per-image entries rebased onto the run's objects and conflicts, values
 * onto the result's attr_strings (the dataset's names, then its values).
 *
 * a.jpg: A, B, C draw car [0,0,10,10] (ids 1-3), colors red, red, blue.
 * b.jpg: A, B draw car [0,0,10,10] (ids 4, 6) and A, B, C car
 *   [50,50,10,10] (ids 5, 7, 8) colors blue, blue, red.
 * Consensus objects: a.jpg's (0, red 2 of 3); b.jpg's X (1, A and B: 2 of
 * 3, no attributes, C missing) and Y (2, blue 2 of 3).
 * Conflicts: 0 = C's color on a.jpg; 1 = C missing X; 2 = C's color on Y.
 * attr_strings: color, blue, red -> indices 0, 1, 2.
 */
#include <string.h>

#include "agree/builder.h"
#include "harness.h"
#include "tally/rules.h"
#include "tally/run.h"
#include "util/alloc.h"

static const char *const annotators[] = {"A", "B", "C"};
static const char *const categories[] = {"car"};

static void attr(tly_image *im, size_t obj, uint32_t value)
{
	im->attrs[im->n_attrs].name = 0;
	im->attrs[im->n_attrs].value = value;
	im->objs[obj].attr_first = (uint32_t)im->n_attrs++;
	im->objs[obj].n_attrs = 1;
}

static void build(tly_dataset *ds)
{
	uint32_t a, b, s[3], k;

	tb_init(ds, annotators, 3, categories, 1);
	ds->attr_names = tly_calloc(1, sizeof(char *));
	ds->attr_values = tly_calloc(2, sizeof(char *));
	CU_ASSERT_FATAL(ds->attr_names && ds->attr_values);
	ds->attr_names[0] = tly_strdup("color");
	ds->attr_values[0] = tly_strdup("blue");
	ds->attr_values[1] = tly_strdup("red");
	ds->n_attr_names = 1;
	ds->n_attr_values = 2;
	a = tb_image(ds, "a.jpg");
	for (k = 0; k < 3; k++)
		tb_box(ds, a, tb_sub(ds, a, k, TLY_TASK_OBJECTS, 0), 0, 0, 0, 10, 10);
	b = tb_image(ds, "b.jpg");
	for (k = 0; k < 3; k++)
		s[k] = tb_sub(ds, b, k, TLY_TASK_OBJECTS, 0);
	tb_box(ds, b, s[0], 0, 0, 0, 10, 10);   /* 4 */
	tb_box(ds, b, s[0], 0, 50, 50, 10, 10); /* 5 */
	tb_box(ds, b, s[1], 0, 0, 0, 10, 10);   /* 6 */
	tb_box(ds, b, s[1], 0, 50, 50, 10, 10); /* 7 */
	tb_box(ds, b, s[2], 0, 50, 50, 10, 10); /* 8 */
	ds->images[a].attrs = tly_calloc(3, sizeof(tly_attr));
	ds->images[b].attrs = tly_calloc(3, sizeof(tly_attr));
	CU_ASSERT_FATAL(ds->images[a].attrs && ds->images[b].attrs);
	attr(&ds->images[a], 0, 1);
	attr(&ds->images[a], 1, 1);
	attr(&ds->images[a], 2, 0);
	attr(&ds->images[b], 1, 0);
	attr(&ds->images[b], 3, 0);
	attr(&ds->images[b], 4, 1);
}

static void test_reduce(void)
{
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;

	build(&ds);
	CHECK_OK(tly_rules_new_default(&rules));
	o.threads = 2;
	CHECK_OK(tly_run_compute(&r, &ds, rules, &o));
	CU_ASSERT_EQUAL_FATAL(r.n_attr_strings, 3);
	CU_ASSERT_STRING_EQUAL(r.attr_strings[0], "color");
	CU_ASSERT_STRING_EQUAL(r.attr_strings[1], "blue");
	CU_ASSERT_STRING_EQUAL(r.attr_strings[2], "red");
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 3);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_attrs, 2);
	CU_ASSERT(r.cons_attrs[0].object == 0 && r.cons_attrs[0].name == 0 && r.cons_attrs[0].value == 2);
	CU_ASSERT(r.cons_attrs[1].object == 2 && r.cons_attrs[1].name == 0 && r.cons_attrs[1].value == 1);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 3);
	CU_ASSERT_EQUAL(r.conflicts[0].kind, TLY_CONFLICT_MISMATCHING_ATTRIBUTES);
	CU_ASSERT_EQUAL(r.conflicts[1].kind, TLY_CONFLICT_MISSING);
	CU_ASSERT_EQUAL(r.conflicts[2].kind, TLY_CONFLICT_MISMATCHING_ATTRIBUTES);
	CU_ASSERT_EQUAL(r.conflicts[2].object_id, 8);
	CU_ASSERT_EQUAL(r.conflicts[2].consensus, 2);
	CU_ASSERT_EQUAL_FATAL(r.n_conflict_attrs, 2);
	CU_ASSERT(r.conflict_attrs[0].conflict == 0 && r.conflict_attrs[0].value == 1 &&
		  r.conflict_attrs[0].consensus == 2);
	CU_ASSERT(r.conflict_attrs[1].conflict == 2 && r.conflict_attrs[1].value == 2 &&
		  r.conflict_attrs[1].consensus == 1);
	CHECK_OK(tly_result_check(&ds, &r));
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/* No attribute anywhere: the result has no attribute arrays at all. */
static void test_none(void)
{
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;
	uint32_t a, k;

	tb_init(&ds, annotators, 3, categories, 1);
	a = tb_image(&ds, "a.jpg");
	for (k = 0; k < 3; k++)
		tb_box(&ds, a, tb_sub(&ds, a, k, TLY_TASK_OBJECTS, 0), 0, 0, 0, 10, 10);
	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	CU_ASSERT_EQUAL(r.n_cons_objects, 1);
	CU_ASSERT_PTR_NULL(r.attr_strings);
	CU_ASSERT_PTR_NULL(r.cons_attrs);
	CU_ASSERT_PTR_NULL(r.conflict_attrs);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

TLY_TESTS("run_reduce_attrs",
	  {"reduce", test_reduce},
	  {"none", test_none})
