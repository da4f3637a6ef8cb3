/*
 * Helpers for the segmentation readers' suites: turn a batch object's
 * stored RLE (extra_json) and a batch label map back into pixels, so the
 * tests compare them with grids worked out by hand.
 */
#ifndef TLY_TESTS_INGEST_SEG_TEST_H
#define TLY_TESTS_INGEST_SEG_TEST_H

#include <cjson/cJSON.h>
#include <stdlib.h>

#include "ingest_test.h"
#include "tally/labelmap.h"
#include "tally/rle.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/sha256.h"

/* The RLE of O's extra_json {"segmentation": {"size": [h, w], "counts": "..."}} into *r. */
static inline int object_rle(tly_rle *r, const tly_batch_object *o)
{
	cJSON *root = o->extra_json ? cJSON_Parse(o->extra_json) : NULL;
	const cJSON *seg = cJSON_GetObjectItemCaseSensitive(root, "segmentation");
	const cJSON *size = cJSON_GetObjectItemCaseSensitive(seg, "size");
	const cJSON *counts = cJSON_GetObjectItemCaseSensitive(seg, "counts");
	int rc = -1;

	tly_rle_init(r);
	if (cJSON_GetArraySize(size) == 2 && cJSON_IsString(counts))
		rc = tly_rle_from_string(r, (int64_t)cJSON_GetArrayItem(size, 0)->valuedouble,
					 (int64_t)cJSON_GetArrayItem(size, 1)->valuedouble, counts->valuestring,
					 strlen(counts->valuestring));
	cJSON_Delete(root);
	return rc;
}

/*
 * Check O's mask against WANT, H rows of W characters ('#' foreground,
 * '.' background) read row by row, the way a person draws it.
 */
static inline void check_mask(const tly_batch_object *o, uint32_t w, uint32_t h, const char *want)
{
	tly_rle r;
	uint8_t *px = calloc((size_t)w * h, 1);
	uint32_t x, y;

	CU_ASSERT_PTR_NOT_NULL_FATAL(px);
	CHECK_OK(object_rle(&r, o));
	CU_ASSERT_EQUAL(r.w, w);
	CU_ASSERT_EQUAL(r.h, h);
	if (r.w == w && r.h == h) {
		CHECK_OK(tly_rle_decode(px, (size_t)w * h, &r));
		/* The RLE is column-major: pixel (x, y) is byte x * h + y. */
		for (y = 0; y < h; y++)
			for (x = 0; x < w; x++)
				if (px[(size_t)x * h + y] != (want[y * w + x] == '#')) {
					fprintf(stderr, "\n%s: pixel (%u, %u) is %u\n", o->label, x, y,
						px[(size_t)x * h + y]);
					CU_FAIL("mask pixel differs");
				}
	}
	tly_rle_clear(&r);
	free(px);
}

/* Check map M (w x h) pixel by pixel against WANT (row-major values). */
static inline void check_map(const tly_labelmap *m, uint32_t w, uint32_t h, const uint32_t *want)
{
	uint32_t *px = calloc((size_t)w * h, sizeof(*px));
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(px);
	CU_ASSERT_EQUAL_FATAL(m->w, w);
	CU_ASSERT_EQUAL_FATAL(m->h, h);
	CHECK_OK(tly_labelmap_decode(px, (size_t)w * h, m));
	for (i = 0; i < (size_t)w * h; i++)
		if (px[i] != want[i]) {
			fprintf(stderr, "\npixel (%zu, %zu) is %u, expected %u\n", i % w, i / w, px[i], want[i]);
			CU_FAIL("label map pixel differs");
		}
	free(px);
}

/*
 * Allocation N failing, for N = 1, 2, ... until reading PATH succeeds:
 * each failure is TLY_ENOMEM with the batch cleared (ASan reports leaks).
 */
static inline void fault_loop(const char *path, const char *annotator, const char *root)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	tly_batch b;
	long n;
	int rc;

	o.annotator = annotator;
	o.root = root;
	for (n = 1; n < 100000; n++) {
		tly_batch_init(&b);
		tly_alloc_fail_after(n);
		rc = tly_ingest_file(&b, path, &o);
		tly_alloc_fail_after(0);
		if (rc == 0) {
			tly_batch_clear(&b);
			break;
		}
		if (rc != TLY_ENOMEM)
			fprintf(stderr, "\n%s: allocation %ld failing gave %d: %s\n", path, n, rc, tly_error_last());
		CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
		CU_ASSERT_PTR_NULL(b.path);
		tly_batch_clear(&b);
	}
	CU_ASSERT(n > 1 && n < 100000);
}

/* Hex SHA-256 of the file PATH into HEX. */
static inline void file_sha256(char hex[65], const char *path)
{
	tly_buf b = TLY_BUF_INIT;

	CHECK_OK(tly_buf_read_file(&b, path, 1 << 24));
	tly_sha256_hex(hex, b.ptr ? b.ptr : "", b.size);
	tly_buf_clear(&b);
}

/* HEX = SHA-256 of the 128 hex digits A || B: a batch hash with a dependency folded in. */
static inline void fold_sha256(char hex[65], const char *a, const char *b)
{
	char both[129];

	snprintf(both, sizeof(both), "%s%s", a, b);
	tly_sha256_hex(hex, both, 128);
}

#define CHECK_CLASS(c, V, LABEL, THING)                                          \
	do {                                                                     \
		CU_ASSERT_EQUAL((c).value, (V));                                 \
		CU_ASSERT_STRING_EQUAL((c).label, (LABEL));                      \
		CU_ASSERT_EQUAL((c).isthing, (THING));                           \
	} while (0)

#endif
