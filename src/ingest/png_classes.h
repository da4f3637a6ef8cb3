/*
 * The classes.json sidecar of PNG label maps (png_classes.c): which class
 * each pixel value stands for, the ignore value, and the extension of the
 * photos the maps label.
 */
#ifndef TLY_INGEST_PNG_CLASSES_H
#define TLY_INGEST_PNG_CLASSES_H

#include <stddef.h>
#include <stdint.h>

/* Pixel values a label map PNG can hold: 16 bits. */
#define TLY_PNG_MAX_VALUE 65535

/* What a sidecar says (the defaults when there is none). */
typedef struct {
	char *path;      /* the sidecar read (owned), or NULL when none was found */
	int has_classes; /* 1: only values named in names[] are classes */
	size_t n;        /* entries in names */
	char **names;    /* [n] owned; names[v] = class of value v, NULL where none */
	int64_t ignore;  /* the ignore pixel value, -1 for none; 255 by default */
	char *image_ext; /* owned, e.g. ".jpg", or NULL: the image is the PNG's own name */
	char sha256[65]; /* hex SHA-256 of the sidecar's bytes; "" when none was read */
} tly_png_classes;

/*
 * Find and read the sidecar of the label map PNG: classes.json in PNG's
 * folder, else in each parent folder up to and including ROOT (the PATH
 * given on the command line; NULL, or a ROOT that is not a folder above
 * PNG, means PNG's folder only). The format:
 * {"classes": {"0": "background", "1": "person"} or ["background", ...],
 *  "ignore": 255 (or null: no ignore value), "image_ext": ".jpg"}, every
 * key optional, no other keys. *out is the caller's (clear it with
 * tly_ingest__png_classes_clear, on error too). Errors name the sidecar
 * and the JSON path: TLY_EINPUT, TLY_ELIMIT, TLY_EIO, TLY_ENOMEM.
 */
int tly_ingest__png_classes(tly_png_classes *out, const char *png, const char *root);

/* Free what C holds and make it the defaults again. NULL-safe. */
void tly_ingest__png_classes_clear(tly_png_classes *c);

#endif
