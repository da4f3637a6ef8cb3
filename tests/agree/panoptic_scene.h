/*
 * Small panoptic scenes drawn as text for the panoptic and PQ tests: label
 * maps from letters (S sky, R road: stuff; P person, C car: things; '.'
 * ignore), masks from '#', and label maps and mask objects added to a
 * builder dataset. Header-only like builder.h.
 */
#ifndef TLY_TESTS_AGREE_PANOPTIC_SCENE_H
#define TLY_TESTS_AGREE_PANOPTIC_SCENE_H

#include "agree/builder.h"
#include "harness.h"
#include "tally/panoptic.h"
#include "tally/rle.h"

enum { SKY = 0, ROAD = 1, PERS = 2, CAR_ = 3 };

static const char *const pn_categories[] = {"sky", "road", "person", "car"};

/* Category of a picture letter; TLY_LABEL_IGNORE for '.'. */
static inline uint32_t pn_letter(char c)
{
	switch (c) {
	case 'S': return SKY;
	case 'R': return ROAD;
	case 'P': return PERS;
	case 'C': return CAR_;
	default: return TLY_LABEL_IGNORE;
	}
}

/* Label map of the H rows of ROWS (each W letters). */
static inline void pn_map(tly_labelmap *out, const char *const *rows, uint32_t w, uint32_t h)
{
	uint32_t px[128], x, y;

	CU_ASSERT_FATAL(w * h <= 128);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			px[y * w + x] = pn_letter(rows[y][x]);
	CHECK_OK(tly_labelmap_encode(out, px, w, h));
}

/* Mask of the '#' of ROWS (H rows of W characters), as COCO RLE (column-major). */
static inline void pn_mask(tly_rle *out, const char *const *rows, uint32_t w, uint32_t h)
{
	uint8_t m[128];
	uint32_t x, y;

	CU_ASSERT_FATAL(w * h <= 128);
	for (x = 0; x < w; x++)
		for (y = 0; y < h; y++)
			m[x * h + y] = rows[y][x] == '#';
	CHECK_OK(tly_rle_encode(out, m, (int64_t)h, (int64_t)w));
}

/*
 * Categories sky, road, person, car with isthing 0, -1 (unknown: counts
 * as stuff), 1, 1, and the annotators given.
 */
static inline void pn_init(tly_dataset *ds, const char *const *annotators, size_t na)
{
	static const int isthing[4] = {0, -1, 1, 1};
	size_t c;

	tb_init(ds, annotators, na, pn_categories, 4);
	ds->category_info = tly_calloc(4, sizeof(*ds->category_info));
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds->category_info);
	for (c = 0; c < 4; c++) {
		ds->category_info[c].value = (int64_t)c;
		ds->category_info[c].isthing = isthing[c];
	}
}

/* Add a label map of ANNOTATOR to image IM (maps kept sorted by (annotator, gold)). */
static inline void pn_add_map(tly_dataset *ds, uint32_t im, uint32_t annotator, int gold, int panoptic,
			      const char *const *rows, uint32_t w, uint32_t h)
{
	tly_image *img = &ds->images[im];
	tly_map_submission *m;

	img->maps = tb_grow(img->maps, img->n_maps, sizeof(*img->maps));
	m = &img->maps[img->n_maps++];
	m->id = (int64_t)img->n_maps;
	m->annotator = annotator;
	m->gold = gold;
	m->panoptic = panoptic;
	pn_map(&m->map, rows, w, h);
	img->width = (int32_t)w;
	img->height = (int32_t)h;
}

/*
 * Add a mask object of CATEGORY drawn by ROWS to submission SUB of image
 * IM. The image's rles array is sized once for CAP masks (pass the same
 * CAP on every call for that image) so objects' rle pointers stay valid.
 */
static inline int64_t pn_add_mask(tly_dataset *ds, uint32_t im, uint32_t sub, uint32_t category, int iscrowd,
				  const char *const *rows, uint32_t w, uint32_t h, size_t cap)
{
	tly_image *img = &ds->images[im];
	tly_object *o;
	tly_rle *r;
	int64_t id;

	if (!img->rles) {
		img->rles = tly_calloc(cap, sizeof(*img->rles));
		CU_ASSERT_PTR_NOT_NULL_FATAL(img->rles);
	}
	CU_ASSERT_FATAL(img->n_rles < cap);
	r = &img->rles[img->n_rles++];
	pn_mask(r, rows, w, h);
	id = tb_box(ds, im, sub, category, 0, 0, 1, 1);
	o = &img->objs[img->n_objs - 1];
	o->geom.kind = TLY_GEOM_MASK;
	o->geom.box = tly_rle_bbox(r);
	o->geom.rle = r;
	o->iscrowd = iscrowd;
	return id;
}

/* Free what the builder and these helpers made (maps and category info first). */
static inline void pn_clear(tly_dataset *ds)
{
	size_t i, j;

	for (i = 0; i < ds->n_images; i++) {
		for (j = 0; j < ds->images[i].n_maps; j++)
			tly_labelmap_clear(&ds->images[i].maps[j].map);
		tly_free(ds->images[i].maps);
		ds->images[i].maps = NULL;
		ds->images[i].n_maps = 0;
	}
	tly_free(ds->category_info);
	ds->category_info = NULL;
	tly_dataset_clear(ds);
}

/* Segment S has these fields. */
static inline void pn_check_segment(const tly_panoptic_segment *s, uint32_t id, uint32_t category, int iscrowd,
				    uint64_t area, double x, double y, double w, double h, int64_t source)
{
	CU_ASSERT_EQUAL(s->id, id);
	CU_ASSERT_EQUAL(s->category, category);
	CU_ASSERT_EQUAL(s->iscrowd, iscrowd);
	CU_ASSERT_EQUAL(s->area, area);
	CU_ASSERT(s->bbox.x == x && s->bbox.y == y && s->bbox.w == w && s->bbox.h == h);
	CU_ASSERT_EQUAL(s->cons_object, source);
}

/* The ids of P equal the digits of ROWS ('0' void, '1'..'9'). */
static inline void pn_check_ids(const tly_panoptic *p, const char *const *rows)
{
	uint32_t x, y;

	for (y = 0; y < p->h; y++)
		for (x = 0; x < p->w; x++) {
			uint32_t want = (uint32_t)(rows[y][x] - '0');

			if (p->ids[y * p->w + x] != want)
				fprintf(stderr, "pixel (%u, %u): id %u, expected %u\n", x, y,
					p->ids[y * p->w + x], want);
			CU_ASSERT_EQUAL(p->ids[y * p->w + x], want);
		}
}

#endif
