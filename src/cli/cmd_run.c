/*
 * tally run: match, vote and audit the whole store as a new run, then print
 * a one-screen summary (and a progress bar on stderr when it is a terminal).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include <tally.h>

#include "cli/commands.h"
#include "cli/exitcode.h"
#include "cli/opts.h"
#include "cli/stored_run.h"
#include "cli/summary.h"
#include "util/alloc.h"

enum { OPT_DB, OPT_RULES, OPT_THREADS, N_OPTS };

static const tly_opt_spec opts[N_OPTS] = {
	{"--db", NULL, "FILE", "the store (default tally.db)"},
	{"--rules", NULL, "FILE", "QA policy (default: the built-in rules, = rules/default.json)"},
	{"--threads", NULL, "N", "worker threads (default: all cores); results do not depend on it"},
};

static const tly_cmd_spec spec = {
	"run", "[--db FILE] [--rules FILE] [--threads N]",
	"Cluster every image's objects across annotators, vote the consensus,\n"
	"compute agreement and audit figures, and store them as a new run.",
	opts, N_OPTS, 0, 0};

static void progress(size_t done, size_t total, void *payload)
{
	(void)payload;
	fprintf(stderr, "\r[%-40.*s] %zu/%zu images", (int)(total ? 40 * done / total : 40),
		"########################################", done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

int tly_cmd_run(int argc, char **argv)
{
	tly_opt_value v[N_OPTS] = {{0}};
	const char **args = NULL;
	size_t n_args;
	tly_rules *rules = NULL;
	tly_store *st = NULL;
	tly_dataset ds = {0};
	tly_result r = {0};
	tly_run_options ro = TLY_RUN_OPTIONS_INIT;
	int status, error;

	status = tly_opts_parse(v, &args, &n_args, &spec, argc, argv);
	if (status) {
		status = status == TLY_OPTS_HELP ? TLY_EXIT_OK : status;
		goto out;
	}
	if ((status = tly_cli_threads(&ro.threads, v[OPT_THREADS].value)) != 0)
		goto out;
	if ((error = tly_cli_load_rules(&rules, v[OPT_RULES].value)) < 0) {
		status = tly_cli_fail(error);
		goto out;
	}
	if ((status = tly_cli_open_existing(&st, v[OPT_DB].value ? v[OPT_DB].value : "tally.db")) != 0)
		goto out;
	if (isatty(2))
		ro.progress = progress;
	if ((error = tly_run_execute(&r, &ds, st, rules, &ro)) < 0) {
		status = tly_cli_fail(error);
		goto out;
	}
	tly_cli_print_summary(stdout, &ds, &r);
	status = TLY_EXIT_OK;
out:
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tly_rules_free(rules);
	tly_free(args);
	return status;
}
