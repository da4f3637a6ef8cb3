/*
 * tally consensus: the one-shot form for pipelines (SPEC §2). A temporary
 * store, each NAME=PATH ingested as annotator NAME, one run, and
 * OUTDIR/consensus.json, report.json and report.html written.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <tally.h>

#include "cli/batches.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "cli/opts.h"
#include "cli/summary.h"
#include "util/alloc.h"
#include "util/buf.h"

enum { OPT_RULES, OPT_THREADS, OPT_OUT, OPT_GOLD, N_OPTS };

static const tly_opt_spec opts[N_OPTS] = {
	{"--rules", NULL, "FILE", "QA policy (default: the built-in rules)"},
	{"--threads", NULL, "N", "worker threads (default: all cores); results do not depend on it"},
	{"--output", "-o", "OUTDIR", "folder for consensus.json, report.json, report.html (required)"},
	{"--gold", NULL, "PATH", "reference labels to audit the annotators against (never vote)"},
};

static const tly_cmd_spec spec = {
	"consensus", "[--rules FILE] [--threads N] [--gold PATH] -o OUTDIR NAME=PATH [NAME=PATH...]",
	"Ingest each NAME=PATH as annotator NAME into a temporary store, run, and\n"
	"write OUTDIR/consensus.json (COCO), OUTDIR/report.json and OUTDIR/report.html.",
	opts, N_OPTS, 1, SIZE_MAX};

static int write_outputs(const char *dir, const tly_dataset *ds, const tly_result *r)
{
	static const struct {
		const char *file;
		int report;
		int fmt;
	} outs[] = {
		{"consensus.json", 0, TLY_EXPORT_COCO},
		{"report.json", 1, TLY_REPORT_JSON},
		{"report.html", 1, TLY_REPORT_HTML},
	};
	tly_buf path = TLY_BUF_INIT;
	size_t i;
	int error = 0;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return tly_error_set(TLY_EIO, "%s: cannot create folder: %s", dir, strerror(errno));
	for (i = 0; i < sizeof(outs) / sizeof(outs[0]) && !error; i++) {
		path.size = 0;
		tly_buf_printf(&path, "%s/%s", dir, outs[i].file);
		if (path.error)
			error = path.error;
		else if (outs[i].report)
			error = tly_report_write(path.ptr, (tly_report_format)outs[i].fmt, ds, r);
		else
			error = tly_export_write(path.ptr, (tly_export_format)outs[i].fmt, ds, r);
	}
	tly_buf_clear(&path);
	return error;
}

/* Parse every NAME=PATH (and --gold) before anything is stored. */
static int parse_inputs(tly_cli_batches *b, const char **args, size_t n, const char *gold)
{
	tly_ingest_options io = TLY_INGEST_OPTIONS_INIT;
	size_t i, j;
	int error = 0;

	for (i = 0; i < n && !error; i++) {
		const char *eq = strchr(args[i], '=');

		if (!eq || eq == args[i] || !eq[1])
			return tly_error_set(TLY_EARG, "consensus: expected NAME=PATH, got '%s'", args[i]);
		/* NAME is the text before '='; it lives in argv, so cut it there. */
		*(char *)(uintptr_t)eq = '\0';
		/*
		 * A second file under one name would silently replace the first
		 * one's submissions on shared images (the newest file wins), and
		 * a voter named like the gold annotator would be audited against itself.
		 */
		for (j = 0; j < i && strcmp(args[j], args[i]) != 0; j++)
			;
		if (j < i)
			return tly_error_set(TLY_EARG, "consensus: annotator '%s' given twice (give one "
					     "annotator's files as a folder: NAME=DIR)", args[i]);
		if (gold && strcmp(args[i], "gold") == 0)
			return tly_error_set(TLY_EARG, "consensus: the name 'gold' is taken by --gold");
		io.annotator = args[i];
		error = tly_cli_batches_parse(b, eq + 1, &io);
	}
	if (!error && gold) {
		io.annotator = "gold";
		io.gold = 1;
		error = tly_cli_batches_parse(b, gold, &io);
	}
	return error;
}

int tly_cmd_consensus(int argc, char **argv)
{
	tly_opt_value v[N_OPTS] = {{0}};
	const char **args = NULL;
	size_t n_args;
	tly_cli_batches batches = {0};
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
	if (!v[OPT_OUT].value) {
		status = tly_cli_die(TLY_EXIT_USAGE, "consensus: -o OUTDIR is required");
		goto out;
	}
	if ((status = tly_cli_threads(&ro.threads, v[OPT_THREADS].value)) != 0)
		goto out;
	/* The temporary store lives in memory: nothing to clean up on any exit. */
	if ((error = tly_cli_load_rules(&rules, v[OPT_RULES].value)) < 0 ||
	    (error = parse_inputs(&batches, args, n_args, v[OPT_GOLD].value)) < 0 ||
	    (error = tly_store_open(&st, ":memory:")) < 0 ||
	    (error = tly_cli_batches_store(&batches, st, NULL)) < 0 ||
	    (error = tly_run_execute(&r, &ds, st, rules, &ro)) < 0 ||
	    (error = write_outputs(v[OPT_OUT].value, &ds, &r)) < 0) {
		status = tly_cli_fail(error);
		goto out;
	}
	tly_cli_print_summary(stdout, &ds, &r);
	printf("\nwrote %s/consensus.json, %s/report.json, %s/report.html\n", v[OPT_OUT].value,
	       v[OPT_OUT].value, v[OPT_OUT].value);
	status = TLY_EXIT_OK;
out:
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tly_rules_free(rules);
	tly_cli_batches_clear(&batches);
	tly_free(args);
	return status;
}
