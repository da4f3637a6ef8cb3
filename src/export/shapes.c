/*
 * The shared part of the annotation-tool exports (shapes.h): images to
 * write, each image's consensus objects and labels (a stable counting
 * sort by image, so the order inside an image is the result's), image
 * sizes, and file stems the readers map back to the image names.
 * Tested through tests/export/test_roundtrip_*.c.
 */
#include <string.h>

#include "export/shapes.h"
#include "tally/error.h"
#include "tally/rle.h"
#include "util/alloc.h"
#include "util/strmap.h"

#define BAD(...) tly_error_set(TLY_EARG, "export: " __VA_ARGS__)

/* Stable counting sort of N items by KEY(i) into START[n_keys + 1] and ORDER[n]. */
static int group(size_t **start, size_t **order, size_t n_keys, size_t n, const void *items, size_t stride)
{
	const char *p = items;
	size_t i, *next;

	*start = tly_calloc(n_keys + 1, sizeof(size_t));
	*order = tly_calloc(n ? n : 1, sizeof(size_t));
	next = tly_calloc(n_keys + 1, sizeof(size_t));
	if (!*start || !*order || !next) {
		tly_free(next);
		return TLY_ENOMEM;
	}
	/* Both item types start with uint32_t image. */
	for (i = 0; i < n; i++)
		(*start)[*(const uint32_t *)(const void *)(p + i * stride) + 1]++;
	for (i = 0; i < n_keys; i++)
		(*start)[i + 1] += (*start)[i];
	memcpy(next, *start, (n_keys + 1) * sizeof(size_t));
	for (i = 0; i < n; i++)
		(*order)[next[*(const uint32_t *)(const void *)(p + i * stride)]++] = i;
	tly_free(next);
	return 0;
}

/* Whether image I has a non-gold submission of TASK. */
static int voted(const tly_image *im, tly_task task)
{
	size_t k;

	for (k = 0; k < im->n_subs; k++)
		if (!im->subs[k].gold && im->subs[k].task == task)
			return 1;
	return 0;
}

/* Image sizes: the dataset's, else a mask's; every mask must fit its image. */
static int sizes(tly_export__shapes *s)
{
	const tly_dataset *ds = s->ds;
	size_t i, k;

	for (i = 0; i < ds->n_images; i++) {
		s->w[i] = ds->images[i].width > 0 && ds->images[i].height > 0 ? ds->images[i].width : 0;
		s->h[i] = s->w[i] ? ds->images[i].height : 0;
		for (k = s->obj_start[i]; k < s->obj_start[i + 1]; k++) {
			const tly_rle *m = s->r->cons_objects[s->obj_order[k]].geom.rle;

			if (!m)
				continue;
			if (!s->w[i]) {
				s->w[i] = (int32_t)m->w;
				s->h[i] = (int32_t)m->h;
			} else if ((int64_t)m->w != s->w[i] || (int64_t)m->h != s->h[i]) {
				return BAD("%s: consensus object %zu is a %ux%u mask on a %dx%d image",
					   ds->images[i].name, s->obj_order[k], m->w, m->h, (int)s->w[i],
					   (int)s->h[i]);
			}
		}
	}
	return 0;
}

int tly_export__shapes_init(tly_export__shapes *s, const tly_dataset *ds, const tly_result *r, int labels)
{
	size_t i;
	int error;

	memset(s, 0, sizeof(*s));
	s->ds = ds;
	s->r = r;
	s->images = tly_calloc(ds->n_images ? ds->n_images : 1, sizeof(uint32_t));
	s->w = tly_calloc(ds->n_images ? ds->n_images : 1, sizeof(int32_t));
	s->h = tly_calloc(ds->n_images ? ds->n_images : 1, sizeof(int32_t));
	if (!s->images || !s->w || !s->h) {
		error = TLY_ENOMEM;
		goto out;
	}
	if ((error = group(&s->obj_start, &s->obj_order, ds->n_images, r->n_cons_objects, r->cons_objects,
			   sizeof(tly_cons_object))) < 0 ||
	    (error = group(&s->tag_start, &s->tag_order, ds->n_images, r->n_cons_tags, r->cons_tags,
			   sizeof(tly_cons_tag))) < 0 ||
	    (error = sizes(s)) < 0)
		goto out;
	for (i = 0; i < ds->n_images; i++) {
		const tly_image *im = &ds->images[i];

		/* A consensus needs voters, so objects or labels imply the submission. */
		if (voted(im, TLY_TASK_OBJECTS) || (labels && voted(im, TLY_TASK_LABELS)) ||
		    s->obj_start[i + 1] > s->obj_start[i] ||
		    (labels && s->tag_start[i + 1] > s->tag_start[i]))
			s->images[s->n_images++] = (uint32_t)i;
	}
out:
	if (error < 0)
		tly_export__shapes_clear(s);
	return error;
}

void tly_export__shapes_clear(tly_export__shapes *s)
{
	size_t i;

	if (s->stems)
		for (i = 0; i < s->n_images; i++)
			tly_free(s->stems[i]);
	tly_free(s->stems);
	tly_free(s->obj_start);
	tly_free(s->obj_order);
	tly_free(s->tag_start);
	tly_free(s->tag_order);
	tly_free(s->images);
	tly_free(s->w);
	tly_free(s->h);
	memset(s, 0, sizeof(*s));
}

void tly_export__shapes_objects(size_t *first, size_t *n, const tly_export__shapes *s, uint32_t image)
{
	*first = s->obj_start[image];
	*n = s->obj_start[image + 1] - *first;
}

void tly_export__shapes_tags(size_t *first, size_t *n, const tly_export__shapes *s, uint32_t image)
{
	*first = s->tag_start[image];
	*n = s->tag_start[image + 1] - *first;
}

int tly_export__shapes_check_box(const tly_export__shapes *s, const char *fmt, size_t object)
{
	const tly_cons_object *o = &s->r->cons_objects[object];

	if (o->geom.box.w > 0 && o->geom.box.h > 0)
		return 0;
	return BAD("%s: %s: consensus object %zu has an empty box (%.17g x %.17g), which %s readers refuse",
		   fmt, s->ds->images[o->image].name, object, o->geom.box.w, o->geom.box.h, fmt);
}

const char *tly_export__shapes_label(const tly_export__shapes *s, size_t object)
{
	return s->ds->categories[s->r->cons_objects[object].category].name;
}

/* NAME is not a file name the readers give back as itself (they keep the basename). */
static int bad_file_name(const char *fmt, const char *name, int folder)
{
	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strchr(name, '/') ||
	    strchr(name, '\\'))
		return BAD("%s: image \"%s\" cannot name a file", fmt, name);
	if (folder && name[0] == '.')
		return BAD("%s: image \"%s\": a file name starting with '.' is skipped when the folder "
			   "is read back", fmt, name);
	return 0;
}

int tly_export__shapes_check_names(const tly_export__shapes *s, const char *fmt)
{
	size_t i;
	int error;

	for (i = 0; i < s->n_images; i++)
		if ((error = bad_file_name(fmt, s->ds->images[s->images[i]].name, 0)) < 0)
			return error;
	return 0;
}

/* The stem of NAME (less its last extension; whole when it has none) into a new string. */
static char *stem_of(const char *name, int whole)
{
	const char *dot = strrchr(name, '.');

	if (whole || !dot || dot == name)
		return tly_strdup(name);
	return tly_strndup(name, (size_t)(dot - name));
}

/* Make the stems (whole names or not); 1 when two collide or one is RESERVED, else 0 or an error. */
static int make_stems(tly_export__shapes *s, int whole, const char *reserved, size_t *clash)
{
	tly_strmap seen;
	size_t i, dummy;
	int error = 0;

	memset(&seen, 0, sizeof(seen));
	for (i = 0; i < s->n_images && !error; i++) {
		if (!(s->stems[i] = stem_of(s->ds->images[s->images[i]].name, whole)))
			error = TLY_ENOMEM;
		else if ((reserved && strcmp(s->stems[i], reserved) == 0) ||
			 tly_strmap_get(&seen, s->stems[i], &dummy))
			error = 1;
		else
			error = tly_strmap_put(&seen, s->stems[i], i);
		if (error == 1)
			*clash = i;
	}
	tly_strmap_clear(&seen);
	return error;
}

int tly_export__shapes_stems(tly_export__shapes *s, const char *fmt, int strict, const char *reserved)
{
	size_t i, clash = 0;
	int error;

	for (i = 0; i < s->n_images; i++) {
		const char *name = s->ds->images[s->images[i]].name, *dot = strrchr(name, '.');

		if ((error = bad_file_name(fmt, name, 1)) < 0)
			return error;
		if (strict && (!dot || dot == name || !dot[1]))
			return BAD("%s: image \"%s\" has no extension: the reader finds an image by its label "
				   "file's stem plus one", fmt, name);
	}
	if (!(s->stems = tly_calloc(s->n_images ? s->n_images : 1, sizeof(char *))))
		return TLY_ENOMEM;
	if ((error = make_stems(s, 0, reserved, &clash)) != 1)
		return error;
	if (strict)
		return BAD("%s: image \"%s\": its label file %s would %s", fmt,
			   s->ds->images[s->images[clash]].name, s->stems[clash],
			   reserved && strcmp(s->stems[clash], reserved) == 0
				   ? "be taken for the side file of that name"
				   : "be another image's too (same name, other extension)");
	for (i = 0; i < s->n_images; i++) {
		tly_free(s->stems[i]);
		s->stems[i] = NULL;
	}
	if ((error = make_stems(s, 1, reserved, &clash)) != 1)
		return error;
	return BAD("%s: image \"%s\": its file would be taken for the side file of that name", fmt,
		   s->ds->images[s->images[clash]].name);
}
