/*
 * Annotator pair statistics of a run (SPEC §6): for every pair a < b of
 * annotators with a non-gold submission, objects F1 = 2tp/(n_a+n_b) over
 * the images both drew on (1 when both drew nothing there, NaN with no
 * shared image) and Cohen's kappa over the images both labelled: nominal
 * on the label single-label, on the summed 2x2 presence table multi-label.
 * Sums run in image order. Checked by tests/run/test_pairs.c.
 */
#include <math.h>
#include <string.h>

#include "run/pairs.h"
#include "tally/error.h"
#include "util/alloc.h"

typedef struct {
	size_t p;            /* annotators taking part */
	uint32_t *rank;      /* [n_annotators]: rank among them, UINT32_MAX if none */
	size_t *first;       /* single-label: [n_pairs + 1] item offsets */
	uint32_t *la, *lb;   /* single-label: the items, grouped by pair */
	uint64_t *table;     /* multi-label: [n_pairs * 4] summed presence tables */
	uint64_t *rows, *cols; /* [n_categories] kappa scratch */
} pair_work;

static size_t pair_index(const pair_work *w, uint32_t a, uint32_t b)
{
	size_t i = w->rank[a], j = w->rank[b];

	return i * (2 * w->p - i - 1) / 2 + (j - i - 1);
}

static void work_clear(pair_work *w)
{
	tly_free(w->rank);
	tly_free(w->first);
	tly_free(w->la);
	tly_free(w->lb);
	tly_free(w->table);
	tly_free(w->rows);
	tly_free(w->cols);
}

/* Rank the annotators that did any non-gold work and lay out the pairs. */
static int lay_out(tly_result *r, pair_work *w)
{
	size_t j, k, n_pairs, at = 0;

	w->rank = tly_calloc(r->n_annotators ? r->n_annotators : 1, sizeof(*w->rank));
	if (!w->rank)
		return TLY_ENOMEM;
	for (j = 0; j < r->n_annotators; j++)
		w->rank[j] = r->annotators[j].images_done ? (uint32_t)w->p++ : UINT32_MAX;
	if (w->p < 2)
		return 0;
	if (tly_mul_size(&n_pairs, w->p, w->p - 1) < 0)
		return TLY_ELIMIT;
	n_pairs /= 2;
	r->pairs = tly_calloc(n_pairs, sizeof(*r->pairs));
	if (!r->pairs)
		return TLY_ENOMEM;
	r->n_pairs = n_pairs;
	for (j = 0; j < r->n_annotators; j++) {
		if (w->rank[j] == UINT32_MAX)
			continue;
		for (k = j + 1; k < r->n_annotators; k++) {
			if (w->rank[k] == UINT32_MAX)
				continue;
			r->pairs[at].a = (uint32_t)j;
			r->pairs[at].b = (uint32_t)k;
			r->pairs[at].f1 = NAN;
			r->pairs[at].kappa = NAN;
			at++;
		}
	}
	return 0;
}

/* Objects sums, kappa item counts, and (multi-label) the presence tables. */
static int sum_images(tly_result *r, pair_work *w, const tly_run_space *s, int multi)
{
	size_t i, j, n_pairs = r->n_pairs;

	if (multi)
		w->table = tly_calloc(n_pairs, 4 * sizeof(*w->table));
	else
		w->first = tly_calloc(n_pairs + 1, sizeof(*w->first));
	if (multi ? !w->table : !w->first)
		return TLY_ENOMEM;
	for (i = 0; i < s->n_images; i++) {
		const tly_agree_image_result *x = &s->slots[i];

		for (j = 0; j < x->n_pairs; j++) {
			const tly_agree_pair *c = &x->pairs[j];
			size_t at = pair_index(w, c->a, c->b);
			tly_pair_stats *p = &r->pairs[at];

			if (c->objects) {
				p->images++;
				p->tp += c->tp;
				p->n_a += c->n_a;
				p->n_b += c->n_b;
			}
			if (!c->labels)
				continue;
			if (multi) {
				w->table[at * 4 + 0] += c->table[0];
				w->table[at * 4 + 1] += c->table[1];
				w->table[at * 4 + 2] += c->table[2];
				w->table[at * 4 + 3] += c->table[3];
				p->kappa_items += c->table[0] + c->table[1] + c->table[2] + c->table[3];
			} else {
				p->kappa_items++;
				w->first[at + 1]++;
			}
		}
	}
	return 0;
}

/* Single-label: gather each pair's (label_a, label_b) items, in image order. */
static int gather_items(const tly_result *r, pair_work *w, const tly_run_space *s, size_t n_categories)
{
	size_t i, j, total, n_pairs = r->n_pairs;
	size_t *next;

	for (i = 0; i < n_pairs; i++)
		w->first[i + 1] += w->first[i];
	total = w->first[n_pairs];
	w->la = tly_calloc(total ? total : 1, sizeof(*w->la));
	w->lb = tly_calloc(total ? total : 1, sizeof(*w->lb));
	w->rows = tly_calloc(n_categories ? n_categories : 1, sizeof(*w->rows));
	w->cols = tly_calloc(n_categories ? n_categories : 1, sizeof(*w->cols));
	next = tly_calloc(n_pairs, sizeof(*next));
	if (!w->la || !w->lb || !w->rows || !w->cols || !next) {
		tly_free(next);
		return TLY_ENOMEM;
	}
	memcpy(next, w->first, n_pairs * sizeof(*next));
	for (i = 0; i < s->n_images; i++) {
		const tly_agree_image_result *x = &s->slots[i];

		for (j = 0; j < x->n_pairs; j++) {
			const tly_agree_pair *c = &x->pairs[j];
			size_t at;

			if (!c->labels)
				continue;
			at = next[pair_index(w, c->a, c->b)]++;
			w->la[at] = c->label_a;
			w->lb[at] = c->label_b;
		}
	}
	tly_free(next);
	return 0;
}

static void finish(tly_result *r, const pair_work *w, int multi)
{
	size_t i;

	for (i = 0; i < r->n_pairs; i++) {
		tly_pair_stats *p = &r->pairs[i];

		if (p->images)
			p->f1 = p->n_a + p->n_b ? 2.0 * (double)p->tp / (double)(p->n_a + p->n_b) : 1.0;
		if (multi)
			p->kappa = tly_agree_kappa(w->table + i * 4, 2);
		else
			p->kappa = tly_agree_kappa_labels(w->la + w->first[i], w->lb + w->first[i],
							  w->first[i + 1] - w->first[i], w->rows, w->cols);
	}
}

int tly_run__reduce_pairs(tly_result *r, const tly_run_space *s, const tly_agree_context *ctx)
{
	pair_work w;
	int error = 0;

	memset(&w, 0, sizeof(w));
	if ((error = lay_out(r, &w)) < 0 || r->n_pairs == 0)
		goto out;
	if ((error = sum_images(r, &w, s, ctx->multi)) < 0)
		goto out;
	if (!ctx->multi && (error = gather_items(r, &w, s, ctx->n_categories)) < 0)
		goto out;
	finish(r, &w, ctx->multi);
out:
	work_clear(&w);
	if (error == TLY_ENOMEM)
		error = tly_error_set(TLY_ENOMEM, "run: out of memory for annotator pairs");
	else if (error == TLY_ELIMIT)
		error = tly_error_set(TLY_ELIMIT, "run: too many annotator pairs");
	return error;
}
