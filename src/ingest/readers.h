/*
 * The format readers behind tly_ingest_file, and the in-memory entry point
 * the fuzzers drive. Each reader fills a batch whose path, hash, format and
 * gold flag tly_ingest__parse_buffer has already set.
 */
#ifndef TLY_INGEST_READERS_H
#define TLY_INGEST_READERS_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "ingest/json_read.h"
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

/* The format a parsed JSON document is in ("coco_panoptic", "coco", "labelme", "labelstudio"), or NULL. */
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

/*
 * Fold the file another file depends on (its hex SHA-256 DIGEST) into
 * B's content hash: b->sha256 = SHA-256(b->sha256 || DIGEST). A PNG label
 * map's classes.json and a COCO panoptic JSON's PNGs are part of what was
 * ingested, so changing one of them must not make re-ingest a no-op.
 */
void tly_ingest__hash_more(tly_batch *b, const char digest[65]);

/* 1 when DATA starts with the PNG signature (PNG spec, section 5.2). */
int tly_ingest__png_is_png(const char *data, size_t len);

/*
 * One PNG label map (png_map.c): the semantic segmentation of one image by
 * --annotator, with the classes.json found beside it (png_classes.h).
 */
int tly_ingest__png_map(tly_batch *b, const char *data, size_t len, const tly_ingest_options *opts);

/* 1 when ROOT is a COCO panoptic document: its annotations carry "segments_info". */
int tly_ingest__coco_panoptic_is(const cJSON *root);

/*
 * COCO panoptic JSON (coco_panoptic.c) and the PNGs it names, found beside
 * it: per image a label map of category ids and the thing segments as masks.
 */
int tly_ingest__coco_panoptic(tly_batch *b, const cJSON *root, const tly_ingest_options *opts);

/*
 * Who drew the COCO annotation ANN (at AT): its "annotator", else "user_id",
 * else "attributes"."annotator"; *out NULL when none (coco.c). NUM holds a
 * numeric user_id as text.
 */
int tly_ingest__coco_annotator(const char **out, char num[24], tly_jloc at, const cJSON *ann);

#endif
