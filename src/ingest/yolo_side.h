/*
 * What a YOLO label file needs from beside it (yolo_side.c): the class
 * names (classes.txt or data.yaml) and the image's name and size (sizes.csv,
 * or the image itself in --images DIR, read from its PNG/JPEG header).
 */
#ifndef TLY_INGEST_YOLO_SIDE_H
#define TLY_INGEST_YOLO_SIDE_H

#include <stddef.h>
#include <stdint.h>

/* Class names by id; a NULL entry is an id data.yaml's map leaves out. */
typedef struct {
	char **items;
	size_t count, cap;
} tly_yolo_names;

void tly_ingest__yolo_names_clear(tly_yolo_names *n);

/*
 * Read the class names for the label file LABEL: classes.txt (one name a
 * line, line k = class k), else data.yaml's names: (a list, [a, b], or an
 * id: name map), from LABEL's folder or the first of its two parents that
 * has one. Errors name the file and line, or that neither was found.
 */
int tly_ingest__yolo_names(tly_yolo_names *out, const char *label);

/*
 * The image LABEL stands for (same stem): *name (caller frees with
 * tly_free) and its size. With IMAGES_DIR: IMAGES_DIR/STEM.{jpg,jpeg,png}
 * (either case), size from the file header. Else the row of sizes.csv
 * (image,width,height) in LABEL's folder whose image has that stem.
 */
int tly_ingest__yolo_image(char **name, int32_t *width, int32_t *height, const char *label,
			   const char *images_dir);

#endif
