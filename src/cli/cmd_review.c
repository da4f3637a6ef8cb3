/*
 * tally review: a run's review queue (the images it flagged, worst first,
 * why, and their conflicts) as a task list to load into an annotation tool.
 */
#include <stdint.h>
#include <stdio.h>

#include <tally.h>

#include "cli/commands.h"
#include "cli/exitcode.h"
#include "cli/opts.h"
#include "cli/stored_run.h"
#include "util/alloc.h"
#include "util/buf.h"

enum { OPT_DB, OPT_RUN, OPT_FORMAT, OPT_OUT, N_OPTS };

static const tly_opt_spec opts[N_OPTS] = {
	{"--db", NULL, "FILE", "the store (default tally.db)"},
	{"--run", NULL, "ID", "which run (default: the latest)"},
	{"--format", NULL, "FMT", "csv (default), json, cvat or labelstudio"},
	{"--output", "-o", "PATH", "file to write (default stdout)"},
};

static const tly_cmd_spec spec = {
	"review", "[--db FILE] [--run ID] [--format csv|json|cvat|labelstudio] [-o PATH]",
	"Write the run's review queue: the flagged images, lowest agreement first,\n"
	"with why each was flagged and its conflicts. csv: one row per image; json:\n"
	"each image with its consensus and conflicts; cvat: a CVAT for images 1.1\n"
	"annotations file (consensus and conflicting boxes, attributes source and\n"
	"conflict); labelstudio: tasks with the consensus as predictions (labelling\n"
	"config names: from_name \"label\"/\"choice\", to_name \"image\").",
	opts, N_OPTS, 0, 0};

int tly_cmd_review(int argc, char **argv)
{
	tly_opt_value v[N_OPTS] = {{0}};
	const char **args = NULL;
	size_t n_args, len = 0;
	tly_stored_run sr;
	tly_review_format fmt = TLY_REVIEW_CSV;
	char *text = NULL;
	int status, error;

	tly_stored_run_init(&sr);
	status = tly_opts_parse(v, &args, &n_args, &spec, argc, argv);
	if (status) {
		status = status == TLY_OPTS_HELP ? TLY_EXIT_OK : status;
		goto out;
	}
	if (v[OPT_FORMAT].value && (error = tly_review_format_parse(&fmt, v[OPT_FORMAT].value)) < 0) {
		status = tly_cli_fail(error);
		goto out;
	}
	if ((status = tly_stored_run_load(&sr, v[OPT_DB].value, v[OPT_RUN].value)) != 0)
		goto out;
	if ((error = tly_review_render(&text, &len, fmt, &sr.ds, &sr.result)) == 0) {
		if (v[OPT_OUT].value)
			error = tly_write_file(v[OPT_OUT].value, text, len);
		else if (fwrite(text, 1, len, stdout) != len)
			error = tly_error_set(TLY_EIO, "stdout: write failed");
	}
	status = error ? tly_cli_fail(error) : TLY_EXIT_OK;
out:
	tly_free(text);
	tly_stored_run_clear(&sr);
	tly_free(args);
	return status;
}
