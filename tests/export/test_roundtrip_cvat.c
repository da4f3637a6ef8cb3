/*
 * CVAT for images 1.1 export (src/export/cvat.c): the story of
 * roundtrip.h written and read back by tally's CVAT reader, the document's
 * text on worked values (continuous corners, the mask's row-major crop
 * runs), escapes, and refusals.
 */
#include <stdlib.h>

#include "roundtrip.h"

/* Boxes exact, masks pixel for pixel, labels as tags, attributes as <attribute> children; no crowd. */
static void test_roundtrip(void)
{
	static const rt_format f = {1, 0, 1, 1, 0, 1};
	char path[96], dir[64];

	folder_scratch(dir, "export-cvat");
	snprintf(path, sizeof(path), "%s/annotations.xml", dir);
	rt_roundtrip(TLY_EXPORT_CVAT, path, &f);
	folder_remove(dir);
}

#define LABEL(name)                                                                          \
	"        <label>\n          <name>" name "</name>\n          <type>any</type>\n"     \
	"          <attributes>\n          </attributes>\n        </label>\n"

/*
 * Corners: xtl = x, ytl = y, xbr = x + w, ybr = y + h (car [40, 15, 20,
 * 20] -> 40 15 60 35; person [10.5, 20.25, 30, 12.5] -> 10.5 20.25 40.5
 * 32.75). b.png's cat: its bounding box x 1..10, y 1..4 is the crop (left
 * 1, top 1, width 10, height 4); row by row over the crop (rt_mask_rows
 * rows 1-4, columns 1-10): "#####....." 5 on 5 off, "#...#....." 1 on 3
 * off 1 on 5 off, "#####...##" 5 on 3 off 2 on, ".......###" 7 off 3 on;
 * background first, so an empty first run: 0, 5, 5, 1, 3, 1, 5, 5, 3, 2,
 * 7, 3 (sum 40 = 10 x 4). The crowd car is left out; d.jpg has no size
 * and only tags.
 */
static void test_worked_document(void)
{
	static const char *const want =
		"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<annotations>\n  <version>1.1</version>\n"
		"  <meta>\n    <task>\n      <name>tally consensus, run 7</name>\n      <size>4</size>\n"
		"      <mode>annotation</mode>\n      <labels>\n"
		LABEL("car") LABEL("person") LABEL("cat") LABEL("sky")
		"      </labels>\n    </task>\n  </meta>\n"
		"  <image id=\"0\" name=\"a.jpg\" width=\"100\" height=\"50\">\n"
		"    <box label=\"car\" source=\"manual\" occluded=\"0\" xtl=\"40\" ytl=\"15\" xbr=\"60\" "
		"ybr=\"35\" z_order=\"0\">\n    </box>\n"
		"    <box label=\"person\" source=\"manual\" occluded=\"0\" xtl=\"10.5\" ytl=\"20.25\" "
		"xbr=\"40.5\" ybr=\"32.75\" z_order=\"0\">\n    </box>\n"
		"    <tag label=\"sky\" source=\"manual\">\n    </tag>\n  </image>\n"
		"  <image id=\"1\" name=\"b.png\" width=\"12\" height=\"10\">\n"
		"    <mask label=\"cat\" source=\"manual\" occluded=\"0\" rle=\"0, 5, 5, 1, 3, 1, 5, 5, 3, 2, 7, "
		"3\" left=\"1\" top=\"1\" width=\"10\" height=\"4\" z_order=\"0\">\n    </mask>\n  </image>\n"
		"  <image id=\"2\" name=\"c.jpg\" width=\"20\" height=\"20\">\n  </image>\n"
		"  <image id=\"3\" name=\"d.jpg\">\n    <tag label=\"cat\" source=\"manual\">\n    </tag>\n"
		"    <tag label=\"sky\" source=\"manual\">\n    </tag>\n  </image>\n</annotations>\n";
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;

	rt_build(&ds, &r);
	CHECK_OK(tly_export_render(&out, &len, TLY_EXPORT_CVAT, &ds, &r));
	if (strcmp(out, want) != 0)
		fprintf(stderr, "%s\n", out);
	CU_ASSERT_STRING_EQUAL(out, want);
	CU_ASSERT_EQUAL(len, strlen(want));
	free(out);
	rt_clear(&ds, &r);
}

/* Tabs, line breaks and quotes in an attribute value come back as they were (character references). */
static void test_escapes(void)
{
	static const char *const label = "a\tb\nc \"d\" & <e> 'f'\r";
	char path[96], dir[64];
	tly_dataset ds;
	tly_result r;
	rt_read rd;
	const tly_batch *b = NULL;
	size_t img = 0;

	folder_scratch(dir, "export-cvat");
	snprintf(path, sizeof(path), "%s/annotations.xml", dir);
	rt_build(&ds, &r);
	tly_free(ds.categories[RT_CAR].name);
	ds.categories[RT_CAR].name = tly_strdup(label);
	CHECK_OK(tly_export_write(path, TLY_EXPORT_CVAT, &ds, &r));
	rt_ingest(&rd, path);
	CU_ASSERT_FATAL(rt_find(&rd, "a.jpg", TLY_TASK_OBJECTS, &b, &img));
	CU_ASSERT_STRING_EQUAL(b->objs[0].label, label);
	rt_read_clear(&rd);
	rt_clear(&ds, &r);
	folder_remove(dir);
}

static void test_refusals(void)
{
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;

	rt_build(&ds, &r);
	tly_free(ds.images[3].name);
	ds.images[3].name = tly_strdup("d\033.jpg");
	CU_ASSERT_EQUAL(tly_export_render(&out, &len, TLY_EXPORT_CVAT, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: cvat: image \"d\033.jpg\" holds control character "
			       "0x1B, which XML cannot carry");
	CU_ASSERT_PTR_NULL(out);
	rt_clear(&ds, &r);
}

/*
 * The story's attributes (roundtrip.h) in the document. <meta>: each
 * label declares the attributes its written shapes carry, names in byte
 * order: car annotator, color, note (its crowd region is not written, so
 * its color blue is not declared); person color (its pose is tied: never
 * written); cat occluded; sky none. A select lists the values; note's
 * value holds a line break and person's color is empty, which CVAT's
 * newline-separated list cannot hold: text, with no default or values.
 * Shapes: the car's three children, the note escaped (quotes, markup, tab
 * and line break as references); the person's empty color; the cat's
 * occluded "true" also sets occluded="1".
 */
static void test_worked_attributes(void)
{
#define DECL(name, type, value)                                                                         \
	"            <attribute>\n              <name>" name "</name>\n              <mutable>False</mutable>\n" \
	"              <input_type>" type "</input_type>\n              <default_value>" value                \
	"</default_value>\n              <values>" value "</values>\n            </attribute>\n"
#define HEAD(name) "        <label>\n          <name>" name "</name>\n          <type>any</type>\n          <attributes>\n"
#define TAIL "          </attributes>\n        </label>\n"
	static const char *const want[] = {
		"      <labels>\n"
		HEAD("car") DECL("annotator", "select", "dave") DECL("color", "select", "red")
		DECL("note", "text", "") TAIL
		HEAD("person") DECL("color", "text", "") TAIL
		HEAD("cat") DECL("occluded", "select", "true") TAIL
		HEAD("sky") TAIL "      </labels>\n",
		"ybr=\"35\" z_order=\"0\">\n      <attribute name=\"annotator\">dave</attribute>\n"
		"      <attribute name=\"color\">red</attribute>\n"
		"      <attribute name=\"note\">x &quot;q&quot; &amp; &lt;t&gt;&#9;z&#10;&apos;y&apos;</attribute>\n"
		"    </box>\n",
		"ybr=\"32.75\" z_order=\"0\">\n      <attribute name=\"color\"></attribute>\n    </box>\n",
		"<mask label=\"cat\" source=\"manual\" occluded=\"1\" rle=",
		"z_order=\"0\">\n      <attribute name=\"occluded\">true</attribute>\n    </mask>\n"};
#undef DECL
#undef HEAD
#undef TAIL
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0, i;

	rt_build(&ds, &r);
	rt_attributes(&r);
	CHECK_OK(tly_export_render(&out, &len, TLY_EXPORT_CVAT, &ds, &r));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (!strstr(out, want[i]))
			fprintf(stderr, "missing:\n%s\nin:\n%s\n", want[i], out);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, want[i]));
	}
	CU_ASSERT_PTR_NULL(strstr(out, "pose"));
	CU_ASSERT_PTR_NULL(strstr(out, "blue"));
	free(out);
	rt_clear(&ds, &r);
}

/* Attributes tally's CVAT reader would refuse or change: not written. */
static void test_attribute_refusals(void)
{
	static const struct {
		size_t string;  /* which of the story's attribute strings is replaced */
		const char *by;
		const char *message;
	} cases[] = {
		{1, "", "export: cvat: a.jpg: consensus object 0: an attribute name must be 1 to 4096 bytes"},
		{6, "r\001d", "export: cvat: attribute value \"r\001d\" holds control character 0x01, which XML "
			     "cannot carry"},
		{1, "c\002", "export: cvat: attribute \"c\002\" holds control character 0x02, which XML cannot carry"},
	};
	tly_dataset ds;
	tly_result r;
	char *out = NULL, *long_value;
	size_t len = 0, i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rt_build(&ds, &r);
		rt_attributes(&r);
		tly_free(r.attr_strings[cases[i].string]);
		r.attr_strings[cases[i].string] = tly_strdup(cases[i].by);
		CU_ASSERT_EQUAL(tly_export_render(&out, &len, TLY_EXPORT_CVAT, &ds, &r), TLY_EARG);
		CU_ASSERT_STRING_EQUAL(tly_error_last(), cases[i].message);
		CU_ASSERT_PTR_NULL(out);
		rt_clear(&ds, &r);
	}
	/* A value of 4097 bytes: past the reader's cap on element text (4096 passes). */
	rt_build(&ds, &r);
	rt_attributes(&r);
	long_value = tly_calloc(4098, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(long_value);
	memset(long_value, 'v', 4096);
	tly_free(r.attr_strings[6]);
	r.attr_strings[6] = tly_strdup(long_value);
	CHECK_OK(tly_export_render(&out, &len, TLY_EXPORT_CVAT, &ds, &r));
	free(out);
	out = NULL;
	long_value[4096] = 'v';
	tly_free(r.attr_strings[6]);
	r.attr_strings[6] = long_value;
	CU_ASSERT_EQUAL(tly_export_render(&out, &len, TLY_EXPORT_CVAT, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: cvat: a.jpg: consensus object 0: the value of attribute "
			       "\"color\" is longer than TLY_MAX_STRING (4096 bytes)");
	rt_clear(&ds, &r);
}

static void test_out_of_memory(void)
{
	char path[96], dir[64];

	folder_scratch(dir, "export-cvat");
	snprintf(path, sizeof(path), "%s/out", dir);
	rt_out_of_memory(TLY_EXPORT_CVAT, path);
	folder_remove(dir);
}

/*
 * A retired category (rt_retire: "auto", index 1) is no <label> of the
 * meta: the labels are car, cat, sky, person (index order, the appended
 * person last), and a.jpg's box says label="person". Read back (the
 * reader checks each shape's label against the meta), the same labels.
 */
static void test_retired(void)
{
	static const char *const labels = "      <labels>\n" LABEL("car") LABEL("cat") LABEL("sky") LABEL("person")
					  "      </labels>\n";
	static const rt_format f = {1, 0, 1, 1, 0, 1};
	char path[96], dir[64];
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;

	rt_build(&ds, &r);
	rt_retire(&ds, &r);
	CHECK_OK(tly_export_render(&out, &len, TLY_EXPORT_CVAT, &ds, &r));
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, labels));
	CU_ASSERT_PTR_NULL(strstr(out, "auto"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<box label=\"person\""));
	free(out);
	rt_clear(&ds, &r);
	folder_scratch(dir, "export-cvat");
	snprintf(path, sizeof(path), "%s/annotations.xml", dir);
	rt_roundtrip_retired(TLY_EXPORT_CVAT, path, &f);
	folder_remove(dir);
}

TLY_TESTS("export_roundtrip_cvat", {"roundtrip", test_roundtrip}, {"worked_document", test_worked_document},
	  {"escapes", test_escapes}, {"refusals", test_refusals}, {"worked_attributes", test_worked_attributes},
	  {"attribute_refusals", test_attribute_refusals}, {"out_of_memory", test_out_of_memory},
	  {"retired", test_retired})
