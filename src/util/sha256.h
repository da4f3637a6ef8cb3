/*
 * SHA-256 (FIPS 180-4), for the content hash that makes re-ingest
 * idempotent and the hash stored with each run's rules.
 */
#ifndef TLY_UTIL_SHA256_H
#define TLY_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint32_t h[8];
	uint64_t len;       /* bytes hashed so far */
	uint8_t block[64];
	size_t fill;        /* bytes in block */
} tly_sha256;

void tly_sha256_init(tly_sha256 *s);
void tly_sha256_update(tly_sha256 *s, const void *data, size_t len);
void tly_sha256_final(tly_sha256 *s, uint8_t digest[32]);
/* Hash data and write 64 lowercase hex digits plus NUL into hex. */
void tly_sha256_hex(char hex[65], const void *data, size_t len);

#endif
