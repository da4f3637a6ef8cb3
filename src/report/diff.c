/*
 * tly_diff_compute: two runs of one store compared entry by entry. Their
 * consensus objects are paired per image with the audit's one-to-one rule
 * (tly_match_pairs at TLY_DIFF_IOU, same label first), so a relabelled
 * object shows as one change rather than a removal and an addition.
 */
#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tally/diff.h"
#include "tally/error.h"
#include "tally/match.h"
#include "report/diff_stats.h"
#include "util/alloc.h"
#include "util/vec.h"

typedef TLY_VEC(tly_diff_change) change_vec;
typedef TLY_VEC(tly_diff_image) image_vec;
typedef TLY_VEC(tly_diff_rule) rule_vec;

void tly_diff_clear(tly_diff *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n_rules; i++) {
		tly_free(d->rules[i].key);
		tly_free(d->rules[i].value_a);
		tly_free(d->rules[i].value_b);
	}
	tly_free(d->rules);
	tly_free(d->changes);
	tly_free(d->images);
	tly_free(d->stats);
	memset(d, 0, sizeof(*d));
}

/* A flattened rules document: dotted keys and their values as JSON text. */
typedef struct {
	size_t n, cap;
	char **key, **value;
} flat_rules;

static void flat_clear(flat_rules *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		tly_free(f->key[i]);
		cJSON_free(f->value[i]);
	}
	tly_free(f->key);
	tly_free(f->value);
	memset(f, 0, sizeof(*f));
}

/* "PREFIX.NAME", or NAME when PREFIX is empty; the caller frees it. */
static char *dotted(const char *prefix, const char *name)
{
	size_t lp = strlen(prefix), ln = strlen(name);
	char *key = tly_malloc(lp + ln + 2);

	if (!key)
		return NULL;
	memcpy(key, prefix, lp);
	key[lp] = '.';
	memcpy(key + (lp ? lp + 1 : 0), name, ln + 1);
	return key;
}

static int flat_add(flat_rules *f, const char *prefix, const char *name, const cJSON *v)
{
	char *key;

	if (f->n == f->cap) {
		size_t ncap = f->cap ? 2 * f->cap : 16;
		char **k = tly_reallocarray(f->key, ncap, sizeof(*k));

		if (!k)
			return TLY_ENOMEM;
		f->key = k;
		k = tly_reallocarray(f->value, ncap, sizeof(*k));
		if (!k)
			return TLY_ENOMEM;
		f->value = k;
		f->cap = ncap;
	}
	if (!(key = dotted(prefix, name)))
		return TLY_ENOMEM;
	if (!(f->value[f->n] = cJSON_PrintUnformatted(v))) {
		tly_free(key);
		return TLY_ENOMEM;
	}
	f->key[f->n++] = key;
	return 0;
}

/* Walk OBJ depth first; leaves (non-objects) become entries. Depth is the rules' own (3). */
static int flatten(flat_rules *f, const cJSON *obj, const char *prefix, int depth)
{
	const cJSON *c;
	int error = 0;

	for (c = obj->child; c && !error; c = c->next) {
		if (cJSON_IsObject(c) && depth < 8) {
			char *sub = dotted(prefix, c->string);

			if (!sub)
				return TLY_ENOMEM;
			error = flatten(f, c, sub, depth + 1);
			tly_free(sub);
		} else {
			error = flat_add(f, prefix, c->string, c);
		}
	}
	return error;
}

static int parse_rules(flat_rules *f, const char *json, const char *which)
{
	cJSON *root = json ? cJSON_Parse(json) : NULL;
	int error;

	if (!root || !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return tly_error_set(TLY_EARG, "diff: run %s has no readable rules", which);
	}
	error = flatten(f, root, "", 0);
	cJSON_Delete(root);
	return error;
}

static const char *lookup(const flat_rules *f, const char *key)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->key[i], key))
			return f->value[i];
	return NULL;
}

static int push_rule(rule_vec *v, const char *key, const char *a, const char *b)
{
	tly_diff_rule r;

	r.key = tly_strdup(key);
	r.value_a = tly_strdup(a ? a : "(absent)");
	r.value_b = tly_strdup(b ? b : "(absent)");
	if (!r.key || !r.value_a || !r.value_b || TLY_VEC_PUSH(v, r) < 0) {
		tly_free(r.key);
		tly_free(r.value_a);
		tly_free(r.value_b);
		return TLY_ENOMEM;
	}
	return 0;
}

static int diff_rules(rule_vec *out, const tly_result *a, const tly_result *b)
{
	flat_rules fa, fb;
	size_t i;
	int error;

	memset(&fa, 0, sizeof(fa));
	memset(&fb, 0, sizeof(fb));
	if ((error = parse_rules(&fa, a->rules_json, "A")) < 0 ||
	    (error = parse_rules(&fb, b->rules_json, "B")) < 0)
		goto out;
	for (i = 0; i < fa.n && !error; i++) {
		const char *vb = lookup(&fb, fa.key[i]);

		if (!vb || strcmp(vb, fa.value[i]))
			error = push_rule(out, fa.key[i], fa.value[i], vb);
	}
	for (i = 0; i < fb.n && !error; i++)
		if (!lookup(&fa, fb.key[i]))
			error = push_rule(out, fb.key[i], NULL, fb.value[i]);
out:
	flat_clear(&fa);
	flat_clear(&fb);
	return error;
}

/* [*lo, *hi) = the entries of IMAGE in an array grouped by image in image order. */
#define RANGE(arr, n, img, lo, hi)                                   \
	do {                                                         \
		while (*(lo) < (n) && (arr)[*(lo)].image < (img))    \
			(*(lo))++;                                   \
		*(hi) = *(lo);                                       \
		while (*(hi) < (n) && (arr)[*(hi)].image == (img))   \
			(*(hi))++;                                   \
	} while (0)

typedef struct {
	tly_match_item *items;
	size_t cap;
	tly_match_pair *pairs;
	size_t pairs_cap;
	uint8_t *paired;
	size_t paired_cap;
} pair_space;

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	void *q;

	if (need <= *cap)
		return 0;
	if (!(q = tly_reallocarray(*p, need, elem)))
		return TLY_ENOMEM;
	*p = q;
	*cap = need;
	return 0;
}

static tly_diff_change change(uint32_t image, tly_task task, tly_diff_kind kind, int64_t a,
			      int64_t b, double iou)
{
	tly_diff_change c;

	c.image = image;
	c.task = task;
	c.kind = kind;
	c.a = a;
	c.b = b;
	c.iou = iou;
	return c;
}

/* Objects of image I: A's [a0, a1) against B's [b0, b1). */
static int diff_objects(change_vec *out, size_t *unchanged, pair_space *ps, const tly_result *a,
			size_t a0, size_t a1, const tly_result *b, size_t b0, size_t b1, uint32_t image)
{
	tly_match_options mo = {TLY_DIFF_IOU, 0, 0, NULL, {0, 0, 0, 0}};
	size_t na = a1 - a0, nb = b1 - b0, n_pairs = 0, k, j;
	int error;

	if ((error = grow((void **)&ps->items, &ps->cap, na + nb + 1, sizeof(*ps->items))) < 0 ||
	    (error = grow((void **)&ps->paired, &ps->paired_cap, na + nb + 1, 1)) < 0)
		return error;
	for (k = 0; k < na; k++) {
		ps->items[k].geom = &a->cons_objects[a0 + k].geom;
		ps->items[k].owner = 0;
		ps->items[k].label = a->cons_objects[a0 + k].category;
		ps->items[k].key = (int64_t)k;
	}
	for (k = 0; k < nb; k++) {
		ps->items[na + k].geom = &b->cons_objects[b0 + k].geom;
		ps->items[na + k].owner = 1;
		ps->items[na + k].label = b->cons_objects[b0 + k].category;
		ps->items[na + k].key = (int64_t)(na + k);
	}
	memset(ps->paired, 0, na + nb);
	if (na && nb &&
	    (error = tly_match_pairs(&ps->pairs, &ps->pairs_cap, &n_pairs, ps->items, na,
				     ps->items + na, nb, &mo)) < 0)
		return error;
	/* by A's index, so the listing follows run A's order */
	for (k = 0; k < na; k++) {
		for (j = 0; j < n_pairs && ps->pairs[j].a != k; j++)
			;
		if (j == n_pairs) {
			if (TLY_VEC_PUSH(out, change(image, TLY_TASK_OBJECTS, TLY_DIFF_REMOVED,
						     (int64_t)(a0 + k), -1, NAN)) < 0)
				return TLY_ENOMEM;
			continue;
		}
		ps->paired[na + ps->pairs[j].r] = 1;
		if (ps->pairs[j].same_label && ps->pairs[j].iou >= 1.0) {
			(*unchanged)++;
			continue;
		}
		if (TLY_VEC_PUSH(out, change(image, TLY_TASK_OBJECTS,
					     ps->pairs[j].same_label ? TLY_DIFF_MOVED : TLY_DIFF_RELABELLED,
					     (int64_t)(a0 + k), (int64_t)(b0 + ps->pairs[j].r),
					     ps->pairs[j].iou)) < 0)
			return TLY_ENOMEM;
	}
	for (k = 0; k < nb; k++)
		if (!ps->paired[na + k] &&
		    TLY_VEC_PUSH(out, change(image, TLY_TASK_OBJECTS, TLY_DIFF_ADDED, -1,
					     (int64_t)(b0 + k), NAN)) < 0)
			return TLY_ENOMEM;
	return 0;
}

/* Image labels of image I: both runs list them by category index. */
static int diff_labels(change_vec *out, size_t *unchanged, const tly_result *a, size_t a0,
		       size_t a1, const tly_result *b, size_t b0, size_t b1, uint32_t image)
{
	while (a0 < a1 || b0 < b1) {
		uint32_t ca = a0 < a1 ? a->cons_tags[a0].category : UINT32_MAX;
		uint32_t cb = b0 < b1 ? b->cons_tags[b0].category : UINT32_MAX;

		if (ca == cb) {
			(*unchanged)++;
			a0++;
			b0++;
		} else if (ca < cb) {
			if (TLY_VEC_PUSH(out, change(image, TLY_TASK_LABELS, TLY_DIFF_REMOVED,
						     (int64_t)a0++, -1, NAN)) < 0)
				return TLY_ENOMEM;
		} else if (TLY_VEC_PUSH(out, change(image, TLY_TASK_LABELS, TLY_DIFF_ADDED, -1,
						    (int64_t)b0++, NAN)) < 0) {
			return TLY_ENOMEM;
		}
	}
	return 0;
}

static int same_number(double x, double y)
{
	return (isnan(x) && isnan(y)) || x == y;
}

static int diff_images(image_vec *out, const tly_dataset *ds, const tly_result *a,
		       const tly_result *b)
{
	size_t i;

	for (i = 0; i < ds->n_images && i < a->n_images && i < b->n_images; i++) {
		const tly_image_stats *x = &a->images[i], *y = &b->images[i];
		tly_diff_image d;

		if (x->flagged == y->flagged && same_number(x->agreement, y->agreement))
			continue;
		d.image = (uint32_t)i;
		d.flagged_a = x->flagged;
		d.flagged_b = y->flagged;
		d.agreement_a = x->agreement;
		d.agreement_b = y->agreement;
		if (TLY_VEC_PUSH(out, d) < 0)
			return TLY_ENOMEM;
	}
	return 0;
}

int tly_diff_compute(tly_diff *out, const tly_dataset *ds, const tly_result *a,
		     const tly_result *b)
{
	change_vec changes = {0};
	image_vec images = {0};
	rule_vec rules = {0};
	pair_space ps;
	size_t oa = 0, ob = 0, ta = 0, tb = 0, oa1, ob1, ta1, tb1, i;
	int error;

	memset(out, 0, sizeof(*out));
	memset(&ps, 0, sizeof(ps));
	if ((error = tly_result_check(ds, a)) < 0 || (error = tly_result_check(ds, b)) < 0)
		return error;
	if ((error = diff_rules(&rules, a, b)) < 0)
		goto out;
	for (i = 0; i < ds->n_images && !error; i++) {
		uint32_t im = (uint32_t)i;

		RANGE(a->cons_objects, a->n_cons_objects, im, &oa, &oa1);
		RANGE(b->cons_objects, b->n_cons_objects, im, &ob, &ob1);
		RANGE(a->cons_tags, a->n_cons_tags, im, &ta, &ta1);
		RANGE(b->cons_tags, b->n_cons_tags, im, &tb, &tb1);
		error = diff_objects(&changes, &out->unchanged_objects, &ps, a, oa, oa1, b, ob, ob1, im);
		if (!error)
			error = diff_labels(&changes, &out->unchanged_labels, a, ta, ta1, b, tb, tb1, im);
		oa = oa1;
		ob = ob1;
		ta = ta1;
		tb = tb1;
	}
	if (!error)
		error = diff_images(&images, ds, a, b);
	if (!error)
		error = tly_diff__stats(out, a, b);
out:
	tly_free(ps.items);
	tly_free(ps.paired);
	tly_match_pairs_free(ps.pairs);
	out->rules = rules.items;
	out->n_rules = rules.count;
	out->changes = changes.items;
	out->n_changes = changes.count;
	out->images = images.items;
	out->n_images = images.count;
	if (error < 0) {
		tly_diff_clear(out);
		if (error == TLY_ENOMEM)
			tly_error_set(TLY_ENOMEM, "diff: out of memory");
	}
	return error;
}
