/*
 * tally's command line: a table of subcommands (SPEC §2). Each lives in its
 * own cmd_<name>.c and uses only the public API and src/util.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <tally.h>

#include "cli/commands.h"
#include "cli/exitcode.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{"ingest", tly_cmd_ingest, "read annotators' label files into the store"},
	{"run", tly_cmd_run, "match, vote and audit everything in the store as a new run"},
	{"report", tly_cmd_report, "write a run's agreement report (json, csv, html)"},
	{"export", tly_cmd_export, "write a run's consensus labels (coco, csv)"},
	{"consensus", tly_cmd_consensus, "one shot: ingest NAME=PATH files, run, write all outputs"},
	{"review", tly_cmd_review, "write the review queue (flagged images, why) for an annotation tool"},
	{"diff", tly_cmd_diff, "show what changed between two runs (rules, consensus, figures)"},
	{"rules", tly_cmd_rules, "check rules files and print the effective QA policy"},
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: tally COMMAND [OPTIONS] [ARGS]\n\n"
		   "tally votes a consensus from several annotators' labels and reports\n"
		   "how well they agree.\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'tally COMMAND --help' describes a command; 'tally --version' prints the version.\n");
}

/*
 * stdout is buffered: a full disk or a closed pipe shows only when it is
 * flushed, so a command that printed its output is not done until then.
 */
static int flushed(int status)
{
	int flush_failed = fflush(stdout) != 0;

	/* A command that failed has said why already. */
	if (status != TLY_EXIT_OK || !(flush_failed || ferror(stdout)))
		return status;
	return tly_cli_die(TLY_EXIT_STORE, "stdout: write failed%s%s", flush_failed ? ": " : "",
			   flush_failed ? strerror(errno) : "");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return usage(stderr), TLY_EXIT_USAGE;
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return flushed(TLY_EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("tally %s (store schema %d)\n", TALLY_VERSION, tly_store_schema_version());
		return flushed(TLY_EXIT_OK);
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return flushed(commands[i].run(argc - 2, argv + 2));
	return tly_cli_die(TLY_EXIT_USAGE, "unknown command '%s' (see tally --help)", argv[1]);
}
