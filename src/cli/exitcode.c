/*
 * Error reporting for the command: one line on stderr, prefixed "tally:",
 * and the exit status SPEC §2 gives the kind of failure.
 */
#include <stdarg.h>
#include <stdio.h>

#include <tally.h>

#include "cli/exitcode.h"

int tly_cli_exit_for(int error)
{
	switch (error) {
	case TLY_OK:
		return TLY_EXIT_OK;
	case TLY_EINPUT:
	case TLY_ELIMIT:
		return TLY_EXIT_INPUT;
	case TLY_EARG:
	case TLY_ENOTFOUND:
		return TLY_EXIT_USAGE;
	default:
		return TLY_EXIT_STORE;
	}
}

int tly_cli_fail(int error)
{
	const char *msg = tly_error_last();

	fprintf(stderr, "tally: %s\n", msg[0] ? msg : "unknown error");
	return tly_cli_exit_for(error);
}

int tly_cli_die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("tally: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}
