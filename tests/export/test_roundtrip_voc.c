/*
 * Pascal VOC export (src/export/voc.c): the story of roundtrip.h written
 * and read back by tally's VOC reader, VOC's 1-based corners on worked
 * values, masks as boxes, crowd regions as difficult objects, unknown
 * sizes, and names VOC cannot carry.
 */
#include "roundtrip.h"

/* Boxes exact (dyadic corners), masks come back as their boxes, crowd as an object, no labels, no attributes. */
static void test_roundtrip(void)
{
	static const rt_format f = {0, 1, 0, 1, 0, 0};
	char dir[64];

	folder_scratch(dir, "export-voc");
	rt_roundtrip(TLY_EXPORT_VOC, dir, &f);
	folder_remove(dir);
}

/*
 * VOC corners are 1-based inclusive pixels: xmin = x + 1, ymin = y + 1,
 * xmax = x + w, ymax = y + h. car [40, 15, 20, 20] -> 41 16 60 35;
 * person [10.5, 20.25, 30, 12.5] -> 11.5 21.25 40.5 32.75 (fractional:
 * written in full). Read back x = xmin - 1 = 40, w = xmax - xmin + 1 = 20.
 */
static void test_worked_corners(void)
{
	static const char *const object =
		"\t<object>\n\t\t<name>%s</name>\n\t\t<pose>Unspecified</pose>\n\t\t<truncated>0</truncated>\n"
		"\t\t<difficult>%d</difficult>\n\t\t<bndbox>\n\t\t\t<xmin>%s</xmin>\n\t\t\t<ymin>%s</ymin>\n"
		"\t\t\t<xmax>%s</xmax>\n\t\t\t<ymax>%s</ymax>\n\t\t</bndbox>\n\t</object>\n";
	static const char *const head =
		"<annotation>\n\t<filename>%s</filename>\n\t<source>\n\t\t<database>tally consensus"
		"</database>\n\t</source>\n\t<size>\n\t\t<width>%d</width>\n\t\t<height>%d</height>\n"
		"\t</size>\n\t<segmented>0</segmented>\n";
	char dir[64];
	tly_buf want = TLY_BUF_INIT;
	tly_dataset ds;
	tly_result r;

	folder_scratch(dir, "export-voc");
	rt_build(&ds, &r);
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_VOC, &ds, &r));
	tly_buf_printf(&want, head, "a.jpg", 100, 50);
	tly_buf_printf(&want, object, "car", 0, "41", "16", "60", "35");
	tly_buf_printf(&want, object, "person", 0, "11.5", "21.25", "40.5", "32.75");
	tly_buf_puts(&want, "</annotation>\n");
	rt_check_text(dir, "a.xml", want.ptr);
	/*
	 * b.png: the cat mask as its bounding box [1, 1, 10, 4] -> 2 2 11 5;
	 * the crowd car [0, 0, 4, 4] -> 1 1 4 4, difficult.
	 */
	want.size = 0;
	tly_buf_printf(&want, head, "b.png", 12, 10);
	tly_buf_printf(&want, object, "cat", 0, "2", "2", "11", "5");
	tly_buf_printf(&want, object, "car", 1, "1", "1", "4", "4");
	tly_buf_puts(&want, "</annotation>\n");
	rt_check_text(dir, "b.xml", want.ptr);
	CU_ASSERT(folder_has(dir, "c.xml"));
	CU_ASSERT(!folder_has(dir, "d.xml"));
	CU_ASSERT(!folder_has(dir, "g.xml"));
	tly_buf_clear(&want);
	rt_clear(&ds, &r);
	folder_remove(dir);
}

/* The crowd region reads back as a difficult object; c.jpg of unknown size as 0 x 0 (unknown). */
static void test_difficult_and_unknown_size(void)
{
	char dir[64];
	tly_dataset ds;
	tly_result r;
	rt_read rd;
	const tly_batch *b = NULL;
	size_t img = 0, k, crowd = 0;

	folder_scratch(dir, "export-voc");
	rt_build(&ds, &r);
	ds.images[2].width = ds.images[2].height = 0;
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_VOC, &ds, &r));
	rt_ingest(&rd, dir);
	CU_ASSERT_FATAL(rt_find(&rd, "b.png", TLY_TASK_OBJECTS, &b, &img));
	for (k = 0; k < b->n_objs; k++)
		if (b->objs[k].extra_json && strstr(b->objs[k].extra_json, "\"difficult\":1")) {
			crowd++;
			CU_ASSERT_STRING_EQUAL(b->objs[k].label, "car");
		}
	CU_ASSERT_EQUAL(crowd, 1);
	CU_ASSERT_FATAL(rt_find(&rd, "c.jpg", TLY_TASK_OBJECTS, &b, &img));
	CU_ASSERT_EQUAL(b->images[img].width, 0);
	CU_ASSERT_EQUAL(b->images[img].height, 0);
	rt_read_clear(&rd);
	rt_clear(&ds, &r);
	folder_remove(dir);
}

/* Escaped names come back as they were: & < > and quotes in a label. */
static void test_escapes(void)
{
	char dir[64];
	tly_dataset ds;
	tly_result r;
	rt_read rd;
	const tly_batch *b = NULL;
	size_t img = 0;

	folder_scratch(dir, "export-voc");
	rt_build(&ds, &r);
	tly_free(ds.categories[RT_CAR].name);
	ds.categories[RT_CAR].name = tly_strdup("a&b <\"c\"> 'd'");
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_VOC, &ds, &r));
	rt_ingest(&rd, dir);
	CU_ASSERT_FATAL(rt_find(&rd, "a.jpg", TLY_TASK_OBJECTS, &b, &img));
	CU_ASSERT_STRING_EQUAL(b->objs[0].label, "a&b <\"c\"> 'd'");
	rt_read_clear(&rd);
	rt_clear(&ds, &r);
	folder_remove(dir);
}

static void test_refusals(void)
{
	char dir[64];
	tly_dataset ds;
	tly_result r;

	folder_scratch(dir, "export-voc");
	rt_build(&ds, &r);
	tly_free(ds.categories[RT_CAR].name);
	ds.categories[RT_CAR].name = tly_strdup("car ");
	CU_ASSERT_EQUAL(tly_export_write(dir, TLY_EXPORT_VOC, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: voc: label \"car \" starts or ends with white "
			       "space, which VOC readers drop");
	tly_free(ds.categories[RT_CAR].name);
	ds.categories[RT_CAR].name = tly_strdup("c\001r");
	CU_ASSERT_EQUAL(tly_export_write(dir, TLY_EXPORT_VOC, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: voc: label \"c\001r\" holds control character "
			       "0x01, which XML cannot carry");
	rt_clear(&ds, &r);
	folder_remove(dir);
}

static void test_out_of_memory(void)
{
	char dir[64];

	folder_scratch(dir, "export-voc");
	rt_out_of_memory(TLY_EXPORT_VOC, dir);
	folder_remove(dir);
}

/* Its round trip with a retired category (rt_retire): labels are names, so nothing else changes. */
static void test_retired(void)
{
	static const rt_format f = {0, 1, 0, 1, 0, 0};
	char dir[64];

	folder_scratch(dir, "export-voc");
	rt_roundtrip_retired(TLY_EXPORT_VOC, dir, &f);
	folder_remove(dir);
}

TLY_TESTS("export_roundtrip_voc", {"roundtrip", test_roundtrip}, {"worked_corners", test_worked_corners},
	  {"difficult_and_unknown_size", test_difficult_and_unknown_size}, {"escapes", test_escapes},
	  {"refusals", test_refusals}, {"out_of_memory", test_out_of_memory},
	  {"retired", test_retired})
