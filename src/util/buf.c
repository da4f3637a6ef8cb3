/*
 * Byte buffer with sticky errors, plus the small text encoders (JSON and
 * CSV scalars) every writer in report/ and export/ shares.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"

void tly_buf_clear(tly_buf *b)
{
	tly_free(b->ptr);
	b->ptr = NULL;
	b->size = b->alloc = 0;
	b->error = 0;
}

static int grow(tly_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->error)
		return -1;
	if (tly_add_size(&need, b->size, extra) < 0 ||
	    tly_add_size(&need, need, 1) < 0) {
		b->error = TLY_ELIMIT;
		return -1;
	}
	if (need <= b->alloc)
		return 0;
	cap = b->alloc ? b->alloc : 64;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	p = tly_reallocarray(b->ptr, cap, 1);
	if (!p) {
		b->error = TLY_ENOMEM;
		return -1;
	}
	b->ptr = p;
	b->alloc = cap;
	return 0;
}

void tly_buf_put(tly_buf *b, const void *data, size_t len)
{
	if (grow(b, len) < 0)
		return;
	if (len)
		memcpy(b->ptr + b->size, data, len);
	b->size += len;
	b->ptr[b->size] = '\0';
}

void tly_buf_puts(tly_buf *b, const char *s)
{
	tly_buf_put(b, s, strlen(s));
}

void tly_buf_putc(tly_buf *b, char c)
{
	tly_buf_put(b, &c, 1);
}

void tly_buf_printf(tly_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->error)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->error = TLY_EIO;
		return;
	}
	if (grow(b, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->size, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->size += (size_t)n;
}

void tly_buf_put_json_string(tly_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	tly_buf_putc(b, '"');
	for (; *p; p++) {
		switch (*p) {
		case '"': tly_buf_puts(b, "\\\""); break;
		case '\\': tly_buf_puts(b, "\\\\"); break;
		case '\n': tly_buf_puts(b, "\\n"); break;
		case '\r': tly_buf_puts(b, "\\r"); break;
		case '\t': tly_buf_puts(b, "\\t"); break;
		default:
			if (*p < 0x20)
				tly_buf_printf(b, "\\u%04x", *p);
			else
				tly_buf_putc(b, (char)*p);
		}
	}
	tly_buf_putc(b, '"');
}

void tly_buf_put_json_number(tly_buf *b, double v)
{
	char tmp[40];

	if (!isfinite(v)) {
		tly_buf_puts(b, "null");
		return;
	}
	if (v == 0.0)
		v = 0.0; /* no "-0" in outputs */
	/* The shortest of %.15g, %.16g, %.17g that reads back as the same double. */
	snprintf(tmp, sizeof(tmp), "%.15g", v);
	if (strtod(tmp, NULL) != v)
		snprintf(tmp, sizeof(tmp), "%.16g", v);
	if (strtod(tmp, NULL) != v)
		snprintf(tmp, sizeof(tmp), "%.17g", v);
	tly_buf_puts(b, tmp);
}

void tly_buf_put_csv_field(tly_buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		tly_buf_puts(b, s);
		return;
	}
	tly_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			tly_buf_putc(b, '"');
		tly_buf_putc(b, *s);
	}
	tly_buf_putc(b, '"');
}

char *tly_buf_detach(tly_buf *b)
{
	char *p = b->ptr;

	if (!p)
		p = tly_strdup("");
	b->ptr = NULL;
	b->size = b->alloc = 0;
	b->error = 0;
	return p;
}

int tly_buf_read_file(tly_buf *b, const char *path, size_t max_bytes)
{
	FILE *f;
	char chunk[65536];
	size_t n;
	int error = 0;

	f = fopen(path, "rb");
	if (!f)
		return tly_error_set(TLY_EIO, "%s: cannot open: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b->size + n > max_bytes) {
			error = tly_error_set(TLY_ELIMIT,
				"%s: file larger than the %zu-byte limit", path, max_bytes);
			goto out;
		}
		tly_buf_put(b, chunk, n);
		if (b->error) {
			error = b->error;
			goto out;
		}
	}
	if (ferror(f)) {
		error = tly_error_set(TLY_EIO, "%s: read error", path);
		goto out;
	}
	if (!b->ptr)
		tly_buf_put(b, "", 0);
	error = b->error;
out:
	fclose(f);
	return error;
}

/* Write in place: PATH is what the caller named, OPEN_PATH what is opened. */
static int write_in_place(const char *path, const char *open_path, const void *data, size_t len)
{
	FILE *f;
	int error = 0;

	f = fopen(open_path, "wb");
	if (!f)
		return tly_error_set(TLY_EIO, "%s: cannot write: %s", path, strerror(errno));
	if (len && fwrite(data, 1, len, f) != len)
		error = tly_error_set(TLY_EIO, "%s: write failed: %s", path, strerror(errno));
	if (fclose(f) != 0 && !error)
		error = tly_error_set(TLY_EIO, "%s: write failed: %s", path, strerror(errno));
	return error;
}

int tly_write_file(const char *path, const void *data, size_t len)
{
	tly_buf tmp = TLY_BUF_INIT;
	struct stat st;
	int error = 0;

	/*
	 * Renaming over anything but a plain file would replace it: a link
	 * (-o latest.json pointing elsewhere), a FIFO, or /dev/stdout and
	 * /dev/null, which root may rename over. Those are written in place.
	 */
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return write_in_place(path, path, data, len);
	tly_buf_printf(&tmp, "%s.tmp", path);
	if (tmp.error) {
		error = tmp.error;
		goto out;
	}
	if ((error = write_in_place(path, tmp.ptr, data, len)) < 0)
		goto out;
	if (rename(tmp.ptr, path) != 0)
		error = tly_error_set(TLY_EIO, "%s: cannot write: %s", path, strerror(errno));
out:
	if (error && tmp.ptr)
		remove(tmp.ptr);
	tly_buf_clear(&tmp);
	return error;
}

int tly_make_dirs(const char *dir)
{
	char *path = tly_strdup(dir);
	struct stat st;
	size_t i, len;
	int error = 0;

	if (!path)
		return TLY_ENOMEM;
	len = strlen(path);
	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			error = tly_error_set(TLY_EIO, "%s: cannot create folder: %s", path, strerror(errno));
			goto out;
		}
		if (i < len)
			path[i] = '/';
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		error = tly_error_set(TLY_EIO, "%s: not a folder", dir);
out:
	tly_free(path);
	return error;
}
