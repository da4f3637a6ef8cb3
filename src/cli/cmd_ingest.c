/*
 * tally ingest: expand each PATH into files, parse every file first (so a
 * bad file anywhere leaves the store untouched), then store each parsed
 * file in its own transaction and print what each one added.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <tally.h>

#include "cli/batches.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "cli/opts.h"
#include "util/alloc.h"

enum { OPT_DB, OPT_ANNOTATOR, OPT_FORMAT, OPT_GOLD, OPT_IMAGES, N_OPTS };

static const tly_opt_spec opts[N_OPTS] = {
	{"--db", NULL, "FILE", "the store (default tally.db)"},
	{"--annotator", NULL, "NAME", "who made these labels, when the files do not say"},
	{"--format", NULL, "FMT", "coco, coco_panoptic, labelme, csv, voc, yolo, cvat, labelstudio or png "
				  "(default: detected from the content; a folder's .png files are read only with png)"},
	{"--gold", NULL, NULL, "these labels are the reference standard: audited against, never voting"},
	{"--images", NULL, "DIR", "folder of the images, for YOLO (sizes read from their PNG/JPEG headers), "
				  "or of COCO panoptic PNGs not beside their JSON"},
};

static const tly_cmd_spec spec = {
	"ingest", "[--db FILE] [--annotator NAME] [--format FMT] [--gold] [--images DIR] PATH...",
	"Read label files (a file, or a folder of them) into the store. Re-ingesting\n"
	"an identical file changes nothing; a bad file changes nothing and exits 2.",
	opts, N_OPTS, 1, SIZE_MAX};

int tly_cmd_ingest(int argc, char **argv)
{
	tly_opt_value v[N_OPTS] = {{0}};
	const char **args = NULL;
	size_t n_args, i;
	tly_cli_batches batches = {0};
	tly_store *st = NULL;
	tly_ingest_options io = TLY_INGEST_OPTIONS_INIT;
	int status, error = 0;

	status = tly_opts_parse(v, &args, &n_args, &spec, argc, argv);
	if (status) {
		status = status == TLY_OPTS_HELP ? TLY_EXIT_OK : status;
		goto out;
	}
	io.annotator = v[OPT_ANNOTATOR].value;
	io.format = v[OPT_FORMAT].value;
	io.gold = v[OPT_GOLD].value != NULL;
	io.images_dir = v[OPT_IMAGES].value;
	for (i = 0; i < n_args && !error; i++)
		error = tly_cli_batches_parse(&batches, args[i], &io);
	if (error < 0 ||
	    (error = tly_store_open(&st, v[OPT_DB].value ? v[OPT_DB].value : "tally.db")) < 0 ||
	    (error = tly_cli_batches_store(&batches, st, stdout)) < 0) {
		status = tly_cli_fail(error);
		goto out;
	}
	status = TLY_EXIT_OK;
out:
	tly_cli_batches_clear(&batches);
	tly_store_close(st);
	tly_free(args);
	return status;
}
