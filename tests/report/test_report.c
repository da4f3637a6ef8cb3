/*
 * The report API: format names, argument errors, and that writing a file
 * gives exactly what rendering gives (JSON and HTML).
 */
#include <stdlib.h>
#include <unistd.h>

#include "sample.h"
#include "seg_sample.h"
#include "util/alloc.h"
#include "tally/report.h"

static void test_format_parse(void)
{
	tly_report_format f = TLY_REPORT_JSON;

	CHECK_OK(tly_report_format_parse(&f, "csv"));
	CU_ASSERT_EQUAL(f, TLY_REPORT_CSV);
	CHECK_OK(tly_report_format_parse(&f, "html"));
	CU_ASSERT_EQUAL(f, TLY_REPORT_HTML);
	CHECK_OK(tly_report_format_parse(&f, "json"));
	CU_ASSERT_EQUAL(f, TLY_REPORT_JSON);
	CU_ASSERT_EQUAL(tly_report_format_parse(&f, "JSON"), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "unknown report format JSON (json, csv or html)");
	CU_ASSERT_EQUAL(tly_report_format_parse(&f, NULL), TLY_EARG);
}

static void test_bad_arguments(void)
{
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;

	sample_build(&ds, &r);
	CU_ASSERT_EQUAL(tly_report_render(&out, &len, TLY_REPORT_CSV, &ds, &r), TLY_EARG);
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_EQUAL(tly_report_render(&out, &len, (tly_report_format)7, &ds, &r), TLY_EARG);
	CU_ASSERT_EQUAL(tly_report_render(NULL, &len, TLY_REPORT_JSON, &ds, &r), TLY_EARG);
	CU_ASSERT_EQUAL(tly_report_render(&out, &len, TLY_REPORT_JSON, NULL, &r), TLY_EARG);
	CU_ASSERT_EQUAL(tly_report_write(NULL, TLY_REPORT_JSON, &ds, &r), TLY_EARG);
	CU_ASSERT_EQUAL(tly_report_write("/nonexistent-dir/report.json", TLY_REPORT_JSON, &ds, &r),
			TLY_EIO);
	/* A result that does not index the dataset is refused before anything is written. */
	r.n_images = 1;
	CU_ASSERT_EQUAL(tly_report_render(&out, &len, TLY_REPORT_HTML, &ds, &r), TLY_EARG);
	r.n_images = 2;
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void write_matches_render(tly_report_format fmt)
{
	char path[] = "/tmp/tally-report-XXXXXX";
	tly_buf file = TLY_BUF_INIT;
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;
	int fd = mkstemp(path);

	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	sample_build(&ds, &r);
	CHECK_OK(tly_report_write(path, fmt, &ds, &r));
	CHECK_OK(tly_report_render(&out, &len, fmt, &ds, &r));
	CHECK_OK(tly_buf_read_file(&file, path, (size_t)1 << 24));
	CU_ASSERT_EQUAL(file.size, len);
	CU_ASSERT(file.size == len && memcmp(file.ptr, out, len) == 0);
	remove(path);
	free(out);
	tly_buf_clear(&file);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_write_json(void)
{
	write_matches_render(TLY_REPORT_JSON);
}

static void test_write_html(void)
{
	write_matches_render(TLY_REPORT_HTML);
}

/*
 * Allocation N fails, for N = 1, 2, ... until rendering needs no more:
 * every failure is TLY_ENOMEM with nothing leaked (the ASan run checks).
 */
static void fail_each_allocation_of(tly_report_format fmt, const char *dir, int seg)
{
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;
	long n;
	int rc = -1;

	if (seg)
		seg_build(&ds, &r);
	else
		sample_build(&ds, &r);
	for (n = 1; n < 2000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		if (dir)
			rc = tly_report_write(dir, fmt, &ds, &r);
		else
			rc = tly_report_render(&out, &len, fmt, &ds, &r);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_PTR_NULL(out);
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 2);
	free(out);
	if (seg) {
		seg_clear(&ds, &r);
		return;
	}
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void fail_each_allocation(tly_report_format fmt, const char *dir)
{
	fail_each_allocation_of(fmt, dir, 0);
}

static void test_out_of_memory(void)
{
	char dir[] = "/tmp/tally-report-oom-XXXXXX";
	tly_buf path = TLY_BUF_INIT;
	size_t i;

	fail_each_allocation(TLY_REPORT_JSON, NULL);
	fail_each_allocation(TLY_REPORT_HTML, NULL);
	/* The label-map run: the view's segmentation part, its tables and the mask sketches. */
	fail_each_allocation_of(TLY_REPORT_JSON, NULL, 1);
	fail_each_allocation_of(TLY_REPORT_HTML, NULL, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	fail_each_allocation(TLY_REPORT_CSV, dir);
	fail_each_allocation_of(TLY_REPORT_CSV, dir, 1);
	for (i = 0; i < SAMPLE_CSV_TABLES; i++) {
		path.size = 0;
		tly_buf_printf(&path, "%s/%s", dir, sample_csv_tables[i]);
		CU_ASSERT_EQUAL(remove(path.ptr), 0);
	}
	CU_ASSERT_EQUAL(rmdir(dir), 0);
	tly_buf_clear(&path);
}

TLY_TESTS("report",
	  {"out_of_memory", test_out_of_memory},
	  {"format_parse", test_format_parse},
	  {"bad_arguments", test_bad_arguments},
	  {"write_json", test_write_json},
	  {"write_html", test_write_html})
