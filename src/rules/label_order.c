/*
 * report.label_order (issue 4): the image labels in increasing order, for
 * Krippendorff's (2011) ordinal and interval alpha. Ordinal alpha depends
 * only on the order (each label's rank); interval alpha on distances, so
 * it takes the labels' own numbers when every name is one ("1".."5",
 * "0.5"), else the ranks 1..m. Checked by tests/rules/test_label_order.c.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rules/label_order.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/limits.h"

void tly_rules__order_clear(tly_rules__order *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		tly_free(o->names[i]);
	tly_free(o->names);
	tly_free(o->sorted);
	tly_free(o->values);
	memset(o, 0, sizeof(*o));
}

static int expected(const char *origin, const char *key)
{
	return tly_error_set(TLY_EARG, "%s: %s: expected an array of label names, lowest first", origin, key);
}

int tly_rules__order_set(tly_rules__order *o, const cJSON *v, const char *origin, const char *key)
{
	const cJSON *c;
	int n;

	if (o->given)
		return tly_error_set(TLY_EARG, "%s: key %s is given twice", origin, key);
	o->given = 1;
	if (!cJSON_IsArray(v))
		return expected(origin, key);
	n = cJSON_GetArraySize(v);
	if (n > TLY_MAX_CATEGORIES)
		return tly_error_set(TLY_ELIMIT, "%s: %s: %d labels, more than TLY_MAX_CATEGORIES (%d)", origin,
				     key, n, TLY_MAX_CATEGORIES);
	if (n == 0)
		return 0;
	if (!(o->names = tly_calloc((size_t)n, sizeof(*o->names))))
		return TLY_ENOMEM;
	cJSON_ArrayForEach(c, v) {
		if (!cJSON_IsString(c))
			return expected(origin, key);
		if (!c->valuestring[0] || strlen(c->valuestring) > TLY_MAX_STRING)
			return tly_error_set(TLY_EARG, "%s: %s: expected a label name of 1 to %d bytes", origin, key,
					     TLY_MAX_STRING);
		if (!(o->names[o->n] = tly_strdup(c->valuestring)))
			return TLY_ENOMEM;
		o->n++;
	}
	return 0;
}

double tly_rules__order_number(const char *name)
{
	char *end;
	double x;

	/* strtod skips leading space but not trailing: refuse both, so " 3" and "3 " are names alike */
	if (!name[0] || isspace((unsigned char)name[0]))
		return NAN;
	x = strtod(name, &end);
	return *end == '\0' && isfinite(x) ? x : NAN;
}

typedef struct {
	const char *name;
	size_t index;
} entry;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

/* O->sorted, and a name listed twice refused. */
static int sort_names(tly_rules__order *o, const char *origin)
{
	entry *e = tly_calloc(o->n, sizeof(*e));
	size_t i;
	int error = 0;

	if (!e || !(o->sorted = tly_calloc(o->n, sizeof(*o->sorted)))) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < o->n; i++) {
		e[i].name = o->names[i];
		e[i].index = i;
	}
	qsort(e, o->n, sizeof(*e), by_name);
	for (i = 0; i < o->n; i++) {
		if (i && !strcmp(e[i - 1].name, e[i].name)) {
			error = tly_error_set(TLY_EARG, "%s: report.label_order: \"%s\" is listed twice", origin,
					      e[i].name);
			goto out;
		}
		o->sorted[i] = e[i].index;
	}
out:
	tly_free(e);
	return error;
}

/* Numbers when every name is one (and they increase, as the order says), else ranks 1..n. */
static int set_values(tly_rules__order *o, const char *origin)
{
	size_t i;

	if (!(o->values = tly_calloc(o->n, sizeof(*o->values))))
		return TLY_ENOMEM;
	o->numeric = 1;
	for (i = 0; i < o->n && o->numeric; i++)
		o->numeric = !isnan(o->values[i] = tly_rules__order_number(o->names[i]));
	for (i = 0; i < o->n; i++) {
		if (!o->numeric)
			o->values[i] = (double)(i + 1);
		else if (i && !(o->values[i] > o->values[i - 1]))
			return tly_error_set(TLY_EARG, "%s: report.label_order: \"%s\" follows \"%s\" but is not "
					     "a larger number; numeric labels must increase", origin, o->names[i],
					     o->names[i - 1]);
	}
	return 0;
}

int tly_rules__order_finish(tly_rules__order *o, tly_policy *p, const char *origin)
{
	size_t i;
	int error;

	if (o->n == 0)
		return 0;
	if ((error = sort_names(o, origin)) < 0)
		return error;
	for (i = 0; i < o->n; i++) {
		const char *to = tly_policy_alias(p, o->names[i]);

		/* the run sees canonical labels only, so an alias here could never match a label */
		if (to)
			return tly_error_set(TLY_EARG, "%s: report.label_order: \"%s\" is an alias of \"%s\"; "
					     "list \"%s\"", origin, o->names[i], to, to);
		if (tly_policy_ignored(p, o->names[i]))
			return tly_error_set(TLY_EARG, "%s: report.label_order: \"%s\" is also in ignore", origin,
					     o->names[i]);
	}
	if ((error = set_values(o, origin)) < 0)
		return error;
	p->n_label_order = o->n;
	p->label_order = (const char *const *)o->names;
	p->label_values = o->values;
	p->label_numeric = o->numeric;
	p->label_order_sorted = o->sorted;
	return 0;
}

void tly_rules__order_json(tly_buf *b, const tly_policy *p, int every_key)
{
	size_t i;

	if (p->n_label_order == 0 && !every_key)
		return;
	tly_buf_puts(b, ",\"label_order\":[");
	for (i = 0; i < p->n_label_order; i++) {
		if (i)
			tly_buf_putc(b, ',');
		tly_buf_put_json_string(b, p->label_order[i]);
	}
	tly_buf_putc(b, ']');
}
