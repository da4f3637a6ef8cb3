/*
 * What the annotation-tool exports (LabelMe, VOC, YOLO, CVAT, Label
 * Studio) share: which images they write, each image's consensus objects
 * and labels, the size to write for it, file stems, and the checks on
 * names a format cannot carry.
 */
#ifndef TLY_EXPORT_SHAPES_H
#define TLY_EXPORT_SHAPES_H

#include <stddef.h>
#include <stdint.h>

#include "tally/dataset.h"
#include "tally/result.h"

typedef struct {
	const tly_dataset *ds;
	const tly_result *r;
	size_t *obj_start;  /* [n_images + 1]: image i's objects are obj_order[obj_start[i] ..
			     * obj_start[i + 1]), indices into r->cons_objects in result order */
	size_t *obj_order;
	size_t *tag_start;  /* the same for r->cons_tags */
	size_t *tag_order;
	uint32_t *images;   /* the images written, in dataset order (by name) */
	size_t n_images;
	int32_t *w, *h;     /* [ds->n_images]: the size written for each image; 0 when unknown */
	char **stems;       /* [n_images] after tly_export__shapes_stems: file stems; else NULL */
} tly_export__shapes;

/*
 * Index R (already checked against DS). The images written are those with
 * a non-gold objects submission (a voted objects consensus, possibly
 * empty: "nothing here"), and with LABELS also those with a non-gold
 * labels submission. An image's size is DS's when known, else that of a
 * consensus mask on it (a mask is an image-sized RLE). TLY_EARG when a
 * mask's size differs from its image's; TLY_ENOMEM.
 */
int tly_export__shapes_init(tly_export__shapes *s, const tly_dataset *ds, const tly_result *r,
			    int labels);
void tly_export__shapes_clear(tly_export__shapes *s);

/*
 * File stems for s->images. Each is the image name less its extension;
 * with STRICT (YOLO, whose reader finds the image by that stem) an image
 * without an extension, two images with one stem, or a stem equal to
 * RESERVED are errors; otherwise any of those makes every stem the whole
 * name (a.jpg -> a.jpg.json), and only a whole name equal to RESERVED is
 * an error. RESERVED (or NULL) is the stem of a side file the reader skips
 * ("classes"). Names that cannot be file names ('/', '\\', ".", "..", a
 * leading '.', which folder reads skip) are errors too: TLY_EARG naming
 * FMT and the image. TLY_ENOMEM.
 */
int tly_export__shapes_stems(tly_export__shapes *s, const char *fmt, int strict, const char *reserved);

/*
 * For the one-file formats (CVAT, Label Studio): TLY_EARG when an image's
 * name cannot be a file name ("/" or "\\" in it, empty, "." or ".."),
 * which the readers would cut to its basename.
 */
int tly_export__shapes_check_names(const tly_export__shapes *s, const char *fmt);

/* The consensus objects to write for image IMAGE: *first .. *first + *n of s->obj_order. */
void tly_export__shapes_objects(size_t *first, size_t *n, const tly_export__shapes *s, uint32_t image);

/* The same for its consensus labels (s->tag_order). */
void tly_export__shapes_tags(size_t *first, size_t *n, const tly_export__shapes *s, uint32_t image);

/*
 * Check that consensus object O on image IMAGE has a box a reader takes
 * back: width and height > 0. TLY_EARG "export: FMT: IMAGE: object N ...".
 */
int tly_export__shapes_check_box(const tly_export__shapes *s, const char *fmt, size_t object);

/* The category name of consensus object O (borrowed). */
const char *tly_export__shapes_label(const tly_export__shapes *s, size_t object);

#endif
