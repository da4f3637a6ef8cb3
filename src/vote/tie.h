/*
 * The deterministic tie-break shared by object and label votes
 * (vote.tie = "first"): the tied label whose name sorts first bytewise.
 */
#ifndef TLY_VOTE_TIE_H
#define TLY_VOTE_TIE_H

#include <stdint.h>

/*
 * Nonzero when category A wins a tie against category B: its name sorts
 * first by strcmp. Without names (NAMES NULL, or a NULL or equal name) the
 * smaller category index wins, so the order is always total.
 */
int tly_vote__tie_before(uint32_t a, uint32_t b, const char *const *names);

#endif
