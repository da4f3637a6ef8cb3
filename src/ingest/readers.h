/*
 * The format readers behind tly_ingest_file, and the in-memory entry point
 * the fuzzers drive. Each reader fills a batch whose path, hash, format and
 * gold flag tly_ingest__parse_buffer has already set.
 */
#ifndef TLY_INGEST_READERS_H
#define TLY_INGEST_READERS_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "tally/batch.h"
#include "tally/ingest.h"

/*
 * Parse LEN bytes of DATA (need not be NUL-terminated) as the file PATH
 * (used in messages and stored as batch->path) into BATCH, which must be
 * freshly tly_batch_init'ed. OPTS may be NULL (defaults). On failure the
 * batch is cleared and the error set. Not thread-safe (cJSON's parser).
 */
int tly_ingest__parse_buffer(tly_batch *batch, const char *path, const char *data, size_t len,
			     const tly_ingest_options *opts);

/* The format a parsed JSON document is in ("coco", "labelme", "labelstudio"), or NULL. */
const char *tly_ingest__json_format(const cJSON *root);

/*
 * 1 when the first record of DATA is a CSV header with image and label
 * columns, 0 when not, TLY_ENOMEM when memory ran out deciding.
 */
int tly_ingest__csv_is_labels(const char *data, size_t len);

/* COCO detection JSON (SPEC §7), ROOT from tly_ingest__json_parse. */
int tly_ingest__coco(tly_batch *b, const cJSON *root, const tly_ingest_options *opts);

/* One LabelMe JSON file: one image. */
int tly_ingest__labelme(tly_batch *b, const cJSON *root, const tly_ingest_options *opts);

/* CSV image labels: image,annotator,label. */
int tly_ingest__csv(tly_batch *b, const char *data, size_t len, const tly_ingest_options *opts);

/*
 * One Pascal VOC XML file (voc.c): one image, --annotator required. LEN
 * bytes of DATA are fed to expat in chunks; no tree is built.
 */
int tly_ingest__voc(tly_batch *b, const char *data, size_t len, const tly_ingest_options *opts);

/* 1 when the root element of DATA (after the prolog) is <annotation>. */
int tly_ingest__voc_is_voc(const char *data, size_t len);

/*
 * Offset of the first byte of DATA at or after I that is not white space,
 * the XML declaration, a comment or a DOCTYPE (LEN when none): where the
 * root element starts (voc.c; CVAT detection shares it).
 */
size_t tly_ingest__xml_skip_prolog(const char *data, size_t len, size_t i);

/*
 * One CVAT for images XML 1.1 file (cvat.c): images, their boxes, polygons,
 * masks and tags, the annotator from the file's meta (job/task assignee)
 * or --annotator. Streamed through expat like VOC.
 */
int tly_ingest__cvat(tly_batch *b, const char *data, size_t len, const tly_ingest_options *opts);

/* 1 when the root element of DATA (after the prolog) is <annotations> (CVAT). */
int tly_ingest__cvat_is_cvat(const char *data, size_t len);

/*
 * A Label Studio JSON export (labelstudio.c): an array of tasks, each
 * annotation one annotator's submission (completed_by).
 */
int tly_ingest__labelstudio(tly_batch *b, const cJSON *root, const tly_ingest_options *opts);

/*
 * One YOLO detection txt (yolo.c): one image named by the file's stem,
 * with class names and image sizes found next to it (or opts->images_dir).
 */
int tly_ingest__yolo(tly_batch *b, const char *data, size_t len, const tly_ingest_options *opts);

/*
 * 1 when the first non-blank line of DATA is "class cx cy w h" (or a
 * polygon), 0 when not, TLY_ENOMEM when memory ran out deciding.
 */
int tly_ingest__yolo_is_yolo(const char *data, size_t len);

#endif
