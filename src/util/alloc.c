/*
 * Checked allocation with a test hook (STYLE rules 15-16).
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "tally/error.h"
#include "util/alloc.h"

/* Fault-injection countdown; atomic so a parallel region cannot tear it. */
static atomic_long fail_countdown;

void tly_alloc_fail_after(long n)
{
	atomic_store(&fail_countdown, n);
}

static int should_fail(void)
{
	long n = atomic_load(&fail_countdown);

	if (n <= 0)
		return 0;
	n = atomic_fetch_sub(&fail_countdown, 1);
	return n == 1;
}

static void *oom(void)
{
	tly_error_set(TLY_ENOMEM, "out of memory");
	return NULL;
}

void *tly_malloc(size_t n)
{
	void *p;

	if (should_fail())
		return oom();
	p = malloc(n ? n : 1);
	return p ? p : oom();
}

void *tly_calloc(size_t count, size_t size)
{
	void *p;
	size_t total;

	if (tly_mul_size(&total, count, size) < 0)
		return NULL;
	if (should_fail())
		return oom();
	p = calloc(total ? total : 1, 1);
	return p ? p : oom();
}

void *tly_reallocarray(void *p, size_t count, size_t size)
{
	void *q;
	size_t total;

	if (tly_mul_size(&total, count, size) < 0)
		return NULL;
	if (should_fail())
		return oom();
	q = realloc(p, total ? total : 1);
	return q ? q : oom();
}

char *tly_strndup(const char *s, size_t n)
{
	char *d;
	size_t len = strnlen(s, n);

	d = tly_malloc(len + 1);
	if (!d)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *tly_strdup(const char *s)
{
	return tly_strndup(s, strlen(s));
}

void tly_free(void *p)
{
	free(p);
}

int tly_mul_size(size_t *out, size_t a, size_t b)
{
	if (__builtin_mul_overflow(a, b, out))
		return tly_error_set(TLY_ELIMIT, "size overflow: %zu * %zu", a, b);
	return 0;
}

int tly_add_size(size_t *out, size_t a, size_t b)
{
	if (__builtin_add_overflow(a, b, out))
		return tly_error_set(TLY_ELIMIT, "size overflow: %zu + %zu", a, b);
	return 0;
}
