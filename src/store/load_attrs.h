/*
 * Object attributes (issue 5), read while the dataset loads: each object's
 * stored extra_json "attributes" member becomes (name, value) pairs whose
 * strings are interned once for the whole dataset (tally/dataset.h).
 */
#ifndef TLY_STORE_LOAD_ATTRS_H
#define TLY_STORE_LOAD_ATTRS_H

#include "tally/dataset.h"
#include "util/strmap.h"

/* One pair read for ds->images[image].objs[obj], kept aside while objs still grows. */
typedef struct {
	uint32_t image, obj;
	uint32_t name, value; /* provisional: first-seen indices into the string lists */
} tly_store__pending_attr;

/* The attributes read so far. Zero-initialise; free with tly_store__attrs_clear. */
typedef struct {
	tly_store__pending_attr *v;
	size_t n, cap;
	tly_strmap name_ids, value_ids; /* string -> provisional index */
	char **names, **values;         /* provisional index -> string (owned) */
	size_t n_names, cap_names, n_values, cap_values;
} tly_store__attrs;

/*
 * Read the "attributes" member of JSON (the extra_json of object ID, NULL
 * when none; the OBJ-th object of image IMAGE named IMAGE_NAME). Values are
 * kept as text: strings as they are, true / false, numbers in their
 * shortest round-trip form. Parses with cJSON only when the text names
 * "attributes": call on one thread. Returns 0, TLY_ENOMEM, TLY_ELIMIT
 * (over TLY_MAX_ATTRIBUTES), or TLY_ESTORE naming STORE_PATH, the image and
 * the object when the stored member is not an object of scalars.
 */
int tly_store__attrs_add(tly_store__attrs *a, uint32_t image, uint32_t obj, int64_t id,
			 const char *json, const char *image_name, const char *store_path);

/*
 * Sort the names and values into DS's tables and give every image its
 * attrs (each object's run ascending by name) and every object its range.
 * Call once all objects are read. 0 or TLY_ENOMEM (DS stays valid for
 * tly_dataset_clear).
 */
int tly_store__attrs_attach(tly_store__attrs *a, tly_dataset *ds);

/* Free what A still holds and zero it. NULL-safe. */
void tly_store__attrs_clear(tly_store__attrs *a);

#endif
