/*
 * The library's only door to the heap. Failures set TLY_ENOMEM and return
 * NULL; every size product goes through tly_mul_size so an overflow is an
 * error rather than a short buffer.
 */
#ifndef TLY_UTIL_ALLOC_H
#define TLY_UTIL_ALLOC_H

#include <stddef.h>
#include <stdint.h>

void *tly_malloc(size_t n);
void *tly_calloc(size_t count, size_t size);
/* realloc(p, count*size) with the product checked; p is untouched on failure. */
void *tly_reallocarray(void *p, size_t count, size_t size);
char *tly_strdup(const char *s);
char *tly_strndup(const char *s, size_t n);
void tly_free(void *p);

/* *out = a*b; returns 0, or TLY_ELIMIT (with a message) on overflow. */
int tly_mul_size(size_t *out, size_t a, size_t b);
/* *out = a+b; returns 0, or TLY_ELIMIT on overflow. */
int tly_add_size(size_t *out, size_t a, size_t b);

/*
 * Fault injection for tests: make the Nth allocation from now fail (0 turns
 * it off). A deliberate piece of process-wide state, used only by the fault
 * tests, which are single-threaded.
 */
void tly_alloc_fail_after(long n);

#endif
