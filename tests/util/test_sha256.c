/*
 * SHA-256 against the examples published with FIPS 180-2 (appendix B) and
 * the empty message; the streaming API must agree with the one-shot one.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "util/sha256.h"

static void test_fips_examples(void)
{
	char hex[65];
	char *a = NULL;
	size_t i;
	tly_sha256 s;
	uint8_t d[32];

	tly_sha256_hex(hex, "abc", 3);
	CU_ASSERT_STRING_EQUAL(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	tly_sha256_hex(hex, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
	CU_ASSERT_STRING_EQUAL(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	tly_sha256_hex(hex, "", 0);
	CU_ASSERT_STRING_EQUAL(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* one million 'a', fed in uneven pieces through the streaming API */
	a = malloc(1000000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	memset(a, 'a', 1000000);
	tly_sha256_init(&s);
	for (i = 0; i < 1000000; i += 999)
		tly_sha256_update(&s, a + i, i + 999 <= 1000000 ? 999 : 1000000 - i);
	tly_sha256_final(&s, d);
	CU_ASSERT_EQUAL(d[0], 0xcd);
	CU_ASSERT_EQUAL(d[1], 0xc7);
	CU_ASSERT_EQUAL(d[31], 0xd0);
	tly_sha256_hex(hex, a, 1000000);
	CU_ASSERT_STRING_EQUAL(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
}

TLY_TESTS("util_sha256", {"fips_examples", test_fips_examples})
