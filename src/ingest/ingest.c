/*
 * The ingest entry points: read a file, hash it, tell its format from its
 * content (or --format), and hand it to the reader for that format. A
 * file that fails leaves its batch cleared. Tested by tests/ingest/test_detect.c.
 */
#include <string.h>
#include <strings.h>

#include "ingest/json_read.h"
#include "ingest/readers.h"
#include "ingest/text.h"
#include "tally/error.h"
#include "tally/ingest.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/sha256.h"

static const char *const formats[] = {"coco", "labelme", "csv", "voc", "yolo", "cvat", "labelstudio", "png",
				      "coco_panoptic"};

static size_t skip_space(const char *data, size_t len)
{
	size_t i = tly_ingest__bom_len(data, len);

	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
		i++;
	return i;
}

/* JSON when the first character is what a JSON document opens with. */
static int looks_json(const char *data, size_t len)
{
	size_t i = skip_space(data, len);

	return i < len && (data[i] == '{' || data[i] == '[');
}

const char *tly_ingest__json_format(const cJSON *root)
{
	/* Label Studio exports an array of tasks, each with its data and annotations. */
	if (cJSON_IsArray(root))
		return cJSON_IsObject(root->child) && (cJSON_GetObjectItemCaseSensitive(root->child, "annotations") ||
						       cJSON_GetObjectItemCaseSensitive(root->child, "data"))
			       ? "labelstudio"
			       : NULL;
	if (!cJSON_IsObject(root))
		return NULL;
	/* Case-sensitive, as the readers are (cJSON_HasObjectItem is not). */
	if (tly_ingest__coco_panoptic_is(root))
		return "coco_panoptic";
	if (cJSON_GetObjectItemCaseSensitive(root, "images") &&
	    cJSON_GetObjectItemCaseSensitive(root, "annotations"))
		return "coco";
	if (cJSON_GetObjectItemCaseSensitive(root, "shapes"))
		return "labelme";
	return NULL;
}

static int cannot_tell(const char *path)
{
	return tly_error_set(TLY_EINPUT, "%s: cannot tell the format; pass --format", path);
}

/*
 * Detect from content, parsing JSON once: *root is the parsed document
 * (caller's) when the format is a JSON one. A file that looks like JSON but
 * does not parse reports its syntax error: that is more use than "unknown format".
 */
static int detect(const char **fmt, cJSON **root, const char *path, const char *data, size_t len)
{
	int error;

	*fmt = NULL;
	if (tly_ingest__png_is_png(data, len)) {
		*fmt = "png";
	} else if (looks_json(data, len)) {
		if ((error = tly_ingest__json_parse(root, path, data, len)) < 0)
			return error;
		*fmt = tly_ingest__json_format(*root);
	} else if (tly_ingest__voc_is_voc(data, len)) {
		*fmt = "voc";
	} else if (tly_ingest__cvat_is_cvat(data, len)) {
		*fmt = "cvat";
	} else if ((error = tly_ingest__csv_is_labels(data, len)) < 0) {
		return error;
	} else if (error) {
		*fmt = "csv";
	} else if ((error = tly_ingest__yolo_is_yolo(data, len)) < 0) {
		return error;
	} else if (error) {
		*fmt = "yolo";
	}
	return *fmt ? 0 : cannot_tell(path);
}

const char *tly_ingest_detect(const char *path, const char *content, size_t len)
{
	cJSON *root = NULL;
	const char *fmt = NULL;

	if (!path)
		path = "input";
	if (!content) {
		tly_error_set(TLY_EARG, "%s: no content to detect", path);
		return NULL;
	}
	if (skip_space(content, len) == len)
		tly_error_set(TLY_EINPUT, "%s: empty file", path);
	else
		detect(&fmt, &root, path, content, len);
	cJSON_Delete(root);
	return fmt;
}

static const char *known_format(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(name, formats[i]) == 0)
			return formats[i];
	return NULL;
}

/* Set the format, parsing JSON when the format wants it; *root is the caller's. */
static int choose_format(cJSON **root, tly_batch *b, const char *data, size_t len,
			 const tly_ingest_options *opts)
{
	const char *fmt = NULL;
	int error;

	if (opts->format) {
		if (!(fmt = known_format(opts->format)))
			return tly_error_set(TLY_EARG, "unknown format \"%s\" (coco, coco_panoptic, labelme, csv, voc, "
					     "yolo, cvat, labelstudio or png)", opts->format);
		if ((strcmp(fmt, "coco") == 0 || strcmp(fmt, "labelme") == 0 || strcmp(fmt, "labelstudio") == 0 ||
		     strcmp(fmt, "coco_panoptic") == 0) &&
		    (error = tly_ingest__json_parse(root, b->path, data, len)) < 0)
			return error;
	} else if ((error = detect(&fmt, root, b->path, data, len)) < 0) {
		return error;
	}
	b->format = tly_strdup(fmt);
	return b->format ? 0 : TLY_ENOMEM;
}

/*
 * An empty YOLO txt is an image with nothing on it (SPEC §3), so emptiness
 * is not an error for --format yolo or, when detecting, for a .txt file.
 */
static int empty_yolo(const char *path, const tly_ingest_options *opts)
{
	size_t n = strlen(path);

	if (opts->format)
		return strcmp(opts->format, "yolo") == 0;
	return n > 4 && strcasecmp(path + n - 4, ".txt") == 0;
}

int tly_ingest__parse_buffer(tly_batch *b, const char *path, const char *data, size_t len,
			     const tly_ingest_options *opts)
{
	static const tly_ingest_options defaults = TLY_INGEST_OPTIONS_INIT;
	cJSON *root = NULL;
	int error = 0;

	if (!opts)
		opts = &defaults;
	b->path = tly_strdup(path);
	if (!b->path) {
		error = TLY_ENOMEM;
		goto out;
	}
	tly_sha256_hex(b->sha256, data, len);
	b->gold = opts->gold != 0;
	/* The file's names are checked as read; this one comes from the command line. */
	if (opts->annotator &&
	    tly_ingest__utf8_check(opts->annotator, strlen(opts->annotator)) != strlen(opts->annotator)) {
		error = tly_error_set(TLY_EARG, "annotator name is not valid UTF-8");
		goto out;
	}
	if (skip_space(data, len) == len && !empty_yolo(path, opts)) {
		error = tly_error_set(TLY_EINPUT, "%s: empty file", path);
		goto out;
	}
	if (skip_space(data, len) == len)
		b->format = tly_strdup("yolo");
	else if ((error = choose_format(&root, b, data, len, opts)) < 0)
		goto out;
	if (!b->format) {
		error = TLY_ENOMEM;
		goto out;
	}
	if (strcmp(b->format, "coco") == 0)
		error = tly_ingest__coco(b, root, opts);
	else if (strcmp(b->format, "labelme") == 0)
		error = tly_ingest__labelme(b, root, opts);
	else if (strcmp(b->format, "voc") == 0)
		error = tly_ingest__voc(b, data, len, opts);
	else if (strcmp(b->format, "yolo") == 0)
		error = tly_ingest__yolo(b, data, len, opts);
	else if (strcmp(b->format, "cvat") == 0)
		error = tly_ingest__cvat(b, data, len, opts);
	else if (strcmp(b->format, "labelstudio") == 0)
		error = tly_ingest__labelstudio(b, root, opts);
	else if (strcmp(b->format, "png") == 0)
		error = tly_ingest__png_map(b, data, len, opts);
	else if (strcmp(b->format, "coco_panoptic") == 0)
		error = tly_ingest__coco_panoptic(b, root, opts);
	else
		error = tly_ingest__csv(b, data, len, opts);
out:
	cJSON_Delete(root);
	if (error < 0)
		tly_batch_clear(b);
	return error;
}

void tly_ingest__hash_more(tly_batch *b, const char digest[65])
{
	char both[128];

	memcpy(both, b->sha256, 64);
	memcpy(both + 64, digest, 64);
	tly_sha256_hex(b->sha256, both, sizeof(both));
}

int tly_ingest_file(tly_batch *batch, const char *path, const tly_ingest_options *opts)
{
	tly_buf content = TLY_BUF_INIT;
	int error;

	if (!batch || !path)
		return tly_error_set(TLY_EARG, "tly_ingest_file: batch and path are required");
	if ((error = tly_buf_read_file(&content, path, TLY_MAX_FILE_BYTES)) == 0)
		error = tly_ingest__parse_buffer(batch, path, content.ptr, content.size, opts);
	tly_buf_clear(&content);
	return error;
}
