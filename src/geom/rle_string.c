/*
 * The compressed COCO `counts` string as pycocotools documents it (LEB128-like,
 * 6 bits per char, ASCII 48-111): each run (from index 3 on, its difference
 * from the run two before) in signed 5-bit groups, low first, 0x20 = more
 * follow. Hand-worked strings and parse errors: tests/geom/test_rle_string.c.
 */
#include "geom/rle.h"
#include "tally/error.h"
#include "util/alloc.h"

/* 7 groups of 5 bits hold any difference of two 32-bit runs (33 bits + sign). */
#define MAX_GROUPS 7

/* Append the signed value X to S at *p; S has room for MAX_GROUPS more bytes. */
static void put_number(char *s, size_t *p, int64_t x)
{
	int more = 1;

	while (more) {
		int64_t c = (int64_t)((uint64_t)x & 0x1f);

		/* Exact division: floor(x / 32) without shifting a negative. */
		x = (x - c) / 32;
		/* Stop once the rest is pure sign: 0 for >= 0, -1 for < 0, and
		 * the group's top bit (0x10) already says which. */
		more = (c & 0x10) ? x != -1 : x != 0;
		if (more)
			c |= 0x20;
		s[(*p)++] = (char)(c + 48);
	}
}

int tly_rle_to_string(char **out, size_t *len, const tly_rle *r)
{
	char *s = NULL;
	size_t i, p = 0, bytes;
	int error = 0;

	*out = NULL;
	if ((error = tly_mul_size(&bytes, r->m, MAX_GROUPS)) < 0 ||
	    (error = tly_add_size(&bytes, bytes, 1)) < 0)
		goto out;
	if (!(s = tly_malloc(bytes))) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < r->m; i++) {
		int64_t x = r->counts[i];

		/* The reference deltas from index 3, not 2: counts[2] is kept whole. */
		if (i > 2)
			x -= r->counts[i - 2];
		put_number(s, &p, x);
	}
	s[p] = '\0';
	*out = s;
	s = NULL;
	if (len)
		*len = p;
out:
	tly_free(s);
	return error;
}

/* Runs in S: numbers end at bytes whose continuation bit is clear. */
static size_t count_numbers(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (!(((unsigned char)s[i] - 48u) & 0x20))
			n++;
	return n;
}

/*
 * Read one number starting at S[*p] into *x, advancing *p. Returns 0 or
 * TLY_EINPUT naming the byte offset.
 */
static int get_number(int64_t *x, const char *s, size_t len, size_t *p)
{
	size_t start = *p;
	uint64_t v = 0;
	unsigned k = 0;
	int c = 0x20;

	while (c & 0x20) {
		unsigned char b;

		if (*p >= len)
			return tly_error_set(TLY_EINPUT,
					     "rle string: byte %zu: number starting at byte %zu is unfinished",
					     *p, start);
		if (k == MAX_GROUPS)
			return tly_error_set(TLY_EINPUT,
					     "rle string: byte %zu: number starting at byte %zu "
					     "is longer than %d characters",
					     *p, start, MAX_GROUPS);
		b = (unsigned char)s[*p];
		if (b < 48 || b > 48 + 63)
			return tly_error_set(TLY_EINPUT,
					     "rle string: byte %zu: 0x%02x is not a COCO RLE character ('0'..'o')",
					     *p, b);
		c = b - 48;
		v |= (uint64_t)(c & 0x1f) << (5 * k);
		k++;
		(*p)++;
	}
	/* The last group's 0x10 bit is the sign: extend it over the high bits. */
	*x = (int64_t)v;
	if (c & 0x10)
		*x -= (int64_t)1 << (5 * k);
	return 0;
}

int tly_rle_from_string(tly_rle *out, int64_t h, int64_t w, const char *s, size_t len)
{
	uint32_t *runs = NULL;
	int64_t pixels, sum = 0;
	size_t p = 0, m = 0, n;
	int error = 0;

	tly_rle_init(out);
	if ((error = tly_rle__check_size(&pixels, h, w, "rle string")) < 0)
		goto out;
	n = count_numbers(s, len);
	if ((error = tly_rle__alloc_runs(&runs, n, "rle string")) < 0)
		goto out;
	while (p < len) {
		size_t start = p;
		int64_t x = 0;

		if ((error = get_number(&x, s, len, &p)) < 0)
			goto out;
		if (m > 2)
			x += runs[m - 2];
		if (x < 0 || x > UINT32_MAX) {
			error = tly_error_set(TLY_EINPUT, "rle string: byte %zu: run %zu is %lld, not a run length",
					      start, m, (long long)x);
			goto out;
		}
		sum += x;
		if (sum > pixels) {
			error = tly_error_set(TLY_EINPUT, "rle string: byte %zu: runs exceed the %lldx%lld image (%lld pixels)",
					      start, (long long)h, (long long)w, (long long)pixels);
			goto out;
		}
		/* count_numbers saw every terminator get_number stops at. */
		runs[m++] = (uint32_t)x;
	}
	if (sum != pixels) {
		error = tly_error_set(TLY_EINPUT, "rle string: byte %zu: runs sum to %lld, not %lldx%lld = %lld",
				      len, (long long)sum, (long long)h, (long long)w, (long long)pixels);
		goto out;
	}
	out->h = (uint32_t)h;
	out->w = (uint32_t)w;
	out->m = m;
	out->counts = runs;
	runs = NULL;
out:
	tly_free(runs);
	return error;
}
