/*
 * The command's exit statuses (SPEC §2), named once, and the mapping from
 * library error codes to them.
 */
#ifndef TLY_CLI_EXITCODE_H
#define TLY_CLI_EXITCODE_H

enum {
	TLY_EXIT_OK = 0,
	TLY_EXIT_USAGE = 1,  /* bad command line, unknown run */
	TLY_EXIT_INPUT = 2,  /* bad input data (annotation or rules file) */
	TLY_EXIT_STORE = 3   /* store or I/O failure, out of memory */
};

/* Exit status for a library error code. */
int tly_cli_exit_for(int error);

/* Print "tally: MESSAGE" for the thread's last error on stderr; return the exit status. */
int tly_cli_fail(int error);

/* Print "tally: " + formatted text on stderr; return STATUS. */
int tly_cli_die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
