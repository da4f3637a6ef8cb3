/*
 * One CVAT <image> into the batch: its name (basename) and size, its
 * shapes kept until </image> (when it is known whose they are), then
 * objects and tags of that annotator's submissions. Every image is a
 * submission even when empty (SPEC §3). Tested by tests/ingest/test_cvat.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/cvat.h"
#include "ingest/text.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/sha256.h"

typedef tly_ingest__cvat_state cvat;
typedef tly_ingest__cvat_pending pending;
typedef tly_ingest__cvat_listed listed;

/* A positive whole number of pixels from <image>'s XML attribute KEY; 0 when absent. */
static int image_side(cvat *v, int32_t *out, const char **attrs, const char *key, unsigned long line,
		      unsigned long col)
{
	const char *s = tly_ingest__cvat_attr(attrs, key);
	char *end;
	double d;

	*out = 0;
	if (!s)
		return 0;
	d = strtod(s, &end);
	if (end == s || *end || !(d >= 1) || d != floor(d))
		return tly_ingest__xml_fail(&v->x, line, col, TLY_EINPUT,
					    "<image>: %s: expected a positive whole number, got \"%.40s\"",
					    key, s);
	if (d > TLY_MAX_IMAGE_SIDE)
		return tly_ingest__xml_fail(&v->x, line, col, TLY_ELIMIT,
					    "<image>: %s %s is over TLY_MAX_IMAGE_SIDE (%d)", key, s,
					    TLY_MAX_IMAGE_SIDE);
	*out = (int32_t)d;
	return 0;
}

void tly_ingest__cvat_image_start(cvat *v, const char **attrs, unsigned long line, unsigned long col)
{
	const char *name = tly_ingest__cvat_attr(attrs, "name");
	const char *task = tly_ingest__cvat_attr(attrs, "task_id");

	if (!v->meta_done)
		tly_ingest__cvat_meta_done(v);
	if (!name || !tly_ingest__basename(name)[0]) {
		tly_ingest__xml_fail(&v->x, line, col, TLY_EINPUT, "<image>: no file name in name=\"%.200s\"",
				     name ? name : "");
		return;
	}
	if (tly_ingest__cvat_set_string(v, &v->img_name, tly_ingest__basename(name)) < 0 ||
	    (task && tly_ingest__cvat_set_string(v, &v->img_task, task) < 0) ||
	    image_side(v, &v->img_w, attrs, "width", line, col) < 0 ||
	    image_side(v, &v->img_h, attrs, "height", line, col) < 0)
		return;
	v->img_line = line;
	v->img_col = col;
	v->img_body = (size_t)(XML_GetCurrentByteIndex(v->x.p) + XML_GetCurrentByteCount(v->x.p));
}

void tly_ingest__cvat_image_shape(cvat *v)
{
	tly_ingest__cvat_shape *s = &v->shape;
	pending o;

	if (s->is_tag) {
		if (TLY_VEC_PUSH(&v->tags, s->label) < 0) {
			tly_ingest__xml_stop(&v->x, TLY_ENOMEM);
			return;
		}
		s->label = NULL;
	} else if (s->empty) {
		/* A mask with no pixel painted: nothing to vote on; skipped, counted. */
		v->img_skipped++;
	} else {
		memset(&o, 0, sizeof(o));
		o.geom.kind = s->kind;
		o.geom.box = s->box;
		o.line = v->sh_line;
		o.col = v->sh_col;
		if (tly_ingest__cvat_shape_extra(&o.extra, s) < 0 || TLY_VEC_PUSH(&v->objs, o) < 0) {
			tly_free(o.extra);
			tly_ingest__xml_stop(&v->x, TLY_ENOMEM);
			return;
		}
		v->objs.items[v->objs.count - 1].label = s->label;
		s->label = NULL;
	}
	tly_ingest__cvat_shape_clear(s);
}

void tly_ingest__cvat_image_clear(cvat *v)
{
	size_t i;

	for (i = 0; i < v->objs.count; i++) {
		tly_free(v->objs.items[i].label);
		tly_free(v->objs.items[i].extra);
	}
	for (i = 0; i < v->tags.count; i++)
		tly_free(v->tags.items[i]);
	v->objs.count = v->tags.count = 0;
	v->img_skipped = 0;
	tly_free(v->img_name);
	tly_free(v->img_task);
	v->img_name = v->img_task = NULL;
}

/*
 * Project exports list an image once per task (and subset) holding it;
 * tally knows images by name, so a repeat with the same content by the
 * same annotator adds nothing, while one with other content is ambiguous.
 * Returns 1 for a harmless repeat, 0 for a new image, or the error.
 */
static int repeated(cvat *v, const char *who, const char *key)
{
	size_t end = (size_t)XML_GetCurrentByteIndex(v->x.p), k;
	listed l;

	memset(&l, 0, sizeof(l));
	tly_sha256_hex(l.sha, v->data + v->img_body, end > v->img_body ? end - v->img_body : 0);
	l.w = v->img_w;
	l.h = v->img_h;
	l.line = v->img_line;
	if (tly_strmap_get(&v->seen_by, key, &k)) {
		const listed *p = &v->seen.items[k];

		if (strcmp(p->sha, l.sha) == 0 && p->w == l.w && p->h == l.h)
			return 1;
		return tly_ingest__xml_fail(
		    &v->x, v->img_line, v->img_col, TLY_EINPUT,
		    "<image name=\"%.200s\"> listed again for %.200s (first at line %lu) "
		    "with other content",
		    v->img_name, who, p->line);
	}
	if (TLY_VEC_PUSH(&v->seen, l) < 0 || TLY_VEC_PUSH(&v->seen_who, who) < 0 ||
	    tly_strmap_put(&v->seen_by, key, v->seen.count - 1) < 0)
		return tly_ingest__xml_stop(&v->x, TLY_ENOMEM);
	return 0;
}

/* The open image's objects and tags into the batch as WHO's, on batch image IMG. */
static int store_image(cvat *v, size_t img, const char *who)
{
	char ref[64];
	size_t i, sub;
	int error;

	while (v->n_objs.count < v->b->n_images)
		if (TLY_VEC_PUSH(&v->n_objs, 0) < 0)
			return tly_ingest__xml_stop(&v->x, TLY_ENOMEM);
	/* Counted once: a repeat of the image adds nothing, skipped shapes included. */
	v->b->n_repairs += v->img_skipped;
	for (i = 0; i < v->objs.count; i++) {
		const pending *o = &v->objs.items[i];

		if (++v->n_objs.items[img] > TLY_MAX_OBJECTS_IMAGE)
			return tly_ingest__xml_fail(&v->x, o->line, o->col, TLY_ELIMIT,
						    "more than TLY_MAX_OBJECTS_IMAGE (%d) objects on %.200s",
						    TLY_MAX_OBJECTS_IMAGE, v->img_name);
		snprintf(ref, sizeof(ref), "line %lu", o->line);
		if ((error = tly_batch_add_submission(&sub, v->b, img, who, TLY_TASK_OBJECTS)) < 0 ||
		    (error = tly_batch_add_object(v->b, sub, o->label, &o->geom, 0, ref, o->extra)) < 0)
			return tly_ingest__xml_stop(&v->x, error);
		v->any_objs = 1;
	}
	for (i = 0; i < v->tags.count; i++) {
		if ((error = tly_batch_add_submission(&sub, v->b, img, who, TLY_TASK_LABELS)) < 0 ||
		    (error = tly_batch_add_tag(v->b, sub, v->tags.items[i])) < 0)
			return tly_ingest__xml_stop(&v->x, error);
		v->any_tags = 1;
	}
	return 0;
}

void tly_ingest__cvat_image_end(cvat *v)
{
	const char *who = tly_ingest__cvat_annotator(v);
	tly_buf key = TLY_BUF_INIT;
	char where[512];
	size_t img;
	int rc, error;

	if (!who) {
		tly_ingest__xml_fail(&v->x, v->img_line, v->img_col, TLY_EINPUT,
				     "no annotator: the file names no assignee or owner; pass --annotator");
		goto out;
	}
	tly_buf_printf(&key, "%s\x1f%s", v->img_name, who);
	if (key.error) {
		tly_ingest__xml_stop(&v->x, TLY_ENOMEM);
		goto out;
	}
	if ((rc = repeated(v, who, key.ptr)) != 0)
		goto out;
	snprintf(where, sizeof(where), "%s:%lu:%lu: <image>", v->x.file, v->img_line, v->img_col);
	if ((error = tly_batch_add_image(&img, v->b, v->img_name, v->img_w, v->img_h, where)) < 0)
		tly_ingest__xml_stop(&v->x, error);
	else if (TLY_VEC_PUSH(&v->seen_image, img) < 0)
		tly_ingest__xml_stop(&v->x, TLY_ENOMEM);
	else
		store_image(v, img, who);
out:
	tly_buf_clear(&key);
	tly_ingest__cvat_image_clear(v);
}

/*
 * Every image listed is a submission of each task the file holds: objects
 * when the file has shapes or no tags at all, labels when it has tags (an
 * image without tags in a tagging file answered "no label").
 */
int tly_ingest__cvat_image_submissions(cvat *v)
{
	size_t i, sub;
	int error;

	for (i = 0; i < v->seen_image.count; i++) {
		size_t img = v->seen_image.items[i];
		const char *who = v->seen_who.items[i];

		if ((v->any_objs || !v->any_tags) &&
		    (error = tly_batch_add_submission(&sub, v->b, img, who, TLY_TASK_OBJECTS)) < 0)
			return error;
		if (v->any_tags &&
		    (error = tly_batch_add_submission(&sub, v->b, img, who, TLY_TASK_LABELS)) < 0)
			return error;
	}
	return 0;
}
