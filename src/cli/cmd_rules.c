/*
 * tally rules check FILE...: validate QA policy files and print each one's
 * effective rules (every key, defaults filled in), so a QA lead sees what a
 * run with --rules FILE would use before running it. Without FILE: the
 * built-in defaults.
 */
#include <stdio.h>
#include <string.h>

#include <tally.h>

#include "cli/commands.h"
#include "cli/exitcode.h"
#include "cli/opts.h"
#include "cli/summary.h"
#include "util/alloc.h"
#include "util/buf.h"

static const tly_cmd_spec spec = {
	"rules check", "[FILE...]",
	"Check each rules FILE (JSON, comments allowed) and print the rules a run\n"
	"with --rules FILE would use: every key, with the defaults filled in.\n"
	"Without FILE, print the built-in defaults (= rules/default.json).\n"
	"Exit status 2 names the first bad key.",
	NULL, 0, 0, (size_t)-1};

/*
 * Append one file's (or the defaults', PATH NULL) effective rules to OUT.
 * Nothing is printed until every file checked: stdout stays empty on error.
 */
static int check_one(tly_buf *out, const char *path, int header)
{
	tly_rules *rules = NULL;
	char *text = NULL;
	int error;

	if ((error = tly_cli_load_rules(&rules, path)) < 0 || (error = tly_rules_pretty(&text, rules)) < 0)
		goto out;
	if (header)
		tly_buf_printf(out, "// %s\n", path);
	tly_buf_puts(out, text);
	if (out->error)
		error = tly_error_set(TLY_ENOMEM, "rules: out of memory");
out:
	tly_free(text);
	tly_rules_free(rules);
	return error;
}

int tly_cmd_rules(int argc, char **argv)
{
	tly_opt_value none[1] = {{0}};
	tly_buf text = TLY_BUF_INIT;
	const char **args = NULL;
	size_t n_args, i;
	int status = 0, error;

	if (argc < 1 || strcmp(argv[0], "check") != 0) {
		if (argc >= 1 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) {
			tly_opts_help(&spec);
			return TLY_EXIT_OK;
		}
		return tly_cli_die(TLY_EXIT_USAGE, "rules: expected 'check' (see tally rules --help)");
	}
	status = tly_opts_parse(none, &args, &n_args, &spec, argc - 1, argv + 1);
	if (status) {
		status = status == TLY_OPTS_HELP ? TLY_EXIT_OK : status;
		goto out;
	}
	if (n_args == 0 && (error = check_one(&text, NULL, 0)) < 0)
		status = tly_cli_fail(error);
	for (i = 0; i < n_args && !status; i++)
		if ((error = check_one(&text, args[i], n_args > 1)) < 0)
			status = tly_cli_fail(error);
	if (!status && text.ptr)
		fputs(text.ptr, stdout);
out:
	tly_buf_clear(&text);
	tly_free(args);
	return status;
}
