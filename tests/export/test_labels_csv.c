/*
 * CSV export of consensus image labels: the sample's multi-label image
 * (tags stored dog, cat) comes out sorted by label name (cat, dog), with
 * the image name quoted for its comma; golden fixtures/report/labels.csv.
 */
#include <stdlib.h>

#include "report/sample.h"
#include "tally/export.h"

static char *render(const tly_dataset *ds, const tly_result *r, size_t *len)
{
	char *out = NULL;

	CHECK_OK(tly_export_render(&out, len, TLY_EXPORT_CSV, ds, r));
	return out;
}

static void test_golden(void)
{
	tly_dataset ds;
	tly_result r;
	size_t len;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r, &len);
	check_golden(out, len, FIXTURE("report/labels.csv"));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Image order first, then name: tags stored (b: cat), (a: dog), (b: dog),
 * (a: cat) with confidences 0.5, 0.25, 1, 2/3 and votes 1, 1, 2, 2.
 */
static void test_order(void)
{
	static const char want[] =
		"image,label,confidence,support\n"
		"a.jpg,cat,0.6666666666666666,2\n" /* 2/3: 16 digits read back */
		"a.jpg,dog,0.25,1\n"
		"\"b,1.png\",cat,0.5,1\n"
		"\"b,1.png\",dog,1,2\n";
	tly_dataset ds;
	tly_result r;
	size_t len;
	char *out;

	sample_build(&ds, &r);
	r.cons_tags = tly_reallocarray(r.cons_tags, 4, sizeof(tly_cons_tag));
	r.cons_tags[0] = (tly_cons_tag){1, 1, 1, 2, 0.5};
	r.cons_tags[1] = (tly_cons_tag){0, 0, 1, 4, 0.25};
	r.cons_tags[2] = (tly_cons_tag){1, 0, 2, 2, 1.0};
	r.cons_tags[3] = (tly_cons_tag){0, 1, 2, 3, 2.0 / 3.0};
	r.n_cons_tags = 4;
	out = render(&ds, &r, &len);
	CU_ASSERT_STRING_EQUAL(out, want);
	CU_ASSERT_EQUAL(len, strlen(want));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_no_labels(void)
{
	tly_dataset ds;
	tly_result r;
	size_t len;
	char *out;

	sample_build(&ds, &r);
	r.n_cons_tags = 0;
	out = render(&ds, &r, &len);
	CU_ASSERT_STRING_EQUAL(out, "image,label,confidence,support\n");
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("export_labels_csv",
	  {"golden", test_golden},
	  {"order", test_order},
	  {"no_labels", test_no_labels})
