/*
 * The match stage's context sort (src/match/sort.c): short (insertion) and
 * long (quicksort) arrays, duplicates, the context pointer, odd element
 * sizes, and an adversarial comparator that forces the heapsort fallback.
 */
#include <string.h>

#include "harness.h"
#include "match/sort.h"

static unsigned lcg(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

/* ctx points at +1 (ascending) or -1 (descending). */
static int cmp_int(const void *a, const void *b, const void *ctx)
{
	int x = *(const int *)a, y = *(const int *)b, dir = *(const int *)ctx;

	return dir * ((x > y) - (x < y));
}

static void check_sizes(int dir)
{
	static const size_t sizes[] = {0, 1, 2, 3, 15, 16, 17, 18, 100, 1000};
	int v[1000], count_in[50], count_out[50];
	unsigned seed = 7;
	size_t s, i;

	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		memset(count_in, 0, sizeof(count_in));
		memset(count_out, 0, sizeof(count_out));
		/* Values in 0..49 so long arrays are full of duplicates. */
		for (i = 0; i < sizes[s]; i++) {
			v[i] = (int)(lcg(&seed) % 50);
			count_in[v[i]]++;
		}
		tly_match__sort(v, sizes[s], sizeof(int), cmp_int, &dir);
		for (i = 0; i < sizes[s]; i++)
			count_out[v[i]]++;
		for (i = 1; i < sizes[s]; i++)
			CU_ASSERT(dir * (v[i] - v[i - 1]) >= 0);
		/* Same multiset: a permutation, nothing lost or duplicated. */
		CU_ASSERT(memcmp(count_in, count_out, sizeof(count_in)) == 0);
	}
}

static void test_ascending(void)
{
	check_sizes(1);
}

static void test_descending_via_ctx(void)
{
	check_sizes(-1);
}

static void test_sorted_and_reversed(void)
{
	int v[40], dir = 1;
	size_t i;

	for (i = 0; i < 40; i++)
		v[i] = 40 - (int)i;
	tly_match__sort(v, 40, sizeof(int), cmp_int, &dir);
	for (i = 0; i < 40; i++)
		CU_ASSERT_EQUAL(v[i], (int)i + 1);
	tly_match__sort(v, 40, sizeof(int), cmp_int, &dir);
	for (i = 0; i < 40; i++)
		CU_ASSERT_EQUAL(v[i], (int)i + 1);
}

/* 100-byte elements: not a multiple of the 8-byte swap word. */
typedef struct {
	int key;
	char pad[92];
	int check;
} wide;

static int cmp_wide(const void *a, const void *b, const void *ctx)
{
	(void)ctx;
	return (((const wide *)a)->key > ((const wide *)b)->key) -
	       (((const wide *)a)->key < ((const wide *)b)->key);
}

static void test_wide_elements(void)
{
	wide v[30];
	size_t i;

	for (i = 0; i < 30; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		v[i].key = (int)((i * 7) % 30); /* 7 is coprime with 30: a permutation */
		v[i].check = v[i].key * 3;
		v[i].pad[91] = (char)v[i].key;
	}
	tly_match__sort(v, 30, sizeof(wide), cmp_wide, NULL);
	for (i = 0; i < 30; i++) {
		CU_ASSERT_EQUAL(v[i].key, (int)i);
		CU_ASSERT_EQUAL(v[i].check, (int)i * 3);
		CU_ASSERT_EQUAL(v[i].pad[91], (char)i);
	}
}

/*
 * McIlroy's adversary ("A Killer Adversary for Quicksort", 1999): values
 * are decided lazily so that every pivot turns out to be nearly the
 * smallest, which makes any plain quicksort quadratic. Introsort must fall
 * back to heapsort and stay O(n log n) in comparisons.
 */
typedef struct {
	int *val;
	int gas, nsolid, candidate;
	long ncmp;
} adversary;

typedef struct {
	adversary *a; /* ctx is const: the mutable state sits behind it */
} adversary_ref;

static int cmp_adversary(const void *px, const void *py, const void *ctx)
{
	adversary *a = ((const adversary_ref *)ctx)->a;
	int x = *(const int *)px, y = *(const int *)py;

	a->ncmp++;
	if (a->val[x] == a->gas && a->val[y] == a->gas) {
		if (x == a->candidate)
			a->val[x] = a->nsolid++;
		else
			a->val[y] = a->nsolid++;
	}
	if (a->val[x] == a->gas)
		a->candidate = x;
	else if (a->val[y] == a->gas)
		a->candidate = y;
	return (a->val[x] > a->val[y]) - (a->val[x] < a->val[y]);
}

static void test_adversary_stays_n_log_n(void)
{
	enum { N = 4000 };
	static int ptr[N], val[N];
	adversary a = {val, N, 0, 0, 0};
	adversary_ref ref = {&a};
	size_t i;

	for (i = 0; i < N; i++) {
		ptr[i] = (int)i;
		val[i] = N; /* gas: not decided yet */
	}
	tly_match__sort(ptr, N, sizeof(int), cmp_adversary, &ref);
	for (i = 1; i < N; i++)
		CU_ASSERT(val[ptr[i - 1]] <= val[ptr[i]]);
	/* n log2 n = 4000 * 12 = 48,000; a quadratic quicksort would need
	 * about n^2 / 4 = 4,000,000 comparisons. Allow 10 n log2 n. */
	if (a.ncmp >= 480000)
		fprintf(stderr, "adversary: %ld comparisons\n", a.ncmp);
	CU_ASSERT(a.ncmp < 480000);
}

TLY_TESTS("match_sort",
	  {"ascending", test_ascending},
	  {"descending_via_ctx", test_descending_via_ctx},
	  {"sorted_and_reversed", test_sorted_and_reversed},
	  {"wide_elements", test_wide_elements},
	  {"adversary_stays_n_log_n", test_adversary_stays_n_log_n})
