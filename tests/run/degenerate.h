/*
 * The degenerate data sets of issue 4 item 4, shared by the run and report
 * tests: one annotator, one class only, all agree, all missing. Each
 * statistic must come out defined or undefined (NaN in memory, null in
 * JSON) as derived in tests/run/test_object_stats.c. Header-only, like
 * agree/builder.h. Annotators A = 0, B = 1, C = 2; categories car = 0,
 * dog = 1.
 */
#ifndef TLY_TESTS_RUN_DEGENERATE_H
#define TLY_TESTS_RUN_DEGENERATE_H

#include <stdio.h>

#include "agree/builder.h"

static const char *const deg_annotators[] = {"A", "B", "C"};
static const char *const deg_categories[] = {"car", "dog"};

static inline void deg_images(tly_dataset *ds, uint32_t n)
{
	uint32_t i;

	tb_init(ds, deg_annotators, 3, deg_categories, 2);
	for (i = 0; i < n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "im%u.jpg", (unsigned)i);
		tb_image(ds, name);
	}
}

/* A labels car and draws car [0,0,10,10] on im0 and im1; B and C do nothing. */
static inline void deg_one_annotator(tly_dataset *ds)
{
	uint32_t i;

	deg_images(ds, 2);
	for (i = 0; i < 2; i++) {
		tb_tag(ds, i, tb_sub(ds, i, 0, TLY_TASK_LABELS, 0), 0);
		tb_box(ds, i, tb_sub(ds, i, 0, TLY_TASK_OBJECTS, 0), 0, 0, 0, 10, 10);
	}
}

/*
 * Everyone labels car on im0-im2. Boxes, all car: im0 A, B, C
 * [0,0,10,10]; im1 A [0,0,10,10], B [0,0,10,5] (IoU 1/2), C an empty
 * submission; im2 everyone empty.
 */
static inline void deg_one_class(tly_dataset *ds)
{
	uint32_t i, a;

	deg_images(ds, 3);
	for (i = 0; i < 3; i++)
		for (a = 0; a < 3; a++)
			tb_tag(ds, i, tb_sub(ds, i, a, TLY_TASK_LABELS, 0), 0);
	for (a = 0; a < 3; a++)
		tb_box(ds, 0, tb_sub(ds, 0, a, TLY_TASK_OBJECTS, 0), 0, 0, 0, 10, 10);
	tb_box(ds, 1, tb_sub(ds, 1, 0, TLY_TASK_OBJECTS, 0), 0, 0, 0, 10, 10);
	tb_box(ds, 1, tb_sub(ds, 1, 1, TLY_TASK_OBJECTS, 0), 0, 0, 0, 10, 5);
	tb_sub(ds, 1, 2, TLY_TASK_OBJECTS, 0);
	for (a = 0; a < 3; a++)
		tb_sub(ds, 2, a, TLY_TASK_OBJECTS, 0);
}

/* im0: everyone labels car and draws car [0,0,10,10]; im1: dog and dog [20,20,10,10]. */
static inline void deg_all_agree(tly_dataset *ds)
{
	uint32_t a;

	deg_images(ds, 2);
	for (a = 0; a < 3; a++) {
		tb_tag(ds, 0, tb_sub(ds, 0, a, TLY_TASK_LABELS, 0), 0);
		tb_box(ds, 0, tb_sub(ds, 0, a, TLY_TASK_OBJECTS, 0), 0, 0, 0, 10, 10);
		tb_tag(ds, 1, tb_sub(ds, 1, a, TLY_TASK_LABELS, 0), 1);
		tb_box(ds, 1, tb_sub(ds, 1, a, TLY_TASK_OBJECTS, 0), 1, 20, 20, 10, 10);
	}
}

/*
 * im0: everyone submits empty objects and empty labels (so the labels
 * task is multi-label with no label used); im1: no submission at all.
 */
static inline void deg_all_missing(tly_dataset *ds)
{
	uint32_t a;

	deg_images(ds, 2);
	for (a = 0; a < 3; a++) {
		tb_sub(ds, 0, a, TLY_TASK_OBJECTS, 0);
		tb_sub(ds, 0, a, TLY_TASK_LABELS, 0);
	}
}

#endif
