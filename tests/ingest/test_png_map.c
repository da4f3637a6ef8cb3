/*
 * PNG label maps: the fixtures of fixtures/ingest/png/ (written by its
 * make_pngs.py) decoded and compared pixel by pixel with their grids,
 * the classes.json lookup bounded by the command line's PATH, sidecar
 * mistakes and refused PNGs with their exact messages, and folder expansion.
 */
#include "seg_test.h"

#define I TLY_LABEL_IGNORE

static int read_png(tly_batch *b, const char *path, const char *root)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;

	o.annotator = "ann";
	o.root = root;
	tly_batch_init(b);
	return tly_ingest_file(b, path, &o);
}

/* Reading PATH fails with CODE and exactly MESSAGE, leaving the batch empty. */
static void expect_error(const char *path, const char *root, const char *annotator, int code,
			 const char *message)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	tly_batch b;
	int rc;

	o.annotator = annotator;
	o.root = root;
	tly_batch_init(&b);
	rc = tly_ingest_file(&b, path, &o);
	if (rc != code || strcmp(tly_error_last(), message) != 0)
		fprintf(stderr, "\n%s: got %d \"%s\"\n want %d \"%s\"\n", path, rc, tly_error_last(), code, message);
	CU_ASSERT_EQUAL(rc, code);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), message);
	CU_ASSERT_EQUAL(b.n_images + b.n_maps, 0);
	tly_batch_clear(&b);
}

/*
 * ann1/street.png: 4 x 3 grey, rows 0 0 1 1 / 0 255 1 2 / 2 2 2 0, with
 * png/classes.json (found one folder up, inside ROOT): 0 background,
 * 1 person, 2 car, ignore 255, image_ext .jpg -> image street.jpg.
 */
static void test_grey(void)
{
	static const uint32_t want[12] = {0, 0, 1, 1, 0, I, 1, 2, 2, 2, 2, 0};
	tly_batch b;

	CHECK_OK(read_png(&b, FIXTURE("ingest/png/ann1/street.png"), FIXTURE("ingest/png")));
	CU_ASSERT_STRING_EQUAL(b.format, "png");
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "street.jpg");
	CU_ASSERT_EQUAL(b.images[0].width, 4);
	CU_ASSERT_EQUAL(b.images[0].height, 3);
	CU_ASSERT_EQUAL(b.n_subs, 0);
	CU_ASSERT_EQUAL(b.n_objs, 0);
	CU_ASSERT_EQUAL_FATAL(b.n_maps, 1);
	CU_ASSERT_EQUAL(b.maps[0].image, 0);
	CU_ASSERT_STRING_EQUAL(b.maps[0].annotator, "ann");
	CU_ASSERT_EQUAL(b.maps[0].panoptic, 0);
	CU_ASSERT_EQUAL(b.maps[0].ignore_value, 255);
	CU_ASSERT_STRING_EQUAL(b.maps[0].source_ref, "fixtures/ingest/png/ann1/street.png");
	check_map(&b.maps[0].map, 4, 3, want);
	/* Runs, row-major: 0x2 1x2 0x1 Ix1 1x1 2x4 0x1. */
	CU_ASSERT_EQUAL(b.maps[0].map.n, 7);
	CU_ASSERT_EQUAL_FATAL(b.maps[0].n_classes, 3);
	CHECK_CLASS(b.maps[0].classes[0], 0, "background", -1);
	CHECK_CLASS(b.maps[0].classes[1], 1, "person", -1);
	CHECK_CLASS(b.maps[0].classes[2], 2, "car", -1);
	tly_batch_clear(&b);
}

/* The batch hash covers the sidecar: the PNG's hash with the sidecar's folded in; alone without one. */
static void test_hash(void)
{
	char png[65], side[65], want[65];
	tly_batch b;

	file_sha256(png, FIXTURE("ingest/png/ann1/street.png"));
	file_sha256(side, FIXTURE("ingest/png/classes.json"));
	fold_sha256(want, png, side);
	CHECK_OK(read_png(&b, FIXTURE("ingest/png/ann1/street.png"), FIXTURE("ingest/png")));
	CU_ASSERT_STRING_EQUAL(b.sha256, want);
	tly_batch_clear(&b);
	file_sha256(want, FIXTURE("ingest/png/plain16/deep.png"));
	CHECK_OK(read_png(&b, FIXTURE("ingest/png/plain16/deep.png"), NULL));
	CU_ASSERT_STRING_EQUAL(b.sha256, want);
	tly_batch_clear(&b);
}

/* ann2/street.png: 2-bit palette indices 0 1 1 1 / 0 1 1 2 / 2 2 2 2, kept as indices (not colours). */
static void test_palette(void)
{
	static const uint32_t want[12] = {0, 1, 1, 1, 0, 1, 1, 2, 2, 2, 2, 2};
	tly_batch b;

	CHECK_OK(read_png(&b, FIXTURE("ingest/png/ann2/street.png"), FIXTURE("ingest/png/")));
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "street.jpg");
	CU_ASSERT_EQUAL_FATAL(b.n_maps, 1);
	check_map(&b.maps[0].map, 4, 3, want);
	CU_ASSERT_EQUAL(b.maps[0].n_classes, 3);
	tly_batch_clear(&b);
}

/*
 * list/road.png: 16-bit 0 2 2 / 2 2 0 with list/classes.json beside it
 * (nearer than png/classes.json): ["bg", null, "road"], "ignore": null,
 * no image_ext -> image road.png, no ignore value, classes 0 and 2 only.
 */
static void test_list_sidecar(void)
{
	static const uint32_t want[6] = {0, 2, 2, 2, 2, 0};
	tly_batch b;

	CHECK_OK(read_png(&b, FIXTURE("ingest/png/list/road.png"), FIXTURE("ingest/png")));
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "road.png");
	CU_ASSERT_EQUAL_FATAL(b.n_maps, 1);
	CU_ASSERT_EQUAL(b.maps[0].ignore_value, -1);
	check_map(&b.maps[0].map, 3, 2, want);
	CU_ASSERT_EQUAL_FATAL(b.maps[0].n_classes, 2);
	CHECK_CLASS(b.maps[0].classes[0], 0, "bg", -1);
	CHECK_CLASS(b.maps[0].classes[1], 2, "road", -1);
	tly_batch_clear(&b);
}

/*
 * plain16/deep.png: 16-bit 0 300 / 65535 255. Without a sidecar (ROOT is
 * the folder itself, the file itself, or none) every value is a class
 * named by its number and 255 is ignored. With ROOT one folder up,
 * png/classes.json applies and 300 is not among its classes.
 */
static void test_no_sidecar(void)
{
	static const uint32_t want[4] = {0, 300, 65535, I};
	static const char *const roots[3] = {NULL, "fixtures/ingest/png/plain16", "fixtures/ingest/png/plain16/deep.png"};
	tly_batch b;
	size_t k;

	for (k = 0; k < 3; k++) {
		CHECK_OK(read_png(&b, FIXTURE("ingest/png/plain16/deep.png"), roots[k]));
		CU_ASSERT_STRING_EQUAL(b.images[0].name, "deep.png");
		CU_ASSERT_EQUAL_FATAL(b.n_maps, 1);
		CU_ASSERT_EQUAL(b.maps[0].ignore_value, 255);
		check_map(&b.maps[0].map, 2, 2, want);
		CU_ASSERT_EQUAL_FATAL(b.maps[0].n_classes, 3);
		CHECK_CLASS(b.maps[0].classes[0], 0, "0", -1);
		CHECK_CLASS(b.maps[0].classes[1], 300, "300", -1);
		CHECK_CLASS(b.maps[0].classes[2], 65535, "65535", -1);
		tly_batch_clear(&b);
	}
	expect_error(FIXTURE("ingest/png/plain16/deep.png"), FIXTURE("ingest/png"), "ann", TLY_EINPUT,
		     "fixtures/ingest/png/plain16/deep.png: pixel (1, 0) has value 300, not in "
		     "fixtures/ingest/png/classes.json");
}

/* rgb/grey_rgb.png: RGB pixels (1,1,1) (0,0,0) / (2,2,2) (255,255,255), all grey: values 1 0 / 2 ignore. */
static void test_grey_rgb(void)
{
	static const uint32_t want[4] = {1, 0, 2, I};
	tly_batch b;

	CHECK_OK(read_png(&b, FIXTURE("ingest/png/rgb/grey_rgb.png"), NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_maps, 1);
	check_map(&b.maps[0].map, 2, 2, want);
	CU_ASSERT_EQUAL(b.maps[0].n_classes, 3);
	tly_batch_clear(&b);
}

/* bits/one.png: 1-bit grey, 9 pixels a row (the row spills into a second byte). */
static void test_one_bit(void)
{
	static const uint32_t want[18] = {1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	tly_batch b;

	CHECK_OK(read_png(&b, FIXTURE("ingest/png/bits/one.png"), NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_maps, 1);
	check_map(&b.maps[0].map, 9, 2, want);
	CU_ASSERT_EQUAL_FATAL(b.maps[0].n_classes, 2);
	CHECK_CLASS(b.maps[0].classes[1], 1, "1", -1);
	tly_batch_clear(&b);
}

static void test_refused(void)
{
	expect_error(FIXTURE("ingest/png/rgb/colour.png"), NULL, "ann", TLY_EINPUT,
		     "fixtures/ingest/png/rgb/colour.png: pixel (1, 0) is RGB (1, 2, 3), not grey: colour-coded "
		     "label maps are not read (write class values as grey or palette indices)");
	expect_error(FIXTURE("ingest/png/rgb/alpha.png"), NULL, "ann", TLY_EINPUT,
		     "fixtures/ingest/png/rgb/alpha.png: a PNG with grey and alpha; a label map has one value "
		     "per pixel (grey or palette)");
	expect_error(FIXTURE("ingest/png/ann1/street.png"), NULL, NULL, TLY_EINPUT,
		     "fixtures/ingest/png/ann1/street.png: no annotator: pass --annotator (PNG label maps do not "
		     "record one)");
}

/* The PNG signature is the format; --format png on something else is the PNG decoder's error. */
static void test_detect(void)
{
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

	CU_ASSERT_STRING_EQUAL(tly_ingest_detect("x.png", png, sizeof(png) - 1), "png");
	CU_ASSERT_PTR_NULL(tly_ingest_detect("x.png", png + 1, sizeof(png) - 2));
}

/* A temporary folder holding street.png and the classes.json under test. */
static char tmp[64];

static void write_text(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	f = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

static void sidecar_case(const char *json, const char *message)
{
	char png[128];

	write_text("classes.json", json);
	snprintf(png, sizeof(png), "%s/street.png", tmp);
	expect_error(png, tmp, "ann", TLY_EINPUT, message);
}

static void test_sidecar_errors(void)
{
	char path[128], msg[512];
	tly_buf bytes = TLY_BUF_INIT;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "/tmp/tally_png_XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmp));
	CHECK_OK(tly_buf_read_file(&bytes, FIXTURE("ingest/png/ann1/street.png"), 1 << 20));
	snprintf(path, sizeof(path), "%s/street.png", tmp);
	f = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fwrite(bytes.ptr, 1, bytes.size, f), bytes.size);
	fclose(f);
	tly_buf_clear(&bytes);
#define SIDE(text) (snprintf(msg, sizeof(msg), "%s/classes.json: %s", tmp, text), msg)
	sidecar_case("{\"classes\":[\"a\",\"b\",\"c\"],\"ignored\":0}",
		     SIDE("unknown key \"ignored\" (classes, ignore or image_ext)"));
	sidecar_case("{\"classes\":{\"01\":\"a\"}}", SIDE("classes.01: not a pixel value (0 to 65535)"));
	sidecar_case("{\"classes\":{\"65536\":\"a\"}}", SIDE("classes.65536: not a pixel value (0 to 65535)"));
	sidecar_case("{\"classes\":{\"1\":\"a\",\"1\":\"b\"}}", SIDE("classes.1: value 1 is named twice"));
	sidecar_case("{\"classes\":{\"255\":\"void\"}}", SIDE("classes.255: value 255 is the ignore value"));
	sidecar_case("{\"classes\":[\"a\",\"\"]}", SIDE("classes[1]: empty class name"));
	sidecar_case("{\"classes\":[\"a\",7]}", SIDE("classes[1]: expected a class name, got a number"));
	sidecar_case("{\"classes\":\"a\"}", SIDE("classes: expected an array or an object, got a string"));
	sidecar_case("{\"ignore\":-1}", SIDE("ignore: expected a pixel value (0 to 65535) or null"));
	sidecar_case("{\"ignore\":2.5}", SIDE("ignore: expected a pixel value (0 to 65535) or null"));
	sidecar_case("{\"image_ext\":\"jpg\"}", SIDE("image_ext: expected an extension such as \".jpg\", got \"jpg\""));
	sidecar_case("{\"image_ext\":\"./x\"}", SIDE("image_ext: expected an extension such as \".jpg\", got \"./x\""));
	sidecar_case("[]", SIDE("expected a JSON object at the top, got an array"));
	snprintf(msg, sizeof(msg), "%s/classes.json:1:2: invalid JSON: unexpected end of input", tmp);
	sidecar_case("{", msg);
	/* Classes 0 and 1 only: the first 2 in row-major order is pixel (3, 1). */
	snprintf(msg, sizeof(msg), "%s/street.png: pixel (3, 1) has value 2, not in %s/classes.json", tmp, tmp);
	sidecar_case("{\"classes\":[\"a\",\"b\"]}", msg);
#undef SIDE
	snprintf(path, sizeof(path), "%s/classes.json", tmp);
	CU_ASSERT_EQUAL(remove(path), 0);
	snprintf(path, sizeof(path), "%s/street.png", tmp);
	CU_ASSERT_EQUAL(remove(path), 0);
	CU_ASSERT_EQUAL(remove(tmp), 0);
}

/* A folder lists its .png files only for --format png; classes.json is never an annotation file. */
static void test_expand(void)
{
	static const char *const want[] = {
		"fixtures/ingest/png/ann1/street.png", "fixtures/ingest/png/ann2/street.png",
		"fixtures/ingest/png/bits/one.png", "fixtures/ingest/png/list/road.png",
		"fixtures/ingest/png/plain16/deep.png", "fixtures/ingest/png/rgb/alpha.png",
		"fixtures/ingest/png/rgb/colour.png", "fixtures/ingest/png/rgb/grey_rgb.png"};
	char **paths = NULL;
	size_t n = 0, i;

	CHECK_OK(tly_ingest_expand_format(&paths, &n, "fixtures/ingest/png", "png"));
	CU_ASSERT_EQUAL(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n && i < sizeof(want) / sizeof(want[0]); i++)
		CU_ASSERT_STRING_EQUAL(paths[i], want[i]);
	tly_ingest_paths_free(paths, n);
	CU_ASSERT_EQUAL(tly_ingest_expand_format(&paths, &n, "fixtures/ingest/png", NULL), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(),
			       "fixtures/ingest/png: no .json, .csv, .xml or .txt files in this folder (for PNG label "
			       "maps pass --format png)");
	CU_ASSERT_EQUAL(tly_ingest_expand_format(&paths, &n, "fixtures/ingest/coco", "png"), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "fixtures/ingest/coco: no .png files in this folder");
	/* A file stands for itself whatever its name. */
	CHECK_OK(tly_ingest_expand_format(&paths, &n, "fixtures/ingest/png/classes.json", "png"));
	CU_ASSERT_EQUAL(n, 1);
	tly_ingest_paths_free(paths, n);
}

static void test_alloc_faults(void)
{
	fault_loop(FIXTURE("ingest/png/ann1/street.png"), "ann", FIXTURE("ingest/png"));
	fault_loop(FIXTURE("ingest/png/list/road.png"), "ann", FIXTURE("ingest/png"));
	fault_loop(FIXTURE("ingest/png/plain16/deep.png"), "ann", NULL);
}

TLY_TESTS("ingest_png_map",
	  {"grey", test_grey},
	  {"hash", test_hash},
	  {"palette", test_palette},
	  {"list_sidecar", test_list_sidecar},
	  {"no_sidecar", test_no_sidecar},
	  {"grey_rgb", test_grey_rgb},
	  {"one_bit", test_one_bit},
	  {"refused", test_refused},
	  {"detect", test_detect},
	  {"sidecar_errors", test_sidecar_errors},
	  {"expand", test_expand},
	  {"alloc_faults", test_alloc_faults})
