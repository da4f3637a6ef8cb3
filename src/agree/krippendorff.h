/*
 * The pairable units of Krippendorff's alpha (src/agree/krippendorff.c),
 * shared with the general-distance form (src/agree/alpha_custom.c).
 */
#ifndef TLY_AGREE_KRIPPENDORFF_H
#define TLY_AGREE_KRIPPENDORFF_H

#include "tally/stats.h"

/*
 * Pairable values in compressed rows: kept unit u (m_u >= 2) owns
 * val[start[u] .. start[u+1]); unit_of[u] is its unit of the caller (for
 * the bootstrap's groups), group[u] room for its compact group.
 */
typedef struct {
	size_t *start;        /* [n_units + 1] */
	size_t *val;          /* [n_values] */
	size_t *unit_of;      /* [n_units] */
	size_t *group;        /* [n_units] */
	size_t n_units;
	size_t n_values;
} tly_stats__alpha_units;

/*
 * Fill *U (cleared first) from the non-missing cells of a [N_UNITS][N_CODERS]
 * table: VALUES not NaN, or ITEMS not TLY_STATS_MISSING (exactly one of the
 * two is given), keeping units with at least two; a value slot holds its
 * cell's position. N_UNITS * N_CODERS must not overflow (the callers check).
 * 0 or TLY_ENOMEM (*U then partly filled: clear it).
 */
int tly_stats__alpha_gather(tly_stats__alpha_units *u, size_t n_units, size_t n_coders, const double *values,
			    const uint32_t *items);

/* Free *U's arrays (NULL-safe members) and zero it. */
void tly_stats__alpha_units_clear(tly_stats__alpha_units *u);

#endif
