/*
 * Lower bounds over rows sorted by a key field (rows.h). The key is read
 * with memcpy, so any row layout and alignment works. Tested by
 * tests/util/test_rows.c.
 */
#include <string.h>

#include "util/rows.h"

static uint64_t key_at(const unsigned char *row, size_t offset, size_t width)
{
	uint32_t k32;
	uint64_t k64;

	if (width == sizeof(k32)) {
		memcpy(&k32, row + offset, sizeof(k32));
		return k32;
	}
	memcpy(&k64, row + offset, sizeof(k64));
	return k64;
}

size_t tly_rows_find(const void *base, size_t n, size_t size, size_t offset, size_t width, uint64_t key,
		     size_t *end)
{
	const unsigned char *b = base;
	size_t lo = 0, hi = n, e;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (key_at(b + mid * size, offset, width) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (e = lo; e < n && key_at(b + e * size, offset, width) == key; e++)
		;
	if (end)
		*end = e;
	return lo;
}
