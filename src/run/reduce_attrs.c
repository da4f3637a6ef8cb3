/*
 * Attribute votes of every image into the run's result (issue 5): the
 * per-image entries index the dataset's attr_names / attr_values and their
 * image's objects and conflicts; the result's index its own attr_strings
 * (names first, then values) and its concatenated arrays.
 * Checked by tests/run/test_reduce_attrs.c.
 */
#include <string.h>

#include "run/reduce_attrs.h"
#include "tally/error.h"
#include "util/alloc.h"

/* DS's names then values, copied: a loaded run builds the same table from the store. */
static int copy_strings(tly_result *r, const tly_dataset *ds)
{
	size_t n = ds->n_attr_names + ds->n_attr_values, i;

	if (!(r->attr_strings = tly_calloc(n ? n : 1, sizeof(*r->attr_strings))))
		return TLY_ENOMEM;
	for (i = 0; i < n; i++) {
		const char *s = i < ds->n_attr_names ? ds->attr_names[i] : ds->attr_values[i - ds->n_attr_names];

		if (!(r->attr_strings[i] = tly_strdup(s)))
			return TLY_ENOMEM;
		r->n_attr_strings = i + 1;
	}
	return 0;
}

static uint32_t value_at(uint32_t v, size_t n_names)
{
	return v == UINT32_MAX ? UINT32_MAX : (uint32_t)(v + n_names);
}

int tly_run__reduce_attrs(tly_result *r, const tly_run_space *s, const tly_dataset *ds)
{
	size_t na = 0, nk = 0, base_obj = 0, base_conf = 0, i, j, nn = ds->n_attr_names;

	for (i = 0; i < s->n_images; i++) {
		na += s->slots[i].n_cons_attrs;
		nk += s->slots[i].n_conflict_attrs;
	}
	if (!na && !nk)
		return 0;
	if (copy_strings(r, ds) < 0 ||
	    (na && !(r->cons_attrs = tly_calloc(na, sizeof(*r->cons_attrs)))) ||
	    (nk && !(r->conflict_attrs = tly_calloc(nk, sizeof(*r->conflict_attrs)))))
		return tly_error_set(TLY_ENOMEM, "run: out of memory for the attribute votes");
	for (i = 0; i < s->n_images; i++) {
		const tly_agree_image_result *x = &s->slots[i];

		for (j = 0; j < x->n_cons_attrs; j++) {
			tly_cons_attr *a = &r->cons_attrs[r->n_cons_attrs++];

			*a = x->cons_attrs[j];
			a->object += base_obj;
			a->value = value_at(a->value, nn);
		}
		for (j = 0; j < x->n_conflict_attrs; j++) {
			tly_conflict_attr *k = &r->conflict_attrs[r->n_conflict_attrs++];

			*k = x->conflict_attrs[j];
			k->conflict += base_conf;
			k->value = value_at(k->value, nn);
			k->consensus = value_at(k->consensus, nn);
		}
		base_obj += x->n_cons_objects;
		base_conf += x->n_conflicts;
	}
	return 0;
}
