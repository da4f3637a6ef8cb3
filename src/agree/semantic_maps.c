/*
 * An image's label maps as the semantic vote reads them: which maps count
 * (the size rule of tally/semantic.h), their checks, decoding them into
 * segments a chunk at a time from their runs, and building the consensus
 * back into runs. The workspace's life is here too. Checked by
 * tests/agree/test_semantic.c.
 */
#include <string.h>

#include "agree/semantic.h"
#include "util/alloc.h"
#include "util/limits.h"

int tly_semantic_workspace_new(tly_semantic_workspace **out)
{
	if (!out)
		return TLY_EARG;
	*out = tly_calloc(1, sizeof(**out));
	return *out ? 0 : TLY_ENOMEM;
}

#define FREE_ARRAY(a) tly_free((void *)(a).v)

void tly_semantic_workspace_free(tly_semantic_workspace *ws)
{
	if (!ws)
		return;
	FREE_ARRAY(ws->voters);
	FREE_ARRAY(ws->cur);
	FREE_ARRAY(ws->px);
	FREE_ARRAY(ws->seg);
	FREE_ARRAY(ws->rows);
	FREE_ARRAY(ws->vote);
	FREE_ARRAY(ws->conf);
	FREE_ARRAY(ws->scratch);
	FREE_ARRAY(ws->map_runs.value);
	FREE_ARRAY(ws->map_runs.len);
	FREE_ARRAY(ws->conf_runs.value);
	FREE_ARRAY(ws->conf_runs.len);
	FREE_ARRAY(ws->post);
	FREE_ARRAY(ws->present);
	FREE_ARRAY(ws->zero);
	FREE_ARRAY(ws->rates);
	FREE_ARRAY(ws->vclass);
	FREE_ARRAY(ws->inter);
	FREE_ARRAY(ws->tally);
	FREE_ARRAY(ws->acc);
	FREE_ARRAY(ws->kcount);
	FREE_ARRAY(ws->ktouched);
	FREE_ARRAY(ws->kclass);
	FREE_ARRAY(ws->counts);
	FREE_ARRAY(ws->audits);
	FREE_ARRAY(ws->pairs);
	FREE_ARRAY(ws->pair_classes);
	tly_free(ws);
}

/* The size every kept map must have (tally/semantic.h). */
static void image_size(uint32_t *w, uint32_t *h, const tly_image *im)
{
	size_t i;

	if (im->width > 0 && im->height > 0) {
		*w = (uint32_t)im->width;
		*h = (uint32_t)im->height;
		return;
	}
	*w = im->maps[0].map.w;
	*h = im->maps[0].map.h;
	for (i = 0; i < im->n_maps; i++) {
		if (!im->maps[i].gold) {
			*w = im->maps[i].map.w;
			*h = im->maps[i].map.h;
			return;
		}
	}
}

/*
 * Check M's runs against the image: they are not empty, cover exactly npix
 * pixels and hold category indices below N_CATEGORIES (or ignore). Raises
 * *max_cat to 1 + the largest category used.
 */
static int check_map(const tly_labelmap *m, size_t npix, size_t n_categories, uint32_t *max_cat,
		     const char **why)
{
	uint64_t sum = 0;
	size_t i;

	if (m->n && (!m->value || !m->len)) {
		*why = "label map without runs";
		return TLY_EARG;
	}
	for (i = 0; i < m->n; i++) {
		uint32_t v = m->value[i];

		if (m->len[i] == 0) {
			*why = "label map run of length 0";
			return TLY_EARG;
		}
		sum += m->len[i];
		if (v == TLY_LABEL_IGNORE)
			continue;
		if (v >= n_categories) {
			*why = "label map value is not a category index";
			return TLY_EARG;
		}
		if (v + 1 > *max_cat)
			*max_cat = v + 1;
	}
	if (sum != (uint64_t)npix) {
		*why = "label map runs do not sum to its size";
		return TLY_EARG;
	}
	return 0;
}

/* Whether MS is kept; checks its annotator and runs when it is. */
static int keep(int *kept, tly_semantic_workspace *ws, const tly_agree_context *ctx,
		const tly_map_submission *ms, const char **why)
{
	*kept = ms->map.w == ws->w && ms->map.h == ws->h;
	if (!*kept) {
		ws->skipped++;
		return 0;
	}
	if ((uint64_t)ws->w * ws->h > TLY_MAX_MAP_PIXELS) {
		*why = "label map over TLY_MAX_MAP_PIXELS";
		return TLY_ELIMIT;
	}
	if (ms->annotator >= ctx->n_annotators) {
		*why = "label map annotator out of range";
		return TLY_EARG;
	}
	return check_map(&ms->map, ws->npix, ctx->n_categories, &ws->ncat, why);
}

int tly_semantic__select(tly_semantic_workspace *ws, const tly_agree_context *ctx,
			 const tly_image *im, const char **why)
{
	size_t i;
	int kept, error;

	ws->voters.n = 0;
	ws->gold = NULL;
	ws->w = ws->h = 0;
	ws->npix = 0;
	ws->ncat = 0;
	ws->skipped = 0;
	ws->panoptic = 0;
	if (im->n_maps == 0)
		return 0;
	if (!im->maps) {
		*why = "image has maps but no map array";
		return TLY_EARG;
	}
	image_size(&ws->w, &ws->h, im);
	/* a size over the cap is an error only if some map has it (keep() checks) */
	if ((uint64_t)ws->w * ws->h <= TLY_MAX_MAP_PIXELS)
		ws->npix = (size_t)ws->w * ws->h;
	for (i = 0; i < im->n_maps; i++) {
		const tly_map_submission *ms = &im->maps[i];

		if ((error = keep(&kept, ws, ctx, ms, why)) < 0)
			return error;
		if (!kept)
			continue;
		if (ms->gold) {
			if (!ws->gold || ms->annotator < ws->gold->annotator)
				ws->gold = ms;
			continue;
		}
		/* the dataset keeps maps by (annotator, gold): voters come out ascending */
		if (ws->voters.n && ws->voters.v[ws->voters.n - 1]->annotator >= ms->annotator) {
			*why = "non-gold label maps not by ascending annotator (or two of one annotator)";
			return TLY_EARG;
		}
		if (TLY_AGREE_PUSH(&ws->voters, ms) < 0) {
			*why = "out of memory";
			return TLY_ENOMEM;
		}
		ws->panoptic |= ms->panoptic != 0;
	}
	return 0;
}

int tly_semantic__start(tly_semantic_workspace *ws, size_t n_rows)
{
	size_t nv = ws->voters.n, total, i;

	if (tly_mul_size(&total, n_rows, TLY_SEMANTIC_CHUNK) < 0)
		return TLY_ELIMIT;
	if (TLY_AGREE_RESERVE(&ws->px, total) < 0 || TLY_AGREE_RESERVE(&ws->cur, n_rows) < 0 ||
	    TLY_AGREE_RESERVE(&ws->rows, nv) < 0 || TLY_AGREE_RESERVE(&ws->seg, TLY_SEMANTIC_CHUNK) < 0 ||
	    TLY_AGREE_RESERVE(&ws->vote, TLY_SEMANTIC_CHUNK) < 0 ||
	    TLY_AGREE_RESERVE(&ws->conf, TLY_SEMANTIC_CHUNK) < 0 ||
	    TLY_AGREE_RESERVE(&ws->scratch, 2 * nv) < 0)
		return TLY_ENOMEM;
	for (i = 0; i < n_rows; i++) {
		ws->cur.v[i].map = i < nv ? &ws->voters.v[i]->map : &ws->gold->map;
		ws->cur.v[i].run = 0;
		ws->cur.v[i].off = 0;
	}
	for (i = 0; i < nv; i++)
		ws->rows.v[i] = ws->px.v + i * TLY_SEMANTIC_CHUNK;
	ws->done = 0;
	return 0;
}

/*
 * The maps' runs were checked to be non-empty and to cover npix pixels, so
 * every segment has length >= 1 and the cursors end together.
 */
size_t tly_semantic__fill(tly_semantic_workspace *ws, size_t n_rows)
{
	tly_semantic_cursor *cur = ws->cur.v;
	size_t k, i;

	for (k = 0; k < TLY_SEMANTIC_CHUNK && ws->done < ws->npix; k++) {
		uint32_t len = UINT32_MAX;

		for (i = 0; i < n_rows; i++) {
			uint32_t left = cur[i].map->len[cur[i].run] - cur[i].off;

			if (left < len)
				len = left;
		}
		for (i = 0; i < n_rows; i++) {
			tly_semantic_cursor *c = &cur[i];

			ws->px.v[i * TLY_SEMANTIC_CHUNK + k] = c->map->value[c->run];
			c->off += len;
			if (c->off == c->map->len[c->run]) {
				c->run++;
				c->off = 0;
			}
		}
		ws->seg.v[k] = len;
		ws->done += len;
	}
	return k;
}

void tly_semantic__runs_reset(tly_semantic_runs *r)
{
	r->value.n = r->len.n = 0;
}

/* Append COUNT pixels of value V (a map's pixels fit a run length: TLY_MAX_MAP_PIXELS < 2^32). */
static int push(tly_semantic_runs *r, uint32_t v, uint32_t count)
{
	if (r->value.n && r->value.v[r->value.n - 1] == v) {
		r->len.v[r->len.n - 1] += count;
		return 0;
	}
	if (TLY_AGREE_PUSH(&r->value, v) < 0 || TLY_AGREE_PUSH(&r->len, count) < 0)
		return TLY_ENOMEM;
	return 0;
}

int tly_semantic__runs_push(tly_semantic_runs *r, const uint32_t *v, const uint32_t *len, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (push(r, v[i], len[i]) < 0)
			return TLY_ENOMEM;
	return 0;
}

int tly_semantic__runs_push8(tly_semantic_runs *r, const uint8_t *conf, const uint32_t *len, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (push(r, conf[i], len[i]) < 0)
			return TLY_ENOMEM;
	return 0;
}

int tly_semantic__runs_copy(tly_labelmap *out, const tly_semantic_runs *r, uint32_t w, uint32_t h)
{
	size_t n = r->value.n;

	tly_labelmap_init(out);
	/* at least one element, as tly_labelmap_encode allocates, so a 0 x 0 map owns arrays too */
	out->value = tly_reallocarray(NULL, n ? n : 1, sizeof(*out->value));
	out->len = tly_reallocarray(NULL, n ? n : 1, sizeof(*out->len));
	if (!out->value || !out->len) {
		tly_labelmap_clear(out);
		return TLY_ENOMEM;
	}
	if (n) {
		memcpy(out->value, r->value.v, n * sizeof(*out->value));
		memcpy(out->len, r->len.v, n * sizeof(*out->len));
	}
	out->w = w;
	out->h = h;
	out->n = n;
	return 0;
}
