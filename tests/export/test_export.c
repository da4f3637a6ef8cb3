/*
 * The export API: format names (every format, folders or not, unknown), the
 * bounds check on results from elsewhere, and write = render.
 */
#include <stdlib.h>
#include <unistd.h>

#include "report/sample.h"
#include "tally/export.h"
#include "util/alloc.h"

static void test_format_parse(void)
{
	static const struct {
		const char *name;
		tly_export_format fmt;
		int folder;
	} tools[] = {{"labelme", TLY_EXPORT_LABELME, 1}, {"voc", TLY_EXPORT_VOC, 1}, {"yolo", TLY_EXPORT_YOLO, 1},
		     {"cvat", TLY_EXPORT_CVAT, 0}, {"labelstudio", TLY_EXPORT_LABELSTUDIO, 0}};
	tly_export_format f = TLY_EXPORT_CSV;
	size_t i;

	CHECK_OK(tly_export_format_parse(&f, "coco"));
	CU_ASSERT_EQUAL(f, TLY_EXPORT_COCO);
	CHECK_OK(tly_export_format_parse(&f, "csv"));
	CU_ASSERT_EQUAL(f, TLY_EXPORT_CSV);
	CU_ASSERT(!tly_export_format_is_folder(f));
	CHECK_OK(tly_export_format_parse(&f, "png"));
	CU_ASSERT_EQUAL(f, TLY_EXPORT_PNG);
	CU_ASSERT(tly_export_format_is_folder(f));
	CHECK_OK(tly_export_format_parse(&f, "panoptic"));
	CU_ASSERT_EQUAL(f, TLY_EXPORT_PANOPTIC);
	CU_ASSERT(tly_export_format_is_folder(f));
	CU_ASSERT(!tly_export_format_is_folder(TLY_EXPORT_COCO));
	for (i = 0; i < sizeof(tools) / sizeof(tools[0]); i++) {
		CHECK_OK(tly_export_format_parse(&f, tools[i].name));
		CU_ASSERT_EQUAL(f, tools[i].fmt);
		CU_ASSERT_EQUAL(tly_export_format_is_folder(f), tools[i].folder);
	}
	CU_ASSERT_EQUAL(tly_export_format_parse(&f, "pascal"), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "unknown export format pascal");
	CU_ASSERT_EQUAL(tly_export_format_parse(&f, NULL), TLY_EARG);
}

static void test_bad_results(void)
{
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 3;

	sample_build(&ds, &r);
	r.members[1].annotator = 9;
	CU_ASSERT_EQUAL(tly_export_render(&out, &len, TLY_EXPORT_COCO, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "result: members[1].annotator 9 outside the dataset's 4 annotators");
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_EQUAL(len, 0);
	r.members[1].annotator = 1;
	r.cons_objects[0].support = 4; /* members 0..+4 of 3 */
	CU_ASSERT_EQUAL(tly_export_render(&out, &len, TLY_EXPORT_COCO, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "result: cons_objects[0].first_member 0 + support 4 past the 3 members");
	r.cons_objects[0].support = 3;
	r.cons_tags[0].image = 2;
	CU_ASSERT_EQUAL(tly_export_render(&out, &len, TLY_EXPORT_CSV, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "result: cons_tags[0].image 2 outside the dataset's 2 images");
	r.cons_tags[0].image = 1;
	CU_ASSERT_EQUAL(tly_export_render(&out, &len, (tly_export_format)99, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: unknown format 99");
	/* A folder format cannot be one string. */
	CU_ASSERT_EQUAL(tly_export_render(&out, &len, TLY_EXPORT_PNG, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: png writes a folder of files: give tly_export_write a folder");
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_EQUAL(tly_export_render(&out, &len, TLY_EXPORT_YOLO, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: yolo writes a folder of files: give tly_export_write a folder");
	CU_ASSERT_EQUAL(tly_export_render(&out, &len, TLY_EXPORT_CSV, NULL, &r), TLY_EARG);
	CU_ASSERT_EQUAL(tly_export_write(NULL, TLY_EXPORT_CSV, &ds, &r), TLY_EARG);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_write(void)
{
	char path[] = "/tmp/tally-export-XXXXXX";
	tly_buf file = TLY_BUF_INIT;
	tly_dataset ds;
	tly_result r;
	int fd = mkstemp(path);

	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	sample_build(&ds, &r);
	CHECK_OK(tly_export_write(path, TLY_EXPORT_COCO, &ds, &r));
	CHECK_OK(tly_buf_read_file(&file, path, (size_t)1 << 20));
	check_golden(file.ptr, file.size, FIXTURE("report/coco.json"));
	remove(path);
	CU_ASSERT_EQUAL(tly_export_write("/nonexistent-dir/c.json", TLY_EXPORT_COCO, &ds, &r), TLY_EIO);
	tly_buf_clear(&file);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* Allocation N fails, N = 1, 2, ...: TLY_ENOMEM each time until none fails. */
static void test_out_of_memory(void)
{
	static const tly_export_format fmts[] = {TLY_EXPORT_COCO, TLY_EXPORT_CSV};
	tly_dataset ds;
	tly_result r;
	size_t f;

	sample_build(&ds, &r);
	for (f = 0; f < 2; f++) {
		char *out = NULL;
		size_t len = 0;
		long n;
		int rc = -1;

		for (n = 1; n < 1000 && rc != 0; n++) {
			tly_alloc_fail_after(n);
			rc = tly_export_render(&out, &len, fmts[f], &ds, &r);
			tly_alloc_fail_after(0);
			if (rc != 0)
				CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
		}
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT(n > 2);
		free(out);
	}
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("export",
	  {"out_of_memory", test_out_of_memory},
	  {"format_parse", test_format_parse},
	  {"bad_results", test_bad_results},
	  {"write", test_write})
