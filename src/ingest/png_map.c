/*
 * PNG label maps for semantic segmentation (SPEC §7): one PNG per image
 * per annotator, pixel value = class (grey 1-16 bit, or palette indices
 * kept as they are); class names, ignore value and the photo's extension
 * from the classes.json sidecar (png_classes.c; its bytes join the batch's
 * content hash). An RGB PNG is read only when every pixel is grey (R = G =
 * B: a grey map some tool saved as RGB); colour-coded maps need a colour
 * table tally does not guess. Tested by tests/ingest/test_png_map.c.
 */
#include <stdio.h>
#include <string.h>

#include "ingest/png_classes.h"
#include "ingest/readers.h"
#include "ingest/text.h"
#include "tally/error.h"
#include "tally/labelmap.h"
#include "tally/raster.h"
#include "util/alloc.h"
#include "util/buf.h"

static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

int tly_ingest__png_is_png(const char *data, size_t len)
{
	return len >= sizeof(signature) && memcmp(data, signature, sizeof(signature)) == 0;
}

/* One pixel's class value, or TLY_LABEL_IGNORE; marks SEEN. */
static int pixel(uint32_t *out, uint8_t *seen, const tly_raster *png, const tly_png_classes *cls,
		 size_t i, const char *file)
{
	const uint16_t *s = png->px + i * png->channels;
	uint32_t x = (uint32_t)(i % png->w), y = (uint32_t)(i / png->w);

	if (png->channels == 3 && (s[1] != s[0] || s[2] != s[0]))
		return tly_error_set(TLY_EINPUT, "%s: pixel (%u, %u) is RGB (%u, %u, %u), not grey: "
				     "colour-coded label maps are not read (write class values as grey "
				     "or palette indices)", file, x, y, s[0], s[1], s[2]);
	if (cls->ignore >= 0 && s[0] == cls->ignore) {
		*out = TLY_LABEL_IGNORE;
		return 0;
	}
	if (cls->has_classes && (s[0] >= cls->n || !cls->names[s[0]]))
		return tly_error_set(TLY_EINPUT, "%s: pixel (%u, %u) has value %u, not in %s", file, x, y,
				     s[0], cls->path);
	seen[s[0]] = 1;
	*out = s[0];
	return 0;
}

/* The classes of the values SEEN, ascending; names live in CLS or NUMS. */
static int classes_of(tly_batch_class **out, size_t *n, char **nums, const uint8_t *seen,
		      const tly_png_classes *cls)
{
	size_t v, k = 0, count = 0;

	for (v = 0; v <= TLY_PNG_MAX_VALUE; v++)
		count += seen[v];
	*out = tly_calloc(count ? count : 1, sizeof(**out));
	*nums = tly_calloc(count ? count : 1, 8);
	if (!*out || !*nums)
		return TLY_ENOMEM;
	for (v = 0; v <= TLY_PNG_MAX_VALUE; v++) {
		if (!seen[v])
			continue;
		(*out)[k].value = (uint32_t)v;
		(*out)[k].isthing = -1;
		if (cls->has_classes) {
			(*out)[k].label = cls->names[v];
		} else {
			/* Without a sidecar a class is named by its value. */
			snprintf(*nums + 8 * k, 8, "%zu", v);
			(*out)[k].label = *nums + 8 * k;
		}
		k++;
	}
	*n = count;
	return 0;
}

/* The image a map labels: the PNG's name, or its stem + the sidecar's image_ext. */
static char *image_name(const char *path, const tly_png_classes *cls)
{
	const char *base = tly_ingest__basename(path), *dot = strrchr(base, '.');
	tly_buf b = TLY_BUF_INIT;

	if (!cls->image_ext)
		return tly_strdup(base);
	tly_buf_put(&b, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
	tly_buf_puts(&b, cls->image_ext);
	if (b.error) {
		tly_buf_clear(&b);
		return NULL;
	}
	return tly_buf_detach(&b);
}

static int check_channels(const tly_raster *png, const char *file)
{
	if (png->channels == 1 || png->channels == 3)
		return 0;
	return tly_error_set(TLY_EINPUT, "%s: a PNG with %s; a label map has one value per pixel "
			     "(grey or palette)", file, png->channels == 2 ? "grey and alpha" : "RGBA");
}

int tly_ingest__png_map(tly_batch *b, const char *data, size_t len, const tly_ingest_options *opts)
{
	tly_png_classes cls;
	tly_raster png;
	tly_labelmap map;
	tly_batch_class *classes = NULL;
	uint32_t *px = NULL;
	uint8_t *seen = NULL;
	char *nums = NULL, *name = NULL;
	size_t i, pixels, n_classes = 0, image;
	int error;

	tly_raster_init(&png);
	tly_labelmap_init(&map);
	memset(&cls, 0, sizeof(cls));
	if (!opts->annotator) {
		error = tly_error_set(TLY_EINPUT, "%s: no annotator: pass --annotator (PNG label maps do not "
				      "record one)", b->path);
		goto out;
	}
	if ((error = tly_ingest__png_classes(&cls, b->path, opts->root)) < 0)
		goto out;
	if (cls.path)
		tly_ingest__hash_more(b, cls.sha256);
	if ((error = tly_png_read(&png, (const uint8_t *)data, len, b->path)) < 0 ||
	    (error = check_channels(&png, b->path)) < 0)
		goto out;
	pixels = (size_t)png.w * png.h;
	px = tly_reallocarray(NULL, pixels ? pixels : 1, sizeof(*px));
	seen = tly_calloc(TLY_PNG_MAX_VALUE + 1, 1);
	if (!px || !seen) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < pixels; i++)
		if ((error = pixel(&px[i], seen, &png, &cls, i, b->path)) < 0)
			goto out;
	if ((error = tly_labelmap_encode(&map, px, png.w, png.h)) < 0 ||
	    (error = classes_of(&classes, &n_classes, &nums, seen, &cls)) < 0)
		goto out;
	if (!(name = image_name(b->path, &cls))) {
		error = TLY_ENOMEM;
		goto out;
	}
	if ((error = tly_batch_add_image(&image, b, name, (int32_t)png.w, (int32_t)png.h, b->path)) < 0)
		goto out;
	error = tly_batch_add_map(b, image, opts->annotator, 0, cls.ignore, &map, classes, n_classes,
				  b->path, b->path);
out:
	tly_ingest__png_classes_clear(&cls);
	tly_raster_clear(&png);
	tly_labelmap_clear(&map);
	tly_free(classes);
	tly_free(px);
	tly_free(seen);
	tly_free(nums);
	tly_free(name);
	return error;
}
