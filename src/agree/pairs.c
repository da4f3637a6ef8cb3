/*
 * Pair contributions of one image (SPEC §6): objects F1 parts (same-label
 * one-to-one pairs and each side's object count, without crowd regions
 * and the objects inside the other's crowd regions) when both drew on the
 * image, and the kappa items when both labelled it: one (label_a, label_b)
 * item single-label, or a 2x2 presence table over the dataset's label
 * categories multi-label; and the labels of the pair's matched objects
 * (kept while the image agreement pairs them) for kappa over objects.
 * Checked by tests/agree/test_pairs.c.
 */
#include <string.h>

#include "agree/image_agreement.h"
#include "agree/pairs.h"
#include "tally/error.h"

#define NONE UINT32_MAX

/* The kappa items of labels voters I and J. */
static int label_items(tly_agree_pair *p, const tly_agree_workspace *ws, const tly_agree_context *ctx,
		       size_t i, size_t j, const char **why)
{
	const tly_label_set *a = &ws->sets.v[i], *b = &ws->sets.v[j];
	size_t both, uni;

	p->labels = 1;
	if (!ctx->multi) {
		if (a->n != 1 || b->n != 1) {
			*why = "labels submission without exactly one label in a single-label dataset";
			return TLY_EARG;
		}
		p->label_a = a->labels[0];
		p->label_b = b->labels[0];
		return 0;
	}
	both = tly_agree__intersect(a->labels, a->n, b->labels, b->n);
	uni = a->n + b->n - both;
	if (uni > ctx->n_label_categories) {
		*why = "more labels on an image than the dataset's label categories";
		return TLY_EARG;
	}
	p->table[3] = both;
	p->table[2] = a->n - both;
	p->table[1] = b->n - both;
	p->table[0] = ctx->n_label_categories - uni;
	return 0;
}

int tly_agree__keep_label_pairs(tly_agree_workspace *ws, size_t k, const tly_match_item *a,
				const tly_match_item *r)
{
	size_t i;

	if (k == 0)
		ws->label_pairs.n = 0;
	if (TLY_AGREE_RESERVE(&ws->label_pairs_at, k + 2) < 0 ||
	    TLY_AGREE_RESERVE(&ws->label_pairs, ws->label_pairs.n + ws->n_mp) < 0)
		return TLY_ENOMEM;
	ws->label_pairs_at.v[k] = ws->label_pairs.n;
	for (i = 0; i < ws->n_mp; i++) {
		const tly_match_pair *m = &ws->mp[i];
		tly_agree_label_pair lp;

		/* crowd regions pair only with crowd regions: ignore regions, not items */
		if (a[m->a].iscrowd)
			continue;
		lp.label_a = a[m->a].label;
		lp.label_b = r[m->r].label;
		ws->label_pairs.v[ws->label_pairs.n++] = lp;
	}
	ws->label_pairs_at.v[k + 1] = ws->label_pairs.n;
	ws->label_pairs_at.n = k + 2;
	return 0;
}

int tly_agree__pairs(tly_agree_workspace *ws, const tly_agree_context *ctx, const char **why)
{
	size_t ne = ws->entries.n, i, j, nvo = ws->vobj.annotator.n;
	uint64_t *role;
	int error = 0;

	ws->pairs.n = 0;
	/* role[e]: objects voter index << 32 | labels voter index, NONE when absent */
	if (TLY_AGREE_RESERVE(&ws->keys, ne) < 0) {
		*why = "out of memory";
		return TLY_ENOMEM;
	}
	role = ws->keys.v;
	for (i = 0; i < ne; i++)
		role[i] = UINT64_MAX;
	for (i = 0; i < nvo; i++)
		role[ws->vobj.entry.v[i]] = ((uint64_t)i << 32) | (role[ws->vobj.entry.v[i]] & NONE);
	for (i = 0; i < ws->vlab.annotator.n; i++)
		role[ws->vlab.entry.v[i]] = (role[ws->vlab.entry.v[i]] & ((uint64_t)NONE << 32)) | i;
	for (i = 0; i < ne; i++) {
		for (j = i + 1; j < ne; j++) {
			uint32_t oi = (uint32_t)(role[i] >> 32), oj = (uint32_t)(role[j] >> 32);
			uint32_t li = (uint32_t)(role[i] & NONE), lj = (uint32_t)(role[j] & NONE);
			tly_agree_pair p;

			if ((oi == NONE || oj == NONE) && (li == NONE || lj == NONE))
				continue;
			memset(&p, 0, sizeof(p));
			p.a = ws->entries.v[i];
			p.b = ws->entries.v[j];
			if (oi != NONE && oj != NONE) {
				const uint64_t *t = ws->pair_tp.v + 3 * tly_agree__tri(oi, oj, nvo);

				/* counted as the image agreement counts them: crowd regions aside */
				p.objects = 1;
				p.tp = t[0];
				p.n_a = t[1];
				p.n_b = t[2];
				p.first_label_pair = ws->label_pairs_at.v[tly_agree__tri(oi, oj, nvo)];
				p.n_label_pairs = ws->label_pairs_at.v[tly_agree__tri(oi, oj, nvo) + 1] -
						  p.first_label_pair;
			}
			if (li != NONE && lj != NONE && (error = label_items(&p, ws, ctx, li, lj, why)) < 0)
				return error;
			if (TLY_AGREE_PUSH(&ws->pairs, p) < 0) {
				*why = "out of memory";
				return TLY_ENOMEM;
			}
		}
	}
	return 0;
}
