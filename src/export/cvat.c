/*
 * CVAT for images 1.1 export (docs.cvat.ai/docs/other/xml_format): one
 * annotations.xml with a task <meta> listing every category as a label
 * (but those the rules' aliases and ignore list retired: the prepared
 * dataset no longer uses them), then an <image> (id, name, width, height)
 * for each image with an objects or labels consensus. Boxes are <box> with
 * CVAT's continuous corners xtl = x, ytl = y, xbr = x + w, ybr = y + h (no +1, unlike VOC),
 * written in full rather than CVAT's two decimals; masks are <mask> with
 * the mask's bounding box as left, top, width, height and rle its
 * row-major runs over that crop, background first (the inverse of
 * src/ingest/cvat_shape.c's decode_crop); image labels are <tag>s. A
 * shape's voted attributes are <attribute name="NAME">VALUE</attribute>
 * children (ties, which have no value, left out), each declared on its
 * label in <meta> as CVAT declares them (input_type select listing the
 * values written, in byte order; text when a value is empty or holds a
 * line break, which CVAT's newline-separated list cannot carry); a voted
 * occluded "true" (CVAT's COCO export writes the flag so) also sets the
 * shape's occluded="1". No owner or assignee is written (the consensus is
 * nobody's work), so a reader needs --annotator; crowd regions (no CVAT
 * equivalent) are not written. Tested by tests/export/test_roundtrip_cvat.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/attrs.h"
#include "export/cvat.h"
#include "export/mask_crop.h"
#include "export/shapes.h"
#include "export/xml.h"
#include "tally/error.h"
#include "util/alloc.h"

/* One (label, attribute, value) written on some shape: indices into r->attr_strings. */
typedef struct {
	uint32_t category, name, value;
	const char *const *strings; /* r->attr_strings, for the comparison */
} declared;

typedef struct {
	declared *items;
	size_t count, cap;
} declared_vec;

static int by_label_name_value(const void *x, const void *y)
{
	const declared *a = x, *b = y;
	int c;

	if (a->category != b->category)
		return a->category < b->category ? -1 : 1;
	if ((c = strcmp(a->strings[a->name], b->strings[b->name])) != 0)
		return c;
	return strcmp(a->strings[a->value], b->strings[b->value]);
}

/* Whether object K is written: crowd regions have no CVAT shape. */
static int written(const tly_export__shapes *s, size_t k)
{
	return !s->r->cons_objects[k].iscrowd;
}

/*
 * Every (label, name, value) the shapes will carry, sorted and each once,
 * into D; each written object's attributes checked on the way.
 */
static int declarations(declared_vec *d, const tly_export__shapes *s)
{
	const tly_result *r = s->r;
	size_t i, j, first, n, k, from, to;
	int error;

	for (i = 0; i < s->n_images; i++) {
		size_t o_first, o_n;

		tly_export__shapes_objects(&o_first, &o_n, s, s->images[i]);
		for (j = o_first; j < o_first + o_n; j++) {
			size_t obj = s->obj_order[j];

			if (!written(s, obj))
				continue;
			if ((error = tly_export__attrs_check(s->ds, r, obj, "cvat", NULL, 1)) < 0)
				return error;
			tly_export__attrs_span(&first, &n, r, obj);
			for (k = first; k < first + n; k++) {
				declared e;

				if (!tly_export__attr_written(r, k, NULL))
					continue;
				e.category = r->cons_objects[obj].category;
				e.name = r->cons_attrs[k].name;
				e.value = r->cons_attrs[k].value;
				e.strings = (const char *const *)r->attr_strings;
				if (TLY_VEC_PUSH(d, e) < 0)
					return TLY_ENOMEM;
			}
		}
	}
	if (d->count > 1)
		qsort(d->items, d->count, sizeof(*d->items), by_label_name_value);
	for (from = to = 0; from < d->count; from++)
		if (!to || by_label_name_value(&d->items[to - 1], &d->items[from]) != 0)
			d->items[to++] = d->items[from];
	d->count = to;
	return 0;
}

/* Whether CVAT's select list (one value per line, none empty) can hold V. */
static int listable(const char *v)
{
	return v[0] && !strchr(v, '\n') && !strchr(v, '\r');
}

/* The <attribute> declarations of D[0 .. n), one label's, sorted by name then value. */
static void put_declared(tly_buf *b, const declared *d, size_t n)
{
	size_t i, j, k;

	for (i = 0; i < n; i = j) {
		const char *name = d[i].strings[d[i].name];
		int listed = 1;

		for (j = i; j < n && strcmp(d[j].strings[d[j].name], name) == 0; j++)
			listed &= listable(d[j].strings[d[j].value]);
		tly_buf_puts(b, "            <attribute>\n              <name>");
		tly_export__xml_text(b, name);
		tly_buf_printf(b, "</name>\n              <mutable>False</mutable>\n"
			       "              <input_type>%s</input_type>\n              <default_value>",
			       listed ? "select" : "text");
		if (listed)
			tly_export__xml_text(b, d[i].strings[d[i].value]);
		tly_buf_puts(b, "</default_value>\n              <values>");
		for (k = i; listed && k < j; k++) {
			if (k > i)
				tly_buf_putc(b, '\n');
			tly_export__xml_text(b, d[k].strings[d[k].value]);
		}
		tly_buf_puts(b, "</values>\n            </attribute>\n");
	}
}

static int put_meta(tly_buf *b, const tly_export__shapes *s, const declared_vec *d)
{
	const tly_dataset *ds = s->ds;
	size_t c, at = 0, end;
	int error;

	tly_buf_puts(b, "  <meta>\n    <task>\n      <name>tally consensus");
	if (s->r->run_id > 0)
		tly_buf_printf(b, ", run %" PRId64, s->r->run_id);
	tly_buf_printf(b, "</name>\n      <size>%zu</size>\n      <mode>annotation</mode>\n      <labels>\n",
		       s->n_images);
	for (c = 0; c < ds->n_categories; c++) {
		/* a retired category labels no consensus object, so it declares nothing */
		for (end = at; end < d->count && d->items[end].category == c; end++)
			;
		if (tly_dataset_category_retired(ds, c)) {
			at = end;
			continue;
		}
		if ((error = tly_export__xml_check("cvat", "label", ds->categories[c].name)) < 0)
			return error;
		tly_buf_puts(b, "        <label>\n          <name>");
		tly_export__xml_text(b, ds->categories[c].name);
		tly_buf_puts(b, "</name>\n          <type>any</type>\n          <attributes>\n");
		put_declared(b, d->items + at, end - at);
		at = end;
		tly_buf_puts(b, "          </attributes>\n        </label>\n");
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

/* Whether object K's voted attributes say occluded (CVAT's COCO export writes true / false). */
static int occluded(const tly_result *r, size_t k)
{
	size_t first, n, i;

	tly_export__attrs_span(&first, &n, r, k);
	for (i = first; i < first + n; i++)
		if (tly_export__attr_written(r, i, NULL) &&
		    !strcmp(r->attr_strings[r->cons_attrs[i].name], "occluded"))
			return !strcmp(r->attr_strings[r->cons_attrs[i].value], "true") ||
			       !strcmp(r->attr_strings[r->cons_attrs[i].value], "1");
	return 0;
}

/* Object K's voted attributes as <attribute> children. */
static void put_attributes(tly_buf *b, const tly_result *r, size_t k)
{
	size_t first, n, i;

	tly_export__attrs_span(&first, &n, r, k);
	for (i = first; i < first + n; i++) {
		if (!tly_export__attr_written(r, i, NULL))
			continue;
		tly_buf_puts(b, "      <attribute name=\"");
		tly_export__xml_text(b, r->attr_strings[r->cons_attrs[i].name]);
		tly_buf_puts(b, "\">");
		tly_export__xml_text(b, r->attr_strings[r->cons_attrs[i].value]);
		tly_buf_puts(b, "</attribute>\n");
	}
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
	tly_buf_printf(b, "\" source=\"manual\" occluded=\"%d\"", occluded(s->r, k));
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
	tly_buf_puts(b, " z_order=\"0\">\n");
	put_attributes(b, s->r, k);
	tly_buf_printf(b, "    </%s>\n", o->geom.rle ? "mask" : "box");
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
		if (written(s, s->obj_order[k]) && (error = put_object(b, s, s->obj_order[k])) < 0)
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
	declared_vec d = {NULL, 0, 0};
	size_t i;
	int error;

	if ((error = tly_export__shapes_init(&s, ds, r, 1)) < 0)
		return error;
	tly_buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<annotations>\n  <version>1.1</version>\n");
	if ((error = tly_export__shapes_check_names(&s, "cvat")) < 0 || (error = declarations(&d, &s)) < 0 ||
	    (error = put_meta(b, &s, &d)) < 0)
		goto out;
	for (i = 0; i < s.n_images && !error; i++)
		error = put_image(b, &s, i, s.images[i]);
	tly_buf_puts(b, "</annotations>\n");
out:
	TLY_VEC_CLEAR(&d);
	tly_export__shapes_clear(&s);
	return error;
}
