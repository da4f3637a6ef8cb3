/*
 * tally diff RUN_A [RUN_B]: what changed between two runs of the store (for
 * example after tightening a rule): rules, consensus, review queue,
 * annotator figures and agreement statistics. RUN_B defaults to the latest run.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <tally.h>

#include "cli/commands.h"
#include "cli/exitcode.h"
#include "cli/opts.h"
#include "cli/stored_run.h"
#include "util/alloc.h"

enum { OPT_DB, OPT_FORMAT, N_OPTS };

static const tly_opt_spec opts[N_OPTS] = {
	{"--db", NULL, "FILE", "the store (default tally.db)"},
	{"--format", NULL, "FMT", "text (default) or json"},
};

static const tly_cmd_spec spec = {
	"diff", "[--db FILE] [--format text|json] RUN_A [RUN_B]",
	"Compare two runs of the store (RUN_B: default the latest): the rules that\n"
	"differ, counts of consensus objects, labels, conflicts and flagged images,\n"
	"each consensus object added, removed, relabelled or moved (objects paired\n"
	"one-to-one at IoU 0.5), each image label added or removed, images whose\n"
	"review flag or agreement changed, annotators whose audit changed, and the\n"
	"agreement statistics (kappa, alpha; run-wide and per class) that changed.",
	opts, N_OPTS, 1, 2};

int tly_cmd_diff(int argc, char **argv)
{
	tly_opt_value v[N_OPTS] = {{0}};
	const char **args = NULL;
	size_t n_args, len = 0;
	tly_stored_run sa;
	tly_dataset ds_b = {0};
	tly_result rb = {0};
	tly_diff d = {0};
	long id_b = 0;
	char *text = NULL;
	int json = 0, status, error;

	tly_stored_run_init(&sa);
	status = tly_opts_parse(v, &args, &n_args, &spec, argc, argv);
	if (status) {
		status = status == TLY_OPTS_HELP ? TLY_EXIT_OK : status;
		goto out;
	}
	if (v[OPT_FORMAT].value) {
		if (!strcmp(v[OPT_FORMAT].value, "json")) {
			json = 1;
		} else if (strcmp(v[OPT_FORMAT].value, "text")) {
			status = tly_cli_die(TLY_EXIT_USAGE, "diff: --format is text or json, not '%s'",
					     v[OPT_FORMAT].value);
			goto out;
		}
	}
	if (n_args == 2 && tly_opts_int(&id_b, args[1], "RUN_B", 1, INT32_MAX)) {
		status = TLY_EXIT_USAGE;
		goto out;
	}
	if ((status = tly_stored_run_load(&sa, v[OPT_DB].value, args[0])) != 0)
		goto out;
	if ((error = tly_store_load_result(&rb, &ds_b, sa.st, id_b)) < 0) {
		status = tly_cli_fail(error);
		goto out;
	}
	/* Both loads read the same store: the datasets are the same entries in the same order. */
	if (ds_b.n_images != sa.ds.n_images || ds_b.n_annotators != sa.ds.n_annotators ||
	    ds_b.n_categories != sa.ds.n_categories) {
		status = tly_cli_die(TLY_EXIT_STORE, "diff: the store changed while it was read");
		goto out;
	}
	if ((error = tly_diff_compute(&d, &sa.ds, &sa.result, &rb)) < 0 ||
	    (error = tly_diff_render(&text, &len, &d, &sa.ds, &sa.result, &rb, json)) < 0) {
		status = tly_cli_fail(error);
		goto out;
	}
	fwrite(text, 1, len, stdout);
	status = TLY_EXIT_OK;
out:
	tly_free(text);
	tly_diff_clear(&d);
	tly_result_clear(&rb);
	tly_dataset_clear(&ds_b);
	tly_stored_run_clear(&sa);
	tly_free(args);
	return status;
}
