/*
 * Matching objects across annotators on one image (SPEC §4): greedy
 * complete-linkage clustering by descending IoU in two passes (same label,
 * then cross-label), and the one-to-one pairing used to audit one annotator.
 */
#ifndef TALLY_MATCH_H
#define TALLY_MATCH_H

#include "types.h"
#include "geom.h"

/* One object as the matcher sees it. Borrowed pointers; the caller keeps them alive. */
typedef struct {
	const tly_geometry *geom;
	uint32_t owner;  /* annotator index: a cluster holds at most one item per owner */
	uint32_t label;  /* category index */
	int64_t key;     /* stable unique id (store object id): breaks IoU ties */
	int iscrowd;     /* 1: a COCO crowd region; crowd regions are matched only with
			  * crowd regions, never with ordinary objects (0) */
} tly_match_item;

/*
 * The IoU a pair must reach. Each item has a threshold: label_iou[label]
 * when the item's label has one (rules labels.NAME.match.iou), else
 * kind_iou[kind - 1] when its shape kind has one (geometry.KIND.match.iou),
 * else `iou` (match.iou): label > geometry > match.iou. A pair must reach
 * the larger (stricter) of its two items' thresholds, so a cross-label pair
 * needs the stricter label's, and a cluster is complete linkage with every
 * pair meeting its own threshold. 0 in a table means "no override"; any
 * other entry must be in (0, 1] (TLY_EARG when an item uses one that is not).
 * Zero-initialise the fields after class_aware (TLY_MATCH_OPTIONS_INIT) for
 * one threshold for all.
 */
typedef struct {
	double iou;       /* match.iou: every pair in a cluster has IoU >= this (without overrides) */
	int class_aware;  /* match.class_aware: skip the cross-label pass */
	size_t n_label_iou;       /* entries of label_iou */
	const double *label_iou;  /* NULL or [n_label_iou]: threshold of items of each label
				   * (category index); 0 = none; borrowed */
	double kind_iou[4];       /* threshold of items of each kind, index tly_geom_kind - 1
				   * (box, polygon, mask, point); 0 = none */
} tly_match_options;

#define TLY_MATCH_OPTIONS_INIT {0.5, 0, 0, NULL, {0, 0, 0, 0}}

/*
 * The threshold of item IT under OPTS (see tly_match_options): its label's,
 * else its kind's, else opts->iou. Pure; thread-safe.
 */
TLY_EXTERN double tly_match_item_iou(const tly_match_options *opts, const tly_match_item *it);

/*
 * The IoU the pair (A, B) must reach: the larger of the two items'
 * thresholds. Pure; thread-safe.
 */
TLY_EXTERN double tly_match_pair_iou(const tly_match_options *opts, const tly_match_item *a,
				     const tly_match_item *b);

/*
 * Clusters of one image. Reusable across calls (arrays grow as needed);
 * zero-initialise before first use and release with tly_clustering_clear.
 * Clusters are numbered by their smallest member key; members of a cluster
 * are listed in ascending key order.
 */
typedef struct {
	size_t n_items;
	uint32_t *cluster_of;   /* [n_items]: cluster index of each item */
	size_t n_clusters;
	size_t *start;          /* [n_clusters + 1]: members[start[c] .. start[c+1]) */
	uint32_t *members;      /* [n_items]: item indices grouped by cluster */
	size_t cap_items, cap_clusters; /* private: allocated sizes */
	void *scratch;          /* private: work arrays (sweep, candidate pairs), reused between calls */
	size_t scratch_cap;     /* private: items the per-item work arrays hold */
} tly_clustering;

/*
 * Cluster ITEMS (any order: the result depends only on their keys, geometry,
 * owners, labels and crowd flags). Crowd regions and ordinary objects are
 * never in one cluster: crowd regions cluster among themselves by the same
 * rules (normal IoU, complete linkage). Every pair in a cluster reaches
 * its own threshold (tly_match_pair_iou). Keys must be distinct, boxes
 * finite, 0 < opts->iou <= 1 and every item's threshold in (0, 1];
 * otherwise TLY_EARG. Returns 0, or TLY_ENOMEM /
 * TLY_EARG / TLY_ELIMIT; on failure *out holds no clusters (n_clusters 0)
 * but stays reusable. Allocates only when n exceeds earlier calls' sizes.
 * Cost O(n log n + p log p) for p candidate pairs (a sweep over x finds them).
 * Thread-safe for distinct `out` values.
 */
TLY_EXTERN int tly_match_cluster(tly_clustering *out, const tly_match_item *items, size_t n,
				 const tly_match_options *opts);

/* Release the clustering's arrays and zero it. NULL-safe. */
TLY_EXTERN void tly_clustering_clear(tly_clustering *c);

/* One pair of the one-to-one matching of a candidate set against a reference set. */
typedef struct {
	uint32_t a;       /* index into the candidate items */
	uint32_t r;       /* index into the reference items */
	double iou;
	int same_label;   /* 1: matched in the same-label pass */
} tly_match_pair;

/*
 * Pair candidates A one-to-one with references R (SPEC §4 audit rule): pairs
 * with IoU >= their threshold (tly_match_pair_iou), greedily by descending IoU (ties by candidate key,
 * then reference key), first same-label pairs, then (unless class_aware)
 * cross-label pairs. A crowd item pairs only with a crowd item, an
 * ordinary one only with an ordinary one (the caller decides what crowd
 * pairs mean). Pairs are listed in the order they were made: the
 * same-label ones by descending IoU, then the cross-label ones. `owner` is
 * not used. Writes the pairs to *out (grown with the library allocator;
 * *cap is its capacity, reuse between calls, free with tly_match_pairs_free)
 * and their number to *n_out. The buffer doubles as work space, so *cap may
 * exceed the number of pairs; with enough capacity nothing is allocated.
 * Returns 0, or TLY_EARG (NULL argument, a threshold outside (0, 1], non-finite box),
 * TLY_ENOMEM, TLY_ELIMIT. Thread-safe for distinct buffers.
 */
TLY_EXTERN int tly_match_pairs(tly_match_pair **out, size_t *cap, size_t *n_out,
			       const tly_match_item *a, size_t na,
			       const tly_match_item *r, size_t nr,
			       const tly_match_options *opts);

/* Free a pairs buffer grown by tly_match_pairs. NULL-safe. */
TLY_EXTERN void tly_match_pairs_free(tly_match_pair *pairs);

#endif
