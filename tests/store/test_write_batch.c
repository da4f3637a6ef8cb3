/*
 * Tests of src/store/write_batch.c: what one batch writes (read back with
 * plain SQL through a separate connection), idempotent re-ingest,
 * replacement of a submission, image sizes, the caps, and failures that
 * must leave the store file byte-identical.
 */
#include "store_fixture.h"
#include "util/limits.h"

/*
 * The sample file "/data/alice.json" (hash 'a' x 64):
 *   b.jpg 640x480: alice objects (cat [10,20,30,40], dog [1.5,2.5,3.25,4.75] crowd),
 *                  bob objects (cat [11,21,29,39])
 *   a.jpg size unknown: bob objects, empty ("nothing here");
 *                  alice labels: indoor, day
 */
static void sample_batch(tly_batch *b)
{
	size_t ib, ia, s0, s1, s2, s3;
	tly_geometry g;

	batch_start(b, "/data/alice.json", 'a', "coco", 0);
	CHECK_OK(tly_batch_add_image(&ib, b, "b.jpg", 640, 480, "t"));
	CHECK_OK(tly_batch_add_image(&ia, b, "a.jpg", 0, 0, "t"));
	CHECK_OK(tly_batch_add_submission(&s0, b, ib, "alice", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s1, b, ib, "bob", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s2, b, ia, "bob", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s3, b, ia, "alice", TLY_TASK_LABELS));
	b->subs[s0].submitted_at = 86400; /* one day after the epoch */
	g = box(10, 20, 30, 40);
	CHECK_OK(tly_batch_add_object(b, s0, "cat", &g, 0, "annotations[0]", NULL));
	g = box(1.5, 2.5, 3.25, 4.75);
	CHECK_OK(tly_batch_add_object(b, s0, "dog", &g, 1, "annotations[1]", "{\"segmentation\":[]}"));
	g = box(11, 21, 29, 39);
	CHECK_OK(tly_batch_add_object(b, s1, "cat", &g, 0, NULL, NULL));
	CHECK_OK(tly_batch_add_tag(b, s3, "indoor"));
	CHECK_OK(tly_batch_add_tag(b, s3, "day"));
}

/* Open a new store at PATH holding the sample batch. */
static tly_store *store_with_sample(char path[TMPDB_SIZE])
{
	tly_store_write_stats stats;
	tly_store *st = NULL;
	tly_batch b;

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(tly_store_open(&st, path), 0);
	sample_batch(&b);
	CHECK_OK(tly_store_write_batch(&stats, st, &b, NULL));
	tly_batch_clear(&b);
	return st;
}

static void test_sample_written(void)
{
	char path[TMPDB_SIZE], text[128];
	tly_store_write_stats stats;
	tly_store *st = NULL;
	tly_batch b;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	sample_batch(&b);
	CHECK_OK(tly_store_write_batch(&stats, st, &b, NULL));
	tly_batch_clear(&b);
	CU_ASSERT_EQUAL(stats.skipped, 0);
	CU_ASSERT_EQUAL(stats.images_new, 2);
	CU_ASSERT_EQUAL(stats.submissions, 4);
	CU_ASSERT_EQUAL(stats.submissions_replaced, 0);
	CU_ASSERT_EQUAL(stats.objects, 3);
	CU_ASSERT_EQUAL(stats.tags, 2);
	CU_ASSERT_EQUAL(table_rows(path, "images"), 2);
	CU_ASSERT_EQUAL(table_rows(path, "annotators"), 2);
	CU_ASSERT_EQUAL(table_rows(path, "categories"), 4);
	CU_ASSERT_EQUAL(table_rows(path, "sources"), 1);
	CU_ASSERT_EQUAL(table_rows(path, "submissions"), 4);
	CU_ASSERT_EQUAL(table_rows(path, "objects"), 3);
	CU_ASSERT_EQUAL(table_rows(path, "tags"), 2);
	/* Names get ids in first-seen order: objects' labels before tags'. */
	CU_ASSERT_EQUAL(sql_int(path, "SELECT id FROM annotators WHERE name = 'alice'"), 1);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT id FROM annotators WHERE name = 'bob'"), 2);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT id FROM categories WHERE name = 'cat'"), 1);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT id FROM categories WHERE name = 'dog'"), 2);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT id FROM categories WHERE name = 'indoor'"), 3);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT id FROM categories WHERE name = 'day'"), 4);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT width * 1000 + height FROM images WHERE name = 'b.jpg'"), 640480);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT width + height FROM images WHERE name = 'a.jpg'"), 0);
	/* The source row. */
	sql_text(text, sizeof(text), path, "SELECT path || '|' || format || '|' || annotator_override || '|'"
					   " || gold || '|' || repairs FROM sources");
	CU_ASSERT_STRING_EQUAL(text, "/data/alice.json|coco||0|0");
	CU_ASSERT_EQUAL(sql_int(path, "SELECT sha256 = printf('%.64c', 'a') FROM sources"), 1);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM sources WHERE ingested_at GLOB"
				      " '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'"), 1);
	/* Submissions: the empty one exists; 86400 s after the epoch is 1970-01-02T00:00:00Z. */
	sql_text(text, sizeof(text), path,
		 "SELECT s.submitted_at FROM submissions s JOIN annotators a ON a.id = s.annotator_id"
		 " JOIN images i ON i.id = s.image_id WHERE a.name = 'alice' AND i.name = 'b.jpg'");
	CU_ASSERT_STRING_EQUAL(text, "1970-01-02T00:00:00Z");
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM submissions WHERE submitted_at IS NULL"), 3);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM submissions s JOIN images i ON i.id = s.image_id"
				      " WHERE i.name = 'a.jpg' AND s.task = 'objects' AND s.annotator_id = 2"
				      " AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.submission_id = s.id)"), 1);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM submissions WHERE task = 'labels' AND gold = 0"
				      " AND source_id = 1"), 1);
	/* The crowd dog keeps every field. */
	sql_text(text, sizeof(text), path,
		 "SELECT kind || '|' || x || '|' || y || '|' || w || '|' || h || '|' || iscrowd || '|'"
		 " || source_ref || '|' || extra_json FROM objects WHERE category_id = 2");
	CU_ASSERT_STRING_EQUAL(text, "box|1.5|2.5|3.25|4.75|1|annotations[1]|{\"segmentation\":[]}");
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM objects WHERE source_ref IS NULL AND extra_json IS NULL"), 1);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM tags t JOIN submissions s ON s.id = t.submission_id"
				      " WHERE s.task = 'labels' AND t.category_id IN (3, 4)"), 2);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_idempotent(void)
{
	char path[TMPDB_SIZE], before[65], after[65];
	long long c1[N_STORE_TABLES], c2[N_STORE_TABLES];
	tly_store_write_stats stats;
	tly_store *st = store_with_sample(path);
	tly_batch b;

	tly_store_close(st);
	file_sha256(before, path);
	count_all(c1, path);
	CHECK_OK(tly_store_open(&st, path));
	sample_batch(&b);
	CHECK_OK(tly_store_write_batch(&stats, st, &b, NULL));
	CU_ASSERT_EQUAL(stats.skipped, 1);
	CU_ASSERT_EQUAL(stats.images_new + stats.submissions + stats.submissions_replaced + stats.objects + stats.tags, 0);
	/* The same file under another path is the same content: still skipped. */
	tly_free(b.path);
	b.path = tly_strdup("/elsewhere/copy.json");
	CHECK_OK(tly_store_write_batch(&stats, st, &b, NULL));
	CU_ASSERT_EQUAL(stats.skipped, 1);
	tly_batch_clear(&b);
	tly_store_close(st);
	count_all(c2, path);
	CU_ASSERT_EQUAL(memcmp(c1, c2, sizeof(c1)), 0);
	file_sha256(after, path);
	CU_ASSERT_STRING_EQUAL(before, after);
	tmpdb_remove(path);
}

/* The same content with another --annotator or --gold is another source. */
static void test_override_and_gold_are_part_of_identity(void)
{
	char path[TMPDB_SIZE];
	tly_store_write_stats stats;
	tly_store *st = store_with_sample(path);
	tly_batch b;

	sample_batch(&b);
	CHECK_OK(tly_store_write_batch(&stats, st, &b, "alice"));
	/* Same four (image, annotator, task, non-gold) keys: all replaced by the newer source. */
	CU_ASSERT_EQUAL(stats.skipped, 0);
	CU_ASSERT_EQUAL(stats.submissions, 4);
	CU_ASSERT_EQUAL(stats.submissions_replaced, 4);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM sources WHERE annotator_override = 'alice'"), 1);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM submissions WHERE source_id = 2"), 4);
	b.gold = 1;
	CHECK_OK(tly_store_write_batch(&stats, st, &b, "alice"));
	/* Gold answers sit beside the non-gold ones: four new rows, none replaced. */
	CU_ASSERT_EQUAL(stats.skipped, 0);
	CU_ASSERT_EQUAL(stats.submissions_replaced, 0);
	CU_ASSERT_EQUAL(table_rows(path, "submissions"), 8);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM submissions WHERE gold = 1 AND source_id = 3"), 4);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT gold FROM sources WHERE id = 3"), 1);
	CU_ASSERT_EQUAL(table_rows(path, "objects"), 6);
	tly_batch_clear(&b);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_replacement(void)
{
	char path[TMPDB_SIZE];
	tly_store_write_stats stats;
	tly_store *st = store_with_sample(path);
	size_t ib, ia, s0, s1;
	tly_geometry g;
	tly_batch b;

	/* bob redoes b.jpg with one bird; alice redoes a.jpg's labels as "no label". */
	batch_start(&b, "/data/v2.json", 'b', "coco", 0);
	CHECK_OK(tly_batch_add_image(&ib, &b, "b.jpg", 640, 480, "t"));
	CHECK_OK(tly_batch_add_image(&ia, &b, "a.jpg", 0, 0, "t"));
	CHECK_OK(tly_batch_add_submission(&s0, &b, ib, "bob", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s1, &b, ia, "alice", TLY_TASK_LABELS));
	g = box(5, 5, 5, 5);
	CHECK_OK(tly_batch_add_object(&b, s0, "bird", &g, 0, NULL, NULL));
	CHECK_OK(tly_store_write_batch(&stats, st, &b, NULL));
	tly_batch_clear(&b);
	CU_ASSERT_EQUAL(stats.images_new, 0);
	CU_ASSERT_EQUAL(stats.submissions, 2);
	CU_ASSERT_EQUAL(stats.submissions_replaced, 2);
	CU_ASSERT_EQUAL(stats.objects, 1);
	CU_ASSERT_EQUAL(stats.tags, 0);
	/* Rows kept: ids 2 (bob, b.jpg) and 4 (alice labels) now point at source 2. */
	CU_ASSERT_EQUAL(table_rows(path, "submissions"), 4);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT sum(id) FROM submissions WHERE source_id = 2"), 6);
	/* alice's two objects stay, bob's cat (id 3) is gone, the bird is id 4: ids are never reused. */
	CU_ASSERT_EQUAL(table_rows(path, "objects"), 3);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT id FROM objects WHERE category_id ="
				      " (SELECT id FROM categories WHERE name = 'bird')"), 4);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM objects WHERE id = 3"), 0);
	CU_ASSERT_EQUAL(table_rows(path, "tags"), 0);
	CU_ASSERT_EQUAL(table_rows(path, "sources"), 2);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_image_size_filled_in(void)
{
	char path[TMPDB_SIZE];
	tly_store_write_stats stats;
	tly_store *st = store_with_sample(path);
	size_t ia, ib, s;
	tly_batch b;

	batch_start(&b, "/data/carol.json", 'c', "labelme", 0);
	CHECK_OK(tly_batch_add_image(&ia, &b, "a.jpg", 100, 50, "t"));
	CHECK_OK(tly_batch_add_image(&ib, &b, "b.jpg", 0, 0, "t"));
	CHECK_OK(tly_batch_add_submission(&s, &b, ia, "carol", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s, &b, ib, "carol", TLY_TASK_OBJECTS));
	CHECK_OK(tly_store_write_batch(&stats, st, &b, "carol"));
	tly_batch_clear(&b);
	/* a.jpg was 0x0: now 100x50; b.jpg keeps 640x480 when the file does not say. */
	CU_ASSERT_EQUAL(sql_int(path, "SELECT width * 1000 + height FROM images WHERE name = 'a.jpg'"), 100050);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT width * 1000 + height FROM images WHERE name = 'b.jpg'"), 640480);
	CU_ASSERT_EQUAL(stats.images_new, 0);
	CU_ASSERT_EQUAL(stats.submissions, 2);
	tly_store_close(st);
	tmpdb_remove(path);
}

/*
 * Write B into the store at PATH (closed), expecting failure CODE with
 * message EXPECT, and check the file afterwards is byte-identical and every
 * table holds as many rows as before.
 */
static void expect_unchanged(const char *path, tly_batch *b, int code, const char *expect)
{
	char before[65], after[65];
	long long c1[N_STORE_TABLES], c2[N_STORE_TABLES];
	tly_store_write_stats stats;
	tly_store *st = NULL;

	/* Closing the last connection checkpoints the WAL into the file. */
	file_sha256(before, path);
	count_all(c1, path);
	CHECK_OK(tly_store_open(&st, path));
	CU_ASSERT_EQUAL(tly_store_write_batch(&stats, st, b, NULL), code);
	if (expect)
		CHECK_MESSAGE(expect);
	CU_ASSERT_EQUAL(stats.submissions + stats.objects + stats.images_new + (size_t)stats.skipped, 0);
	tly_store_close(st);
	count_all(c2, path);
	CU_ASSERT_EQUAL(memcmp(c1, c2, sizeof(c1)), 0);
	file_sha256(after, path);
	CU_ASSERT_STRING_EQUAL(before, after);
}

static void test_size_conflict_changes_nothing(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = store_with_sample(path);
	size_t in, ib, s;
	tly_geometry g = box(1, 1, 1, 1);
	tly_batch b;

	tly_store_close(st);
	/* new.jpg is written before b.jpg's size clashes: all of it must roll back. */
	batch_start(&b, "/data/conflict.json", 'd', "coco", 0);
	CHECK_OK(tly_batch_add_image(&in, &b, "new.jpg", 10, 10, "t"));
	CHECK_OK(tly_batch_add_image(&ib, &b, "b.jpg", 641, 480, "t"));
	CHECK_OK(tly_batch_add_submission(&s, &b, in, "dave", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_object(&b, s, "cat", &g, 0, NULL, NULL));
	expect_unchanged(path, &b, TLY_EINPUT, "/data/conflict.json: image b.jpg is 641x480 here but 640x480 in the store");
	tly_batch_clear(&b);
	tmpdb_remove(path);
}

static void test_bad_box_changes_nothing(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = store_with_sample(path);
	size_t in, s;
	tly_geometry g = box(1, 1, 1, 1);
	tly_batch b;

	tly_store_close(st);
	/* The first object is stored, the second is NaN wide: nothing stays. */
	batch_start(&b, "/data/nan.json", 'e', "coco", 0);
	CHECK_OK(tly_batch_add_image(&in, &b, "new.jpg", 10, 10, "t"));
	CHECK_OK(tly_batch_add_submission(&s, &b, in, "dave", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_object(&b, s, "cat", &g, 0, "annotations[0]", NULL));
	g = box(0, 0, NAN, 1);
	CHECK_OK(tly_batch_add_object(&b, s, "cat", &g, 0, "annotations[1]", NULL));
	expect_unchanged(path, &b, TLY_EINPUT, "/data/nan.json: annotations[1]: bad shape (kind 1, box 0,0,nan,1)");
	tly_batch_clear(&b);
	tmpdb_remove(path);
}

static void test_annotator_cap(void)
{
	char path[TMPDB_SIZE], name[32], expect[160];
	tly_store_write_stats stats;
	tly_store *st = NULL;
	size_t im, s;
	int i;
	tly_batch b;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	/* Exactly the cap fits. */
	batch_start(&b, "/data/many.json", 'f', "csv", 0);
	CHECK_OK(tly_batch_add_image(&im, &b, "x.jpg", 0, 0, "t"));
	for (i = 0; i < TLY_MAX_ANNOTATORS; i++) {
		snprintf(name, sizeof(name), "a%05d", i);
		CHECK_OK(tly_batch_add_submission(&s, &b, im, name, TLY_TASK_LABELS));
	}
	CHECK_OK(tly_store_write_batch(&stats, st, &b, NULL));
	tly_batch_clear(&b);
	CU_ASSERT_EQUAL(table_rows(path, "annotators"), TLY_MAX_ANNOTATORS);
	tly_store_close(st);
	/* One more is refused, naming the cap; a known annotator still writes. */
	batch_start(&b, "/data/one-more.json", '0', "csv", 0);
	CHECK_OK(tly_batch_add_image(&im, &b, "x.jpg", 0, 0, "t"));
	CHECK_OK(tly_batch_add_submission(&s, &b, im, "a00001", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s, &b, im, "newcomer", TLY_TASK_OBJECTS));
	snprintf(expect, sizeof(expect),
		 "/data/one-more.json: annotator newcomer would exceed TLY_MAX_ANNOTATORS (%d in a store)",
		 TLY_MAX_ANNOTATORS);
	expect_unchanged(path, &b, TLY_ELIMIT, expect);
	tly_batch_clear(&b);
	tmpdb_remove(path);
}

static void test_category_cap(void)
{
	char path[TMPDB_SIZE], name[32], expect[160];
	tly_store_write_stats stats;
	tly_store *st = NULL;
	size_t im, s;
	int i;
	tly_batch b;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	batch_start(&b, "/data/labels.csv", '1', "csv", 0);
	CHECK_OK(tly_batch_add_image(&im, &b, "x.jpg", 0, 0, "t"));
	CHECK_OK(tly_batch_add_submission(&s, &b, im, "ann", TLY_TASK_LABELS));
	for (i = 0; i < TLY_MAX_CATEGORIES; i++) {
		snprintf(name, sizeof(name), "c%06d", i);
		CHECK_OK(tly_batch_add_tag(&b, s, name));
	}
	CHECK_OK(tly_store_write_batch(&stats, st, &b, NULL));
	tly_batch_clear(&b);
	CU_ASSERT_EQUAL(stats.tags, (size_t)TLY_MAX_CATEGORIES);
	CU_ASSERT_EQUAL(table_rows(path, "categories"), TLY_MAX_CATEGORIES);
	tly_store_close(st);
	batch_start(&b, "/data/labels2.csv", '2', "csv", 0);
	CHECK_OK(tly_batch_add_image(&im, &b, "x.jpg", 0, 0, "t"));
	CHECK_OK(tly_batch_add_submission(&s, &b, im, "ann2", TLY_TASK_LABELS));
	CHECK_OK(tly_batch_add_tag(&b, s, "c000007"));
	CHECK_OK(tly_batch_add_tag(&b, s, "brand-new"));
	snprintf(expect, sizeof(expect),
		 "/data/labels2.csv: category brand-new would exceed TLY_MAX_CATEGORIES (%d in a store)",
		 TLY_MAX_CATEGORIES);
	expect_unchanged(path, &b, TLY_ELIMIT, expect);
	tly_batch_clear(&b);
	tmpdb_remove(path);
}

/* Objects on one image, all annotators together: 60000 + 50000 > TLY_MAX_OBJECTS_IMAGE (100000). */
static void test_objects_per_image_cap(void)
{
	char path[TMPDB_SIZE], expect[160];
	tly_store_write_stats stats;
	tly_store *st = NULL;
	size_t im, s;
	tly_geometry g = box(0, 0, 1, 1);
	int i;
	tly_batch b;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	batch_start(&b, "/data/first.json", '3', "coco", 0);
	CHECK_OK(tly_batch_add_image(&im, &b, "x.jpg", 0, 0, "t"));
	CHECK_OK(tly_batch_add_submission(&s, &b, im, "ann", TLY_TASK_OBJECTS));
	for (i = 0; i < 60000; i++)
		CHECK_OK(tly_batch_add_object(&b, s, "cat", &g, 0, NULL, NULL));
	CHECK_OK(tly_store_write_batch(&stats, st, &b, NULL));
	tly_batch_clear(&b);
	tly_store_close(st);
	batch_start(&b, "/data/second.json", '4', "coco", 0);
	CHECK_OK(tly_batch_add_image(&im, &b, "x.jpg", 0, 0, "t"));
	CHECK_OK(tly_batch_add_submission(&s, &b, im, "ann2", TLY_TASK_OBJECTS));
	for (i = 0; i < 50000; i++)
		CHECK_OK(tly_batch_add_object(&b, s, "cat", &g, 0, NULL, NULL));
	snprintf(expect, sizeof(expect),
		 "/data/second.json: image x.jpg would hold 110000 objects, over TLY_MAX_OBJECTS_IMAGE (%d)",
		 TLY_MAX_OBJECTS_IMAGE);
	expect_unchanged(path, &b, TLY_ELIMIT, expect);
	tly_batch_clear(&b);
	tmpdb_remove(path);
}

static void test_empty_batch_and_bad_arguments(void)
{
	char path[TMPDB_SIZE];
	tly_store_write_stats stats;
	tly_store *st = NULL;
	tly_batch b;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	/* A file with nothing in it is still a source (so re-ingesting it is skipped). */
	batch_start(&b, "/data/empty.json", '5', "coco", 0);
	CHECK_OK(tly_store_write_batch(NULL, st, &b, NULL));
	CU_ASSERT_EQUAL(table_rows(path, "sources"), 1);
	CHECK_OK(tly_store_write_batch(&stats, st, &b, NULL));
	CU_ASSERT_EQUAL(stats.skipped, 1);
	CU_ASSERT_EQUAL(tly_store_write_batch(&stats, NULL, &b, NULL), TLY_EARG);
	b.sha256[0] = '\0';
	CU_ASSERT_EQUAL(tly_store_write_batch(&stats, st, &b, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(stats.skipped, 0);
	tly_batch_clear(&b);
	CU_ASSERT_EQUAL(table_rows(path, "sources"), 1);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* Failing the Nth allocation, for every N until the write succeeds: ENOMEM and no change each time. */
static void test_allocation_failures_change_nothing(void)
{
	char path[TMPDB_SIZE];
	long long c1[N_STORE_TABLES], c2[N_STORE_TABLES];
	tly_store *st = store_with_sample(path);
	tly_batch b;
	long n;
	int rc = -1;

	sample_batch(&b);
	b.sha256[0] = 'f'; /* a new file that replaces all four answers */
	count_all(c1, path);
	for (n = 1; n < 1000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_store_write_batch(NULL, st, &b, NULL);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			count_all(c2, path);
			CU_ASSERT_EQUAL(memcmp(c1, c2, sizeof(c1)), 0);
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 2); /* at least the writer's own arrays were failed */
	CU_ASSERT_EQUAL(table_rows(path, "sources"), 2);
	tly_batch_clear(&b);
	tly_store_close(st);
	tmpdb_remove(path);
}

TLY_TESTS("store_write_batch",
	  {"sample_written", test_sample_written},
	  {"idempotent", test_idempotent},
	  {"override_and_gold_are_part_of_identity", test_override_and_gold_are_part_of_identity},
	  {"replacement", test_replacement},
	  {"image_size_filled_in", test_image_size_filled_in},
	  {"size_conflict_changes_nothing", test_size_conflict_changes_nothing},
	  {"bad_box_changes_nothing", test_bad_box_changes_nothing},
	  {"annotator_cap", test_annotator_cap},
	  {"category_cap", test_category_cap},
	  {"objects_per_image_cap", test_objects_per_image_cap},
	  {"empty_batch_and_bad_arguments", test_empty_batch_and_bad_arguments},
	  {"allocation_failures_change_nothing", test_allocation_failures_change_nothing})
