/*
 * Growable byte buffer with a sticky error: after a failed append every
 * further append is a no-op, and the writer checks buf.error once at the end
 * (STYLE rule 18). Always NUL-terminated when ptr is non-NULL.
 */
#ifndef TLY_UTIL_BUF_H
#define TLY_UTIL_BUF_H

#include <stddef.h>

typedef struct {
	char *ptr;    /* owned; NULL until the first append */
	size_t size;  /* bytes used, excluding the terminating NUL */
	size_t alloc; /* bytes allocated */
	int error;    /* 0, or the first error code seen */
} tly_buf;

#define TLY_BUF_INIT {NULL, 0, 0, 0}

void tly_buf_clear(tly_buf *b);
void tly_buf_put(tly_buf *b, const void *data, size_t len);
void tly_buf_puts(tly_buf *b, const char *s);
void tly_buf_putc(tly_buf *b, char c);
void tly_buf_printf(tly_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append a JSON string literal (quotes and escapes included). */
void tly_buf_put_json_string(tly_buf *b, const char *s);
/* Append a double the way JSON wants it: shortest round-trip form; NaN/inf as null. */
void tly_buf_put_json_number(tly_buf *b, double v);
/* Append s as one CSV field (quoted when it holds , " CR or LF). */
void tly_buf_put_csv_field(tly_buf *b, const char *s);
/* Take ownership of the contents (caller frees with tly_free); b is reset. */
char *tly_buf_detach(tly_buf *b);

/* Read a whole file into b, refusing files over max_bytes (TLY_ELIMIT). */
int tly_buf_read_file(tly_buf *b, const char *path, size_t max_bytes);
/*
 * Write data to path atomically enough for reports (write then rename); a
 * path that is a link, FIFO or device is written in place instead, so it stays one.
 */
int tly_write_file(const char *path, const void *data, size_t len);
/*
 * mkdir -p DIR: create each missing component (mode 0777 less the umask);
 * an existing folder is fine. 0, TLY_EIO naming the component that could
 * not be made or DIR when it is not a folder, or TLY_ENOMEM.
 */
int tly_make_dirs(const char *dir);

#endif
