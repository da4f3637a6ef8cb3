/*
 * report.json: the document frame and its run, summary and statistics
 * sections. Layout: the seven top-level keys in SPEC §6 order, one record
 * per line in the tables, compact records (10k images stay a few MB).
 * Golden output: fixtures/report/sample.json, tests/report/test_json.c.
 */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "tally/error.h"
#include "report/json.h"
#include "report/reliability.h"

void tly_report__json_str(tly_buf *b, const char *s)
{
	if (s)
		tly_buf_put_json_string(b, s);
	else
		tly_buf_puts(b, "null");
}

void tly_report__json_num(tly_buf *b, const char *prefix, double v)
{
	tly_buf_puts(b, prefix);
	tly_buf_put_json_number(b, v);
}

void tly_report__json_row(tly_buf *b, size_t i)
{
	tly_buf_puts(b, i ? ",\n    " : "[\n    ");
}

void tly_report__json_end_table(tly_buf *b, size_t n)
{
	tly_buf_puts(b, n ? "\n  ]" : "[]");
}

/*
 * The run's rules are embedded as an object. They are canonical JSON
 * already, so the text is spliced in; parsing it first guarantees the
 * report stays valid JSON even when a store held something else.
 */
static int put_rules(tly_buf *b, const char *text)
{
	cJSON *doc;

	if (!text || !*text) {
		tly_buf_puts(b, "null");
		return 0;
	}
	doc = cJSON_ParseWithOpts(text, NULL, 1);
	if (!doc || !cJSON_IsObject(doc)) {
		cJSON_Delete(doc);
		return tly_error_set(TLY_EARG, "report: the run's rules are not a JSON object");
	}
	cJSON_Delete(doc);
	tly_buf_puts(b, text);
	return 0;
}

static int put_run(tly_buf *b, const tly_report__view *v)
{
	const tly_result *r = v->r;
	int error;

	tly_buf_puts(b, "{\"id\":");
	if (r->run_id > 0)
		tly_buf_printf(b, "%" PRId64, r->run_id);
	else
		tly_buf_puts(b, "null"); /* not saved in a store */
	tly_buf_puts(b, ",\"created_at\":");
	tly_report__json_str(b, r->created_at);
	tly_buf_puts(b, ",\"rules\":");
	if ((error = put_rules(b, r->rules_json)) < 0)
		return error;
	tly_buf_puts(b, ",\"rules_sha256\":");
	tly_report__json_str(b, r->rules_sha256[0] ? r->rules_sha256 : NULL);
	tly_buf_printf(b, ",\"threads\":%d", r->threads);
	tly_report__json_num(b, ",\"seconds\":{\"load\":", r->seconds_load);
	tly_report__json_num(b, ",\"compute\":", r->seconds_compute);
	tly_report__json_num(b, ",\"save\":", r->seconds_save);
	tly_buf_puts(b, "}}");
	return 0;
}

static void put_summary(tly_buf *b, const tly_report__view *v)
{
	const tly_dataset *ds = v->ds;
	const tly_result *r = v->r;

	tly_buf_printf(b, "{\"images\":%zu,\"annotators\":%zu,\"categories\":%zu",
		       ds->n_images, ds->n_annotators, tly_dataset_n_listed_categories(ds));
	tly_buf_printf(b, ",\"submissions\":%" PRIu64 ",\"objects\":%" PRIu64,
		       v->submissions, v->objects);
	tly_buf_printf(b, ",\"consensus_objects\":%zu,\"consensus_labels\":%zu,\"flagged_images\":%zu",
		       r->n_cons_objects, r->n_cons_tags, v->flagged);
	tly_buf_printf(b, ",\"conflicts\":{\"missing\":%zu,\"extra\":%zu,\"label_mismatch\":%zu"
		       ",\"low_overlap\":%zu,\"tie\":%zu",
		       v->by_kind[TLY_CONFLICT_MISSING], v->by_kind[TLY_CONFLICT_EXTRA],
		       v->by_kind[TLY_CONFLICT_LABEL_MISMATCH], v->by_kind[TLY_CONFLICT_LOW_OVERLAP],
		       v->by_kind[TLY_CONFLICT_TIE]);
	/* attributes are optional: the key only when a run found such conflicts */
	if (v->by_kind[TLY_CONFLICT_MISMATCHING_ATTRIBUTES])
		tly_buf_printf(b, ",\"mismatching_attributes\":%zu",
			       v->by_kind[TLY_CONFLICT_MISMATCHING_ATTRIBUTES]);
	tly_buf_putc(b, '}');
	tly_report__json_num(b, ",\"mean_agreement\":", v->mean_agreement);
	tly_buf_printf(b, ",\"consensus_maps\":%zu", v->r->n_cons_maps);
	tly_report__json_num(b, ",\"mean_agreement_maps\":", v->seg.mean_agreement_maps);
	tly_buf_putc(b, '}');
}

/*
 * A run-wide statistic: {"value", "ci95" [lo, hi] or null, "n"}; undefined
 * is null, never NaN, and so is anything computed from no unit (n = 0).
 */
void tly_report__json_stat(tly_buf *b, const char *key, const tly_stat *t)
{
	tly_buf_printf(b, ",\"%s\":", key);
	tly_report__json_num(b, "{\"value\":", t->n ? t->value : NAN);
	if (t->n && isfinite(t->ci95[0]) && isfinite(t->ci95[1])) {
		tly_report__json_num(b, ",\"ci95\":[", t->ci95[0]);
		tly_report__json_num(b, ",", t->ci95[1]);
		tly_buf_putc(b, ']');
	} else {
		tly_buf_puts(b, ",\"ci95\":null");
	}
	tly_buf_printf(b, ",\"n\":%zu}", t->n);
}

static void put_statistics(tly_buf *b, const tly_report__view *v)
{
	tly_report__json_num(b, "{\"mean_pair_f1\":", v->mean_pair_f1);
	tly_report__json_num(b, ",\"mean_pair_kappa\":", v->mean_pair_kappa);
	tly_report__json_num(b, ",\"mean_iou\":", v->mean_iou);
	tly_report__json_stat(b, "fleiss_kappa", &v->r->fleiss_kappa);
	tly_report__json_stat(b, "krippendorff_alpha", &v->r->krippendorff_alpha);
	/* only when the rules order the labels: runs without an order keep their bytes */
	if (v->r->labels_ordered) {
		tly_report__json_stat(b, "krippendorff_alpha_ordinal", &v->r->krippendorff_alpha_ordinal);
		tly_report__json_stat(b, "krippendorff_alpha_interval", &v->r->krippendorff_alpha_interval);
	}
	tly_report__json_stat(b, "krippendorff_alpha_iou", &v->r->krippendorff_alpha_iou);
	/* only when the run has label maps: runs without them keep their bytes */
	if (v->r->n_cons_maps)
		tly_report__json_stat(b, "fleiss_kappa_maps", &v->r->fleiss_kappa_maps);
	tly_report__json_leaderboard(b, v);
	tly_report__json_statistics_reliability(b, v);
	tly_buf_putc(b, '}');
}

int tly_report__json(tly_buf *b, const tly_report__view *v)
{
	int error;

	tly_buf_puts(b, "{\n  \"run\": ");
	if ((error = put_run(b, v)) < 0)
		return error;
	tly_buf_puts(b, ",\n  \"summary\": ");
	put_summary(b, v);
	tly_buf_puts(b, ",\n  \"images\": ");
	tly_report__json_images(b, v);
	tly_buf_puts(b, ",\n  \"annotators\": ");
	tly_report__json_annotators(b, v);
	tly_buf_puts(b, ",\n  \"pairs\": ");
	tly_report__json_pairs(b, v);
	tly_buf_puts(b, ",\n  \"classes\": ");
	tly_report__json_classes(b, v);
	tly_buf_puts(b, ",\n  \"statistics\": ");
	put_statistics(b, v);
	tly_buf_puts(b, "\n}\n");
	return 0;
}
