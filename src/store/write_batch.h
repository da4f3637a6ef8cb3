/*
 * The state of one tly_store_write_batch, shared by write_batch.c (sources,
 * images, submissions, objects, tags) and write_maps.c (label maps), which
 * both write inside the one transaction write_batch.c opens.
 */
#ifndef TLY_STORE_WRITE_BATCH_H
#define TLY_STORE_WRITE_BATCH_H

#include "store/store.h"
#include "util/strmap.h"

/* A table of names (annotators or categories) upserted with a cap. */
typedef struct {
	tly_strmap ids;  /* name -> store id, for names this batch has met */
	int64_t rows;    /* rows in the table */
	sqlite3_stmt *find, *insert;
	long cap;
	const char *cap_name, *what;
} tly_store__names;

typedef struct {
	tly_store *st;
	const tly_batch *b;
	const char *override; /* --annotator, '' when none */
	sqlite3_stmt **q;     /* write_batch.c's prepared statements */
	char now[32];         /* ISO 8601 UTC, one time for the whole batch */
	int64_t source_id;
	int64_t *image_ids;   /* [b->n_images] */
	int32_t *widths;      /* [b->n_images]: each image's size in the store as written so far */
	int32_t *heights;
	int64_t *sub_ids;     /* [b->n_subs] */
	unsigned char *image_has_objects; /* [b->n_images] */
	tly_store__names annotators, categories;
	tly_store_write_stats stats;
} tly_store__writer;

/* The store id of NAME in table N, inserting it (within the cap) when new. */
int tly_store__writer_name_id(int64_t *id, tly_store__writer *w, tly_store__names *n, const char *name);

/*
 * Check the batch's label maps against the contract of tly_batch_add_map
 * (image index, classes ascending and covering every value, runs summing
 * to w x h, one map per (image, annotator)); TLY_EARG naming the map.
 */
int tly_store__check_maps(const tly_batch *b);

/*
 * Write every map of W's batch (after its images, with their sizes in
 * W->widths/heights): replace an earlier map of the same (image,
 * annotator, gold), store its classes, fill an unknown image size from it.
 * Returns 0 or a tly_error_code; the caller rolls back on error.
 */
int tly_store__write_maps(tly_store__writer *w);

#endif
