/*
 * Base64 (RFC 4648 section 4: standard alphabet, '=' padding), for the
 * images formats embed in JSON: LabelMe's `mask` shapes are base64 PNGs.
 */
#ifndef TLY_UTIL_BASE64_H
#define TLY_UTIL_BASE64_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode the N characters of S into *out (the caller's, free with tly_free;
 * NULL on error) and *len bytes. Spaces, tabs, CR and LF anywhere are
 * skipped (MIME-style line breaks); anything else outside the alphabet, a
 * group left without its padding, '=' before a group's third place, or data
 * after the padding is TLY_EINPUT "WHAT: base64: ... at offset K" (K = the
 * byte offset in S; N for a missing end). Non-zero bits under the padding
 * are accepted, as Python's b64decode does. The output is at most 3 N / 4
 * bytes, so the input's own cap bounds it. TLY_ENOMEM. S need not be
 * NUL-terminated. Thread-safe.
 */
int tly_base64_decode(uint8_t **out, size_t *len, const char *s, size_t n, const char *what);

/*
 * Encode the N bytes of DATA as padded base64 without line breaks into *out
 * (NUL-terminated, the caller's, free with tly_free), *len its length
 * (4 * ceil(N / 3)). TLY_ENOMEM, TLY_ELIMIT when that length overflows.
 */
int tly_base64_encode(char **out, size_t *len, const uint8_t *data, size_t n);

#endif
