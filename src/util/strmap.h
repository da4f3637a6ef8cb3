/*
 * String-keyed hash map to size_t values (open addressing, FNV-1a), for
 * name lookups while ingesting and storing. Keys are copied and owned.
 */
#ifndef TLY_UTIL_STRMAP_H
#define TLY_UTIL_STRMAP_H

#include <stddef.h>

typedef struct {
	char **keys;     /* [cap]; NULL = empty slot */
	size_t *values;  /* [cap] */
	size_t count;
	size_t cap;      /* power of two, or 0 */
} tly_strmap;

#define TLY_STRMAP_INIT {NULL, NULL, 0, 0}

void tly_strmap_clear(tly_strmap *m);
/* 1 and *value when KEY is present, else 0. */
int tly_strmap_get(const tly_strmap *m, const char *key, size_t *value);
/* Insert or overwrite; returns 0 or TLY_ENOMEM. */
int tly_strmap_put(tly_strmap *m, const char *key, size_t value);

#endif
