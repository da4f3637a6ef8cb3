/*
 * The files a YOLO label needs beside it (see yolo_side.h). Image headers:
 * PNG's IHDR (PNG spec, section 11.2.2: width then height, 4-byte big
 * endian, after the 8-byte signature and the chunk's length and type) and
 * JPEG's SOFn segment (ITU T.81, B.2.2: length, precision, height, width),
 * every length bounds-checked. Tested by tests/ingest/test_yolo.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/text.h"
#include "ingest/yolo_side.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"

/* JPEG segments before the frame header: past this the file is not a JPEG worth reading. */
#define MAX_JPEG_SEGMENTS 1024

void tly_ingest__yolo_names_clear(tly_yolo_names *n)
{
	size_t i;

	for (i = 0; i < n->count; i++)
		tly_free(n->items[i]);
	tly_free(n->items);
	memset(n, 0, sizeof(*n));
}

static char *path_in(const char *label, const char *up, const char *name)
{
	const char *base = tly_ingest__basename(label);
	tly_buf b = TLY_BUF_INIT;

	if (base == label)
		tly_buf_puts(&b, "./");
	else
		tly_buf_put(&b, label, (size_t)(base - label));
	tly_buf_puts(&b, up);
	tly_buf_puts(&b, name);
	if (b.error) {
		tly_buf_clear(&b);
		return NULL;
	}
	return tly_buf_detach(&b);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Trim S[0..*n) of blanks and one pair of YAML quotes; returns the new start. */
static const char *trim(const char *s, size_t *n)
{
	while (*n && is_space(*s))
		s++, (*n)--;
	while (*n && is_space(s[*n - 1]))
		(*n)--;
	if (*n >= 2 && (s[0] == '\'' || s[0] == '"') && s[*n - 1] == s[0])
		s++, *n -= 2;
	return s;
}

/* Set name ID (growing the list with gaps) to S[0..N). */
static int put_name(tly_yolo_names *out, const char *file, size_t line, size_t id, const char *s, size_t n)
{
	char **grown;

	if (n == 0)
		return tly_error_set(TLY_EINPUT, "%s:%zu:1: empty class name", file, line);
	if (n > TLY_MAX_STRING || id >= TLY_MAX_CATEGORIES)
		return tly_error_set(TLY_ELIMIT, "%s:%zu:1: class name over TLY_MAX_STRING or id over "
				     "TLY_MAX_CATEGORIES (%d)", file, line, TLY_MAX_CATEGORIES);
	if (tly_ingest__utf8_check(s, n) != n)
		return tly_error_set(TLY_EINPUT, "%s:%zu:1: invalid UTF-8", file, line);
	if (id >= out->cap) {
		if (!(grown = tly_reallocarray(out->items, id + 16, sizeof(*grown))))
			return TLY_ENOMEM;
		memset(grown + out->cap, 0, (id + 16 - out->cap) * sizeof(*grown));
		out->items = grown;
		out->cap = id + 16;
	}
	if (out->items[id])
		return tly_error_set(TLY_EINPUT, "%s:%zu:1: class %zu named twice", file, line, id);
	if (!(out->items[id] = tly_strndup(s, n)))
		return TLY_ENOMEM;
	if (id >= out->count)
		out->count = id + 1;
	return 0;
}

static int read_classes(tly_yolo_names *out, const char *file, const char *s, size_t len)
{
	size_t i = tly_ingest__bom_len(s, len), line = 1, end, n, last = len;
	const char *t;
	int error;

	/* Trailing blank lines are not classes. */
	while (last > 0 && (s[last - 1] == '\n' || is_space(s[last - 1])))
		last--;
	for (; i < last; line++, i = end + 1) {
		for (end = i; end < last && s[end] != '\n'; end++)
			;
		n = end - i;
		t = trim(s + i, &n);
		if ((error = put_name(out, file, line, line - 1, t, n)) < 0)
			return error;
	}
	return 0;
}

/* One entry of data.yaml's names: "- name" or "id: name" (ID_NEXT for the list form). */
static int yaml_entry(tly_yolo_names *out, const char *file, size_t line, const char *s, size_t n,
		      size_t *next)
{
	size_t k = 0, id = 0;

	s = trim(s, &n);
	if (n && s[0] == '-') {
		s++, n--;
		s = trim(s, &n);
		return put_name(out, file, line, (*next)++, s, n);
	}
	while (k < n && s[k] >= '0' && s[k] <= '9' && id < TLY_MAX_CATEGORIES)
		id = id * 10 + (size_t)(s[k++] - '0');
	if (k == 0 || k >= n || s[k] != ':')
		return tly_error_set(TLY_EINPUT, "%s:%zu:1: names: expected \"- name\" or \"id: name\"", file, line);
	s += k + 1, n -= k + 1;
	s = trim(s, &n);
	return put_name(out, file, line, id, s, n);
}

/* The names: key of an Ultralytics data.yaml: a flow list, or the block that follows it. */
static int read_yaml(tly_yolo_names *out, const char *file, const char *s, size_t len)
{
	size_t i = 0, end, line = 1, next = 0, n, k;
	const char *t;
	int in_names = 0, error;

	for (; i < len; line++, i = end + 1) {
		for (end = i; end < len && s[end] != '\n'; end++)
			;
		n = end - i;
		t = s + i;
		if (in_names && n && !is_space(t[0]) && t[0] != '-')
			break;
		if (in_names) {
			while (n && is_space(t[0]))
				t++, n--;
			if (n && t[0] != '#' && (error = yaml_entry(out, file, line, t, n, &next)) < 0)
				return error;
			continue;
		}
		if (n < 6 || memcmp(t, "names:", 6) != 0)
			continue;
		t += 6, n -= 6;
		t = trim(t, &n);
		if (n == 0) {
			in_names = 1;
			continue;
		}
		if (t[0] != '[' || t[n - 1] != ']')
			return tly_error_set(TLY_EINPUT, "%s:%zu:1: names: expected a list", file, line);
		for (t++, n -= 2; ; t += k + 1, n -= k + 1) {
			const char *v;
			size_t m;

			for (k = 0; k < n && t[k] != ','; k++)
				;
			m = k;
			v = trim(t, &m);
			if (m && (error = put_name(out, file, line, next++, v, m)) < 0)
				return error;
			if (k >= n)
				break;
		}
		break;
	}
	if (out->count == 0)
		return tly_error_set(TLY_EINPUT, "%s: no names: list", file);
	return 0;
}

int tly_ingest__yolo_names(tly_yolo_names *out, const char *label)
{
	static const char *const ups[] = {"", "../", "../../"};
	tly_buf text = TLY_BUF_INIT;
	char *path = NULL;
	size_t u, f;
	int error = 0;

	memset(out, 0, sizeof(*out));
	for (u = 0; u < 3 && !path; u++) {
		for (f = 0; f < 2 && !path; f++) {
			if (!(path = path_in(label, ups[u], f ? "data.yaml" : "classes.txt")))
				return TLY_ENOMEM;
			if (access(path, R_OK) != 0) {
				tly_free(path);
				path = NULL;
				continue;
			}
			if ((error = tly_buf_read_file(&text, path, TLY_MAX_RULES_BYTES)) == 0)
				error = f ? read_yaml(out, path, text.ptr ? text.ptr : "", text.size)
					  : read_classes(out, path, text.ptr ? text.ptr : "", text.size);
		}
	}
	if (!path)
		error = tly_error_set(TLY_EINPUT, "%s: no class names: put classes.txt or data.yaml beside the "
				      "labels or in one of the two folders above", label);
	tly_free(path);
	tly_buf_clear(&text);
	if (error < 0)
		tly_ingest__yolo_names_clear(out);
	return error;
}

/* A positive integer side up to the cap, from S[0..N). */
static int parse_side(int32_t *out, const char *s, size_t n)
{
	long v = 0;
	size_t k;

	s = trim(s, &n);
	if (n == 0 || n > 7)
		return -1;
	for (k = 0; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			return -1;
		v = v * 10 + (s[k] - '0');
	}
	if (v <= 0 || v > TLY_MAX_IMAGE_SIDE)
		return -1;
	*out = (int32_t)v;
	return 0;
}

/* Same stem: NAME (a basename) is STEM plus an extension. */
static int stem_is(const char *name, size_t n, const char *stem, size_t stem_len)
{
	return n > stem_len && memcmp(name, stem, stem_len) == 0 && name[stem_len] == '.' &&
	       memchr(name + stem_len + 1, '.', n - stem_len - 1) == NULL;
}

/* sizes.csv: a header "image,width,height" then plain rows (no quoting). */
static int from_sizes(char **name, int32_t *w, int32_t *h, const char *file, const char *s, size_t len,
		      const char *stem, size_t stem_len)
{
	size_t i = tly_ingest__bom_len(s, len), end, line = 1, c1, c2, n;
	const char *img;

	for (; i < len; line++, i = end + 1) {
		for (end = i; end < len && s[end] != '\n'; end++)
			;
		if (line == 1) {
			if (end - i < 18 || memcmp(s + i, "image,width,height", 18) != 0)
				return tly_error_set(TLY_EINPUT, "%s:1:1: expected the header image,width,height", file);
			continue;
		}
		for (c1 = i; c1 < end && s[c1] != ','; c1++)
			;
		for (c2 = c1 + 1; c2 < end && s[c2] != ','; c2++)
			;
		n = c1 - i;
		img = trim(s + i, &n);
		if (n == 0)
			continue;
		if (!stem_is(img, n, stem, stem_len))
			continue;
		if (c2 >= end || parse_side(w, s + c1 + 1, c2 - c1 - 1) < 0 ||
		    parse_side(h, s + c2 + 1, end - c2 - 1) < 0)
			return tly_error_set(TLY_EINPUT, "%s:%zu:1: expected image,width,height with sizes "
					     "from 1 to %d", file, line, TLY_MAX_IMAGE_SIDE);
		return (*name = tly_strndup(img, n)) ? 0 : TLY_ENOMEM;
	}
	return 1;
}

static uint32_t be(const unsigned char *p, int n)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* Width and height from a JPEG's first SOFn segment; -1 when not found. */
static int jpeg_size(uint32_t *w, uint32_t *h, FILE *f)
{
	unsigned char s[8];
	int c, seg;
	uint32_t len;

	for (seg = 0; seg < MAX_JPEG_SEGMENTS; seg++) {
		if ((c = getc(f)) != 0xFF)
			return -1;
		while ((c = getc(f)) == 0xFF)
			;
		if (c == EOF || c == 0xD9 || c == 0xDA)
			return -1;
		if (c == 0x01 || (c >= 0xD0 && c <= 0xD7))
			continue;
		if (fread(s, 1, 2, f) != 2 || (len = be(s, 2)) < 2)
			return -1;
		if (c >= 0xC0 && c <= 0xCF && c != 0xC4 && c != 0xC8 && c != 0xCC) {
			if (len < 7 || fread(s, 1, 5, f) != 5)
				return -1;
			*h = be(s + 1, 2);
			*w = be(s + 3, 2);
			return 0;
		}
		if (fseek(f, (long)len - 2, SEEK_CUR) != 0)
			return -1;
	}
	return -1;
}

static int header_size(int32_t *width, int32_t *height, const char *path)
{
	static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	unsigned char s[24];
	uint32_t w = 0, h = 0;
	int got = -1;
	FILE *f = fopen(path, "rb");

	if (!f)
		return tly_error_set(TLY_EIO, "%s: cannot open", path);
	if (fread(s, 1, 2, f) == 2 && s[0] == 0xFF && s[1] == 0xD8) {
		got = jpeg_size(&w, &h, f);
	} else if (fread(s + 2, 1, 22, f) == 22 && memcmp(s, png, 8) == 0 && memcmp(s + 12, "IHDR", 4) == 0) {
		w = be(s + 16, 4);
		h = be(s + 20, 4);
		got = 0;
	}
	fclose(f);
	if (got < 0)
		return tly_error_set(TLY_EINPUT, "%s: no PNG or JPEG size in the header", path);
	if (w == 0 || h == 0 || w > TLY_MAX_IMAGE_SIDE || h > TLY_MAX_IMAGE_SIDE)
		return tly_error_set(TLY_ELIMIT, "%s: size %ux%u is 0 or over TLY_MAX_IMAGE_SIDE (%d)", path,
				     (unsigned)w, (unsigned)h, TLY_MAX_IMAGE_SIDE);
	*width = (int32_t)w;
	*height = (int32_t)h;
	return 0;
}

static int from_images(char **name, int32_t *w, int32_t *h, const char *dir, const char *stem)
{
	static const char *const exts[] = {".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG"};
	tly_buf p = TLY_BUF_INIT;
	size_t i;
	int error = 1;

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]) && error > 0; i++) {
		p.size = 0;
		tly_buf_printf(&p, "%s/%s%s", dir, stem, exts[i]);
		if (p.error)
			error = p.error;
		else if (access(p.ptr, R_OK) == 0 && (error = header_size(w, h, p.ptr)) == 0)
			error = (*name = tly_strdup(tly_ingest__basename(p.ptr))) ? 0 : TLY_ENOMEM;
	}
	tly_buf_clear(&p);
	return error;
}

int tly_ingest__yolo_image(char **name, int32_t *width, int32_t *height, const char *label,
			   const char *images_dir)
{
	const char *base = tly_ingest__basename(label), *dot = strrchr(base, '.');
	size_t stem_len = dot ? (size_t)(dot - base) : strlen(base);
	tly_buf text = TLY_BUF_INIT;
	char *stem = tly_strndup(base, stem_len), *sizes = path_in(label, "", "sizes.csv");
	int error = 1;

	*name = NULL;
	if (!stem || !sizes) {
		error = TLY_ENOMEM;
		goto out;
	}
	if (images_dir)
		error = from_images(name, width, height, images_dir, stem);
	else if (access(sizes, R_OK) == 0 && (error = tly_buf_read_file(&text, sizes, TLY_MAX_FILE_BYTES)) == 0)
		error = from_sizes(name, width, height, sizes, text.ptr ? text.ptr : "", text.size, stem, stem_len);
	if (error > 0)
		error = images_dir ? tly_error_set(TLY_EINPUT, "%s: no image %s.jpg, .jpeg or .png in %s", label,
						   stem, images_dir)
				   : tly_error_set(TLY_EINPUT, "%s: no size for image %s: add it to %s or pass "
						   "--images DIR", label, stem, sizes);
out:
	tly_free(stem);
	tly_free(sizes);
	tly_buf_clear(&text);
	return error;
}
