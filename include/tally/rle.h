/*
 * Binary masks as COCO run-length encodings (SPEC §7): column-major pixels
 * (index = x * h + y), runs alternating 0s and 1s and starting with a run of
 * 0s (which may be empty). Values are caller-owned (tly_rle_init/_clear);
 * every function is thread-safe for distinct outputs (no shared state).
 */
#ifndef TALLY_RLE_H
#define TALLY_RLE_H

#include "types.h"
#include "geom.h"

/*
 * One mask. counts[0] is the first run of 0s, counts[1] the next run of 1s,
 * and so on; the runs sum to h * w. Every constructor here returns runs
 * whose sum is h * w; an image of 0 pixels has the single run {0}.
 */
struct tly_rle {
	uint32_t h, w;     /* image height and width, pixels (<= TLY_MAX_IMAGE_SIDE) */
	size_t m;          /* number of runs in counts */
	uint32_t *counts;  /* owned, m run lengths in pixels; NULL when m == 0 */
};

/* How tly_rle_merge combines k masks: pixel set when covered by ... */
typedef enum {
	TLY_RLE_UNION = 1,        /* ... at least one of them */
	TLY_RLE_INTERSECTION = 2, /* ... all of them */
	TLY_RLE_MAJORITY = 3      /* ... strictly more than half of them (2 * covering > k) */
} tly_rle_merge_op;

/* Make R an empty value (0 x 0, no runs) that tly_rle_clear accepts. Cannot fail. */
TLY_EXTERN void tly_rle_init(tly_rle *r);

/* Free R's runs and make it empty again (as tly_rle_init). NULL-safe; cannot fail. */
TLY_EXTERN void tly_rle_clear(tly_rle *r);

/*
 * Encode MASK, H * W bytes in column-major order (byte x * H + y is pixel
 * (x, y); any non-zero byte is foreground), into *out. *out is overwritten
 * (not freed first); on success it is the caller's (tly_rle_clear), on
 * error it is left empty. Returns 0, TLY_EARG (NULL mask with pixels),
 * TLY_EINPUT (H or W negative), TLY_ELIMIT (H or W over
 * TLY_MAX_IMAGE_SIDE, or a run over 2^32 - 1 pixels) or TLY_ENOMEM.
 */
TLY_EXTERN int tly_rle_encode(tly_rle *out, const uint8_t *mask, int64_t h, int64_t w);

/*
 * Decode R into MASK (LEN bytes, caller's), writing 0 or 1 for each of its
 * h * w pixels in column-major order. Returns 0, or TLY_EARG when LEN is
 * not h * w or the runs do not sum to h * w (MASK may then be partly written).
 */
TLY_EXTERN int tly_rle_decode(uint8_t *mask, size_t len, const tly_rle *r);

/*
 * Build *out from an uncompressed COCO RLE ({"size": [H, W], "counts":
 * [c0, c1, ...]}): N counts read from input. Checks H and W against
 * TLY_MAX_IMAGE_SIDE and N against TLY_MAX_RLE_RUNS (TLY_ELIMIT) before
 * allocating, and each count in [0, 2^32 - 1] and their sum == H * W
 * (TLY_EINPUT naming the count's index; also for a negative H or W).
 * COUNTS may be NULL when N is 0. *out as in tly_rle_encode.
 */
TLY_EXTERN int tly_rle_from_counts(tly_rle *out, int64_t h, int64_t w, const int64_t *counts,
				   size_t n);

/*
 * Parse the compressed COCO counts string S (LEN bytes, no NUL needed) of an
 * H x W mask into *out, as pycocotools' decoding does. Bad input is
 * TLY_EINPUT naming the byte offset: a byte outside '0'..'o', a number left
 * unfinished or longer than 7 characters, a run negative or over 2^32 - 1
 * once the delta is undone, runs not summing to H * W, a negative H or W.
 * TLY_ELIMIT for sizes over the caps (TLY_MAX_IMAGE_SIDE, TLY_MAX_RLE_RUNS),
 * checked before allocating. *out as in tly_rle_encode.
 */
TLY_EXTERN int tly_rle_from_string(tly_rle *out, int64_t h, int64_t w, const char *s, size_t len);

/*
 * The compressed COCO counts string of R, byte-identical to pycocotools'
 * (each run from the fourth on written as its difference from the run two
 * before, in signed 5-bit groups with a continuation bit, offset by 48).
 * *out is a NUL-terminated string the caller frees with free(); *len its
 * length (may be NULL). Returns 0 or TLY_ENOMEM/TLY_ELIMIT.
 */
TLY_EXTERN int tly_rle_to_string(char **out, size_t *len, const tly_rle *r);

/* Foreground pixels of R (the sum of its odd-indexed runs). */
TLY_EXTERN int64_t tly_rle_area(const tly_rle *r);

/*
 * Tight bounding box of R's foreground as COCO computes it: [x, y, w, h]
 * with w = last column - first column + 1 (whole pixels). An empty mask
 * gives {0, 0, 0, 0}. Runs of length 0 are skipped.
 */
TLY_EXTERN tly_box tly_rle_bbox(const tly_rle *r);

/*
 * IoU of detection DT and ground truth GT, walked run against run (never
 * decoded). GT_CROWD non-zero applies COCO's iscrowd rule: the denominator
 * is DT's area, so *out = |DT ∩ GT| / |DT|. A zero denominator gives 0.
 * Returns 0, or TLY_EARG when the sizes differ (pycocotools returns -1 there).
 */
TLY_EXTERN int tly_rle_iou(double *out, const tly_rle *dt, const tly_rle *gt, int gt_crowd);

/*
 * Combine the K >= 1 masks RLES[0..K-1] (all the same h x w) with OP into
 * *out, walking their runs together. The result has no empty runs except
 * possibly the first (canonical); for K == 1 it is a copy of RLES[0].
 * *out as in tly_rle_encode. Returns 0, TLY_EARG (K == 0, sizes differ, bad
 * OP) or TLY_ENOMEM/TLY_ELIMIT.
 */
TLY_EXTERN int tly_rle_merge(tly_rle *out, const tly_rle *rles, size_t k, tly_rle_merge_op op);

/* Most masks tly_rle_pattern_counts and tly_rle_select walk together (2^k patterns). */
#define TLY_RLE_MAX_PATTERN_MASKS 16

/*
 * Pixel counts of every coverage pattern of K masks (all h x w, 1 <= K <=
 * TLY_RLE_MAX_PATTERN_MASKS): COUNTS[p] (2^K entries, the caller's) gets the
 * pixels that exactly the masks whose bits are set in p cover (bit j =
 * RLES[j]). Walks the runs, never the pixels. 0, TLY_EARG (K, sizes) or
 * TLY_ENOMEM.
 */
TLY_EXTERN int tly_rle_pattern_counts(uint64_t *counts, const tly_rle *rles, size_t k);

/*
 * The mask of the pixels whose coverage pattern p (as in
 * tly_rle_pattern_counts) has KEEP[p] != 0, into *out (as tly_rle_encode).
 * KEEP has 2^K entries. 0, TLY_EARG, TLY_ELIMIT or TLY_ENOMEM.
 */
TLY_EXTERN int tly_rle_select(tly_rle *out, const tly_rle *rles, size_t k, const uint8_t *keep);

#endif
