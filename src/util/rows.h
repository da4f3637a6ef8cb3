/*
 * Searching the result's row arrays that are sorted by one key field
 * (conflict_attrs by conflict, cons_attrs by object, tie_votes by conflict,
 * periods and STAPLE rates by annotator): one lower bound for all of them.
 */
#ifndef TLY_UTIL_ROWS_H
#define TLY_UTIL_ROWS_H

#include <stddef.h>
#include <stdint.h>

/*
 * The rows BASE[0..N) are SIZE bytes each, sorted ascending by an unsigned
 * key field of WIDTH bytes (sizeof a uint32_t or a size_t) at byte OFFSET of
 * each row. Returns the first row whose key is not below KEY (N when none)
 * and sets *END (may be NULL) to the end of the rows whose key equals KEY.
 */
size_t tly_rows_find(const void *base, size_t n, size_t size, size_t offset, size_t width, uint64_t key,
		     size_t *end);

/* tly_rows_find over the array ROWS of N elements of type TYPE by its member FIELD. */
#define TLY_ROWS_FIND(rows, n, type, field, key, end)                                              \
	tly_rows_find((rows), (n), sizeof(type), offsetof(type, field), sizeof(((type *)0)->field), \
		      (key), (end))

#endif
