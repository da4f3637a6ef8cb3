/*
 * The shared part of the folder exports (folder.h): file stems that give
 * back the image names when the folder is ingested again (the PNG
 * reader's rule: stem + classes.json's image_ext), one value per category
 * with no two alike, and the atomic file writes. Tested by
 * tests/export/test_labelmap_png.c and test_panoptic.c.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tally/error.h"
#include "export/folder.h"
#include "util/alloc.h"

#define BAD(...) tly_error_set(TLY_EARG, "export: " __VA_ARGS__)

/* The extension of NAME (from its last dot, when that is not its first byte), or NULL. */
static const char *ext_of(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && dot != name && dot[1] ? dot : NULL;
}

/* Image names come from basenames, but a store may hold anything: refuse what is no file name. */
static int check_name(const char *name)
{
	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strchr(name, '/'))
		return BAD("image \"%s\" cannot name a file", name);
	return 0;
}

static int make_stems(tly_export__folder *f, const tly_dataset *ds, const tly_result *r)
{
	const char *common = NULL;
	int uniform = r->n_cons_maps > 0;
	size_t i;
	int error;

	for (i = 0; i < r->n_cons_maps; i++) {
		const char *name, *e;

		name = ds->images[r->cons_maps[i].image].name;
		e = ext_of(name);
		if ((error = check_name(name)) < 0)
			return error;
		if (!e || (common && strcmp(e, common) != 0))
			uniform = 0;
		common = common ? common : e;
	}
	if (uniform && !(f->image_ext = tly_strdup(common)))
		return TLY_ENOMEM;
	if (!(f->stems = tly_calloc(r->n_cons_maps ? r->n_cons_maps : 1, sizeof(char *))))
		return TLY_ENOMEM;
	for (i = 0; i < r->n_cons_maps; i++) {
		const char *name = ds->images[r->cons_maps[i].image].name;

		f->stems[i] = uniform ? tly_strndup(name, (size_t)(ext_of(name) - name)) : tly_strdup(name);
		if (!f->stems[i])
			return TLY_ENOMEM;
		f->n_stems++;
	}
	return 0;
}

typedef struct {
	int64_t value;
	uint32_t category;
} valued;

static int by_value(const void *x, const void *y)
{
	const valued *a = x, *b = y;

	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	return (a->category > b->category) - (a->category < b->category);
}

/* Values sorted, the first category of each value (by index) keeps it. */
static int make_values(tly_export__folder *f, const tly_dataset *ds, int64_t max)
{
	valued *v = NULL;
	size_t i, n = 0;

	f->value = tly_calloc(ds->n_categories ? ds->n_categories : 1, sizeof(int64_t));
	f->listed = tly_calloc(ds->n_categories ? ds->n_categories : 1, sizeof(uint32_t));
	v = tly_calloc(ds->n_categories ? ds->n_categories : 1, sizeof(*v));
	if (!f->value || !f->listed || !v) {
		tly_free(v);
		return TLY_ENOMEM;
	}
	for (i = 0; i < ds->n_categories; i++) {
		int64_t x = ds->category_info ? ds->category_info[i].value : -1;

		f->value[i] = -1;
		/* an alias or ignored label (the rules retired it) paints no pixel: not a class */
		if (x >= 0 && x <= max && x != f->ignore && !tly_dataset_category_retired(ds, i))
			v[n++] = (valued){x, (uint32_t)i};
	}
	qsort(v, n, sizeof(*v), by_value);
	for (i = 0; i < n; i++) {
		if (i && v[i].value == v[i - 1].value)
			continue;
		f->value[v[i].category] = v[i].value;
		f->listed[f->n_listed++] = v[i].category;
		f->max_value = v[i].value;
	}
	tly_free(v);
	return 0;
}

int tly_export__folder_init(tly_export__folder *f, const tly_dataset *ds, const tly_result *r,
			    int64_t ignore, int64_t max)
{
	int error;

	memset(f, 0, sizeof(*f));
	f->max_value = -1;
	f->ignore = ignore;
	if (r->n_cons_maps && !ds->category_info)
		return BAD("the run has consensus label maps but the dataset no label-map classes");
	if ((error = make_stems(f, ds, r)) < 0 || (error = make_values(f, ds, max)) < 0)
		tly_export__folder_clear(f);
	return error;
}

void tly_export__folder_clear(tly_export__folder *f)
{
	size_t i;

	for (i = 0; i < f->n_stems; i++)
		tly_free(f->stems[i]);
	tly_free(f->stems);
	tly_free(f->image_ext);
	tly_free(f->value);
	tly_free(f->listed);
	memset(f, 0, sizeof(*f));
}

int tly_export__folder_value(uint32_t *out, const tly_export__folder *f, const tly_dataset *ds,
			     uint32_t c, const char *image)
{
	const char *name = ds->categories[c].name;
	int64_t x = ds->category_info[c].value;
	size_t i;

	if (f->value[c] >= 0) {
		*out = (uint32_t)f->value[c];
		return 0;
	}
	if (x < 0)
		return BAD("%s: category %s has no pixel value (no label map named it)", image, name);
	if (x == f->ignore)
		return BAD("%s: category %s has the ignore value %" PRId64 " as its pixel value", image,
			   name, x);
	for (i = 0; i < ds->n_categories; i++)
		if (f->value[i] == x)
			return BAD("%s: categories %s and %s share pixel value %" PRId64, image,
				   ds->categories[i].name, name, x);
	return BAD("%s: category %s's value %" PRId64 " does not fit the format", image, name, x);
}

int tly_export__make_dirs(const char *dir, const char *sub)
{
	tly_buf path = TLY_BUF_INIT;
	int error;

	if (!sub)
		return tly_make_dirs(dir);
	tly_buf_printf(&path, "%s/%s", dir, sub);
	error = path.error ? path.error : tly_make_dirs(path.ptr);
	tly_buf_clear(&path);
	return error;
}

static int write_bytes(const char *dir, const char *sub, const char *name, const char *suffix,
		       const void *data, size_t len)
{
	tly_buf path = TLY_BUF_INIT;
	int error;

	if (sub)
		tly_buf_printf(&path, "%s/%s/%s%s", dir, sub, name, suffix);
	else
		tly_buf_printf(&path, "%s/%s%s", dir, name, suffix);
	error = path.error ? path.error : tly_write_file(path.ptr, data, len);
	tly_buf_clear(&path);
	return error;
}

int tly_export__write_png(const char *dir, const char *sub, const char *stem, const tly_raster *r)
{
	uint8_t *png = NULL;
	size_t len = 0;
	int error;

	if ((error = tly_png_write(&png, &len, r)) < 0)
		return error;
	error = write_bytes(dir, sub, stem, ".png", png, len);
	tly_free(png);
	return error;
}

int tly_export__write_text(const char *dir, const char *name, const tly_buf *b)
{
	if (b->error)
		return tly_error_set(b->error, "export: cannot build %s: %s", name,
				     b->error == TLY_ENOMEM ? "out of memory" : "too large");
	return write_bytes(dir, NULL, name, "", b->ptr, b->size);
}
