/*
 * tally export: write a stored run's consensus in a format pipelines read:
 * one file (coco, csv, cvat, labelstudio) or a folder (labelme, voc, yolo,
 * png label maps, COCO panoptic).
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
	{"--format", NULL, "FMT", "coco (objects), csv (image labels), cvat, labelstudio, labelme, voc, "
				  "yolo, png (label maps) or panoptic (COCO panoptic); default coco"},
	{"--output", "-o", "PATH", "file to write (coco, csv, cvat, labelstudio; default stdout) or "
				   "folder (labelme, voc, yolo, png, panoptic; required)"},
};

static const tly_cmd_spec spec = {
	"export", "[--db FILE] [--run ID] --format coco|labelme|voc|yolo|cvat|labelstudio|csv|png|panoptic "
	"[-o PATH]",
	"Write a run's consensus: COCO detection JSON with score = confidence,\n"
	"support and annotators per object; CSV image labels image,label,confidence,support;\n"
	"CVAT for images 1.1 XML (boxes, masks, tags); Label Studio JSON tasks (rectangles\n"
	"in percent, brush masks, choices). Folders: labelme (one JSON per image, rectangle\n"
	"and mask shapes), voc (one XML per image, 1-based corners, masks as boxes), yolo\n"
	"(classes.txt, labels/<stem>.txt with fractions of the image, masks as polygons,\n"
	"labels/sizes.csv); png: label-map PNGs (one per image with a consensus map, pixel\n"
	"value = class value), confidence/ PNGs and classes.json; panoptic: panoptic.json\n"
	"and panoptic/ PNGs in COCO panoptic form. Each reads back with `tally ingest`\n"
	"(--annotator NAME) as the same objects; labelme, voc and yolo carry no image labels.",
	opts, N_OPTS, 0, 0};

int tly_cmd_export(int argc, char **argv)
{
	tly_opt_value v[N_OPTS] = {{0}};
	const char **args = NULL;
	size_t n_args, len = 0;
	tly_stored_run sr;
	tly_export_format fmt = TLY_EXPORT_COCO;
	char *text = NULL;
	int status, error;

	tly_stored_run_init(&sr);
	status = tly_opts_parse(v, &args, &n_args, &spec, argc, argv);
	if (status) {
		status = status == TLY_OPTS_HELP ? TLY_EXIT_OK : status;
		goto out;
	}
	if (v[OPT_FORMAT].value && (error = tly_export_format_parse(&fmt, v[OPT_FORMAT].value)) < 0) {
		status = tly_cli_fail(error);
		goto out;
	}
	if (tly_export_format_is_folder(fmt) && !v[OPT_OUT].value) {
		status = tly_cli_die(TLY_EXIT_USAGE, "export: %s writes a folder of files: give it with -o",
				     v[OPT_FORMAT].value);
		goto out;
	}
	if ((status = tly_stored_run_load(&sr, v[OPT_DB].value, v[OPT_RUN].value)) != 0)
		goto out;
	if (v[OPT_OUT].value)
		error = tly_export_write(v[OPT_OUT].value, fmt, &sr.ds, &sr.result);
	else if ((error = tly_export_render(&text, &len, fmt, &sr.ds, &sr.result)) == 0 &&
		 fwrite(text, 1, len, stdout) != len)
		error = tly_error_set(TLY_EIO, "stdout: write failed");
	status = error ? tly_cli_fail(error) : TLY_EXIT_OK;
out:
	tly_free(text);
	tly_stored_run_clear(&sr);
	tly_free(args);
	return status;
}
