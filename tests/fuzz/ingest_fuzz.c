/*
 * Fuzz harness for the ingest readers: each input goes through format
 * detection and through each reader forced by --format, from memory (the
 * same path tly_ingest_file takes after reading the file). Failing to
 * parse is fine; crashing, leaking, reading out of bounds or running out of
 * memory (which here can only mean the syntax check let through something
 * cJSON rejects) is not.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ingest/readers.h"
#include "tally/batch.h"
#include "tally/error.h"

static void run(const uint8_t *data, size_t size, const char *format, const char *annotator)
{
	/* YOLO reads class names and sizes beside the label: the fixture folder has both.
	 * A PNG label map reads the classes.json of its folder; COCO panoptic
	 * finds the PNGs its annotations name in the fixture's panoptic_a/. */
	const char *path = "fuzz";
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	tly_batch b;
	int rc;

	if (format && strcmp(format, "yolo") == 0)
		path = "fixtures/ingest/yolo/a.txt";
	else if (format && strcmp(format, "png") == 0)
		path = "fixtures/ingest/png/fuzz.png";
	else if (format && strcmp(format, "coco_panoptic") == 0)
		path = "fixtures/ingest/panoptic/panoptic_a.json";

	o.format = format;
	o.annotator = annotator;
	tly_batch_init(&b);
	rc = tly_ingest__parse_buffer(&b, path, (const char *)data, size, &o);
	if (rc == TLY_ENOMEM)
		abort();
	tly_batch_clear(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, NULL, NULL);
	run(data, size, NULL, "fuzzer");
	run(data, size, "coco", "fuzzer");
	run(data, size, "labelme", "fuzzer");
	run(data, size, "csv", "fuzzer");
	run(data, size, "voc", "fuzzer");
	run(data, size, "yolo", "fuzzer");
	run(data, size, "cvat", "fuzzer");
	run(data, size, "labelstudio", "fuzzer");
	run(data, size, "png", "fuzzer");
	run(data, size, "coco_panoptic", "fuzzer");
	return 0;
}
