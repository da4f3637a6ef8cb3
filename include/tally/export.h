/*
 * Writes a run's consensus back out in the formats pipelines read: COCO
 * detection JSON (with score = confidence, support and annotators per
 * annotation) and CSV image labels (image,label,confidence,support).
 */
#ifndef TALLY_EXPORT_H
#define TALLY_EXPORT_H

#include "types.h"
#include "dataset.h"
#include "result.h"

typedef enum {
	TLY_EXPORT_COCO = 0,
	TLY_EXPORT_CSV = 1
} tly_export_format;

/*
 * Parse a format name ("coco", "csv") into *out. TLY_EARG naming it when
 * unknown, or when it is a SPEC format whose writer is not there yet
 * (labelme, voc, yolo, cvat, labelstudio).
 */
TLY_EXTERN int tly_export_format_parse(tly_export_format *out, const char *name);

/*
 * Render the consensus of R (a run over DS) into a new NUL-terminated
 * string *out (caller frees with free()), *len its length. COCO: every
 * image and category of DS with 1-based ids in dataset order, one
 * annotation per consensus object (image-level labels are left out). CSV:
 * the consensus image labels, by image then label name. TLY_EARG when R
 * indexes outside DS; on failure *out is NULL and *len 0. Thread-safe for
 * distinct outputs (reads DS and R only).
 */
TLY_EXTERN int tly_export_render(char **out, size_t *len, tly_export_format fmt,
				 const tly_dataset *ds, const tly_result *r);

/* Render and write to PATH (a temporary name, then renamed); 0 or a tly_error_code. */
TLY_EXTERN int tly_export_write(const char *path, tly_export_format fmt,
				const tly_dataset *ds, const tly_result *r);

#endif
