/*
 * What the folder exports (PNG label maps, COCO panoptic) share: the file
 * stem of each consensus map's image, the pixel value (or panoptic
 * category id) of each category, and writing one file into the folder.
 */
#ifndef TLY_EXPORT_FOLDER_H
#define TLY_EXPORT_FOLDER_H

#include "tally/dataset.h"
#include "tally/raster.h"
#include "tally/result.h"
#include "util/buf.h"

typedef struct {
	char **stems;       /* [n_cons_maps] owned: the file stem of each consensus map's image */
	size_t n_stems;     /* stems made so far (all of them after init) */
	char *image_ext;    /* owned: the extension every such image has (".jpg"), or NULL */
	int64_t *value;     /* [n_categories]: what a category is written as; -1 when it cannot be */
	uint32_t *listed;   /* [n_listed] the categories with a value, by value ascending */
	size_t n_listed;
	int64_t max_value;  /* the largest listed value; -1 when none */
	int64_t ignore;     /* the value kept out of the classes (PNG ignore), -1 for none */
} tly_export__folder;

/*
 * Stems and values for R over DS (already checked). A category's value is
 * its tly_category_info.value unless that is negative, over MAX, equal to
 * IGNORE (-1: none), or taken by an earlier category, or the category is
 * retired (tly_dataset_category_retired); then -1. Stems: see
 * tly_export_write in tally/export.h. TLY_EARG for an image name that
 * cannot be a file name, or label maps without category_info; TLY_ENOMEM.
 */
int tly_export__folder_init(tly_export__folder *f, const tly_dataset *ds, const tly_result *r,
			    int64_t ignore, int64_t max);
void tly_export__folder_clear(tly_export__folder *f);

/*
 * *out = the value of category C, used on image IMAGE; TLY_EARG saying why
 * it has none ("export: s1.jpg: category car has no pixel value ...").
 */
int tly_export__folder_value(uint32_t *out, const tly_export__folder *f, const tly_dataset *ds,
			     uint32_t c, const char *image);

/* Create DIR and, when SUB is not NULL, DIR/SUB (with parents). */
int tly_export__make_dirs(const char *dir, const char *sub);

/* Encode R as PNG and write it to DIR/[SUB/]STEM.png; I/O errors name the file. */
int tly_export__write_png(const char *dir, const char *sub, const char *stem, const tly_raster *r);

/* Write B (checked for its sticky error first) to DIR/NAME. */
int tly_export__write_text(const char *dir, const char *name, const tly_buf *b);

#endif
