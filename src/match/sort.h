/*
 * In-place sorting with a context pointer, private to the match stage.
 * libc's qsort takes no context (qsort_r is not portable) and glibc's may
 * allocate a merge buffer on every call; this one never allocates.
 */
#ifndef TLY_MATCH_SORT_H
#define TLY_MATCH_SORT_H

#include <stddef.h>

/* <0, 0, >0 as A sorts before, with, after B. CTX is passed through. */
typedef int (*tly_match__cmp)(const void *a, const void *b, const void *ctx);

/*
 * Sort N elements of SIZE bytes at BASE by CMP. Not stable: give CMP a
 * total order when the result must not depend on the input order.
 * O(n log n) worst case (introsort), insertion sort for short arrays.
 */
void tly_match__sort(void *base, size_t n, size_t size, tly_match__cmp cmp, const void *ctx);

#endif
