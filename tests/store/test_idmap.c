/*
 * Tests of src/store/idmap.c: store ids back to dataset indices, for dense
 * ids (the direct slot) and for ids with gaps (the binary search).
 */
#include <string.h>

#include "harness.h"
#include "store/idmap.h"
#include "util/alloc.h"

static void test_images_by_id(void)
{
	/* Images in name order carry ids 7, 2, 9: the map sorts them 2 -> 1, 7 -> 0, 9 -> 2. */
	tly_image images[3];
	tly_dataset ds;
	tly_idmap m;
	uint32_t i = 99;

	memset(images, 0, sizeof(images));
	memset(&ds, 0, sizeof(ds));
	images[0].id = 7;
	images[1].id = 2;
	images[2].id = 9;
	ds.images = images;
	ds.n_images = 3;
	CHECK_OK(tly_store__idmap_images(&m, &ds));
	CU_ASSERT_EQUAL(m.n, 3);
	CU_ASSERT(tly_store__idmap_find(&m, 2, &i) && i == 1);
	CU_ASSERT(tly_store__idmap_find(&m, 7, &i) && i == 0);
	CU_ASSERT(tly_store__idmap_find(&m, 9, &i) && i == 2);
	CU_ASSERT_FALSE(tly_store__idmap_find(&m, 1, &i));
	CU_ASSERT_FALSE(tly_store__idmap_find(&m, 8, &i));
	CU_ASSERT_FALSE(tly_store__idmap_find(&m, 10, &i));
	tly_store__idmap_clear(&m);
	CU_ASSERT_PTR_NULL(m.items);
	/* An empty dataset maps nothing. */
	ds.n_images = 0;
	CHECK_OK(tly_store__idmap_images(&m, &ds));
	CU_ASSERT_FALSE(tly_store__idmap_find(&m, 7, &i));
	tly_store__idmap_clear(&m);
}

static void test_named_dense_and_sparse(void)
{
	tly_named dense[3] = {{1, NULL}, {2, NULL}, {3, NULL}};
	tly_named sparse[4] = {{2, NULL}, {3, NULL}, {10, NULL}, {11, NULL}};
	uint32_t i = 99;

	/* Dense ids 1..3 sit at index id - 1. */
	CU_ASSERT(tly_store__named_find(dense, 3, 1, &i) && i == 0);
	CU_ASSERT(tly_store__named_find(dense, 3, 3, &i) && i == 2);
	CU_ASSERT_FALSE(tly_store__named_find(dense, 3, 0, &i));
	CU_ASSERT_FALSE(tly_store__named_find(dense, 3, 4, &i));
	CU_ASSERT_FALSE(tly_store__named_find(dense, 3, -5, &i));
	/* With gaps: id 3 is at index 1 (slot id - 1 = 2 holds id 10), id 11 at 3. */
	CU_ASSERT(tly_store__named_find(sparse, 4, 3, &i) && i == 1);
	CU_ASSERT(tly_store__named_find(sparse, 4, 2, &i) && i == 0);
	CU_ASSERT(tly_store__named_find(sparse, 4, 11, &i) && i == 3);
	CU_ASSERT_FALSE(tly_store__named_find(sparse, 4, 4, &i));
	CU_ASSERT_FALSE(tly_store__named_find(sparse, 0, 2, &i));
}

TLY_TESTS("store_idmap",
	  {"images_by_id", test_images_by_id},
	  {"named_dense_and_sparse", test_named_dense_and_sparse})
