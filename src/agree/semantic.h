/*
 * The real layout of tly_semantic_workspace and the steps shared by the
 * consensus (semantic.c) and the audit (semantic_audit.c): choosing an
 * image's maps, decoding them a chunk of segments at a time, and building
 * runs. A segment is a stretch of pixels on which every decoded map is
 * constant (between two run boundaries of any of them): it is voted and
 * counted once, weighted by its length, so the work follows the maps'
 * edges rather than their pixels.
 */
#ifndef TLY_AGREE_SEMANTIC_H
#define TLY_AGREE_SEMANTIC_H

#include "agree/workspace.h"
#include "tally/semantic.h"

/* Segments decoded per map at a time: a few hundred KB per thread, cache-sized. */
#define TLY_SEMANTIC_CHUNK ((size_t)1 << 16)

/* A read position in a map's runs. */
typedef struct {
	const tly_labelmap *map;
	size_t run;   /* current run */
	uint32_t off; /* pixels of it already read */
} tly_semantic_cursor;

/* A voter's counts against one reference, for one category. */
typedef struct {
	uint64_t tp, fp, fn;
} tly_semantic_tally;

/* Runs being built: value[i] repeated len[i] times. */
typedef struct {
	TLY_AGREE_ARRAY(uint32_t) value;
	TLY_AGREE_ARRAY(uint32_t) len;
} tly_semantic_runs;

struct tly_semantic_workspace {
	/* The image's kept maps (tly_semantic__select). */
	TLY_AGREE_ARRAY(const tly_map_submission *) voters; /* V, annotator ascending */
	const tly_map_submission *gold;                     /* the reference gold map, or NULL */
	uint32_t w, h;
	size_t npix;
	uint32_t ncat;     /* 1 + the largest category any kept map uses; 0 when all ignore */
	uint32_t skipped;  /* maps of another size */
	int panoptic;      /* some voter's map is panoptic */

	/* One chunk of segments of every kept map: row j at px + j * TLY_SEMANTIC_CHUNK
	 * (gold last), segment k of length seg[k] pixels. */
	TLY_AGREE_ARRAY(tly_semantic_cursor) cur;
	size_t done;                             /* pixels decoded so far */
	TLY_AGREE_ARRAY(uint32_t) px;
	TLY_AGREE_ARRAY(uint32_t) seg;           /* [chunk] segment lengths, >= 1 */
	TLY_AGREE_ARRAY(const uint32_t *) rows;  /* [nv] the voters' rows, for tly_vote_pixels */
	TLY_AGREE_ARRAY(uint32_t) vote;          /* [chunk] a consensus per segment */
	TLY_AGREE_ARRAY(uint8_t) conf;           /* [chunk] its confidence */
	TLY_AGREE_ARRAY(uint32_t) scratch;       /* [2 nv] tly_vote_pixels' counting table */
	tly_semantic_runs map_runs, conf_runs;

	/* STAPLE of the label maps (semantic_staple.c), when staple is set. */
	int staple;                          /* vote.mask staple and 1..16 voters */
	TLY_AGREE_ARRAY(double) post;        /* [ncat << K] pattern counts, then posteriors W_c(pattern) */
	TLY_AGREE_ARRAY(uint8_t) present;    /* [ncat] some voter gives the class */
	TLY_AGREE_ARRAY(uint32_t) zero;      /* [<= K + 2] classes by W_c(0) descending */
	TLY_AGREE_ARRAY(tly_semantic_staple_rate) rates; /* [nv * classes fitted] of the last fit
						  * with every voter, by (voter, class) */

	/* Counters of tly_semantic_image, [.. * ncat] by category. */
	TLY_AGREE_ARRAY(uint64_t) vclass;            /* [nv * ncat] pixels voter i gives each class */
	TLY_AGREE_ARRAY(uint64_t) inter;             /* [pairs * ncat] pixels voters i < j both give */
	TLY_AGREE_ARRAY(tly_semantic_tally) tally;   /* [nv * 2 * ncat] by (voter, ref, class) */
	TLY_AGREE_ARRAY(uint64_t) acc;               /* [nv * 2 * 2] (correct, total) by (voter, ref) */

	/* Fleiss' kappa over pixels (semantic_kappa.c): the image's sums so far. */
	TLY_AGREE_ARRAY(uint32_t) kcount;    /* [ncat] one segment's ratings per class; 0 between segments */
	TLY_AGREE_ARRAY(uint32_t) ktouched;  /* [nv] the classes one segment's voters give */
	TLY_AGREE_ARRAY(tly_semantic_kappa_class) kclass; /* [ncat] by category */
	uint64_t kpixels, kratings;
	double kagree;

	/* Rows of the image's result before the exact copies. */
	TLY_AGREE_ARRAY(tly_pixel_counts) counts;
	TLY_AGREE_ARRAY(tly_pixel_audit) audits;
	TLY_AGREE_ARRAY(tly_map_pair) pairs;
	TLY_AGREE_ARRAY(tly_semantic_pair_class) pair_classes;
};

/*
 * Choose IM's maps into WS (voters, gold, size, ncat, skipped, panoptic)
 * and check them against CTX. 0, or TLY_EARG / TLY_ELIMIT / TLY_ENOMEM
 * with *why set.
 */
int tly_semantic__select(tly_semantic_workspace *ws, const tly_agree_context *ctx,
			 const tly_image *im, const char **why);

/*
 * Make room for one chunk of the first N_ROWS kept maps (voters, then
 * gold) and rewind their cursors; sets ws->rows. 0, TLY_ENOMEM, TLY_ELIMIT.
 */
int tly_semantic__start(tly_semantic_workspace *ws, size_t n_rows);

/*
 * Decode the next segments (at most a chunk) of the first N_ROWS maps
 * into their rows and ws->seg; returns how many (0 once every pixel is done).
 */
size_t tly_semantic__fill(tly_semantic_workspace *ws, size_t n_rows);

/* Empty R (keeping its memory). */
void tly_semantic__runs_reset(tly_semantic_runs *r);

/*
 * Append N segments, values V (uint32) or CONF (uint8) of lengths LEN, to
 * R, merging equal neighbours.
 */
int tly_semantic__runs_push(tly_semantic_runs *r, const uint32_t *v, const uint32_t *len, size_t n);
int tly_semantic__runs_push8(tly_semantic_runs *r, const uint8_t *conf, const uint32_t *len, size_t n);

/* Copy R into *out, a W x H map, exactly sized (the caller's). 0 or TLY_ENOMEM. */
int tly_semantic__runs_copy(tly_labelmap *out, const tly_semantic_runs *r, uint32_t w, uint32_t h);

/*
 * Counters of one chunk of N segments for tly_semantic_image: class and
 * pair counts of the voters, and each voter's audit against its
 * leave-one-out consensus and the gold row. Needs tly_semantic__start(ws,
 * nv + gold) and the counters sized and zeroed (tly_semantic__counters_reset).
 */
void tly_semantic__count_chunk(tly_semantic_workspace *ws, size_t n);

/*
 * Audit voter A's row against the N consensus segments in ws->vote (its
 * leave-one-out reference), into its TLY_REF_CONSENSUS counters.
 */
void tly_semantic__audit_consensus(tly_semantic_workspace *ws, size_t a, size_t n);

/*
 * Whether the image's maps in WS are voted by STAPLE: CTX's policy says
 * vote.mask staple and 1 to TLY_RLE_MAX_PATTERN_MASKS voters (more keep the
 * plurality; so do their leave-one-out references).
 */
int tly_semantic__staple_on(const tly_semantic_workspace *ws, const tly_agree_context *ctx);

/*
 * Estimate, for the voters but SKIP (voters.n for none), every class's
 * binary STAPLE over the whole image (a pass over its segments) into ws's
 * posterior table. With nobody skipped, also each voter's rates per class
 * into ws->rates (image 0: the caller sets it); a leave-one-out fit leaves
 * them alone. 0, TLY_ENOMEM, TLY_ELIMIT or TLY_EARG.
 */
int tly_semantic__staple_fit(tly_semantic_workspace *ws, size_t skip);

/*
 * The STAPLE consensus of the N segments of the chunk decoded last (after
 * tly_semantic__staple_fit with the same SKIP): the class of highest
 * posterior above 1/2, else ignore (also on an exact tie of the top), into
 * VOTE; round(255 * that posterior), or 0, into CONF.
 */
void tly_semantic__staple_vote(tly_semantic_workspace *ws, size_t skip, size_t n, uint32_t *vote,
			       uint8_t *conf);

/* Size and zero the counters for the kept maps. 0, TLY_ENOMEM or TLY_ELIMIT. */
int tly_semantic__counters_reset(tly_semantic_workspace *ws);

/* Size and zero the kappa sums for the kept maps (semantic_kappa.c). 0, TLY_ENOMEM or TLY_ELIMIT. */
int tly_semantic__kappa_reset(tly_semantic_workspace *ws);

/* Add the voters' N segments of the chunk decoded last to the kappa sums. */
void tly_semantic__kappa_chunk(tly_semantic_workspace *ws, size_t n);

/* Copy the kappa sums into OUT (classes with ratings, by category). 0 or TLY_ENOMEM. */
int tly_semantic__kappa_rows(tly_semantic_image_result *out, const tly_semantic_workspace *ws);

/* Turn the counters into ws's rows; *agreement gets the image's mean pairwise mIoU. */
int tly_semantic__rows(tly_semantic_workspace *ws, double *agreement);

#endif
