/*
 * tly_panoptic_assemble and tly_panoptic_of_annotator on scenes drawn by
 * hand (tests/agree/panoptic_scene.h); every id, area and box below is
 * read off the pictures, with the rule that decides it beside it.
 */
#include <string.h>

#include "agree/panoptic_scene.h"
#include "util/alloc.h"

/* The consensus map of the scene: 6 x 4, one ignored pixel at (5, 1). */
static const char *const scene_map[] = {
	"SSSSSS",
	"PPPCC.",
	"PPRCCC",
	"RRRRCC",
};

/* Masks of the consensus objects, in cons_objects order (see test_assemble). */
static const char *const full_mask[] = {"######", "######", "######", "######"};
static const char *const mask_e[] = {"......", "......", "..#...", "..###."};
static const char *const mask_c[] = {"......", "...##.", "...###", "......"};
static const char *const mask_a[] = {"......", "#.....", "#.....", "......"};
static const char *const mask_d[] = {"......", "......", ".....#", "....##"};
static const char *const mask_b[] = {"......", "###...", "###...", "......"};
static const char *const mask_f[] = {"######", "......", "......", "......"};

static tly_cons_object cons_mask(uint32_t image, uint32_t category, double confidence, int iscrowd,
				 const tly_rle *m)
{
	tly_cons_object o;

	memset(&o, 0, sizeof(o));
	o.image = image;
	o.category = category;
	o.confidence = confidence;
	o.iscrowd = iscrowd;
	o.geom.kind = TLY_GEOM_MASK;
	o.geom.rle = m;
	o.geom.box = tly_rle_bbox(m);
	return o;
}

static void scene_dataset(tly_dataset *ds)
{
	static const char *const ann[] = {"A"};

	pn_init(ds, ann, 1);
	tb_image(ds, "a.png");
	tb_image(ds, "b.png");
	tb_image(ds, "c.png");
}

/*
 * Image 1 of three; R holds objects of images 0 and 2 too (full masks of
 * confidence 1, which would take every pixel: they must not be used).
 * Objects of image 1, cons_objects index: confidence:
 *   1 E car 0.9, mask (2,2) (2,3) (3,3) (4,3): only (4,3) is car in the
 *     map, 1 of 4 pixels: mostly disagrees with the vote -> dropped;
 *   2 C car 0.8, (3,1) (4,1) (3,2) (4,2) (5,2): all car, all free -> id 1;
 *   3 A person 0.6, (0,1) (0,2): both person, free -> id 2;
 *   4 D car 0.5, (5,2) (4,3) (5,3): (5,2) is C's; 2 of 3 left > half ->
 *     id 3 with (4,3) (5,3) (E, dropped, took nothing);
 *   5 B person crowd 1.0: the 2 x 3 block x 0-2, y 1-2: after every
 *     non-crowd object although the most confident; 5 of its 6 pixels are
 *     person in the map ((2,2) is road) > half, and (1,1) (2,1) (1,2) are
 *     left -> id 4, iscrowd;
 *   6 F sky 0.95, row 0: sky is stuff: objects never make stuff -> unused;
 *   7 a car box 0.99: no mask, no pixels -> unused.
 * Stuff then: sky (category 0) id 5 = row 0, 6 pixels; road (category 1,
 * isthing unknown -> stuff) id 6 = (2,2) (0,3) (1,3) (2,3) (3,3), 5 pixels,
 * box x 0-3, y 2-3. (5,1) is ignored in the map -> void.
 */
static void test_assemble(void)
{
	static const char *const want_ids[] = {
		"555555",
		"244110",
		"246111",
		"666633",
	};
	tly_dataset ds;
	tly_result r;
	tly_cons_map cm;
	tly_cons_object objs[9];
	tly_rle m[9];
	tly_panoptic p;
	size_t i;

	scene_dataset(&ds);
	pn_mask(&m[0], full_mask, 6, 4);
	pn_mask(&m[1], mask_e, 6, 4);
	pn_mask(&m[2], mask_c, 6, 4);
	pn_mask(&m[3], mask_a, 6, 4);
	pn_mask(&m[4], mask_d, 6, 4);
	pn_mask(&m[5], mask_b, 6, 4);
	pn_mask(&m[6], mask_f, 6, 4);
	tly_rle_init(&m[7]);
	pn_mask(&m[8], full_mask, 6, 4);
	objs[0] = cons_mask(0, CAR_, 1.0, 0, &m[0]);
	objs[1] = cons_mask(1, CAR_, 0.9, 0, &m[1]);
	objs[2] = cons_mask(1, CAR_, 0.8, 0, &m[2]);
	objs[3] = cons_mask(1, PERS, 0.6, 0, &m[3]);
	objs[4] = cons_mask(1, CAR_, 0.5, 0, &m[4]);
	objs[5] = cons_mask(1, PERS, 1.0, 1, &m[5]);
	objs[6] = cons_mask(1, SKY, 0.95, 0, &m[6]);
	memset(&objs[7], 0, sizeof(objs[7]));
	objs[7].image = 1;
	objs[7].category = CAR_;
	objs[7].confidence = 0.99;
	objs[7].geom.kind = TLY_GEOM_BOX;
	objs[7].geom.box.w = objs[7].geom.box.h = 4;
	objs[8] = cons_mask(2, CAR_, 1.0, 0, &m[8]);
	memset(&r, 0, sizeof(r));
	r.n_cons_objects = 9;
	r.cons_objects = objs;
	memset(&cm, 0, sizeof(cm));
	cm.image = 1;
	pn_map(&cm.map, scene_map, 6, 4);

	CHECK_OK(tly_panoptic_assemble(&p, &ds, &r, &cm));
	CU_ASSERT_EQUAL(p.w, 6);
	CU_ASSERT_EQUAL(p.h, 4);
	CU_ASSERT_EQUAL_FATAL(p.n_segments, 6);
	pn_check_ids(&p, want_ids);
	pn_check_segment(&p.segments[0], 1, CAR_, 0, 5, 3, 1, 3, 2, 2);
	pn_check_segment(&p.segments[1], 2, PERS, 0, 2, 0, 1, 1, 2, 3);
	pn_check_segment(&p.segments[2], 3, CAR_, 0, 2, 4, 3, 2, 1, 4);
	pn_check_segment(&p.segments[3], 4, PERS, 1, 3, 1, 1, 2, 2, 5);
	pn_check_segment(&p.segments[4], 5, SKY, 0, 6, 0, 0, 6, 1, -1);
	pn_check_segment(&p.segments[5], 6, ROAD, 0, 5, 0, 2, 4, 2, -1);
	tly_panoptic_clear(&p);
	CU_ASSERT_PTR_NULL(p.ids);
	CU_ASSERT_EQUAL(p.n_segments, 0);

	/* the same map against image 0's objects: the full car mask has 7 car
	 * pixels of 24, not more than half -> dropped; only stuff is left */
	cm.image = 0;
	CHECK_OK(tly_panoptic_assemble(&p, &ds, &r, &cm));
	CU_ASSERT_EQUAL(p.n_segments, 2);
	tly_panoptic_clear(&p);

	tly_labelmap_clear(&cm.map);
	for (i = 0; i < 9; i++)
		tly_rle_clear(&m[i]);
	pn_clear(&ds);
}

/*
 * A consensus map and no consensus object: the stuff segments, sky id 1
 * (row 0, 6 pixels) and road id 2 ((2,2) and x 0-3 of row 3: 5 pixels,
 * box [0, 2, 4, 2]); person and car pixels have no instance -> void.
 */
static void test_no_things(void)
{
	static const char *const want_ids[] = {
		"111111",
		"000000",
		"002000",
		"222200",
	};
	tly_dataset ds;
	tly_result r;
	tly_cons_map cm;
	tly_panoptic p;

	scene_dataset(&ds);
	memset(&r, 0, sizeof(r));
	memset(&cm, 0, sizeof(cm));
	cm.image = 2;
	pn_map(&cm.map, scene_map, 6, 4);
	CHECK_OK(tly_panoptic_assemble(&p, &ds, &r, &cm));
	CU_ASSERT_EQUAL_FATAL(p.n_segments, 2);
	pn_check_ids(&p, want_ids);
	pn_check_segment(&p.segments[0], 1, SKY, 0, 6, 0, 0, 6, 1, -1);
	pn_check_segment(&p.segments[1], 2, ROAD, 0, 5, 0, 2, 4, 2, -1);
	tly_panoptic_clear(&p);
	tly_labelmap_clear(&cm.map);
	pn_clear(&ds);
}

/*
 * The majority rules are strict. Map "CC" (2 x 1):
 *   X car 0.9 "#." -> id 1;
 *   Y car 0.5 "##": 1 pixel of 2 left: half is not more than half -> dropped;
 *   Z car crowd 0.4 "##": 2 of 2 car in the map; (1,0) left -> id 2, crowd.
 * Map "CS": a crowd car "##" has 1 car pixel of 2 -> dropped; sky id 1.
 */
static void test_half(void)
{
	static const char *const map_cc[] = {"CC"}, *const map_cs[] = {"CS"};
	static const char *const m_x[] = {"#."}, *const m_yz[] = {"##"};
	static const char *const want_cc[] = {"12"}, *const want_cs[] = {"01"};
	tly_dataset ds;
	tly_result r;
	tly_cons_map cm;
	tly_cons_object objs[3];
	tly_rle m[2];
	tly_panoptic p;

	scene_dataset(&ds);
	pn_mask(&m[0], m_x, 2, 1);
	pn_mask(&m[1], m_yz, 2, 1);
	objs[0] = cons_mask(0, CAR_, 0.9, 0, &m[0]);
	objs[1] = cons_mask(0, CAR_, 0.5, 0, &m[1]);
	objs[2] = cons_mask(0, CAR_, 0.4, 1, &m[1]);
	memset(&r, 0, sizeof(r));
	r.n_cons_objects = 3;
	r.cons_objects = objs;
	memset(&cm, 0, sizeof(cm));
	pn_map(&cm.map, map_cc, 2, 1);
	CHECK_OK(tly_panoptic_assemble(&p, &ds, &r, &cm));
	CU_ASSERT_EQUAL_FATAL(p.n_segments, 2);
	pn_check_ids(&p, want_cc);
	pn_check_segment(&p.segments[0], 1, CAR_, 0, 1, 0, 0, 1, 1, 0);
	pn_check_segment(&p.segments[1], 2, CAR_, 1, 1, 1, 0, 1, 1, 2);
	tly_panoptic_clear(&p);
	tly_labelmap_clear(&cm.map);

	r.n_cons_objects = 1;
	r.cons_objects = &objs[2];
	pn_map(&cm.map, map_cs, 2, 1);
	CHECK_OK(tly_panoptic_assemble(&p, &ds, &r, &cm));
	CU_ASSERT_EQUAL_FATAL(p.n_segments, 1);
	pn_check_ids(&p, want_cs);
	pn_check_segment(&p.segments[0], 1, SKY, 0, 1, 1, 0, 1, 1, -1);
	tly_panoptic_clear(&p);
	tly_labelmap_clear(&cm.map);
	tly_rle_clear(&m[0]);
	tly_rle_clear(&m[1]);
	pn_clear(&ds);
}

/*
 * Equal confidence goes by index: two cars of confidence 0.7 on map "CCC"
 * (3 x 1), index 0 "##." and index 1 ".##": index 0 first takes (0,0)
 * (1,0); index 1 is left (2,0), 1 of 2: dropped. Swapping the indices
 * swaps the winner. A NaN confidence goes last.
 */
static void test_order(void)
{
	static const char *const map_c[] = {"CCC"};
	static const char *const m_l[] = {"##."}, *const m_r[] = {".##"};
	static const char *const want_l[] = {"110"}, *const want_r[] = {"011"};
	tly_dataset ds;
	tly_result r;
	tly_cons_map cm;
	tly_cons_object objs[2];
	tly_rle m[2];
	tly_panoptic p;

	scene_dataset(&ds);
	pn_mask(&m[0], m_l, 3, 1);
	pn_mask(&m[1], m_r, 3, 1);
	memset(&r, 0, sizeof(r));
	r.n_cons_objects = 2;
	r.cons_objects = objs;
	memset(&cm, 0, sizeof(cm));
	pn_map(&cm.map, map_c, 3, 1);

	objs[0] = cons_mask(0, CAR_, 0.7, 0, &m[0]);
	objs[1] = cons_mask(0, CAR_, 0.7, 0, &m[1]);
	CHECK_OK(tly_panoptic_assemble(&p, &ds, &r, &cm));
	pn_check_ids(&p, want_l);
	tly_panoptic_clear(&p);

	objs[0] = cons_mask(0, CAR_, 0.7, 0, &m[1]);
	objs[1] = cons_mask(0, CAR_, 0.7, 0, &m[0]);
	CHECK_OK(tly_panoptic_assemble(&p, &ds, &r, &cm));
	pn_check_ids(&p, want_r);
	tly_panoptic_clear(&p);

	objs[0] = cons_mask(0, CAR_, NAN, 0, &m[0]);
	objs[1] = cons_mask(0, CAR_, 0.1, 0, &m[1]);
	CHECK_OK(tly_panoptic_assemble(&p, &ds, &r, &cm));
	pn_check_ids(&p, want_r);
	tly_panoptic_clear(&p);

	tly_labelmap_clear(&cm.map);
	tly_rle_clear(&m[0]);
	tly_rle_clear(&m[1]);
	pn_clear(&ds);
}

/*
 * An annotator's own segmentation: A's panoptic map is the scene map and
 * A's objects (objs 0-3, all confidence 1, so by object index, crowd last):
 *   0 person (0,1) (0,2) -> id 1; 2 car, C's mask -> id 2; 3 car (4,3)
 *   (5,3) -> id 3; 1 person crowd (1,1) (2,1) (1,2) -> id 4;
 * then sky id 5 and road id 6. B's car (obj 4) and G's gold car (obj 5),
 * each the full image, are not A's and take nothing. G's gold map gives
 * G's own: stuff only (G's gold objects: the full car, 7 of 24 car
 * pixels: dropped), sky id 1 and road id 2.
 */
static void test_of_annotator(void)
{
	static const char *const ann[] = {"A", "B", "G"};
	static const char *const want_a[] = {
		"555555",
		"144220",
		"146222",
		"666633",
	};
	static const char *const m_a1[] = {"......", ".##...", ".#....", "......"};
	static const char *const m_d2[] = {"......", "......", "......", "....##"};
	tly_dataset ds;
	tly_panoptic p;
	uint32_t im, s;

	pn_init(&ds, ann, 3);
	im = tb_image(&ds, "street.png");
	pn_add_map(&ds, im, 0, 0, 1, scene_map, 6, 4);
	pn_add_map(&ds, im, 2, 1, 1, scene_map, 6, 4);
	s = tb_sub(&ds, im, 0, TLY_TASK_OBJECTS, 0);
	pn_add_mask(&ds, im, s, PERS, 0, mask_a, 6, 4, 6);
	pn_add_mask(&ds, im, s, PERS, 1, m_a1, 6, 4, 6);
	pn_add_mask(&ds, im, s, CAR_, 0, mask_c, 6, 4, 6);
	pn_add_mask(&ds, im, s, CAR_, 0, m_d2, 6, 4, 6);
	s = tb_sub(&ds, im, 1, TLY_TASK_OBJECTS, 0);
	pn_add_mask(&ds, im, s, CAR_, 0, full_mask, 6, 4, 6);
	s = tb_sub(&ds, im, 2, TLY_TASK_OBJECTS, 1);
	pn_add_mask(&ds, im, s, CAR_, 0, full_mask, 6, 4, 6);

	CHECK_OK(tly_panoptic_of_annotator(&p, &ds, im, &ds.images[im].maps[0]));
	CU_ASSERT_EQUAL_FATAL(p.n_segments, 6);
	pn_check_ids(&p, want_a);
	pn_check_segment(&p.segments[0], 1, PERS, 0, 2, 0, 1, 1, 2, 0);
	pn_check_segment(&p.segments[1], 2, CAR_, 0, 5, 3, 1, 3, 2, 2);
	pn_check_segment(&p.segments[2], 3, CAR_, 0, 2, 4, 3, 2, 1, 3);
	pn_check_segment(&p.segments[3], 4, PERS, 1, 3, 1, 1, 2, 2, 1);
	tly_panoptic_clear(&p);

	CHECK_OK(tly_panoptic_of_annotator(&p, &ds, im, &ds.images[im].maps[1]));
	CU_ASSERT_EQUAL_FATAL(p.n_segments, 2);
	pn_check_segment(&p.segments[0], 1, SKY, 0, 6, 0, 0, 6, 1, -1);
	pn_check_segment(&p.segments[1], 2, ROAD, 0, 5, 0, 2, 4, 2, -1);
	tly_panoptic_clear(&p);
	pn_clear(&ds);
}

/* Bad arguments: NULLs, an image outside the dataset, a map value that is no category. */
static void test_bad(void)
{
	static const char *const rows[] = {"S"};
	tly_dataset ds;
	tly_result r;
	tly_cons_map cm;
	tly_panoptic p;

	scene_dataset(&ds);
	memset(&r, 0, sizeof(r));
	memset(&cm, 0, sizeof(cm));
	pn_map(&cm.map, rows, 1, 1);
	CU_ASSERT_EQUAL(tly_panoptic_assemble(NULL, &ds, &r, &cm), TLY_EARG);
	CU_ASSERT_EQUAL(tly_panoptic_assemble(&p, NULL, &r, &cm), TLY_EARG);
	CU_ASSERT_EQUAL(tly_panoptic_of_annotator(&p, &ds, 0, NULL), TLY_EARG);
	cm.image = 3;
	CU_ASSERT_EQUAL(tly_panoptic_assemble(&p, &ds, &r, &cm), TLY_EARG);
	CU_ASSERT_PTR_NULL(p.ids);
	cm.image = 0;
	cm.map.value[0] = 4;
	CU_ASSERT_EQUAL(tly_panoptic_assemble(&p, &ds, &r, &cm), TLY_EARG);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_error_last(), "panoptic assemble"));
	CU_ASSERT_PTR_NULL(p.ids);
	cm.map.value[0] = TLY_LABEL_IGNORE;
	CHECK_OK(tly_panoptic_assemble(&p, &ds, &r, &cm));
	CU_ASSERT_EQUAL(p.n_segments, 0);
	CU_ASSERT_EQUAL(p.ids[0], 0);
	tly_panoptic_clear(&p);
	tly_panoptic_clear(NULL);
	tly_labelmap_clear(&cm.map);
	pn_clear(&ds);
}

/*
 * Allocation N failing, N = 1, 2, ...: assemble and PQ return TLY_ENOMEM
 * with nothing allocated (ASan's leak check), until N is past their
 * allocations and they succeed as usual.
 */
static void test_faults(void)
{
	tly_dataset ds;
	tly_result r;
	tly_cons_map cm;
	tly_cons_object objs[2];
	tly_rle m[2];
	tly_panoptic p, q;
	tly_pq_stat st[4];
	long n;
	int error = TLY_ENOMEM, pq_error = TLY_ENOMEM;

	scene_dataset(&ds);
	pn_mask(&m[0], mask_c, 6, 4);
	pn_mask(&m[1], mask_b, 6, 4);
	objs[0] = cons_mask(1, CAR_, 0.8, 0, &m[0]);
	objs[1] = cons_mask(1, PERS, 1.0, 1, &m[1]);
	memset(&r, 0, sizeof(r));
	r.n_cons_objects = 2;
	r.cons_objects = objs;
	memset(&cm, 0, sizeof(cm));
	cm.image = 1;
	pn_map(&cm.map, scene_map, 6, 4);
	for (n = 1; error == TLY_ENOMEM && n < 100; n++) {
		tly_alloc_fail_after(n);
		error = tly_panoptic_assemble(&p, &ds, &r, &cm);
		tly_alloc_fail_after(0);
		if (error == TLY_ENOMEM)
			CU_ASSERT_PTR_NULL(p.ids);
	}
	CU_ASSERT_EQUAL_FATAL(error, 0);
	CU_ASSERT(n > 2);
	CHECK_OK(tly_panoptic_assemble(&q, &ds, &r, &cm));
	for (n = 1; pq_error == TLY_ENOMEM && n < 100; n++) {
		memset(st, 0, sizeof(st));
		tly_alloc_fail_after(n);
		pq_error = tly_panoptic_pq(st, 4, &p, &q);
		tly_alloc_fail_after(0);
		if (pq_error == TLY_ENOMEM)
			CU_ASSERT_EQUAL(st[CAR_].tp, 0);
	}
	CU_ASSERT_EQUAL(pq_error, 0);
	CU_ASSERT_EQUAL(st[CAR_].tp, 1);
	tly_panoptic_clear(&p);
	tly_panoptic_clear(&q);
	tly_labelmap_clear(&cm.map);
	tly_rle_clear(&m[0]);
	tly_rle_clear(&m[1]);
	pn_clear(&ds);
}

TLY_TESTS("panoptic", {"assemble", test_assemble}, {"no_things", test_no_things}, {"half", test_half},
	  {"order", test_order}, {"of_annotator", test_of_annotator}, {"bad", test_bad},
	  {"faults", test_faults})
