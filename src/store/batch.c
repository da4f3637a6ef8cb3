/*
 * Building a tly_batch: parsers add images, submissions, objects and tags
 * by name; the private index keeps lookups O(1) so a 10k-image COCO file
 * is not quadratic.
 */
#include <stdio.h>
#include <string.h>

#include "store/batch_map.h"
#include "tally/batch.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/strmap.h"

struct tly_batch_index {
	tly_strmap images; /* name -> image index */
	tly_strmap subs;   /* "image\x1f annotator\x1f task" -> sub index */
	tly_strmap tags;   /* "sub\x1f label" -> tag index */
};

void tly_batch_init(tly_batch *b)
{
	memset(b, 0, sizeof(*b));
}

void tly_batch_clear(tly_batch *b)
{
	size_t i;

	if (!b)
		return;
	tly_free(b->path);
	tly_free(b->format);
	for (i = 0; i < b->n_images; i++)
		tly_free(b->images[i].name);
	tly_free(b->images);
	for (i = 0; i < b->n_subs; i++)
		tly_free(b->subs[i].annotator);
	tly_free(b->subs);
	for (i = 0; i < b->n_objs; i++) {
		tly_free(b->objs[i].label);
		tly_free(b->objs[i].source_ref);
		tly_free(b->objs[i].extra_json);
	}
	tly_free(b->objs);
	for (i = 0; i < b->n_tags; i++)
		tly_free(b->tags[i].label);
	tly_free(b->tags);
	tly_batch__clear_maps(b);
	if (b->index) {
		tly_strmap_clear(&b->index->images);
		tly_strmap_clear(&b->index->subs);
		tly_strmap_clear(&b->index->tags);
		tly_free(b->index);
	}
	memset(b, 0, sizeof(*b));
}

static int ensure_index(tly_batch *b)
{
	if (!b->index) {
		b->index = tly_calloc(1, sizeof(*b->index));
		if (!b->index)
			return TLY_ENOMEM;
	}
	return 0;
}

/* Grow an array of ELEM-sized items so one more fits. */
static int reserve(void **items, size_t *cap, size_t count, size_t elem)
{
	size_t ncap;
	void *p;

	if (count < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	p = tly_reallocarray(*items, ncap, elem);
	if (!p)
		return TLY_ENOMEM;
	*items = p;
	*cap = ncap;
	return 0;
}

static int check_name(const char *name, const char *what, const char *where)
{
	if (!name[0])
		return tly_error_set(TLY_EINPUT, "%s: empty %s", where, what);
	if (strlen(name) > TLY_MAX_STRING)
		return tly_error_set(TLY_ELIMIT, "%s: %s longer than TLY_MAX_STRING (%d bytes)",
				     where, what, TLY_MAX_STRING);
	return 0;
}

int tly_batch_add_image(size_t *out, tly_batch *b, const char *name,
			int32_t width, int32_t height, const char *where)
{
	tly_batch_image *im;
	size_t idx;
	int error;

	if ((error = check_name(name, "image name", where)) < 0 || (error = ensure_index(b)) < 0)
		return error;
	if (width < 0 || height < 0 || width > TLY_MAX_IMAGE_SIDE || height > TLY_MAX_IMAGE_SIDE)
		return tly_error_set(TLY_ELIMIT, "%s: image size %dx%d outside 0..%d (TLY_MAX_IMAGE_SIDE)",
				     where, (int)width, (int)height, TLY_MAX_IMAGE_SIDE);
	if (tly_strmap_get(&b->index->images, name, &idx)) {
		im = &b->images[idx];
		if ((width && im->width && width != im->width) ||
		    (height && im->height && height != im->height))
			return tly_error_set(TLY_EINPUT, "%s: image %s is %dx%d here but %dx%d earlier in the file",
					     where, name, (int)width, (int)height, (int)im->width, (int)im->height);
		if (!im->width)
			im->width = width;
		if (!im->height)
			im->height = height;
		*out = idx;
		return 0;
	}
	if ((error = reserve((void **)&b->images, &b->cap_images, b->n_images, sizeof(*b->images))) < 0)
		return error;
	im = &b->images[b->n_images];
	im->name = tly_strdup(name);
	if (!im->name)
		return TLY_ENOMEM;
	im->width = width;
	im->height = height;
	if ((error = tly_strmap_put(&b->index->images, name, b->n_images)) < 0) {
		tly_free(im->name);
		return error;
	}
	*out = b->n_images++;
	return 0;
}

int tly_batch_add_submission(size_t *out, tly_batch *b, size_t image,
			     const char *annotator, tly_task task)
{
	tly_buf key = TLY_BUF_INIT;
	tly_batch_submission *s;
	size_t idx;
	int error = 0;

	if ((error = check_name(annotator, "annotator name", b->path ? b->path : "input")) < 0 ||
	    (error = ensure_index(b)) < 0)
		return error;
	tly_buf_printf(&key, "%zu\x1f%s\x1f%d", image, annotator, (int)task);
	if (key.error) {
		error = key.error;
		goto out;
	}
	if (tly_strmap_get(&b->index->subs, key.ptr, &idx)) {
		*out = idx;
		goto out;
	}
	if ((error = reserve((void **)&b->subs, &b->cap_subs, b->n_subs, sizeof(*b->subs))) < 0)
		goto out;
	s = &b->subs[b->n_subs];
	memset(s, 0, sizeof(*s));
	s->image = image;
	s->task = task;
	s->annotator = tly_strdup(annotator);
	if (!s->annotator) {
		error = TLY_ENOMEM;
		goto out;
	}
	if ((error = tly_strmap_put(&b->index->subs, key.ptr, b->n_subs)) < 0) {
		tly_free(s->annotator);
		goto out;
	}
	*out = b->n_subs++;
out:
	tly_buf_clear(&key);
	return error;
}

int tly_batch_add_object(tly_batch *b, size_t sub, const char *label,
			 const tly_geometry *geom, int iscrowd,
			 const char *source_ref, const char *extra_json)
{
	tly_batch_object *o;
	int error;

	if ((error = check_name(label, "label", source_ref ? source_ref : "object")) < 0)
		return error;
	if ((error = reserve((void **)&b->objs, &b->cap_objs, b->n_objs, sizeof(*b->objs))) < 0)
		return error;
	o = &b->objs[b->n_objs];
	memset(o, 0, sizeof(*o));
	o->sub = sub;
	o->geom = *geom;
	o->geom.rle = NULL; /* a batch keeps segmentations as extra_json text */
	o->iscrowd = iscrowd;
	o->label = tly_strdup(label);
	o->source_ref = source_ref ? tly_strdup(source_ref) : NULL;
	o->extra_json = extra_json ? tly_strdup(extra_json) : NULL;
	if (!o->label || (source_ref && !o->source_ref) || (extra_json && !o->extra_json)) {
		tly_free(o->label);
		tly_free(o->source_ref);
		tly_free(o->extra_json);
		return TLY_ENOMEM;
	}
	b->n_objs++;
	return 0;
}

int tly_batch_add_tag(tly_batch *b, size_t sub, const char *label)
{
	tly_buf key = TLY_BUF_INIT;
	tly_batch_tag *t;
	size_t idx;
	int error;

	if ((error = check_name(label, "label", b->path ? b->path : "input")) < 0 ||
	    (error = ensure_index(b)) < 0)
		return error;
	/* A label repeated for one submission is one vote, not two. */
	tly_buf_printf(&key, "%zu\x1f%s", sub, label);
	if ((error = key.error) < 0 || tly_strmap_get(&b->index->tags, key.ptr, &idx))
		goto out;
	if ((error = reserve((void **)&b->tags, &b->cap_tags, b->n_tags, sizeof(*b->tags))) < 0)
		goto out;
	t = &b->tags[b->n_tags];
	t->sub = sub;
	t->label = tly_strdup(label);
	if (!t->label) {
		error = TLY_ENOMEM;
		goto out;
	}
	if ((error = tly_strmap_put(&b->index->tags, key.ptr, b->n_tags)) < 0) {
		tly_free(t->label);
		goto out;
	}
	b->n_tags++;
out:
	tly_buf_clear(&key);
	return error;
}
