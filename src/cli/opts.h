/*
 * Command-line options as data: one table per subcommand both parses argv
 * and prints --help, so the two cannot drift apart.
 */
#ifndef TLY_CLI_OPTS_H
#define TLY_CLI_OPTS_H

#include <stddef.h>

typedef struct {
	const char *name;   /* "--db" */
	const char *alias;  /* "-o" or NULL */
	const char *arg;    /* "FILE", or NULL for a flag */
	const char *help;
} tly_opt_spec;

typedef struct {
	const char *value;  /* the argument, "1" for a given flag, NULL when absent */
} tly_opt_value;

typedef struct {
	const char *name;       /* "ingest" */
	const char *usage;      /* "[--db FILE] ... PATH..." */
	const char *summary;    /* one line */
	const tly_opt_spec *opts;
	size_t n_opts;
	size_t min_args, max_args; /* positional arguments; max SIZE_MAX = any */
} tly_cmd_spec;

/*
 * Parse ARGV (after the subcommand name) against SPEC: option values go
 * to VALUES[i] for SPEC->opts[i], positionals to *args and *n_args (borrowed
 * from argv). Returns 0, TLY_OPTS_HELP when --help was printed, or an exit
 * status (> 0) after printing the error.
 */
#define TLY_OPTS_HELP (-1)
int tly_opts_parse(tly_opt_value *values, const char ***args, size_t *n_args,
		   const tly_cmd_spec *spec, int argc, char **argv);

void tly_opts_help(const tly_cmd_spec *spec);

/* Parse an integer option in MIN..MAX; prints the error and returns nonzero when bad. */
int tly_opts_int(long *out, const char *value, const char *name, long min, long max);

#endif
