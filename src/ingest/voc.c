/*
 * One Pascal VOC XML file is one image seen by one annotator (--annotator:
 * VOC records nobody), read with expat as a stream (fed in chunks, no tree).
 * Boxes: VOC corners are 1-based inclusive pixel indices, so, as
 * detectron2's data/datasets/pascal_voc.py does ("a box with annotation
 * (xmin=1, xmax=W) covers the whole image"), x = xmin - 1, y = ymin - 1,
 * w = xmax - xmin + 1, h = ymax - ymin + 1 (xmin=1, xmax=10 -> x 0, w 10).
 * difficult/truncated go to extra_json; each <part> is skipped and counted
 * in batch->n_repairs. Tested by tests/ingest/test_voc.c.
 */
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/readers.h"
#include "ingest/text.h"
#include "ingest/xml.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/vec.h"


enum { F_NONE, F_FILENAME, F_WIDTH, F_HEIGHT, F_NAME, F_DIFFICULT, F_TRUNCATED,
       F_XMIN, F_YMIN, F_XMAX, F_YMAX };
static const char *const field_names[] = {"", "filename", "width", "height", "name", "difficult",
					  "truncated", "xmin", "ymin", "xmax", "ymax"};

typedef struct {
	char *label;
	double c[4];     /* xmin, ymin, xmax, ymax as written */
	int flags[2];    /* difficult, truncated: -1 absent */
	unsigned seen;   /* bit per field: given once */
	unsigned long line, col; /* of <object> */
	unsigned long bline, bcol; /* of <bndbox> */
} voc_obj;

typedef struct {
	tly_ingest__xml_doc x; /* first: expat's user data is this state */
	tly_batch *b;
	size_t depth;
	int field;            /* the leaf being read */
	unsigned long fline, fcol;
	tly_buf text;
	char *filename;
	int32_t side[2];
	unsigned top_seen;
	int in_size, in_object, in_bndbox; /* inside <size>, <object>, its <bndbox> */
	voc_obj cur;
	TLY_VEC(voc_obj) objs;
} voc;

static int nomem(voc *v)
{
	return tly_ingest__xml_stop(&v->x, TLY_ENOMEM);
}

/* Which leaf NAME at the current depth is, given where we are. */
static int leaf_of(const voc *v, const char *name)
{
	static const int coords[] = {F_XMIN, F_YMIN, F_XMAX, F_YMAX};
	size_t i;

	if (v->depth == 2 && strcmp(name, "filename") == 0)
		return F_FILENAME;
	if (v->depth == 3 && v->in_size)
		return strcmp(name, "width") == 0 ? F_WIDTH : strcmp(name, "height") == 0 ? F_HEIGHT : F_NONE;
	if (v->depth == 3 && v->in_object) {
		if (strcmp(name, "name") == 0)
			return F_NAME;
		if (strcmp(name, "difficult") == 0)
			return F_DIFFICULT;
		return strcmp(name, "truncated") == 0 ? F_TRUNCATED : F_NONE;
	}
	if (v->depth == 4 && v->in_bndbox)
		for (i = 0; i < 4; i++)
			if (strcmp(name, field_names[coords[i]]) == 0)
				return coords[i];
	return F_NONE;
}

static void start_object(voc *v, const char *name, unsigned long line, unsigned long col)
{
	if (v->depth == 2 && strcmp(name, "object") == 0) {
		if (v->objs.count >= TLY_MAX_OBJECTS_IMAGE) {
			tly_ingest__xml_fail(&v->x, line, col, TLY_ELIMIT,
					     "more than TLY_MAX_OBJECTS_IMAGE (%d) objects",
					     TLY_MAX_OBJECTS_IMAGE);
			return;
		}
		memset(&v->cur, 0, sizeof(v->cur));
		v->cur.flags[0] = v->cur.flags[1] = -1;
		v->cur.line = line;
		v->cur.col = col;
		v->in_object = 1;
	} else if (v->depth == 3 && v->in_object && strcmp(name, "bndbox") == 0) {
		if (v->cur.seen & (1u << F_NONE)) {
			tly_ingest__xml_fail(&v->x, line, col, TLY_EINPUT, "object: a second <bndbox>");
			return;
		}
		v->cur.seen |= 1u << F_NONE;
		v->cur.bline = line;
		v->cur.bcol = col;
		v->in_bndbox = 1;
	}
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	voc *v = ud;
	unsigned long line, col;

	(void)attrs;
	tly_ingest__xml_here(&v->x, &line, &col);
	v->depth++;
	v->field = F_NONE;
	if (v->x.error)
		return;
	if (v->depth > TLY_MAX_XML_DEPTH) {
		tly_ingest__xml_fail(&v->x, line, col, TLY_ELIMIT,
				     "elements nested deeper than TLY_MAX_XML_DEPTH (%d)", TLY_MAX_XML_DEPTH);
		return;
	}
	if (v->depth == 1 && strcmp(name, "annotation") != 0) {
		tly_ingest__xml_fail(&v->x, line, col, TLY_EINPUT,
				     "the root element is <%s>, not <annotation>", name);
		return;
	}
	if (v->depth == 2 && strcmp(name, "size") == 0)
		v->in_size = 1;
	/* Parts (head, hand, foot) are not objects tally votes on: skipped, counted. */
	if (v->depth == 3 && v->in_object && strcmp(name, "part") == 0)
		v->b->n_repairs++;
	start_object(v, name, line, col);
	/* Elements off the paths read here (and all below them) are ignored. */
	v->field = leaf_of(v, name);
	v->text.size = 0;
	v->fline = line;
	v->fcol = col;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	voc *v = ud;

	if (v->field == F_NONE || v->x.error)
		return;
	if (v->text.size + (size_t)len > TLY_MAX_STRING) {
		tly_ingest__xml_fail(&v->x, v->fline, v->fcol, TLY_ELIMIT,
				     "<%s>: longer than TLY_MAX_STRING (%d bytes)", field_names[v->field],
				     TLY_MAX_STRING);
		return;
	}
	tly_buf_put(&v->text, s, (size_t)len);
	if (v->text.error)
		nomem(v);
}

/* The element's text with surrounding white space dropped, NUL-terminated in place. */
static char *trimmed(voc *v)
{
	char *s, *e;

	tly_buf_putc(&v->text, '\0');
	if (v->text.error)
		return NULL;
	s = v->text.ptr;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	*e = '\0';
	return s;
}

static int number(voc *v, double *out, const char *s)
{
	char *end;
	double d = strtod(s, &end);

	if (!*s || *end || !isfinite(d))
		return tly_ingest__xml_fail(&v->x, v->fline, v->fcol, TLY_EINPUT,
					    "<%s>: expected a number, got \"%s\"", field_names[v->field], s);
	if (fabs(d) > TLY_MAX_COORD)
		return tly_ingest__xml_fail(&v->x, v->fline, v->fcol, TLY_ELIMIT,
					    "<%s>: %s is beyond TLY_MAX_COORD (%g)", field_names[v->field], s,
					    TLY_MAX_COORD);
	*out = d;
	return 0;
}

/* Width/height: a positive integer up to the cap; 0 (some tools write it) means unknown. */
static int side(voc *v, int32_t *out, const char *s)
{
	double d;

	if (number(v, &d, s) < 0)
		return v->x.error;
	if (d < 0 || d != floor(d))
		return tly_ingest__xml_fail(&v->x, v->fline, v->fcol, TLY_EINPUT,
					    "<%s>: expected a positive integer, got %s",
					    field_names[v->field], s);
	if (d > TLY_MAX_IMAGE_SIDE)
		return tly_ingest__xml_fail(&v->x, v->fline, v->fcol, TLY_ELIMIT,
					    "<%s>: %s is over TLY_MAX_IMAGE_SIDE (%d)", field_names[v->field],
					    s, TLY_MAX_IMAGE_SIDE);
	*out = (int32_t)d;
	return 0;
}

static int flag(voc *v, int *out, const char *s)
{
	if (strcmp(s, "0") != 0 && strcmp(s, "1") != 0)
		return tly_ingest__xml_fail(&v->x, v->fline, v->fcol, TLY_EINPUT,
					    "<%s>: expected 0 or 1, got \"%s\"", field_names[v->field], s);
	*out = s[0] - '0';
	return 0;
}

static int once(voc *v, unsigned *seen)
{
	if (*seen & (1u << v->field))
		return tly_ingest__xml_fail(&v->x, v->fline, v->fcol, TLY_EINPUT, "<%s> given twice",
					    field_names[v->field]);
	*seen |= 1u << v->field;
	return 0;
}

static int store_leaf(voc *v, const char *s)
{
	unsigned *seen = v->field <= F_HEIGHT ? &v->top_seen : &v->cur.seen;

	if (once(v, seen) < 0)
		return v->x.error;
	switch (v->field) {
	case F_FILENAME:
		if (!tly_ingest__basename(s)[0])
			return tly_ingest__xml_fail(&v->x, v->fline, v->fcol, TLY_EINPUT,
						    "<filename>: no file name in \"%s\"", s);
		return (v->filename = tly_strdup(tly_ingest__basename(s))) ? 0 : nomem(v);
	case F_WIDTH:
	case F_HEIGHT:
		return side(v, &v->side[v->field - F_WIDTH], s);
	case F_NAME:
		if (!*s)
			return tly_ingest__xml_fail(&v->x, v->fline, v->fcol, TLY_EINPUT, "<name>: empty");
		return (v->cur.label = tly_strdup(s)) ? 0 : nomem(v);
	case F_DIFFICULT:
	case F_TRUNCATED:
		return flag(v, &v->cur.flags[v->field - F_DIFFICULT], s);
	default:
		return number(v, &v->cur.c[v->field - F_XMIN], s);
	}
}

static void end_bndbox(voc *v)
{
	static const char *const axis[2][2] = {{"xmin", "xmax"}, {"ymin", "ymax"}};
	int k, i;

	for (k = F_XMIN; k <= F_YMAX; k++)
		if (!(v->cur.seen & (1u << k))) {
			tly_ingest__xml_fail(&v->x, v->cur.bline, v->cur.bcol, TLY_EINPUT,
					     "<bndbox>: missing <%s>", field_names[k]);
			return;
		}
	for (i = 0; i < 2; i++)
		if (v->cur.c[i + 2] < v->cur.c[i]) {
			tly_ingest__xml_fail(&v->x, v->cur.bline, v->cur.bcol, TLY_EINPUT,
					     "<bndbox>: %s %g is less than %s %g", axis[i][1],
					     v->cur.c[i + 2], axis[i][0], v->cur.c[i]);
			return;
		}
}

static void end_object(voc *v)
{
	if (!v->cur.label) {
		tly_ingest__xml_fail(&v->x, v->cur.line, v->cur.col, TLY_EINPUT, "<object>: missing <name>");
		return;
	}
	if (!(v->cur.seen & (1u << F_NONE))) {
		tly_ingest__xml_fail(&v->x, v->cur.line, v->cur.col, TLY_EINPUT,
				     "<object>: missing <bndbox>");
		return;
	}
	if (TLY_VEC_PUSH(&v->objs, v->cur) < 0) {
		nomem(v);
		return;
	}
	memset(&v->cur, 0, sizeof(v->cur));
	v->in_object = 0;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	voc *v = ud;
	const char *s;

	if (!v->x.error && v->field != F_NONE) {
		if ((s = trimmed(v)) == NULL)
			nomem(v);
		else
			store_leaf(v, s);
	}
	v->field = F_NONE;
	(void)name;
	if (!v->x.error && v->depth == 3 && v->in_bndbox) {
		end_bndbox(v);
		v->in_bndbox = 0;
	} else if (!v->x.error && v->depth == 2 && v->in_object) {
		end_object(v);
	}
	if (v->depth == 2)
		v->in_size = 0;
	v->depth--;
}

static int add_objects(tly_batch *b, size_t sub, const voc *v)
{
	tly_buf extra = TLY_BUF_INIT;
	tly_geometry g;
	char ref[32];
	size_t i;
	int error = 0;

	for (i = 0; i < v->objs.count && !error; i++) {
		const voc_obj *o = &v->objs.items[i];

		memset(&g, 0, sizeof(g));
		g.kind = TLY_GEOM_BOX;
		g.box.x = o->c[0] - 1;
		g.box.y = o->c[1] - 1;
		g.box.w = o->c[2] - o->c[0] + 1;
		g.box.h = o->c[3] - o->c[1] + 1;
		extra.size = 0;
		if (o->flags[0] >= 0)
			tly_buf_printf(&extra, "{\"difficult\":%d", o->flags[0]);
		if (o->flags[1] >= 0)
			tly_buf_printf(&extra, "%s\"truncated\":%d", o->flags[0] >= 0 ? "," : "{", o->flags[1]);
		if (extra.size)
			tly_buf_putc(&extra, '}');
		if (extra.error) {
			error = extra.error;
			break;
		}
		snprintf(ref, sizeof(ref), "object[%zu]", i);
		error = tly_batch_add_object(b, sub, o->label, &g, 0, ref, extra.size ? extra.ptr : NULL);
	}
	tly_buf_clear(&extra);
	return error;
}

int tly_ingest__voc(tly_batch *b, const char *data, size_t len, const tly_ingest_options *opts)
{
	voc v;
	size_t img, sub, i;
	char where[512];
	int error;

	if (!opts->annotator)
		return tly_error_set(TLY_EINPUT, "%s: no annotator: pass --annotator (VOC files do not record one)",
				     b->path);
	memset(&v, 0, sizeof(v));
	v.x.file = b->path;
	v.b = b;
	if (!(v.x.p = tly_ingest__xml_parser()))
		return tly_error_set(TLY_ENOMEM, "%s: out of memory creating the XML parser", b->path);
	XML_SetUserData(v.x.p, &v);
	XML_SetElementHandler(v.x.p, on_start, on_end);
	XML_SetCharacterDataHandler(v.x.p, on_text);
	tly_ingest__xml_refuse_entities(v.x.p);
	if ((error = tly_ingest__xml_parse(&v.x, data, len)) < 0)
		goto out;
	if (!v.filename) {
		error = tly_error_set(TLY_EINPUT, "%s: <annotation>: missing <filename>", b->path);
		goto out;
	}
	snprintf(where, sizeof(where), "%s: <filename>", b->path);
	if ((error = tly_batch_add_image(&img, b, v.filename, v.side[0], v.side[1], where)) < 0 ||
	    (error = tly_batch_add_submission(&sub, b, img, opts->annotator, TLY_TASK_OBJECTS)) < 0)
		goto out;
	error = add_objects(b, sub, &v);
out:
	XML_ParserFree(v.x.p);
	tly_buf_clear(&v.text);
	tly_free(v.filename);
	tly_free(v.cur.label);
	for (i = 0; i < v.objs.count; i++)
		tly_free(v.objs.items[i].label);
	TLY_VEC_CLEAR(&v.objs);
	return error;
}

/* Skip white space, the XML declaration, comments and a DOCTYPE before the root. */
size_t tly_ingest__xml_skip_prolog(const char *s, size_t len, size_t i)
{
	const char *end;
	size_t k;

	for (;;) {
		while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
			i++;
		if (i + 1 >= len || s[i] != '<' || (s[i + 1] != '?' && s[i + 1] != '!'))
			return i;
		k = i + 4 <= len && memcmp(s + i, "<!--", 4) == 0 ? 3 : 1;
		for (end = NULL; i < len && !end; i++)
			if (k == 3 ? i + 3 <= len && memcmp(s + i, "-->", 3) == 0 : s[i] == '>')
				end = s + i;
		if (!end)
			return len;
		i = (size_t)(end - s) + k;
	}
}

int tly_ingest__voc_is_voc(const char *data, size_t len)
{
	size_t i = tly_ingest__xml_skip_prolog(data, len, tly_ingest__bom_len(data, len));
	size_t n = strlen("<annotation");

	return i + n < len && memcmp(data + i, "<annotation", n) == 0 && data[i + n] &&
	       strchr(" \t\r\n>/", data[i + n]) != NULL;
}
