/*
 * Tests of src/store/result_check.c: the sample result of result_fixture.h
 * passes against its dataset, and each rule broken on its own is refused
 * with TLY_EARG and the exact message naming the entry (values below are
 * the hand-made corruptions, sizes those of the sample), reading nothing
 * out of bounds (ASan run); scratch memory failing is TLY_ENOMEM.
 */
#include "result_fixture.h"
#include "tally/rle.h"

/*
 * The sample's dataset without a store: a.jpg 100 x 100, b.jpg 50 x 50;
 * ann1..3; cat, dog, day, night (2 images, 3 annotators, 4 categories). The
 * check reads only the dataset's sizes, so submissions, objects and tags
 * are left out.
 */
static void sample_dataset(tly_dataset *ds)
{
	static const char *const images[] = {"a.jpg", "b.jpg"};
	static const char *const annotators[] = {"ann1", "ann2", "ann3"};
	static const char *const categories[] = {"cat", "dog", "day", "night"};
	size_t i;

	memset(ds, 0, sizeof(*ds));
	ds->images = tly_calloc(2, sizeof(*ds->images));
	ds->annotators = tly_calloc(3, sizeof(*ds->annotators));
	ds->categories = tly_calloc(4, sizeof(*ds->categories));
	CU_ASSERT_FATAL(ds->images && ds->annotators && ds->categories);
	for (i = 0; i < 2; i++) {
		ds->images[i].id = (int64_t)i + 1;
		ds->images[i].name = tly_strdup(images[i]);
		ds->images[i].width = ds->images[i].height = i ? 50 : 100;
	}
	for (i = 0; i < 3; i++)
		ds->annotators[i] = (tly_named){(int64_t)i + 1, tly_strdup(annotators[i])};
	for (i = 0; i < 4; i++)
		ds->categories[i] = (tly_named){(int64_t)i + 1, tly_strdup(categories[i])};
	ds->n_images = 2;
	ds->n_annotators = 3;
	ds->n_categories = 4;
}

/* 2^63 = INT64_MAX + 1, the first count SQLite cannot hold. */
#define OVER ((uint64_t)1 << 63)

/*
 * A second consensus object on a.jpg holding members[2], which
 * cons_objects[0] (members 0..+3) already holds.
 */
static void member_twice(tly_result *r)
{
	tly_cons_object *o = tly_reallocarray(r->cons_objects, 2, sizeof(*o));

	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	o[1] = o[0];
	o[1].first_member = 2;
	o[1].support = 1;
	r->cons_objects = o;
	r->n_cons_objects = 2;
}

static void cons_image(tly_result *r) { r->cons_objects[0].image = 2; }
static void cons_category(tly_result *r) { r->cons_objects[0].category = 4; }
static void geom_kind_zero(tly_result *r) { r->cons_objects[0].geom.kind = (tly_geom_kind)0; }
static void geom_kind_five(tly_result *r) { r->cons_objects[0].geom.kind = (tly_geom_kind)5; }
static void box_infinite(tly_result *r) { r->cons_objects[0].geom.box.h = INFINITY; }
static void box_nan(tly_result *r) { r->cons_objects[0].geom.box.x = NAN; }
static void first_past_end(tly_result *r) { r->cons_objects[0].first_member = 4; }
static void range_past_end(tly_result *r) { r->cons_objects[0].first_member = 1; }
static void range_huge(tly_result *r) { r->cons_objects[0].first_member = SIZE_MAX; }
static void member_orphan(tly_result *r) { r->cons_objects[0].support = 2; }
static void member_annotator(tly_result *r) { r->members[1].annotator = 3; }
static void member_category(tly_result *r) { r->members[2].category = 4; }
static void tag_image(tly_result *r) { r->cons_tags[0].image = 2; }
static void tag_category(tly_result *r) { r->cons_tags[0].category = 4; }
static void conflict_image(tly_result *r) { r->conflicts[1].image = 2; }
static void conflict_kind_zero(tly_result *r) { r->conflicts[0].kind = (tly_conflict_kind)0; }
static void conflict_kind_seven(tly_result *r) { r->conflicts[2].kind = (tly_conflict_kind)7; }

/* Give R the attribute strings color, red, blue and one cons_attrs entry. */
static void with_attr(tly_result *r, size_t object, uint32_t value)
{
	static const char *const s[] = {"color", "red", "blue"};
	size_t i;

	r->attr_strings = tly_calloc(3, sizeof(char *));
	r->cons_attrs = tly_calloc(1, sizeof(*r->cons_attrs));
	CU_ASSERT_FATAL(r->attr_strings && r->cons_attrs);
	for (i = 0; i < 3; i++)
		r->attr_strings[i] = tly_strdup(s[i]);
	r->n_attr_strings = 3;
	r->cons_attrs[0].object = object;
	r->cons_attrs[0].name = 0;
	r->cons_attrs[0].value = value;
	r->n_cons_attrs = 1;
}

static void attr_object(tly_result *r) { with_attr(r, 1, 1); }
static void attr_value(tly_result *r) { with_attr(r, 0, 3); }
static void attr_conflict_missing(tly_result *r)
{
	with_attr(r, 0, 1);
	r->conflicts[0].kind = TLY_CONFLICT_MISMATCHING_ATTRIBUTES;
}
static void conflict_task(tly_result *r) { r->conflicts[1].task = (tly_task)2; }
static void conflict_annotator(tly_result *r) { r->conflicts[0].annotator = 3; }
static void conflict_category(tly_result *r) { r->conflicts[2].category = 4; }
static void consensus_negative(tly_result *r) { r->conflicts[1].consensus = -2; }
static void consensus_object_range(tly_result *r) { r->conflicts[0].consensus = 1; }
static void consensus_tag_range(tly_result *r) { r->conflicts[2].consensus = 1; }
static void consensus_object_image(tly_result *r) { r->conflicts[0].image = 1; }
static void consensus_tag_image(tly_result *r) { r->conflicts[2].image = 0; }
/* The task picks the array: as a labels conflict, consensus 0 is the tag on b.jpg. */
static void consensus_other_task(tly_result *r) { r->conflicts[0].task = TLY_TASK_LABELS; }
static void image_stats_image(tly_result *r) { r->images[1].image = 2; }
static void annotator_stats_annotator(tly_result *r) { r->annotators[2].annotator = 3; }
static void count_tp(tly_result *r) { r->annotators[0].vs_consensus.tp = OVER; }
static void count_fp(tly_result *r) { r->annotators[2].vs_consensus.fp = UINT64_MAX; }
static void count_fn(tly_result *r) { r->annotators[1].vs_consensus.fn = OVER; }
static void count_matched(tly_result *r) { r->annotators[1].vs_gold.matched = OVER; }
static void count_label_correct(tly_result *r) { r->annotators[0].vs_gold.label_correct = OVER; }
static void count_label_total(tly_result *r) { r->annotators[1].vs_gold.label_total = OVER; }
static void pair_a(tly_result *r) { r->pairs[1].a = 3; }
static void pair_b(tly_result *r) { r->pairs[2].b = 7; }
static void pair_tp(tly_result *r) { r->pairs[0].tp = OVER; }
static void pair_n_a(tly_result *r) { r->pairs[1].n_a = OVER; }
static void pair_n_b(tly_result *r) { r->pairs[2].n_b = UINT64_MAX; }
static void pair_kappa_items(tly_result *r) { r->pairs[0].kappa_items = OVER; }
static void class_category(tly_result *r) { r->classes[3].category = 4; }
static void mask_without_rle(tly_result *r) { r->cons_objects[0].geom.kind = TLY_GEOM_MASK; }
static uint32_t stray_runs[1] = {100};
static tly_rle stray = {10, 10, 1, stray_runs};
/* a box pointing at a mask that is not in cons_masks (not owned: clearing leaves it) */
static void box_with_rle(tly_result *r) { r->cons_objects[0].geom.rle = &stray; }

typedef struct {
	const char *name;
	void (*corrupt)(tly_result *r);
	const char *message;
} corruption;

/*
 * Sample (result_fixture.h): cons_objects[0] on image 0 with members 0..+3;
 * cons_tags[0] on image 1; conflicts[0] objects on image 0 -> consensus 0,
 * [1] a labels tie on image 1 (consensus -1), [2] labels on image 1 ->
 * consensus 0; 3 annotators stats, pairs (0,1) (0,2) (1,2), 4 classes.
 * 2^63 = 9223372036854775808, 2^64 - 1 = 18446744073709551615.
 */
static const corruption cases[] = {
	{"cons_image", cons_image, "result: cons_objects[0].image 2 outside the dataset's 2 images"},
	{"cons_category", cons_category, "result: cons_objects[0].category 4 outside the dataset's 4 categories"},
	{"geom_kind_zero", geom_kind_zero, "result: cons_objects[0].geom.kind 0 is no shape kind"},
	{"geom_kind_five", geom_kind_five, "result: cons_objects[0].geom.kind 5 is no shape kind"},
	{"box_infinite", box_infinite, "result: cons_objects[0].geom.box [10.5, 10.5, 20, inf] is not finite"},
	{"box_nan", box_nan, "result: cons_objects[0].geom.box [nan, 10.5, 20, 20] is not finite"},
	{"first_past_end", first_past_end, "result: cons_objects[0].first_member 4 + support 3 past the 3 members"},
	/* 1 + 3 = 4 > 3 */
	{"range_past_end", range_past_end, "result: cons_objects[0].first_member 1 + support 3 past the 3 members"},
	/* SIZE_MAX (64-bit size_t) + 3 would wrap to 2, inside: the check must not add. */
	{"range_huge", range_huge,
	 "result: cons_objects[0].first_member 18446744073709551615 + support 3 past the 3 members"},
	{"member_twice", member_twice, "result: members[2] belongs to cons_objects[0] and cons_objects[1]"},
	/* members 0..+2 leave members[2] to no one */
	{"member_orphan", member_orphan, "result: members[2] belongs to no consensus object"},
	{"member_annotator", member_annotator, "result: members[1].annotator 3 outside the dataset's 3 annotators"},
	{"member_category", member_category, "result: members[2].category 4 outside the dataset's 4 categories"},
	{"tag_image", tag_image, "result: cons_tags[0].image 2 outside the dataset's 2 images"},
	{"tag_category", tag_category, "result: cons_tags[0].category 4 outside the dataset's 4 categories"},
	{"conflict_image", conflict_image, "result: conflicts[1].image 2 outside the dataset's 2 images"},
	{"conflict_kind_zero", conflict_kind_zero, "result: conflicts[0].kind 0 is no conflict kind"},
	{"conflict_kind_seven", conflict_kind_seven, "result: conflicts[2].kind 7 is no conflict kind"},
	{"attr_object", attr_object, "result: cons_attrs[0].object 1 outside the 1 consensus objects"},
	{"attr_value", attr_value, "result: cons_attrs[0]: a name or value outside attr_strings"},
	{"attr_conflict_missing", attr_conflict_missing,
	 "result: 1 mismatching_attributes conflicts but 0 conflict_attrs"},
	{"conflict_task", conflict_task, "result: conflicts[1].task 2 is no task"},
	{"conflict_annotator", conflict_annotator,
	 "result: conflicts[0].annotator 3 outside the dataset's 3 annotators"},
	{"conflict_category", conflict_category, "result: conflicts[2].category 4 outside the dataset's 4 categories"},
	{"consensus_negative", consensus_negative, "result: conflicts[1].consensus -2 is neither -1 nor an index"},
	{"consensus_object_range", consensus_object_range, "result: conflicts[0].consensus 1 outside the 1 cons_objects"},
	{"consensus_tag_range", consensus_tag_range, "result: conflicts[2].consensus 1 outside the 1 cons_tags"},
	{"consensus_object_image", consensus_object_image,
	 "result: conflicts[0].consensus 0 is on image 0, the conflict on image 1"},
	{"consensus_tag_image", consensus_tag_image,
	 "result: conflicts[2].consensus 0 is on image 1, the conflict on image 0"},
	{"consensus_other_task", consensus_other_task,
	 "result: conflicts[0].consensus 0 is on image 1, the conflict on image 0"},
	{"image_stats_image", image_stats_image, "result: images[1].image 2 outside the dataset's 2 images"},
	{"annotator_stats_annotator", annotator_stats_annotator,
	 "result: annotators[2].annotator 3 outside the dataset's 3 annotators"},
	{"count_tp", count_tp, "result: annotators[0].vs_consensus.tp 9223372036854775808 over INT64_MAX"},
	{"count_fp", count_fp, "result: annotators[2].vs_consensus.fp 18446744073709551615 over INT64_MAX"},
	{"count_fn", count_fn, "result: annotators[1].vs_consensus.fn 9223372036854775808 over INT64_MAX"},
	{"count_matched", count_matched, "result: annotators[1].vs_gold.matched 9223372036854775808 over INT64_MAX"},
	{"count_label_correct", count_label_correct,
	 "result: annotators[0].vs_gold.label_correct 9223372036854775808 over INT64_MAX"},
	{"count_label_total", count_label_total,
	 "result: annotators[1].vs_gold.label_total 9223372036854775808 over INT64_MAX"},
	{"pair_a", pair_a, "result: pairs[1].a 3 outside the dataset's 3 annotators"},
	{"pair_b", pair_b, "result: pairs[2].b 7 outside the dataset's 3 annotators"},
	{"pair_tp", pair_tp, "result: pairs[0].tp 9223372036854775808 over INT64_MAX"},
	{"pair_n_a", pair_n_a, "result: pairs[1].n_a 9223372036854775808 over INT64_MAX"},
	{"pair_n_b", pair_n_b, "result: pairs[2].n_b 18446744073709551615 over INT64_MAX"},
	{"pair_kappa_items", pair_kappa_items, "result: pairs[0].kappa_items 9223372036854775808 over INT64_MAX"},
	{"class_category", class_category, "result: classes[3].category 4 outside the dataset's 4 categories"},
	{"mask_without_rle", mask_without_rle, "result: cons_objects[0].geom: a mask kind needs its mask in"
	 " cons_masks[0] and only a mask kind has one"},
	{"box_with_rle", box_with_rle, "result: cons_objects[0].geom: a mask kind needs its mask in"
	 " cons_masks[0] and only a mask kind has one"},
};

/*
 * The label-map part (add_map_results in result_fixture.h): cons_maps[0]
 * on a.jpg, runs cat x5000, ignore x1000, dog x4000, confidence 255, 0, 170;
 * cons_maps[1] on b.jpg, night x2500. pixel_counts (annotator, ref,
 * category): (0,C,0) (0,G,1) (1,C,0) (2,C,3); pixel_audits (0,C) (0,G)
 * (1,C); map_pairs (0,1) (0,2) (1,2); panoptic (0,G,0) (1,C,1);
 * map_staple_rates (annotator, category) (0,0) in 5000 out 15000, (0,1) in 0
 * (sensitivity NaN), (2,3) out 0 (specificity NaN).
 */
static void cmap_image(tly_result *r) { r->cons_maps[1].image = 2; }
static void cmap_order(tly_result *r) { r->cons_maps[1].image = 0; }
static void cmap_size(tly_result *r) { r->cons_maps[0].map.w = 50; }
static void cmap_confidence_size(tly_result *r) { r->cons_maps[1].confidence.h = 25; }
static void cmap_value(tly_result *r) { r->cons_maps[0].map.value[2] = 4; }
static void cmap_run_zero(tly_result *r) { r->cons_maps[0].map.len[1] = 0; }
static void cmap_sum(tly_result *r) { r->cons_maps[1].map.len[0] = 2499; }
static void cmap_confidence_value(tly_result *r) { r->cons_maps[0].confidence.value[0] = 256; }
static void cmap_confidence_ignore(tly_result *r) { r->cons_maps[0].confidence.value[1] = TLY_LABEL_IGNORE; }
static void cmap_tied(tly_result *r) { r->cons_maps[0].tied_pixels = OVER; }
static void pc_annotator(tly_result *r) { r->pixel_counts[1].annotator = 3; }
static void pc_ref(tly_result *r) { r->pixel_counts[0].ref = (tly_reference)2; }
static void pc_category(tly_result *r) { r->pixel_counts[3].category = 4; }
static void pc_order(tly_result *r) { r->pixel_counts[2].annotator = 0; }
static void pc_repeat(tly_result *r) { r->pixel_counts[1] = r->pixel_counts[0]; }
static void pc_tp(tly_result *r) { r->pixel_counts[0].tp = OVER; }
static void pc_fn(tly_result *r) { r->pixel_counts[3].fn = UINT64_MAX; }
static void pa_annotator(tly_result *r) { r->pixel_audits[2].annotator = 3; }
static void pa_ref(tly_result *r) { r->pixel_audits[1].ref = (tly_reference)-1; }
static void pa_order(tly_result *r) { r->pixel_audits[1].ref = TLY_REF_CONSENSUS; }
static void pa_total(tly_result *r) { r->pixel_audits[0].total = OVER; }
static void mp_a(tly_result *r) { r->map_pairs[0].a = 3; }
static void mp_b(tly_result *r) { r->map_pairs[1].b = 5; }
static void mp_not_below(tly_result *r) { r->map_pairs[2].a = 2; }
static void mp_order(tly_result *r) { r->map_pairs[1].b = 1; }
static void pan_annotator(tly_result *r) { r->panoptic[1].annotator = 3; }
static void pan_ref(tly_result *r) { r->panoptic[0].ref = (tly_reference)2; }
static void pan_category(tly_result *r) { r->panoptic[1].category = 4; }
static void pan_iou_sum(tly_result *r) { r->panoptic[0].iou_sum = NAN; }
static void pan_fp(tly_result *r) { r->panoptic[1].fp = OVER; }
static void pan_order(tly_result *r) { r->panoptic[1].annotator = 0; }
static void sr_annotator(tly_result *r) { r->map_staple_rates[2].annotator = 3; }
static void sr_category(tly_result *r) { r->map_staple_rates[0].category = 4; }
static void sr_order(tly_result *r) { r->map_staple_rates[1].category = 0; }
static void sr_back(tly_result *r) { r->map_staple_rates[2].annotator = r->map_staple_rates[2].category = 0; }
static void sr_images(tly_result *r) { r->map_staple_rates[1].images = 0; }
static void sr_in(tly_result *r) { r->map_staple_rates[2].pixels_in = OVER; }
static void sr_out(tly_result *r) { r->map_staple_rates[0].pixels_out = UINT64_MAX; }
static void sr_sens_nan(tly_result *r) { r->map_staple_rates[0].sensitivity = NAN; }
static void sr_sens_range(tly_result *r) { r->map_staple_rates[2].sensitivity = 1.5; }
static void sr_sens_defined(tly_result *r) { r->map_staple_rates[1].sensitivity = 0; }
static void sr_spec_neg(tly_result *r) { r->map_staple_rates[0].specificity = -0.25; }
static void sr_spec_defined(tly_result *r) { r->map_staple_rates[2].specificity = 1; }

static const corruption map_cases[] = {
	{"cmap_image", cmap_image, "result: cons_maps[1].image 2 outside the dataset's 2 images"},
	{"cmap_order", cmap_order, "result: cons_maps[1].image 0 is not after cons_maps[0]'s 0 (one per image, in"
	 " image order)"},
	{"cmap_size", cmap_size, "result: cons_maps[0].map is 50x100 but image 0 is 100x100"},
	{"cmap_confidence_size", cmap_confidence_size, "result: cons_maps[1].confidence is 50x25, its map 50x50"},
	{"cmap_value", cmap_value, "result: cons_maps[0].map run 2 value 4 is no category index"},
	{"cmap_run_zero", cmap_run_zero, "result: cons_maps[0].map run 1 has length 0"},
	{"cmap_sum", cmap_sum, "result: cons_maps[1].map runs cover 2499 pixels, not 50x50"},
	{"cmap_confidence_value", cmap_confidence_value,
	 "result: cons_maps[0].confidence run 0 value 256 is no confidence (0..255)"},
	{"cmap_confidence_ignore", cmap_confidence_ignore,
	 "result: cons_maps[0].confidence run 1 value 4294967295 is no confidence (0..255)"},
	{"cmap_tied", cmap_tied, "result: cons_maps[0].tied_pixels 9223372036854775808 over INT64_MAX"},
	{"pc_annotator", pc_annotator, "result: pixel_counts[1].annotator 3 outside the dataset's 3 annotators"},
	{"pc_ref", pc_ref, "result: pixel_counts[0].ref 2 is no reference"},
	{"pc_category", pc_category, "result: pixel_counts[3].category 4 outside the dataset's 4 categories"},
	/* (0,C,0) after (0,G,1): consensus (0) sorts before gold (1) */
	{"pc_order", pc_order, "result: pixel_counts[2] is not after pixel_counts[1] in (annotator, ref, category) order"},
	{"pc_repeat", pc_repeat, "result: pixel_counts[1] repeats pixel_counts[0]'s (annotator, ref, category)"},
	{"pc_tp", pc_tp, "result: pixel_counts[0].tp 9223372036854775808 over INT64_MAX"},
	{"pc_fn", pc_fn, "result: pixel_counts[3].fn 18446744073709551615 over INT64_MAX"},
	{"pa_annotator", pa_annotator, "result: pixel_audits[2].annotator 3 outside the dataset's 3 annotators"},
	{"pa_ref", pa_ref, "result: pixel_audits[1].ref -1 is no reference"},
	{"pa_order", pa_order, "result: pixel_audits[1] repeats pixel_audits[0]'s (annotator, ref)"},
	{"pa_total", pa_total, "result: pixel_audits[0].total 9223372036854775808 over INT64_MAX"},
	{"mp_a", mp_a, "result: map_pairs[0].a 3 outside the dataset's 3 annotators"},
	{"mp_b", mp_b, "result: map_pairs[1].b 5 outside the dataset's 3 annotators"},
	{"mp_not_below", mp_not_below, "result: map_pairs[2]: a 2 is not below b 2"},
	/* (0,1) then (0,1) */
	{"mp_order", mp_order, "result: map_pairs[1] repeats map_pairs[0]'s (a, b)"},
	{"pan_annotator", pan_annotator, "result: panoptic[1].annotator 3 outside the dataset's 3 annotators"},
	{"pan_ref", pan_ref, "result: panoptic[0].ref 2 is no reference"},
	{"pan_category", pan_category, "result: panoptic[1].category 4 outside the dataset's 4 categories"},
	{"pan_iou_sum", pan_iou_sum, "result: panoptic[0].iou_sum nan is not finite"},
	{"pan_fp", pan_fp, "result: panoptic[1].fp 9223372036854775808 over INT64_MAX"},
	/* (0,C,1) after (0,G,0) */
	{"pan_order", pan_order, "result: panoptic[1] is not after panoptic[0] in (annotator, ref, category) order"},
	{"sr_annotator", sr_annotator, "result: map_staple_rates[2].annotator 3 outside the dataset's 3 annotators"},
	{"sr_category", sr_category, "result: map_staple_rates[0].category 4 outside the dataset's 4 categories"},
	{"sr_order", sr_order, "result: map_staple_rates[1] repeats map_staple_rates[0]'s (annotator, category)"},
	/* (0, 0) after (0, 1) */
	{"sr_back", sr_back, "result: map_staple_rates[2] is not after map_staple_rates[1] in (annotator, category)"
	 " order"},
	{"sr_images", sr_images, "result: map_staple_rates[1].images is 0"},
	{"sr_in", sr_in, "result: map_staple_rates[2].pixels_in 9223372036854775808 over INT64_MAX"},
	{"sr_out", sr_out, "result: map_staple_rates[0].pixels_out 18446744073709551615 over INT64_MAX"},
	{"sr_sens_nan", sr_sens_nan, "result: map_staple_rates[0].sensitivity nan is not a rate in [0, 1]"},
	{"sr_sens_range", sr_sens_range, "result: map_staple_rates[2].sensitivity 1.5 is not a rate in [0, 1]"},
	{"sr_sens_defined", sr_sens_defined, "result: map_staple_rates[1].sensitivity 0 is not NaN for 0 pixels"},
	{"sr_spec_neg", sr_spec_neg, "result: map_staple_rates[0].specificity -0.25 is not a rate in [0, 1]"},
	{"sr_spec_defined", sr_spec_defined, "result: map_staple_rates[2].specificity 1 is not NaN for 0 pixels"},
};

static void test_sample_passes(void)
{
	tly_dataset ds;
	tly_result r;

	sample_dataset(&ds);
	sample_result(&r);
	CHECK_OK(tly_result_check(&ds, &r));
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* A mask consensus object whose mask is its cons_masks entry passes. */
static void test_mask_passes(void)
{
	static const int64_t runs[] = {11, 3, 86};
	tly_dataset ds;
	tly_result r;

	sample_dataset(&ds);
	sample_result(&r);
	r.cons_masks = tly_calloc(1, sizeof(*r.cons_masks));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r.cons_masks);
	CHECK_OK(tly_rle_from_counts(&r.cons_masks[0], 10, 10, runs, 3));
	r.cons_objects[0].geom.kind = TLY_GEOM_MASK;
	r.cons_objects[0].geom.rle = &r.cons_masks[0];
	CHECK_OK(tly_result_check(&ds, &r));
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* Each case of TABLE (N of them) on the sample (with its label-map part when MAPS) is refused as it says. */
static void run_cases(const corruption *table, size_t n, int maps)
{
	size_t i;

	for (i = 0; i < n; i++) {
		tly_dataset ds;
		tly_result r;
		int rc;

		sample_dataset(&ds);
		sample_result(&r);
		if (maps)
			add_map_results(&r);
		table[i].corrupt(&r);
		rc = tly_result_check(&ds, &r);
		if (rc != TLY_EARG || strcmp(tly_error_last(), table[i].message) != 0)
			fprintf(stderr, "%s: %d %s\n", table[i].name, rc, tly_error_last());
		CU_ASSERT_EQUAL(rc, TLY_EARG);
		CU_ASSERT_STRING_EQUAL(tly_error_last(), table[i].message);
		tly_result_clear(&r);
		tly_dataset_clear(&ds);
	}
}

static void test_each_rule(void)
{
	run_cases(cases, sizeof(cases) / sizeof(cases[0]), 0);
}

static void test_each_map_rule(void)
{
	run_cases(map_cases, sizeof(map_cases) / sizeof(map_cases[0]), 1);
}

/* The sample with its label-map part passes; so do an empty map on an image of unknown size and a NaN mIoU. */
static void test_maps_pass(void)
{
	tly_dataset ds;
	tly_result r;

	sample_dataset(&ds);
	sample_result(&r);
	add_map_results(&r);
	CHECK_OK(tly_result_check(&ds, &r));
	/* b.jpg of unknown size (0 x 0) with a map of no pixels and no runs. */
	ds.images[1].width = ds.images[1].height = 0;
	r.cons_maps[1].map.w = r.cons_maps[1].map.h = 0;
	r.cons_maps[1].map.n = 0;
	r.cons_maps[1].confidence.w = r.cons_maps[1].confidence.h = 0;
	r.cons_maps[1].confidence.n = 0;
	r.map_pairs[0].miou = NAN;
	r.pixel_counts[0].tp = INT64_MAX;
	/* rates at the ends of [0, 1], a count at INT64_MAX */
	r.map_staple_rates[0].pixels_in = INT64_MAX;
	r.map_staple_rates[0].sensitivity = 0;
	r.map_staple_rates[0].specificity = 1;
	CHECK_OK(tly_result_check(&ds, &r));
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* What is allowed at the edges: "none" markers, INT64_MAX itself, short stats arrays. */
static void test_edges_pass(void)
{
	tly_dataset ds;
	tly_result r;

	sample_dataset(&ds);
	sample_result(&r);
	/* UINT32_MAX = no annotator, no label (conflicts[1], the tie, already has both). */
	r.conflicts[2].annotator = UINT32_MAX;
	r.conflicts[2].category = UINT32_MAX;
	r.conflicts[0].consensus = -1;
	r.annotators[0].vs_consensus.tp = INT64_MAX;
	r.pairs[2].kappa_items = INT64_MAX;
	/* One stats entry per dataset image/annotator/category is the report's need, not this check's. */
	r.n_images = 1;
	r.n_annotators = 0;
	r.n_pairs = 1;
	r.n_classes = 2;
	CHECK_OK(tly_result_check(&ds, &r));
	/* An object with no members may start at the end of members[] (0 of 0 here). */
	r.cons_objects[0].support = 0;
	r.n_members = 0;
	CHECK_OK(tly_result_check(&ds, &r));
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_no_dataset_or_result(void)
{
	tly_dataset ds;
	tly_result r;

	memset(&ds, 0, sizeof(ds));
	memset(&r, 0, sizeof(r));
	CU_ASSERT_EQUAL(tly_result_check(NULL, &r), TLY_EARG);
	CHECK_MESSAGE("result: no dataset or no result");
	CU_ASSERT_EQUAL(tly_result_check(&ds, NULL), TLY_EARG);
	CHECK_MESSAGE("result: no dataset or no result");
	/* An empty result over an empty dataset indexes nothing. */
	CHECK_OK(tly_result_check(&ds, &r));
}

/* The members' owner table is the only allocation; without members there is none. */
static void test_out_of_memory(void)
{
	tly_dataset ds;
	tly_result r;
	int rc;

	sample_dataset(&ds);
	sample_result(&r);
	tly_alloc_fail_after(1);
	rc = tly_result_check(&ds, &r);
	tly_alloc_fail_after(0);
	CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
	CHECK_MESSAGE("result: out of memory checking 3 members");
	r.cons_objects[0].support = 0;
	r.n_members = 0;
	tly_alloc_fail_after(1);
	rc = tly_result_check(&ds, &r);
	tly_alloc_fail_after(0);
	CU_ASSERT_EQUAL(rc, 0);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("store_result_check",
	  {"mask_passes", test_mask_passes},
	  {"sample_passes", test_sample_passes},
	  {"each_rule", test_each_rule},
	  {"each_map_rule", test_each_map_rule},
	  {"maps_pass", test_maps_pass},
	  {"edges_pass", test_edges_pass},
	  {"no_dataset_or_result", test_no_dataset_or_result},
	  {"out_of_memory", test_out_of_memory})
