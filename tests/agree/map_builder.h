/*
 * Label maps for the agree and run tests: add an annotator's map to an
 * image of a builder.h dataset from row-major pixels, and free the maps
 * before tly_dataset_clear (so the tests neither leak nor free twice,
 * whether or not the dataset clears its maps). Header-only like builder.h.
 */
#ifndef TLY_TESTS_AGREE_MAP_BUILDER_H
#define TLY_TESTS_AGREE_MAP_BUILDER_H

#include "agree/builder.h"
#include "tally/labelmap.h"

/*
 * Add annotator ANN's map (W x H pixels PX, category indices or
 * TLY_LABEL_IGNORE) to IMAGE, keeping the maps sorted by (annotator, gold)
 * as the store does. Its id is the next free one in the image.
 */
static inline void tb_map(tly_dataset *ds, uint32_t image, uint32_t ann, int gold, const uint32_t *px,
			  uint32_t w, uint32_t h)
{
	tly_image *im = &ds->images[image];
	tly_map_submission m;
	size_t i;

	memset(&m, 0, sizeof(m));
	m.id = (int64_t)im->n_maps + 1;
	m.annotator = ann;
	m.gold = gold;
	CU_ASSERT_EQUAL_FATAL(tly_labelmap_encode(&m.map, px, w, h), 0);
	im->maps = tb_grow(im->maps, im->n_maps, sizeof(*im->maps));
	i = im->n_maps++;
	while (i > 0 && (im->maps[i - 1].annotator > ann ||
			 (im->maps[i - 1].annotator == ann && im->maps[i - 1].gold > gold))) {
		im->maps[i] = im->maps[i - 1];
		i--;
	}
	im->maps[i] = m;
}

/* Free every image's maps and leave the images without any. */
static inline void tb_maps_clear(tly_dataset *ds)
{
	size_t i, j;

	for (i = 0; i < ds->n_images; i++) {
		tly_image *im = &ds->images[i];

		for (j = 0; j < im->n_maps; j++)
			tly_labelmap_clear(&im->maps[j].map);
		tly_free(im->maps);
		im->maps = NULL;
		im->n_maps = 0;
	}
}

/* Decode M into PX (N pixels); fails the test when the size differs. */
static inline void tb_decode(uint32_t *px, size_t n, const tly_labelmap *m)
{
	CU_ASSERT_EQUAL_FATAL(tly_labelmap_decode(px, n, m), 0);
}

#endif
