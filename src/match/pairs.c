/*
 * One-to-one pairing of a candidate set against a reference set (SPEC §4,
 * audit rule): greedy by descending IoU, ties by (candidate key, reference
 * key), same-label pairs first, then cross-label pairs unless class_aware;
 * crowd regions pair only with crowd regions.
 * Worked cases, including where greedy differs from an optimal assignment,
 * in tests/match/test_pairs.c.
 */
#include <string.h>

#include "match/sort.h"
#include "match/sweep.h"
#include "match/threshold.h"
#include "util/limits.h"
#include "tally/error.h"
#include "tally/match.h"
#include "util/alloc.h"

/*
 * The output buffer is also the work space, so a caller that reuses it
 * allocates nothing once it is large enough. Layout, in tly_match_pair
 * slots: [0, head) first holds the x-sorted spans of both sets, then (once
 * the sweep is done) one "used" byte per item; [head, head + p) holds the
 * candidate pairs, sorted and then compacted to the chosen ones, which are
 * finally moved to the front. The buffer comes from the library allocator,
 * so it has no declared type and may hold spans, bytes and pairs in turn.
 */
typedef struct {
	const tly_match_item *a, *r;
} sides;

static int grow(tly_match_pair **buf, size_t *cap, size_t need)
{
	size_t ncap = *cap;
	void *p;

	if (need <= *cap)
		return 0;
	if (ncap < 16)
		ncap = 16;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return tly_error_set(TLY_ELIMIT, "tly_match_pairs: too many candidate pairs");
		ncap *= 2;
	}
	p = tly_reallocarray(*buf, ncap, sizeof(tly_match_pair));
	if (!p)
		return tly_error_last_code();
	*buf = p;
	*cap = ncap;
	return 0;
}

static tly_match__span *spans_of(tly_match_pair *buf)
{
	return (tly_match__span *)(void *)buf;
}

/* Greedy order: IoU descending, then candidate key, reference key, then indices. */
static int by_greed(const void *pa, const void *pb, const void *ctx)
{
	const tly_match_pair *x = pa, *y = pb;
	const sides *sd = ctx;
	int64_t kx, ky;

	if (x->iou != y->iou)
		return x->iou > y->iou ? -1 : 1;
	kx = sd->a[x->a].key;
	ky = sd->a[y->a].key;
	if (kx != ky)
		return kx < ky ? -1 : 1;
	kx = sd->r[x->r].key;
	ky = sd->r[y->r].key;
	if (kx != ky)
		return kx < ky ? -1 : 1;
	/* Only reached with duplicate keys inside one set: fall back to
	 * positions so the order is still total. */
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return (x->r > y->r) - (x->r < y->r);
}

/* Spans of both sets (group 0: candidates, 1: references) with area, x-sorted; *M gets their count. */
static int place_spans(size_t *m, tly_match__span *s, const tly_match_item *a, size_t na,
		       const tly_match_item *r, size_t nr)
{
	size_t i;
	int rc;

	*m = 0;
	for (i = 0; i < na + nr; i++) {
		const tly_match_item *it = i < na ? &a[i] : &r[i - na];
		uint32_t idx = (uint32_t)(i < na ? i : i - na);

		if (!it->geom)
			return tly_error_set(TLY_EARG, "tly_match_pairs: %s item %u has no geometry",
					     i < na ? "candidate" : "reference", (unsigned)idx);
		rc = tly_match__span_init(&s[*m], it->geom, idx, i < na ? 0 : 1,
					  i < na ? "tly_match_pairs: candidate" : "tly_match_pairs: reference");
		if (rc < 0)
			return rc;
		*m += (size_t)rc;
	}
	tly_match__spans_sort(s, *m);
	return 0;
}

/* Append every candidate/reference pair with IoU >= its threshold at buf[head..). */
static int find_candidates(tly_match_pair **buf, size_t *cap, size_t *p, size_t head, size_t m,
			   const sides *sd, const tly_match_options *opts)
{
	tly_match__sweep it = TLY_MATCH__SWEEP_INIT;
	tly_match_pair c;
	const tly_match__span *s;
	size_t k, l, tests = 0;
	int uniform = tly_match__uniform(opts);
	int error;

	*p = 0;
	while (tly_match__sweep_next(&it, spans_of(*buf), m, &k, &l)) {
		if (++tests > TLY_MAX_OVERLAP_TESTS || *p >= TLY_MAX_CANDIDATE_PAIRS)
			return tly_error_set(TLY_ELIMIT, "tly_match_pairs: more overlapping objects on "
					     "one image than TLY_MAX_OVERLAP_TESTS / TLY_MAX_CANDIDATE_PAIRS allow");
		s = spans_of(*buf);
		c.a = s[s[k].group == 0 ? k : l].idx;
		c.r = s[s[k].group == 0 ? l : k].idx;
		c.same_label = sd->a[c.a].label == sd->r[c.r].label;
		if (opts->class_aware && !c.same_label)
			continue;
		/* Crowd regions pair only with crowd regions, as they cluster. */
		if (!sd->a[c.a].iscrowd != !sd->r[c.r].iscrowd)
			continue;
		c.iou = tly_geom_iou(sd->a[c.a].geom, sd->r[c.r].geom);
		if (!(c.iou >= (uniform ? opts->iou : tly_match_pair_iou(opts, &sd->a[c.a], &sd->r[c.r]))))
			continue;
		/* Growing may move the buffer; the sweep keeps indices, not pointers. */
		if ((error = grow(buf, cap, head + *p + 1)) < 0)
			return error;
		(*buf)[head + (*p)++] = c;
	}
	return 0;
}

/* Same-label candidates first; each part is sorted afterwards, so order within does not matter. */
static size_t partition(tly_match_pair *v, size_t n)
{
	size_t i, k = 0;
	tly_match_pair t;

	for (i = 0; i < n; i++) {
		if (v[i].same_label) {
			t = v[k];
			v[k++] = v[i];
			v[i] = t;
		}
	}
	return k;
}

int tly_match_pairs(tly_match_pair **out, size_t *cap, size_t *n_out,
		    const tly_match_item *a, size_t na,
		    const tly_match_item *r, size_t nr,
		    const tly_match_options *opts)
{
	size_t m, head, bytes, p = 0, same, i, w;
	unsigned char *used_a, *used_r;
	tly_match_pair *v;
	sides sd;
	int error = 0;

	if (!out || !cap || !n_out || !opts || (na && !a) || (nr && !r))
		return tly_error_set(TLY_EARG, "tly_match_pairs: NULL argument");
	*n_out = 0;
	if ((error = tly_match__check_thresholds(opts, a, na, "tly_match_pairs: candidate")) < 0 ||
	    (error = tly_match__check_thresholds(opts, r, nr, "tly_match_pairs: reference")) < 0)
		return error;
	if (na > UINT32_MAX || nr > UINT32_MAX)
		return tly_error_set(TLY_ELIMIT, "tly_match_pairs: %zu x %zu items", na, nr);
	if (!na || !nr)
		return 0;
	sd.a = a;
	sd.r = r;
	/* Head room for the spans (the used bytes fit in it too). */
	if ((error = tly_add_size(&m, na, nr)) < 0 ||
	    (error = tly_mul_size(&bytes, m, sizeof(tly_match__span))) < 0)
		goto out;
	head = bytes / sizeof(tly_match_pair) + 1;
	if ((error = grow(out, cap, head)) < 0 ||
	    (error = place_spans(&m, spans_of(*out), a, na, r, nr)) < 0 ||
	    (error = find_candidates(out, cap, &p, head, m, &sd, opts)) < 0)
		goto out;
	v = *out + head;
	same = partition(v, p);
	tly_match__sort(v, same, sizeof(*v), by_greed, &sd);
	tly_match__sort(v + same, p - same, sizeof(*v), by_greed, &sd);
	used_a = (unsigned char *)(void *)*out;
	used_r = used_a + na;
	memset(used_a, 0, na + nr);
	/* Chosen pairs are compacted in place: the write position never
	 * passes the read position, and same-label ones come first. */
	for (i = w = 0; i < p; i++) {
		if (used_a[v[i].a] || used_r[v[i].r])
			continue;
		used_a[v[i].a] = 1;
		used_r[v[i].r] = 1;
		v[w++] = v[i];
	}
	memmove(*out, v, w * sizeof(*v));
	*n_out = w;
out:
	return error;
}

void tly_match_pairs_free(tly_match_pair *pairs)
{
	tly_free(pairs);
}
