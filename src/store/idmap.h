/*
 * Store id -> dataset index. Results are stored by store id (images,
 * annotators, categories are never deleted), so a run saved long ago maps
 * back onto whatever dataset is loaded now.
 */
#ifndef TLY_STORE_IDMAP_H
#define TLY_STORE_IDMAP_H

#include "tally/dataset.h"

typedef struct {
	int64_t id;
	uint32_t index;
} tly_idpair;

/* Pairs sorted by id, for binary search. */
typedef struct {
	tly_idpair *items;
	size_t n;
} tly_idmap;

/* Map every image of DS (sorted by name) from its id; clear with tly_store__idmap_clear. */
int tly_store__idmap_images(tly_idmap *m, const tly_dataset *ds);
void tly_store__idmap_clear(tly_idmap *m);

/* 1 and *index when ID is in M, else 0. */
int tly_store__idmap_find(const tly_idmap *m, int64_t id, uint32_t *index);

/* The same over an array sorted by id (dataset annotators, categories). */
int tly_store__named_find(const tly_named *v, size_t n, int64_t id, uint32_t *index);

#endif
