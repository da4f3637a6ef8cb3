/*
 * Clustering one image's objects (SPEC §4): greedy complete linkage by
 * descending IoU, same-label pairs first, then cross-label pairs unless
 * match.class_aware; crowd regions (COCO iscrowd) only with crowd regions.
 * Worked cases in tests/match/test_cluster.c.
 * Cost: O(n log n + s + p log p + merge checks) for n items, s pairs that
 * overlap in x, p candidate pairs; merge checks are bounded by the sum of
 * candidate degrees over the smaller cluster of each attempted merge.
 */
#include <string.h>

#include "match/sort.h"
#include "match/sweep.h"
#include "match/threshold.h"
#include "util/limits.h"
#include "tally/error.h"
#include "tally/match.h"
#include "util/alloc.h"
#include "util/vec.h"

/* A pair of items of different owners with IoU >= its threshold; i has the smaller key. */
typedef struct {
	double iou;
	int64_t ki, kj;
	uint32_t i, j;
} cand;

typedef struct {
	int64_t key;
	uint32_t idx;
} keyed;

/*
 * What tly_clustering.scratch points to. Per-item arrays hold
 * tly_clustering.scratch_cap items; the others have their own capacity.
 */
typedef struct {
	tly_match__span *spans; /* items with area, sorted by x */
	keyed *bykey;           /* every item, sorted by key */
	uint32_t *next;         /* circular member list of each cluster; then cluster number of a representative */
	uint32_t *size;         /* members of the cluster an item represents */
	size_t *adj_start;      /* [cap + 1]: adj[adj_start[i] .. adj_start[i+1]) are i's candidates */
	TLY_VEC(cand) cands;
	uint32_t *adj;          /* both ends of every candidate pair, grouped by item */
	size_t cap_adj;
} scratch;

void tly_clustering_clear(tly_clustering *c)
{
	scratch *s;

	if (!c)
		return;
	s = c->scratch;
	if (s) {
		tly_free(s->spans);
		tly_free(s->bykey);
		tly_free(s->next);
		tly_free(s->size);
		tly_free(s->adj_start);
		TLY_VEC_CLEAR(&s->cands);
		tly_free(s->adj);
		tly_free(s);
	}
	tly_free(c->cluster_of);
	tly_free(c->start);
	tly_free(c->members);
	memset(c, 0, sizeof(*c));
}

/* *P = realloc(*P, n * elem); *P is kept on failure. */
static int resize(void **p, size_t n, size_t elem)
{
	void *q = tly_reallocarray(*p, n, elem);

	if (!q)
		return tly_error_last_code();
	*p = q;
	return 0;
}

/*
 * Room for N items in the output and the per-item scratch. An array grown
 * before a later one fails is merely bigger than the recorded capacity.
 * Typed pointers are moved through void * locals: no type punning of the fields.
 */
static int reserve_items(tly_clustering *c, scratch *s, size_t n)
{
	size_t cap = c->cap_items * 2 > n ? c->cap_items * 2 : n;
	void *p[8];
	int error = 0;

	if (n <= c->cap_items && c->start)
		return 0;
	if (cap == 0)
		cap = 1; /* start[] has n_clusters + 1 entries even when empty */
	p[0] = c->cluster_of;
	p[1] = c->members;
	p[2] = c->start;
	p[3] = s->spans;
	p[4] = s->bykey;
	p[5] = s->next;
	p[6] = s->size;
	p[7] = s->adj_start;
	/* Stops at the first failure; every pointer is stored back either way. */
	(void)((error = resize(&p[0], cap, sizeof(uint32_t))) < 0 ||
	       (error = resize(&p[1], cap, sizeof(uint32_t))) < 0 ||
	       (error = resize(&p[2], cap + 1, sizeof(size_t))) < 0 ||
	       (error = resize(&p[3], cap, sizeof(tly_match__span))) < 0 ||
	       (error = resize(&p[4], cap, sizeof(keyed))) < 0 ||
	       (error = resize(&p[5], cap, sizeof(uint32_t))) < 0 ||
	       (error = resize(&p[6], cap, sizeof(uint32_t))) < 0 ||
	       (error = resize(&p[7], cap + 1, sizeof(size_t))) < 0);
	c->cluster_of = p[0];
	c->members = p[1];
	c->start = p[2];
	s->spans = p[3];
	s->bykey = p[4];
	s->next = p[5];
	s->size = p[6];
	s->adj_start = p[7];
	if (!error) {
		c->cap_items = cap;
		c->cap_clusters = cap;
		c->scratch_cap = cap;
	}
	return error;
}

static int by_key(const void *pa, const void *pb, const void *ctx)
{
	const keyed *a = pa, *b = pb;

	(void)ctx;
	return (a->key > b->key) - (a->key < b->key);
}

/* Greedy order: IoU descending, then (smaller key, larger key) ascending. */
static int by_greed(const void *pa, const void *pb, const void *ctx)
{
	const cand *a = pa, *b = pb;

	(void)ctx;
	if (a->iou != b->iou)
		return a->iou > b->iou ? -1 : 1;
	if (a->ki != b->ki)
		return a->ki < b->ki ? -1 : 1;
	return (a->kj > b->kj) - (a->kj < b->kj);
}

/* Items sorted by key; duplicate keys would make the result depend on input order. */
static int sort_keys(scratch *s, const tly_match_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!items[i].geom)
			return tly_error_set(TLY_EARG, "tly_match_cluster: item %zu has no geometry", i);
		s->bykey[i].key = items[i].key;
		s->bykey[i].idx = (uint32_t)i;
	}
	tly_match__sort(s->bykey, n, sizeof(keyed), by_key, NULL);
	for (i = 1; i < n; i++)
		if (s->bykey[i].key == s->bykey[i - 1].key)
			return tly_error_set(TLY_EARG, "tly_match_cluster: duplicate item key %lld",
					     (long long)s->bykey[i].key);
	return 0;
}

/* Every pair of items of different owners with IoU >= its threshold, in greedy order. */
static int find_candidates(scratch *s, const tly_match_item *items, size_t n,
			   const tly_match_options *opts)
{
	tly_match__sweep it = TLY_MATCH__SWEEP_INIT;
	size_t i, m = 0, k, l, tests = 0;
	uint32_t a, b, t;
	int uniform = tly_match__uniform(opts);
	cand c;
	int rc;

	for (i = 0; i < n; i++) {
		rc = tly_match__span_init(&s->spans[m], items[i].geom, (uint32_t)i, items[i].owner,
					  "tly_match_cluster");
		if (rc < 0)
			return rc;
		m += (size_t)rc;
	}
	tly_match__spans_sort(s->spans, m);
	s->cands.count = 0;
	while (tly_match__sweep_next(&it, s->spans, m, &k, &l)) {
		if (++tests > TLY_MAX_OVERLAP_TESTS || s->cands.count >= TLY_MAX_CANDIDATE_PAIRS)
			return tly_error_set(TLY_ELIMIT, "tly_match_cluster: more overlapping objects on "
					     "one image than TLY_MAX_OVERLAP_TESTS / TLY_MAX_CANDIDATE_PAIRS allow");
		a = s->spans[k].idx;
		b = s->spans[l].idx;
		/* Class-aware clusters are single-label, so cross-label pairs
		 * can neither merge nor be needed by a linkage check. */
		if (opts->class_aware && items[a].label != items[b].label)
			continue;
		/* A crowd region stands for many objects, not one: it never joins
		 * an ordinary object's cluster, and without the pair no linkage
		 * check can let the two end up together. */
		if (!items[a].iscrowd != !items[b].iscrowd)
			continue;
		if (items[a].key > items[b].key) {
			t = a;
			a = b;
			b = t;
		}
		/* Measured in key order so the value cannot depend on input order. */
		c.iou = tly_geom_iou(items[a].geom, items[b].geom);
		/* Complete linkage over candidates then means every pair of a
		 * cluster reaches its own threshold. */
		if (!(c.iou >= (uniform ? opts->iou : tly_match_pair_iou(opts, &items[a], &items[b]))))
			continue;
		c.ki = items[a].key;
		c.kj = items[b].key;
		c.i = a;
		c.j = b;
		if (TLY_VEC_PUSH(&s->cands, c) < 0)
			return tly_error_last_code();
	}
	tly_match__sort(s->cands.items, s->cands.count, sizeof(cand), by_greed, NULL);
	return 0;
}

/* Candidate lists per item (CSR), so linkage checks look only at neighbours. */
static int build_adjacency(scratch *s, size_t n)
{
	size_t i, need;
	const cand *c;
	int error;

	if ((error = tly_mul_size(&need, s->cands.count, 2)) < 0)
		return error;
	if (need > s->cap_adj) {
		void *p = s->adj;

		if ((error = resize(&p, need, sizeof(uint32_t))) < 0)
			return error;
		s->adj = p;
		s->cap_adj = need;
	}
	memset(s->adj_start, 0, (n + 1) * sizeof(size_t));
	for (i = 0; i < s->cands.count; i++) {
		s->adj_start[s->cands.items[i].i + 1]++;
		s->adj_start[s->cands.items[i].j + 1]++;
	}
	for (i = 0; i < n; i++)
		s->adj_start[i + 1] += s->adj_start[i];
	/* Fill using adj_start[i] as i's cursor, which leaves it at i's end
	 * (= i+1's start); shifting by one restores the starts. */
	for (i = 0; i < s->cands.count; i++) {
		c = &s->cands.items[i];
		s->adj[s->adj_start[c->i]++] = c->j;
		s->adj[s->adj_start[c->j]++] = c->i;
	}
	for (i = n; i > 0; i--)
		s->adj_start[i] = s->adj_start[i - 1];
	s->adj_start[0] = 0;
	return 0;
}

/*
 * Whether clusters represented by RA and RB may merge: every cross pair
 * must be a candidate. That is complete linkage, and it also keeps owners
 * distinct, since items of one owner never form a candidate pair. A
 * candidate pair appears once in adj[] per end, so counting a's neighbours
 * in rb's cluster finds all of them exactly when the count is rb's size.
 */
static int linkable(const tly_clustering *c, const scratch *s, uint32_t ra, uint32_t rb)
{
	uint32_t a, cnt;
	size_t k;

	if (s->size[ra] > s->size[rb]) {
		a = ra;
		ra = rb;
		rb = a;
	}
	a = ra;
	do {
		cnt = 0;
		for (k = s->adj_start[a]; k < s->adj_start[a + 1]; k++)
			cnt += c->cluster_of[s->adj[k]] == rb;
		if (cnt != s->size[rb])
			return 0;
		a = s->next[a];
	} while (a != ra);
	return 1;
}

/* Relabel the smaller cluster into the larger and splice their member rings. */
static void merge(tly_clustering *c, scratch *s, uint32_t ra, uint32_t rb)
{
	uint32_t a, t;

	if (s->size[ra] < s->size[rb]) {
		t = ra;
		ra = rb;
		rb = t;
	}
	a = rb;
	do {
		c->cluster_of[a] = ra;
		a = s->next[a];
	} while (a != rb);
	t = s->next[ra];
	s->next[ra] = s->next[rb];
	s->next[rb] = t;
	s->size[ra] += s->size[rb];
}

static void greedy(tly_clustering *c, scratch *s, const tly_match_item *items, int same_label)
{
	const cand *p;
	uint32_t ra, rb;
	size_t i;

	for (i = 0; i < s->cands.count; i++) {
		p = &s->cands.items[i];
		if ((items[p->i].label == items[p->j].label) != same_label)
			continue;
		ra = c->cluster_of[p->i];
		rb = c->cluster_of[p->j];
		if (ra != rb && linkable(c, s, ra, rb))
			merge(c, s, ra, rb);
	}
}

/* Number clusters by smallest member key and list members in key order. */
static void number_clusters(tly_clustering *c, scratch *s, size_t n)
{
	uint32_t *id = s->next; /* member rings are no longer needed */
	size_t i, nc = 0;
	uint32_t idx, rep;

	for (i = 0; i < n; i++)
		id[i] = UINT32_MAX;
	/* Each item reads only its own representative entry before
	 * overwriting it with the number, so cluster_of can be reused. */
	for (i = 0; i < n; i++) {
		idx = s->bykey[i].idx;
		rep = c->cluster_of[idx];
		if (id[rep] == UINT32_MAX)
			id[rep] = (uint32_t)nc++;
		c->cluster_of[idx] = id[rep];
	}
	memset(c->start, 0, (nc + 1) * sizeof(size_t));
	for (i = 0; i < n; i++)
		c->start[c->cluster_of[i] + 1]++;
	for (i = 0; i < nc; i++)
		c->start[i + 1] += c->start[i];
	for (i = 0; i < n; i++) {
		idx = s->bykey[i].idx;
		c->members[c->start[c->cluster_of[idx]]++] = idx;
	}
	for (i = nc; i > 0; i--)
		c->start[i] = c->start[i - 1];
	c->start[0] = 0;
	c->n_items = n;
	c->n_clusters = nc;
}

int tly_match_cluster(tly_clustering *out, const tly_match_item *items, size_t n,
		      const tly_match_options *opts)
{
	scratch *s;
	size_t i;
	int error = 0;

	if (!out || !opts || (n && !items))
		return tly_error_set(TLY_EARG, "tly_match_cluster: NULL argument");
	out->n_items = 0;
	out->n_clusters = 0;
	if ((error = tly_match__check_thresholds(opts, items, n, "tly_match_cluster")) < 0)
		return error;
	if (n > UINT32_MAX - 1)
		return tly_error_set(TLY_ELIMIT, "tly_match_cluster: %zu items", n);
	if (!out->scratch && !(out->scratch = tly_calloc(1, sizeof(scratch))))
		return tly_error_last_code();
	s = out->scratch;
	if ((error = reserve_items(out, s, n)) < 0 || (error = sort_keys(s, items, n)) < 0 ||
	    (error = find_candidates(s, items, n, opts)) < 0 ||
	    (error = build_adjacency(s, n)) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		out->cluster_of[i] = (uint32_t)i;
		s->next[i] = (uint32_t)i;
		s->size[i] = 1;
	}
	greedy(out, s, items, 1);
	if (!opts->class_aware)
		greedy(out, s, items, 0);
	number_clusters(out, s, n);
out:
	return error;
}
