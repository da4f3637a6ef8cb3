/*
 * A deterministic synthetic dataset for the run tests: N images, five
 * annotators who copy a hidden truth with jitter, misses, label errors and
 * false positives, a gold annotator on some images, an idle annotator, and
 * image labels (single- or multi-label). Header-only like agree/builder.h.
 */
#ifndef TLY_TESTS_RUN_GEN_H
#define TLY_TESTS_RUN_GEN_H

#include <stdio.h>

#include "agree/builder.h"

/* xorshift64*: small, deterministic, good enough for test data. */
static inline uint64_t gen_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* Uniform integer in [0, n). */
static inline uint32_t gen_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)((gen_next(s) >> 33) % n);
}

/* Annotators 0-4 label, 5 is gold, 6 never submits anything. */
static inline void gen_dataset(tly_dataset *ds, size_t n_images, int multi, uint64_t seed)
{
	static const char *const names[] = {"ann0", "ann1", "ann2", "ann3", "ann4", "gold", "idle"};
	static const char *const cats[] = {"car", "person", "dog", "bike"};
	uint64_t s = seed ? seed : 1;
	size_t i, k;
	uint32_t a;

	tb_init(ds, names, 7, cats, 4);
	for (i = 0; i < n_images; i++) {
		char name[32];
		double tx[8], ty[8], tw[8], th[8];
		uint32_t tc[8], n_truth = gen_below(&s, 8), truth_label = gen_below(&s, 4), im;

		snprintf(name, sizeof(name), "img%04zu.jpg", i);
		im = tb_image(ds, name);
		for (k = 0; k < n_truth; k++) {
			tx[k] = gen_below(&s, 500);
			ty[k] = gen_below(&s, 400);
			tw[k] = 20 + gen_below(&s, 80);
			th[k] = 20 + gen_below(&s, 60);
			tc[k] = gen_below(&s, 4);
		}
		for (a = 0; a < 6; a++) {
			int gold = a == 5;
			uint32_t sub;

			if (gold ? gen_below(&s, 4) != 0 : gen_below(&s, 10) == 0)
				continue; /* gold on a quarter of the images; labellers skip a tenth */
			sub = tb_sub(ds, im, a, TLY_TASK_OBJECTS, gold);
			for (k = 0; k < n_truth; k++) {
				if (!gold && gen_below(&s, 100) < 15)
					continue;
				tb_box(ds, im, sub, !gold && gen_below(&s, 10) == 0 ? gen_below(&s, 4) : tc[k],
				       tx[k] + (gold ? 0 : (double)gen_below(&s, 7) - 3.0),
				       ty[k] + (gold ? 0 : (double)gen_below(&s, 7) - 3.0),
				       tw[k] + (gold ? 0 : (double)gen_below(&s, 5) - 2.0), th[k]);
			}
			if (!gold && gen_below(&s, 10) == 0)
				tb_box(ds, im, sub, gen_below(&s, 4), gen_below(&s, 500), gen_below(&s, 400), 30, 30);
			if (i % 2 == 0) {
				sub = tb_sub(ds, im, a, TLY_TASK_LABELS, gold);
				tb_tag(ds, im, sub, gen_below(&s, 10) < 8 ? truth_label : gen_below(&s, 4));
				if (multi && gen_below(&s, 3) == 0)
					tb_tag(ds, im, sub, (truth_label + 1 + gen_below(&s, 3)) % 4);
			}
		}
	}
}

#endif
