/*
 * Tests of src/store/load_attrs.c: the "attributes" member of stored
 * extra_json becomes each object's (name, value) pairs, strings interned
 * once, sorted bytewise, an object's pairs sorted by name.
 */
#include "store_fixture.h"

static void add(tly_batch *b, size_t sub, tly_geom_kind kind, const char *json)
{
	tly_geometry g = box(1, 1, 3, 3);

	g.kind = kind;
	CHECK_OK(tly_batch_add_object(b, sub, "car", &g, 0, NULL, json));
}

static void write_store(tly_store *st, const char *bad_json)
{
	size_t ia, ib, s[3];
	tly_batch b;

	batch_start(&b, "/data/attrs.json", 'a', "coco", 0);
	CHECK_OK(tly_batch_add_image(&ia, &b, "a.png", 10, 10, "t"));
	CHECK_OK(tly_batch_add_image(&ib, &b, "b.png", 10, 10, "t"));
	CHECK_OK(tly_batch_add_submission(&s[0], &b, ia, "ann", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s[1], &b, ia, "bob", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s[2], &b, ib, "ann", TLY_TASK_OBJECTS));
	add(&b, s[0], TLY_GEOM_BOX, "{\"attributes\":{\"color\":\"red\",\"size\":2}}");          /* id 1 */
	add(&b, s[1], TLY_GEOM_POLYGON,
	    "{\"segmentation\":[[1,1,4,1,4,4]],\"attributes\":{\"color\":\"blue\",\"occluded\":false}}"); /* 2 */
	add(&b, s[1], TLY_GEOM_BOX, NULL);                                                          /* 3 */
	add(&b, s[2], TLY_GEOM_BOX, "{\"attributes\":{\"b\":\"x\",\"a\":\"y\",\"n\":null}}");    /* 4 */
	if (bad_json)
		add(&b, s[2], TLY_GEOM_BOX, bad_json);                                                /* 5 */
	CHECK_OK(tly_store_write_batch(NULL, st, &b, NULL));
	tly_batch_clear(&b);
}

/*
 * Names a, b, color, occluded, size (bytewise; null n left out). Values as
 * text (the number 2 as "2", false as "false"), sorted bytewise: 2, blue,
 * false, red, x, y. Object 1: color red (2, 3), size 2 (4, 0). Object 2:
 * color blue (2, 1), occluded false (3, 2). Object 3: none. Object 4
 * (b.png): a y (0, 5), b x (1, 4), by name although written b first.
 */
static void test_load(void)
{
	static const char *const names[] = {"a", "b", "color", "occluded", "size"};
	static const char *const values[] = {"2", "blue", "false", "red", "x", "y"};
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_dataset ds;
	const tly_image *im;
	const tly_object *o;
	size_t i;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_store(st, NULL);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	CU_ASSERT_EQUAL_FATAL(ds.n_attr_names, 5);
	CU_ASSERT_EQUAL_FATAL(ds.n_attr_values, 6);
	for (i = 0; i < 5; i++)
		CU_ASSERT_STRING_EQUAL(ds.attr_names[i], names[i]);
	for (i = 0; i < 6; i++)
		CU_ASSERT_STRING_EQUAL(ds.attr_values[i], values[i]);
	im = &ds.images[0];
	CU_ASSERT_EQUAL_FATAL(im->n_objs, 3);
	CU_ASSERT_EQUAL_FATAL(im->n_attrs, 4);
	o = &im->objs[0];
	CU_ASSERT_EQUAL_FATAL(o->n_attrs, 2);
	CU_ASSERT(im->attrs[o->attr_first].name == 2 && im->attrs[o->attr_first].value == 3);
	CU_ASSERT(im->attrs[o->attr_first + 1].name == 4 && im->attrs[o->attr_first + 1].value == 0);
	o = &im->objs[1];
	CU_ASSERT_EQUAL_FATAL(o->n_attrs, 2);
	CU_ASSERT(im->attrs[o->attr_first].name == 2 && im->attrs[o->attr_first].value == 1);
	CU_ASSERT(im->attrs[o->attr_first + 1].name == 3 && im->attrs[o->attr_first + 1].value == 2);
	CU_ASSERT_PTR_NOT_NULL(o->geom.rle); /* the segmentation is read as well */
	CU_ASSERT_EQUAL(im->objs[2].n_attrs, 0);
	im = &ds.images[1];
	CU_ASSERT_EQUAL_FATAL(im->n_attrs, 2);
	o = &im->objs[0];
	CU_ASSERT_EQUAL_FATAL(o->n_attrs, 2);
	CU_ASSERT_EQUAL(o->attr_first, 0);
	CU_ASSERT(im->attrs[0].name == 0 && im->attrs[0].value == 5);
	CU_ASSERT(im->attrs[1].name == 1 && im->attrs[1].value == 4);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void check_bad(const char *json, const char *why)
{
	char path[TMPDB_SIZE], want[256];
	tly_store *st = NULL;
	tly_dataset ds;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_store(st, json);
	CU_ASSERT_EQUAL(tly_store_load_dataset(&ds, st), TLY_ESTORE);
	snprintf(want, sizeof(want), "%s: image b.png, object 5: bad stored attributes: %s", path, why);
	CHECK_MESSAGE(want);
	CU_ASSERT_PTR_NULL(ds.images);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_bad(void)
{
	check_bad("{\"attributes\":[1]}", "not an object");
	check_bad("{\"attributes\":{\"c\":[1]}}", "an empty name or a value that is not a scalar");
	check_bad("{\"attributes\":{\"\":1}}", "an empty name or a value that is not a scalar");
	check_bad("{\"attributes\":", "not JSON");
	check_bad("{\"attributes\":{\"c\":1,\"c\":2}}", "a name given twice");
}

/* Allocation N failing, N = 1, 2, ...: TLY_ENOMEM, nothing kept, no leak (ASan). */
static void test_allocation_failures(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_dataset ds;
	long n;
	int rc = -1;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_store(st, NULL);
	for (n = 1; n < 1000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_store_load_dataset(&ds, st);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_PTR_NULL(ds.images);
		}
	}
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT(n > 10);
	CU_ASSERT_EQUAL(ds.n_attr_names, 5);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

TLY_TESTS("store_load_attrs",
	  {"load", test_load},
	  {"bad", test_bad},
	  {"allocation_failures", test_allocation_failures})
