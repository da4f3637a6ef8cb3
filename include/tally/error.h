/*
 * Readable errors: each failing function returns a tly_error_code and sets
 * one line describing the fault, located at its source (path:line:col or a
 * JSON path). The message is per thread, like errno.
 */
#ifndef TALLY_ERROR_H
#define TALLY_ERROR_H

#include "types.h"

/*
 * The message of the last error set on this thread, or "" when none.
 * Borrowed: valid until the next tly_error_set/clear on this thread.
 */
TLY_EXTERN const char *tly_error_last(void);

/* The code of the last error set on this thread (TLY_OK when none). */
TLY_EXTERN int tly_error_last_code(void);

/*
 * Set the thread's error to CODE with a printf-style message and return
 * CODE, so `return tly_error_set(TLY_EINPUT, "%s:%d:%d: ...", ...)` reads
 * naturally. Never allocates; long messages are truncated.
 */
TLY_EXTERN int tly_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Forget the thread's error. */
TLY_EXTERN void tly_error_clear(void);

#endif
