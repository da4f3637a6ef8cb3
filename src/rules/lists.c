/*
 * aliases, ignore, labels.NAME and geometry.KIND (SPEC §8, issue 5): the
 * rules keys a QA lead uses to fold annotators' label spellings together,
 * leave labels out, and loosen or tighten one label or one kind of shape.
 * Nested and dotted forms are the same key, as for the scalar keys. The
 * list key report.label_order is parsed in label_order.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rules/lists.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/limits.h"

void tly_rules__lists_clear(tly_rules__lists *l)
{
	size_t i;

	for (i = 0; i < l->n_strings; i++)
		tly_free(l->strings[i]);
	tly_free(l->strings);
	tly_free(l->aliases);
	tly_free(l->ignore);
	tly_free(l->labels);
	tly_rules__order_clear(&l->order);
	memset(l, 0, sizeof(*l));
}

static int grow(void **items, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = *cap ? 2 * *cap : 8;
	if (!(p = tly_reallocarray(*items, ncap, elem)))
		return TLY_ENOMEM;
	*items = p;
	*cap = ncap;
	return 0;
}

/* A copy of S owned by L. */
static const char *keep(tly_rules__lists *l, const char *s)
{
	char *c;

	if (grow((void **)&l->strings, &l->cap_strings, l->n_strings + 1, sizeof(*l->strings)) < 0 ||
	    !(c = tly_strdup(s)))
		return NULL;
	l->strings[l->n_strings++] = c;
	return c;
}

static int name_ok(const char *s, const char *origin, const char *key)
{
	if (!s[0] || strlen(s) > TLY_MAX_STRING)
		return tly_error_set(TLY_EARG, "%s: %s: expected a label name of 1 to %d bytes", origin,
				     key, TLY_MAX_STRING);
	return 0;
}

static int set_aliases(tly_rules__lists *l, const cJSON *v, const char *origin, const char *key)
{
	const cJSON *c;
	int error;

	if (!cJSON_IsObject(v))
		return tly_error_set(TLY_EARG, "%s: %s: expected an object of \"label\": \"canonical label\"",
				     origin, key);
	cJSON_ArrayForEach(c, v) {
		tly_alias *a;

		if (!cJSON_IsString(c))
			return tly_error_set(TLY_EARG, "%s: %s.%s: expected a label name", origin, key, c->string);
		if ((error = name_ok(c->string, origin, key)) < 0 ||
		    (error = name_ok(c->valuestring, origin, key)) < 0)
			return error;
		if (grow((void **)&l->aliases, &l->cap_aliases, l->n_aliases + 1, sizeof(*l->aliases)) < 0)
			return TLY_ENOMEM;
		a = &l->aliases[l->n_aliases];
		if (!(a->from = keep(l, c->string)) || !(a->to = keep(l, c->valuestring)))
			return TLY_ENOMEM;
		l->n_aliases++;
	}
	return 0;
}

static int set_ignore(tly_rules__lists *l, const cJSON *v, const char *origin, const char *key)
{
	const cJSON *c;
	int error;

	if (!cJSON_IsArray(v))
		return tly_error_set(TLY_EARG, "%s: %s: expected an array of label names", origin, key);
	cJSON_ArrayForEach(c, v) {
		if (!cJSON_IsString(c))
			return tly_error_set(TLY_EARG, "%s: %s: expected an array of label names", origin, key);
		if ((error = name_ok(c->valuestring, origin, key)) < 0)
			return error;
		if (grow((void **)&l->ignore, &l->cap_ignore, l->n_ignore + 1, sizeof(*l->ignore)) < 0 ||
		    !(l->ignore[l->n_ignore] = keep(l, c->valuestring)))
			return TLY_ENOMEM;
		l->n_ignore++;
	}
	return 0;
}

/* Set one override field from the key SUB ("match.iou", "vote.quorum", "report.low_overlap"). */
static int set_field(tly_override *o, const char *sub, const cJSON *v, int quorum_ok, const char *origin,
		     const char *key)
{
	if (!strcmp(sub, "match.iou")) {
		if (!isnan(o->match_iou))
			return tly_error_set(TLY_EARG, "%s: key %s is given twice", origin, key);
		return tly_rules__unit_number(&o->match_iou, v, origin, key, 0);
	}
	if (!strcmp(sub, "report.low_overlap")) {
		if (!isnan(o->low_overlap))
			return tly_error_set(TLY_EARG, "%s: key %s is given twice", origin, key);
		return tly_rules__unit_number(&o->low_overlap, v, origin, key, 1);
	}
	if (quorum_ok && !strcmp(sub, "vote.quorum")) {
		if (o->has_quorum)
			return tly_error_set(TLY_EARG, "%s: key %s is given twice", origin, key);
		o->has_quorum = 1;
		return tly_rules__quorum(&o->quorum, v, origin, key);
	}
	return tly_error_set(TLY_EARG, "%s: unknown key %s", origin, key);
}

/* Walk V (an override's value) as dotted keys under PREFIX (the key so far). */
static int walk_override(tly_override *o, const char *sub, const cJSON *v, int quorum_ok,
			 const char *origin, const char *key, int depth)
{
	tly_buf s = TLY_BUF_INIT, k = TLY_BUF_INIT;
	const cJSON *c;
	int error = 0;

	if (!cJSON_IsObject(v))
		return set_field(o, sub, v, quorum_ok, origin, key);
	if (depth > 4)
		return tly_error_set(TLY_EARG, "%s: %s: nested too deeply", origin, key);
	cJSON_ArrayForEach(c, v) {
		s.size = 0;
		k.size = 0;
		tly_buf_printf(&s, "%s%s%s", sub, sub[0] ? "." : "", c->string);
		tly_buf_printf(&k, "%s.%s", key, c->string);
		if ((error = s.error ? s.error : k.error) < 0 ||
		    (error = walk_override(o, s.ptr, c, quorum_ok, origin, k.ptr, depth + 1)) < 0)
			break;
	}
	tly_buf_clear(&s);
	tly_buf_clear(&k);
	return error;
}

static tly_override *label_override(tly_rules__lists *l, const char *name)
{
	size_t i;
	tly_override *o;

	for (i = 0; i < l->n_labels; i++)
		if (!strcmp(l->labels[i].name, name))
			return &l->labels[i];
	if (grow((void **)&l->labels, &l->cap_labels, l->n_labels + 1, sizeof(*l->labels)) < 0)
		return NULL;
	o = &l->labels[l->n_labels];
	memset(o, 0, sizeof(*o));
	o->match_iou = NAN;
	o->low_overlap = NAN;
	if (!(o->name = keep(l, name)))
		return NULL;
	l->n_labels++;
	return o;
}

static tly_override *kind_override(tly_policy *p, const char *name)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (!strcmp(p->geometry[i].name, name))
			return &p->geometry[i];
	return NULL;
}

/*
 * REST is what follows "labels." or "geometry.": "NAME" with an object
 * value, or "NAME.match.iou" (any known suffix) with a scalar one. A label
 * name may hold dots, so the known suffixes are tried from the end.
 */
static int dotted_override(tly_rules__lists *l, tly_policy *p, int geometry, const char *rest,
			   const cJSON *v, const char *origin, const char *key)
{
	static const char *const suffixes[] = {".match.iou", ".report.low_overlap", ".vote.quorum"};
	tly_override *o;
	char *name;
	const char *sub = "";
	size_t i, len = strlen(rest);
	int error;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]) && !cJSON_IsObject(v); i++) {
		size_t ls = strlen(suffixes[i]);

		if (len > ls && !strcmp(rest + len - ls, suffixes[i])) {
			sub = suffixes[i] + 1;
			len -= ls;
			break;
		}
	}
	if (!(name = tly_strndup(rest, len)))
		return TLY_ENOMEM;
	if ((error = name_ok(name, origin, key)) == 0) {
		o = geometry ? kind_override(p, name) : label_override(l, name);
		if (!o)
			error = geometry ? tly_error_set(TLY_EARG, "%s: %s: geometry is box, polygon, mask or point",
							 origin, key)
					 : TLY_ENOMEM;
		else
			error = walk_override(o, sub, v, !geometry, origin, key, 0);
	}
	tly_free(name);
	return error;
}

int tly_rules__list_key(tly_rules__lists *l, tly_policy *p, const char *path, const cJSON *item,
			const char *origin, int *handled)
{
	const cJSON *c;
	int error = 0;

	*handled = 1;
	if (!strcmp(path, "aliases"))
		return set_aliases(l, item, origin, path);
	if (!strcmp(path, "ignore"))
		return set_ignore(l, item, origin, path);
	if (!strcmp(path, "report.label_order"))
		return tly_rules__order_set(&l->order, item, origin, path);
	if (!strcmp(path, "labels") || !strcmp(path, "geometry")) {
		int geometry = path[0] == 'g';

		if (!cJSON_IsObject(item))
			return tly_error_set(TLY_EARG, "%s: %s: expected an object of %s", origin, path,
					     geometry ? "shape kinds" : "label names");
		cJSON_ArrayForEach(c, item) {
			tly_buf key = TLY_BUF_INIT;

			tly_buf_printf(&key, "%s.%s", path, c->string);
			error = key.error ? key.error
					  : dotted_override(l, p, geometry, c->string, c, origin, key.ptr);
			tly_buf_clear(&key);
			if (error < 0)
				return error;
		}
		return 0;
	}
	if (!strncmp(path, "labels.", 7))
		return dotted_override(l, p, 0, path + 7, item, origin, path);
	if (!strncmp(path, "geometry.", 9))
		return dotted_override(l, p, 1, path + 9, item, origin, path);
	*handled = 0;
	return 0;
}

static int by_from(const void *a, const void *b)
{
	return strcmp(((const tly_alias *)a)->from, ((const tly_alias *)b)->from);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const tly_override *)a)->name, ((const tly_override *)b)->name);
}

int tly_rules__lists_finish(tly_rules__lists *l, tly_policy *p, const char *origin)
{
	size_t i;

	/* qsort wants a real array even for nothing to sort */
	if (l->n_aliases > 1)
		qsort(l->aliases, l->n_aliases, sizeof(*l->aliases), by_from);
	if (l->n_ignore > 1)
		qsort(l->ignore, l->n_ignore, sizeof(*l->ignore), by_string);
	if (l->n_labels > 1)
		qsort(l->labels, l->n_labels, sizeof(*l->labels), by_name);
	p->aliases = l->aliases;
	p->n_aliases = l->n_aliases;
	p->ignore = l->ignore;
	p->n_ignore = l->n_ignore;
	p->labels = l->labels;
	p->n_labels = l->n_labels;
	for (i = 1; i < l->n_ignore; i++)
		if (!strcmp(l->ignore[i - 1], l->ignore[i]))
			return tly_error_set(TLY_EARG, "%s: ignore: \"%s\" is listed twice", origin, l->ignore[i]);
	for (i = 0; i < l->n_aliases; i++) {
		const tly_alias *a = &l->aliases[i];

		if (i && !strcmp(l->aliases[i - 1].from, a->from))
			return tly_error_set(TLY_EARG, "%s: aliases.%s is given twice", origin, a->from);
		/* one step only, so a label's canonical name never depends on the order of the keys */
		if (!strcmp(a->from, a->to) || tly_policy_alias(p, a->to))
			return tly_error_set(TLY_EARG, "%s: aliases.%s: \"%s\" must be a canonical label, "
				"not itself an alias", origin, a->from, a->to);
		if (tly_policy_ignored(p, a->from))
			return tly_error_set(TLY_EARG, "%s: aliases.%s: the label is also in ignore", origin,
					     a->from);
		if (tly_policy_label(p, a->from))
			return tly_error_set(TLY_EARG, "%s: labels.%s: the label is an alias of \"%s\"; set its "
				"rules on \"%s\"", origin, a->from, a->to, a->to);
	}
	return tly_rules__order_finish(&l->order, p, origin);
}

static void override_json(tly_buf *b, const tly_override *o)
{
	int comma = 0;

	tly_buf_put_json_string(b, o->name);
	tly_buf_puts(b, ":{");
	if (!isnan(o->match_iou)) {
		tly_buf_puts(b, "\"match\":{\"iou\":");
		tly_buf_put_json_number(b, o->match_iou);
		tly_buf_putc(b, '}');
		comma = 1;
	}
	if (o->has_quorum) {
		tly_buf_puts(b, comma ? ",\"vote\":{\"quorum\":" : "\"vote\":{\"quorum\":");
		tly_rules__quorum_json(b, &o->quorum);
		tly_buf_putc(b, '}');
		comma = 1;
	}
	if (!isnan(o->low_overlap)) {
		tly_buf_puts(b, comma ? ",\"report\":{\"low_overlap\":" : "\"report\":{\"low_overlap\":");
		tly_buf_put_json_number(b, o->low_overlap);
		tly_buf_putc(b, '}');
	}
	tly_buf_putc(b, '}');
}

void tly_rules__lists_json(tly_buf *b, const tly_policy *p)
{
	size_t i;
	int comma = 0;

	tly_buf_puts(b, "\"aliases\":{");
	for (i = 0; i < p->n_aliases; i++) {
		if (i)
			tly_buf_putc(b, ',');
		tly_buf_put_json_string(b, p->aliases[i].from);
		tly_buf_putc(b, ':');
		tly_buf_put_json_string(b, p->aliases[i].to);
	}
	tly_buf_puts(b, "},\"ignore\":[");
	for (i = 0; i < p->n_ignore; i++) {
		if (i)
			tly_buf_putc(b, ',');
		tly_buf_put_json_string(b, p->ignore[i]);
	}
	tly_buf_puts(b, "],\"labels\":{");
	for (i = 0; i < p->n_labels; i++) {
		if (i)
			tly_buf_putc(b, ',');
		override_json(b, &p->labels[i]);
	}
	tly_buf_puts(b, "},\"geometry\":{");
	for (i = 0; i < 4; i++) {
		const tly_override *o = &p->geometry[i];

		if (isnan(o->match_iou) && isnan(o->low_overlap))
			continue;
		if (comma)
			tly_buf_putc(b, ',');
		override_json(b, o);
		comma = 1;
	}
	tly_buf_putc(b, '}');
}
