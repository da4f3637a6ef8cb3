/*
 * The policy values: built-in defaults (equal to rules/default.json, a
 * test keeps them so), the quorum test of SPEC §5, and lookups in the
 * label lists a rules file may give (sorted when parsed, searched here).
 */
#include <math.h>
#include <string.h>

#include "tally/rules.h"

static const char *const kind_names[4] = {"box", "polygon", "mask", "point"};

void tly_policy_init_defaults(tly_policy *p)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->match_iou = 0.5;
	p->match_class_aware = 0;
	p->quorum.kind = TLY_QUORUM_MAJORITY;
	p->quorum.count = 0;
	p->quorum.fraction = 0.0;
	p->tie = TLY_TIE_REVIEW;
	p->box = TLY_BOX_MEDIAN;
	p->weights = TLY_WEIGHTS_EQUAL;
	p->mask = TLY_MASK_MAJORITY;
	p->em_tolerance = 1e-9;
	p->em_max_iterations = 1000;
	p->smoothing = 1.0;
	p->low_overlap = 0.8;
	p->period = TLY_PERIOD_WEEK;
	p->min_agreement = 0.7;
	p->max_conflicts = -1;
	p->review_ties = 1;
	for (i = 0; i < 4; i++) {
		p->geometry[i].name = kind_names[i];
		p->geometry[i].match_iou = NAN;
		p->geometry[i].low_overlap = NAN;
	}
}

int tly_quorum_met(const tly_quorum *q, uint32_t votes, uint32_t voters)
{
	if (voters == 0 || votes == 0)
		return 0;
	switch (q->kind) {
	case TLY_QUORUM_MAJORITY:
		/* strictly more than half, in integers: 2v > n */
		return 2 * (uint64_t)votes > voters;
	case TLY_QUORUM_COUNT:
		return votes >= q->count;
	case TLY_QUORUM_FRACTION:
		/* share >= f, compared as votes >= f * voters with a little slack
		 * so that 2/3 meets a written 0.6666666666666666 */
		return (double)votes >= q->fraction * (double)voters - 1e-9;
	}
	return 0;
}

const tly_override *tly_policy_label(const tly_policy *p, const char *name)
{
	size_t lo = 0, hi = p->n_labels;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(p->labels[mid].name, name);

		if (c == 0)
			return &p->labels[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *tly_policy_alias(const tly_policy *p, const char *name)
{
	size_t lo = 0, hi = p->n_aliases;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(p->aliases[mid].from, name);

		if (c == 0)
			return p->aliases[mid].to;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int tly_policy_ignored(const tly_policy *p, const char *name)
{
	size_t lo = 0, hi = p->n_ignore;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(p->ignore[mid], name);

		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

size_t tly_policy_label_rank(const tly_policy *p, const char *name)
{
	size_t lo = 0, hi = p->n_label_order;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		size_t at = p->label_order_sorted[mid];
		int c = strcmp(p->label_order[at], name);

		if (c == 0)
			return at + 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}
