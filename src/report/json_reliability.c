/*
 * report.json's reliability keys (issue 4), present only when the run's
 * rules weigh votes: annotators[].reliability = {"model", "labels",
 * "accuracy", "confusion" (dawid-skene: {true label: {given label: p}}),
 * "staple" ({"sensitivity", "specificity", "clusters"}, when the run voted
 * a mask cluster by STAPLE), "staple_classes" (when label maps were voted by
 * STAPLE: per class {"class", "images", "pixels_in", "sensitivity",
 * "pixels_out", "specificity"})} and statistics.reliability = the model's
 * classes with their prior, its EM figures and the STAPLE fallbacks.
 * Checked by tests/report/test_reliability.c.
 */
#include <inttypes.h>
#include <math.h>

#include "report/json.h"
#include "report/reliability.h"
#include "util/rows.h"

const char *tly_report__model_name(tly_weights_policy w)
{
	switch (w) {
	case TLY_WEIGHTS_GOLD: return "gold";
	case TLY_WEIGHTS_DAWID_SKENE: return "dawid-skene";
	case TLY_WEIGHTS_ONE_COIN: return "one-coin";
	default: return "equal";
	}
}

int tly_report__any_staple(const tly_result *r)
{
	size_t i;

	if (r->staple_fallbacks)
		return 1;
	for (i = 0; i < r->n_reliability; i++)
		if (r->reliability[i].staple_clusters)
			return 1;
	return 0;
}

size_t tly_report__staple_rates_of(const tly_result *r, uint32_t annotator, size_t *end)
{
	/* rows are by (annotator, category) */
	return TLY_ROWS_FIND(r->map_staple_rates, r->n_map_staple_rates, tly_map_staple_rate, annotator,
			     annotator, end);
}

/* `,"staple_classes":[...]` of ANNOTATOR, or nothing when the run has no such rows. */
static void put_staple_classes(tly_buf *b, const tly_report__view *v, uint32_t annotator)
{
	const tly_result *r = v->r;
	size_t i, end, first;

	if (r->n_map_staple_rates == 0)
		return;
	first = tly_report__staple_rates_of(r, annotator, &end);
	tly_buf_puts(b, ",\"staple_classes\":[");
	for (i = first; i < end; i++) {
		const tly_map_staple_rate *x = &r->map_staple_rates[i];

		tly_buf_puts(b, i > first ? ",{\"class\":" : "{\"class\":");
		tly_report__json_str(b, tly_report__category(v, x->category));
		tly_buf_printf(b, ",\"images\":%u,\"pixels_in\":%" PRIu64, x->images, x->pixels_in);
		tly_report__json_num(b, ",\"sensitivity\":", x->sensitivity);
		tly_buf_printf(b, ",\"pixels_out\":%" PRIu64, x->pixels_out);
		tly_report__json_num(b, ",\"specificity\":", x->specificity);
		tly_buf_putc(b, '}');
	}
	tly_buf_putc(b, ']');
}

/* {true label: {given label: p}} of annotator A's matrix. */
static void put_confusion(tly_buf *b, const tly_report__view *v, size_t a)
{
	const tly_result *r = v->r;
	size_t k = r->n_weight_classes, t, g;

	tly_buf_putc(b, '{');
	for (t = 0; t < k; t++) {
		if (t)
			tly_buf_putc(b, ',');
		tly_report__json_str(b, tly_report__category(v, r->weight_classes[t]));
		tly_buf_puts(b, ":{");
		for (g = 0; g < k; g++) {
			if (g)
				tly_buf_putc(b, ',');
			tly_report__json_str(b, tly_report__category(v, r->weight_classes[g]));
			tly_report__json_num(b, ":", r->weight_confusion[(a * k + t) * k + g]);
		}
		tly_buf_putc(b, '}');
	}
	tly_buf_putc(b, '}');
}

void tly_report__json_annotator_reliability(tly_buf *b, const tly_report__view *v, uint32_t annotator)
{
	const tly_result *r = v->r;
	const tly_reliability *a;

	if (annotator >= r->n_reliability)
		return;
	a = &r->reliability[annotator];
	tly_buf_printf(b, ",\"reliability\":{\"model\":\"%s\",\"labels\":%" PRIu64,
		       tly_report__model_name(r->weights), a->labels);
	tly_report__json_num(b, ",\"accuracy\":", a->accuracy);
	if (r->weights == TLY_WEIGHTS_DAWID_SKENE && r->weight_confusion) {
		tly_buf_puts(b, ",\"confusion\":");
		put_confusion(b, v, annotator);
	}
	if (tly_report__any_staple(r)) {
		tly_report__json_num(b, ",\"staple\":{\"sensitivity\":", a->staple_sensitivity);
		tly_report__json_num(b, ",\"specificity\":", a->staple_specificity);
		tly_buf_printf(b, ",\"clusters\":%u}", a->staple_clusters);
	}
	put_staple_classes(b, v, annotator);
	tly_buf_putc(b, '}');
}

void tly_report__json_statistics_reliability(tly_buf *b, const tly_report__view *v)
{
	const tly_result *r = v->r;
	int em = r->weights == TLY_WEIGHTS_DAWID_SKENE || r->weights == TLY_WEIGHTS_ONE_COIN;
	size_t c;

	if (r->n_reliability == 0)
		return;
	tly_buf_printf(b, ",\"reliability\":{\"model\":\"%s\",\"items\":%" PRIu64,
		       tly_report__model_name(r->weights), r->weight_items);
	if (em) {
		tly_buf_printf(b, ",\"iterations\":%u,\"converged\":%s", r->em_iterations,
			       r->em_converged ? "true" : "false");
		tly_report__json_num(b, ",\"log_likelihood\":", r->em_log_likelihood);
	} else {
		tly_buf_puts(b, ",\"iterations\":null,\"converged\":null,\"log_likelihood\":null");
	}
	tly_buf_puts(b, ",\"prior\":{");
	for (c = 0; c < r->n_weight_classes; c++) {
		if (c)
			tly_buf_putc(b, ',');
		tly_report__json_str(b, tly_report__category(v, r->weight_classes[c]));
		tly_report__json_num(b, ":", r->weight_prior[c]);
	}
	tly_buf_printf(b, "},\"staple_fallbacks\":%" PRIu64 "}", r->staple_fallbacks);
}
