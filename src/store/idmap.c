/*
 * Binary search from store ids to dataset indices (store/idmap.h).
 */
#include <stdlib.h>

#include "store/idmap.h"
#include "tally/error.h"
#include "util/alloc.h"

static int cmp_pair(const void *a, const void *b)
{
	int64_t x = ((const tly_idpair *)a)->id, y = ((const tly_idpair *)b)->id;

	return (x > y) - (x < y);
}

int tly_store__idmap_images(tly_idmap *m, const tly_dataset *ds)
{
	size_t i;

	m->n = 0;
	m->items = tly_calloc(ds->n_images, sizeof(*m->items));
	if (!m->items)
		return TLY_ENOMEM;
	for (i = 0; i < ds->n_images; i++) {
		m->items[i].id = ds->images[i].id;
		m->items[i].index = (uint32_t)i;
	}
	m->n = ds->n_images;
	qsort(m->items, m->n, sizeof(*m->items), cmp_pair);
	return 0;
}

void tly_store__idmap_clear(tly_idmap *m)
{
	tly_free(m->items);
	m->items = NULL;
	m->n = 0;
}

int tly_store__idmap_find(const tly_idmap *m, int64_t id, uint32_t *index)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->items[mid].id < id) {
			lo = mid + 1;
		} else if (m->items[mid].id > id) {
			hi = mid;
		} else {
			*index = m->items[mid].index;
			return 1;
		}
	}
	return 0;
}

int tly_store__named_find(const tly_named *v, size_t n, int64_t id, uint32_t *index)
{
	size_t lo = 0, hi = n;

	/* Ids are usually dense from 1: try the direct slot before searching. */
	if (id >= 1 && (uint64_t)id <= n && v[id - 1].id == id) {
		*index = (uint32_t)(id - 1);
		return 1;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].id < id) {
			lo = mid + 1;
		} else if (v[mid].id > id) {
			hi = mid;
		} else {
			*index = (uint32_t)mid;
			return 1;
		}
	}
	return 0;
}
