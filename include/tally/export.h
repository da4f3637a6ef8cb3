/*
 * Writes a run's consensus back out in the formats pipelines read: COCO
 * detection JSON (with score = confidence, support and annotators per
 * annotation), CSV image labels (image,label,confidence,support), CVAT
 * for images XML and Label Studio JSON, and, as folders, LabelMe JSON,
 * Pascal VOC XML, YOLO txt, PNG label maps and COCO panoptic
 * segmentations. Each is written so that tally's reader of the same
 * format gives back the same objects (tests/export/test_roundtrip_*.c).
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
	TLY_EXPORT_PANOPTIC = 3, /* a folder: COCO panoptic JSON and its PNGs */
	TLY_EXPORT_LABELME = 4,  /* a folder: one LabelMe JSON per image */
	TLY_EXPORT_VOC = 5,      /* a folder: one Pascal VOC XML per image */
	TLY_EXPORT_YOLO = 6,     /* a folder: classes.txt, labels/<stem>.txt, labels/sizes.csv */
	TLY_EXPORT_CVAT = 7,     /* CVAT for images 1.1 XML */
	TLY_EXPORT_LABELSTUDIO = 8 /* Label Studio JSON export (a task list) */
} tly_export_format;

/*
 * Parse a format name ("coco", "csv", "png", "panoptic", "labelme",
 * "voc", "yolo", "cvat", "labelstudio") into *out. TLY_EARG naming it when
 * unknown.
 */
TLY_EXTERN int tly_export_format_parse(tly_export_format *out, const char *name);

/* 1 when FMT writes a folder (png, panoptic, labelme, voc, yolo) rather than one file, else 0. */
TLY_EXTERN int tly_export_format_is_folder(tly_export_format fmt);

/*
 * Render the consensus of R (a run over DS) into a new NUL-terminated
 * string *out (caller frees with free()), *len its length. Category
 * lists of every format leave out the categories the rules retired
 * (tly_dataset_category_retired). COCO: every image and category of DS
 * with 1-based ids in dataset order (a retired category's id is skipped,
 * the others keep theirs), one
 * annotation per consensus object (image-level labels are left out). CSV:
 * the consensus image labels, by image then label name. CVAT and Label
 * Studio: see tly_export_write. TLY_EARG when R indexes outside DS, for a
 * folder format (use tly_export_write), or for what the format cannot
 * carry (as tly_export_write says); on failure *out is NULL and *len 0.
 * Thread-safe for distinct outputs (reads DS and R only).
 */
TLY_EXTERN int tly_export_render(char **out, size_t *len, tly_export_format fmt,
				 const tly_dataset *ds, const tly_result *r);

/*
 * Write the consensus of R (a run over DS) to PATH: for coco, csv, cvat
 * and labelstudio the rendered file; for png, panoptic, labelme, voc and
 * yolo the folder PATH, created with its parents when missing (files
 * already there of the same names are replaced, others left alone). Each
 * file goes to a temporary name, then is renamed over its own. For png and
 * panoptic, images are the ones with a consensus label map; an image's files are named <stem>.png, the stem being its name less its
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
 * The object formats write the images with a voted objects consensus
 * (an empty one too: "nothing here"), and cvat and labelstudio also those
 * with a labels consensus; boxes as the format's boxes, masks as its
 * masks where it has them, in the conventions tally's readers read back:
 *  - labelme: PATH/<stem>.json per image (stem: the name less its
 *    extension, or every whole name when two stems would clash or one is
 *    "classes"): "rectangle" shapes [[x, y], [x + w, y + h]]; masks as
 *    labelme 5 "mask" shapes (points = the inclusive corners of the
 *    mask's bounding box, mask = base64 PNG of that crop); "tally":
 *    {"confidence", "support"} on each shape. No image labels.
 *  - voc: PATH/<stem>.xml per image: 1-based corners xmin = x + 1, ymin =
 *    y + 1, xmax = x + w, ymax = y + h; masks as their bounding box; crowd
 *    regions as difficult 1; an unknown size as 0 x 0. No image labels.
 *  - yolo: PATH/classes.txt (every category but the retired ones,
 *    tly_dataset_category_retired, in index order; line k = class k),
 *    PATH/labels/<stem>.txt per image ("class cx cy w h" in
 *    fractions of the image; masks as "class x1 y1 ..." of an outline
 *    that rasterises back to the same pixels), PATH/labels/sizes.csv
 *    (image,width,height). Every image written needs a known size and an
 *    extension (TLY_EARG otherwise). No image labels.
 *  - cvat: <box> xtl = x, ytl = y, xbr = x + w, ybr = y + h; <mask> with
 *    its bounding box as left/top/width/height and row-major crop runs;
 *    <tag> per image label; no annotator (read back with --annotator).
 *  - labelstudio: a task per image, one annotation (ground_truth false, no
 *    completed_by): rectanglelabels in percent of the image (boxes clipped
 *    to it), brushlabels with Label Studio's brush RLE, one choices result
 *    for the image labels. Images with regions need a known size.
 * Crowd regions are written only by voc (and coco); numbers in full
 * (shortest text that reads back as the same double).
 * Returns 0, TLY_EARG (R not over DS; a category a map uses without a
 * value of its own, or whose value is the ignore value or another's; an
 * image name that cannot be a file name; a name or size the format cannot
 * carry, named in the message), TLY_ELIMIT (a mask too large to write),
 * TLY_EIO naming the file or folder, TLY_ENOMEM. On failure files already
 * written stay.
 */
TLY_EXTERN int tly_export_write(const char *path, tly_export_format fmt,
				const tly_dataset *ds, const tly_result *r);

#endif
