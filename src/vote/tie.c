/*
 * vote.tie = "first" (rules.h): bytewise name order, as strcmp compares
 * unsigned chars, so the choice does not depend on locale or on the order
 * categories were first seen. Checked by tests/vote/test_tie.c.
 */
#include <string.h>

#include "vote/tie.h"

int tly_vote__tie_before(uint32_t a, uint32_t b, const char *const *names)
{
	int c;

	if (names && names[a] && names[b]) {
		c = strcmp(names[a], names[b]);
		if (c != 0)
			return c < 0;
	}
	return a < b;
}
