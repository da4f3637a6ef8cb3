/*
 * Boxes as COCO JSON arrays (box_json.h); numbers through
 * tly_buf_put_json_number. Tested through the exports' and reports'
 * expected outputs (tests/export/test_coco.c, tests/report/test_diff.c).
 */
#include "geom/box_json.h"

void tly_geom__put_box_json(tly_buf *b, const tly_box *x)
{
	tly_buf_putc(b, '[');
	tly_buf_put_json_number(b, x->x);
	tly_buf_putc(b, ',');
	tly_buf_put_json_number(b, x->y);
	tly_buf_putc(b, ',');
	tly_buf_put_json_number(b, x->w);
	tly_buf_putc(b, ',');
	tly_buf_put_json_number(b, x->h);
	tly_buf_putc(b, ']');
}
