/*
 * The real layout of tly_agree_workspace: every buffer one image's
 * computation needs, grown on demand and reused across images, plus the
 * image's outputs before they are copied, exactly sized, to the caller.
 */
#ifndef TLY_AGREE_WORKSPACE_H
#define TLY_AGREE_WORKSPACE_H

#include "tally/agree.h"
#include "tally/vote.h"

/* A growable array: items, used length, allocated length. */
#define TLY_AGREE_ARRAY(type) struct { type *v; size_t n; size_t cap; }

/* Make room for NEED elements in A (contents kept); 0 or TLY_ENOMEM/TLY_ELIMIT. */
#define TLY_AGREE_RESERVE(a, need) \
	tly_agree__reserve((void **)&(a)->v, &(a)->cap, (need), sizeof(*(a)->v))

/* Append VALUE to A; evaluates to 0 or an error. */
#define TLY_AGREE_PUSH(a, value) \
	(TLY_AGREE_RESERVE((a), (a)->n + 1) < 0 ? -1 : ((a)->v[(a)->n++] = (value), 0))

/* A label with the tag that gave it, for sorting a voter's labels. */
typedef struct {
	uint32_t category;
	int64_t tag;
} tly_agree_tagref;

/* One member's attribute, for sorting a cluster's by (name, value). */
typedef struct {
	uint32_t name, value;  /* dataset attr_names / attr_values indices */
	uint32_t member;       /* position in the cluster */
} tly_agree_attrref;

/* Voters of one task on the image: non-gold submitters, by annotator index. */
typedef struct {
	TLY_AGREE_ARRAY(uint32_t) annotator; /* [nv] ascending */
	TLY_AGREE_ARRAY(uint32_t) entry;     /* [nv] index into the workspace's entries */
	TLY_AGREE_ARRAY(size_t) start;       /* [nv + 1]: voter i owns items/labels [start[i], start[i+1]) */
} tly_agree_voters;

struct tly_agree_workspace {
	/* Who submitted what (filled by tly_agree__collect). */
	TLY_AGREE_ARRAY(uint32_t) sub_voter; /* [n_subs]: voter index within its task, UINT32_MAX if gold */
	tly_agree_voters vobj;               /* objects voters */
	tly_agree_voters vlab;               /* labels voters */
	TLY_AGREE_ARRAY(uint32_t) entries;   /* annotators with any non-gold submission, ascending */
	TLY_AGREE_ARRAY(tly_match_item) items;     /* V's objects grouped by voter, by id inside */
	TLY_AGREE_ARRAY(uint32_t) item_voter;      /* [n_items] voter index of each item */
	TLY_AGREE_ARRAY(tly_match_item) gold_items; /* objects of the reference gold submission */
	int has_gold_objects, has_gold_labels;
	TLY_AGREE_ARRAY(uint32_t) labels;    /* V's label sets grouped by voter, ascending, unique */
	TLY_AGREE_ARRAY(int64_t) label_tag;  /* [n_labels] tag id of each label (smallest on duplicates) */
	TLY_AGREE_ARRAY(uint32_t) gold_labels; /* the gold label set, ascending, unique */
	TLY_AGREE_ARRAY(tly_label_set) sets; /* [nv_lab] views into labels */
	TLY_AGREE_ARRAY(uint64_t) keys;      /* scratch: (annotator << 32 | sub) for sorting voters */
	TLY_AGREE_ARRAY(tly_agree_tagref) tagrefs; /* scratch: labels before sorting */

	/* Voting (consensus.c). */
	tly_clustering clus;
	TLY_AGREE_ARRAY(tly_vote_object_result) votes; /* [n_clusters] */
	TLY_AGREE_ARRAY(tly_vote_label) lvote;         /* the image's label consensus */
	int tie_objects, tie_labels;
	TLY_AGREE_ARRAY(uint8_t) seen;                 /* [nv] scratch marks */
	TLY_AGREE_ARRAY(uint32_t) scratch;             /* scratch label list */

	/* Pairwise and leave-one-out matching (image_agreement.c, audit.c). */
	tly_match_pair *mp;
	size_t mp_cap, n_mp;
	TLY_AGREE_ARRAY(uint64_t) pair_tp;             /* [3 nv(nv-1)/2] per voter pair i < j: same-label
							 * pairs, counted objects of i, of j */
	TLY_AGREE_ARRAY(tly_match_item) loo_items;
	tly_clustering loo_clus;
	TLY_AGREE_ARRAY(tly_geometry) ref_geom;
	TLY_AGREE_ARRAY(tly_rle) ref_masks;            /* [ref_items.n] leave-one-out consensus masks
							* (empty for box consensus); ref_geom points here */
	TLY_AGREE_ARRAY(tly_match_item) ref_items;
	TLY_AGREE_ARRAY(tly_label_set) loo_sets;
	TLY_AGREE_ARRAY(tly_vote_label) loo_lvote;

	/* The image's outputs, copied to the caller's result at the end. */
	tly_image_stats stats;
	TLY_AGREE_ARRAY(tly_cons_object) cons;
	TLY_AGREE_ARRAY(tly_rle) masks;                /* [cons.n]: consensus masks (m > 0), empty
							* (m == 0) for boxes; cons.v[i].geom.rle stays
							* NULL here: finish() points it at the copy */
	TLY_AGREE_ARRAY(tly_cons_member) members;
	TLY_AGREE_ARRAY(tly_cons_tag) tags;
	TLY_AGREE_ARRAY(tly_conflict) conflicts;
	TLY_AGREE_ARRAY(tly_agree_annotator) ann;      /* parallel to entries */
	TLY_AGREE_ARRAY(tly_agree_pair) pairs;
	TLY_AGREE_ARRAY(tly_agree_label_pair) label_pairs; /* matched objects' labels per voter pair */
	TLY_AGREE_ARRAY(size_t) label_pairs_at;        /* [nv(nv-1)/2 + 1] objects voter pair k's labels
							* are label_pairs[at[k] .. at[k+1]) */
	TLY_AGREE_ARRAY(tly_stats_iou_unit) iou_units; /* alpha over objects: one per cluster */

	/* Reliability weights (weights.c, weights_mask.c). */
	TLY_AGREE_ARRAY(double) wpost;                 /* [2 K]: one item's posterior, then scratch */
	TLY_AGREE_ARRAY(uint32_t) wann;                /* one item's labels: their annotators */
	TLY_AGREE_ARRAY(uint32_t) wcat;                /*   and their categories */
	TLY_AGREE_ARRAY(tly_dawid_skene_observation) obs; /* output: the image's observations */
	uint32_t obs_items;                            /* output: items observed */
	uint32_t staple_fallbacks;                     /* output: mask clusters STAPLE could not take */
	/* Attributes (attributes.c): outputs, then scratch. */
	TLY_AGREE_ARRAY(tly_cons_attr) cattrs;
	TLY_AGREE_ARRAY(tly_conflict_attr) kattrs;
	TLY_AGREE_ARRAY(tly_agree_attrref) attr_refs; /* one cluster's members' attributes */
	/* Output (conflicts.c): the votes of the image's tied votes, conflict local. */
	TLY_AGREE_ARRAY(tly_tie_vote) tvotes;
};

int tly_agree__reserve(void **items, size_t *cap, size_t need, size_t elem);

/* Free the consensus masks WS holds (masks and ref_masks) and empty both lists. */
void tly_agree__masks_reset(tly_agree_workspace *ws);

/* Index of pair (i, j), i < j, among the pairs of N voters, lexicographic. */
size_t tly_agree__tri(size_t i, size_t j, size_t n);

#endif
