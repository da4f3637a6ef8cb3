/*
 * CSV image labels (SPEC §7): a header with image and label columns, and
 * annotator unless --annotator stands for every row; any column order,
 * other columns ignored. Fields per RFC 4180 (quotes, "" escapes, CRLF or
 * LF, newlines inside quotes); a leading UTF-8 BOM is skipped and spaces
 * around unquoted values are trimmed. Each row is one label of one
 * (image, annotator) LABELS submission; a row with an empty label is a
 * submission with no label. Tested by tests/ingest/test_csv.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ingest/readers.h"
#include "ingest/text.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/vec.h"

typedef struct {
	const char *file;
	const char *s;
	size_t len, i;
	tly_buf text;          /* the record's fields, each NUL-terminated */
	TLY_VEC(size_t) start; /* field k is text.ptr + start[k] */
	TLY_VEC(size_t) at;    /* field k began at s + at[k] (for messages) */
	size_t rec_end;        /* offset where the record ended, before its line break */
} reader;

enum { COL_IMAGE, COL_ANNOTATOR, COL_LABEL, N_COLS };
static const char *const col_names[N_COLS] = {"image", "annotator", "label"};
#define NO_COL ((size_t)-1)

static int fail_at(const reader *r, size_t off, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Positions are computed only here, so reading stays linear. */
static int fail_at(const reader *r, size_t off, int code, const char *fmt, ...)
{
	char msg[512];
	size_t line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tly_ingest__position(&line, &col, r->s, off);
	return tly_error_set(code, "%s:%zu:%zu: %s", r->file, line, col, msg);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_end(const reader *r, size_t i)
{
	return i >= r->len || r->s[i] == ',' || r->s[i] == '\r' || r->s[i] == '\n';
}

static int read_quoted(reader *r, size_t *pos)
{
	size_t i = *pos, open = i++, run;

	for (;;) {
		if (i >= r->len)
			return fail_at(r, open, TLY_EINPUT, "unterminated quoted field");
		if (r->s[i] == '"') {
			if (i + 1 < r->len && r->s[i + 1] == '"') {
				tly_buf_putc(&r->text, '"');
				i += 2;
				continue;
			}
			i++;
			break;
		}
		if (r->s[i] == '\0')
			return fail_at(r, i, TLY_EINPUT, "NUL byte");
		for (run = i; run < r->len && r->s[run] != '"' && r->s[run] != '\0'; run++)
			;
		tly_buf_put(&r->text, r->s + i, run - i);
		i = run;
	}
	while (i < r->len && is_blank(r->s[i]))
		i++;
	if (!is_end(r, i))
		return fail_at(r, i, TLY_EINPUT, "unexpected character after a closing quote");
	*pos = i;
	return 0;
}

static int read_field(reader *r)
{
	size_t i = r->i, first, end;
	int error;

	while (i < r->len && is_blank(r->s[i]))
		i++;
	if (TLY_VEC_PUSH(&r->start, r->text.size) < 0 || TLY_VEC_PUSH(&r->at, i) < 0)
		return TLY_ENOMEM;
	if (i < r->len && r->s[i] == '"') {
		if ((error = read_quoted(r, &i)) < 0)
			return error;
	} else {
		for (first = i; !is_end(r, i); i++) {
			if (r->s[i] == '"')
				return fail_at(r, i, TLY_EINPUT, "quote inside an unquoted field");
			if (r->s[i] == '\0')
				return fail_at(r, i, TLY_EINPUT, "NUL byte");
		}
		for (end = i; end > first && is_blank(r->s[end - 1]); end--)
			;
		tly_buf_put(&r->text, r->s + first, end - first);
	}
	tly_buf_putc(&r->text, '\0');
	r->i = i;
	return r->text.error;
}

/* The next record: 1, or 0 at the end of the input, or an error. */
static int read_record(reader *r)
{
	int error;

	if (r->i >= r->len)
		return 0;
	r->text.size = 0;
	r->start.count = 0;
	r->at.count = 0;
	for (;;) {
		if ((error = read_field(r)) < 0)
			return error;
		if (r->i >= r->len) {
			r->rec_end = r->len;
			return 1;
		}
		if (r->s[r->i] == ',') {
			r->i++;
			continue;
		}
		r->rec_end = r->i;
		if (r->s[r->i] == '\r')
			r->i++;
		if (r->i < r->len && r->s[r->i] == '\n')
			r->i++;
		return 1;
	}
}

static const char *field(const reader *r, size_t k)
{
	return r->text.ptr + r->start.items[k];
}

/* A line with nothing on it (a single empty field) is skipped. */
static int read_nonblank(reader *r)
{
	int got;

	while ((got = read_record(r)) > 0)
		if (r->start.count > 1 || field(r, 0)[0])
			break;
	return got;
}

static void reader_init(reader *r, const char *file, const char *data, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->file = file;
	r->s = data;
	r->len = len;
	r->i = tly_ingest__bom_len(data, len);
}

static void reader_clear(reader *r)
{
	tly_buf_clear(&r->text);
	TLY_VEC_CLEAR(&r->start);
	TLY_VEC_CLEAR(&r->at);
}

/* Find the image, annotator and label columns of the header record. */
static int read_header(size_t cols[N_COLS], reader *r)
{
	size_t k, c;
	int got;

	for (c = 0; c < N_COLS; c++)
		cols[c] = NO_COL;
	if ((got = read_nonblank(r)) <= 0)
		return got < 0 ? got : tly_error_set(TLY_EINPUT, "%s: empty file", r->file);
	for (k = 0; k < r->start.count; k++) {
		for (c = 0; c < N_COLS; c++) {
			if (strcasecmp(field(r, k), col_names[c]) != 0)
				continue;
			if (cols[c] != NO_COL)
				return fail_at(r, r->at.items[k], TLY_EINPUT, "column \"%s\" appears twice",
					       col_names[c]);
			cols[c] = k;
		}
	}
	return 0;
}

/* Value of column K as a name: valid UTF-8 within TLY_MAX_STRING (may be empty). */
static int name_at(const char **out, const reader *r, size_t k)
{
	const char *v = field(r, k);
	size_t len = strlen(v);

	if (len > TLY_MAX_STRING)
		return fail_at(r, r->at.items[k], TLY_ELIMIT, "value longer than TLY_MAX_STRING (%d bytes)",
			       TLY_MAX_STRING);
	if (tly_ingest__utf8_check(v, len) != len)
		return fail_at(r, r->at.items[k], TLY_EINPUT, "invalid UTF-8");
	*out = v;
	return 0;
}

static int read_row(tly_batch *b, const reader *r, const size_t cols[N_COLS],
		    const tly_ingest_options *opts)
{
	const char *image, *who = NULL, *label;
	size_t c, img, sub;
	int error;

	for (c = 0; c < N_COLS; c++)
		if (cols[c] != NO_COL && cols[c] >= r->start.count)
			return fail_at(r, r->rec_end, TLY_EINPUT, "missing column \"%s\" (the row has %zu fields)",
				       col_names[c], r->start.count);
	if ((error = name_at(&image, r, cols[COL_IMAGE])) < 0 ||
	    (error = name_at(&label, r, cols[COL_LABEL])) < 0 ||
	    (cols[COL_ANNOTATOR] != NO_COL && (error = name_at(&who, r, cols[COL_ANNOTATOR])) < 0))
		return error;
	if (!image[0])
		return fail_at(r, r->at.items[cols[COL_IMAGE]], TLY_EINPUT, "empty image name");
	if (!tly_ingest__basename(image)[0])
		return fail_at(r, r->at.items[cols[COL_IMAGE]], TLY_EINPUT, "no file name in \"%s\"", image);
	/* An empty annotator cell falls back to --annotator, as a missing column does. */
	if (!who || !who[0])
		who = opts->annotator;
	if (!who)
		return fail_at(r, r->at.items[cols[COL_ANNOTATOR]], TLY_EINPUT, "no annotator: pass --annotator");
	if ((error = tly_batch_add_image(&img, b, tly_ingest__basename(image), 0, 0, r->file)) < 0 ||
	    (error = tly_batch_add_submission(&sub, b, img, who, TLY_TASK_LABELS)) < 0)
		return error;
	/* An empty label: the annotator saw the image and gave it no label. */
	return label[0] ? tly_batch_add_tag(b, sub, label) : 0;
}

int tly_ingest__csv(tly_batch *b, const char *data, size_t len, const tly_ingest_options *opts)
{
	reader r;
	size_t cols[N_COLS], c;
	int got, error;

	reader_init(&r, b->path, data, len);
	if ((error = read_header(cols, &r)) < 0)
		goto out;
	for (c = 0; c < N_COLS; c++) {
		if (cols[c] != NO_COL || (c == COL_ANNOTATOR && opts->annotator))
			continue;
		error = fail_at(&r, r.at.items[0], TLY_EINPUT,
				c == COL_ANNOTATOR ? "no \"%s\" column: pass --annotator"
						   : "no \"%s\" column (the header needs image and label)",
				col_names[c]);
		goto out;
	}
	while ((got = read_nonblank(&r)) > 0)
		if ((error = read_row(b, &r, cols, opts)) < 0)
			goto out;
	error = got;
out:
	reader_clear(&r);
	return error;
}

static int has_column(const reader *r, const char *name)
{
	size_t k;

	for (k = 0; k < r->start.count; k++)
		if (strcasecmp(field(r, k), name) == 0)
			return 1;
	return 0;
}

/*
 * Only the column names count: a header that is wrong otherwise gets the
 * CSV reader's message. Running out of memory is not "no".
 */
int tly_ingest__csv_is_labels(const char *data, size_t len)
{
	reader r;
	int got;

	reader_init(&r, "", data, len);
	got = read_nonblank(&r);
	if (got != TLY_ENOMEM)
		got = got > 0 && has_column(&r, col_names[COL_IMAGE]) && has_column(&r, col_names[COL_LABEL]);
	reader_clear(&r);
	return got;
}
