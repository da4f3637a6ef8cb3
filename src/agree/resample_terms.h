/*
 * Sufficient statistics of a bootstrap statistic that is a formula of
 * weighted sums: each group (e.g. an image) adds fixed terms to fixed sums,
 * so a resample is sums[slot] = sum over groups of (times drawn) x. Groups
 * whose terms are all equal collapse into one type, so a resample costs its
 * draws plus O(the distinct groups' terms), and the sums loop has no branch.
 */
#ifndef TLY_AGREE_RESAMPLE_TERMS_H
#define TLY_AGREE_RESAMPLE_TERMS_H

#include "agree/interval.h"

/* Each draw of a group of type TYPE adds X to sums[SLOT]. */
typedef struct {
	uint32_t type, slot;
	double x;
} tly_stats__term;

typedef struct {
	size_t n_slots;
	tly_stats__term *term;   /* building: the groups' terms (type = group); then the types' */
	size_t n_terms, cap;
	size_t group_first;      /* building: where the open group's terms start */
	size_t n_groups;         /* closed groups */
	uint32_t *type_of;       /* [n_groups] after tly_stats__terms_collapse */
	uint32_t *mult;          /* [n_types] groups of each type: every group once */
	size_t n_types;
} tly_stats__terms;

/* Start empty terms over N_SLOTS sums (nothing allocated yet). */
void tly_stats__terms_init(tly_stats__terms *t, size_t n_slots);

/* Room for N terms in all (an estimate; adding grows it). 0 or TLY_ENOMEM. */
int tly_stats__terms_reserve(tly_stats__terms *t, size_t n);

/* Add X to slot SLOT (below n_slots) of the open group. 0, TLY_ENOMEM or TLY_ELIMIT. */
int tly_stats__terms_add(tly_stats__terms *t, size_t slot, double x);

/*
 * Close the open group (it may be empty): its terms are merged per slot,
 * summed in the order they were added, and zero sums dropped. The next
 * terms go to a new group. 0 or TLY_ELIMIT (more than 2^32 - 1 groups).
 */
int tly_stats__terms_group(tly_stats__terms *t);

/*
 * After the last group: groups with equal terms (the same slots and
 * values) become one type, found by hashing, types numbered in the order of
 * their first group; T's terms become the types'. 0 or TLY_ENOMEM.
 */
int tly_stats__terms_collapse(tly_stats__terms *t);

/* RS's groups and types are T's (collapsed). */
void tly_stats__terms_resampler(tly_stats__resampler *rs, const tly_stats__terms *t);

/* SUMS[0..n_slots) = sum over T's terms of WEIGHTS[type] x (WEIGHTS NULL: t->mult, every group once). */
void tly_stats__terms_sum(double *sums, const tly_stats__terms *t, const uint32_t *weights);

void tly_stats__terms_clear(tly_stats__terms *t);

#endif
