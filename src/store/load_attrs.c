/*
 * Object attributes at load time (issue 5): the "attributes" object the
 * readers keep in objects.extra_json (CVAT <attribute>, COCO "attributes")
 * into interned (name, value) index pairs. Strings are interned in first
 * seen order while loading, then sorted once so a name's index order is
 * its bytewise order, and each object's pairs are sorted by name. Values
 * are compared as text: strings as they are, true / false, numbers in
 * their shortest form.
 * Checked by tests/store/test_load_attrs.c.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "store/load_attrs.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/vec.h"

void tly_store__attrs_clear(tly_store__attrs *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->n_names; i++)
		tly_free(a->names[i]);
	for (i = 0; i < a->n_values; i++)
		tly_free(a->values[i]);
	tly_free(a->names);
	tly_free(a->values);
	tly_strmap_clear(&a->name_ids);
	tly_strmap_clear(&a->value_ids);
	tly_free(a->v);
	memset(a, 0, sizeof(*a));
}

/* The provisional index of S in (IDS, LIST), adding it when new. */
static int intern(uint32_t *out, tly_strmap *ids, char ***list, size_t *n, size_t *cap, const char *s)
{
	size_t at;
	char *copy;
	int error;

	if (tly_strmap_get(ids, s, &at)) {
		*out = (uint32_t)at;
		return 0;
	}
	if (*n >= UINT32_MAX - 1)
		return TLY_ELIMIT;
	if ((error = tly_vec__reserve((void **)list, cap, *n, sizeof(**list))) < 0)
		return error;
	if (!(copy = tly_strdup(s)))
		return TLY_ENOMEM;
	if ((error = tly_strmap_put(ids, s, *n)) < 0) {
		tly_free(copy);
		return error;
	}
	(*list)[*n] = copy;
	*out = (uint32_t)(*n)++;
	return 0;
}

/*
 * V as the text a value is compared by, into B: a string as it is,
 * true / false, a number in its shortest round-trip form (so CVAT's XML
 * text "true" and its COCO export's true are one value). -1 when V is
 * not a scalar.
 */
static int value_text(tly_buf *b, const cJSON *v)
{
	b->size = 0;
	if (cJSON_IsString(v))
		tly_buf_puts(b, v->valuestring);
	else if (cJSON_IsBool(v))
		tly_buf_puts(b, cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNumber(v))
		tly_buf_put_json_number(b, v->valuedouble);
	else
		return -1;
	tly_buf_putc(b, '\0');
	return 0;
}

static int bad(const char *store_path, const char *image, int64_t id, const char *what)
{
	return tly_error_set(TLY_ESTORE, "%s: image %s, object %lld: bad stored attributes: %s", store_path,
			     image, (long long)id, what);
}

/* The members of ATTRS as pending pairs of (IMAGE, OBJ). */
static int add_members(tly_store__attrs *a, const cJSON *attrs, uint32_t image, uint32_t obj, int64_t id,
		       const char *image_name, const char *store_path)
{
	tly_buf text = TLY_BUF_INIT;
	const cJSON *m;
	size_t count = 0, first = a->n, k;
	int error = 0;

	cJSON_ArrayForEach(m, attrs) {
		tly_store__pending_attr p;

		if (cJSON_IsNull(m))
			continue;
		if (++count > TLY_MAX_ATTRIBUTES) {
			error = tly_error_set(TLY_ELIMIT, "%s: image %s, object %lld: more than TLY_MAX_ATTRIBUTES (%d) "
					      "attributes", store_path, image_name, (long long)id, TLY_MAX_ATTRIBUTES);
			break;
		}
		if (!m->string || !m->string[0] || value_text(&text, m) < 0) {
			error = bad(store_path, image_name, id, "an empty name or a value that is not a scalar");
			break;
		}
		if (text.error) {
			error = TLY_ENOMEM;
			break;
		}
		p.image = image;
		p.obj = obj;
		if ((error = intern(&p.name, &a->name_ids, &a->names, &a->n_names, &a->cap_names, m->string)) < 0 ||
		    (error = intern(&p.value, &a->value_ids, &a->values, &a->n_values, &a->cap_values, text.ptr)) < 0 ||
		    (error = tly_vec__reserve((void **)&a->v, &a->cap, a->n, sizeof(*a->v))) < 0)
			break;
		/* one value per name: a second would vote twice */
		for (k = first; k < a->n && a->v[k].name != p.name; k++)
			;
		if (k < a->n) {
			error = bad(store_path, image_name, id, "a name given twice");
			break;
		}
		a->v[a->n++] = p;
	}
	tly_buf_clear(&text);
	return error;
}

int tly_store__attrs_add(tly_store__attrs *a, uint32_t image, uint32_t obj, int64_t id,
			 const char *json, const char *image_name, const char *store_path)
{
	cJSON *root;
	const cJSON *attrs;
	int error = 0;

	/* most objects have none: only parse text that can hold some */
	if (!json || !strstr(json, "\"attributes\""))
		return 0;
	if (!(root = cJSON_Parse(json)))
		return cJSON_GetErrorPtr() ? bad(store_path, image_name, id, "not JSON") : TLY_ENOMEM;
	attrs = cJSON_GetObjectItemCaseSensitive(root, "attributes");
	if (attrs && !cJSON_IsObject(attrs))
		error = bad(store_path, image_name, id, "not an object");
	else if (attrs)
		error = add_members(a, attrs, image, obj, id, image_name, store_path);
	cJSON_Delete(root);
	return error;
}

static int by_string(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/*
 * Move the strings of LIST (N, provisional order) into a sorted table *OUT
 * and fill RANK[provisional index] = sorted index. The list keeps no strings.
 */
static int sort_table(char ***out, uint32_t **rank, char **list, size_t n)
{
	char **t;
	size_t i;

	*out = NULL;
	*rank = NULL;
	if (!n)
		return 0;
	t = tly_calloc(n, sizeof(*t));
	*rank = tly_calloc(n, sizeof(**rank));
	if (!t || !*rank) {
		tly_free(t);
		tly_free(*rank);
		*rank = NULL;
		return TLY_ENOMEM;
	}
	memcpy(t, list, n * sizeof(*t));
	qsort(t, n, sizeof(*t), by_string);
	/* distinct strings: each provisional one is found by binary search */
	for (i = 0; i < n; i++) {
		char **at = bsearch(&list[i], t, n, sizeof(*t), by_string);

		(*rank)[i] = (uint32_t)(at - t);
	}
	for (i = 0; i < n; i++)
		list[i] = NULL;
	*out = t;
	return 0;
}

static int by_name(const void *x, const void *y)
{
	const tly_attr *a = x, *b = y;

	return (a->name > b->name) - (a->name < b->name);
}

/* Give each image its attrs (pending pairs are grouped by object, objects in load order). */
static int distribute(tly_store__attrs *a, tly_dataset *ds, const uint32_t *name_rank,
		      const uint32_t *value_rank)
{
	size_t i, *count;

	if (!(count = tly_calloc(ds->n_images ? ds->n_images : 1, sizeof(*count))))
		return TLY_ENOMEM;
	for (i = 0; i < a->n; i++)
		count[a->v[i].image]++;
	for (i = 0; i < ds->n_images; i++) {
		if (count[i] && !(ds->images[i].attrs = tly_calloc(count[i], sizeof(tly_attr)))) {
			tly_free(count);
			return TLY_ENOMEM;
		}
	}
	for (i = 0; i < a->n; i++) {
		const tly_store__pending_attr *p = &a->v[i];
		tly_image *im = &ds->images[p->image];
		tly_object *o = &im->objs[p->obj];

		if (o->n_attrs == 0)
			o->attr_first = (uint32_t)im->n_attrs;
		o->n_attrs++;
		im->attrs[im->n_attrs].name = name_rank[p->name];
		im->attrs[im->n_attrs].value = value_rank[p->value];
		im->n_attrs++;
	}
	for (i = 0; i < a->n; i++) {
		const tly_store__pending_attr *p = &a->v[i];
		tly_object *o = &ds->images[p->image].objs[p->obj];

		/* once per object: at its first pair */
		if (i == 0 || a->v[i - 1].image != p->image || a->v[i - 1].obj != p->obj)
			qsort(&ds->images[p->image].attrs[o->attr_first], o->n_attrs, sizeof(tly_attr), by_name);
	}
	tly_free(count);
	return 0;
}

int tly_store__attrs_attach(tly_store__attrs *a, tly_dataset *ds)
{
	uint32_t *name_rank = NULL, *value_rank = NULL;
	int error;

	if (!a->n)
		return 0;
	if ((error = sort_table(&ds->attr_names, &name_rank, a->names, a->n_names)) < 0)
		goto out;
	ds->n_attr_names = a->n_names;
	a->n_names = 0;
	if ((error = sort_table(&ds->attr_values, &value_rank, a->values, a->n_values)) < 0)
		goto out;
	ds->n_attr_values = a->n_values;
	a->n_values = 0;
	error = distribute(a, ds, name_rank, value_rank);
out:
	tly_free(name_rank);
	tly_free(value_rank);
	return error;
}
