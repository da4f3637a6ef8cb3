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

/* Parse a format name ("coco", "csv"); TLY_EARG naming it when unknown or not yet supported. */
TLY_EXTERN int tly_export_format_parse(tly_export_format *out, const char *name);

/* Render the consensus into a new string *out (caller frees with free()). */
TLY_EXTERN int tly_export_render(char **out, size_t *len, tly_export_format fmt,
				 const tly_dataset *ds, const tly_result *r);

/* Render and write to PATH. */
TLY_EXTERN int tly_export_write(const char *path, tly_export_format fmt,
				const tly_dataset *ds, const tly_result *r);

#endif
