/*
 * Tests of src/store/load_masks.c: stored segmentations become masks at
 * their image's size when the dataset loads. Pixels worked by hand with the
 * rule of tests/geom/test_polygon.c (a pixel is in when its centre is
 * inside), RLE column-major (index = x * h + y).
 */
#include "store_fixture.h"
#include "tally/rle.h"

/*
 * The square (1,1) (4,1) (4,4) (1,4) covers columns 1-3, rows 1-3 (9 px).
 * As runs on 10 x 10: 11 zeros (column 0, then row 0 of column 1), 3 ones,
 * 7 zeros (rows 4-9 of one column, row 0 of the next), 3, 7, 3, then 66
 * zeros (rows 4-9 of column 3 and columns 4-9): 11 3 7 3 7 3 66 (sum 100).
 * Compressed (pycocotools' rleToString): runs from the fourth on minus the
 * run two before: 11 3 7 0 0 0 59; 11 -> ';', 3 -> '3', 7 -> '7', 0 -> '0';
 * 59 = 27 + 32: low group 27 (bit 4 set, more follows) -> 27|32 + 48 = 'k',
 * then 1 -> '1'. String ";37000k1".
 */
#define SQUARE "[1,1,4,1,4,4,1,4]"
#define SQUARE_RUNS "[11,3,7,3,7,3,66]"

static void add(tly_batch *b, size_t sub, const char *label, tly_geom_kind kind, const char *json)
{
	tly_geometry g = box(1, 1, 3, 3);

	g.kind = kind;
	CHECK_OK(tly_batch_add_object(b, sub, label, &g, 0, NULL, json));
}

static void write_store(tly_store *st, const char *bad_json)
{
	size_t ip, iu, s[4];
	tly_batch b;

	batch_start(&b, "/data/seg.json", 'c', "coco", 0);
	CHECK_OK(tly_batch_add_image(&ip, &b, "p.png", 10, 10, "t"));
	CHECK_OK(tly_batch_add_image(&iu, &b, "u.png", 0, 0, "t"));
	CHECK_OK(tly_batch_add_submission(&s[0], &b, ip, "ann", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s[1], &b, ip, "bob", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s[2], &b, ip, "cid", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s[3], &b, iu, "ann", TLY_TASK_OBJECTS));
	add(&b, s[0], "cat", TLY_GEOM_POLYGON, "{\"segmentation\":[" SQUARE "]}");                 /* id 1 */
	add(&b, s[1], "cat", TLY_GEOM_MASK,
	    "{\"segmentation\":{\"size\":[10,10],\"counts\":" SQUARE_RUNS "}}");                  /* id 2 */
	add(&b, s[2], "cat", TLY_GEOM_MASK,
	    "{\"segmentation\":{\"size\":[10,10],\"counts\":\";37000k1\"}}");                   /* id 3 */
	/* Two parts: the square and (2,2)-(6,6) = columns 2-5, rows 2-5 (16 px);
	 * they share columns 2-3, rows 2-3 (4 px): union 9 + 16 - 4 = 21. */
	add(&b, s[0], "dog", TLY_GEOM_POLYGON,
	    "{\"segmentation\":[" SQUARE ",[2,2,6,2,6,6,2,6]]}");                               /* id 4 */
	add(&b, s[0], "dog", TLY_GEOM_BOX, NULL);                                                  /* id 5 */
	/* Unknown image size: left to its box, counted. */
	add(&b, s[3], "cat", TLY_GEOM_POLYGON, "{\"segmentation\":[" SQUARE "]}");               /* id 6 */
	if (bad_json)
		add(&b, s[2], "cat", TLY_GEOM_POLYGON, bad_json);                                   /* id 7 */
	CHECK_OK(tly_store_write_batch(NULL, st, &b, NULL));
	tly_batch_clear(&b);
}

static void test_masks(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_dataset ds;
	const tly_image *im;
	tly_box bb;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_store(st, NULL);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	CU_ASSERT_EQUAL_FATAL(ds.n_images, 2);
	im = &ds.images[0];
	CU_ASSERT_STRING_EQUAL(im->name, "p.png");
	CU_ASSERT_EQUAL_FATAL(im->n_objs, 5);
	CU_ASSERT_EQUAL(im->n_rles, 4);
	CU_ASSERT_PTR_NOT_NULL_FATAL(im->objs[0].geom.rle);
	CU_ASSERT_PTR_NOT_NULL_FATAL(im->objs[1].geom.rle);
	CU_ASSERT_PTR_NOT_NULL_FATAL(im->objs[2].geom.rle);
	CU_ASSERT_PTR_NOT_NULL_FATAL(im->objs[3].geom.rle);
	CU_ASSERT_PTR_NULL(im->objs[4].geom.rle);
	CU_ASSERT_EQUAL(im->objs[0].geom.rle->h, 10);
	CU_ASSERT_EQUAL(im->objs[0].geom.rle->w, 10);
	CU_ASSERT_EQUAL(tly_rle_area(im->objs[0].geom.rle), 9);
	bb = tly_rle_bbox(im->objs[0].geom.rle);
	CU_ASSERT(bb.x == 1 && bb.y == 1 && bb.w == 3 && bb.h == 3);
	/* Polygon, uncompressed and compressed RLE of the same pixels: IoU 1. */
	CHECK_NEAR(tly_geom_iou(&im->objs[0].geom, &im->objs[1].geom), 1.0, 0);
	CHECK_NEAR(tly_geom_iou(&im->objs[0].geom, &im->objs[2].geom), 1.0, 0);
	CU_ASSERT_EQUAL(tly_rle_area(im->objs[3].geom.rle), 21);
	/* square vs two-part union: 9 / 21 */
	CHECK_NEAR(tly_geom_iou(&im->objs[0].geom, &im->objs[3].geom), 9.0 / 21.0, 1e-15);
	im = &ds.images[1];
	CU_ASSERT_STRING_EQUAL(im->name, "u.png");
	CU_ASSERT_EQUAL_FATAL(im->n_objs, 1);
	CU_ASSERT_PTR_NULL(im->objs[0].geom.rle);
	CU_ASSERT_EQUAL(im->n_rles, 0);
	CU_ASSERT_EQUAL(ds.n_shapes_by_box, 1);
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
	snprintf(want, sizeof(want), "%s: image p.png, object 7: bad stored segmentation: %s", path, why);
	CHECK_MESSAGE(want);
	CU_ASSERT_PTR_NULL(ds.images);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_bad(void)
{
	check_bad("{\"segmentation\":{\"size\":[10,10],\"counts\":[1]}}",
		  "a polygon whose segmentation is not an array");
	check_bad("{\"segmentation\":[[1,1,4,1,4]]}",
		  "a polygon part has an odd or too large number of coordinates");
	check_bad("{\"segmentation\":[[1,1,\"a\",1,4,4]]}", "a polygon coordinate is not a number");
	check_bad("{\"segmentation\":[]}", "a polygon without parts");
	check_bad("[", "not JSON");
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
	CU_ASSERT_EQUAL(ds.images[0].n_rles, 4);
	CU_ASSERT_EQUAL(ds.n_shapes_by_box, 1);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

TLY_TESTS("store_load_masks",
	  {"masks", test_masks},
	  {"allocation_failures", test_allocation_failures},
	  {"bad", test_bad})
