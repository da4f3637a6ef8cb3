/*
 * The policy values: built-in defaults (equal to rules/default.json, a
 * test keeps them so) and the quorum test of SPEC §5.
 */
#include "tally/rules.h"

void tly_policy_init_defaults(tly_policy *p)
{
	p->match_iou = 0.5;
	p->match_class_aware = 0;
	p->quorum.kind = TLY_QUORUM_MAJORITY;
	p->quorum.count = 0;
	p->quorum.fraction = 0.0;
	p->tie = TLY_TIE_REVIEW;
	p->box = TLY_BOX_MEDIAN;
	p->weights = TLY_WEIGHTS_EQUAL;
	p->low_overlap = 0.8;
	p->min_agreement = 0.7;
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
