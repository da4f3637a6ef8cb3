/*
 * The CSV report: the sample run (sample.h) written as a folder of tables,
 * each compared with its hand-written golden file in fixtures/report/csv/
 * (undefined numbers empty, names with , and " quoted per RFC 4180).
 */
#include <stdlib.h>
#include <unistd.h>

#include "sample.h"
#include "tally/report.h"

static void check_table(const char *dir, const char *name)
{
	tly_buf got = TLY_BUF_INIT, golden = TLY_BUF_INIT;

	tly_buf_printf(&got, "%s/%s", dir, name);
	tly_buf_printf(&golden, "fixtures/report/csv/%s", name);
	{
		tly_buf text = TLY_BUF_INIT;

		CHECK_OK(tly_buf_read_file(&text, got.ptr, (size_t)1 << 20));
		check_golden(text.ptr, text.size, golden.ptr);
		tly_buf_clear(&text);
	}
	remove(got.ptr);
	tly_buf_clear(&got);
	tly_buf_clear(&golden);
}

/* Writes into DIR/out/tables (both created), compares, removes everything. */
static void test_golden_tables(void)
{
	char dir[] = "/tmp/tally-report-csv-XXXXXX";
	tly_buf out = TLY_BUF_INIT, parent = TLY_BUF_INIT;
	tly_dataset ds;
	tly_result r;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	tly_buf_printf(&parent, "%s/out", dir);
	tly_buf_printf(&out, "%s/out/tables", dir);
	sample_build(&ds, &r);
	CHECK_OK(tly_report_write(out.ptr, TLY_REPORT_CSV, &ds, &r));
	/* Again into the existing folder: overwrites, no error. */
	CHECK_OK(tly_report_write(out.ptr, TLY_REPORT_CSV, &ds, &r));
	for (i = 0; i < SAMPLE_CSV_TABLES; i++)
		check_table(out.ptr, sample_csv_tables[i]);
	CU_ASSERT_EQUAL(rmdir(out.ptr), 0);
	CU_ASSERT_EQUAL(rmdir(parent.ptr), 0);
	CU_ASSERT_EQUAL(rmdir(dir), 0);
	tly_buf_clear(&out);
	tly_buf_clear(&parent);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* A file where the folder should be is an I/O error naming it. */
static void test_path_is_a_file(void)
{
	char path[] = "/tmp/tally-report-file-XXXXXX";
	tly_dataset ds;
	tly_result r;
	int fd = mkstemp(path);

	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	sample_build(&ds, &r);
	CU_ASSERT_EQUAL(tly_report_write(path, TLY_REPORT_CSV, &ds, &r), TLY_EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_error_last(), path));
	remove(path);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("report_csv",
	  {"golden_tables", test_golden_tables},
	  {"path_is_a_file", test_path_is_a_file})
