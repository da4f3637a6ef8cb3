/*
 * Annotator pair statistics of a run (SPEC §6): for every pair a < b of
 * annotators who share at least one image (both submitted the same task on
 * it; pairs that never met would grow as annotators squared and say
 * nothing), objects F1 = 2tp/(n_a+n_b) over
 * the images both drew on (1 when both drew nothing there, NaN with no
 * shared image) and Cohen's kappa over the images both labelled: nominal
 * on the label single-label, on the summed 2x2 presence table multi-label.
 * Sums run in image order. Checked by tests/run/test_pairs.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run/pairs.h"
#include "tally/error.h"
#include "util/alloc.h"

typedef struct {
	uint64_t *keys;      /* [n_pairs]: a << 32 | b, ascending: r->pairs in the same order */
	size_t *first;       /* single-label: [n_pairs + 1] item offsets */
	uint32_t *la, *lb;   /* single-label: the items, grouped by pair */
	uint64_t *table;     /* multi-label: [n_pairs * 4] summed presence tables */
	uint64_t *rows, *cols; /* [n_categories] kappa scratch */
} pair_work;

static uint64_t pair_key(uint32_t a, uint32_t b)
{
	return (uint64_t)a << 32 | b;
}

/* Position of (a, b) in the laid-out pairs; it is there by construction. */
static size_t pair_index(const pair_work *w, size_t n_pairs, uint32_t a, uint32_t b)
{
	uint64_t key = pair_key(a, b);
	size_t lo = 0, hi = n_pairs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->keys[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int cmp_key(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return (a > b) - (a < b);
}

static void work_clear(pair_work *w)
{
	tly_free(w->keys);
	tly_free(w->first);
	tly_free(w->la);
	tly_free(w->lb);
	tly_free(w->table);
	tly_free(w->rows);
	tly_free(w->cols);
}

/* The pairs that met on some image, in (a, b) order. */
static int lay_out(tly_result *r, pair_work *w, const tly_run_space *s)
{
	size_t i, j, total = 0, n = 0;

	for (i = 0; i < s->n_images; i++)
		if (tly_add_size(&total, total, s->slots[i].n_pairs) < 0)
			return TLY_ELIMIT;
	if (total == 0)
		return 0;
	w->keys = tly_calloc(total, sizeof(*w->keys));
	if (!w->keys)
		return TLY_ENOMEM;
	for (i = 0; i < s->n_images; i++)
		for (j = 0; j < s->slots[i].n_pairs; j++)
			w->keys[n++] = pair_key(s->slots[i].pairs[j].a, s->slots[i].pairs[j].b);
	qsort(w->keys, n, sizeof(*w->keys), cmp_key);
	for (i = j = 0; i < n; i++)
		if (j == 0 || w->keys[i] != w->keys[j - 1])
			w->keys[j++] = w->keys[i];
	r->pairs = tly_calloc(j, sizeof(*r->pairs));
	if (!r->pairs)
		return TLY_ENOMEM;
	r->n_pairs = j;
	for (i = 0; i < j; i++) {
		r->pairs[i].a = (uint32_t)(w->keys[i] >> 32);
		r->pairs[i].b = (uint32_t)w->keys[i];
		r->pairs[i].f1 = NAN;
		r->pairs[i].kappa = NAN;
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
			size_t at = pair_index(w, n_pairs, c->a, c->b);
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
			at = next[pair_index(w, n_pairs, c->a, c->b)]++;
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
	if ((error = lay_out(r, &w, s)) < 0 || r->n_pairs == 0)
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
