/*
 * Base64 as RFC 4648 section 4 defines it (standard alphabet, '=' padding).
 * Decoding skips whitespace and names the offset of the first bad character.
 * Tests: tests/util/test_base64.c (the RFC's section 10 vectors and more).
 */
#include <string.h>

#include "tally/error.h"
#include "util/alloc.h"
#include "util/base64.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* The 6-bit value of C, or -1 outside the alphabet. */
static int value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int bad_char(const char *what, const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	if (c >= 0x21 && c < 0x7f)
		return tly_error_set(TLY_EINPUT, "%s: base64: '%c' at offset %zu is not in the alphabet",
				     what, c, i);
	return tly_error_set(TLY_EINPUT, "%s: base64: byte 0x%02x at offset %zu is not in the alphabet",
			     what, c, i);
}

int tly_base64_decode(uint8_t **out, size_t *len, const char *s, size_t n, const char *what)
{
	uint8_t *d = NULL;
	uint32_t group = 0;
	size_t i, k = 0;
	int q = 0, pad = 0, done = 0, error = 0;

	*out = NULL;
	*len = 0;
	if (!what)
		what = "base64";
	/* Every 4 characters give at most 3 bytes; whitespace only lowers it. */
	if (!(d = tly_malloc(n / 4 * 3))) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		int v = value((unsigned char)s[i]);

		if (is_space(s[i]))
			continue;
		if (v < 0 && s[i] != '=') {
			error = bad_char(what, s, i);
			goto out;
		}
		if (done || (pad && s[i] != '=')) {
			error = tly_error_set(TLY_EINPUT, "%s: base64: '%c' at offset %zu after the padding",
					      what, s[i], i);
			goto out;
		}
		if (s[i] == '=') {
			/* Padding fills the 3rd and 4th places (one byte left) or the 4th (two). */
			if (q < 2) {
				error = tly_error_set(TLY_EINPUT, "%s: base64: '=' at offset %zu, where a group "
						      "needs at least 2 characters before its padding", what, i);
				goto out;
			}
			pad++;
			v = 0;
		}
		group = group << 6 | (uint32_t)v;
		if (++q < 4)
			continue;
		d[k++] = (uint8_t)(group >> 16);
		if (pad < 2)
			d[k++] = (uint8_t)(group >> 8 & 0xff);
		if (pad < 1)
			d[k++] = (uint8_t)(group & 0xff);
		done = pad > 0;
		group = 0;
		q = 0;
	}
	if (q) {
		error = tly_error_set(TLY_EINPUT, "%s: base64: the data ends at offset %zu inside a group "
				      "of 4 (padding missing or data cut)", what, n);
		goto out;
	}
	*out = d;
	*len = k;
	d = NULL;
out:
	tly_free(d);
	return error;
}

int tly_base64_encode(char **out, size_t *len, const uint8_t *data, size_t n)
{
	char *s = NULL;
	size_t i, k = 0, chars;
	int error = 0;

	*out = NULL;
	*len = 0;
	if ((error = tly_mul_size(&chars, n / 3 + (n % 3 != 0), 4)) < 0 ||
	    (error = tly_add_size(&chars, chars, 1)) < 0)
		goto out;
	if (!(s = tly_malloc(chars))) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i + 3 <= n; i += 3) {
		uint32_t g = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];

		s[k++] = alphabet[g >> 18];
		s[k++] = alphabet[g >> 12 & 63];
		s[k++] = alphabet[g >> 6 & 63];
		s[k++] = alphabet[g & 63];
	}
	if (n - i > 0) {
		uint32_t g = (uint32_t)data[i] << 16 | (n - i > 1 ? (uint32_t)data[i + 1] << 8 : 0);

		s[k++] = alphabet[g >> 18];
		s[k++] = alphabet[g >> 12 & 63];
		s[k++] = n - i > 1 ? alphabet[g >> 6 & 63] : '=';
		s[k++] = '=';
	}
	s[k] = '\0';
	*out = s;
	*len = k;
	s = NULL;
out:
	tly_free(s);
	return error;
}
