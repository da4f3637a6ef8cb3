/*
 * COCO panoptic PNGs: found beside their JSON, then segment id = R + 256 G
 * + 256^2 B, 0 = void (panopticapi, panopticapi/utils.py rgb2id; the
 * format page of cocodataset.org). One row-major pass maps ids to segments
 * (and finds ids segments_info lacks), one column-major pass grows the
 * thing masks' COCO runs. Tested by tests/ingest/test_coco_panoptic.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/mask_runs.h"
#include "ingest/panoptic_png.h"
#include "ingest/text.h"
#include "tally/error.h"
#include "tally/raster.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/sha256.h"

#define VOID_SEG UINT32_MAX

typedef struct {
	uint32_t id;
	uint32_t seg; /* index into segs */
} id_index;

static int by_id(const void *a, const void *b)
{
	uint32_t x = ((const id_index *)a)->id, y = ((const id_index *)b)->id;

	return x < y ? -1 : x > y;
}

static uint32_t id_at(const tly_raster *png, size_t i)
{
	const uint16_t *s = png->px + i * png->channels;

	/* A grey or palette PNG is a 2-D array: rgb2id returns it as the ids. */
	if (png->channels < 3)
		return s[0];
	return (uint32_t)s[0] + 256u * s[1] + 65536u * s[2];
}

/* Segment index of ID in ORDER (N entries), or VOID_SEG when none. */
static uint32_t find(const id_index *order, size_t n, uint32_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (order[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && order[lo].id == id ? order[lo].seg : VOID_SEG;
}

/* Every pixel's segment index (VOID_SEG for void) into PX; counts pixels. */
static int assign(uint32_t *px, tly_ingest__segment *segs, const id_index *order, size_t n,
		  const tly_raster *png, const char *file, const char *at, const char *png_path)
{
	size_t i, pixels = (size_t)png->w * png->h;
	uint32_t last_id = 0, last_seg = VOID_SEG;

	for (i = 0; i < pixels; i++) {
		uint32_t id = id_at(png, i);

		/* Neighbouring pixels mostly share a segment: one compare, not a search. */
		if (id != last_id) {
			last_id = id;
			last_seg = id ? find(order, n, id) : VOID_SEG;
			if (id && last_seg == VOID_SEG)
				return tly_error_set(TLY_EINPUT, "%s: %s: segment id %u at pixel (%u, %u) of %s is not "
						     "in segments_info", file, at, id, (unsigned)(i % png->w),
						     (unsigned)(i / png->w), png_path);
		}
		px[i] = last_seg;
		if (last_seg != VOID_SEG)
			segs[last_seg].pixels++;
	}
	return 0;
}

/* The things' masks, walked in COCO's column-major order. */
static int thing_masks(tly_ingest__segment *segs, size_t n, const uint32_t *px, uint32_t w, uint32_t h)
{
	tly_ingest__runs *runs = tly_calloc(n ? n : 1, sizeof(*runs));
	uint32_t x, y;
	size_t k;
	int error = 0;

	if (!runs)
		return TLY_ENOMEM;
	for (x = 0; x < w; x++) {
		for (y = 0; y < h; y++) {
			uint32_t s = px[(size_t)y * w + x];
			uint64_t p = (uint64_t)x * h + y;

			if (s == VOID_SEG || !segs[s].thing)
				continue;
			tly_ingest__runs_add(&runs[s], 0, p - runs[s].pos);
			tly_ingest__runs_add(&runs[s], 1, 1);
		}
	}
	for (k = 0; k < n; k++) {
		if (segs[k].thing && !error)
			error = tly_ingest__runs_finish(&segs[k].rle, &runs[k], h, w);
		tly_ingest__runs_clear(&runs[k]);
	}
	tly_free(runs);
	return error;
}

static int check_png(const tly_raster *png, const char *png_path)
{
	if (png->channels == 2)
		return tly_error_set(TLY_EINPUT, "%s: a grey and alpha PNG; a panoptic PNG is RGB", png_path);
	if (png->channels >= 3 && png->depth > 8)
		return tly_error_set(TLY_EINPUT, "%s: a %u-bit RGB PNG; a panoptic PNG has 8-bit samples",
				     png_path, png->depth);
	return 0;
}

/* Segment ids into *map and SEGS (pixels, things' masks). */
static int decode(tly_labelmap *map, tly_ingest__segment *segs, size_t n, const tly_raster *png,
		  const char *file, const char *at, const char *png_path)
{
	size_t i, pixels = (size_t)png->w * png->h;
	id_index *order = NULL;
	uint32_t *px = NULL;
	int error;

	tly_labelmap_init(map);
	if ((error = check_png(png, png_path)) < 0)
		return error;
	order = tly_reallocarray(NULL, n ? n : 1, sizeof(*order));
	px = tly_reallocarray(NULL, pixels ? pixels : 1, sizeof(*px));
	if (!order || !px) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		order[i].id = segs[i].id;
		order[i].seg = (uint32_t)i;
		segs[i].pixels = 0;
		tly_rle_init(&segs[i].rle);
	}
	qsort(order, n, sizeof(*order), by_id);
	for (i = 1; i < n; i++)
		if (order[i].id == order[i - 1].id) {
			error = tly_error_set(TLY_EARG, "%s: %s: segment id %u twice", file, at, order[i].id);
			goto out;
		}
	if ((error = assign(px, segs, order, n, png, file, at, png_path)) < 0 ||
	    (error = thing_masks(segs, n, px, png->w, png->h)) < 0)
		goto out;
	/* Segments become their categories; void stays void. */
	for (i = 0; i < pixels; i++)
		px[i] = px[i] == VOID_SEG ? TLY_LABEL_IGNORE : segs[px[i]].category;
	error = tly_labelmap_encode(map, px, png->w, png->h);
out:
	if (error < 0)
		for (i = 0; i < n; i++)
			tly_rle_clear(&segs[i].rle);
	tly_free(order);
	tly_free(px);
	return error;
}

/* The folder part of PATH with its slash ("" when none), and its stem. */
static int where_json(tly_buf *dir, tly_buf *stem, const char *path)
{
	const char *base = tly_ingest__basename(path), *dot = strrchr(base, '.');

	tly_buf_put(dir, path, (size_t)(base - path));
	tly_buf_put(stem, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
	/* An empty folder part is still a string: allocate its NUL. */
	tly_buf_putc(dir, '\0');
	dir->size--;
	return dir->error ? dir->error : stem->error;
}

int tly_ingest__panoptic_find(char **out, tly_jloc at, const char *name, const char *images_dir)
{
	tly_buf dir = TLY_BUF_INIT, stem = TLY_BUF_INIT, c = TLY_BUF_INIT;
	int k, error;

	*out = NULL;
	if ((error = where_json(&dir, &stem, at.file)) < 0)
		goto out;
	for (k = 0; k < 3 && !*out; k++) {
		c.size = 0;
		if (k == 0)
			tly_buf_printf(&c, "%s%s/%s", dir.ptr, stem.ptr, name);
		else if (k == 1)
			tly_buf_printf(&c, "%s%s", dir.ptr, name);
		else if (images_dir)
			tly_buf_printf(&c, "%s/%s", images_dir, name);
		else
			break;
		if ((error = c.error) < 0)
			goto out;
		if (access(c.ptr, R_OK) == 0)
			*out = tly_buf_detach(&c);
	}
	if (!*out)
		error = tly_ingest__json_fail(TLY_EINPUT, at, "file_name", "no PNG %s in %s%s/ or %s%s%s%s",
					      name, dir.ptr, stem.ptr, dir.size ? dir.ptr : "./",
					      images_dir ? " or " : "",
					      images_dir ? images_dir : "",
					      images_dir ? "/" : "");
out:
	tly_buf_clear(&dir);
	tly_buf_clear(&stem);
	tly_buf_clear(&c);
	return error;
}

int tly_ingest__panoptic_read(tly_labelmap *map, char sha256[65], tly_ingest__segment *segs, size_t n,
			      const tly_batch_image *im, tly_jloc at, const char *png_path)
{
	tly_buf bytes = TLY_BUF_INIT;
	tly_raster png;
	size_t j;
	int error;

	tly_raster_init(&png);
	if ((error = tly_buf_read_file(&bytes, png_path, TLY_MAX_FILE_BYTES)) < 0)
		goto out;
	tly_sha256_hex(sha256, bytes.ptr ? bytes.ptr : "", bytes.size);
	if ((error = tly_png_read(&png, (const uint8_t *)(bytes.ptr ? bytes.ptr : ""), bytes.size,
				  png_path)) < 0)
		goto out;
	if ((im->width && (uint32_t)im->width != png.w) || (im->height && (uint32_t)im->height != png.h)) {
		error = tly_ingest__json_fail(TLY_EINPUT, at, NULL, "PNG %s is %ux%u but image %s is %dx%d",
					      png_path, png.w, png.h, im->name, (int)im->width, (int)im->height);
		goto out;
	}
	if ((error = decode(map, segs, n, &png, at.file, at.path, png_path)) < 0)
		goto out;
	/* The other way round, as pq_compute checks: every listed segment is drawn. */
	for (j = 0; j < n; j++)
		if (segs[j].pixels == 0) {
			error = tly_error_set(TLY_EINPUT, "%s: %s.segments_info[%zu]: segment id %u is not in %s",
					      at.file, at.path, j, segs[j].id, png_path);
			goto out;
		}
out:
	tly_raster_clear(&png);
	tly_buf_clear(&bytes);
	return error;
}
