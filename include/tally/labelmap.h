/*
 * Label maps: one class value per pixel (semantic segmentation, and the
 * category layer of panoptic segmentation), held as row-major runs so a
 * dataset of many large maps stays small until one image is worked on.
 */
#ifndef TALLY_LABELMAP_H
#define TALLY_LABELMAP_H

#include "types.h"

/* The value of a pixel no class covers: the file's ignore value, or panoptic void. */
#define TLY_LABEL_IGNORE UINT32_MAX

/*
 * A label map of w x h pixels as runs in row-major order (pixel (x, y) is
 * index y * w + x): run i is len[i] pixels of value[i]. Runs have len >= 1
 * and sum to w * h; two neighbouring runs may hold the same value (decode
 * does not care), but tly_labelmap_encode never makes them. A 0 x 0 map
 * has no runs. Values are caller-owned (tly_labelmap_init/_clear).
 */
typedef struct {
	uint32_t w, h;
	size_t n;          /* runs */
	uint32_t *value;   /* [n] owned; class value (or category index) or TLY_LABEL_IGNORE */
	uint32_t *len;     /* [n] owned; pixels in the run, >= 1 */
} tly_labelmap;

/* Make M an empty 0 x 0 map that tly_labelmap_clear accepts. Cannot fail. */
TLY_EXTERN void tly_labelmap_init(tly_labelmap *m);

/* Free M's runs and make it empty again. NULL-safe. */
TLY_EXTERN void tly_labelmap_clear(tly_labelmap *m);

/*
 * Run-length encode PX, W * H values in row-major order, into *out
 * (overwritten, not freed first; the caller's on success, empty on error).
 * Neighbouring equal pixels become one run. Returns 0, TLY_EARG (NULL PX
 * with pixels), TLY_ELIMIT (W or H over TLY_MAX_IMAGE_SIDE, or W * H over
 * TLY_MAX_MAP_PIXELS) or TLY_ENOMEM.
 */
TLY_EXTERN int tly_labelmap_encode(tly_labelmap *out, const uint32_t *px, uint32_t w, uint32_t h);

/*
 * Decode M into PX (LEN values, the caller's), row-major. TLY_EARG when LEN
 * is not w * h or the runs do not sum to it (PX may be partly written).
 * No allocation.
 */
TLY_EXTERN int tly_labelmap_decode(uint32_t *px, size_t len, const tly_labelmap *m);

/*
 * The stored form of M: a byte string of little-endian uint32 pairs
 * (value, len), one per run, preceded by w and h (also uint32 LE). *out is
 * the caller's (free with free()), *len its size. 0, TLY_ENOMEM or TLY_ELIMIT.
 */
TLY_EXTERN int tly_labelmap_to_blob(uint8_t **out, size_t *len, const tly_labelmap *m);

/*
 * Parse the stored form (LEN bytes of BLOB) into *out (as tly_labelmap_encode).
 * TLY_EINPUT when the length is not 8 + 8k bytes, a run has length 0, or
 * the runs do not sum to w * h; TLY_ELIMIT for w, h or w * h over the caps,
 * checked before allocating. The message starts with WHAT.
 */
TLY_EXTERN int tly_labelmap_from_blob(tly_labelmap *out, const uint8_t *blob, size_t len,
				      const char *what);

/*
 * Replace every value v of M by MAP[v] (v < N) in place; TLY_LABEL_IGNORE
 * stays. TLY_EINPUT naming the value when some v >= N and is not
 * TLY_LABEL_IGNORE (M may then be partly rewritten). Neighbouring runs
 * that become equal are not merged.
 */
TLY_EXTERN int tly_labelmap_remap(tly_labelmap *m, const uint32_t *map, size_t n);

/* Pixels of M whose value is V. */
TLY_EXTERN uint64_t tly_labelmap_count(const tly_labelmap *m, uint32_t v);

#endif
