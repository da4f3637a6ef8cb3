/*
 * The COCO JSON form of a mask, {"size": [h, w], "counts": "..."} with the
 * compressed counts string, as pycocotools writes it: one writer for the
 * report and the COCO export, which both print consensus masks.
 */
#include "geom/rle.h"
#include "util/alloc.h"

void tly_rle__put_coco_json(tly_buf *b, const tly_rle *r)
{
	char *counts = NULL;
	int error;

	if (b->error)
		return;
	if ((error = tly_rle_to_string(&counts, NULL, r)) < 0) {
		b->error = error;
		return;
	}
	tly_buf_printf(b, "{\"size\":[%u,%u],\"counts\":", (unsigned)r->h, (unsigned)r->w);
	/* '\\' (92) is one of the 64 counts characters: escape as JSON. */
	tly_buf_put_json_string(b, counts);
	tly_buf_putc(b, '}');
	tly_free(counts);
}
