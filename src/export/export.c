/*
 * The export API (tally/export.h): format names, and dispatch to COCO, CSV,
 * or the folder writers (PNG label maps, COCO panoptic) once
 * tly_result_check has vouched for the result's indices.
 * Tests: tests/export/test_export.c.
 */
#include <string.h>

#include "tally/error.h"
#include "tally/export.h"
#include "tally/result.h"
#include "export/coco.h"
#include "export/labelmap_png.h"
#include "export/labels_csv.h"
#include "export/panoptic.h"
#include "util/buf.h"

/* SPEC §2 formats whose writers arrive with the formats issue. */
static const char *const later[] = {"labelme", "voc", "yolo", "cvat", "labelstudio"};

int tly_export_format_parse(tly_export_format *out, const char *name)
{
	size_t i;

	if (!out || !name)
		return tly_error_set(TLY_EARG, "export: no format given");
	if (strcmp(name, "coco") == 0) {
		*out = TLY_EXPORT_COCO;
		return 0;
	}
	if (strcmp(name, "csv") == 0) {
		*out = TLY_EXPORT_CSV;
		return 0;
	}
	if (strcmp(name, "png") == 0) {
		*out = TLY_EXPORT_PNG;
		return 0;
	}
	if (strcmp(name, "panoptic") == 0) {
		*out = TLY_EXPORT_PANOPTIC;
		return 0;
	}
	for (i = 0; i < sizeof(later) / sizeof(later[0]); i++)
		if (strcmp(name, later[i]) == 0)
			return tly_error_set(TLY_EARG, "export format %s is not supported yet "
					     "(coming with the formats issue)", name);
	return tly_error_set(TLY_EARG, "unknown export format %s", name);
}

int tly_export_format_is_folder(tly_export_format fmt)
{
	return fmt == TLY_EXPORT_PNG || fmt == TLY_EXPORT_PANOPTIC;
}

#define BAD(...) tly_error_set(TLY_EARG, "export: " __VA_ARGS__)

static int render(tly_buf *b, tly_export_format fmt, const tly_dataset *ds, const tly_result *r)
{
	int error;

	/* The writers index the dataset blindly: a result from elsewhere is checked first. */
	if ((error = tly_result_check(ds, r)) < 0)
		return error;
	if (fmt == TLY_EXPORT_COCO)
		tly_export__coco(b, ds, r);
	else if (fmt == TLY_EXPORT_CSV)
		error = tly_export__labels_csv(b, ds, r);
	else if (tly_export_format_is_folder(fmt))
		return BAD("%s writes a folder of files: give tly_export_write a folder",
			   fmt == TLY_EXPORT_PNG ? "png" : "panoptic");
	else
		return BAD("unknown format %d", (int)fmt);
	if (!error && b->error)
		error = tly_error_set(b->error, "export: cannot build the output: %s",
				      b->error == TLY_ENOMEM ? "out of memory" : "too large");
	return error;
}

int tly_export_render(char **out, size_t *len, tly_export_format fmt,
		      const tly_dataset *ds, const tly_result *r)
{
	tly_buf b = TLY_BUF_INIT;
	int error;

	if (!out || !len)
		return BAD("no output given");
	*out = NULL;
	*len = 0;
	if ((error = render(&b, fmt, ds, r)) < 0) {
		tly_buf_clear(&b);
		return error;
	}
	*len = b.size;
	*out = tly_buf_detach(&b);
	if (!*out) {
		*len = 0;
		return TLY_ENOMEM;
	}
	return 0;
}

int tly_export_write(const char *path, tly_export_format fmt,
		     const tly_dataset *ds, const tly_result *r)
{
	tly_buf b = TLY_BUF_INIT;
	int error;

	if (!path)
		return BAD("no output path given");
	if (tly_export_format_is_folder(fmt)) {
		if ((error = tly_result_check(ds, r)) < 0)
			return error;
		return fmt == TLY_EXPORT_PNG ? tly_export__png_dir(path, ds, r)
					     : tly_export__panoptic_dir(path, ds, r);
	}
	if ((error = render(&b, fmt, ds, r)) == 0)
		error = tly_write_file(path, b.ptr, b.size);
	tly_buf_clear(&b);
	return error;
}
