/*
 * The run's rules on the page: the canonical rules JSON the run stored
 * ({"match":{"iou":0.5,...},...}) walked into "match.iou 0.5" chips, and
 * single numbers read from it (review.min_agreement draws the histogram's
 * threshold). A small walker, not cJSON, so rendering HTML parses nothing
 * through cJSON's global state; anything it does not expect is shown as
 * escaped text instead. Checked by tests/report/test_html.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/html.h"

#define RULES_MAX_DEPTH 8  /* the rules are two levels deep; more is not ours */
#define RULES_MAX_PATH 256 /* dotted path of one leaf */

typedef void (*leaf_fn)(void *payload, const char *path, const char *val, size_t len);

typedef struct {
	const char *p;             /* cursor into the JSON */
	char path[RULES_MAX_PATH]; /* dotted keys down to the current value */
	size_t len;
	leaf_fn leaf;              /* NULL while only checking the shape */
	void *payload;
} walker;

static void skip_ws(walker *w)
{
	while (*w->p == ' ' || *w->p == '\t' || *w->p == '\n' || *w->p == '\r')
		w->p++;
}

/* Past the string starting at Q (a quote); NULL when unterminated. */
static const char *skip_string(const char *q)
{
	for (q++; *q && *q != '"';)
		q += (*q == '\\' && q[1]) ? 2 : 1;
	return *q ? q + 1 : NULL;
}

/* A string's contents (escapes kept as written); -1 when unterminated. */
static int scan_string(walker *w, const char **s, size_t *n)
{
	const char *q;

	if (*w->p != '"' || !(q = skip_string(w->p)))
		return -1;
	*s = w->p + 1;
	*n = (size_t)(q - 1 - *s);
	w->p = q;
	return 0;
}

/* A number, literal or whole array, shown as written. */
static int scan_raw(walker *w, const char **s, size_t *n)
{
	const char *q = w->p;
	int depth = 0;

	while (*q) {
		if (*q == '"' && depth > 0) {
			if (!(q = skip_string(q)))
				return -1;
			continue;
		}
		if (*q == '[') {
			depth++;
		} else if (*q == ']') {
			if (depth == 0)
				break;
			if (--depth == 0) {
				q++;
				break;
			}
		} else if (depth == 0 && strchr(",} \t\r\n", *q)) {
			break;
		}
		q++;
	}
	if (depth != 0 || q == w->p)
		return -1;
	*s = w->p;
	*n = (size_t)(q - w->p);
	w->p = q;
	return 0;
}

static int walk_value(walker *w, int depth);

static int walk_member(walker *w, int depth)
{
	const char *key;
	size_t klen, saved = w->len;
	int error;

	skip_ws(w);
	if (scan_string(w, &key, &klen) < 0 || w->len + klen + 2 > RULES_MAX_PATH)
		return -1;
	if (w->len)
		w->path[w->len++] = '.';
	memcpy(w->path + w->len, key, klen);
	w->len += klen;
	w->path[w->len] = '\0';
	skip_ws(w);
	if (*w->p != ':')
		return -1;
	w->p++;
	error = walk_value(w, depth);
	w->len = saved;
	w->path[w->len] = '\0';
	return error;
}

static int walk_object(walker *w, int depth)
{
	w->p++; /* '{' */
	skip_ws(w);
	if (*w->p == '}') {
		w->p++;
		return 0;
	}
	for (;;) {
		if (walk_member(w, depth + 1) < 0)
			return -1;
		skip_ws(w);
		if (*w->p == '}') {
			w->p++;
			return 0;
		}
		if (*w->p != ',')
			return -1;
		w->p++;
	}
}

static int walk_value(walker *w, int depth)
{
	const char *s;
	size_t n;

	if (depth > RULES_MAX_DEPTH)
		return -1;
	skip_ws(w);
	if (*w->p == '{')
		return walk_object(w, depth);
	if (*w->p == '"' ? scan_string(w, &s, &n) < 0 : scan_raw(w, &s, &n) < 0)
		return -1;
	if (w->leaf)
		w->leaf(w->payload, w->path, s, n);
	return 0;
}

/* Walk JSON calling LEAF per scalar, only when the whole text has the expected shape. */
static int walk(const char *json, leaf_fn leaf, void *payload)
{
	walker w;

	memset(&w, 0, sizeof(w));
	if (!json)
		return -1;
	w.p = json;
	skip_ws(&w);
	if (*w.p != '{' || walk_value(&w, 0) < 0)
		return -1;
	skip_ws(&w);
	if (*w.p)
		return -1;
	if (!leaf)
		return 0;
	w.p = json;
	w.leaf = leaf;
	w.payload = payload;
	return walk_value(&w, 0);
}

static void put_chip(void *payload, const char *path, const char *val, size_t len)
{
	tly_buf *b = payload;
	char tmp[RULES_MAX_PATH];

	tly_buf_puts(b, "<span class=\"chip\">");
	tly_report__html_text(b, path);
	tly_buf_puts(b, " <b>");
	/* Values are short; a longer one is cut rather than made to wrap the header. */
	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;
	memcpy(tmp, val, len);
	tmp[len] = '\0';
	tly_report__html_text(b, tmp);
	tly_buf_puts(b, "</b></span> ");
}

void tly_report__html_rules(tly_buf *b, const char *rules_json)
{
	if (!rules_json) {
		tly_buf_puts(b, "<span class=\"na\">not recorded</span>");
		return;
	}
	if (walk(rules_json, NULL, NULL) < 0) {
		tly_buf_puts(b, "<code>");
		tly_report__html_text(b, rules_json);
		tly_buf_puts(b, "</code>");
		return;
	}
	walk(rules_json, put_chip, b);
}

typedef struct {
	const char *want; /* "section.key" */
	double value;
} lookup;

static void find_number(void *payload, const char *path, const char *val, size_t len)
{
	lookup *l = payload;
	char tmp[64], *end;
	double x;

	if (strcmp(path, l->want) != 0 || len == 0 || len >= sizeof(tmp))
		return;
	memcpy(tmp, val, len);
	tmp[len] = '\0';
	x = strtod(tmp, &end);
	if (*end == '\0' && isfinite(x))
		l->value = x;
}

double tly_report__html_rule_number(const char *rules_json, const char *section, const char *key)
{
	char want[RULES_MAX_PATH];
	lookup l;
	size_t ns = strlen(section), nk = strlen(key);

	if (ns + nk + 2 > sizeof(want))
		return NAN;
	memcpy(want, section, ns);
	want[ns] = '.';
	memcpy(want + ns + 1, key, nk + 1);
	l.want = want;
	l.value = NAN;
	if (walk(rules_json, find_number, &l) < 0)
		return NAN;
	return l.value;
}
