/*
 * The report view: per-image grouping of the result's arrays (stable
 * counting sort) and the run-wide figures, each mean taken over defined
 * values only. Expected values worked by hand beside each check.
 */
#include "sample.h"
#include "report/view.h"

/* Two images, one annotator, one category; the result's arrays sized to match. */
static void small(tly_dataset *ds, tly_result *r)
{
	static const char *const one[] = {"ann"};
	static const char *const cat[] = {"cat"};
	static const int64_t ids[] = {1};

	memset(ds, 0, sizeof(*ds));
	memset(r, 0, sizeof(*r));
	sample_named(&ds->annotators, &ds->n_annotators, one, ids, 1);
	sample_named(&ds->categories, &ds->n_categories, cat, ids, 1);
	ds->images = tly_calloc(2, sizeof(tly_image));
	ds->n_images = 2;
	ds->images[0].name = tly_strdup("x.jpg");
	ds->images[1].name = tly_strdup("y.jpg");
	ds->images[0].n_subs = 3; /* counted only, never followed by the view */
	ds->images[1].n_objs = 4;
	r->images = tly_calloc(2, sizeof(tly_image_stats));
	r->n_images = 2;
	r->images[0] = (tly_image_stats){0, 2, 0, NAN, NAN, NAN, 0, NAN, 1, 0};
	r->images[1] = (tly_image_stats){1, 2, 0, 0.4, 0.4, NAN, 0, NAN, 0, 0};
	r->annotators = tly_calloc(1, sizeof(tly_annotator_stats));
	r->n_annotators = 1;
	r->classes = tly_calloc(1, sizeof(tly_class_stats));
	r->n_classes = 1;
}

static void test_grouping(void)
{
	tly_dataset ds;
	tly_result r;
	tly_report__view v;

	small(&ds, &r);
	/* Consensus objects on images 1, 0, 1 (not grouped, as a store might load them). */
	r.cons_objects = tly_calloc(3, sizeof(tly_cons_object));
	r.n_cons_objects = 3;
	r.cons_objects[0].image = 1;
	r.cons_objects[1].image = 0;
	r.cons_objects[2].image = 1;
	r.cons_objects[0].geom.kind = r.cons_objects[1].geom.kind = r.cons_objects[2].geom.kind = TLY_GEOM_BOX;
	CHECK_OK(tly_report__view_init(&v, &ds, &r));
	/* Image 0 holds object 1; image 1 holds objects 0 then 2. */
	CU_ASSERT_EQUAL(v.objs.start[0], 0);
	CU_ASSERT_EQUAL(v.objs.start[1], 1);
	CU_ASSERT_EQUAL(v.objs.start[2], 3);
	CU_ASSERT_EQUAL(v.objs.order[0], 1);
	CU_ASSERT_EQUAL(v.objs.order[1], 0);
	CU_ASSERT_EQUAL(v.objs.order[2], 2);
	/* Positions within their image: 0 -> 0, 1 -> 0, 2 -> 1. */
	CU_ASSERT_EQUAL(v.objs.local[0], 0);
	CU_ASSERT_EQUAL(v.objs.local[1], 0);
	CU_ASSERT_EQUAL(v.objs.local[2], 1);
	/* No tags: every image's range is empty. */
	CU_ASSERT_EQUAL(v.tags.start[2], 0);
	tly_report__view_clear(&v);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_figures(void)
{
	tly_dataset ds;
	tly_result r;
	tly_report__view v;

	small(&ds, &r);
	r.pairs = tly_calloc(3, sizeof(tly_pair_stats));
	r.n_pairs = 3;
	r.pairs[0] = (tly_pair_stats){.f1 = 0.5, .kappa = NAN, .images = 1};
	r.pairs[1] = (tly_pair_stats){.f1 = NAN, .kappa_items = 4, .kappa = 0.2, .images = 1};
	r.pairs[2] = (tly_pair_stats){.f1 = 0.25, .kappa = NAN, .images = 1};
	r.cons_objects = tly_calloc(2, sizeof(tly_cons_object));
	r.n_cons_objects = 2;
	r.cons_objects[0].agreement = 0.5;
	r.cons_objects[1].agreement = 1.0;
	r.cons_objects[0].geom.kind = r.cons_objects[1].geom.kind = TLY_GEOM_BOX;
	r.conflicts = tly_calloc(3, sizeof(tly_conflict));
	r.n_conflicts = 3;
	r.conflicts[0] = (tly_conflict){0, TLY_CONFLICT_EXTRA, TLY_TASK_OBJECTS, 0, 5, -1, 0, NAN};
	r.conflicts[1] = (tly_conflict){1, TLY_CONFLICT_EXTRA, TLY_TASK_OBJECTS, 0, 6, -1, 0, NAN};
	r.conflicts[2] = (tly_conflict){1, TLY_CONFLICT_TIE, TLY_TASK_LABELS, UINT32_MAX, 0, -1,
					UINT32_MAX, NAN};
	CHECK_OK(tly_report__view_init(&v, &ds, &r));
	CU_ASSERT_EQUAL(v.submissions, 3);
	CU_ASSERT_EQUAL(v.objects, 4);
	CU_ASSERT_EQUAL(v.flagged, 1);
	CU_ASSERT_EQUAL(v.by_kind[TLY_CONFLICT_EXTRA], 2);
	CU_ASSERT_EQUAL(v.by_kind[TLY_CONFLICT_TIE], 1);
	CU_ASSERT_EQUAL(v.by_kind[TLY_CONFLICT_MISSING], 0);
	CHECK_NEAR(v.mean_agreement, 0.4, 0);       /* image 0 undefined: 0.4 alone */
	CHECK_NEAR(v.mean_pair_f1, 0.375, 0);       /* (0.5 + 0.25) / 2 */
	CHECK_NEAR(v.mean_pair_kappa, 0.2, 0);      /* the one defined kappa */
	CHECK_NEAR(v.mean_iou, 0.75, 0);            /* (0.5 + 1) / 2 */
	CU_ASSERT_EQUAL(v.conflicts.start[1], 1);   /* image 1's conflicts start after image 0's one */
	CU_ASSERT_PTR_NULL(tly_report__annotator(&v, UINT32_MAX));
	CU_ASSERT_PTR_NULL(tly_report__category(&v, UINT32_MAX));
	CU_ASSERT_STRING_EQUAL(tly_report__annotator(&v, 0), "ann");
	tly_report__view_clear(&v);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* Nothing defined anywhere: every mean is NaN (null in JSON), not 0. */
static void test_undefined_means(void)
{
	tly_dataset ds;
	tly_result r;
	tly_report__view v;

	small(&ds, &r);
	r.images[1].agreement = NAN;
	CHECK_OK(tly_report__view_init(&v, &ds, &r));
	CU_ASSERT(isnan(v.mean_agreement));
	CU_ASSERT(isnan(v.mean_pair_f1));
	CU_ASSERT(isnan(v.mean_pair_kappa));
	CU_ASSERT(isnan(v.mean_iou));
	tly_report__view_clear(&v);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_names(void)
{
	CU_ASSERT_STRING_EQUAL(tly_report__kind_name(TLY_CONFLICT_MISSING), "missing");
	CU_ASSERT_STRING_EQUAL(tly_report__kind_name(TLY_CONFLICT_EXTRA), "extra");
	CU_ASSERT_STRING_EQUAL(tly_report__kind_name(TLY_CONFLICT_LABEL_MISMATCH), "label_mismatch");
	CU_ASSERT_STRING_EQUAL(tly_report__kind_name(TLY_CONFLICT_LOW_OVERLAP), "low_overlap");
	CU_ASSERT_STRING_EQUAL(tly_report__kind_name(TLY_CONFLICT_TIE), "tie");
	CU_ASSERT_STRING_EQUAL(tly_report__task_name(TLY_TASK_OBJECTS), "objects");
	CU_ASSERT_STRING_EQUAL(tly_report__task_name(TLY_TASK_LABELS), "labels");
}

TLY_TESTS("report_view",
	  {"grouping", test_grouping},
	  {"figures", test_figures},
	  {"undefined_means", test_undefined_means},
	  {"names", test_names})
