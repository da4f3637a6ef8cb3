/*
 * Label-map batches shared by the tests of write_maps.c and load_maps.c
 * (static inline: each test binary is one file). Maps are given as pixels,
 * row-major, so the runs each test expects can be worked from the picture.
 */
#ifndef TLY_TEST_STORE_MAPS_FIXTURE_H
#define TLY_TEST_STORE_MAPS_FIXTURE_H

#include "store_fixture.h"

#define IGN TLY_LABEL_IGNORE

/* Add W x H pixels PX as ANNOTATOR's map of IMAGE, with N classes. */
static inline void add_map(tly_batch *b, size_t image, const char *annotator, int panoptic, int64_t ignore,
			   const uint32_t *px, uint32_t w, uint32_t h, const tly_batch_class *classes, size_t n,
			   const char *ref)
{
	tly_labelmap m;

	CHECK_OK(tly_labelmap_encode(&m, px, w, h));
	CHECK_OK(tly_batch_add_map(b, image, annotator, panoptic, ignore, &m, classes, n, ref, "t"));
	tly_labelmap_clear(&m);
}

/*
 * "/data/seg.json" (hash 'a' x 64, not gold):
 *   a.png, size unknown in the file (so filled in from the first map: 4 x 3)
 *     alice, semantic, ignore 200 -> label map 1
 *        0 0 1 1      classes 0 background, 1 road, 2 car (isthing unknown)
 *        0 1 1 I      (I: the file's 200, ignored)
 *        2 2 2 2      runs 0x2 1x2 0x1 1x2 Ix1 2x4
 *     bob, panoptic, no ignore value -> label map 2
 *        7 7 7 3      classes 3 road (stuff), 7 car (stuff: bob's JSON says so)
 *        3 3 3 3      runs 7x3 3x9
 *        3 3 3 3
 *   b.png 3 x 2
 *     alice, semantic, ignore 255: all 1 (road) -> label map 3, runs 1x6
 *     alice objects (empty), marked gold on the submission itself
 * Annotators alice 1, bob 2 (then carol 3 in the gold file); categories by
 * first sight: background 1, road 2, car 3 (then sky 4).
 */
static inline void seg_batch(tly_batch *b)
{
	static const uint32_t pa[] = {0, 0, 1, 1, 0, 1, 1, IGN, 2, 2, 2, 2};
	static const uint32_t pb[] = {7, 7, 7, 3, 3, 3, 3, 3, 3, 3, 3, 3};
	static const uint32_t pc[] = {1, 1, 1, 1, 1, 1};
	char bg[] = "background", road[] = "road", car[] = "car";
	tly_batch_class ca[] = {{0, bg, -1}, {1, road, -1}, {2, car, -1}};
	tly_batch_class cb[] = {{3, road, 0}, {7, car, 0}};
	tly_batch_class cc[] = {{1, road, -1}};
	size_t ia, ib, s;

	batch_start(b, "/data/seg.json", 'a', "png", 0);
	CHECK_OK(tly_batch_add_image(&ia, b, "a.png", 0, 0, "t"));
	CHECK_OK(tly_batch_add_image(&ib, b, "b.png", 3, 2, "t"));
	add_map(b, ia, "alice", 0, 200, pa, 4, 3, ca, 3, "masks/alice/a.png");
	add_map(b, ia, "bob", 1, -1, pb, 4, 3, cb, 2, NULL);
	add_map(b, ib, "alice", 0, 255, pc, 3, 2, cc, 1, "masks/alice/b.png");
	CHECK_OK(tly_batch_add_submission(&s, b, ib, "alice", TLY_TASK_OBJECTS));
	b->subs[s].gold = 1;
}

/*
 * "/data/gold.json" (hash 'b' x 64, gold): a.png 4 x 3,
 *   carol, panoptic, no ignore value -> label map 4
 *        9 9 9 9      classes 7 car (thing), 9 sky (stuff)
 *        I I 7 7      (I: void)
 *        7 7 7 7      runs 9x4 Ix2 7x6
 */
static inline void gold_batch(tly_batch *b)
{
	static const uint32_t px[] = {9, 9, 9, 9, IGN, IGN, 7, 7, 7, 7, 7, 7};
	char car[] = "car", sky[] = "sky";
	tly_batch_class c[] = {{7, car, 1}, {9, sky, 0}};
	size_t ia;

	batch_start(b, "/data/gold.json", 'b', "coco_panoptic", 1);
	CHECK_OK(tly_batch_add_image(&ia, b, "a.png", 4, 3, "t"));
	add_map(b, ia, "carol", 1, -1, px, 4, 3, c, 2, "panoptic/a.png");
}

/* Write BATCH (built by FILL) into ST, expecting success; the batch is cleared. */
static inline void write_with(tly_store *st, void (*fill)(tly_batch *), tly_store_write_stats *stats)
{
	tly_batch b;

	fill(&b);
	CHECK_OK(tly_store_write_batch(stats, st, &b, NULL));
	tly_batch_clear(&b);
}

#endif
