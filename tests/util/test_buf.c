/*
 * Byte buffer: growth, sticky errors, and the JSON/CSV scalar encoders
 * every writer relies on (expected texts written out by hand).
 */
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/*
 * tly_write_file replaces a plain file through rename, but a link or a FIFO
 * (like /dev/stdout or /dev/null) must be written through, not replaced.
 */
static void test_write_file_in_place(void)
{
	char dir[] = "/tmp/tally-buf-XXXXXX", link[64], real[64], fifo[64], got[16];
	struct stat st;
	tly_buf b = TLY_BUF_INIT;
	ssize_t n;
	int fd;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(real, sizeof(real), "%s/real.json", dir);
	snprintf(link, sizeof(link), "%s/link.json", dir);
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	CHECK_OK(tly_write_file(real, "old", 3));
	CU_ASSERT_EQUAL_FATAL(symlink("real.json", link), 0);
	CHECK_OK(tly_write_file(link, "new", 3));
	CU_ASSERT_EQUAL(lstat(link, &st), 0);
	CU_ASSERT_TRUE(S_ISLNK(st.st_mode));
	CHECK_OK(tly_buf_read_file(&b, real, 100));
	CU_ASSERT_STRING_EQUAL(b.ptr, "new");
	/* The read end is open first, so opening the FIFO to write does not block. */
	CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
	fd = open(fifo, O_RDONLY | O_NONBLOCK);
	CU_ASSERT_FATAL(fd >= 0);
	CHECK_OK(tly_write_file(fifo, "piped", 5));
	n = read(fd, got, sizeof(got));
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_EQUAL(memcmp(got, "piped", 5), 0);
	close(fd);
	CU_ASSERT_EQUAL(lstat(fifo, &st), 0);
	CU_ASSERT_TRUE(S_ISFIFO(st.st_mode));
	tly_buf_clear(&b);
	unlink(fifo);
	unlink(link);
	unlink(real);
	rmdir(dir);
}

TLY_TESTS("util_buf",
	  {"growth_and_printf", test_growth_and_printf},
	  {"sticky_error", test_sticky_error},
	  {"json_scalars", test_json_scalars},
	  {"csv_fields", test_csv_fields},
	  {"strmap", test_strmap},
	  {"checked_sizes", test_checked_sizes},
	  {"write_file_in_place", test_write_file_in_place})
