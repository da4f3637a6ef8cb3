/*
 * YOLO export, laid out as src/ingest/yolo.c reads it back:
 *   PATH/classes.txt         every category name, line k = class k: the categories in
 *                            index order less those the rules' aliases and ignore list
 *                            retired, so class k is the k-th category still listed
 *   PATH/labels/<stem>.txt   one per image with an objects consensus (empty: nothing there)
 *   PATH/labels/sizes.csv    image,width,height: the images' full names and sizes
 * Boxes are Ultralytics/darknet lines "class cx cy w h" in fractions of the
 * image: cx = (x + w/2) / W, cy = (y + h/2) / H, w / W, h / H (COCO [40, 15,
 * 20, 20] on 100 x 50 -> 0.5 0.5 0.2 0.4). Masks are Ultralytics
 * segmentation lines "class x1 y1 x2 y2 ..." (fractions) of the mask's
 * outline (outline.c), which rasterises back to the same pixels. An image
 * of unknown size cannot be normalised: the export refuses it rather than
 * drop it. Crowd regions and image-level labels are not written (YOLO has
 * neither). Tested by tests/export/test_roundtrip_yolo.c.
 */
#include <stdio.h>
#include <string.h>

#include "export/folder.h"
#include "export/mask_crop.h"
#include "export/outline.h"
#include "export/shapes.h"
#include "export/yolo.h"
#include "tally/error.h"
#include "util/alloc.h"

#define BAD(...) tly_error_set(TLY_EARG, "export: yolo: " __VA_ARGS__)

/* The readers trim blanks and one pair of quotes from class names and sizes.csv's image names. */
static int trimmed_away(const char *s)
{
	size_t n = strlen(s);

	return n && (strchr(" \t\r", s[0]) || strchr(" \t\r", s[n - 1]) ||
		     (n >= 2 && (s[0] == '\'' || s[0] == '"') && s[n - 1] == s[0]));
}

/*
 * CLASS[c] = category c's YOLO class: how many listed (not retired)
 * categories come before it. Identity when nothing is retired.
 */
static int make_classes(uint32_t **out, const tly_dataset *ds)
{
	uint32_t *k = tly_calloc(ds->n_categories ? ds->n_categories : 1, sizeof(*k));
	uint32_t next = 0;
	size_t c;

	if (!(*out = k))
		return tly_error_set(TLY_ENOMEM, "export: yolo: out of memory");
	for (c = 0; c < ds->n_categories; c++) {
		k[c] = next;
		next += !tly_dataset_category_retired(ds, c);
	}
	return 0;
}

static int check_classes(const tly_dataset *ds)
{
	size_t c;

	for (c = 0; c < ds->n_categories; c++) {
		const char *name = ds->categories[c].name;

		if (tly_dataset_category_retired(ds, c))
			continue;
		if (!*name || strchr(name, '\n') || trimmed_away(name))
			return BAD("category \"%s\" cannot be a line of classes.txt (empty, a line "
				   "break, or white space or quotes at its ends)", name);
	}
	return 0;
}

static void fraction(tly_buf *b, double v, int32_t side)
{
	tly_buf_putc(b, ' ');
	tly_buf_put_json_number(b, v / side);
}

static int put_mask(tly_buf *b, const tly_cons_object *o, int32_t w, int32_t h, const char *where)
{
	tly_export__points pts = {NULL, 0, 0};
	tly_export__crop c;
	size_t k;
	int error;

	if ((error = tly_export__crop_init(&c, o->geom.rle, where)) < 0)
		return error;
	if ((error = tly_export__outline(&pts, &c, where)) == 0)
		for (k = 0; k < pts.count; k += 2) {
			fraction(b, pts.items[k], w);
			fraction(b, pts.items[k + 1], h);
		}
	TLY_VEC_CLEAR(&pts);
	tly_export__crop_clear(&c);
	return error;
}

static int put_labels(tly_buf *b, const tly_export__shapes *s, const uint32_t *classes, uint32_t i)
{
	const char *name = s->ds->images[i].name;
	int32_t w = s->w[i], h = s->h[i];
	size_t first, n, k;
	char where[600];
	int error = 0;

	tly_export__shapes_objects(&first, &n, s, i);
	for (k = first; k < first + n && !error; k++) {
		size_t j = s->obj_order[k];
		const tly_cons_object *o = &s->r->cons_objects[j];
		const tly_box *x = &o->geom.box;

		if (o->iscrowd)
			continue;
		if ((error = tly_export__shapes_check_box(s, "yolo", j)) < 0)
			break;
		tly_buf_printf(b, "%u", classes[o->category]);
		if (o->geom.rle) {
			snprintf(where, sizeof(where), "yolo: %s: consensus object %zu", name, j);
			error = put_mask(b, o, w, h, where);
		} else {
			fraction(b, x->x + x->w / 2, w);
			fraction(b, x->y + x->h / 2, h);
			fraction(b, x->w, w);
			fraction(b, x->h, h);
		}
		tly_buf_putc(b, '\n');
	}
	return error;
}

/* Every image written needs a size, and a name sizes.csv can hold. */
static int check_images(const tly_export__shapes *s)
{
	size_t i;

	for (i = 0; i < s->n_images; i++) {
		const char *name = s->ds->images[s->images[i]].name;

		if (!s->w[s->images[i]])
			return BAD("image \"%s\" has no known size, and YOLO coordinates are fractions of it "
				   "(ingest it with its size, e.g. --images DIR, or export another format)",
				   name);
		if (strpbrk(name, ",\n") || trimmed_away(name))
			return BAD("image \"%s\" cannot be a row of sizes.csv (a comma, a line break, or "
				   "white space or quotes at its ends)", name);
	}
	return 0;
}

static int write_sides(const char *dir, const tly_export__shapes *s)
{
	tly_buf b = TLY_BUF_INIT;
	size_t i;
	int error;

	for (i = 0; i < s->ds->n_categories; i++)
		if (!tly_dataset_category_retired(s->ds, i))
			tly_buf_printf(&b, "%s\n", s->ds->categories[i].name);
	if ((error = tly_export__write_text(dir, "classes.txt", &b)) < 0)
		goto out;
	b.size = 0;
	tly_buf_puts(&b, "image,width,height\n");
	for (i = 0; i < s->n_images; i++)
		tly_buf_printf(&b, "%s,%d,%d\n", s->ds->images[s->images[i]].name, (int)s->w[s->images[i]],
			       (int)s->h[s->images[i]]);
	error = tly_export__write_text(dir, "labels/sizes.csv", &b);
out:
	tly_buf_clear(&b);
	return error;
}

int tly_export__yolo_dir(const char *dir, const tly_dataset *ds, const tly_result *r)
{
	tly_export__shapes s;
	tly_buf b = TLY_BUF_INIT, name = TLY_BUF_INIT;
	uint32_t *classes = NULL;
	size_t i;
	int error;

	if ((error = tly_export__shapes_init(&s, ds, r, 0)) < 0)
		return error;
	if ((error = make_classes(&classes, ds)) < 0 || (error = check_classes(ds)) < 0 || (error = check_images(&s)) < 0 ||
	    (error = tly_export__shapes_stems(&s, "yolo", 1, "classes")) < 0 ||
	    (error = tly_export__make_dirs(dir, "labels")) < 0 || (error = write_sides(dir, &s)) < 0)
		goto out;
	for (i = 0; i < s.n_images && !error; i++) {
		b.size = 0;
		name.size = 0;
		tly_buf_printf(&name, "labels/%s.txt", s.stems[i]);
		/* An image with no object gets an empty file: an empty submission. */
		if ((error = name.error) < 0 || (error = put_labels(&b, &s, classes, s.images[i])) < 0)
			break;
		error = tly_export__write_text(dir, name.ptr, &b);
	}
out:
	tly_buf_clear(&b);
	tly_buf_clear(&name);
	tly_free(classes);
	tly_export__shapes_clear(&s);
	return error;
}
