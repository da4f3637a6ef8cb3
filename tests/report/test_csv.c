/*
 * The CSV report: the sample run (sample.h) written as a folder of tables,
 * each compared with its hand-written golden file in fixtures/report/csv/
 * (undefined numbers empty, names with , and " quoted per RFC 4180), and
 * every row as wide as its header.
 */
#include <stdlib.h>
#include <unistd.h>

#include "sample.h"
#include "seg_sample.h"
#include "tally/report.h"

/* Every row of TEXT has as many fields as its header (commas outside RFC 4180 quotes, + 1). */
static void check_field_counts(const char *text, size_t len, const char *name)
{
	size_t i, fields = 1, header = 0, row = 0;
	int quoted = 0;

	for (i = 0; i < len; i++) {
		if (text[i] == '"')
			quoted = !quoted;
		else if (text[i] == ',' && !quoted)
			fields++;
		else if (text[i] == '\n' && !quoted) {
			if (row == 0)
				header = fields;
			else if (fields != header)
				fprintf(stderr, "%s: row %zu has %zu fields, the header %zu\n", name, row, fields, header);
			CU_ASSERT_EQUAL(fields, header);
			row++;
			fields = 1;
		}
	}
}

static void check_table_in(const char *dir, const char *name, const char *golden_dir)
{
	tly_buf got = TLY_BUF_INIT, golden = TLY_BUF_INIT;

	tly_buf_printf(&got, "%s/%s", dir, name);
	tly_buf_printf(&golden, "%s/%s", golden_dir, name);
	{
		tly_buf text = TLY_BUF_INIT;

		CHECK_OK(tly_buf_read_file(&text, got.ptr, (size_t)1 << 20));
		check_golden(text.ptr, text.size, golden.ptr);
		check_field_counts(text.ptr, text.size, name);
		tly_buf_clear(&text);
	}
	remove(got.ptr);
	tly_buf_clear(&got);
	tly_buf_clear(&golden);
}

static void check_table(const char *dir, const char *name)
{
	check_table_in(dir, name, "fixtures/report/csv");
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

/*
 * The label-map run of seg_sample.h: the tables that carry label-map
 * figures against fixtures/report/csv_seg/, whose values are derived in
 * seg_sample.h (written in the shortest round-trip form).
 */
static void test_seg_tables(void)
{
	static const char *const seg_tables[] = {"images.csv", "classes.csv", "map_audits.csv",
						 "semantic.csv", "panoptic.csv", "map_pairs.csv",
						 "statistics.csv"};
	char dir[] = "/tmp/tally-report-csv-seg-XXXXXX";
	tly_dataset ds;
	tly_result r;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	seg_build(&ds, &r);
	CHECK_OK(tly_report_write(dir, TLY_REPORT_CSV, &ds, &r));
	for (i = 0; i < sizeof(seg_tables) / sizeof(seg_tables[0]); i++)
		check_table_in(dir, seg_tables[i], "fixtures/report/csv_seg");
	for (i = 0; i < SAMPLE_CSV_TABLES; i++) {
		tly_buf path = TLY_BUF_INIT;

		tly_buf_printf(&path, "%s/%s", dir, sample_csv_tables[i]);
		remove(path.ptr);
		tly_buf_clear(&path);
	}
	CU_ASSERT_EQUAL(rmdir(dir), 0);
	seg_clear(&ds, &r);
}

/*
 * Ordered labels: statistics.csv gains the ordinal and interval rows after
 * the nominal alpha (the golden of test_golden_tables, unordered, has none);
 * an undefined one has empty fields and its n.
 */
static void test_ordered_labels(void)
{
	char dir[] = "/tmp/tally-report-csv-ord-XXXXXX";
	tly_buf path = TLY_BUF_INIT, text = TLY_BUF_INIT;
	tly_dataset ds;
	tly_result r;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	sample_build(&ds, &r);
	r.labels_ordered = 1;
	r.krippendorff_alpha_ordinal = (tly_stat){0.8125, {0.5, 0.9375}, 11};
	r.krippendorff_alpha_interval = (tly_stat){NAN, {NAN, NAN}, 0};
	CHECK_OK(tly_report_write(dir, TLY_REPORT_CSV, &ds, &r));
	tly_buf_printf(&path, "%s/statistics.csv", dir);
	CHECK_OK(tly_buf_read_file(&text, path.ptr, (size_t)1 << 20));
	tly_buf_putc(&text, '\0');
	CU_ASSERT_PTR_NOT_NULL(strstr(text.ptr, "\nkrippendorff_alpha_ordinal,0.8125,0.5,0.9375,11,\n"
					       "krippendorff_alpha_interval,,,,0,\nkrippendorff_alpha_iou,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text.ptr, "\nkrippendorff_alpha,"));
	check_field_counts(text.ptr, text.size - 1, "statistics.csv");
	for (i = 0; i < SAMPLE_CSV_TABLES; i++) {
		path.size = 0;
		tly_buf_printf(&path, "%s/%s", dir, sample_csv_tables[i]);
		remove(path.ptr);
	}
	CU_ASSERT_EQUAL(rmdir(dir), 0);
	tly_buf_clear(&path);
	tly_buf_clear(&text);
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

/*
 * Retired categories leave classes.csv and the per-class rows of
 * statistics.csv: the sample with "kitty" retired (sample_retire) gives
 * the golden tables (classes dog and cat; fleiss_kappa rows for dog and
 * cat only), and the label-map run with "auto" and "kerb" retired
 * (seg_retire) its golden tables, fleiss_kappa_maps rows included (road,
 * car, sky, person).
 */
static void test_retired(void)
{
	static const char *const seg_tables[] = {"classes.csv", "statistics.csv", "semantic.csv"};
	char dir[] = "/tmp/tally-report-csv-ret-XXXXXX";
	tly_dataset ds;
	tly_result r;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	sample_build(&ds, &r);
	sample_retire(&ds, &r);
	CHECK_OK(tly_report_write(dir, TLY_REPORT_CSV, &ds, &r));
	for (i = 0; i < SAMPLE_CSV_TABLES; i++)
		check_table(dir, sample_csv_tables[i]);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	seg_build(&ds, &r);
	seg_retire(&ds, &r);
	CHECK_OK(tly_report_write(dir, TLY_REPORT_CSV, &ds, &r));
	for (i = 0; i < sizeof(seg_tables) / sizeof(seg_tables[0]); i++)
		check_table_in(dir, seg_tables[i], "fixtures/report/csv_seg");
	for (i = 0; i < SAMPLE_CSV_TABLES; i++) {
		tly_buf path = TLY_BUF_INIT;

		tly_buf_printf(&path, "%s/%s", dir, sample_csv_tables[i]);
		remove(path.ptr);
		tly_buf_clear(&path);
	}
	CU_ASSERT_EQUAL(rmdir(dir), 0);
	seg_clear(&ds, &r);
}

TLY_TESTS("report_csv",
	  {"golden_tables", test_golden_tables},
	  {"path_is_a_file", test_path_is_a_file},
	  {"ordered_labels", test_ordered_labels},
	  {"seg_tables", test_seg_tables},
	  {"retired", test_retired})
