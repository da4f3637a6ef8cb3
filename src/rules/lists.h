/*
 * The rules keys whose values are lists and maps rather than scalars:
 * aliases, ignore, labels.NAME overrides, geometry.KIND overrides and
 * report.label_order. The strings live here until the rules object takes
 * them over.
 */
#ifndef TLY_RULES_LISTS_H
#define TLY_RULES_LISTS_H

#include <cjson/cJSON.h>

#include "rules/label_order.h"
#include "tally/rules.h"
#include "util/buf.h"

typedef struct {
	size_t n_strings, cap_strings;
	char **strings;          /* every string the lists own */
	size_t n_aliases, cap_aliases;
	tly_alias *aliases;
	size_t n_ignore, cap_ignore;
	const char **ignore;
	size_t n_labels, cap_labels;
	tly_override *labels;
	tly_rules__order order;  /* report.label_order */
} tly_rules__lists;

void tly_rules__lists_clear(tly_rules__lists *l);

/*
 * If PATH (a dotted key) is one of the list keys or inside one, take ITEM's
 * value into L / P and set *handled; else leave *handled 0. Errors name
 * the key as the scalar keys' do (TLY_EARG).
 */
int tly_rules__list_key(tly_rules__lists *l, tly_policy *p, const char *path, const cJSON *item,
			const char *origin, int *handled);

/* Sort the lists, refuse contradictions (an alias of an alias, a label both aliased and
 * ignored, an alias in the label order), and point P's arrays at them. */
int tly_rules__lists_finish(tly_rules__lists *l, tly_policy *p, const char *origin);

/* The canonical JSON of P's lists: "aliases":{...},"ignore":[...],"labels":{...},"geometry":{...} */
void tly_rules__lists_json(tly_buf *b, const tly_policy *p);

/* Shared with rules.c's scalar keys. */
int tly_rules__unit_number(double *out, const cJSON *v, const char *origin, const char *key, int zero_ok);
int tly_rules__quorum(tly_quorum *q, const cJSON *v, const char *origin, const char *key);
void tly_rules__quorum_json(tly_buf *b, const tly_quorum *q);

#endif
