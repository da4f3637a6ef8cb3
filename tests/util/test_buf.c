/*
 * Byte buffer: growth, sticky errors, and the JSON/CSV scalar encoders
 * every writer relies on (expected texts written out by hand).
 */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/strmap.h"

static void test_growth_and_printf(void)
{
	tly_buf b = TLY_BUF_INIT;
	int i;

	for (i = 0; i < 1000; i++)
		tly_buf_printf(&b, "%d,", i % 10);
	CU_ASSERT_EQUAL(b.error, 0);
	CU_ASSERT_EQUAL(b.size, 2000);
	CU_ASSERT_EQUAL(strncmp(b.ptr, "0,1,2,", 6), 0);
	CU_ASSERT_EQUAL(b.ptr[b.size], '\0');
	tly_buf_clear(&b);
}

static void test_sticky_error(void)
{
	tly_buf b = TLY_BUF_INIT;

	tly_buf_puts(&b, "ab");
	tly_alloc_fail_after(1);
	tly_buf_put(&b, "x", 200); /* needs to grow: the allocation fails */
	tly_alloc_fail_after(0);
	CU_ASSERT_EQUAL(b.error, TLY_ENOMEM);
	tly_buf_puts(&b, "cd");    /* ignored after the error */
	CU_ASSERT_EQUAL(b.size, 2);
	CU_ASSERT_STRING_EQUAL(b.ptr, "ab");
	tly_buf_clear(&b);
}

static void test_json_scalars(void)
{
	tly_buf b = TLY_BUF_INIT;

	tly_buf_put_json_string(&b, "a\"b\\c\n\x01");
	CU_ASSERT_STRING_EQUAL(b.ptr, "\"a\\\"b\\\\c\\n\\u0001\"");
	b.size = 0;
	/* 2/3 needs 16 significant digits to round-trip (0.666666666666667 is
	 * another double); 0.1 and 0.5 need few */
	tly_buf_put_json_number(&b, 2.0 / 3.0);
	tly_buf_putc(&b, ' ');
	tly_buf_put_json_number(&b, 0.1);
	tly_buf_putc(&b, ' ');
	tly_buf_put_json_number(&b, 0.5);
	tly_buf_putc(&b, ' ');
	tly_buf_put_json_number(&b, NAN);
	tly_buf_putc(&b, ' ');
	tly_buf_put_json_number(&b, -0.0);
	tly_buf_putc(&b, ' ');
	tly_buf_put_json_number(&b, 12.0);
	CU_ASSERT_STRING_EQUAL(b.ptr, "0.6666666666666666 0.1 0.5 null 0 12");
	tly_buf_clear(&b);
}

static void test_csv_fields(void)
{
	tly_buf b = TLY_BUF_INIT;

	tly_buf_put_csv_field(&b, "plain");
	tly_buf_putc(&b, ',');
	tly_buf_put_csv_field(&b, "a,b");
	tly_buf_putc(&b, ',');
	tly_buf_put_csv_field(&b, "say \"hi\"");
	CU_ASSERT_STRING_EQUAL(b.ptr, "plain,\"a,b\",\"say \"\"hi\"\"\"");
	tly_buf_clear(&b);
}

static void test_strmap(void)
{
	tly_strmap m = TLY_STRMAP_INIT;
	char key[32];
	size_t v = 0;
	int i;

	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "image_%d.jpg", i);
		CHECK_OK(tly_strmap_put(&m, key, (size_t)i * 3));
	}
	CHECK_OK(tly_strmap_put(&m, "image_7.jpg", 1)); /* overwrite keeps the count */
	CU_ASSERT_EQUAL(m.count, 5000);
	CU_ASSERT_TRUE(tly_strmap_get(&m, "image_4999.jpg", &v));
	CU_ASSERT_EQUAL(v, 14997);
	CU_ASSERT_TRUE(tly_strmap_get(&m, "image_7.jpg", &v));
	CU_ASSERT_EQUAL(v, 1);
	CU_ASSERT_FALSE(tly_strmap_get(&m, "image_5000.jpg", &v));
	tly_strmap_clear(&m);
}

static void test_checked_sizes(void)
{
	size_t out;

	CU_ASSERT_EQUAL(tly_mul_size(&out, 3, 7), 0);
	CU_ASSERT_EQUAL(out, 21);
	CU_ASSERT_EQUAL(tly_mul_size(&out, SIZE_MAX / 2, 3), TLY_ELIMIT);
	CU_ASSERT_EQUAL(tly_add_size(&out, SIZE_MAX, 1), TLY_ELIMIT);
	CU_ASSERT_PTR_NULL(tly_reallocarray(NULL, SIZE_MAX / 4, 8));
}

TLY_TESTS("util_buf",
	  {"growth_and_printf", test_growth_and_printf},
	  {"sticky_error", test_sticky_error},
	  {"json_scalars", test_json_scalars},
	  {"csv_fields", test_csv_fields},
	  {"strmap", test_strmap},
	  {"checked_sizes", test_checked_sizes})
