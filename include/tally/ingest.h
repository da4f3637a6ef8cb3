/*
 * Readers for annotation exports: detect the format of a file or folder
 * and parse it into tly_batch values (one per file), without touching the
 * store. Formats now: COCO detection JSON, COCO panoptic JSON (with its
 * PNGs), LabelMe JSON, CSV image labels, Pascal VOC XML, YOLO
 * detection/segmentation txt, CVAT for images XML 1.1, Label Studio JSON
 * export, PNG label maps.
 */
#ifndef TALLY_INGEST_H
#define TALLY_INGEST_H

#include "types.h"
#include "batch.h"

typedef struct {
	const char *annotator; /* --annotator, or NULL: required when the file names none */
	const char *format;    /* --format, or NULL to detect ("coco", "coco_panoptic", "labelme",
				* "csv", "voc", "yolo", "cvat", "labelstudio", "png") */
	int gold;              /* --gold */
	const char *images_dir; /* --images: where YOLO's images are (their sizes), and where
				 * COCO panoptic PNGs are when not beside the JSON; or NULL */
	const char *root;      /* the PATH the file was found under (a PNG label map's
				* classes.json is looked up from its folder up to ROOT), or
				* NULL: the file's own folder only */
} tly_ingest_options;

#define TLY_INGEST_OPTIONS_INIT {NULL, NULL, 0, NULL, NULL}

/*
 * Detect the format of one file from its content (LEN bytes of CONTENT;
 * PATH only names it in messages): bytes starting with the PNG signature
 * are "png" (a label map), a JSON object whose "annotations" carry
 * "segments_info" is "coco_panoptic", one with "images" and
 * "annotations" is "coco", one with "shapes" is "labelme", text whose first
 * line names image and label columns is "csv", XML whose root element is
 * <annotation> is "voc", XML whose root element is <annotations> is "cvat",
 * a JSON array whose first element is an object with "annotations" or
 * "data" is "labelstudio", text whose first non-blank line is "class cx cy w
 * h" (or a class and x y points) is "yolo". Returns a static name, or
 * NULL with the error set: TLY_EINPUT "PATH: cannot tell the format; pass
 * --format", "PATH: empty file", or the syntax error of broken JSON
 * ("PATH:LINE:COL: invalid JSON: ..."). Not thread-safe (cJSON's parser
 * writes a global): call from one thread.
 */
TLY_EXTERN const char *tly_ingest_detect(const char *path, const char *content, size_t len);

/*
 * Parse one file into *batch (tly_batch_init'ed by the caller; the caller
 * frees it with tly_batch_clear). Fills batch->path (PATH as given),
 * format, gold (opts->gold) and sha256 (of the file's bytes). OPTS may be
 * NULL for defaults. Files that name their annotators (COCO's "annotator",
 * CVAT's job/task assignee, Label Studio's completed_by) use those names;
 * opts->annotator is the fallback, required when a file names nobody.
 * Label Studio's ground_truth annotations become gold submissions
 * (tly_batch_submission.gold). Skipped shapes (CVAT polylines and points,
 * Label Studio keypoints, ...) are counted in batch->n_repairs.
 * Returns 0, or on failure clears the batch and returns
 * TLY_EIO (cannot read), TLY_EARG (unknown opts->format), TLY_ELIMIT (a
 * value over a cap in util/limits.h, named in the message), TLY_ENOMEM, or
 * TLY_EINPUT with "FILE:LINE:COL: message" (syntax) or
 * "FILE: json.path: message" (a bad value). Not thread-safe (cJSON).
 */
TLY_EXTERN int tly_ingest_file(tly_batch *batch, const char *path, const tly_ingest_options *opts);

/*
 * List the files that PATH stands for, in byte order of their paths: PATH
 * itself when a file, else the files of the folder (recursively) whose
 * format is readable (by extension .json/.csv/.xml/.txt, any case; not
 * the side files classes.txt, sizes.csv and classes.json). Entries whose
 * name starts with '.' and symbolic links to folders are skipped. *paths
 * is the caller's: free it with tly_ingest_paths_free. Errors: TLY_EIO
 * (PATH missing or unreadable), TLY_EINPUT (a folder with no such file).
 * Same as tly_ingest_expand_format with FORMAT NULL.
 */
TLY_EXTERN int tly_ingest_expand(char ***paths, size_t *n, const char *path);

/*
 * As tly_ingest_expand, for the --format FORMAT (NULL: detect). With
 * "png" a folder stands for its .png files (any case) and only those:
 * folders of other formats often hold the photos themselves, so PNGs are
 * listed only when asked for. Other formats list as tly_ingest_expand.
 */
TLY_EXTERN int tly_ingest_expand_format(char ***paths, size_t *n, const char *path,
					const char *format);
/* Free a list from tly_ingest_expand (each path and the array). NULL-safe. */
TLY_EXTERN void tly_ingest_paths_free(char **paths, size_t n);

#endif
