/*
 * A batch is what one input file contributes, parsed but not yet stored:
 * images, labels, submissions, objects and tags, keyed by name. Ingest
 * parsers fill it; tly_store_write_batch stores it in one transaction.
 */
#ifndef TALLY_BATCH_H
#define TALLY_BATCH_H

#include "types.h"
#include "dataset.h"
#include "labelmap.h"

typedef struct {
	char *name;     /* basename of the image file */
	int32_t width;  /* 0 = unknown */
	int32_t height;
} tly_batch_image;

typedef struct {
	size_t image;     /* index into batch images */
	char *annotator;  /* annotator name */
	tly_task task;
	int64_t submitted_at; /* unix seconds from the file, 0 = unknown */
	int gold;             /* 1: this submission is gold even when the batch is not
			       * (Label Studio's ground_truth); the batch's gold flag applies to all */
} tly_batch_submission;

typedef struct {
	size_t sub;        /* index into batch subs */
	char *label;       /* category name */
	tly_geometry geom;
	int iscrowd;
	char *source_ref;  /* where in the file: "annotations[3]" (for errors/traces); may be NULL */
	char *extra_json;  /* format-specific geometry kept for later stages (polygon, RLE) or NULL */
} tly_batch_object;

typedef struct {
	size_t sub;
	char *label;
} tly_batch_tag;

/* What one pixel value of a label map stands for. */
typedef struct {
	uint32_t value;    /* the value in the map */
	char *label;       /* category name */
	int isthing;       /* panoptic: 1 thing, 0 stuff; -1 unknown (semantic maps) */
} tly_batch_class;

/*
 * One annotator's label map for one image: a semantic segmentation PNG,
 * or the category layer of a COCO panoptic PNG (whose thing segments are
 * also added as mask objects of an objects submission).
 */
typedef struct {
	size_t image;         /* index into batch images */
	char *annotator;
	int panoptic;         /* 1: from COCO panoptic (classes carry isthing) */
	int64_t ignore_value; /* the file's ignore pixel value (kept for export); -1 none (panoptic void) */
	tly_labelmap map;     /* owned; values as listed in classes, TLY_LABEL_IGNORE where ignored */
	size_t n_classes;
	tly_batch_class *classes; /* owned; one per distinct value of map other than TLY_LABEL_IGNORE,
				   * ascending by value */
	char *source_ref;     /* where in the input, e.g. "masks/a.png"; may be NULL */
} tly_batch_map;

/* Owned by the caller; strings and arrays owned by the batch. */
typedef struct {
	char *path;          /* the file as given on the command line */
	char sha256[65];     /* content hash, hex */
	char *format;        /* "coco", "labelme", "csv" */
	int gold;            /* every submission of this batch is gold */
	size_t n_images, cap_images;
	tly_batch_image *images;
	size_t n_subs, cap_subs;
	tly_batch_submission *subs;
	size_t n_objs, cap_objs;
	tly_batch_object *objs;
	size_t n_tags, cap_tags;
	tly_batch_tag *tags;
	size_t n_maps, cap_maps;
	tly_batch_map *maps;
	size_t n_repairs;    /* documented, counted repairs made while parsing */
	struct tly_batch_index *index; /* private name lookups (images, subs) */
} tly_batch;

/* Zero a batch before filling it. */
TLY_EXTERN void tly_batch_init(tly_batch *b);
/* Release everything the batch owns; it may be reused after tly_batch_init. */
TLY_EXTERN void tly_batch_clear(tly_batch *b);

/*
 * Index of image NAME in the batch, adding it when new. A repeated image
 * with a different nonzero size is an error (TLY_EINPUT, message names both).
 * `where` prefixes error messages ("file.json: images[2]").
 */
TLY_EXTERN int tly_batch_add_image(size_t *out, tly_batch *b, const char *name,
				   int32_t width, int32_t height, const char *where);

/* Index of the submission (image, annotator, task), adding it when new. */
TLY_EXTERN int tly_batch_add_submission(size_t *out, tly_batch *b, size_t image,
					const char *annotator, tly_task task);

/* Append an object to submission SUB; strings are copied (extra/ref may be NULL). */
TLY_EXTERN int tly_batch_add_object(tly_batch *b, size_t sub, const char *label,
				    const tly_geometry *geom, int iscrowd,
				    const char *source_ref, const char *extra_json);

/* Append an image-level label to submission SUB (duplicates of one label are merged). */
TLY_EXTERN int tly_batch_add_tag(tly_batch *b, size_t sub, const char *label);

/*
 * Append a label map for IMAGE by ANNOTATOR. The batch takes MAP's runs
 * (MAP is left empty) and copies CLASSES (N entries, strings copied), which
 * must list every value of MAP except TLY_LABEL_IGNORE once, ascending
 * (TLY_EARG otherwise). The map's size must equal the image's known size
 * (TLY_EINPUT naming both, prefixed by WHERE). One map per (image,
 * annotator) in a batch (TLY_EINPUT for a second). REF may be NULL.
 */
TLY_EXTERN int tly_batch_add_map(tly_batch *b, size_t image, const char *annotator, int panoptic,
				 int64_t ignore_value, tly_labelmap *map,
				 const tly_batch_class *classes, size_t n, const char *ref,
				 const char *where);

#endif
