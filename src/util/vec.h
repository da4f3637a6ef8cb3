/*
 * Typed growable vector: a plain struct of (items, count, cap) declared with
 * TLY_VEC(type), grown with tly_vec_grow. Used for every list the library
 * builds whose length comes from data.
 */
#ifndef TLY_UTIL_VEC_H
#define TLY_UTIL_VEC_H

#include <stddef.h>

#define TLY_VEC(type) struct { type *items; size_t count; size_t cap; }

/*
 * Make room for one more element in the vector whose fields are passed by
 * address; returns 0 or TLY_ENOMEM/TLY_ELIMIT. Use through TLY_VEC_PUSH.
 */
int tly_vec__reserve(void **items, size_t *cap, size_t count, size_t elem);

/* Append VALUE (an lvalue or compound literal) to V; evaluates to 0 or an error. */
#define TLY_VEC_PUSH(v, value)                                                        \
	(tly_vec__reserve((void **)&(v)->items, &(v)->cap, (v)->count,                \
			  sizeof(*(v)->items)) < 0                                    \
		 ? -1                                                                 \
		 : ((v)->items[(v)->count++] = (value), 0))

/* Free the storage (not what the elements point to). */
#define TLY_VEC_CLEAR(v) (tly_free((v)->items), (v)->items = NULL, (v)->count = (v)->cap = 0)

#endif
