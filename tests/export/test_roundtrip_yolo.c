/*
 * YOLO export (src/export/yolo.c): the story of roundtrip.h written and
 * read back by tally's YOLO reader (classes.txt, labels/sizes.csv),
 * normalised centres on worked values, the mask outline line, and what
 * YOLO cannot hold: unknown sizes, names without an extension or with
 * one stem, names classes.txt or sizes.csv cannot carry.
 */
#include <stdlib.h>

#include "roundtrip.h"

/* Fractions of the image: boxes within 1e-12 (x / W * W need not give x back exactly); masks exact;
 * no attributes. */
static void test_roundtrip(void)
{
	static const rt_format f = {1, 0, 0, 1, 1e-12, 0};
	char dir[64];

	folder_scratch(dir, "export-yolo");
	rt_roundtrip(TLY_EXPORT_YOLO, dir, &f);
	folder_remove(dir);
}

/*
 * Class id = category index (car 0, person 1, cat 2, sky 3). On a.jpg
 * (100 x 50): car [40, 15, 20, 20]: cx = (40 + 10) / 100 = 0.5, cy =
 * (15 + 10) / 50 = 0.5, w = 20 / 100 = 0.2, h = 20 / 50 = 0.4; person
 * [10.5, 20.25, 30, 12.5]: cx = 25.5 / 100 = 0.255, cy = 26.5 / 50 = 0.53,
 * w = 0.3, h = 12.5 / 50 = 0.25. c.jpg: an empty file.
 */
static void test_worked_fractions(void)
{
	char dir[64];
	tly_dataset ds;
	tly_result r;

	folder_scratch(dir, "export-yolo");
	rt_build(&ds, &r);
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_YOLO, &ds, &r));
	rt_check_text(dir, "classes.txt", "car\nperson\ncat\nsky\n");
	rt_check_text(dir, "labels/sizes.csv", "image,width,height\na.jpg,100,50\nb.png,12,10\nc.jpg,20,20\n");
	rt_check_text(dir, "labels/a.txt", "0 0.5 0.5 0.2 0.4\n1 0.255 0.53 0.3 0.25\n");
	rt_check_text(dir, "labels/c.txt", "");
	CU_ASSERT(!folder_has(dir, "labels/d.txt"));
	CU_ASSERT(!folder_has(dir, "labels/g.txt"));
	rt_clear(&ds, &r);
	folder_remove(dir);
}

/*
 * b.png's cat (12 x 10) as one polygon: the outer ring of the holed part
 * from its top-left corner (1,1) (6,1) (6,4) (1,4); a bridge back to (1,1)
 * and to the hole's top-left (2,2), the hole (2,2) (2,3) (5,3) (5,2) and
 * back to (2,2); the bridge back to (1,1); then the second part from
 * (9,3): (11,3) (11,5) (8,5) (8,4) (9,4) and back to (9,3). Written as
 * x / 12 and y / 10 after class 2; the crowd car is not written.
 */
static void test_worked_mask_line(void)
{
	static const double want[] = {1, 1, 6, 1, 6, 4, 1, 4, 1, 1, 2, 2, 2, 3, 5, 3, 5, 2, 2, 2,
				      1, 1, 9, 3, 11, 3, 11, 5, 8, 5, 8, 4, 9, 4, 9, 3};
	char dir[64];
	tly_buf text = TLY_BUF_INIT;
	tly_dataset ds;
	tly_result r;
	const char *p;
	char *end;
	size_t k, n = sizeof(want) / sizeof(want[0]);

	folder_scratch(dir, "export-yolo");
	rt_build(&ds, &r);
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_YOLO, &ds, &r));
	CHECK_OK(folder_read(&text, dir, "labels/b.txt"));
	CU_ASSERT_FATAL(text.ptr && strncmp(text.ptr, "2 ", 2) == 0);
	p = text.ptr + 2;
	for (k = 0; k < n; k++, p = end) {
		double v = strtod(p, &end);

		CU_ASSERT_FATAL(end != p);
		CHECK_NEAR(v * (k % 2 ? 10 : 12), want[k], 1e-12);
	}
	CU_ASSERT_STRING_EQUAL(p, "\n");
	tly_buf_clear(&text);
	rt_clear(&ds, &r);
	folder_remove(dir);
}

static void rename_image(tly_dataset *ds, size_t i, const char *name)
{
	tly_free(ds->images[i].name);
	ds->images[i].name = tly_strdup(name);
}

typedef struct {
	const char *name;
	void (*change)(tly_dataset *ds);
	const char *message;
} refusal;

static void unknown_size(tly_dataset *ds)
{
	ds->images[2].width = ds->images[2].height = 0;
}

static void no_extension(tly_dataset *ds)
{
	rename_image(ds, 2, "c");
}

static void one_stem(tly_dataset *ds)
{
	rename_image(ds, 0, "x.jpg");
	rename_image(ds, 2, "x.png");
}

static void classes_stem(tly_dataset *ds)
{
	rename_image(ds, 2, "classes.jpg");
}

static void comma_name(tly_dataset *ds)
{
	rename_image(ds, 2, "c,1.jpg");
}

static void multiline_class(tly_dataset *ds)
{
	tly_free(ds->categories[RT_SKY].name);
	ds->categories[RT_SKY].name = tly_strdup("blue\nsky");
}

static void quoted_class(tly_dataset *ds)
{
	tly_free(ds->categories[RT_SKY].name);
	ds->categories[RT_SKY].name = tly_strdup("'sky'");
}

static const refusal refusals[] = {
	{"unknown size", unknown_size,
	 "export: yolo: image \"c.jpg\" has no known size, and YOLO coordinates are fractions of it "
	 "(ingest it with its size, e.g. --images DIR, or export another format)"},
	{"no extension", no_extension,
	 "export: yolo: image \"c\" has no extension: the reader finds an image by its label file's "
	 "stem plus one"},
	{"one stem", one_stem,
	 "export: yolo: image \"x.png\": its label file x would be another image's too (same name, "
	 "other extension)"},
	{"classes stem", classes_stem,
	 "export: yolo: image \"classes.jpg\": its label file classes would be taken for the side file "
	 "of that name"},
	{"comma", comma_name,
	 "export: yolo: image \"c,1.jpg\" cannot be a row of sizes.csv (a comma, a line break, or white "
	 "space or quotes at its ends)"},
	{"multi-line class", multiline_class,
	 "export: yolo: category \"blue\nsky\" cannot be a line of classes.txt (empty, a line break, "
	 "or white space or quotes at its ends)"},
	{"quoted class", quoted_class,
	 "export: yolo: category \"'sky'\" cannot be a line of classes.txt (empty, a line break, or "
	 "white space or quotes at its ends)"},
};

static void test_refusals(void)
{
	char dir[64];
	size_t i;

	folder_scratch(dir, "export-yolo");
	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		tly_dataset ds;
		tly_result r;

		rt_build(&ds, &r);
		refusals[i].change(&ds);
		CU_ASSERT_EQUAL(tly_export_write(dir, TLY_EXPORT_YOLO, &ds, &r), TLY_EARG);
		if (strcmp(tly_error_last(), refusals[i].message) != 0)
			fprintf(stderr, "%s: %s\n", refusals[i].name, tly_error_last());
		CU_ASSERT_STRING_EQUAL(tly_error_last(), refusals[i].message);
		rt_clear(&ds, &r);
	}
	folder_remove(dir);
}

static void test_out_of_memory(void)
{
	char dir[64];

	folder_scratch(dir, "export-yolo");
	rt_out_of_memory(TLY_EXPORT_YOLO, dir);
	folder_remove(dir);
}

/*
 * A retired category (rt_retire: "auto", index 1, folded into "person",
 * appended as index 4) is not a line of classes.txt, and the class numbers
 * follow the lines: car 0, cat 1 (index 2), sky 2 (index 3), person 3
 * (index 4). a.jpg: car "0 0.5 0.5 0.2 0.4" as before (test_worked_fractions),
 * the person's line now starts 3; b.png's cat mask line starts 1. Read back,
 * the labels are the same names.
 */
static void test_retired(void)
{
	static const rt_format f = {1, 0, 0, 1, 1e-12, 0};
	char dir[64];
	tly_dataset ds;
	tly_result r;
	tly_buf b = TLY_BUF_INIT;

	folder_scratch(dir, "export-yolo");
	rt_build(&ds, &r);
	rt_retire(&ds, &r);
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_YOLO, &ds, &r));
	rt_check_text(dir, "classes.txt", "car\ncat\nsky\nperson\n");
	rt_check_text(dir, "labels/a.txt", "0 0.5 0.5 0.2 0.4\n3 0.255 0.53 0.3 0.25\n");
	CHECK_OK(folder_read(&b, dir, "labels/b.txt"));
	CU_ASSERT_FATAL(b.ptr != NULL);
	CU_ASSERT(strncmp(b.ptr, "1 ", 2) == 0);
	tly_buf_clear(&b);
	rt_clear(&ds, &r);
	folder_remove(dir);
	folder_scratch(dir, "export-yolo");
	rt_roundtrip_retired(TLY_EXPORT_YOLO, dir, &f);
	folder_remove(dir);
}

TLY_TESTS("export_roundtrip_yolo", {"roundtrip", test_roundtrip}, {"worked_fractions", test_worked_fractions},
	  {"worked_mask_line", test_worked_mask_line}, {"refusals", test_refusals}, {"out_of_memory", test_out_of_memory},
	  {"retired", test_retired})
