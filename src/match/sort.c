/*
 * Context sort for the matcher: introsort (Musser 1997) — median-of-three
 * quicksort, insertion sort for short ranges (the common case: a few dozen
 * candidate pairs per image), heapsort once recursion passes 2 log2 n so a
 * crafted image cannot go quadratic. Checked by tests/match/test_sort.c.
 */
#include <stdint.h>
#include <string.h>

#include "match/sort.h"

/* Below this, insertion sort's low constant wins. */
#define INSERTION_MAX 16

typedef struct {
	size_t size;
	tly_match__cmp cmp;
	const void *ctx;
} sorter;

/* Swap in 8-byte words through memcpy: no aliasing questions, and fixed
 * 8-byte copies compile to plain loads and stores. */
static void swap(unsigned char *a, unsigned char *b, size_t size)
{
	uint64_t x, y;
	unsigned char t;

	for (; size >= 8; size -= 8, a += 8, b += 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		memcpy(a, &y, 8);
		memcpy(b, &x, 8);
	}
	for (; size; size--, a++, b++) {
		t = *a;
		*a = *b;
		*b = t;
	}
}

#define AT(i) (v + (i) * s->size)

static void insertion(unsigned char *v, size_t n, const sorter *s)
{
	size_t i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && s->cmp(AT(j - 1), AT(j), s->ctx) > 0; j--)
			swap(AT(j - 1), AT(j), s->size);
}

/* Restore the max-heap property below ROOT in v[0..n). */
static void sift(unsigned char *v, size_t root, size_t n, const sorter *s)
{
	size_t child;

	for (;;) {
		child = 2 * root + 1;
		if (child >= n)
			return;
		if (child + 1 < n && s->cmp(AT(child), AT(child + 1), s->ctx) < 0)
			child++;
		if (s->cmp(AT(root), AT(child), s->ctx) >= 0)
			return;
		swap(AT(root), AT(child), s->size);
		root = child;
	}
}

static void heapsort(unsigned char *v, size_t n, const sorter *s)
{
	size_t i;

	for (i = n / 2; i-- > 0;)
		sift(v, i, n, s);
	for (i = n - 1; i > 0; i--) {
		swap(v, AT(i), s->size);
		sift(v, 0, i, s);
	}
}

/*
 * Partition around the median of v[0], v[n/2], v[n-1], moved to v[0];
 * returns its final position p: v[0..p) <= pivot <= v(p..n). Both scans
 * stop on elements equal to the pivot, which keeps runs of equal keys
 * balanced; the median-of-three leaves an element >= pivot at the end, and
 * the pivot itself stops the downward scan.
 */
static size_t partition(unsigned char *v, size_t n, const sorter *s)
{
	size_t mid = n / 2, i = 0, j = n;

	if (s->cmp(AT(mid), AT(0), s->ctx) < 0)
		swap(AT(mid), AT(0), s->size);
	if (s->cmp(AT(n - 1), AT(mid), s->ctx) < 0) {
		swap(AT(n - 1), AT(mid), s->size);
		if (s->cmp(AT(mid), AT(0), s->ctx) < 0)
			swap(AT(mid), AT(0), s->size);
	}
	swap(AT(0), AT(mid), s->size);
	for (;;) {
		do
			i++;
		while (i < n && s->cmp(AT(i), AT(0), s->ctx) < 0);
		do
			j--;
		while (s->cmp(AT(j), AT(0), s->ctx) > 0);
		if (i >= j)
			break;
		swap(AT(i), AT(j), s->size);
	}
	swap(AT(0), AT(j), s->size);
	return j;
}

static void introsort(unsigned char *v, size_t n, unsigned depth, const sorter *s)
{
	size_t p;

	while (n > INSERTION_MAX) {
		if (depth == 0) {
			heapsort(v, n, s);
			return;
		}
		depth--;
		p = partition(v, n, s);
		/* Recurse into the smaller side, loop on the larger: the stack
		 * stays O(log n) deep. */
		if (p < n - p - 1) {
			introsort(v, p, depth, s);
			v = AT(p + 1);
			n = n - p - 1;
		} else {
			introsort(AT(p + 1), n - p - 1, depth, s);
			n = p;
		}
	}
	insertion(v, n, s);
}

#undef AT

void tly_match__sort(void *base, size_t n, size_t size, tly_match__cmp cmp, const void *ctx)
{
	sorter s = {size, cmp, ctx};
	unsigned depth = 0;
	size_t k;

	for (k = n; k > 1; k >>= 1)
		depth += 2;
	introsort(base, n, depth, &s);
}
