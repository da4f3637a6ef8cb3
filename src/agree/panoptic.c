/*
 * Assembling a panoptic segmentation from a category layer (a label map)
 * and thing instances (masks): the consensus one (SPEC §5, "per-pixel
 * category vote, then thing instances") and an annotator's own. The rules
 * are stated at tly_panoptic_assemble in tally/panoptic.h; checked by
 * tests/agree/test_panoptic.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agree/panoptic.h"
#include "tally/error.h"
#include "tally/labelmap.h"
#include "util/alloc.h"

void tly_panoptic_clear(tly_panoptic *p)
{
	if (!p)
		return;
	tly_free(p->ids);
	tly_free(p->segments);
	memset(p, 0, sizeof(*p));
}

static int is_thing(const tly_category_info *info, uint32_t c)
{
	return info && info[c].isthing == 1;
}

/* Non-crowd first; then descending confidence (NaN last); then ascending source. */
static int cmp_thing(const void *pa, const void *pb)
{
	const tly_panoptic__thing *a = pa, *b = pb;
	int na = isnan(a->confidence), nb = isnan(b->confidence);

	if (a->iscrowd != b->iscrowd)
		return a->iscrowd ? 1 : -1;
	if (na != nb)
		return na - nb;
	if (!na && a->confidence != b->confidence)
		return a->confidence > b->confidence ? -1 : 1;
	return (a->source > b->source) - (a->source < b->source);
}

/* What one pass over a mask found. */
typedef struct {
	uint64_t area;   /* mask pixels */
	uint64_t agree;  /* ... whose map value is the thing's category */
	uint64_t free_;  /* ... of those, not in an earlier segment */
} mask_counts;

/* Pixel extent of a segment, for its bounding box. */
typedef struct {
	uint32_t x0, y0, x1, y1;
} extent;

static void extent_add(extent *e, uint64_t area_before, uint32_t x, uint32_t y)
{
	if (area_before == 0) {
		e->x0 = e->x1 = x;
		e->y0 = e->y1 = y;
		return;
	}
	if (x < e->x0)
		e->x0 = x;
	if (x > e->x1)
		e->x1 = x;
	if (y < e->y0)
		e->y0 = y;
	if (y > e->y1)
		e->y1 = y;
}

/*
 * Walk MASK (column-major runs of its h x w pixels, the map's size) against
 * map PX (row-major). ID 0: only count into *c. ID > 0: give ID to every
 * pixel the thing may take (its category in PX, free) and record them in
 * SEG (area, extent).
 */
static void walk(mask_counts *c, const tly_rle *mask, const uint32_t *px, uint32_t *ids,
		 uint32_t category, uint32_t id, tly_panoptic_segment *seg, extent *e)
{
	uint64_t pos = 0, k, i;
	uint32_t h = mask->h, w = mask->w;

	memset(c, 0, sizeof(*c));
	for (k = 0; k < mask->m; k++) {
		uint64_t len = mask->counts[k];

		if (k % 2 == 1 && len) {
			uint32_t x = (uint32_t)(pos / h), y = (uint32_t)(pos % h);

			for (i = 0; i < len; i++) {
				size_t p = (size_t)y * w + x;

				c->area++;
				if (px[p] == category) {
					c->agree++;
					if (ids[p] == 0) {
						c->free_++;
						if (id) {
							ids[p] = id;
							extent_add(e, seg->area, x, y);
							seg->area++;
						}
					}
				}
				if (++y == h) {
					y = 0;
					x++;
				}
			}
		}
		pos += len;
	}
}

static tly_box extent_box(const extent *e)
{
	tly_box b;

	b.x = (double)e->x0;
	b.y = (double)e->y0;
	b.w = (double)(e->x1 - e->x0) + 1.0;
	b.h = (double)(e->y1 - e->y0) + 1.0;
	return b;
}

/* Whether MASK's runs cover exactly its h x w pixels (so a walk stays inside the map). */
static int runs_fit(const tly_rle *mask)
{
	uint64_t sum = 0;
	size_t k;

	for (k = 0; k < mask->m; k++)
		sum += mask->counts[k];
	return sum == (uint64_t)mask->h * mask->w;
}

/* Place THINGS (sorted) into OUT; ids go on from out->n_segments. */
static void place_things(tly_panoptic *out, const uint32_t *px, const tly_category_info *info,
			 const tly_panoptic__thing *things, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const tly_panoptic__thing *t = &things[i];
		const tly_rle *m = t->mask;
		tly_panoptic_segment *seg = &out->segments[out->n_segments];
		mask_counts c;
		extent e;
		int keep;

		if (!m || !is_thing(info, t->category) || m->h != out->h || m->w != out->w ||
		    !m->counts || !runs_fit(m))
			continue;
		walk(&c, m, px, out->ids, t->category, 0, NULL, NULL);
		/* strict majority, the project's "more than half" (SPEC §5) */
		keep = t->iscrowd ? 2 * c.agree > c.area && c.free_ > 0 : 2 * c.free_ > c.area;
		if (!keep)
			continue;
		memset(seg, 0, sizeof(*seg));
		memset(&e, 0, sizeof(e));
		seg->id = (uint32_t)out->n_segments + 1;
		seg->category = t->category;
		seg->iscrowd = t->iscrowd ? 1 : 0;
		seg->cons_object = t->source;
		walk(&c, m, px, out->ids, t->category, seg->id, seg, &e);
		seg->bbox = extent_box(&e);
		out->n_segments++;
	}
}

/* One segment per stuff category present in PX (NPIX pixels), by category index. */
static int place_stuff(tly_panoptic *out, const uint32_t *px, size_t npix, const tly_category_info *info,
		       size_t n_categories)
{
	uint32_t *stuff_id = tly_calloc(n_categories ? n_categories : 1, sizeof(*stuff_id));
	extent *ext = NULL;
	size_t p, c, first = out->n_segments;
	int error = 0;

	if (!stuff_id) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (p = 0; p < npix; p++)
		if (px[p] != TLY_LABEL_IGNORE && !is_thing(info, px[p]))
			stuff_id[px[p]] = 1;
	for (c = 0; c < n_categories; c++) {
		if (!stuff_id[c])
			continue;
		memset(&out->segments[out->n_segments], 0, sizeof(*out->segments));
		out->segments[out->n_segments].id = (uint32_t)out->n_segments + 1;
		out->segments[out->n_segments].category = (uint32_t)c;
		out->segments[out->n_segments].cons_object = -1;
		stuff_id[c] = (uint32_t)++out->n_segments;
	}
	if (out->n_segments > first &&
	    !(ext = tly_calloc(out->n_segments - first, sizeof(*ext)))) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (p = 0; p < npix; p++) {
		tly_panoptic_segment *seg;
		uint32_t id;

		if (px[p] == TLY_LABEL_IGNORE || is_thing(info, px[p]))
			continue;
		id = stuff_id[px[p]];
		seg = &out->segments[id - 1];
		out->ids[p] = id;
		extent_add(&ext[id - 1 - first], seg->area, (uint32_t)(p % out->w), (uint32_t)(p / out->w));
		seg->area++;
	}
	for (c = first; c < out->n_segments; c++)
		out->segments[c].bbox = extent_box(&ext[c - first]);
out:
	tly_free(stuff_id);
	tly_free(ext);
	return error;
}

int tly_panoptic__build(tly_panoptic *out, const uint32_t *px, uint32_t w, uint32_t h,
			const tly_category_info *info, size_t n_categories,
			tly_panoptic__thing *things, size_t n, const char **why)
{
	size_t npix = (size_t)w * h, p, i, max_seg;
	int error = 0;

	memset(out, 0, sizeof(*out));
	for (p = 0; p < npix; p++)
		if (px[p] != TLY_LABEL_IGNORE && px[p] >= n_categories) {
			*why = "a map value is not a category";
			return TLY_EARG;
		}
	for (i = 0; i < n; i++)
		if (things[i].category >= n_categories) {
			*why = "an object's category is not a category";
			return TLY_EARG;
		}
	/* every segment is a thing or a stuff category: at most n + n_categories */
	if (tly_add_size(&max_seg, n, n_categories) < 0 || max_seg >= UINT32_MAX) {
		*why = "more segments than 32-bit ids";
		return TLY_ELIMIT;
	}
	out->w = w;
	out->h = h;
	out->ids = tly_calloc(npix ? npix : 1, sizeof(*out->ids));
	out->segments = tly_calloc(max_seg ? max_seg : 1, sizeof(*out->segments));
	if (!out->ids || !out->segments) {
		error = TLY_ENOMEM;
		goto out;
	}
	if (n > 1)
		qsort(things, n, sizeof(*things), cmp_thing);
	place_things(out, px, info, things, n);
	error = place_stuff(out, px, npix, info, n_categories);
out:
	if (error < 0) {
		*why = "out of memory";
		tly_panoptic_clear(out);
	}
	return error;
}

/* Decode M into a new dense array *px (caller frees). */
static int decode(uint32_t **px, const tly_labelmap *m, const char **why)
{
	size_t npix;

	*px = NULL;
	if (tly_mul_size(&npix, m->w, m->h) < 0) {
		*why = "map too large";
		return TLY_ELIMIT;
	}
	if (!(*px = tly_reallocarray(NULL, npix ? npix : 1, sizeof(**px))))
		return TLY_ENOMEM;
	if (tly_labelmap_decode(*px, npix, m) < 0) {
		*why = "the map's runs do not cover its pixels";
		return TLY_EARG;
	}
	return 0;
}

/* First consensus object of IMAGE in R (grouped by image, in image order). */
static size_t first_of_image(const tly_result *r, uint32_t image)
{
	size_t lo = 0, hi = r->n_cons_objects;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->cons_objects[mid].image < image)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int fail(int error, const char *where, const char *why)
{
	if (error == TLY_ENOMEM)
		return tly_error_set(error, "%s: out of memory", where);
	return tly_error_set(error, "%s: %s", where, why ? why : "failed");
}

int tly_panoptic_assemble(tly_panoptic *out, const tly_dataset *ds, const tly_result *r,
			  const tly_cons_map *cm)
{
	tly_panoptic__thing *things = NULL;
	uint32_t *px = NULL;
	const char *why = NULL;
	size_t first, end, n = 0;
	int error = 0;

	if (out)
		memset(out, 0, sizeof(*out));
	if (!out || !ds || !r || !cm)
		return tly_error_set(TLY_EARG, "panoptic assemble: NULL argument");
	if (cm->image >= ds->n_images)
		return tly_error_set(TLY_EARG, "panoptic assemble: image %u of %zu", cm->image, ds->n_images);
	if ((error = decode(&px, &cm->map, &why)) < 0)
		goto out;
	first = first_of_image(r, cm->image);
	for (end = first; end < r->n_cons_objects && r->cons_objects[end].image == cm->image; end++)
		;
	if (end > first && !(things = tly_calloc(end - first, sizeof(*things)))) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (; first < end; first++) {
		const tly_cons_object *o = &r->cons_objects[first];

		/* only masks have pixels to give */
		if (o->geom.kind != TLY_GEOM_MASK || !o->geom.rle)
			continue;
		things[n].mask = o->geom.rle;
		things[n].category = o->category;
		things[n].iscrowd = o->iscrowd;
		things[n].confidence = o->confidence;
		things[n].source = (int64_t)first;
		n++;
	}
	error = tly_panoptic__build(out, px, cm->map.w, cm->map.h, ds->category_info, ds->n_categories,
				    things, n, &why);
out:
	tly_free(px);
	tly_free(things);
	if (error < 0)
		error = fail(error, "panoptic assemble", why);
	return error;
}

int tly_panoptic__own_things(tly_panoptic__thing **things, size_t *cap, size_t *n, const tly_image *im,
			     uint32_t annotator, int gold, const char **why)
{
	size_t i;

	*n = 0;
	for (i = 0; i < im->n_objs; i++) {
		const tly_object *o = &im->objs[i];
		const tly_submission *s;
		tly_panoptic__thing *t;

		if (o->annotator != annotator)
			continue;
		if (o->sub >= im->n_subs) {
			*why = "an object's submission is out of range";
			return TLY_EARG;
		}
		s = &im->subs[o->sub];
		if (s->task != TLY_TASK_OBJECTS || (s->gold != 0) != (gold != 0) || !o->geom.rle)
			continue;
		if (*n == *cap) {
			size_t nc = *cap ? 2 * *cap : 16;
			tly_panoptic__thing *g = tly_reallocarray(*things, nc, sizeof(**things));

			if (!g)
				return TLY_ENOMEM;
			*things = g;
			*cap = nc;
		}
		t = &(*things)[(*n)++];
		t->mask = o->geom.rle;
		t->category = o->category;
		t->iscrowd = o->iscrowd;
		/* one annotator's instances are all equally sure: object order decides */
		t->confidence = 1.0;
		t->source = (int64_t)i;
	}
	return 0;
}

int tly_panoptic_of_annotator(tly_panoptic *out, const tly_dataset *ds, uint32_t image,
			      const tly_map_submission *m)
{
	tly_panoptic__thing *things = NULL;
	uint32_t *px = NULL;
	const char *why = NULL;
	size_t cap = 0, n = 0;
	int error = 0;

	if (out)
		memset(out, 0, sizeof(*out));
	if (!out || !ds || !m)
		return tly_error_set(TLY_EARG, "panoptic of annotator: NULL argument");
	if (image >= ds->n_images)
		return tly_error_set(TLY_EARG, "panoptic of annotator: image %u of %zu", image, ds->n_images);
	if ((error = decode(&px, &m->map, &why)) < 0 ||
	    (error = tly_panoptic__own_things(&things, &cap, &n, &ds->images[image], m->annotator, m->gold,
					      &why)) < 0)
		goto out;
	error = tly_panoptic__build(out, px, m->map.w, m->map.h, ds->category_info, ds->n_categories,
				    things, n, &why);
out:
	tly_free(px);
	tly_free(things);
	if (error < 0)
		error = fail(error, "panoptic of annotator", why);
	return error;
}
