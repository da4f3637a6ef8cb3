/*
 * Pascal VOC export: one annotation XML per image with an objects
 * consensus, as the VOC devkit's Annotations/ hold them. Corners are
 * VOC's 1-based inclusive pixel indices, the inverse of what
 * src/ingest/voc.c (and detectron2's pascal_voc.py) read: xmin = x + 1,
 * ymin = y + 1, xmax = x + w, ymax = y + h (COCO [10, 10, 20, 20] ->
 * 11 11 30 30); a consensus median can be fractional, so the numbers are
 * written in full, not rounded. Masks are written as their bounding box
 * (VOC keeps masks in separate SegmentationObject PNGs); crowd regions as
 * difficult objects (VOC's "ignore in evaluation", as COCO ignores
 * crowds); truncated is 0 (tally does not know). Image-level labels have
 * no place in VOC. An unknown image size is written as 0 x 0, which the
 * reader takes as unknown. Tested by tests/export/test_roundtrip_voc.c.
 */
#include <string.h>

#include "export/folder.h"
#include "export/shapes.h"
#include "export/voc.h"
#include "export/xml.h"
#include "tally/error.h"
#include "util/alloc.h"

/* VOC's reader trims element text, so a name with white space at an end would come back changed. */
static int check_name(const char *what, const char *s)
{
	const char *blank = " \t\r\n";
	size_t n = strlen(s);
	int error;

	if ((error = tly_export__xml_check("voc", what, s)) < 0)
		return error;
	if (n && (strchr(blank, s[0]) || strchr(blank, s[n - 1])))
		return tly_error_set(TLY_EARG, "export: voc: %s \"%s\" starts or ends with white space, "
				     "which VOC readers drop", what, s);
	return 0;
}

static void corner(tly_buf *b, const char *tag, double v)
{
	tly_buf_printf(b, "\t\t\t<%s>", tag);
	tly_buf_put_json_number(b, v);
	tly_buf_printf(b, "</%s>\n", tag);
}

static int put_object(tly_buf *b, const tly_export__shapes *s, size_t k)
{
	const tly_cons_object *o = &s->r->cons_objects[k];
	const char *label = tly_export__shapes_label(s, k);
	int error;

	if ((error = check_name("label", label)) < 0 || (error = tly_export__shapes_check_box(s, "voc", k)) < 0)
		return error;
	tly_buf_puts(b, "\t<object>\n\t\t<name>");
	tly_export__xml_text(b, label);
	tly_buf_printf(b, "</name>\n\t\t<pose>Unspecified</pose>\n\t\t<truncated>0</truncated>\n"
		       "\t\t<difficult>%d</difficult>\n\t\t<bndbox>\n", o->iscrowd ? 1 : 0);
	corner(b, "xmin", o->geom.box.x + 1);
	corner(b, "ymin", o->geom.box.y + 1);
	corner(b, "xmax", o->geom.box.x + o->geom.box.w);
	corner(b, "ymax", o->geom.box.y + o->geom.box.h);
	tly_buf_puts(b, "\t\t</bndbox>\n\t</object>\n");
	return 0;
}

static int put_image(tly_buf *b, const tly_export__shapes *s, uint32_t i)
{
	const char *name = s->ds->images[i].name;
	size_t first, n, k;
	int error;

	if ((error = check_name("image", name)) < 0)
		return error;
	tly_buf_puts(b, "<annotation>\n\t<filename>");
	tly_export__xml_text(b, name);
	tly_buf_printf(b, "</filename>\n\t<source>\n\t\t<database>tally consensus</database>\n\t</source>\n"
		       "\t<size>\n\t\t<width>%d</width>\n\t\t<height>%d</height>\n\t</size>\n"
		       "\t<segmented>0</segmented>\n", (int)s->w[i], (int)s->h[i]);
	tly_export__shapes_objects(&first, &n, s, i);
	for (k = first; k < first + n && !error; k++)
		error = put_object(b, s, s->obj_order[k]);
	tly_buf_puts(b, "</annotation>\n");
	return error;
}

int tly_export__voc_dir(const char *dir, const tly_dataset *ds, const tly_result *r)
{
	tly_export__shapes s;
	tly_buf b = TLY_BUF_INIT, name = TLY_BUF_INIT;
	size_t i;
	int error;

	if ((error = tly_export__shapes_init(&s, ds, r, 0)) < 0)
		return error;
	if ((error = tly_export__shapes_stems(&s, "voc", 0, NULL)) < 0 ||
	    (error = tly_export__make_dirs(dir, NULL)) < 0)
		goto out;
	for (i = 0; i < s.n_images && !error; i++) {
		b.size = 0;
		name.size = 0;
		tly_buf_printf(&name, "%s.xml", s.stems[i]);
		if ((error = name.error) < 0 || (error = put_image(&b, &s, s.images[i])) < 0)
			break;
		error = tly_export__write_text(dir, name.ptr, &b);
	}
out:
	tly_buf_clear(&b);
	tly_buf_clear(&name);
	tly_export__shapes_clear(&s);
	return error;
}
