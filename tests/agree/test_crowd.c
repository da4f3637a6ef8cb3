/*
 * Crowd regions (COCO iscrowd) as ignore regions (src/agree/crowd.c):
 * the one-to-one comparison used by the audit and the pair F1 on worked
 * cases, the crowd scenes run twice through one reused workspace (the
 * result must not depend on what the workspace held before), and the
 * external COCO file with an iscrowd RLE read through ingest and store.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "agree/crowd.h"
#include "agree/scenes.h"
#include "tally/ingest.h"
#include "tally/store.h"

#define EXTERNAL_COCO "/work/shared/fixtures-external/coco/instances_val.json"

static tly_geometry geoms[8];

static tly_match_item item(size_t slot, uint32_t label, int64_t key, int crowd, double x, double y,
			   double w, double h)
{
	tly_match_item it;

	geoms[slot] = (tly_geometry){TLY_GEOM_BOX, {x, y, w, h}, NULL};
	memset(&it, 0, sizeof(it));
	it.geom = &geoms[slot];
	it.label = label;
	it.key = key;
	it.iscrowd = crowd;
	return it;
}

/*
 * A: a0 person [0,0,10,10] (key 1), a1 person [50,50,10,10] (2), a2 a
 *    crowd of persons [40,40,40,40] (3).
 * R: r0 person [0,0,10,10] (10), r1 a crowd of persons [45,45,30,30] (11),
 *    r2 person [60,60,5,5] (12).
 * Pairs at 0.5: a0-r0 IoU 1 (same label: tp); a2-r1, two crowd regions:
 * [45,75]^2 inside [40,80]^2, 900/1600 = 0.5625: paired, scored nowhere.
 * a1 [50,60]^2 and r2 [60,65]^2 only touch: both unpaired.
 * a1 lies inside r1 ([50,60] within [45,75]): crowd IoU 100/100 = 1 ->
 * not counted: n_a = 2 ordinary - 1 = 1. r2 lies inside a2: 25/25 = 1,
 * but only the symmetric comparison forgives it: n_r = 2, or 1.
 * matched 1, iou_sum 1.
 */
static void test_compare(void)
{
	tly_match_item a[3], r[3];
	tly_match_options o = {0.5, 0, 0, NULL, {0, 0, 0, 0}};
	tly_agree_workspace *ws = NULL;
	tly_agree_crowd_score sc;

	a[0] = item(0, PERSON, 1, 0, 0, 0, 10, 10);
	a[1] = item(1, PERSON, 2, 0, 50, 50, 10, 10);
	a[2] = item(2, PERSON, 3, 1, 40, 40, 40, 40);
	r[0] = item(3, PERSON, 10, 0, 0, 0, 10, 10);
	r[1] = item(4, PERSON, 11, 1, 45, 45, 30, 30);
	r[2] = item(5, PERSON, 12, 0, 60, 60, 5, 5);
	CHECK_OK(tly_agree_workspace_new(&ws));
	CHECK_OK(tly_agree__crowd_compare(&sc, ws, a, 3, r, 3, &o, 0));
	CU_ASSERT_EQUAL(sc.tp, 1);
	CU_ASSERT_EQUAL(sc.matched, 1);
	CHECK_NEAR(sc.iou_sum, 1.0, 0);
	CU_ASSERT_EQUAL(sc.n_a, 1);
	CU_ASSERT_EQUAL(sc.n_r, 2);
	CHECK_OK(tly_agree__crowd_compare(&sc, ws, a, 3, r, 3, &o, 1));
	CU_ASSERT_EQUAL(sc.tp, 1);
	CU_ASSERT_EQUAL(sc.n_a, 1);
	CU_ASSERT_EQUAL(sc.n_r, 1);
	/* A crowd of dogs hides no person: r1 relabelled, a1 counts again */
	r[1].label = DOG;
	CHECK_OK(tly_agree__crowd_compare(&sc, ws, a, 3, r, 3, &o, 0));
	CU_ASSERT_EQUAL(sc.n_a, 2);
	/* Without crowd flags it is plain pairing: the crowd regions pair
	 * (a2-r1 cross-label, 0.5625) and count: tp 1, matched 2, 3 and 3. */
	a[2].iscrowd = r[1].iscrowd = 0;
	CHECK_OK(tly_agree__crowd_compare(&sc, ws, a, 3, r, 3, &o, 1));
	CU_ASSERT_EQUAL(sc.tp, 1);
	CU_ASSERT_EQUAL(sc.matched, 2);
	CHECK_NEAR(sc.iou_sum, 1.5625, 1e-15);
	CU_ASSERT_EQUAL(sc.n_a, 3);
	CU_ASSERT_EQUAL(sc.n_r, 3);
	/* Empty sides: nothing paired, crowd regions still not counted */
	a[2].iscrowd = 1;
	CHECK_OK(tly_agree__crowd_compare(&sc, ws, a, 3, r, 0, &o, 1));
	CU_ASSERT_EQUAL(sc.matched, 0);
	CU_ASSERT_EQUAL(sc.n_a, 2);
	CU_ASSERT_EQUAL(sc.n_r, 0);
	tly_agree_workspace_free(ws);
}

/*
 * The threshold edge. Crowd region [0,0,100,100]; a person [95,20,10,10]
 * is half inside: 5 x 10 = 50 of 100 = 0.5. At match.iou 0.5 it lies
 * inside (>=): n_a 0; at 0.6 it counts: n_a 1. A person [96,40,10,10]:
 * 40/100 = 0.4, counted at both.
 */
static void test_threshold(void)
{
	tly_match_item a[2], r[1];
	tly_match_options o = {0.5, 0, 0, NULL, {0, 0, 0, 0}};
	tly_agree_workspace *ws = NULL;
	tly_agree_crowd_score sc;

	a[0] = item(0, PERSON, 1, 0, 95, 20, 10, 10);
	a[1] = item(1, PERSON, 2, 0, 96, 40, 10, 10);
	r[0] = item(2, PERSON, 10, 1, 0, 0, 100, 100);
	CHECK_OK(tly_agree_workspace_new(&ws));
	CHECK_OK(tly_agree__crowd_compare(&sc, ws, a, 1, r, 1, &o, 0));
	CU_ASSERT_EQUAL(sc.n_a, 0);
	CU_ASSERT_EQUAL(sc.n_r, 0);
	CHECK_OK(tly_agree__crowd_compare(&sc, ws, a + 1, 1, r, 1, &o, 0));
	CU_ASSERT_EQUAL(sc.n_a, 1);
	o.iou = 0.6;
	CHECK_OK(tly_agree__crowd_compare(&sc, ws, a, 1, r, 1, &o, 0));
	CU_ASSERT_EQUAL(sc.n_a, 1);
	tly_agree_workspace_free(ws);
}

/* Everything of an image result that a run keeps, compared field by field. */
static void check_same(const tly_agree_image_result *x, const tly_agree_image_result *y)
{
	size_t i;

	CU_ASSERT_EQUAL_FATAL(x->n_cons_objects, y->n_cons_objects);
	CU_ASSERT_EQUAL_FATAL(x->n_members, y->n_members);
	CU_ASSERT_EQUAL_FATAL(x->n_conflicts, y->n_conflicts);
	CU_ASSERT_EQUAL_FATAL(x->n_annotators, y->n_annotators);
	CU_ASSERT_EQUAL_FATAL(x->n_pairs, y->n_pairs);
	for (i = 0; i < x->n_cons_objects; i++) {
		CU_ASSERT_EQUAL(x->cons_objects[i].iscrowd, y->cons_objects[i].iscrowd);
		CU_ASSERT_EQUAL(memcmp(&x->cons_objects[i].geom.box, &y->cons_objects[i].geom.box,
				       sizeof(tly_box)), 0);
		CU_ASSERT_EQUAL(x->cons_objects[i].agreement, y->cons_objects[i].agreement);
	}
	if (x->n_members)
		CU_ASSERT_EQUAL(memcmp(x->members, y->members, x->n_members * sizeof(*x->members)), 0);
	for (i = 0; i < x->n_conflicts; i++) {
		CU_ASSERT_EQUAL(x->conflicts[i].kind, y->conflicts[i].kind);
		CU_ASSERT_EQUAL(x->conflicts[i].object_id, y->conflicts[i].object_id);
	}
	if (x->n_annotators)
		CU_ASSERT_EQUAL(memcmp(x->annotators, y->annotators,
				       x->n_annotators * sizeof(*x->annotators)), 0);
	if (x->n_pairs)
		CU_ASSERT_EQUAL(memcmp(x->pairs, y->pairs, x->n_pairs * sizeof(*x->pairs)), 0);
	CU_ASSERT_EQUAL(memcmp(&x->stats, &y->stats, sizeof(x->stats)), 0);
}

/*
 * Determinism: crowd.jpg (with gold) computed in a fresh workspace, then
 * skip.jpg, crowd.jpg and skip.jpg again through one reused workspace
 * (whose reference items and marks hold the previous image's crowd
 * flags): the same bytes each time.
 */
static void test_reused_workspace(void)
{
	tly_dataset ds;
	tly_agree_context ctx;
	tly_agree_workspace *ws = NULL;
	tly_agree_image_result first[2], again = {0};
	tly_policy p = scene_policy();
	uint32_t crowd, skip, k;

	memset(first, 0, sizeof(first));
	scene_init(&ds);
	crowd = scene_crowd(&ds, 1);
	skip = scene_skip(&ds);
	scene_run(&first[0], &ds, crowd, &p);
	scene_run(&first[1], &ds, skip, &p);
	CHECK_OK(tly_agree_context_init(&ctx, &ds, &p));
	CHECK_OK(tly_agree_workspace_new(&ws));
	for (k = 0; k < 4; k++) {
		uint32_t im = k % 2 ? crowd : skip;

		CHECK_OK(tly_agree_image(&again, ws, &ctx, &ds.images[im], im));
		check_same(&again, &first[im == crowd ? 0 : 1]);
	}
	tly_agree_image_result_clear(&again);
	tly_agree_image_result_clear(&first[0]);
	tly_agree_image_result_clear(&first[1]);
	tly_agree_workspace_free(ws);
	tly_agree_context_clear(&ctx);
	tly_dataset_clear(&ds);
}

/* Ingest PATH for ANNOTATOR (gold or not) into ST. */
static void ingest(tly_store *st, const char *path, const char *annotator, int gold)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	tly_batch b;

	o.annotator = annotator;
	o.gold = gold;
	tly_batch_init(&b);
	CHECK_OK(tly_ingest_file(&b, path, &o));
	CHECK_OK(tly_store_write_batch(NULL, st, &b, annotator));
	tly_batch_clear(&b);
}

/*
 * The external COCO file (read in place; skipped when absent): image
 * b.jpg, 5 wide, 10 high; annotation 1, category "a", the polygon
 * [0,0,1,0,1,2,0,2]: pixel centres (0.5,0.5) and (0.5,1.5) inside, 2 px;
 * annotation 2, category "b", iscrowd 1, uncompressed RLE counts
 * [0,20,30] on [10,5]: column-major, the first 20 pixels = columns 0-1,
 * 20 px. The polygon lies inside the crowd region: crowd IoU 2/2 = 1;
 * plain IoU 2/20 = 0.1, and the region in the polygon 2/20 = 0.1.
 * Ingested for voters x and y and as gold g: the crowd regions of x and y
 * cluster (IoU 1) into one consensus crowd region, iscrowd 1, the 20 px
 * mask (both members cover it); the polygons into an ordinary one.
 * Audit of x against gold: the polygons pair (tp 1, IoU 1); x's crowd
 * region is neither tp nor fp, gold's never fn: tp 1, fp 0, fn 0. The same
 * against the leave-one-out consensus (y alone). Pair F1 x-y: 2*1/(1+1).
 */
static void test_external_coco(void)
{
	tly_store *st = NULL;
	tly_dataset ds;
	tly_policy p = scene_policy();
	tly_agree_image_result r = {0};
	const tly_image *im;
	const tly_object *poly = NULL, *crowd = NULL;
	FILE *f = fopen(EXTERNAL_COCO, "rb");
	size_t i;

	if (!f) {
		fprintf(stderr, "skipped: %s is absent\n", EXTERNAL_COCO);
		return;
	}
	fclose(f);
	memset(&ds, 0, sizeof(ds));
	CHECK_OK(tly_store_open(&st, ":memory:"));
	ingest(st, EXTERNAL_COCO, "x", 0);
	ingest(st, EXTERNAL_COCO, "y", 0);
	ingest(st, EXTERNAL_COCO, "g", 1);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	CU_ASSERT_EQUAL_FATAL(ds.n_images, 1);
	im = &ds.images[0];
	CU_ASSERT_EQUAL_FATAL(im->n_objs, 6);
	for (i = 0; i < im->n_objs; i++) {
		if (im->objs[i].annotator != (uint32_t)tly_dataset_find_annotator(&ds, "x"))
			continue;
		if (im->objs[i].iscrowd)
			crowd = &im->objs[i];
		else
			poly = &im->objs[i];
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(poly);
	CU_ASSERT_PTR_NOT_NULL_FATAL(crowd);
	CU_ASSERT_PTR_NOT_NULL_FATAL(poly->geom.rle);
	CU_ASSERT_PTR_NOT_NULL_FATAL(crowd->geom.rle);
	CU_ASSERT_EQUAL(tly_rle_area(poly->geom.rle), 2);
	CU_ASSERT_EQUAL(tly_rle_area(crowd->geom.rle), 20);
	CHECK_NEAR(tly_geom_crowd_iou(&poly->geom, &crowd->geom), 1.0, 0);
	CHECK_NEAR(tly_geom_iou(&poly->geom, &crowd->geom), 0.1, 1e-15);
	CHECK_NEAR(tly_geom_crowd_iou(&crowd->geom, &poly->geom), 0.1, 1e-15);

	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 2);
	for (i = 0; i < 2; i++) {
		const tly_cons_object *o = &r.cons_objects[i];
		const char *name = ds.categories[o->category].name;

		CU_ASSERT_EQUAL(o->support, 2);
		CU_ASSERT_EQUAL(o->iscrowd, strcmp(name, "b") == 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(o->geom.rle);
		CU_ASSERT_EQUAL(tly_rle_area(o->geom.rle), o->iscrowd ? 20 : 2);
	}
	CU_ASSERT_EQUAL(r.n_conflicts, 0);
	for (i = 0; i < r.n_annotators; i++) {
		const tly_counts *c[2] = {&r.annotators[i].vs_gold, &r.annotators[i].vs_consensus};
		size_t k;

		for (k = 0; k < 2; k++) {
			CU_ASSERT_EQUAL(c[k]->tp, 1);
			CU_ASSERT_EQUAL(c[k]->fp, 0);
			CU_ASSERT_EQUAL(c[k]->fn, 0);
			CU_ASSERT_EQUAL(c[k]->matched, 1);
			CHECK_NEAR(c[k]->iou_sum, 1.0, 0);
		}
	}
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 1);
	CU_ASSERT_EQUAL(r.pairs[0].tp, 1);
	CU_ASSERT_EQUAL(r.pairs[0].n_a, 1);
	CU_ASSERT_EQUAL(r.pairs[0].n_b, 1);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
}

TLY_TESTS("agree_crowd",
	  {"compare", test_compare},
	  {"threshold", test_threshold},
	  {"reused_workspace", test_reused_workspace},
	  {"external_coco", test_external_coco})
