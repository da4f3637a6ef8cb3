/*
 * The export API (tally/export.h): format names, and dispatch to the file
 * writers (COCO, CSV, CVAT, Label Studio) or the folder writers (PNG label
 * maps, COCO panoptic, LabelMe, VOC, YOLO) once tly_result_check has
 * vouched for the result's indices. Tests: tests/export/test_export.c.
 */
#include <string.h>

#include "tally/error.h"
#include "tally/export.h"
#include "tally/result.h"
#include "export/coco.h"
#include "export/cvat.h"
#include "export/labelme.h"
#include "export/labelmap_png.h"
#include "export/labels_csv.h"
#include "export/labelstudio.h"
#include "export/panoptic.h"
#include "export/voc.h"
#include "export/yolo.h"
#include "util/buf.h"

/* Format names, indexed by tly_export_format. */
static const char *const names[] = {"coco", "csv", "png", "panoptic", "labelme",
				    "voc", "yolo", "cvat", "labelstudio"};
#define N_FORMATS (sizeof(names) / sizeof(names[0]))

int tly_export_format_parse(tly_export_format *out, const char *name)
{
	size_t i;

	if (!out || !name)
		return tly_error_set(TLY_EARG, "export: no format given");
	for (i = 0; i < N_FORMATS; i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (tly_export_format)i;
			return 0;
		}
	return tly_error_set(TLY_EARG, "unknown export format %s", name);
}

int tly_export_format_is_folder(tly_export_format fmt)
{
	return fmt == TLY_EXPORT_PNG || fmt == TLY_EXPORT_PANOPTIC || fmt == TLY_EXPORT_LABELME ||
	       fmt == TLY_EXPORT_VOC || fmt == TLY_EXPORT_YOLO;
}

#define BAD(...) tly_error_set(TLY_EARG, "export: " __VA_ARGS__)

static int render(tly_buf *b, tly_export_format fmt, const tly_dataset *ds, const tly_result *r)
{
	int error;

	/* The writers index the dataset blindly: a result from elsewhere is checked first. */
	if ((error = tly_result_check(ds, r)) < 0)
		return error;
	if (fmt == TLY_EXPORT_COCO)
		error = tly_export__coco(b, ds, r);
	else if (fmt == TLY_EXPORT_CSV)
		error = tly_export__labels_csv(b, ds, r);
	else if (fmt == TLY_EXPORT_CVAT)
		error = tly_export__cvat(b, ds, r);
	else if (fmt == TLY_EXPORT_LABELSTUDIO)
		error = tly_export__labelstudio(b, ds, r);
	else if (tly_export_format_is_folder(fmt))
		return BAD("%s writes a folder of files: give tly_export_write a folder", names[fmt]);
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
		switch (fmt) {
		case TLY_EXPORT_PNG:
			return tly_export__png_dir(path, ds, r);
		case TLY_EXPORT_PANOPTIC:
			return tly_export__panoptic_dir(path, ds, r);
		case TLY_EXPORT_LABELME:
			return tly_export__labelme_dir(path, ds, r);
		case TLY_EXPORT_VOC:
			return tly_export__voc_dir(path, ds, r);
		default:
			return tly_export__yolo_dir(path, ds, r);
		}
	}
	if ((error = render(&b, fmt, ds, r)) == 0)
		error = tly_write_file(path, b.ptr, b.size);
	tly_buf_clear(&b);
	return error;
}
