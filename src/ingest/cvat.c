/*
 * CVAT for images XML 1.1 (docs.cvat.ai/docs/other/xml_format), streamed
 * through expat like voc.c: every <image> is a submission, even when empty
 * (SPEC §3); its <box>, <polygon> and <mask> shapes are objects
 * (cvat_shape.c), its <tag>s image labels. <polyline>, <points>,
 * <skeleton>, <cuboid> and <ellipse> are skipped and counted in
 * batch->n_repairs. The annotator of an image: the assignee of its task
 * (project exports name it in task_id), else the job's, task's or
 * project's assignee, else --annotator, else the task's (job's, project's)
 * owner. Tested by tests/ingest/test_cvat.c.
 */
#include <expat.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/cvat.h"
#include "ingest/readers.h"
#include "ingest/text.h"
#include "ingest/xml.h"
#include "tally/error.h"
#include "util/alloc.h"

typedef tly_ingest__cvat_state cvat;
typedef tly_ingest__cvat_frame frame;

char *tly_ingest__cvat_text(cvat *v, int trim)
{
	char *s, *e;

	tly_buf_putc(&v->text, '\0');
	if (v->text.error)
		return NULL;
	s = v->text.ptr;
	if (!trim)
		return s;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	*e = '\0';
	return s;
}

int tly_ingest__cvat_set_string(cvat *v, char **slot, const char *s)
{
	char *copy = tly_strdup(s);

	if (!copy)
		return tly_ingest__xml_stop(&v->x, TLY_ENOMEM);
	tly_free(*slot);
	*slot = copy;
	return 0;
}

static void start_shape(cvat *v, const char *name, const char **attrs, unsigned long line, unsigned long col)
{
	static const char *const names[] = {"box", "polygon", "mask", "tag"};
	char why[400];
	size_t i;
	int rc;

	for (i = 0; strcmp(names[i], name) != 0; i++)
		;
	v->shape_el = names[i];
	v->sh_line = line;
	v->sh_col = col;
	rc = tly_ingest__cvat_shape_begin(&v->shape, names[i], attrs, v->img_w, v->img_h, why, sizeof(why));
	if (rc == TLY_ENOMEM)
		tly_ingest__xml_stop(&v->x, rc);
	else if (rc < 0)
		tly_ingest__xml_fail(&v->x, line, col, rc, "%s", why);
}

static void start_attr(cvat *v, const char **attrs, unsigned long line, unsigned long col)
{
	const char *name = tly_ingest__cvat_attr(attrs, "name");

	v->at_line = line;
	v->at_col = col;
	if (!name || !name[0])
		tly_ingest__xml_fail(&v->x, line, col, TLY_EINPUT, "<attribute>: missing name");
	else if (strlen(name) > TLY_MAX_STRING)
		tly_ingest__xml_fail(&v->x, line, col, TLY_ELIMIT,
				     "<attribute>: name longer than TLY_MAX_STRING (%d bytes)",
				     TLY_MAX_STRING);
	else
		tly_ingest__cvat_set_string(v, &v->attr_name, name);
}

/* Children of <annotations> and <image>: the structure CVAT writes, nothing else. */
static void data_child(cvat *v, frame *f, const frame *up, const char *name, const char **attrs,
		       unsigned long line, unsigned long col)
{
	static const char *const skipped[] = {"polyline", "points", "skeleton", "cuboid", "ellipse"};
	size_t i;

	f->kind = TLY_CVAT_K_IGNORE;
	if (up->kind == TLY_CVAT_K_ROOT) {
		if (strcmp(name, "version") == 0) {
			f->kind = TLY_CVAT_K_VERSION;
		} else if (strcmp(name, "meta") == 0) {
			if (v->meta_done)
				tly_ingest__xml_fail(&v->x, line, col, TLY_EINPUT,
						     "<meta> after the first <image>");
			f->kind = TLY_CVAT_K_META;
		} else if (strcmp(name, "image") == 0) {
			f->kind = TLY_CVAT_K_IMAGE;
			tly_ingest__cvat_image_start(v, attrs, line, col);
		} else if (strcmp(name, "track") == 0) {
			tly_ingest__xml_fail(
			    &v->x, line, col, TLY_EINPUT,
			    "<track>: CVAT for video is not read; export as CVAT for images 1.1");
		} else {
			tly_ingest__xml_fail(&v->x, line, col, TLY_EINPUT,
					     "unknown element <%.100s> in <annotations>", name);
		}
		return;
	}
	if (up->kind == TLY_CVAT_K_IMAGE) {
		if (!strcmp(name, "box") || !strcmp(name, "polygon") || !strcmp(name, "mask") ||
		    !strcmp(name, "tag")) {
			f->kind = TLY_CVAT_K_SHAPE;
			start_shape(v, name, attrs, line, col);
			return;
		}
		for (i = 0; i < sizeof(skipped) / sizeof(skipped[0]); i++)
			if (strcmp(name, skipped[i]) == 0) {
				/* Shapes tally cannot match yet: skipped, counted. */
				f->kind = TLY_CVAT_K_SKIP;
				v->img_skipped++;
				return;
			}
		tly_ingest__xml_fail(&v->x, line, col, TLY_EINPUT, "unknown element <%.100s> in <image>",
				     name);
	} else if (up->kind == TLY_CVAT_K_SHAPE) {
		if (strcmp(name, "attribute") != 0) {
			tly_ingest__xml_fail(&v->x, line, col, TLY_EINPUT, "unknown element <%.100s> in <%s>",
					     name, v->shape_el);
			return;
		}
		f->kind = TLY_CVAT_K_ATTR;
		start_attr(v, attrs, line, col);
	} else {
		tly_ingest__xml_fail(&v->x, line, col, TLY_EINPUT, "unknown element <%.100s> in <attribute>",
				     name);
	}
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	cvat *v = ud;
	frame *f, *up;
	unsigned long line, col;

	tly_ingest__xml_here(&v->x, &line, &col);
	v->depth++;
	if (v->depth > TLY_MAX_XML_DEPTH) {
		/* The stack holds this one frame past the cap; no deeper one opens. */
		tly_ingest__xml_fail(&v->x, line, col, TLY_ELIMIT,
				     "elements nested deeper than TLY_MAX_XML_DEPTH (%d)", TLY_MAX_XML_DEPTH);
		return;
	}
	f = &v->stack[v->depth];
	up = &v->stack[v->depth - 1];
	memset(f, 0, sizeof(*f));
	f->kind = TLY_CVAT_K_IGNORE;
	v->text.size = 0;
	if (v->x.error)
		return;
	if (v->depth == 1) {
		if (strcmp(name, "annotations") != 0)
			tly_ingest__xml_fail(&v->x, line, col, TLY_EINPUT,
					     "the root element is <%.100s>, not <annotations>", name);
		f->kind = TLY_CVAT_K_ROOT;
	} else if (up->kind == TLY_CVAT_K_VERSION || up->kind == TLY_CVAT_K_IGNORE ||
		   up->kind == TLY_CVAT_K_SKIP || up->kind == TLY_CVAT_K_ID ||
		   up->kind == TLY_CVAT_K_USERNAME) {
		f->kind = TLY_CVAT_K_IGNORE;
	} else if (up->kind == TLY_CVAT_K_META || up->kind == TLY_CVAT_K_SCOPE ||
		   up->kind == TLY_CVAT_K_TASKS || up->kind == TLY_CVAT_K_PERSON) {
		tly_ingest__cvat_meta_child(v, f, up, name);
	} else {
		data_child(v, f, up, name, attrs, line, col);
	}
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	cvat *v = ud;
	unsigned char k = v->stack[v->depth].kind;

	if (v->x.error || (k != TLY_CVAT_K_ID && k != TLY_CVAT_K_PERSON && k != TLY_CVAT_K_USERNAME &&
			 k != TLY_CVAT_K_ATTR))
		return;
	if (v->text.size + (size_t)len > TLY_MAX_STRING) {
		unsigned long line, col;

		tly_ingest__xml_here(&v->x, &line, &col);
		tly_ingest__xml_fail(&v->x, line, col, TLY_ELIMIT,
				     "text longer than TLY_MAX_STRING (%d bytes)", TLY_MAX_STRING);
		return;
	}
	tly_buf_put(&v->text, s, (size_t)len);
	if (v->text.error)
		tly_ingest__xml_stop(&v->x, TLY_ENOMEM);
}

static void end_frame(cvat *v, const frame *f)
{
	char why[400];
	const char *t;
	int rc;

	switch (f->kind) {
	case TLY_CVAT_K_ID:
	case TLY_CVAT_K_USERNAME:
	case TLY_CVAT_K_PERSON:
		tly_ingest__cvat_meta_end(v, f, &v->stack[v->depth - 1]);
		break;
	case TLY_CVAT_K_ATTR:
		if (!(t = tly_ingest__cvat_text(v, 0))) {
			tly_ingest__xml_stop(&v->x, TLY_ENOMEM);
		} else if ((rc = tly_ingest__cvat_shape_attribute(&v->shape, v->attr_name, t, why,
								  sizeof(why))) == TLY_ENOMEM) {
			tly_ingest__xml_stop(&v->x, rc);
		} else if (rc < 0) {
			tly_ingest__xml_fail(&v->x, v->at_line, v->at_col, rc, "%s", why);
		}
		break;
	case TLY_CVAT_K_SHAPE:
		tly_ingest__cvat_image_shape(v);
		break;
	case TLY_CVAT_K_IMAGE:
		tly_ingest__cvat_image_end(v);
		break;
	default:
		break;
	}
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	cvat *v = ud;

	(void)name;
	if (!v->x.error)
		end_frame(v, &v->stack[v->depth]);
	v->text.size = 0;
	v->depth--;
}

static void cvat_clear(cvat *v)
{
	size_t i;

	XML_ParserFree(v->x.p);
	tly_ingest__cvat_image_clear(v);
	TLY_VEC_CLEAR(&v->objs);
	TLY_VEC_CLEAR(&v->tags);
	tly_ingest__cvat_shape_clear(&v->shape);
	tly_free(v->attr_name);
	tly_buf_clear(&v->text);
	for (i = 0; i < v->scopes.count; i++) {
		tly_free(v->scopes.items[i].id);
		tly_free(v->scopes.items[i].who[0]);
		tly_free(v->scopes.items[i].who[1]);
	}
	TLY_VEC_CLEAR(&v->scopes);
	tly_strmap_clear(&v->task_ids);
	TLY_VEC_CLEAR(&v->seen);
	TLY_VEC_CLEAR(&v->seen_image);
	TLY_VEC_CLEAR(&v->seen_who);
	tly_strmap_clear(&v->seen_by);
	TLY_VEC_CLEAR(&v->n_objs);
}

int tly_ingest__cvat(tly_batch *b, const char *data, size_t len, const tly_ingest_options *opts)
{
	cvat *v;
	int error;

	if (!(v = tly_calloc(1, sizeof(*v))))
		return TLY_ENOMEM;
	v->x.file = b->path;
	v->data = data;
	v->b = b;
	v->opts = opts;
	if (!(v->x.p = tly_ingest__xml_parser())) {
		tly_free(v);
		return tly_error_set(TLY_ENOMEM, "%s: out of memory creating the XML parser", b->path);
	}
	XML_SetUserData(v->x.p, v);
	XML_SetElementHandler(v->x.p, on_start, on_end);
	XML_SetCharacterDataHandler(v->x.p, on_text);
	tly_ingest__xml_refuse_entities(v->x.p);
	if ((error = tly_ingest__xml_parse(&v->x, data, len)) == 0)
		error = tly_ingest__cvat_image_submissions(v);
	cvat_clear(v);
	tly_free(v);
	return error;
}

int tly_ingest__cvat_is_cvat(const char *data, size_t len)
{
	size_t i = tly_ingest__xml_skip_prolog(data, len, tly_ingest__bom_len(data, len));
	size_t n = strlen("<annotations");

	return i + n < len && memcmp(data + i, "<annotations", n) == 0 && data[i + n] &&
	       strchr(" \t\r\n>/", data[i + n]) != NULL;
}
