/*
 * CVAT shapes into tally's geometry (CVAT's XML format document,
 * docs.cvat.ai/docs/other/xml_format). Boxes: xtl, ytl, xbr, ybr are
 * continuous pixel coordinates of the corners (no +1, unlike VOC), the
 * convention CVAT's own COCO export and datumaro's CVAT reader use:
 * x = xtl, y = ytl, w = xbr - xtl, h = ybr - ytl. A box with rotation="D"
 * (degrees, clockwise, about its centre) becomes the polygon of its four
 * corners. Polygons "x0,y0;x1,y1;..." are kept as COCO polygons. Masks: rle
 * holds runs over the width x height crop at (left, top), row by row,
 * starting with a background run (as datumaro's reader decodes CVAT
 * exports); they are placed on the image and re-encoded as a COCO RLE
 * (column-major). Tested by tests/ingest/test_cvat.c.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/cvat_shape.h"
#include "ingest/region.h"
#include "tally/error.h"
#include "tally/rle.h"
#include "util/alloc.h"
#include "util/limits.h"
#include "util/vec.h"

static int bad(char *why, size_t n, int code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int bad(char *why, size_t n, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return code;
}

const char *tly_ingest__cvat_attr(const char **attrs, const char *name)
{
	size_t i;

	for (i = 0; attrs[i]; i += 2)
		if (strcmp(attrs[i], name) == 0)
			return attrs[i + 1];
	return NULL;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* XML attribute KEY of <EL> as a finite number: 0, 1 when absent and not REQUIRED, or an error. */
static int number(double *out, const char **attrs, const char *el, const char *key, int required, char *why,
		  size_t n)
{
	const char *s = tly_ingest__cvat_attr(attrs, key);
	char *end;
	double d;

	if (!s) {
		if (required)
			return bad(why, n, TLY_EINPUT, "<%s>: missing %s", el, key);
		return 1;
	}
	d = strtod(s, &end);
	while (is_space(*end))
		end++;
	if (end == s || *end || !isfinite(d))
		return bad(why, n, TLY_EINPUT, "<%s>: %s: expected a number, got \"%.40s\"", el, key, s);
	if (fabs(d) > TLY_MAX_COORD)
		return bad(why, n, TLY_ELIMIT, "<%s>: %s %s is beyond TLY_MAX_COORD (%g)", el, key, s,
			   TLY_MAX_COORD);
	*out = d;
	return 0;
}

/* A whole number of pixels in [LO, MAX]. */
static int whole(int64_t *out, const char **attrs, const char *el, const char *key, int64_t lo, int64_t max,
		 char *why, size_t n)
{
	double d;
	int error;

	if ((error = number(&d, attrs, el, key, 1, why, n)) != 0)
		return error;
	if (d != floor(d) || d < (double)lo)
		return bad(why, n, TLY_EINPUT, "<%s>: %s: expected a whole number >= %lld, got %.15g", el,
			   key, (long long)lo, d);
	if (d > (double)max)
		return bad(why, n, TLY_ELIMIT, "<%s>: %s %.15g is over TLY_MAX_IMAGE_SIDE (%lld)", el, key, d,
			   (long long)max);
	*out = (int64_t)d;
	return 0;
}

static int read_box(tly_ingest__cvat_shape *s, const char **attrs, char *why, size_t n)
{
	static const char *const keys[4] = {"xtl", "ytl", "xbr", "ybr"};
	double c[4], rot = 0, xy[8];
	int k, error;

	for (k = 0; k < 4; k++)
		if ((error = number(&c[k], attrs, "box", keys[k], 1, why, n)) < 0)
			return error;
	for (k = 0; k < 2; k++)
		if (!(c[k + 2] > c[k]))
			return bad(why, n, TLY_EINPUT, "<box>: %s %.15g is not greater than %s %.15g",
				   keys[k + 2], c[k + 2], keys[k], c[k]);
	if ((error = number(&rot, attrs, "box", "rotation", 0, why, n)) < 0)
		return error;
	s->kind = TLY_GEOM_BOX;
	s->box.x = c[0];
	s->box.y = c[1];
	s->box.w = c[2] - c[0];
	s->box.h = c[3] - c[1];
	if (tly_ingest__region_unrotated(rot))
		return 0;
	/* Turned about its centre: the four corners, matched as a polygon. */
	tly_ingest__region_rotated(xy, c[0], c[1], s->box.w, s->box.h, rot, (c[0] + c[2]) / 2,
				   (c[1] + c[3]) / 2);
	tly_ingest__region_polygon(&s->seg, &s->box, xy, 4);
	s->kind = TLY_GEOM_POLYGON;
	return s->seg.error;
}

/* "x0,y0;x1,y1;..." into *XY (caller frees), *NP points. */
static int parse_points(double **xy, size_t *np, const char *s, char *why, size_t n)
{
	const char *p;
	size_t pairs = 1, i = 0;
	char *end;
	int k;

	for (p = s; *p; p++)
		if (*p == ';')
			pairs++;
	if (pairs > TLY_MAX_POLYGON_POINTS)
		return bad(why, n, TLY_ELIMIT, "<polygon>: more than TLY_MAX_POLYGON_POINTS (%d) points",
			   TLY_MAX_POLYGON_POINTS);
	if (!(*xy = tly_reallocarray(NULL, pairs, 2 * sizeof(**xy))))
		return TLY_ENOMEM;
	for (p = s; i < pairs; i++) {
		for (k = 0; k < 2; k++) {
			double d = strtod(p, &end);

			if (end == p || !isfinite(d) || fabs(d) > TLY_MAX_COORD)
				return bad(why, n, TLY_EINPUT,
					   "<polygon>: points: expected \"x,y;x,y;...\" with finite "
					   "numbers up to TLY_MAX_COORD, bad at byte %zu", (size_t)(p - s));
			(*xy)[2 * i + (size_t)k] = d;
			for (p = end; is_space(*p); p++)
				;
			if (*p != (k ? (i + 1 < pairs ? ';' : '\0') : ','))
				return bad(why, n, TLY_EINPUT,
					   "<polygon>: points: expected \"x,y;x,y;...\", bad at byte %zu",
					   (size_t)(p - s));
			if (*p)
				p++;
		}
	}
	*np = pairs;
	return 0;
}

static int read_polygon(tly_ingest__cvat_shape *s, const char **attrs, char *why, size_t n)
{
	const char *pts = tly_ingest__cvat_attr(attrs, "points");
	double *xy = NULL;
	size_t np = 0;
	int error;

	if (!pts)
		return bad(why, n, TLY_EINPUT, "<polygon>: missing points");
	if ((error = parse_points(&xy, &np, pts, why, n)) < 0)
		goto out;
	if (np < 3) {
		error = bad(why, n, TLY_EINPUT, "<polygon>: needs at least 3 points, got %zu", np);
		goto out;
	}
	s->kind = TLY_GEOM_POLYGON;
	tly_ingest__region_polygon(&s->seg, &s->box, xy, np);
	/* As for COCO boxes: empty shapes are errors, shapes beyond the image are kept. */
	if (!(s->box.w > 0) || !(s->box.h > 0))
		error = bad(why, n, TLY_EINPUT, "<polygon>: zero width or height");
	else
		error = s->seg.error;
out:
	tly_free(xy);
	return error;
}

/* The crop's row-major runs (background first) into CROP (W * H bytes, zeroed). */
static int decode_crop(uint8_t *crop, int64_t pixels, const char *rle, char *why, size_t n)
{
	const char *p = rle;
	int64_t pos = 0;
	size_t runs = 0;
	char *end;

	for (;;) {
		long long v;

		while (is_space(*p))
			p++;
		if (*p < '0' || *p > '9')
			return bad(why, n, TLY_EINPUT, "<mask>: rle: expected a run length at byte %zu",
				   (size_t)(p - rle));
		errno = 0;
		v = strtoll(p, &end, 10);
		if (errno == ERANGE || v > pixels - pos)
			return bad(why, n, TLY_EINPUT,
				   "<mask>: rle: runs sum to more than width*height = %lld",
				   (long long)pixels);
		if (++runs > TLY_MAX_RLE_RUNS)
			return bad(why, n, TLY_ELIMIT, "<mask>: rle: more than TLY_MAX_RLE_RUNS (%d) runs",
				   TLY_MAX_RLE_RUNS);
		if (runs % 2 == 0)
			memset(crop + pos, 1, (size_t)v);
		pos += v;
		for (p = end; is_space(*p); p++)
			;
		if (!*p)
			break;
		if (*p++ != ',')
			return bad(why, n, TLY_EINPUT, "<mask>: rle: expected ',' at byte %zu",
				   (size_t)(p - 1 - rle));
	}
	if (pos != pixels)
		return bad(why, n, TLY_EINPUT,
			   "<mask>: rle: runs sum to %lld pixels, not width*height = %lld", (long long)pos,
			   (long long)pixels);
	return 0;
}

typedef struct {
	TLY_VEC(int64_t) runs;
	int value; /* of the open run */
	int64_t len; /* of the open run */
} run_builder;

static int run_add(run_builder *r, int value, int64_t len)
{
	if (len == 0 || value == r->value) {
		r->len += len;
		return 0;
	}
	if (TLY_VEC_PUSH(&r->runs, r->len) < 0)
		return TLY_ENOMEM;
	r->value = value;
	r->len = len;
	return 0;
}

/*
 * The crop (CW x CH at LEFT, TOP) as a COCO RLE of the whole IW x IH
 * image, built column by column: columns outside the crop are one
 * background run each, so the cost is the image width plus the crop, not
 * the image's pixels.
 */
static int place_crop(tly_rle *out, const uint8_t *crop, int64_t left, int64_t top, int64_t cw, int64_t ch,
		      int64_t iw, int64_t ih)
{
	run_builder r;
	int64_t x, y;
	int error = 0;

	memset(&r, 0, sizeof(r));
	for (x = 0; x < iw && !error; x++) {
		if (x < left || x >= left + cw) {
			error = run_add(&r, 0, ih);
			continue;
		}
		error = run_add(&r, 0, top);
		for (y = 0; y < ch && !error; y++)
			error = run_add(&r, crop[y * cw + (x - left)], 1);
		if (!error)
			error = run_add(&r, 0, ih - top - ch);
	}
	if (!error && TLY_VEC_PUSH(&r.runs, r.len) < 0)
		error = TLY_ENOMEM;
	if (!error)
		error = tly_rle_from_counts(out, ih, iw, r.runs.items, r.runs.count);
	TLY_VEC_CLEAR(&r.runs);
	return error;
}

static int read_mask(tly_ingest__cvat_shape *s, const char **attrs, int32_t img_w, int32_t img_h, char *why,
		     size_t n)
{
	const char *rle = tly_ingest__cvat_attr(attrs, "rle");
	int64_t left, top, cw, ch, pixels, i;
	uint8_t *crop = NULL;
	tly_rle mask;
	int error;

	tly_rle_init(&mask);
	if (!rle)
		return bad(why, n, TLY_EINPUT, "<mask>: missing rle");
	if ((error = whole(&left, attrs, "mask", "left", 0, TLY_MAX_IMAGE_SIDE, why, n)) != 0 ||
	    (error = whole(&top, attrs, "mask", "top", 0, TLY_MAX_IMAGE_SIDE, why, n)) != 0 ||
	    (error = whole(&cw, attrs, "mask", "width", 1, TLY_MAX_IMAGE_SIDE, why, n)) != 0 ||
	    (error = whole(&ch, attrs, "mask", "height", 1, TLY_MAX_IMAGE_SIDE, why, n)) != 0)
		return error;
	if (!img_w || !img_h)
		return bad(why, n, TLY_EINPUT,
			   "<mask>: its <image> gives no width and height to place it on");
	if (left + cw > img_w || top + ch > img_h)
		return bad(why, n, TLY_EINPUT,
			   "<mask>: the %lldx%lld crop at (%lld, %lld) reaches beyond the %dx%d image",
			   (long long)cw, (long long)ch, (long long)left, (long long)top, (int)img_w,
			   (int)img_h);
	pixels = cw * ch;
	if ((uint64_t)pixels > TLY_MAX_MAP_PIXELS)
		return bad(why, n, TLY_ELIMIT, "<mask>: %lld pixels, over TLY_MAX_MAP_PIXELS (%llu)",
			   (long long)pixels, (unsigned long long)TLY_MAX_MAP_PIXELS);
	if (!(crop = tly_calloc((size_t)pixels, 1)))
		return TLY_ENOMEM;
	if ((error = decode_crop(crop, pixels, rle, why, n)) < 0)
		goto out;
	for (i = 0; i < pixels && !crop[i]; i++)
		;
	s->kind = TLY_GEOM_MASK;
	/* Nothing painted: nothing to vote on. */
	if (i == pixels) {
		s->empty = 1;
		goto out;
	}
	if ((error = place_crop(&mask, crop, left, top, cw, ch, img_w, img_h)) < 0) {
		if (error != TLY_ENOMEM)
			error = bad(why, n, error, "<mask>: %s", tly_error_last());
		goto out;
	}
	tly_ingest__region_mask(&s->seg, &s->box, &mask);
	error = s->seg.error;
out:
	tly_rle_clear(&mask);
	tly_free(crop);
	return error;
}

int tly_ingest__cvat_shape_begin(tly_ingest__cvat_shape *s, const char *element, const char **attrs,
				 int32_t img_w, int32_t img_h, char *why, size_t n)
{
	const char *label = tly_ingest__cvat_attr(attrs, "label");
	const char *occ = tly_ingest__cvat_attr(attrs, "occluded");

	s->occluded = -1;
	why[0] = '\0';
	if (!label || !label[0])
		return bad(why, n, TLY_EINPUT, "<%s>: missing label", element);
	if (strlen(label) > TLY_MAX_STRING)
		return bad(why, n, TLY_ELIMIT, "<%s>: label longer than TLY_MAX_STRING (%d bytes)", element,
			   TLY_MAX_STRING);
	if (!(s->label = tly_strdup(label)))
		return TLY_ENOMEM;
	if (strcmp(element, "tag") == 0) {
		s->is_tag = 1;
		return 0;
	}
	if (occ) {
		if (strcmp(occ, "0") != 0 && strcmp(occ, "1") != 0)
			return bad(why, n, TLY_EINPUT, "<%s>: occluded: expected 0 or 1, got \"%.40s\"",
				   element, occ);
		s->occluded = occ[0] - '0';
	}
	if (strcmp(element, "box") == 0)
		return read_box(s, attrs, why, n);
	if (strcmp(element, "polygon") == 0)
		return read_polygon(s, attrs, why, n);
	return read_mask(s, attrs, img_w, img_h, why, n);
}

int tly_ingest__cvat_shape_attribute(tly_ingest__cvat_shape *s, const char *name, const char *value,
				     char *why, size_t n)
{
	size_t dummy;
	int error;

	if (tly_strmap_get(&s->names, name, &dummy))
		return bad(why, n, TLY_EINPUT, "<attribute name=\"%.200s\"> given twice", name);
	if ((error = tly_strmap_put(&s->names, name, 0)) < 0)
		return error;
	if (s->attrs.size)
		tly_buf_putc(&s->attrs, ',');
	tly_buf_put_json_string(&s->attrs, name);
	tly_buf_putc(&s->attrs, ':');
	tly_buf_put_json_string(&s->attrs, value);
	return s->attrs.error;
}

int tly_ingest__cvat_shape_extra(char **out, const tly_ingest__cvat_shape *s)
{
	tly_buf b = TLY_BUF_INIT;
	const char *sep = "{";

	*out = NULL;
	if (!s->seg.size && s->occluded < 0 && !s->attrs.size)
		return 0;
	if (s->seg.size) {
		tly_buf_puts(&b, sep);
		tly_buf_put(&b, s->seg.ptr, s->seg.size);
		sep = ",";
	}
	if (s->occluded >= 0) {
		tly_buf_printf(&b, "%s\"occluded\":%d", sep, s->occluded);
		sep = ",";
	}
	if (s->attrs.size) {
		tly_buf_printf(&b, "%s\"attributes\":{", sep);
		tly_buf_put(&b, s->attrs.ptr, s->attrs.size);
		tly_buf_putc(&b, '}');
	}
	tly_buf_putc(&b, '}');
	if (b.error) {
		tly_buf_clear(&b);
		return TLY_ENOMEM;
	}
	*out = tly_buf_detach(&b);
	return *out ? 0 : TLY_ENOMEM;
}

void tly_ingest__cvat_shape_clear(tly_ingest__cvat_shape *s)
{
	if (!s)
		return;
	tly_free(s->label);
	tly_buf_clear(&s->seg);
	tly_buf_clear(&s->attrs);
	tly_strmap_clear(&s->names);
	memset(s, 0, sizeof(*s));
}
