/*
 * The rules key report.label_order (issue 4): image labels in increasing
 * order, which makes them ordinal data for Krippendorff's ordinal and
 * interval alpha. Parsed here, checked against aliases and ignore once the
 * whole document is read, and given its interval values.
 */
#ifndef TLY_RULES_LABEL_ORDER_H
#define TLY_RULES_LABEL_ORDER_H

#include <cjson/cJSON.h>

#include "tally/rules.h"
#include "util/buf.h"

typedef struct {
	int given;        /* the key was set once (twice is an error) */
	size_t n;
	char **names;     /* [n] owned, lowest first */
	size_t *sorted;   /* [n] indices into names, names ascending bytewise */
	double *values;   /* [n] interval values: the numbers, or the ranks 1..n */
	int numeric;      /* every name is a finite number */
} tly_rules__order;

void tly_rules__order_clear(tly_rules__order *o);

/* Take V (the value of KEY, "report.label_order") into O. TLY_EARG naming KEY, or TLY_ENOMEM. */
int tly_rules__order_set(tly_rules__order *o, const cJSON *v, const char *origin, const char *key);

/*
 * With P's aliases and ignore list in place: refuse a name listed twice,
 * an alias or an ignored label, and numbers that do not increase; then
 * work out the values and point P's label_order fields at O.
 */
int tly_rules__order_finish(tly_rules__order *o, tly_policy *p, const char *origin);

/*
 * ,"label_order":[...] for the canonical text: only when P has an order,
 * or always with EVERY_KEY (the layout `tally rules check` prints).
 */
void tly_rules__order_json(tly_buf *b, const tly_policy *p, int every_key);

/*
 * The value of label NAME on the interval scale when every name parses in
 * full as a finite number (strtod), else NAN: the test that decides
 * between numbers and ranks.
 */
double tly_rules__order_number(const char *name);

#endif
