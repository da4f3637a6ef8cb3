/*
 * Column-major COCO runs built as pixels arrive (SPEC §7: the first run is
 * background and may be empty), so a mask crop on a huge image never needs
 * the image's pixels in memory. Tested through tests/ingest/test_labelme_mask.c
 * and test_coco_panoptic.c, which decode the result pixel by pixel.
 */
#include "geom/rle.h"
#include "ingest/mask_runs.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"

static void close_run(tly_ingest__runs *r)
{
	if (r->error)
		return;
	if (r->open > UINT32_MAX) {
		r->error = tly_error_set(TLY_ELIMIT, "a mask run of %llu pixels is over 2^32 - 1",
					 (unsigned long long)r->open);
		return;
	}
	if (TLY_VEC_PUSH(&r->runs, (int64_t)r->open) < 0)
		r->error = TLY_ENOMEM;
}

void tly_ingest__runs_add(tly_ingest__runs *r, int v, uint64_t k)
{
	v = v != 0;
	if (r->error || k == 0)
		return;
	if (v != r->cur) {
		close_run(r);
		r->cur = v;
		r->open = 0;
	}
	r->open += k;
	r->pos += k;
}

void tly_ingest__runs_clear(tly_ingest__runs *r)
{
	TLY_VEC_CLEAR(&r->runs);
	r->cur = 0;
	r->open = 0;
	r->pos = 0;
	r->error = 0;
}

int tly_ingest__runs_finish(tly_rle *out, tly_ingest__runs *r, int64_t h, int64_t w)
{
	uint64_t area = (uint64_t)h * (uint64_t)w;
	int error;

	tly_rle_init(out);
	if (!r->error && r->pos > area)
		r->error = tly_error_set(TLY_EARG, "mask runs: %llu pixels added to a %lldx%lld mask",
					 (unsigned long long)r->pos, (long long)w, (long long)h);
	if (!r->error)
		tly_ingest__runs_add(r, 0, area - r->pos);
	close_run(r);
	if ((error = r->error) == 0)
		error = tly_rle_from_counts(out, h, w, r->runs.items, r->runs.count);
	tly_ingest__runs_clear(r);
	return error;
}

int tly_ingest__add_mask_object(tly_batch *b, size_t sub, const char *label, const tly_rle *r,
				int iscrowd, const char *ref)
{
	tly_buf json = TLY_BUF_INIT;
	tly_geometry geom;
	int error;

	tly_buf_puts(&json, "{\"segmentation\":");
	tly_rle__put_coco_json(&json, r);
	tly_buf_putc(&json, '}');
	if ((error = json.error) == 0) {
		geom.kind = TLY_GEOM_MASK;
		geom.box = tly_rle_bbox(r);
		geom.rle = NULL;
		error = tly_batch_add_object(b, sub, label, &geom, iscrowd, ref, json.ptr);
	}
	tly_buf_clear(&json);
	return error;
}
