/*
 * Tests of src/store/write_maps.c: the label_maps and label_map_classes
 * rows a batch of maps leaves (read back with plain SQL through a separate
 * connection), runs blobs worked byte by byte, image sizes filled in from a
 * map, replacement by a newer file, the per-submission gold flag, and
 * refusals (a map of another size than its image, a batch breaking the
 * tly_batch_add_map contract, failed allocations) that leave the store
 * file byte-identical. The batches are drawn in maps_fixture.h.
 */
#include "maps_fixture.h"

/* A new store at PATH holding seg_batch. */
static tly_store *store_with_seg(char path[TMPDB_SIZE])
{
	tly_store *st = NULL;

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(tly_store_open(&st, path), 0);
	write_with(st, seg_batch, NULL);
	return st;
}

static void test_maps_written(void)
{
	char path[TMPDB_SIZE], text[512];
	tly_store_write_stats stats;
	tly_store *st = NULL;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_with(st, seg_batch, &stats);
	CU_ASSERT_EQUAL(stats.images_new, 2);
	CU_ASSERT_EQUAL(stats.submissions, 1);
	CU_ASSERT_EQUAL(stats.objects, 0);
	CU_ASSERT_EQUAL(stats.maps, 3);
	CU_ASSERT_EQUAL(table_rows(path, "label_maps"), 3);
	CU_ASSERT_EQUAL(table_rows(path, "label_map_classes"), 6);
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT id || '|' || image_id || '|' || annotator_id || '|' || gold"
		 " || '|' || source_id || '|' || ifnull(source_ref, 'N') || '|' || kind || '|' || width || '|' || height"
		 " || '|' || ifnull(ignore_value, 'N') AS x FROM label_maps ORDER BY id)");
	CU_ASSERT_STRING_EQUAL(text, "1|1|1|0|1|masks/alice/a.png|semantic|4|3|200 2|1|2|0|1|N|panoptic|4|3|N "
				     "3|2|1|0|1|masks/alice/b.png|semantic|3|2|255");
	/*
	 * Map 1: width 4, height 3, then (value, length) pairs 0x2 1x2 0x1 1x2
	 * Ix1 2x4, each a little-endian uint32 (I = 0xFFFFFFFF).
	 */
	sql_text(text, sizeof(text), path, "SELECT hex(runs) FROM label_maps WHERE id = 1");
	CU_ASSERT_STRING_EQUAL(text, "0400000003000000" "0000000002000000" "0100000002000000" "0000000001000000"
				     "0100000002000000" "FFFFFFFF01000000" "0200000004000000");
	/* Map 2: 7x3 3x9 (file values: the classes name them). */
	sql_text(text, sizeof(text), path, "SELECT hex(runs) FROM label_maps WHERE id = 2");
	CU_ASSERT_STRING_EQUAL(text, "0400000003000000" "0700000003000000" "0300000009000000");
	/* Classes: (map, value, category id, isthing); categories background 1, road 2, car 3. */
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT label_map_id || ':' || value || ':' || category_id || ':'"
		 " || ifnull(isthing, 'N') AS x FROM label_map_classes ORDER BY label_map_id, value)");
	CU_ASSERT_STRING_EQUAL(text, "1:0:1:N 1:1:2:N 1:2:3:N 2:3:2:0 2:7:3:0 3:1:2:N");
	sql_text(text, sizeof(text), path, "SELECT group_concat(name, ' ') FROM (SELECT name FROM categories ORDER BY id)");
	CU_ASSERT_STRING_EQUAL(text, "background road car");
	/* a.png was 0 x 0 in the file: the map made it 4 x 3; b.png stays 3 x 2. */
	CU_ASSERT_EQUAL(sql_int(path, "SELECT width * 1000 + height FROM images WHERE name = 'a.png'"), 4003);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT width * 1000 + height FROM images WHERE name = 'b.png'"), 3002);
	/* The submission's own gold flag counts although the file is not gold. */
	CU_ASSERT_EQUAL(sql_int(path, "SELECT gold FROM submissions"), 1);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT gold FROM sources"), 0);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM label_maps WHERE ingested_at ="
				      " (SELECT ingested_at FROM sources)"), 3);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* carol's gold map of a.png sits beside the non-gold ones. */
static void test_gold_map_beside(void)
{
	char path[TMPDB_SIZE], text[256];
	tly_store_write_stats stats;
	tly_store *st = store_with_seg(path);

	write_with(st, gold_batch, &stats);
	CU_ASSERT_EQUAL(stats.maps, 1);
	CU_ASSERT_EQUAL(stats.images_new, 0);
	sql_text(text, sizeof(text), path,
		 "SELECT id || '|' || image_id || '|' || annotator_id || '|' || gold || '|' || source_id || '|'"
		 " || source_ref || '|' || kind || '|' || ifnull(ignore_value, 'N') FROM label_maps WHERE id = 4");
	CU_ASSERT_STRING_EQUAL(text, "4|1|3|1|2|panoptic/a.png|panoptic|N");
	/* 9x4 Ix2 7x6. */
	sql_text(text, sizeof(text), path, "SELECT hex(runs) FROM label_maps WHERE id = 4");
	CU_ASSERT_STRING_EQUAL(text, "0400000003000000" "0900000004000000" "FFFFFFFF02000000" "0700000006000000");
	/* car (3) is a thing here, sky is new (4) and stuff. */
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT value || ':' || category_id || ':' || isthing AS x"
		 " FROM label_map_classes WHERE label_map_id = 4 ORDER BY value)");
	CU_ASSERT_STRING_EQUAL(text, "7:3:1 9:4:0");
	CU_ASSERT_EQUAL(table_rows(path, "label_maps"), 4);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* bob redoes a.png as a semantic map, all road (file value 0). */
static void bob_again(tly_batch *b)
{
	static const uint32_t px[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	char road[] = "road";
	tly_batch_class c[] = {{0, road, -1}};
	size_t ia;

	batch_start(b, "/data/bob-v2.json", 'c', "png", 0);
	CHECK_OK(tly_batch_add_image(&ia, b, "a.png", 0, 0, "t"));
	add_map(b, ia, "bob", 0, 255, px, 4, 3, c, 1, NULL);
}

/* The same picture as bob's gold map of a.png. */
static void bob_gold(tly_batch *b)
{
	bob_again(b);
	b->sha256[0] = 'd';
	b->gold = 1;
}

static void test_replacement(void)
{
	char path[TMPDB_SIZE], text[256];
	tly_store_write_stats stats;
	tly_store *st = store_with_seg(path);

	write_with(st, gold_batch, NULL);
	write_with(st, bob_again, &stats);
	CU_ASSERT_EQUAL(stats.maps, 1);
	CU_ASSERT_EQUAL(stats.submissions, 0);
	/* Map 2 and its two classes are gone; the new map is id 5 (ids are never reused). */
	CU_ASSERT_EQUAL(table_rows(path, "label_maps"), 4);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM label_maps WHERE id = 2"), 0);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM label_map_classes WHERE label_map_id = 2"), 0);
	CU_ASSERT_EQUAL(table_rows(path, "label_map_classes"), 8 - 2 + 1);
	sql_text(text, sizeof(text), path,
		 "SELECT id || '|' || annotator_id || '|' || gold || '|' || source_id || '|' || kind || '|'"
		 " || ignore_value || '|' || hex(runs) FROM label_maps WHERE annotator_id = 2");
	CU_ASSERT_STRING_EQUAL(text, "5|2|0|3|semantic|255|0400000003000000"
				     "000000000C000000"); /* 0 x 12 */
	/* A gold map of the same (image, annotator) sits beside the non-gold one. */
	write_with(st, bob_gold, &stats);
	CU_ASSERT_EQUAL(stats.maps, 1);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM label_maps WHERE annotator_id = 2"), 2);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT id FROM label_maps WHERE annotator_id = 2 AND gold = 1"), 6);
	tly_store_close(st);
	tmpdb_remove(path);
}

/*
 * "/data/bad.json": a new image c.png 2 x 2 with dave's good map (written
 * first), then dave's 5 x 3 map of a.png, which the store knows as 4 x 3.
 */
static void bad_size_batch(tly_batch *b)
{
	static const uint32_t px[15] = {0};
	char bg[] = "background";
	tly_batch_class c[] = {{0, bg, -1}};
	size_t ia, ic;

	batch_start(b, "/data/bad.json", 'e', "png", 0);
	CHECK_OK(tly_batch_add_image(&ic, b, "c.png", 2, 2, "t"));
	CHECK_OK(tly_batch_add_image(&ia, b, "a.png", 0, 0, "t"));
	add_map(b, ic, "dave", 0, 255, px, 2, 2, c, 1, NULL);
	add_map(b, ia, "dave", 0, 255, px, 5, 3, c, 1, NULL);
}

/* Write B into the closed store at PATH: CODE and message EXPECT, and the file unchanged. */
static void expect_unchanged(const char *path, tly_batch *b, int code, const char *expect)
{
	char before[65], after[65];
	tly_buf d1 = TLY_BUF_INIT, d2 = TLY_BUF_INIT;
	tly_store_write_stats stats;
	tly_store *st = NULL;

	file_sha256(before, path);
	store_dump(&d1, path);
	CHECK_OK(tly_store_open(&st, path));
	CU_ASSERT_EQUAL(tly_store_write_batch(&stats, st, b, NULL), code);
	CHECK_MESSAGE(expect);
	CU_ASSERT_EQUAL(stats.maps + stats.images_new, 0);
	tly_store_close(st);
	store_dump(&d2, path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d1.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d2.ptr);
	CU_ASSERT_STRING_EQUAL(d1.ptr, d2.ptr);
	file_sha256(after, path);
	CU_ASSERT_STRING_EQUAL(before, after);
	tly_buf_clear(&d1);
	tly_buf_clear(&d2);
}

static void test_bad_size_changes_nothing(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = store_with_seg(path);
	tly_batch b;

	tly_store_close(st);
	bad_size_batch(&b);
	expect_unchanged(path, &b, TLY_EINPUT, "/data/bad.json: label map of image a.png by dave is 5x3 but the image is 4x3");
	tly_batch_clear(&b);
	tmpdb_remove(path);
}

/* Batches built by hand past tly_batch_add_map are refused before anything is written. */
static void test_contract_breaches(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_batch b;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	tly_store_close(st);
	seg_batch(&b);
	b.maps[0].map.len[0] = 3; /* 13 pixels for 4 x 3 */
	expect_unchanged(path, &b, TLY_EARG, "/data/seg.json: batch maps[0]: runs do not sum to w x h");
	b.maps[0].map.len[0] = 2;
	b.maps[1].classes[0].value = 4; /* bob's value 3 loses its class */
	expect_unchanged(path, &b, TLY_EARG, "/data/seg.json: batch maps[1]: a pixel value without a class");
	b.maps[1].classes[0].value = 3;
	b.maps[2].image = 0; /* alice's b.png map now also on a.png (3 x 2 runs: still sums right) */
	expect_unchanged(path, &b, TLY_EARG,
			 "/data/seg.json: batch maps[2]: a second map of maps[0]'s image and annotator");
	b.maps[2].image = 7;
	expect_unchanged(path, &b, TLY_EARG, "/data/seg.json: batch maps[2]: bad image index or no annotator");
	b.maps[2].image = 1;
	b.maps[1].classes[1].isthing = 2;
	expect_unchanged(path, &b, TLY_EARG, "/data/seg.json: batch maps[1]: classes not named, ascending and"
					     " unique, or a bad isthing");
	b.maps[1].classes[1].isthing = 0;
	/* Mended, it writes. */
	CHECK_OK(tly_store_open(&st, path));
	CHECK_OK(tly_store_write_batch(NULL, st, &b, NULL));
	tly_store_close(st);
	CU_ASSERT_EQUAL(table_rows(path, "label_maps"), 3);
	tly_batch_clear(&b);
	tmpdb_remove(path);
}

/* Failing the Nth allocation, for every N until the write succeeds: ENOMEM and no change each time. */
static void test_allocation_failures_change_nothing(void)
{
	char path[TMPDB_SIZE];
	tly_buf d1 = TLY_BUF_INIT, d2 = TLY_BUF_INIT;
	tly_store *st = store_with_seg(path);
	tly_batch b;
	long n;
	int rc = -1;

	/* bob's replacement exercises the delete path too. */
	bob_again(&b);
	store_dump(&d1, path);
	for (n = 1; n < 1000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_store_write_batch(NULL, st, &b, NULL);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			store_dump(&d2, path);
			CU_ASSERT_STRING_EQUAL(d1.ptr, d2.ptr);
			tly_buf_clear(&d2);
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 5); /* the writer's arrays, the key buffer, the blob were all failed */
	CU_ASSERT_EQUAL(sql_int(path, "SELECT id FROM label_maps WHERE annotator_id = 2"), 4);
	tly_buf_clear(&d1);
	tly_batch_clear(&b);
	tly_store_close(st);
	tmpdb_remove(path);
}

TLY_TESTS("store_write_maps",
	  {"maps_written", test_maps_written},
	  {"gold_map_beside", test_gold_map_beside},
	  {"replacement", test_replacement},
	  {"bad_size_changes_nothing", test_bad_size_changes_nothing},
	  {"contract_breaches", test_contract_breaches},
	  {"allocation_failures_change_nothing", test_allocation_failures_change_nothing})
