/*
 * One shape of a CVAT for images XML file (<box>, <polygon>, <mask>, and
 * <tag> for its label): its geometry read from the element's XML
 * attributes, its <attribute> children collected, and the extra_json that
 * keeps both. cvat.c drives it from expat's callbacks.
 */
#ifndef TLY_INGEST_CVAT_SHAPE_H
#define TLY_INGEST_CVAT_SHAPE_H

#include <stddef.h>
#include <stdint.h>

#include "tally/geom.h"
#include "util/buf.h"
#include "util/strmap.h"

typedef struct {
	char *label; /* owned */
	int is_tag;  /* <tag>: an image label, no geometry */
	int empty;   /* a <mask> with no pixel set: skipped (and counted) by the caller */
	tly_geom_kind kind;
	tly_box box;	  /* pixels, COCO [x, y, w, h] */
	tly_buf seg;	  /* the "segmentation" member, or empty for a box */
	int occluded;	  /* 0 or 1 from occluded="...", -1 when absent */
	tly_buf attrs;	  /* "name":"value" members from <attribute> children */
	tly_strmap names; /* attribute names seen, to refuse repeats */
} tly_ingest__cvat_shape;

/*
 * Read ELEMENT ("box", "polygon", "mask" or "tag") from its XML attributes
 * ATTRS (expat's name, value, ..., NULL list) into S (zeroed by the caller),
 * on an image of IMG_W x IMG_H pixels (0 = unknown). Returns 0, or a
 * negative code with WHY (N bytes) saying what is wrong ("<box>: xbr 3 is
 * not greater than xtl 5"); TLY_ENOMEM leaves WHY empty.
 */
int tly_ingest__cvat_shape_begin(tly_ingest__cvat_shape *s, const char *element, const char **attrs,
				 int32_t img_w, int32_t img_h, char *why, size_t n);

/* Add <attribute name="NAME">VALUE</attribute>; a repeated NAME is an error (WHY as above). */
int tly_ingest__cvat_shape_attribute(tly_ingest__cvat_shape *s, const char *name, const char *value,
				     char *why, size_t n);

/*
 * The shape's extra_json into *out (caller frees with tly_free): an object
 * with "segmentation", "occluded" and "attributes" members as present, or
 * NULL when it would be empty. Returns 0 or TLY_ENOMEM.
 */
int tly_ingest__cvat_shape_extra(char **out, const tly_ingest__cvat_shape *s);

/* Release what S owns and zero it. NULL-safe. */
void tly_ingest__cvat_shape_clear(tly_ingest__cvat_shape *s);

/* Value of XML attribute NAME in expat's ATTRS list, or NULL. */
const char *tly_ingest__cvat_attr(const char **attrs, const char *name);

#endif
