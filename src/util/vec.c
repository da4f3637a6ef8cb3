/*
 * Growth policy of TLY_VEC: doubling from 8, with checked products.
 */
#include "tally/error.h"
#include "util/alloc.h"
#include "util/vec.h"

int tly_vec__reserve(void **items, size_t *cap, size_t count, size_t elem)
{
	size_t ncap;
	void *p;

	if (count < *cap)
		return 0;
	ncap = *cap ? *cap : 8;
	while (ncap <= count) {
		if (ncap > SIZE_MAX / 2)
			return tly_error_set(TLY_ELIMIT, "vector too large");
		ncap *= 2;
	}
	p = tly_reallocarray(*items, ncap, elem);
	if (!p)
		return tly_error_last_code();
	*items = p;
	*cap = ncap;
	return 0;
}
