/*
 * One YOLO txt is one image seen by one annotator (--annotator: YOLO
 * records nobody); the image has the txt's stem, its full name and size
 * come from --images DIR or sizes.csv (yolo_side.c), class names from
 * classes.txt or data.yaml. A line "class cx cy w h" is a box in
 * fractions of the image (Ultralytics/darknet convention): x = (cx - w/2)
 * * W, y = (cy - h/2) * H, w * W, h * H (0.5 0.5 0.2 0.4 on 100x50 ->
 * [40, 15, 20, 20]). A line "class x1 y1 x2 y2 x3 y3 ..." (Ultralytics
 * segmentation) is a polygon kept as {"segmentation": [[pixels]]} with its
 * bounding box. An empty file is an empty submission. Tested by tests/ingest/test_yolo.c.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/readers.h"
#include "ingest/text.h"
#include "ingest/yolo_side.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/vec.h"

/* Detection's "no" (any negative but TLY_ENOMEM, which must stay an error). */
#define NOT_YOLO (-100)

/* Fractions this far outside [0, 1] are not a YOLO file (and stay far below TLY_MAX_COORD). */
#define MAX_FRACTION 10.0

typedef struct {
	const char *file;
	const char *s;
	size_t len, line, start; /* the current line: number and first byte */
	TLY_VEC(double) v;       /* the numbers after the class id */
} reader;

static int fail_at(const reader *r, size_t off, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail_at(const reader *r, size_t off, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return tly_error_set(code, "%s:%zu:%zu: %s", r->file, r->line, off - r->start + 1, msg);
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * Split the line [i, end) into a class id and numbers. With R->file NULL
 * (detection) only says whether it parses: 0 yes, NOT_YOLO no (TLY_ENOMEM stays itself).
 */
static int read_line(reader *r, size_t *cls, size_t i, size_t end)
{
	char tok[64];
	size_t t, n;
	char *stop;
	double d;

	r->v.count = 0;
	for (n = 0;; n++) {
		while (i < end && blank(r->s[i]))
			i++;
		if (i >= end)
			break;
		for (t = i; t < end && !blank(r->s[t]); t++)
			;
		if (t - i >= sizeof(tok))
			return r->file ? fail_at(r, i, TLY_EINPUT, "expected a number, got a %zu-byte word", t - i) : NOT_YOLO;
		memcpy(tok, r->s + i, t - i);
		tok[t - i] = '\0';
		if (n == 0) {
			/* Digits only: strtod would also take "1e0" and "0x1". */
			if (tok[strspn(tok, "0123456789")] || t - i > 6 ||
			    (*cls = (size_t)strtol(tok, &stop, 10)) >= TLY_MAX_CATEGORIES)
				return r->file ? fail_at(r, i, TLY_EINPUT, "expected a class id, got \"%s\"", tok) : NOT_YOLO;
		} else {
			d = strtod(tok, &stop);
			if (*stop || !isfinite(d) || fabs(d) > MAX_FRACTION)
				return r->file ? fail_at(r, i, TLY_EINPUT, "expected a fraction of the image, got \"%s\"",
							 tok) : NOT_YOLO;
			if (TLY_VEC_PUSH(&r->v, d) < 0)
				return TLY_ENOMEM;
		}
		i = t;
	}
	if (r->v.count == 4 || (r->v.count >= 6 && r->v.count % 2 == 0))
		return 0;
	return r->file ? fail_at(r, r->start, TLY_EINPUT, "expected class cx cy w h, or class and 3 or more x y "
				 "points, got %zu numbers after the class", r->v.count) : NOT_YOLO;
}

static int add_polygon(tly_batch *b, size_t sub, const char *label, const double *v, size_t n,
		       int32_t w, int32_t h, const char *ref)
{
	tly_buf poly = TLY_BUF_INIT;
	tly_geometry g;
	double x0 = 0, y0 = 0, x1 = 0, y1 = 0, x, y;
	size_t k;
	int error;

	for (k = 0; k < n; k += 2) {
		x = v[k] * w;
		y = v[k + 1] * h;
		if (k == 0 || x < x0)
			x0 = x;
		if (k == 0 || x > x1)
			x1 = x;
		if (k == 0 || y < y0)
			y0 = y;
		if (k == 0 || y > y1)
			y1 = y;
		tly_buf_puts(&poly, k ? "," : "{\"segmentation\":[[");
		tly_buf_put_json_number(&poly, x);
		tly_buf_putc(&poly, ',');
		tly_buf_put_json_number(&poly, y);
	}
	tly_buf_puts(&poly, "]]}");
	memset(&g, 0, sizeof(g));
	g.kind = TLY_GEOM_POLYGON;
	g.box.x = x0;
	g.box.y = y0;
	g.box.w = x1 - x0;
	g.box.h = y1 - y0;
	error = poly.error ? poly.error : tly_batch_add_object(b, sub, label, &g, 0, ref, poly.ptr);
	tly_buf_clear(&poly);
	return error;
}

static int add_line(tly_batch *b, size_t sub, reader *r, const tly_yolo_names *names, size_t cls,
		    int32_t w, int32_t h)
{
	const double *v = r->v.items;
	tly_geometry g;
	char ref[32];

	if (cls >= names->count || !names->items[cls])
		return fail_at(r, r->start, TLY_EINPUT, "class %zu has no name (names known: %zu)", cls, names->count);
	if (r->v.count / 2 > TLY_MAX_POLYGON_POINTS)
		return fail_at(r, r->start, TLY_ELIMIT, "more than TLY_MAX_POLYGON_POINTS (%d) points",
			       TLY_MAX_POLYGON_POINTS);
	snprintf(ref, sizeof(ref), "line %zu", r->line);
	if (r->v.count > 4)
		return add_polygon(b, sub, names->items[cls], v, r->v.count, w, h, ref);
	if (!(v[2] > 0) || !(v[3] > 0))
		return fail_at(r, r->start, TLY_EINPUT, "the box has zero or negative width or height");
	memset(&g, 0, sizeof(g));
	g.kind = TLY_GEOM_BOX;
	g.box.x = (v[0] - v[2] / 2) * w;
	g.box.y = (v[1] - v[3] / 2) * h;
	g.box.w = v[2] * w;
	g.box.h = v[3] * h;
	return tly_batch_add_object(b, sub, names->items[cls], &g, 0, ref, NULL);
}

/* Call EACH on every non-blank line; stops at the first nonzero return (an error < 0). */
static int lines(reader *r, int (*each)(reader *, size_t, size_t, void *), void *arg)
{
	size_t i = tly_ingest__bom_len(r->s, r->len), end, k;
	int error;

	for (r->line = 1; i < r->len; r->line++, i = end + 1) {
		for (end = i; end < r->len && r->s[end] != '\n'; end++)
			;
		for (k = i; k < end && blank(r->s[k]); k++)
			;
		r->start = i;
		if (k < end && (error = each(r, i, end, arg)) != 0)
			return error;
	}
	return 0;
}

typedef struct {
	tly_batch *b;
	size_t sub, kept;
	const tly_yolo_names *names;
	int32_t w, h;
} ctx;

static int read_one(reader *r, size_t i, size_t end, void *arg)
{
	ctx *c = arg;
	size_t cls = 0;
	int error;

	if (memchr(r->s + i, '\0', end - i))
		return fail_at(r, i, TLY_EINPUT, "NUL byte");
	if ((error = read_line(r, &cls, i, end)) < 0)
		return error;
	if (++c->kept > TLY_MAX_OBJECTS_IMAGE)
		return fail_at(r, i, TLY_ELIMIT, "more than TLY_MAX_OBJECTS_IMAGE (%d) objects",
			       TLY_MAX_OBJECTS_IMAGE);
	return add_line(c->b, c->sub, r, c->names, cls, c->w, c->h);
}

int tly_ingest__yolo(tly_batch *b, const char *data, size_t len, const tly_ingest_options *opts)
{
	reader r = {b->path, data, len, 0, 0, {NULL, 0, 0}};
	tly_yolo_names names = {NULL, 0, 0};
	ctx c = {b, 0, 0, &names, 0, 0};
	char *image = NULL, where[512];
	size_t img;
	int error;

	if (!opts->annotator)
		return tly_error_set(TLY_EINPUT, "%s: no annotator: pass --annotator (YOLO files do not record one)",
				     b->path);
	if ((error = tly_ingest__yolo_names(&names, b->path)) < 0 ||
	    (error = tly_ingest__yolo_image(&image, &c.w, &c.h, b->path, opts->images_dir)) < 0)
		goto out;
	snprintf(where, sizeof(where), "%s: image", b->path);
	if ((error = tly_batch_add_image(&img, b, image, c.w, c.h, where)) < 0 ||
	    (error = tly_batch_add_submission(&c.sub, b, img, opts->annotator, TLY_TASK_OBJECTS)) < 0)
		goto out;
	error = lines(&r, read_one, &c);
out:
	tly_free(image);
	tly_ingest__yolo_names_clear(&names);
	TLY_VEC_CLEAR(&r.v);
	return error;
}

static int check_one(reader *r, size_t i, size_t end, void *arg)
{
	size_t cls;
	int rc;

	(void)arg;
	if (memchr(r->s + i, '\0', end - i))
		return NOT_YOLO;
	rc = read_line(r, &cls, i, end);
	return rc == 0 ? 1 : rc == TLY_ENOMEM ? rc : NOT_YOLO;
}

/*
 * The first non-blank line decides, so a file with a bad line further on
 * is read as YOLO and gets that line's error rather than "cannot tell".
 */
int tly_ingest__yolo_is_yolo(const char *data, size_t len)
{
	reader r = {NULL, data, len, 0, 0, {NULL, 0, 0}};
	int rc = lines(&r, check_one, NULL);

	TLY_VEC_CLEAR(&r.v);
	return rc == 1 || rc == TLY_ENOMEM ? rc : 0;
}
