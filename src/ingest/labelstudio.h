/*
 * The state of the Label Studio reader, shared by labelstudio.c (tasks,
 * annotations, who, submissions) and labelstudio_result.c (one result:
 * a rectangle, polygon, brush mask or choice).
 */
#ifndef TLY_INGEST_LABELSTUDIO_H
#define TLY_INGEST_LABELSTUDIO_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "ingest/json_read.h"
#include "tally/batch.h"
#include "tally/ingest.h"
#include "util/strmap.h"
#include "util/vec.h"

/* One annotation kept: a submission of each task the file holds. */
typedef struct {
	size_t image;		 /* batch image */
	char *who;		 /* annotator; owned */
	int gold;		 /* ground_truth */
	size_t task, annotation; /* where: [task].annotations[annotation] */
	int64_t time;		 /* unix seconds of updated_at, else created_at; 0 = neither */
} tly_ingest__ls_entry;

typedef struct {
	tly_batch *b;
	const tly_ingest_options *opts;
	const char *file;
	TLY_VEC(tly_ingest__ls_entry) entries;
	tly_strmap seen;	/* "image\x1fannotator" -> entries index */
	TLY_VEC(size_t) n_objs; /* objects per batch image */
	int any_objs, any_tags;
} tly_ingest__ls_state;

/* The annotation whose results are being read. */
typedef struct {
	const char *name;   /* image name (basename) */
	size_t image;	    /* its batch image */
	const char *who;    /* annotator */
	tly_strmap regions; /* ids of its region results: a choice sharing one describes that region */
} tly_ingest__ls_annotation;

/*
 * Read result R (at AT) of annotation A into the batch: objects, tags, or
 * a counted skip (batch->n_repairs) for kinds tally does not vote on.
 * Returns 0 or the error (messages "FILE: AT.key: ...").
 */
int tly_ingest__ls_result(tly_ingest__ls_state *c, tly_ingest__ls_annotation *a, tly_jloc at, const cJSON *r);

/*
 * ISO 8601 / RFC 3339 time S ("2024-05-06T09:30:12.345678Z",
 * "2024-05-06 11:30:12+02:00") into unix seconds *out: date, 'T' (or 't'
 * or a space), hours and minutes, optional seconds and fraction (dropped),
 * then Z, an offset (+HH:MM, +HHMM, +HH) or nothing (taken as UTC, as
 * Label Studio's server clock is). 0, or -1 when S is not such a time or
 * is not after 1970-01-01T00:00:00Z (*out 0).
 */
int tly_ingest__iso_time(int64_t *out, const char *s);

/*
 * When annotation ANN (at AT) was submitted: its updated_at when present,
 * else its created_at (labelstudio_time.c); *out 0 when it has neither.
 * A present value that is not a string or not such a time is an error
 * naming its path. Returns 0 or TLY_EINPUT.
 */
int tly_ingest__ls_time(int64_t *out, tly_jloc at, const cJSON *ann);

#endif
