/*
 * Checks of a result's attribute votes (tally/result.h): every index inside
 * its array, cons_attrs by (object, name) with each name once per object,
 * conflict_attrs one per mismatching_attributes conflict in conflict
 * order, and no string missing.
 * Tested by tests/store/test_result_check.c.
 */
#include "store/result_check_attrs.h"
#include "tally/error.h"

#define BAD(...) tly_error_set(TLY_EARG, "result: " __VA_ARGS__)

/* String V of R exists; UINT32_MAX ("none") allowed when NONE_OK. */
static int string_ok(const tly_result *r, uint32_t v, int none_ok)
{
	if (v == UINT32_MAX)
		return none_ok;
	return v < r->n_attr_strings && r->attr_strings[v];
}

static int check_cons_attrs(const tly_result *r)
{
	size_t i;

	for (i = 0; i < r->n_cons_attrs; i++) {
		const tly_cons_attr *a = &r->cons_attrs[i];

		if (a->object >= r->n_cons_objects)
			return BAD("cons_attrs[%zu].object %zu outside the %zu consensus objects", i, a->object,
				   r->n_cons_objects);
		if (!string_ok(r, a->name, 0) || !string_ok(r, a->value, 1))
			return BAD("cons_attrs[%zu]: a name or value outside attr_strings", i);
		if (i && (a[-1].object > a->object || (a[-1].object == a->object && a[-1].name >= a->name)))
			return BAD("cons_attrs[%zu] out of (object, name) order or repeated", i);
	}
	return 0;
}

static int check_conflict_attrs(const tly_result *r)
{
	size_t i, mismatches = 0;

	for (i = 0; i < r->n_conflicts; i++)
		mismatches += r->conflicts[i].kind == TLY_CONFLICT_MISMATCHING_ATTRIBUTES;
	if (mismatches != r->n_conflict_attrs)
		return BAD("%zu mismatching_attributes conflicts but %zu conflict_attrs", mismatches,
			   r->n_conflict_attrs);
	for (i = 0; i < r->n_conflict_attrs; i++) {
		const tly_conflict_attr *k = &r->conflict_attrs[i];

		if (k->conflict >= r->n_conflicts ||
		    r->conflicts[k->conflict].kind != TLY_CONFLICT_MISMATCHING_ATTRIBUTES)
			return BAD("conflict_attrs[%zu].conflict %zu is no mismatching_attributes conflict", i,
				   k->conflict);
		if (i && k[-1].conflict >= k->conflict)
			return BAD("conflict_attrs[%zu] out of conflict order or repeated", i);
		if (!string_ok(r, k->name, 0) || !string_ok(r, k->value, 1) || !string_ok(r, k->consensus, 0))
			return BAD("conflict_attrs[%zu]: a name or value outside attr_strings", i);
	}
	return 0;
}

int tly_store__check_attrs(const tly_result *r)
{
	int error;

	if (r->n_attr_strings && !r->attr_strings)
		return BAD("%zu attr_strings but no array", r->n_attr_strings);
	if ((r->n_cons_attrs && !r->cons_attrs) || (r->n_conflict_attrs && !r->conflict_attrs))
		return BAD("attribute entries counted but no array");
	if ((error = check_cons_attrs(r)) < 0)
		return error;
	return check_conflict_attrs(r);
}
