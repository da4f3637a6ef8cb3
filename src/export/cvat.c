/*
 * CVAT for images 1.1 export (docs.cvat.ai/docs/other/xml_format): one
 * annotations.xml with a task <meta> listing every category as a label,
 * then an <image> (id, name, width, height) for each image with an
 * objects or labels consensus. Boxes are <box> with CVAT's continuous
 * corners xtl = x, ytl = y, xbr = x + w, ybr = y + h (no +1, unlike VOC),
 * written in full rather than CVAT's two decimals; masks are <mask> with
 * the mask's bounding box as left, top, width, height and rle its
 * row-major runs over that crop, background first (the inverse of
 * src/ingest/cvat_shape.c's decode_crop); image labels are <tag>s. No
 * owner or assignee is written (the consensus is nobody's work), so a
 * reader needs --annotator; crowd regions (no CVAT equivalent) and
 * attributes (the consensus carries none) are not written. Tested by
 * tests/export/test_roundtrip_cvat.c.
 */
#include <inttypes.h>
#include <stdio.h>

#include "export/cvat.h"
#include "export/mask_crop.h"
#include "export/shapes.h"
#include "export/xml.h"
#include "tally/error.h"
#include "util/alloc.h"

static int put_meta(tly_buf *b, const tly_export__shapes *s)
{
	const tly_dataset *ds = s->ds;
	size_t c;
	int error;

	tly_buf_puts(b, "  <meta>\n    <task>\n      <name>tally consensus");
	if (s->r->run_id > 0)
		tly_buf_printf(b, ", run %" PRId64, s->r->run_id);
	tly_buf_printf(b, "</name>\n      <size>%zu</size>\n      <mode>annotation</mode>\n      <labels>\n",
		       s->n_images);
	for (c = 0; c < ds->n_categories; c++) {
		if ((error = tly_export__xml_check("cvat", "label", ds->categories[c].name)) < 0)
			return error;
		tly_buf_puts(b, "        <label>\n          <name>");
		tly_export__xml_text(b, ds->categories[c].name);
		tly_buf_puts(b, "</name>\n          <type>any</type>\n          <attributes>\n"
			     "          </attributes>\n        </label>\n");
	}
	tly_buf_puts(b, "      </labels>\n    </task>\n  </meta>\n");
	return 0;
}

static void coord(tly_buf *b, const char *key, double v)
{
	tly_buf_printf(b, " %s=\"", key);
	tly_buf_put_json_number(b, v);
	tly_buf_putc(b, '"');
}

static int put_mask(tly_buf *b, const tly_cons_object *o, const char *where)
{
	tly_export__runs runs = {NULL, 0, 0};
	tly_export__crop c;
	size_t k;
	int error;

	if ((error = tly_export__crop_init(&c, o->geom.rle, where)) < 0)
		return error;
	if ((error = tly_export__crop_runs(&runs, &c, 0, 0)) == 0) {
		tly_buf_puts(b, " rle=\"");
		for (k = 0; k < runs.count; k++)
			tly_buf_printf(b, "%s%" PRIu64, k ? ", " : "", runs.items[k]);
		tly_buf_printf(b, "\" left=\"%u\" top=\"%u\" width=\"%u\" height=\"%u\"", c.x, c.y, c.w, c.h);
	}
	TLY_VEC_CLEAR(&runs);
	tly_export__crop_clear(&c);
	return error;
}

static int put_object(tly_buf *b, const tly_export__shapes *s, size_t k)
{
	const tly_cons_object *o = &s->r->cons_objects[k];
	const tly_box *x = &o->geom.box;
	char where[600];
	int error;

	if ((error = tly_export__shapes_check_box(s, "cvat", k)) < 0)
		return error;
	tly_buf_printf(b, "    <%s label=\"", o->geom.rle ? "mask" : "box");
	tly_export__xml_text(b, tly_export__shapes_label(s, k));
	tly_buf_puts(b, "\" source=\"manual\" occluded=\"0\"");
	if (o->geom.rle) {
		snprintf(where, sizeof(where), "cvat: %s: consensus object %zu", s->ds->images[o->image].name, k);
		if ((error = put_mask(b, o, where)) < 0)
			return error;
	} else {
		coord(b, "xtl", x->x);
		coord(b, "ytl", x->y);
		coord(b, "xbr", x->x + x->w);
		coord(b, "ybr", x->y + x->h);
	}
	tly_buf_printf(b, " z_order=\"0\">\n    </%s>\n", o->geom.rle ? "mask" : "box");
	return 0;
}

static int put_image(tly_buf *b, const tly_export__shapes *s, size_t id, uint32_t i)
{
	const char *name = s->ds->images[i].name;
	size_t first, n, k;
	int error;

	if ((error = tly_export__xml_check("cvat", "image", name)) < 0)
		return error;
	tly_buf_printf(b, "  <image id=\"%zu\" name=\"", id);
	tly_export__xml_text(b, name);
	tly_buf_putc(b, '"');
	/* Without a size CVAT's reader still takes boxes (masks always come with one). */
	if (s->w[i])
		tly_buf_printf(b, " width=\"%d\" height=\"%d\"", (int)s->w[i], (int)s->h[i]);
	tly_buf_puts(b, ">\n");
	tly_export__shapes_objects(&first, &n, s, i);
	for (k = first; k < first + n; k++)
		if (!s->r->cons_objects[s->obj_order[k]].iscrowd &&
		    (error = put_object(b, s, s->obj_order[k])) < 0)
			return error;
	tly_export__shapes_tags(&first, &n, s, i);
	for (k = first; k < first + n; k++) {
		tly_buf_puts(b, "    <tag label=\"");
		tly_export__xml_text(b, s->ds->categories[s->r->cons_tags[s->tag_order[k]].category].name);
		tly_buf_puts(b, "\" source=\"manual\">\n    </tag>\n");
	}
	tly_buf_puts(b, "  </image>\n");
	return 0;
}

int tly_export__cvat(tly_buf *b, const tly_dataset *ds, const tly_result *r)
{
	tly_export__shapes s;
	size_t i;
	int error;

	if ((error = tly_export__shapes_init(&s, ds, r, 1)) < 0)
		return error;
	tly_buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<annotations>\n  <version>1.1</version>\n");
	if ((error = tly_export__shapes_check_names(&s, "cvat")) < 0 || (error = put_meta(b, &s)) < 0)
		goto out;
	for (i = 0; i < s.n_images && !error; i++)
		error = put_image(b, &s, i, s.images[i]);
	tly_buf_puts(b, "</annotations>\n");
out:
	tly_export__shapes_clear(&s);
	return error;
}
