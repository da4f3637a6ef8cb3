/*
 * The attribute part of a run's result in the store (schema version 7):
 * consensus_objects.attributes holds {"name": "value", ...} (null for a
 * tied name), and a
 * mismatching_attributes conflict its attribute, attribute_value (NULL
 * when the annotator gave none) and attribute_consensus. Rows are
 * inserted by save_result.c and completed here. Round trips checked by
 * tests/store/test_save_attrs.c.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "store/save_attrs.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/strmap.h"
#include "util/vec.h"

static const char *text_of(const tly_result *r, uint32_t v)
{
	return v == UINT32_MAX ? NULL : r->attr_strings[v];
}

/* {"name": value, ...} of the entries of object OBJ from *K on; *K moves past them. */
static void object_json(tly_buf *b, const tly_result *r, size_t obj, size_t *k)
{
	const char *sep = "{";

	b->size = 0;
	for (; *k < r->n_cons_attrs && r->cons_attrs[*k].object == obj; (*k)++) {
		const tly_cons_attr *a = &r->cons_attrs[*k];

		tly_buf_puts(b, sep);
		tly_buf_put_json_string(b, r->attr_strings[a->name]);
		tly_buf_putc(b, ':');
		if (a->value == UINT32_MAX)
			tly_buf_puts(b, "null");
		else
			tly_buf_put_json_string(b, r->attr_strings[a->value]);
		sep = ",";
	}
	tly_buf_puts(b, "}");
}

static int bind_text(sqlite3_stmt *s, int col, const char *text)
{
	return text ? sqlite3_bind_text(s, col, text, -1, SQLITE_STATIC) : sqlite3_bind_null(s, col);
}

int tly_store__save_attrs(tly_store *st, const tly_result *r, int64_t run_id)
{
	sqlite3_stmt *obj = NULL, *conf = NULL;
	tly_buf b = TLY_BUF_INIT;
	size_t k = 0, i;
	int rc, error = 0;

	if (!r->n_cons_attrs && !r->n_conflict_attrs)
		return 0;
	if ((error = tly_store__prepare(&obj, st, "UPDATE consensus_objects SET attributes = ?3"
					" WHERE run_id = ?1 AND idx = ?2")) < 0 ||
	    (error = tly_store__prepare(&conf, st, "UPDATE conflicts SET attribute = ?3, attribute_value = ?4,"
					" attribute_consensus = ?5 WHERE run_id = ?1 AND idx = ?2")) < 0)
		goto out;
	while (k < r->n_cons_attrs) {
		size_t o = r->cons_attrs[k].object;

		object_json(&b, r, o, &k);
		tly_buf_putc(&b, '\0');
		if (b.error) {
			error = TLY_ENOMEM;
			goto out;
		}
		rc = sqlite3_bind_int64(obj, 1, run_id) | sqlite3_bind_int64(obj, 2, (sqlite3_int64)o) |
		     sqlite3_bind_text(obj, 3, b.ptr, -1, SQLITE_TRANSIENT);
		if ((error = tly_store__step_done(st, obj, rc)) < 0)
			goto out;
	}
	for (i = 0; i < r->n_conflict_attrs; i++) {
		const tly_conflict_attr *c = &r->conflict_attrs[i];

		rc = sqlite3_bind_int64(conf, 1, run_id) | sqlite3_bind_int64(conf, 2, (sqlite3_int64)c->conflict) |
		     bind_text(conf, 3, r->attr_strings[c->name]) | bind_text(conf, 4, text_of(r, c->value)) |
		     bind_text(conf, 5, text_of(r, c->consensus));
		if ((error = tly_store__step_done(st, conf, rc)) < 0)
			goto out;
	}
out:
	sqlite3_finalize(obj);
	sqlite3_finalize(conf);
	tly_buf_clear(&b);
	return error;
}

/* What the loader keeps between rows. */
typedef struct {
	tly_store *st;
	tly_result *r;
	int64_t run_id;
	tly_strmap ids;   /* string -> index into r->attr_strings */
	size_t cap_strings, cap_attrs, cap_kattrs;
} loader;

static int corrupt(loader *l, const char *table, int64_t idx)
{
	return tly_error_set(TLY_ESTORE, "%s: corrupt store: run %lld, %s row %lld", l->st->path,
			     (long long)l->run_id, table, (long long)idx);
}

/* The index of S in r->attr_strings, added when new. */
static int intern(uint32_t *out, loader *l, const char *s)
{
	tly_result *r = l->r;
	size_t at;
	char *copy;
	int error;

	if (tly_strmap_get(&l->ids, s, &at)) {
		*out = (uint32_t)at;
		return 0;
	}
	if (r->n_attr_strings >= UINT32_MAX - 1)
		return TLY_ELIMIT;
	if ((error = tly_vec__reserve((void **)&r->attr_strings, &l->cap_strings, r->n_attr_strings,
				      sizeof(*r->attr_strings))) < 0)
		return error;
	if (!(copy = tly_strdup(s)))
		return TLY_ENOMEM;
	if ((error = tly_strmap_put(&l->ids, s, r->n_attr_strings)) < 0) {
		tly_free(copy);
		return error;
	}
	r->attr_strings[r->n_attr_strings] = copy;
	*out = (uint32_t)r->n_attr_strings++;
	return 0;
}

/* Member M of an attributes object (a string, or null for a tie) as one cons_attrs entry of object OBJ. */
static int object_member(loader *l, size_t obj, const cJSON *m)
{
	tly_result *r = l->r;
	tly_cons_attr a;
	int error;

	memset(&a, 0, sizeof(a));
	a.object = obj;
	a.value = UINT32_MAX;
	if (!m->string || !m->string[0] || (!cJSON_IsNull(m) && !cJSON_IsString(m)))
		return corrupt(l, "consensus_objects", (int64_t)obj);
	if ((error = intern(&a.name, l, m->string)) < 0 ||
	    (cJSON_IsString(m) && (error = intern(&a.value, l, m->valuestring)) < 0) ||
	    (error = tly_vec__reserve((void **)&r->cons_attrs, &l->cap_attrs, r->n_cons_attrs,
				      sizeof(*r->cons_attrs))) < 0)
		return error;
	r->cons_attrs[r->n_cons_attrs++] = a;
	return 0;
}

/* Columns: idx, attributes. */
static int object_row(void *ctx, sqlite3_stmt *s)
{
	loader *l = ctx;
	int64_t idx = sqlite3_column_int64(s, 0);
	const char *text = (const char *)sqlite3_column_text(s, 1);
	cJSON *root;
	const cJSON *m, *prev = NULL;
	int error = 0;

	if (idx < 0 || (size_t)idx >= l->r->n_cons_objects || !text)
		return corrupt(l, "consensus_objects", idx);
	if (!(root = cJSON_Parse(text)))
		return cJSON_GetErrorPtr() ? corrupt(l, "consensus_objects", idx) : TLY_ENOMEM;
	if (!cJSON_IsObject(root))
		error = corrupt(l, "consensus_objects", idx);
	/* saved in name order: each name once, ascending */
	for (m = root->child; m && !error; prev = m, m = m->next) {
		if (prev && strcmp(prev->string, m->string) >= 0)
			error = corrupt(l, "consensus_objects", idx);
		else
			error = object_member(l, (size_t)idx, m);
	}
	cJSON_Delete(root);
	return error;
}

/* Columns: idx, attribute, attribute_value, attribute_consensus. */
static int conflict_row(void *ctx, sqlite3_stmt *s)
{
	loader *l = ctx;
	tly_result *r = l->r;
	int64_t idx = sqlite3_column_int64(s, 0);
	const char *name = (const char *)sqlite3_column_text(s, 1);
	const char *value = (const char *)sqlite3_column_text(s, 2);
	const char *consensus = (const char *)sqlite3_column_text(s, 3);
	tly_conflict_attr k;
	int error;

	if (idx < 0 || (size_t)idx >= r->n_conflicts || !name || !consensus)
		return corrupt(l, "conflicts", idx);
	memset(&k, 0, sizeof(k));
	k.conflict = (size_t)idx;
	k.value = UINT32_MAX;
	if ((error = intern(&k.name, l, name)) < 0 || (value && (error = intern(&k.value, l, value)) < 0) ||
	    (error = intern(&k.consensus, l, consensus)) < 0 ||
	    (error = tly_vec__reserve((void **)&r->conflict_attrs, &l->cap_kattrs, r->n_conflict_attrs,
				      sizeof(*r->conflict_attrs))) < 0)
		return error;
	r->conflict_attrs[r->n_conflict_attrs++] = k;
	return 0;
}

static int by_text(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static int by_object_name(const void *x, const void *y)
{
	const tly_cons_attr *a = x, *b = y;

	if (a->object != b->object)
		return a->object < b->object ? -1 : 1;
	return (a->name > b->name) - (a->name < b->name);
}

static uint32_t ranked(const uint32_t *rank, uint32_t v)
{
	return v == UINT32_MAX ? v : rank[v];
}

/*
 * Sort attr_strings bytewise and renumber every entry, so a name's index
 * order is its name order (as in a computed result, whose names come sorted).
 */
static int normalise(tly_result *r)
{
	char **sorted;
	uint32_t *rank;
	size_t i, n = r->n_attr_strings;

	if (n < 2)
		return 0;
	sorted = tly_calloc(n, sizeof(*sorted));
	rank = tly_calloc(n, sizeof(*rank));
	if (!sorted || !rank) {
		tly_free(sorted);
		tly_free(rank);
		return TLY_ENOMEM;
	}
	memcpy(sorted, r->attr_strings, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), by_text);
	for (i = 0; i < n; i++) {
		char **at = bsearch(&r->attr_strings[i], sorted, n, sizeof(*sorted), by_text);

		rank[i] = (uint32_t)(at - sorted);
	}
	for (i = 0; i < r->n_cons_attrs; i++) {
		r->cons_attrs[i].name = rank[r->cons_attrs[i].name];
		r->cons_attrs[i].value = ranked(rank, r->cons_attrs[i].value);
	}
	for (i = 0; i < r->n_conflict_attrs; i++) {
		r->conflict_attrs[i].name = rank[r->conflict_attrs[i].name];
		r->conflict_attrs[i].value = ranked(rank, r->conflict_attrs[i].value);
		r->conflict_attrs[i].consensus = ranked(rank, r->conflict_attrs[i].consensus);
	}
	tly_free(r->attr_strings);
	r->attr_strings = sorted;
	tly_free(rank);
	if (r->n_cons_attrs > 1)
		qsort(r->cons_attrs, r->n_cons_attrs, sizeof(*r->cons_attrs), by_object_name);
	return 0;
}

int tly_store__load_attrs_result(tly_result *r, tly_store *st, int64_t run_id)
{
	loader l;
	int error;

	memset(&l, 0, sizeof(l));
	l.st = st;
	l.r = r;
	l.run_id = run_id;
	if ((error = tly_store__each_row(st, "SELECT idx, attributes FROM consensus_objects"
					 " WHERE run_id = ?1 AND attributes IS NOT NULL ORDER BY idx",
					 run_id, object_row, &l)) == 0)
		error = tly_store__each_row(st, "SELECT idx, attribute, attribute_value, attribute_consensus"
					    " FROM conflicts WHERE run_id = ?1 AND kind = 'mismatching_attributes'"
					    " ORDER BY idx", run_id, conflict_row, &l);
	tly_strmap_clear(&l.ids);
	return error < 0 ? error : normalise(r);
}
