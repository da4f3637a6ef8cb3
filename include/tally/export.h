/*
 * Writes a run's consensus back out in the formats pipelines read: COCO
 * detection JSON (with score = confidence, support and annotators per
 * annotation), CSV image labels (image,label,confidence,support), and, as
 * folders, PNG label maps and COCO panoptic segmentations.
 */
#ifndef TALLY_EXPORT_H
#define TALLY_EXPORT_H

#include "types.h"
#include "dataset.h"
#include "result.h"

typedef enum {
	TLY_EXPORT_COCO = 0,
	TLY_EXPORT_CSV = 1,
	TLY_EXPORT_PNG = 2,     /* a folder of PNG label maps (semantic segmentation) */
	TLY_EXPORT_PANOPTIC = 3 /* a folder: COCO panoptic JSON and its PNGs */
} tly_export_format;

/*
 * Parse a format name ("coco", "csv", "png", "panoptic") into *out.
 * TLY_EARG naming it when unknown, or when it is a SPEC format whose
 * writer is not there yet (labelme, voc, yolo, cvat, labelstudio).
 */
TLY_EXTERN int tly_export_format_parse(tly_export_format *out, const char *name);

/* 1 when FMT writes a folder (png, panoptic) rather than one file, else 0. */
TLY_EXTERN int tly_export_format_is_folder(tly_export_format fmt);

/*
 * Render the consensus of R (a run over DS) into a new NUL-terminated
 * string *out (caller frees with free()), *len its length. COCO: every
 * image and category of DS with 1-based ids in dataset order, one
 * annotation per consensus object (image-level labels are left out). CSV:
 * the consensus image labels, by image then label name. TLY_EARG when R
 * indexes outside DS, or for a folder format (use tly_export_write); on
 * failure *out is NULL and *len 0. Thread-safe for distinct outputs
 * (reads DS and R only).
 */
TLY_EXTERN int tly_export_render(char **out, size_t *len, tly_export_format fmt,
				 const tly_dataset *ds, const tly_result *r);

/*
 * Write the consensus of R (a run over DS) to PATH: for coco and csv the
 * rendered file; for png and panoptic the folder PATH, created with its
 * parents when missing (files already there of the same names are
 * replaced, others left alone). Each file goes to a temporary name, then is
 * renamed over its own. Images are the ones with a consensus label map; an
 * image's files are named <stem>.png, the stem being its name less its
 * extension when every such image has the same extension (a.jpg -> a.png,
 * and classes.json says "image_ext": ".jpg"), else its whole name
 * (a.jpg -> a.jpg.png, no image_ext).
 *  - png: PATH/<stem>.png, one grey value per pixel, the category's pixel
 *    value (tly_category_info.value), DS->map_ignore_value where the
 *    consensus is ignore; 8-bit when every value written fits 0..255, else
 *    16-bit. PATH/confidence/<stem>.png: the 8-bit confidence map.
 *    PATH/classes.json: {"classes": {"<value>": "<name>", ...} (every
 *    category with a value of its own, by value), "ignore": <value>,
 *    "image_ext": ".jpg"}, the sidecar the PNG reader takes, so ingesting
 *    PATH gives back the same maps.
 *  - panoptic: PATH/panoptic.json, COCO panoptic (images with ids as in the
 *    COCO export, annotations with file_name and segments_info {id,
 *    category_id, iscrowd, area, bbox}, categories with id = the category's
 *    pixel value, name, isthing) and PATH/panoptic/<stem>.png, RGB with
 *    segment id = R + 256 G + 65536 B (0 void), from tly_panoptic_assemble.
 * Returns 0, TLY_EARG (R not over DS; a category a map uses without a
 * value of its own, or whose value is the ignore value or another's; an
 * image name that cannot be a file name), TLY_EIO naming the file or
 * folder, TLY_ENOMEM. On failure files already written stay.
 */
TLY_EXTERN int tly_export_write(const char *path, tly_export_format fmt,
				const tly_dataset *ds, const tly_result *r);

#endif
