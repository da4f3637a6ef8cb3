/*
 * Open-addressing string map (linear probing, load <= 1/2).
 */
#include <string.h>

#include "tally/error.h"
#include "util/alloc.h"
#include "util/strmap.h"

static size_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

void tly_strmap_clear(tly_strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		tly_free(m->keys[i]);
	tly_free(m->keys);
	tly_free(m->values);
	memset(m, 0, sizeof(*m));
}

static size_t slot(char *const *keys, size_t cap, const char *key)
{
	size_t i = hash(key) & (cap - 1);

	while (keys[i] && strcmp(keys[i], key) != 0)
		i = (i + 1) & (cap - 1);
	return i;
}

int tly_strmap_get(const tly_strmap *m, const char *key, size_t *value)
{
	size_t i;

	if (!m->cap)
		return 0;
	i = slot(m->keys, m->cap, key);
	if (!m->keys[i])
		return 0;
	*value = m->values[i];
	return 1;
}

static int rehash(tly_strmap *m, size_t ncap)
{
	char **keys = tly_calloc(ncap, sizeof(*keys));
	size_t *values = tly_calloc(ncap, sizeof(*values));
	size_t i;

	if (!keys || !values) {
		tly_free(keys);
		tly_free(values);
		return TLY_ENOMEM;
	}
	for (i = 0; i < m->cap; i++) {
		size_t j;

		if (!m->keys[i])
			continue;
		j = slot(keys, ncap, m->keys[i]);
		keys[j] = m->keys[i];
		values[j] = m->values[i];
	}
	tly_free(m->keys);
	tly_free(m->values);
	m->keys = keys;
	m->values = values;
	m->cap = ncap;
	return 0;
}

int tly_strmap_put(tly_strmap *m, const char *key, size_t value)
{
	size_t i;

	if ((m->count + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 16;

		if (ncap < m->cap)
			return tly_error_set(TLY_ELIMIT, "map too large");
		if (rehash(m, ncap) < 0)
			return TLY_ENOMEM;
	}
	i = slot(m->keys, m->cap, key);
	if (!m->keys[i]) {
		m->keys[i] = tly_strdup(key);
		if (!m->keys[i])
			return TLY_ENOMEM;
		m->count++;
	}
	m->values[i] = value;
	return 0;
}
