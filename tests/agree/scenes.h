/*
 * The hand-worked scenes the agree tests share, and a one-call way to run
 * tly_agree_image on one image. Every expected value is derived in the test
 * that checks it.
 *
 * Annotators: A = 0, B = 1, C = 2, G = 3 (gold), H = 4 (gold).
 * Categories: car = 0, person = 1, dog = 2.
 */
#ifndef TLY_TESTS_AGREE_SCENES_H
#define TLY_TESTS_AGREE_SCENES_H

#include "agree/builder.h"
#include "harness.h"
#include "tally/agree.h"
#include "tally/rle.h"
#include "tally/rules.h"

enum { A = 0, B = 1, C = 2, G = 3, H = 4 };
enum { CAR = 0, PERSON = 1, DOG = 2 };

static const char *const scene_annotators[] = {"A", "B", "C", "G", "H"};
static const char *const scene_categories[] = {"car", "person", "dog"};

static inline void scene_init(tly_dataset *ds)
{
	tb_init(ds, scene_annotators, 5, scene_categories, 3);
}

/*
 * Image "street.jpg", objects task, ids in brackets:
 *   A: car [0,0,10,10] (1), dog [100,100,20,20] (2)
 *   B: car [2,0,10,10] (3), dog [100,100,20,20] (4)
 *   C: person [0,0,10,10] (5), car [200,200,10,10] (6)
 * with gold: H (added first, higher index): car [50,50,10,10] (7);
 *            G: car [0,0,10,10] (8), dog [100,100,20,20] (9).
 */
static inline uint32_t scene_street(tly_dataset *ds, int with_gold)
{
	uint32_t im = tb_image(ds, "street.jpg"), s;

	s = tb_sub(ds, im, A, TLY_TASK_OBJECTS, 0);
	tb_box(ds, im, s, CAR, 0, 0, 10, 10);
	tb_box(ds, im, s, DOG, 100, 100, 20, 20);
	s = tb_sub(ds, im, B, TLY_TASK_OBJECTS, 0);
	tb_box(ds, im, s, CAR, 2, 0, 10, 10);
	tb_box(ds, im, s, DOG, 100, 100, 20, 20);
	s = tb_sub(ds, im, C, TLY_TASK_OBJECTS, 0);
	tb_box(ds, im, s, PERSON, 0, 0, 10, 10);
	tb_box(ds, im, s, CAR, 200, 200, 10, 10);
	if (with_gold) {
		s = tb_sub(ds, im, H, TLY_TASK_OBJECTS, 1);
		tb_box(ds, im, s, CAR, 50, 50, 10, 10);
		s = tb_sub(ds, im, G, TLY_TASK_OBJECTS, 1);
		tb_box(ds, im, s, CAR, 0, 0, 10, 10);
		tb_box(ds, im, s, DOG, 100, 100, 20, 20);
	}
	return im;
}

/* Add a labels submission of ANNOTATOR holding the N labels given. */
static inline uint32_t scene_labels(tly_dataset *ds, uint32_t im, uint32_t annotator, int gold,
				    const uint32_t *labels, size_t n)
{
	uint32_t s = tb_sub(ds, im, annotator, TLY_TASK_LABELS, gold);
	size_t i;

	for (i = 0; i < n; i++)
		tb_tag(ds, im, s, labels[i]);
	return s;
}

/* Run tly_agree_image on image IM of DS under POLICY into *R (caller clears R). */
static inline void scene_run(tly_agree_image_result *r, const tly_dataset *ds, uint32_t im,
			     const tly_policy *policy)
{
	tly_agree_context ctx;
	tly_agree_workspace *ws = NULL;
	int rc;

	CHECK_OK(tly_agree_context_init(&ctx, ds, policy));
	CHECK_OK(tly_agree_workspace_new(&ws));
	rc = tly_agree_image(r, ws, &ctx, &ds->images[im], im);
	if (rc != 0)
		fprintf(stderr, "tly_agree_image: %d: %s\n", rc, r->why ? r->why : "?");
	CU_ASSERT_EQUAL(rc, 0);
	tly_agree_workspace_free(ws);
	tly_agree_context_clear(&ctx);
}

/* The default policy with ADJUST applied by the caller afterwards. */
/*
 * The single-label scene: on a fresh image "labels.jpg", A labels car, B
 * car, C dog; with the default majority quorum the consensus is car.
 * Returns the image.
 */
static inline uint32_t scene_single_labels(tly_dataset *ds)
{
	const uint32_t car = CAR, dog = DOG;
	uint32_t im = tb_image(ds, "labels.jpg");

	scene_labels(ds, im, A, 0, &car, 1);
	scene_labels(ds, im, B, 0, &car, 1);
	scene_labels(ds, im, C, 0, &dog, 1);
	return im;
}

/*
 * The multi-label scene: on a fresh image "tags.jpg", A labels {car,
 * person}, B {car}, C {person, dog}; with the default majority quorum the
 * consensus is {car, person}. Returns the image.
 */
static inline uint32_t scene_multi_labels(tly_dataset *ds)
{
	const uint32_t la[] = {CAR, PERSON}, lb[] = {CAR}, lc[] = {PERSON, DOG};
	uint32_t im = tb_image(ds, "tags.jpg");

	scene_labels(ds, im, A, 0, la, 2);
	scene_labels(ds, im, B, 0, lb, 1);
	scene_labels(ds, im, C, 0, lc, 2);
	return im;
}

/*
 * The tie scene: categories zebra = 0, apple = 1 (index order differs from
 * name order). A zebra [0,0,10,10], B apple [0,0,10,10], C an empty
 * submission: one cluster {A, B} (cross-label pass, IoU 1), 2 of |V| = 3,
 * labels 1 : 1.
 */
static inline void scene_tie(tly_dataset *ds)
{
	static const char *const names[] = {"A", "B", "C"};
	static const char *const cats[] = {"zebra", "apple"};
	uint32_t im, s;

	tb_init(ds, names, 3, cats, 2);
	im = tb_image(ds, "tie.jpg");
	s = tb_sub(ds, im, 0, TLY_TASK_OBJECTS, 0);
	tb_box(ds, im, s, 0, 0, 0, 10, 10);
	s = tb_sub(ds, im, 1, TLY_TASK_OBJECTS, 0);
	tb_box(ds, im, s, 1, 0, 0, 10, 10);
	tb_sub(ds, im, 2, TLY_TASK_OBJECTS, 0);
}

/*
 * The crowd scene (COCO iscrowd): image "crowd.jpg", objects task, ids in
 * brackets, "crowd" marking crowd regions:
 *   A: crowd person [0,0,100,50] (1), person [10,10,10,20] (2),
 *      person [40,10,10,20] (3)
 *   B: crowd person [0,0,100,60] (4), person [10,10,10,20] (5),
 *      dog [50,10,10,20] (6)
 *   C: crowd car [20,0,100,50] (7), person [11,10,10,20] (8),
 *      person [60,20,10,10] (9)
 * with gold G: crowd person [0,0,100,50] (10), person [10,10,10,20] (11),
 *   person [300,300,10,10] (12).
 * Objects 3, 6 and 9 lie inside the crowd regions; the tests that use the
 * scene work out its clusters, conflicts, agreement and audit.
 */
static inline uint32_t scene_crowd(tly_dataset *ds, int with_gold)
{
	uint32_t im = tb_image(ds, "crowd.jpg"), s;

	s = tb_sub(ds, im, A, TLY_TASK_OBJECTS, 0);
	tb_crowd(ds, im, s, PERSON, 0, 0, 100, 50);
	tb_box(ds, im, s, PERSON, 10, 10, 10, 20);
	tb_box(ds, im, s, PERSON, 40, 10, 10, 20);
	s = tb_sub(ds, im, B, TLY_TASK_OBJECTS, 0);
	tb_crowd(ds, im, s, PERSON, 0, 0, 100, 60);
	tb_box(ds, im, s, PERSON, 10, 10, 10, 20);
	tb_box(ds, im, s, DOG, 50, 10, 10, 20);
	s = tb_sub(ds, im, C, TLY_TASK_OBJECTS, 0);
	tb_crowd(ds, im, s, CAR, 20, 0, 100, 50);
	tb_box(ds, im, s, PERSON, 11, 10, 10, 20);
	tb_box(ds, im, s, PERSON, 60, 20, 10, 10);
	if (with_gold) {
		s = tb_sub(ds, im, G, TLY_TASK_OBJECTS, 1);
		tb_crowd(ds, im, s, PERSON, 0, 0, 100, 50);
		tb_box(ds, im, s, PERSON, 10, 10, 10, 20);
		tb_box(ds, im, s, PERSON, 300, 300, 10, 10);
	}
	return im;
}

/*
 * A crowd region one voter skipped: image "skip.jpg",
 *   A: crowd person [0,0,100,100] (1), person [10,10,20,20] (2)
 *   B: crowd person [0,0,100,100] (3), person [10,10,20,20] (4),
 *      person [50,50,10,10] (5), person [200,200,10,10] (6),
 *      person [95,20,10,10] (7), person [96,40,10,10] (8)
 *   C: person [10,10,20,20] (9)
 */
static inline uint32_t scene_skip(tly_dataset *ds)
{
	uint32_t im = tb_image(ds, "skip.jpg"), s;

	s = tb_sub(ds, im, A, TLY_TASK_OBJECTS, 0);
	tb_crowd(ds, im, s, PERSON, 0, 0, 100, 100);
	tb_box(ds, im, s, PERSON, 10, 10, 20, 20);
	s = tb_sub(ds, im, B, TLY_TASK_OBJECTS, 0);
	tb_crowd(ds, im, s, PERSON, 0, 0, 100, 100);
	tb_box(ds, im, s, PERSON, 10, 10, 20, 20);
	tb_box(ds, im, s, PERSON, 50, 50, 10, 10);
	tb_box(ds, im, s, PERSON, 200, 200, 10, 10);
	tb_box(ds, im, s, PERSON, 95, 20, 10, 10);
	tb_box(ds, im, s, PERSON, 96, 40, 10, 10);
	s = tb_sub(ds, im, C, TLY_TASK_OBJECTS, 0);
	tb_box(ds, im, s, PERSON, 10, 10, 20, 20);
	return im;
}

static inline tly_policy scene_policy(void)
{
	tly_policy p;

	tly_policy_init_defaults(&p);
	return p;
}

/* The rules document DOC (JSON text) parsed into *out (caller frees with tly_rules_free). */
static inline void scene_rules(tly_rules **out, const char *doc)
{
	*out = NULL;
	CHECK_OK(tly_rules_parse(out, doc, strlen(doc), "test"));
}

/*
 * Image NAME of W x W pixels where annotator k (A, B, C, ...) draws one
 * CATEGORY object of KIND: the rectangle R[k] = {x0, y0, x1, y1}
 * (pixels x0 <= x < x1, y0 <= y < y1) as a box, or, for polygons and masks,
 * as a raster the image owns. Returns the image index.
 */
static inline uint32_t scene_rects(tly_dataset *ds, const char *name, int w, const int (*r)[4], size_t n,
				   uint32_t category, tly_geom_kind kind)
{
	uint32_t im = tb_image(ds, name), k;
	tly_image *img;

	for (k = 0; k < n; k++)
		tb_box(ds, im, tb_sub(ds, im, k, TLY_TASK_OBJECTS, 0), category, r[k][0], r[k][1],
		       r[k][2] - r[k][0], r[k][3] - r[k][1]);
	img = &ds->images[im];
	img->width = img->height = w;
	if (kind == TLY_GEOM_BOX)
		return im;
	img->rles = tly_calloc(n, sizeof(*img->rles));
	CU_ASSERT_PTR_NOT_NULL_FATAL(img->rles);
	img->n_rles = n;
	for (k = 0; k < n; k++) {
		uint8_t px[64 * 64];
		int x, y;

		CU_ASSERT_FATAL(w <= 64);
		memset(px, 0, sizeof(px));
		for (x = r[k][0]; x < r[k][2]; x++)
			for (y = r[k][1]; y < r[k][3]; y++)
				px[x * w + y] = 1; /* column-major, as COCO */
		CHECK_OK(tly_rle_encode(&img->rles[k], px, w, w));
		img->objs[img->n_objs - n + k].geom.kind = kind;
		img->objs[img->n_objs - n + k].geom.rle = &img->rles[k];
	}
	return im;
}

#endif
