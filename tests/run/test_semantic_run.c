/*
 * The run's semantic pass (src/run/semantic*.c) through tly_run_compute:
 * a four-image dataset summed by hand (consensus maps, pixel counts and
 * audits over images, pair mIoU from summed intersections and unions, the
 * image agreement combined with objects and labels, flags, Fleiss' kappa
 * over the maps' pixels), the same
 * bytes for 1, 2 and 4 threads, the lowest failed image reported, and a
 * dataset without maps left alone.
 */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "agree/map_builder.h"
#include "tally/rules.h"
#include "tally/run.h"
#include "util/alloc.h"

#define I TLY_LABEL_IGNORE

enum { A, B, C, G };
enum { BG, CAR, ROAD, TREE };

static const char *const ann_names[] = {"A", "B", "C", "G"};
static const char *const cat_names[] = {"bg", "car", "road", "tree"};

static tly_rules *rules_from(const char *text)
{
	tly_rules *r = NULL;

	CHECK_OK(tly_rules_parse(&r, text, strlen(text), "test"));
	return r;
}

static void sized(tly_dataset *ds, uint32_t im, int32_t w, int32_t h)
{
	ds->images[im].width = w;
	ds->images[im].height = h;
}

/*
 * Image 0, the 4 x 3 scene of tests/agree/test_semantic.c (A, B, C and gold G):
 *   A = 0 0 1 1 | 0 1 I 1 | 2 I 2 I      B = 0 0 1 1 | 0 0 1 1 | 2 I 1 I
 *   C = 0 1 1 I | 0 2 2 1 | 2 I 2 2      G = 0 0 1 1 | 0 0 1 1 | 2 2 2 2
 * Image 1 (2 x 1): maps A = bg car, B = bg bg; and both draw the same car box.
 * Image 2: boxes only (A and B, the same car box): no map.
 * Image 3 (2 x 1): maps A = B = bg bg; single image labels A car, B bg (a tie).
 */
static const uint32_t map_a[12] = {0, 0, 1, 1, 0, 1, I, 1, 2, I, 2, I};
static const uint32_t map_b[12] = {0, 0, 1, 1, 0, 0, 1, 1, 2, I, 1, I};
static const uint32_t map_c[12] = {0, 1, 1, I, 0, 2, 2, 1, 2, I, 2, 2};
static const uint32_t map_g[12] = {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 2};

static void build(tly_dataset *ds)
{
	static const uint32_t bg_car[2] = {BG, CAR}, bg_bg[2] = {BG, BG};
	uint32_t k;

	tb_init(ds, ann_names, 4, cat_names, 4);
	tb_image(ds, "a_scene.png");
	sized(ds, 0, 4, 3);
	tb_map(ds, 0, A, 0, map_a, 4, 3);
	tb_map(ds, 0, B, 0, map_b, 4, 3);
	tb_map(ds, 0, C, 0, map_c, 4, 3);
	tb_map(ds, 0, G, 1, map_g, 4, 3);
	tb_image(ds, "b_two.png");
	sized(ds, 1, 2, 1);
	tb_map(ds, 1, A, 0, bg_car, 2, 1);
	tb_map(ds, 1, B, 0, bg_bg, 2, 1);
	tb_image(ds, "c_boxes.jpg");
	for (k = 1; k <= 2; k++) {
		tb_box(ds, k, tb_sub(ds, k, A, TLY_TASK_OBJECTS, 0), CAR, 0, 0, 10, 10);
		tb_box(ds, k, tb_sub(ds, k, B, TLY_TASK_OBJECTS, 0), CAR, 0, 0, 10, 10);
	}
	tb_image(ds, "d_tie.png");
	sized(ds, 3, 2, 1);
	tb_map(ds, 3, A, 0, bg_bg, 2, 1);
	tb_map(ds, 3, B, 0, bg_bg, 2, 1);
	tb_tag(ds, 3, tb_sub(ds, 3, A, TLY_TASK_LABELS, 0), CAR);
	tb_tag(ds, 3, tb_sub(ds, 3, B, TLY_TASK_LABELS, 0), BG);
}

static void dataset_clear(tly_dataset *ds)
{
	tb_maps_clear(ds);
	tly_dataset_clear(ds);
}

static void check_map(const tly_labelmap *m, const uint32_t *want, size_t n)
{
	uint32_t px[12];
	size_t i;

	CU_ASSERT_FATAL(n <= 12);
	tb_decode(px, n, m);
	for (i = 0; i < n; i++)
		CU_ASSERT_EQUAL(px[i], want[i]);
}

static void check_counts(const tly_pixel_counts *pc, uint32_t a, tly_reference ref, uint32_t c,
			 uint64_t tp, uint64_t fp, uint64_t fn)
{
	CU_ASSERT_EQUAL(pc->annotator, a);
	CU_ASSERT_EQUAL(pc->ref, ref);
	CU_ASSERT_EQUAL(pc->category, c);
	CU_ASSERT_EQUAL(pc->tp, tp);
	CU_ASSERT_EQUAL(pc->fp, fp);
	CU_ASSERT_EQUAL(pc->fn, fn);
}

static void check_audit(const tly_pixel_audit *au, uint32_t a, tly_reference ref, uint32_t images,
			uint64_t correct, uint64_t total)
{
	CU_ASSERT_EQUAL(au->annotator, a);
	CU_ASSERT_EQUAL(au->ref, ref);
	CU_ASSERT_EQUAL(au->images, images);
	CU_ASSERT_EQUAL(au->correct, correct);
	CU_ASSERT_EQUAL(au->total, total);
}

#define RULES "{\"vote\": {\"quorum\": 0.5}, \"review\": {\"min_agreement\": %s}}"

static void compute(tly_result *r, const tly_dataset *ds, const char *min_agreement, int threads)
{
	char text[128];
	tly_rules *rules;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;

	snprintf(text, sizeof(text), RULES, min_agreement);
	rules = rules_from(text);
	o.threads = threads;
	CHECK_OK(tly_run_compute(r, ds, rules, &o));
	tly_rules_free(rules);
}

/*
 * Consensus maps, one per image with a non-gold map (0, 1, 3):
 *   image 0: as in tests/agree/test_semantic.c, 3 voters, 2 tied pixels;
 *   image 1: bg (2 votes of 2: 255), then car/bg tie: ignore; 1 tied;
 *   image 3: bg bg, 255 255.
 */
static void test_maps(void)
{
	static const uint32_t cons0[12] = {0, 0, 1, 1, 0, I, I, 1, 2, I, 2, 2};
	static const uint32_t cons1[2] = {BG, I}, conf1[2] = {255, 0}, cons3[2] = {BG, BG},
			      conf3[2] = {255, 255};
	tly_dataset ds;
	tly_result r;

	build(&ds);
	compute(&r, &ds, "0.4", 1);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_maps, 3);
	CU_ASSERT_EQUAL(r.cons_maps[0].image, 0);
	CU_ASSERT_EQUAL(r.cons_maps[0].voters, 3);
	CU_ASSERT_EQUAL(r.cons_maps[0].tied_pixels, 2);
	check_map(&r.cons_maps[0].map, cons0, 12);
	CU_ASSERT_EQUAL(r.cons_maps[1].image, 1);
	CU_ASSERT_EQUAL(r.cons_maps[1].voters, 2);
	CU_ASSERT_EQUAL(r.cons_maps[1].tied_pixels, 1);
	check_map(&r.cons_maps[1].map, cons1, 2);
	check_map(&r.cons_maps[1].confidence, conf1, 2);
	CU_ASSERT_EQUAL(r.cons_maps[2].image, 3);
	CU_ASSERT_EQUAL(r.cons_maps[2].tied_pixels, 0);
	check_map(&r.cons_maps[2].map, cons3, 2);
	check_map(&r.cons_maps[2].confidence, conf3, 2);
	tly_result_clear(&r);
	dataset_clear(&ds);
}

/*
 * Per image, against the leave-one-out consensus (image 0 worked in
 * tests/agree/test_semantic.c; with two voters the other's map is the
 * reference):
 *   image 1: A (bg car) vs B (bg bg): bg tp 1 fn 1, car fp 1; 1 of 2.
 *            B vs A: bg tp 1 fp 1, car fn 1; 1 of 2.
 *   image 3: A vs B and B vs A: bg tp 2; 2 of 2.
 * Summed:  A cons: bg 2+1+2 / 0 / 0+1+0 = 5/0/1; car 3/0/0 + 0/1/0 = 3/1/0; road 1/0/1.
 *          B cons: bg 2/0/0 + 1/1/0 + 2/0/0 = 5/1/0; car 3/2/0 + 0/0/1 = 3/2/1; road 1/0/3.
 *          C cons (image 0 only): bg 2/0/1; car 2/1/2; road 1/1/0.
 *          gold (image 0 only): A 3/0/1, 3/1/1, 2/0/2; B 4/0/0, 4/1/0, 1/0/3;
 *          C 2/0/2, 2/1/2, 3/2/1.
 * Audits: A cons 3 images, 6+1+2 = 9 of 7+2+2 = 11; B cons 3, 6+1+2 = 9 of 9+2+2 = 13;
 *         C cons 1, 5 of 8; gold (1 image each): A 8, B 9, C 7 of 12.
 */
static void test_audit(void)
{
	static const uint64_t want[18][6] = {
		{A, TLY_REF_CONSENSUS, BG, 5, 0, 1}, {A, TLY_REF_CONSENSUS, CAR, 3, 1, 0},
		{A, TLY_REF_CONSENSUS, ROAD, 1, 0, 1}, {A, TLY_REF_GOLD, BG, 3, 0, 1},
		{A, TLY_REF_GOLD, CAR, 3, 1, 1}, {A, TLY_REF_GOLD, ROAD, 2, 0, 2},
		{B, TLY_REF_CONSENSUS, BG, 5, 1, 0}, {B, TLY_REF_CONSENSUS, CAR, 3, 2, 1},
		{B, TLY_REF_CONSENSUS, ROAD, 1, 0, 3}, {B, TLY_REF_GOLD, BG, 4, 0, 0},
		{B, TLY_REF_GOLD, CAR, 4, 1, 0}, {B, TLY_REF_GOLD, ROAD, 1, 0, 3},
		{C, TLY_REF_CONSENSUS, BG, 2, 0, 1}, {C, TLY_REF_CONSENSUS, CAR, 2, 1, 2},
		{C, TLY_REF_CONSENSUS, ROAD, 1, 1, 0}, {C, TLY_REF_GOLD, BG, 2, 0, 2},
		{C, TLY_REF_GOLD, CAR, 2, 1, 2}, {C, TLY_REF_GOLD, ROAD, 3, 2, 1},
	};
	tly_dataset ds;
	tly_result r;
	size_t i;

	build(&ds);
	compute(&r, &ds, "0.4", 1);
	CU_ASSERT_EQUAL_FATAL(r.n_pixel_counts, 18);
	for (i = 0; i < 18; i++)
		check_counts(&r.pixel_counts[i], (uint32_t)want[i][0], (tly_reference)want[i][1],
			     (uint32_t)want[i][2], want[i][3], want[i][4], want[i][5]);
	CU_ASSERT_EQUAL_FATAL(r.n_pixel_audits, 6);
	check_audit(&r.pixel_audits[0], A, TLY_REF_CONSENSUS, 3, 9, 11);
	check_audit(&r.pixel_audits[1], A, TLY_REF_GOLD, 1, 8, 12);
	check_audit(&r.pixel_audits[2], B, TLY_REF_CONSENSUS, 3, 9, 13);
	check_audit(&r.pixel_audits[3], B, TLY_REF_GOLD, 1, 9, 12);
	check_audit(&r.pixel_audits[4], C, TLY_REF_CONSENSUS, 1, 5, 8);
	check_audit(&r.pixel_audits[5], C, TLY_REF_GOLD, 1, 7, 12);
	tly_result_clear(&r);
	dataset_clear(&ds);
}

/*
 * Pairs over the images both mapped, intersection / union summed:
 *   A,B on images 0, 1, 3: bg 3+1+2 = 6 / 4+2+2 = 8; car 3+0 / 6+1 = 3/7; road 1/2.
 *       mIoU = (3/4 + 3/7 + 1/2) / 3 = (21 + 12 + 14) / 84 = 47/84.
 *       (Not the mean of the image mIoUs 7/12, 1/4, 1: pixels are pooled first.)
 *   A,C and B,C on image 0 only: 22/45 and 31/90 as there.
 */
static void test_pairs(void)
{
	tly_dataset ds;
	tly_result r;

	build(&ds);
	compute(&r, &ds, "0.4", 1);
	CU_ASSERT_EQUAL_FATAL(r.n_map_pairs, 3);
	CU_ASSERT_EQUAL(r.map_pairs[0].a, A);
	CU_ASSERT_EQUAL(r.map_pairs[0].b, B);
	CU_ASSERT_EQUAL(r.map_pairs[0].images, 3);
	CHECK_NEAR(r.map_pairs[0].miou, 47.0 / 84.0, 1e-12);
	CU_ASSERT_EQUAL(r.map_pairs[1].a, A);
	CU_ASSERT_EQUAL(r.map_pairs[1].b, C);
	CU_ASSERT_EQUAL(r.map_pairs[1].images, 1);
	CHECK_NEAR(r.map_pairs[1].miou, 22.0 / 45.0, 1e-12);
	CU_ASSERT_EQUAL(r.map_pairs[2].a, B);
	CU_ASSERT_EQUAL(r.map_pairs[2].b, C);
	CU_ASSERT_EQUAL(r.map_pairs[2].images, 1);
	CHECK_NEAR(r.map_pairs[2].miou, 31.0 / 90.0, 1e-12);
	tly_result_clear(&r);
	dataset_clear(&ds);
}

/*
 * Image figures (vote.quorum 0.5 so the 1-1 label vote of image 3 is a tie):
 *   image 0: maps only, 17/36 ~ 0.472.
 *   image 1: objects F1 1 (the same box), maps (bg 1/2 + car 0/1)/2 = 1/4: (1 + 1/4)/2 = 5/8.
 *   image 2: objects 1, no maps: agreement 1, agreement_maps NaN, voters_maps 0.
 *   image 3: labels: no consensus (tie), Jaccard 0 for both: 0; maps bg 2/2 = 1: 1/2.
 * min_agreement 0.4: only image 3 is flagged, by its tie (1/2 >= 0.4).
 * min_agreement 0.5: image 0 too (17/36 < 1/2); image 3 stays (tie), 1 and 2 do not.
 */
static void test_images(void)
{
	tly_dataset ds;
	tly_result r;
	const tly_image_stats *st;

	build(&ds);
	compute(&r, &ds, "0.4", 1);
	CU_ASSERT_EQUAL_FATAL(r.n_images, 4);
	st = r.images;
	CU_ASSERT_EQUAL(st[0].voters_maps, 3);
	CHECK_NEAR(st[0].agreement_maps, 17.0 / 36.0, 1e-12);
	CHECK_NEAR(st[0].agreement, 17.0 / 36.0, 1e-12);
	CU_ASSERT_EQUAL(st[0].flagged, 0);
	CU_ASSERT_EQUAL(st[1].voters_maps, 2);
	CHECK_NEAR(st[1].agreement_objects, 1.0, 0);
	CHECK_NEAR(st[1].agreement_maps, 0.25, 1e-12);
	CHECK_NEAR(st[1].agreement, 0.625, 1e-12);
	CU_ASSERT_EQUAL(st[1].flagged, 0);
	CU_ASSERT_EQUAL(st[2].voters_maps, 0);
	CU_ASSERT(isnan(st[2].agreement_maps));
	CHECK_NEAR(st[2].agreement, 1.0, 0);
	CU_ASSERT_EQUAL(st[2].flagged, 0);
	CU_ASSERT_EQUAL(st[3].voters_maps, 2);
	CHECK_NEAR(st[3].agreement_labels, 0.0, 0);
	CHECK_NEAR(st[3].agreement_maps, 1.0, 0);
	CHECK_NEAR(st[3].agreement, 0.5, 0);
	CU_ASSERT_EQUAL(st[3].flagged, 1);
	tly_result_clear(&r);
	compute(&r, &ds, "0.5", 1);
	CU_ASSERT_EQUAL(r.images[0].flagged, 1);
	CU_ASSERT_EQUAL(r.images[1].flagged, 0);
	CU_ASSERT_EQUAL(r.images[2].flagged, 0);
	CU_ASSERT_EQUAL(r.images[3].flagged, 1);
	tly_result_clear(&r);
	dataset_clear(&ds);
}

/* xorshift64*, as tests/run/gen.h. */
static uint32_t below(uint64_t *s, uint32_t n)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (uint32_t)(((*s * 2685821657736338717ULL) >> 33) % n);
}

/*
 * N images of blocky truth (4 classes), copied by A, B, C and a fourth
 * voter G with a tenth of the pixels changed to a random class or ignore,
 * each skipping an eighth of the images; on a third of the images, G's
 * copy is gold instead. Image 0 is 320 x 240 (more than one chunk).
 */
static void gen_maps(tly_dataset *ds, size_t n)
{
	uint64_t s = 12345;
	uint32_t *truth, *px;
	size_t i;

	tb_init(ds, ann_names, 4, cat_names, 4);
	truth = tly_calloc(320 * 240, sizeof(*truth));
	px = tly_calloc(320 * 240, sizeof(*px));
	CU_ASSERT_FATAL(truth && px);
	for (i = 0; i < n; i++) {
		char name[32];
		uint32_t w = i ? 8 + below(&s, 40) : 320, h = i ? 8 + below(&s, 30) : 240, bw = 1 + below(&s, 9);
		uint32_t im, a, p, np = w * h;
		int gold_g = below(&s, 3) == 0;

		snprintf(name, sizeof(name), "seg%03zu.png", i);
		im = tb_image(ds, name);
		sized(ds, im, (int32_t)w, (int32_t)h);
		for (p = 0; p < np; p++)
			truth[p] = ((p % w) / bw + (p / w) / bw) % 4;
		for (a = 0; a < 4; a++) {
			if (below(&s, 8) == 0)
				continue;
			for (p = 0; p < np; p++) {
				uint32_t r = below(&s, 50);

				px[p] = r >= 5 ? truth[p] : r == 0 ? I : r - 1;
			}
			tb_map(ds, im, a, a == G && gold_g, px, w, h);
		}
	}
	tly_free(truth);
	tly_free(px);
}

#define SAME_ARRAY(x, y, field, n)                                                                  \
	do {                                                                                        \
		CU_ASSERT_EQUAL_FATAL((x)->n, (y)->n);                                              \
		if ((x)->n)                                                                         \
			CU_ASSERT(memcmp((x)->field, (y)->field, (x)->n * sizeof(*(x)->field)) == 0); \
	} while (0)

static void same_map(const tly_labelmap *x, const tly_labelmap *y)
{
	CU_ASSERT_EQUAL_FATAL(x->n, y->n);
	CU_ASSERT(x->w == y->w && x->h == y->h);
	if (x->n) {
		CU_ASSERT(memcmp(x->value, y->value, x->n * sizeof(*x->value)) == 0);
		CU_ASSERT(memcmp(x->len, y->len, x->n * sizeof(*x->len)) == 0);
	}
}

static void same_semantic(const tly_result *x, const tly_result *y)
{
	size_t i;

	SAME_ARRAY(x, y, images, n_images);
	SAME_ARRAY(x, y, pixel_counts, n_pixel_counts);
	SAME_ARRAY(x, y, pixel_audits, n_pixel_audits);
	SAME_ARRAY(x, y, map_pairs, n_map_pairs);
	SAME_ARRAY(x, y, classes, n_classes);
	CU_ASSERT(memcmp(&x->fleiss_kappa_maps, &y->fleiss_kappa_maps, sizeof(x->fleiss_kappa_maps)) == 0);
	CU_ASSERT_EQUAL_FATAL(x->n_cons_maps, y->n_cons_maps);
	for (i = 0; i < x->n_cons_maps; i++) {
		const tly_cons_map *a = &x->cons_maps[i], *b = &y->cons_maps[i];

		CU_ASSERT(a->image == b->image && a->voters == b->voters && a->panoptic == b->panoptic &&
			  a->tied_pixels == b->tied_pixels);
		same_map(&a->map, &b->map);
		same_map(&a->confidence, &b->confidence);
	}
}

/*
 * Fleiss' kappa over the maps' pixels of the four-image dataset (gold G
 * never rates). n_ij (bg, car, road) of image 0's pixels, A B C:
 *   p0 3 0 0  P 1      p1 2 1 0  P 1/3    p2 0 3 0  P 1    p3 0 2 0 (C ignores) P 1
 *   p4 3 0 0  P 1      p5 1 1 1  P 0      p6 0 1 1 (A ignores) P 0
 *   p7 0 3 0  P 1      p8 0 0 3  P 1      p9 all ignore, p11 one rating: dropped
 *   p10 0 1 2 P 1/3
 * N = 10, sum P = 6 + 2/3 = 20/3 (check: 1 - P_i = sum_j d_ij, so sum P = N - sum D =
 * 10 - 10/3), T = 28, R = (9, 12, 7), D = (2/3, 3/2, 7/6)
 * (d: bg p1 1/3, p5 1/3; car p1 1/3, p5 1/3, p6 1/2, p10 1/3; road p5 1/3, p6 1/2, p10 1/3).
 * Image 1 (A bg car, B bg bg): N 2, sum P 1, T 4, R (3, 1, 0), D (1/2, 1/2, 0).
 * Image 3 (bg bg twice): N 2, sum P 2, T 4, R (4, 0, 0), D 0.
 * Run: N = 14, P = (29/3)/14 = 29/42, T = 36, R = (16, 13, 7),
 * Pe = (256 + 169 + 49)/1296 = 79/216, P - Pe = (29 x 36 - 79 x 7)/1512 = 491/1512,
 * kappa = (491/1512)/(137/216) = 491/(7 x 137) = 491/959;
 * kappa_j = 1 - (D_j/N)/(p q):
 *   bg   D/N = (7/6)/14 = 1/12, p q = (4/9)(5/9) = 20/81:      1 - 81/240 = 53/80;
 *   car  D/N = 2/14 = 1/7,      p q = (13/36)(23/36) = 299/1296: 1 - 1296/2093 = 797/2093;
 *   road D/N = 1/12,            p q = (7/36)(29/36) = 203/1296:  1 - 108/203 = 95/203;
 *   tree no rating: undefined. n = 14 everywhere; the interval brackets the value.
 */
static void test_kappa(void)
{
	tly_dataset ds;
	tly_result r;
	const tly_stat *k;

	build(&ds);
	compute(&r, &ds, "0.7", 2);
	k = &r.fleiss_kappa_maps;
	CHECK_NEAR(k->value, 491.0 / 959.0, 1e-12);
	CU_ASSERT_EQUAL(k->n, 14);
	CU_ASSERT(k->ci95[0] <= k->value && k->value <= k->ci95[1]);
	CU_ASSERT_EQUAL_FATAL(r.n_classes, 4);
	CHECK_NEAR(r.classes[BG].fleiss_kappa_maps.value, 53.0 / 80.0, 1e-12);
	CHECK_NEAR(r.classes[CAR].fleiss_kappa_maps.value, 797.0 / 2093.0, 1e-12);
	CHECK_NEAR(r.classes[ROAD].fleiss_kappa_maps.value, 95.0 / 203.0, 1e-12);
	CU_ASSERT(isnan(r.classes[TREE].fleiss_kappa_maps.value));
	CU_ASSERT(isnan(r.classes[TREE].fleiss_kappa_maps.ci95[0]));
	CU_ASSERT_EQUAL(r.classes[TREE].fleiss_kappa_maps.n, 14);
	k = &r.classes[CAR].fleiss_kappa_maps;
	CU_ASSERT(k->ci95[0] <= k->value && k->value <= k->ci95[1]);
	tly_result_clear(&r);
	dataset_clear(&ds);
}

/* 60 generated images under 1, 2 and 4 threads: the same semantic figures, byte for byte. */
static void test_threads(void)
{
	tly_dataset ds;
	tly_result r1, r2, r4;
	size_t i, with_maps = 0;

	gen_maps(&ds, 60);
	for (i = 0; i < ds.n_images; i++)
		with_maps += ds.images[i].n_maps > 0;
	compute(&r1, &ds, "0.7", 1);
	compute(&r2, &ds, "0.7", 2);
	compute(&r4, &ds, "0.7", 4);
	/* the generated data exercises everything compared: 4 voters, 6 pairs;
	 * A, B, C, G against consensus and A, B, C against G's gold (G is never
	 * a voter where its map is gold): 7 audit rows */
	CU_ASSERT(r1.n_cons_maps > 50 && r1.n_cons_maps <= with_maps);
	CU_ASSERT(r1.n_map_pairs == 6);
	CU_ASSERT(r1.n_pixel_audits == 7);
	CU_ASSERT(r1.cons_maps[0].map.w == 320);
	/* the maps' kappa and its interval over the images, defined and around the value */
	CU_ASSERT(r1.fleiss_kappa_maps.ci95[0] <= r1.fleiss_kappa_maps.value &&
		  r1.fleiss_kappa_maps.value <= r1.fleiss_kappa_maps.ci95[1]);
	CU_ASSERT(r1.fleiss_kappa_maps.ci95[0] < r1.fleiss_kappa_maps.ci95[1]);
	same_semantic(&r1, &r2);
	same_semantic(&r1, &r4);
	tly_result_clear(&r1);
	tly_result_clear(&r2);
	tly_result_clear(&r4);
	dataset_clear(&ds);
}

/*
 * Images 1 and 3 hold a map value that is no category: the run fails with
 * TLY_EARG naming image 1 (the lowest), whatever the thread count, and
 * leaves the result empty.
 */
static void test_failure(void)
{
	static const uint32_t ok[2] = {BG, CAR}, bad[2] = {BG, 9};
	static const int threads[2] = {1, 4};
	tly_dataset ds;
	tly_result r;
	tly_rules *rules = rules_from("{}");
	tly_run_options o = TLY_RUN_OPTIONS_INIT;
	size_t i, t;

	tb_init(&ds, ann_names, 4, cat_names, 4);
	for (i = 0; i < 4; i++) {
		char name[16];

		snprintf(name, sizeof(name), "m%zu.png", i);
		tb_image(&ds, name);
		sized(&ds, (uint32_t)i, 2, 1);
		tb_map(&ds, (uint32_t)i, A, 0, i % 2 ? bad : ok, 2, 1);
	}
	for (t = 0; t < 2; t++) {
		o.threads = threads[t];
		CU_ASSERT_EQUAL(tly_run_compute(&r, &ds, rules, &o), TLY_EARG);
		CU_ASSERT_PTR_NOT_NULL(strstr(tly_error_last(), "image m1.png: label maps:"));
		CU_ASSERT_EQUAL(r.n_cons_maps, 0);
		CU_ASSERT_PTR_NULL(r.images);
	}
	tly_rules_free(rules);
	dataset_clear(&ds);
}

/* Boxes only: no semantic rows, and every image's maps figures say "none". */
static void test_no_maps(void)
{
	tly_dataset ds;
	tly_result r;

	tb_init(&ds, ann_names, 4, cat_names, 4);
	tb_image(&ds, "boxes.jpg");
	tb_box(&ds, 0, tb_sub(&ds, 0, A, TLY_TASK_OBJECTS, 0), CAR, 0, 0, 10, 10);
	tb_box(&ds, 0, tb_sub(&ds, 0, B, TLY_TASK_OBJECTS, 0), CAR, 0, 0, 10, 10);
	compute(&r, &ds, "0.7", 2);
	CU_ASSERT_EQUAL(r.n_cons_maps + r.n_pixel_counts + r.n_pixel_audits + r.n_map_pairs, 0);
	CU_ASSERT_PTR_NULL(r.cons_maps);
	CU_ASSERT_EQUAL(r.images[0].voters_maps, 0);
	CU_ASSERT(isnan(r.images[0].agreement_maps));
	CU_ASSERT(isnan(r.fleiss_kappa_maps.value) && r.fleiss_kappa_maps.n == 0);
	CU_ASSERT(isnan(r.classes[CAR].fleiss_kappa_maps.value) && r.classes[CAR].fleiss_kappa_maps.n == 0);
	CHECK_NEAR(r.images[0].agreement, 1.0, 0);
	tly_result_clear(&r);
	dataset_clear(&ds);
}

/*
 * Allocation N = 1, 2, ... fails in a one-thread run of the four-image
 * dataset: each attempt returns an error and an empty result, leaking
 * nothing (ASan); the first that succeeds has the hand-worked pairs.
 */
static void test_faults(void)
{
	tly_dataset ds;
	tly_result r;
	tly_rules *rules;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;
	long n;
	int rc = -1;

	build(&ds);
	rules = rules_from("{\"vote\": {\"quorum\": 0.5}}");
	o.threads = 1;
	for (n = 1; n < 5000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_run_compute(&r, &ds, rules, &o);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT(rc == TLY_ENOMEM || rc == TLY_ELIMIT);
			CU_ASSERT_PTR_NULL(r.cons_maps);
			CU_ASSERT_PTR_NULL(r.pixel_counts);
		}
	}
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_EQUAL_FATAL(r.n_map_pairs, 3);
	CHECK_NEAR(r.map_pairs[0].miou, 47.0 / 84.0, 1e-12);
	tly_result_clear(&r);
	tly_rules_free(rules);
	dataset_clear(&ds);
}

TLY_TESTS("run_semantic", {"maps", test_maps}, {"audit", test_audit}, {"pairs", test_pairs},
	  {"images", test_images}, {"kappa", test_kappa}, {"threads", test_threads}, {"failure", test_failure},
	  {"no_maps", test_no_maps}, {"faults", test_faults})
