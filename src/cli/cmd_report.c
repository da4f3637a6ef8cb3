/*
 * tally report: render a stored run's agreement report as JSON, CSV tables
 * or a self-contained HTML page.
 */
#include <stdint.h>
#include <stdio.h>

#include <tally.h>

#include "cli/commands.h"
#include "cli/exitcode.h"
#include "cli/opts.h"
#include "cli/stored_run.h"
#include "util/alloc.h"

enum { OPT_DB, OPT_RUN, OPT_FORMAT, OPT_OUT, N_OPTS };

static const tly_opt_spec opts[N_OPTS] = {
	{"--db", NULL, "FILE", "the store (default tally.db)"},
	{"--run", NULL, "ID", "which run (default: the latest)"},
	{"--format", NULL, "FMT", "json, csv or html (required)"},
	{"--output", "-o", "PATH", "file to write (json, html; default stdout) or folder (csv, required)"},
};

static const tly_cmd_spec spec = {
	"report", "[--db FILE] [--run ID] --format json|csv|html [-o PATH]",
	"Write a run's agreement report: per image, annotator, pair and class.",
	opts, N_OPTS, 0, 0};

int tly_cmd_report(int argc, char **argv)
{
	tly_opt_value v[N_OPTS] = {{0}};
	const char **args = NULL;
	size_t n_args, len = 0;
	tly_stored_run sr;
	tly_report_format fmt;
	char *text = NULL;
	int status, error;

	tly_stored_run_init(&sr);
	status = tly_opts_parse(v, &args, &n_args, &spec, argc, argv);
	if (status) {
		status = status == TLY_OPTS_HELP ? TLY_EXIT_OK : status;
		goto out;
	}
	if (!v[OPT_FORMAT].value) {
		status = tly_cli_die(TLY_EXIT_USAGE, "report: --format json|csv|html is required");
		goto out;
	}
	if ((error = tly_report_format_parse(&fmt, v[OPT_FORMAT].value)) < 0) {
		status = tly_cli_fail(error);
		goto out;
	}
	if (fmt == TLY_REPORT_CSV && !v[OPT_OUT].value) {
		status = tly_cli_die(TLY_EXIT_USAGE, "report: csv writes one file per table: "
				     "give a folder with -o");
		goto out;
	}
	if ((status = tly_stored_run_load(&sr, v[OPT_DB].value, v[OPT_RUN].value)) != 0)
		goto out;
	if (v[OPT_OUT].value)
		error = tly_report_write(v[OPT_OUT].value, fmt, &sr.ds, &sr.result);
	else if ((error = tly_report_render(&text, &len, fmt, &sr.ds, &sr.result)) == 0 &&
		 fwrite(text, 1, len, stdout) != len)
		error = tly_error_set(TLY_EIO, "stdout: write failed");
	status = error ? tly_cli_fail(error) : TLY_EXIT_OK;
out:
	tly_free(text);
	tly_stored_run_clear(&sr);
	tly_free(args);
	return status;
}
