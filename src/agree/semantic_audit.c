/*
 * The figures of one image's label maps (SPEC §6 as decided for issue 3):
 * per voter pair and category the intersection and union (union = the
 * pixels either gives the class, so a pixel one ignores counts in the
 * other's union only), the pair's mIoU and the image's mean of those; and
 * each voter's tp/fp/fn and pixel accuracy against its leave-one-out
 * consensus and the gold map. Checked by tests/agree/test_semantic.c.
 */
#include <math.h>
#include <string.h>

#include "agree/semantic.h"
#include "tally/vote.h"
#include "util/alloc.h"

#define IGN TLY_LABEL_IGNORE

/* *n = COUNT zeroed elements of ELEM bytes at *items (grown as tly_agree__reserve does). */
static int zeroed(void **items, size_t *cap, size_t *n, size_t count, size_t elem)
{
	if (tly_agree__reserve(items, cap, count, elem) < 0)
		return TLY_ENOMEM;
	*n = count;
	if (count)
		memset(*items, 0, count * elem);
	return 0;
}

#define ZEROED(a, count) zeroed((void **)&(a)->v, &(a)->cap, &(a)->n, (count), sizeof(*(a)->v))

int tly_semantic__counters_reset(tly_semantic_workspace *ws)
{
	size_t nv = ws->voters.n, ncat = ws->ncat, pairs = nv * (nv - 1) / 2, n_class, n_inter, n_tally;

	if (tly_mul_size(&n_class, nv, ncat) < 0 || tly_mul_size(&n_inter, pairs, ncat) < 0 ||
	    tly_mul_size(&n_tally, n_class, 2) < 0)
		return TLY_ELIMIT;
	if (ZEROED(&ws->vclass, n_class) < 0 || ZEROED(&ws->inter, n_inter) < 0 ||
	    ZEROED(&ws->tally, n_tally) < 0 || ZEROED(&ws->acc, 4 * nv) < 0)
		return TLY_ENOMEM;
	return 0;
}

/*
 * One voter's segments MINE against reference REF, N segments of lengths
 * LEN: reference ignore is skipped; equal is tp and correct; otherwise fn
 * of the reference's class and fp of the voter's (unless the voter ignores it).
 */
static void audit(tly_semantic_tally *t, uint64_t *acc, const uint32_t *mine, const uint32_t *ref,
		  const uint32_t *len, size_t n)
{
	uint64_t correct = 0, total = 0;
	size_t k;

	for (k = 0; k < n; k++) {
		uint32_t r = ref[k], v = mine[k];

		if (r == IGN)
			continue;
		total += len[k];
		if (v == r) {
			t[r].tp += len[k];
			correct += len[k];
			continue;
		}
		t[r].fn += len[k];
		if (v != IGN)
			t[v].fp += len[k];
	}
	acc[0] += correct;
	acc[1] += total;
}

/* Pixels each voter gives each class, and per pair the pixels both give the same class. */
static void count_classes(tly_semantic_workspace *ws, size_t n)
{
	const uint32_t *const *rows = ws->rows.v, *len = ws->seg.v;
	size_t nv = ws->voters.n, ncat = ws->ncat, i, j, pair = 0, k;

	for (i = 0; i < nv; i++) {
		uint64_t *vc = ws->vclass.v + i * ncat;

		for (k = 0; k < n; k++)
			if (rows[i][k] != IGN)
				vc[rows[i][k]] += len[k];
	}
	for (i = 0; i < nv; i++) {
		for (j = i + 1; j < nv; j++, pair++) {
			const uint32_t *x = rows[i], *y = rows[j];
			uint64_t *in = ws->inter.v + pair * ncat;

			for (k = 0; k < n; k++)
				if (x[k] == y[k] && x[k] != IGN)
					in[x[k]] += len[k];
		}
	}
}

void tly_semantic__audit_consensus(tly_semantic_workspace *ws, size_t a, size_t n)
{
	size_t at = a * 2 + TLY_REF_CONSENSUS;

	audit(ws->tally.v + at * ws->ncat, ws->acc.v + at * 2, ws->rows.v[a], ws->vote.v, ws->seg.v, n);
}

void tly_semantic__count_chunk(tly_semantic_workspace *ws, size_t n)
{
	const uint32_t *const *rows = ws->rows.v;
	const uint32_t *gold = ws->gold ? ws->px.v + ws->voters.n * TLY_SEMANTIC_CHUNK : NULL;
	size_t nv = ws->voters.n, ncat = ws->ncat, a;

	count_classes(ws, n);
	for (a = 0; a < nv; a++) {
		size_t at = a * 2;

		/* STAPLE's references need a whole-image fit each: semantic.c audits them after */
		if (nv >= 2 && !ws->staple) {
			/* the chunk's consensus is already in its runs: ws->vote is free again */
			tly_vote_pixels(ws->vote.v, NULL, NULL, rows, nv, a, n, ws->scratch.v);
			tly_semantic__audit_consensus(ws, a, n);
		}
		if (gold)
			audit(ws->tally.v + (at + TLY_REF_GOLD) * ncat, ws->acc.v + (at + TLY_REF_GOLD) * 2,
			      rows[a], gold, ws->seg.v, n);
	}
}

/*
 * Pair rows and the image's agreement: per pair the categories with a
 * non-empty union, the pair's mIoU over them (NaN when none), and the mean
 * of the defined pair mIoUs.
 */
static int pair_rows(tly_semantic_workspace *ws, double *agreement)
{
	size_t nv = ws->voters.n, ncat = ws->ncat, i, j, k = 0, c, defined = 0;
	double total = 0.0;

	for (i = 0; i < nv; i++) {
		for (j = i + 1; j < nv; j++, k++) {
			const uint64_t *in = ws->inter.v + k * ncat, *ci = ws->vclass.v + i * ncat,
				       *cj = ws->vclass.v + j * ncat;
			tly_map_pair pr;
			tly_semantic_pair_class row;
			double sum = 0.0;
			size_t used = 0;

			/* rows are memset so their padding, too, is the same bytes on every run */
			memset(&pr, 0, sizeof(pr));
			pr.a = ws->voters.v[i]->annotator;
			pr.b = ws->voters.v[j]->annotator;
			pr.images = 1;
			pr.miou = NAN;
			memset(&row, 0, sizeof(row));
			row.a = pr.a;
			row.b = pr.b;
			for (c = 0; c < ncat; c++) {
				row.category = (uint32_t)c;
				row.inter = in[c];
				row.uni = ci[c] + cj[c] - in[c];
				if (row.uni == 0)
					continue;
				if (TLY_AGREE_PUSH(&ws->pair_classes, row) < 0)
					return TLY_ENOMEM;
				sum += (double)row.inter / (double)row.uni;
				used++;
			}
			if (used) {
				pr.miou = sum / (double)used;
				total += pr.miou;
				defined++;
			}
			if (TLY_AGREE_PUSH(&ws->pairs, pr) < 0)
				return TLY_ENOMEM;
		}
	}
	*agreement = defined ? total / (double)defined : NAN;
	return 0;
}

/* Audit rows by (annotator, ref) and their non-zero (annotator, ref, category) counts. */
static int audit_rows(tly_semantic_workspace *ws)
{
	size_t nv = ws->voters.n, ncat = ws->ncat, a, ref, c;

	for (a = 0; a < nv; a++) {
		for (ref = 0; ref < 2; ref++) {
			const uint64_t *acc = ws->acc.v + (a * 2 + ref) * 2;
			const tly_semantic_tally *t = ws->tally.v + (a * 2 + ref) * ncat;
			tly_pixel_audit row;
			tly_pixel_counts pc;

			if (ref == TLY_REF_CONSENSUS ? nv < 2 : !ws->gold)
				continue;
			memset(&row, 0, sizeof(row));
			row.annotator = ws->voters.v[a]->annotator;
			row.ref = (tly_reference)ref;
			row.images = 1;
			row.correct = acc[0];
			row.total = acc[1];
			if (TLY_AGREE_PUSH(&ws->audits, row) < 0)
				return TLY_ENOMEM;
			memset(&pc, 0, sizeof(pc));
			pc.annotator = row.annotator;
			pc.ref = row.ref;
			for (c = 0; c < ncat; c++) {
				pc.category = (uint32_t)c;
				pc.tp = t[c].tp;
				pc.fp = t[c].fp;
				pc.fn = t[c].fn;
				if ((pc.tp | pc.fp | pc.fn) && TLY_AGREE_PUSH(&ws->counts, pc) < 0)
					return TLY_ENOMEM;
			}
		}
	}
	return 0;
}

int tly_semantic__rows(tly_semantic_workspace *ws, double *agreement)
{
	int error;

	ws->counts.n = ws->audits.n = ws->pairs.n = ws->pair_classes.n = 0;
	if ((error = pair_rows(ws, agreement)) < 0 || (error = audit_rows(ws)) < 0)
		return error;
	return 0;
}
