/*
 * The option parser shared by every subcommand: --name VALUE, --name=VALUE,
 * short aliases, flags, "--" ending options; help printed from the same table.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/exitcode.h"
#include "cli/opts.h"
#include "util/alloc.h"

void tly_opts_help(const tly_cmd_spec *spec)
{
	size_t i;

	printf("usage: tally %s %s\n\n%s\n\noptions:\n", spec->name, spec->usage, spec->summary);
	for (i = 0; i < spec->n_opts; i++) {
		const tly_opt_spec *o = &spec->opts[i];
		char left[64];

		snprintf(left, sizeof(left), "%s%s%s%s%s", o->alias ? o->alias : "",
			 o->alias ? ", " : "", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		printf("  %-24s %s\n", left, o->help);
	}
	printf("  %-24s %s\n", "-h, --help", "show this help");
}

static long find(const tly_cmd_spec *spec, const char *arg, size_t len)
{
	size_t i;

	for (i = 0; i < spec->n_opts; i++) {
		const tly_opt_spec *o = &spec->opts[i];

		if ((strlen(o->name) == len && strncmp(o->name, arg, len) == 0) ||
		    (o->alias && strlen(o->alias) == len && strncmp(o->alias, arg, len) == 0))
			return (long)i;
	}
	return -1;
}

int tly_opts_parse(tly_opt_value *values, const char ***args, size_t *n_args,
		   const tly_cmd_spec *spec, int argc, char **argv)
{
	int i, only_args = 0;

	*n_args = 0;
	*args = (const char **)tly_calloc((size_t)argc + 1, sizeof(char *));
	if (!*args)
		return tly_cli_die(TLY_EXIT_STORE, "out of memory");
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *eq, *value;
		size_t len;
		long k;

		if (only_args || a[0] != '-' || a[1] == '\0') {
			(*args)[(*n_args)++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_args = 1;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			tly_opts_help(spec);
			return TLY_OPTS_HELP;
		}
		eq = strchr(a, '=');
		len = eq ? (size_t)(eq - a) : strlen(a);
		k = find(spec, a, len);
		if (k < 0)
			return tly_cli_die(TLY_EXIT_USAGE, "%s: unknown option %.*s (see tally %s --help)",
					   spec->name, (int)len, a, spec->name);
		if (!spec->opts[k].arg) {
			if (eq)
				return tly_cli_die(TLY_EXIT_USAGE, "%s: %s takes no value",
						   spec->name, spec->opts[k].name);
			values[k].value = "1";
			continue;
		}
		value = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
		/* An empty value (--db "", a variable left unset) means nothing to any option. */
		if (!value || !value[0])
			return tly_cli_die(TLY_EXIT_USAGE, "%s: %s needs a value (%s)",
					   spec->name, spec->opts[k].name, spec->opts[k].arg);
		values[k].value = value;
	}
	if (*n_args < spec->min_args)
		return tly_cli_die(TLY_EXIT_USAGE, "%s: missing argument (usage: tally %s %s)",
				   spec->name, spec->name, spec->usage);
	if (*n_args > spec->max_args)
		return tly_cli_die(TLY_EXIT_USAGE, "%s: unexpected argument %s", spec->name,
				   (*args)[spec->max_args]);
	return 0;
}

int tly_opts_int(long *out, const char *value, const char *name, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < min || v > max)
		return tly_cli_die(TLY_EXIT_USAGE, "%s: expected an integer in %ld..%ld, got '%s'",
				   name, min, max, value);
	*out = v;
	return 0;
}
