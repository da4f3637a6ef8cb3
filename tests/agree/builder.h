/*
 * Building small tly_dataset values in memory for the agree and run tests:
 * name the annotators and categories, then add images, submissions, boxes
 * and labels. Ids are 1, 2, 3, ... in the order objects and labels are
 * added, so a test can name them. Header-only (static inline) because each
 * test file is its own program; tests/run includes it as "agree/builder.h".
 */
#ifndef TLY_TESTS_AGREE_BUILDER_H
#define TLY_TESTS_AGREE_BUILDER_H

#include <CUnit/CUnit.h>
#include <string.h>

#include "tally/dataset.h"
#include "util/alloc.h"

/* Grow *P (N used) by one element of SIZE; aborts the test on failure. */
static inline void *tb_grow(void *p, size_t n, size_t size)
{
	void *q = tly_reallocarray(p, n + 1, size);

	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	memset((char *)q + n * size, 0, size);
	return q;
}

static inline void tb_names(tly_named **out, size_t *n_out, const char *const *names, size_t n)
{
	size_t i;

	*out = tly_calloc(n ? n : 1, sizeof(**out));
	CU_ASSERT_PTR_NOT_NULL_FATAL(*out);
	for (i = 0; i < n; i++) {
		(*out)[i].id = (int64_t)i + 1;
		(*out)[i].name = tly_strdup(names[i]);
	}
	*n_out = n;
}

/* A dataset with these annotators and categories and no images yet. */
static inline void tb_init(tly_dataset *ds, const char *const *annotators, size_t na,
			   const char *const *categories, size_t nc)
{
	memset(ds, 0, sizeof(*ds));
	tb_names(&ds->annotators, &ds->n_annotators, annotators, na);
	tb_names(&ds->categories, &ds->n_categories, categories, nc);
}

/* Add image NAME; returns its index. */
static inline uint32_t tb_image(tly_dataset *ds, const char *name)
{
	tly_image *im;

	ds->images = tb_grow(ds->images, ds->n_images, sizeof(*ds->images));
	im = &ds->images[ds->n_images];
	im->id = (int64_t)ds->n_images + 1;
	im->name = tly_strdup(name);
	im->width = 640;
	im->height = 480;
	return (uint32_t)ds->n_images++;
}

/* Add a (possibly empty) submission; returns its index in the image's subs. */
static inline uint32_t tb_sub(tly_dataset *ds, uint32_t image, uint32_t annotator, tly_task task, int gold)
{
	tly_image *im = &ds->images[image];
	tly_submission *s;

	im->subs = tb_grow(im->subs, im->n_subs, sizeof(*im->subs));
	s = &im->subs[im->n_subs];
	s->id = (int64_t)im->n_subs + 1;
	s->annotator = annotator;
	s->task = task;
	s->gold = gold;
	return (uint32_t)im->n_subs++;
}

/* The next object/label id: one more than every id given so far. */
static inline int64_t tb_next_id(const tly_dataset *ds)
{
	size_t i;
	int64_t n = 0;

	for (i = 0; i < ds->n_images; i++)
		n += (int64_t)(ds->images[i].n_objs + ds->images[i].n_tags);
	return n + 1;
}

/* Add box [x, y, w, h] of CATEGORY to submission SUB; returns its id. */
static inline int64_t tb_box(tly_dataset *ds, uint32_t image, uint32_t sub, uint32_t category,
			     double x, double y, double w, double h)
{
	tly_image *im = &ds->images[image];
	tly_object *o;
	int64_t id = tb_next_id(ds);

	im->objs = tb_grow(im->objs, im->n_objs, sizeof(*im->objs));
	o = &im->objs[im->n_objs++];
	o->id = id;
	o->sub = sub;
	o->annotator = im->subs[sub].annotator;
	o->category = category;
	o->geom.kind = TLY_GEOM_BOX;
	o->geom.box.x = x;
	o->geom.box.y = y;
	o->geom.box.w = w;
	o->geom.box.h = h;
	return id;
}

/* Add a crowd region (COCO iscrowd 1) with box [x, y, w, h]; returns its id. */
static inline int64_t tb_crowd(tly_dataset *ds, uint32_t image, uint32_t sub, uint32_t category,
			       double x, double y, double w, double h)
{
	int64_t id = tb_box(ds, image, sub, category, x, y, w, h);

	ds->images[image].objs[ds->images[image].n_objs - 1].iscrowd = 1;
	return id;
}

/* Add image label CATEGORY to submission SUB; returns its id. */
static inline int64_t tb_tag(tly_dataset *ds, uint32_t image, uint32_t sub, uint32_t category)
{
	tly_image *im = &ds->images[image];
	tly_tag *t;
	int64_t id = tb_next_id(ds);

	im->tags = tb_grow(im->tags, im->n_tags, sizeof(*im->tags));
	t = &im->tags[im->n_tags++];
	t->id = id;
	t->sub = sub;
	t->annotator = im->subs[sub].annotator;
	t->category = category;
	return id;
}

#endif
