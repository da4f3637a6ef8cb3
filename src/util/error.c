/*
 * Per-thread last error (libgit2 style). Thread-local storage is the one
 * piece of static state in the library: it is written only by the thread
 * that owns it, so OpenMP workers cannot race on it (STYLE rule 12 keeps
 * them from setting it at all).
 */
#include <stdarg.h>
#include <stdio.h>

#include "tally/error.h"

#define TLY_ERROR_MAX 1024

static _Thread_local char message[TLY_ERROR_MAX];
static _Thread_local int last_code;

const char *tly_error_last(void)
{
	return message;
}

int tly_error_last_code(void)
{
	return last_code;
}

int tly_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	last_code = code;
	return code;
}

void tly_error_clear(void)
{
	message[0] = '\0';
	last_code = 0;
}
