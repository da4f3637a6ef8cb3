/*
 * The per-group terms of a bootstrap statistic made of weighted sums
 * (agree/resample_terms.h): built group by group, merged per slot,
 * collapsed into types of equal groups, summed per resample. Exact
 * reorganisation of the sums, not an approximation: a type's weight is the
 * number of draws that fell on its groups. Checked by
 * tests/agree/test_resample_terms.c.
 */
#include <stdlib.h>
#include <string.h>

#include "agree/resample_terms.h"
#include "tally/error.h"
#include "util/alloc.h"

void tly_stats__terms_init(tly_stats__terms *t, size_t n_slots)
{
	memset(t, 0, sizeof(*t));
	t->n_slots = n_slots;
}

void tly_stats__terms_clear(tly_stats__terms *t)
{
	tly_free(t->term);
	tly_free(t->type_of);
	tly_free(t->mult);
	memset(t, 0, sizeof(*t));
}

int tly_stats__terms_reserve(tly_stats__terms *t, size_t n)
{
	tly_stats__term *grown;

	if (n <= t->cap)
		return 0;
	if (!(grown = tly_reallocarray(t->term, n, sizeof(*grown))))
		return TLY_ENOMEM;
	t->term = grown;
	t->cap = n;
	return 0;
}

int tly_stats__terms_add(tly_stats__terms *t, size_t slot, double x)
{
	if (slot >= t->n_slots || slot > UINT32_MAX)
		return tly_error_set(TLY_ELIMIT, "bootstrap: sum %zu of %zu", slot, t->n_slots);
	if (t->n_terms == t->cap) {
		size_t cap;
		int error;

		if ((error = tly_mul_size(&cap, t->cap ? t->cap : 32, 2)) < 0 ||
		    (error = tly_stats__terms_reserve(t, cap)) < 0)
			return error;
	}
	t->term[t->n_terms].type = (uint32_t)t->n_groups;
	t->term[t->n_terms].slot = (uint32_t)slot;
	t->term[t->n_terms++].x = x;
	return 0;
}

/* By slot, then by position (held in type while a group is closed): a stable order on every libc. */
static int cmp_slot(const void *a, const void *b)
{
	const tly_stats__term *p = a, *q = b;

	if (p->slot != q->slot)
		return p->slot < q->slot ? -1 : 1;
	return (p->type > q->type) - (p->type < q->type);
}

/* G[0..n) by slot, equal slots in their order: insertion sort for the usual few, else qsort by (slot, position). */
static void sort_group(tly_stats__term *g, size_t n)
{
	size_t i, j;

	if (n > 32) {
		for (i = 0; i < n; i++)
			g[i].type = (uint32_t)i;
		qsort(g, n, sizeof(*g), cmp_slot);
		return;
	}
	for (i = 1; i < n; i++) {
		tly_stats__term x = g[i];

		for (j = i; j > 0 && g[j - 1].slot > x.slot; j--)
			g[j] = g[j - 1];
		g[j] = x;
	}
}

int tly_stats__terms_group(tly_stats__terms *t)
{
	size_t i, w = t->group_first, n = t->n_terms - t->group_first;
	tly_stats__term *g = t->term + t->group_first;

	if (t->n_groups >= UINT32_MAX)
		return tly_error_set(TLY_ELIMIT, "bootstrap: more than 2^32 - 1 groups");
	sort_group(g, n);
	for (i = 0; i < n; i++) {
		if (w > t->group_first && t->term[w - 1].slot == g[i].slot)
			t->term[w - 1].x += g[i].x;
		else
			t->term[w++] = g[i];
	}
	/* drop sums that came to 0: they add nothing and would keep equal groups apart */
	for (i = n = t->group_first; i < w; i++)
		if (t->term[i].x != 0.0) {
			t->term[n] = t->term[i];
			t->term[n++].type = (uint32_t)t->n_groups;
		}
	t->n_terms = t->group_first = n;
	t->n_groups++;
	return 0;
}

/* One group's terms. */
typedef struct {
	const tly_stats__term *term;
	size_t n;
} group_view;

static int same_terms(const group_view *p, const group_view *q)
{
	size_t i;

	if (p->n != q->n)
		return 0;
	for (i = 0; i < p->n; i++)
		if (p->term[i].slot != q->term[i].slot || p->term[i].x != q->term[i].x)
			return 0;
	return 1;
}

/* A hash of a group's terms (slots and the bits of their values), mixed as splitmix64 mixes. */
static uint64_t hash_terms(const group_view *v)
{
	uint64_t h = v->n;
	size_t i;

	for (i = 0; i < v->n; i++) {
		uint64_t bits;

		memcpy(&bits, &v->term[i].x, sizeof(bits));
		h ^= (uint64_t)v->term[i].slot + bits * UINT64_C(0x9e3779b97f4a7c15);
		h = (h ^ (h >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
		h = (h ^ (h >> 27)) * UINT64_C(0x94d049bb133111eb);
		h ^= h >> 31;
	}
	return h;
}

/* VIEW[g] = group g's terms, in group order. */
static void view_groups(group_view *view, const tly_stats__terms *t)
{
	size_t g, i = 0;

	for (g = 0; g < t->n_groups; g++) {
		view[g].term = t->term + i;
		while (i < t->n_terms && t->term[i].type == g)
			i++;
		view[g].n = (size_t)(t->term + i - view[g].term);
	}
}

/*
 * Type of each group through an open-addressing table of types keyed by
 * the terms' hash (TABLE: [mask + 1] zeros, a power of two above twice the
 * groups; entries 1 + type), each hit checked term by term; FIRST[y] is
 * type y's first group. Types are numbered by their first group.
 */
static void find_types(tly_stats__terms *t, const group_view *view, uint32_t *table, size_t mask,
		       uint32_t *first)
{
	size_t g;

	t->n_types = 0;
	for (g = 0; g < t->n_groups; g++) {
		size_t i = (size_t)(hash_terms(&view[g]) & mask);

		while (table[i] && !same_terms(&view[first[table[i] - 1]], &view[g]))
			i = (i + 1) & mask;
		if (!table[i]) {
			first[t->n_types] = (uint32_t)g;
			table[i] = (uint32_t)++t->n_types;
		}
		t->type_of[g] = table[i] - 1;
	}
}

/*
 * Groups with equal terms share a type; the terms kept are each type's
 * first group's, moved down in place (a first group's terms lie at or after
 * the write position, types being numbered in group order).
 */
int tly_stats__terms_collapse(tly_stats__terms *t)
{
	group_view *view = NULL;
	uint32_t *table = NULL, *first = NULL;
	size_t g, i, w = 0, size = 1;
	int error = 0;

	while (size < 2 * t->n_groups + 2)
		size *= 2;
	view = tly_calloc(t->n_groups ? t->n_groups : 1, sizeof(*view));
	first = tly_calloc(t->n_groups ? t->n_groups : 1, sizeof(*first));
	table = tly_calloc(size, sizeof(*table));
	t->type_of = tly_calloc(t->n_groups ? t->n_groups : 1, sizeof(*t->type_of));
	t->mult = tly_calloc(t->n_groups ? t->n_groups : 1, sizeof(*t->mult));
	if (!view || !first || !table || !t->type_of || !t->mult) {
		error = TLY_ENOMEM;
		goto out;
	}
	view_groups(view, t);
	find_types(t, view, table, size - 1, first);
	for (g = 0; g < t->n_groups; g++) {
		uint32_t y = t->type_of[g];

		if (first[y] == g)
			for (i = 0; i < view[g].n; i++) {
				t->term[w] = view[g].term[i];
				t->term[w++].type = y;
			}
		t->mult[y]++;
	}
	t->n_terms = w;
out:
	tly_free(view);
	tly_free(first);
	tly_free(table);
	return error;
}

void tly_stats__terms_resampler(tly_stats__resampler *rs, const tly_stats__terms *t)
{
	rs->n_groups = t->n_groups;
	rs->type_of = t->type_of;
	rs->n_types = t->n_types;
}

void tly_stats__terms_sum(double *sums, const tly_stats__terms *t, const uint32_t *weights)
{
	const tly_stats__term *term = t->term;
	const uint32_t *w = weights ? weights : t->mult;
	size_t i, n = t->n_terms;

	memset(sums, 0, t->n_slots * sizeof(*sums));
	for (i = 0; i < n; i++)
		sums[term[i].slot] += (double)w[term[i].type] * term[i].x;
}
