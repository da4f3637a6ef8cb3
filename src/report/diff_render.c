/*
 * tly_diff_render: a run-to-run comparison as text for a person or as JSON
 * for a pipeline. Both list the same facts; figures print with the same
 * shortest round-trip form as the JSON report, NaN as "-" / null.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "geom/box_json.h"
#include "tally/diff.h"
#include "tally/error.h"
#include "report/diff_stats.h"
#include "util/alloc.h"
#include "util/buf.h"

static const char *kind_name(tly_diff_kind k)
{
	switch (k) {
	case TLY_DIFF_ADDED:
		return "added";
	case TLY_DIFF_REMOVED:
		return "removed";
	case TLY_DIFF_RELABELLED:
		return "relabelled";
	case TLY_DIFF_MOVED:
		return "moved";
	}
	return "?";
}

static double mean_agreement(const tly_result *r)
{
	double sum = 0;
	size_t i, n = 0;

	for (i = 0; i < r->n_images; i++)
		if (!isnan(r->images[i].agreement)) {
			sum += r->images[i].agreement;
			n++;
		}
	return n ? sum / (double)n : NAN;
}

static size_t flagged(const tly_result *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->n_images; i++)
		n += r->images[i].flagged != 0;
	return n;
}

/* A figure with 3 decimals, or "-" when undefined. */
static void put_fig(tly_buf *b, double v)
{
	if (isnan(v))
		tly_buf_puts(b, "    -");
	else
		tly_buf_printf(b, "%.3f", v);
}

static const char *cat_name(const tly_dataset *ds, uint32_t c)
{
	return c < ds->n_categories ? ds->categories[c].name : "?";
}

static void text_change(tly_buf *b, const tly_diff_change *c, const tly_dataset *ds,
			const tly_result *ra, const tly_result *rb)
{
	const char *task = c->task == TLY_TASK_OBJECTS ? "object" : "label ";

	tly_buf_printf(b, "  %s  %s  %-10s  ", ds->images[c->image].name, task, kind_name(c->kind));
	if (c->task == TLY_TASK_LABELS) {
		const tly_cons_tag *t = c->a >= 0 ? &ra->cons_tags[c->a] : &rb->cons_tags[c->b];

		tly_buf_printf(b, "%s (confidence %.3f)\n", cat_name(ds, t->category), t->confidence);
		return;
	}
	if (c->kind == TLY_DIFF_ADDED || c->kind == TLY_DIFF_REMOVED) {
		const tly_cons_object *o = c->a >= 0 ? &ra->cons_objects[c->a] : &rb->cons_objects[c->b];

		tly_buf_printf(b, "%s [%g %g %g %g] (confidence %.3f)\n", cat_name(ds, o->category),
			       o->geom.box.x, o->geom.box.y, o->geom.box.w, o->geom.box.h, o->confidence);
		return;
	}
	if (c->kind == TLY_DIFF_RELABELLED)
		tly_buf_printf(b, "%s -> %s", cat_name(ds, ra->cons_objects[c->a].category),
			       cat_name(ds, rb->cons_objects[c->b].category));
	else
		tly_buf_puts(b, cat_name(ds, ra->cons_objects[c->a].category));
	tly_buf_printf(b, "  IoU %.3f\n", c->iou);
}

static void text_counts_row(tly_buf *b, const char *what, const tly_counts *x, const tly_counts *y)
{
	tly_buf_printf(b, "    %-16s F1 ", what);
	put_fig(b, tly_counts_f1(x));
	tly_buf_puts(b, " -> ");
	put_fig(b, tly_counts_f1(y));
	tly_buf_puts(b, "  precision ");
	put_fig(b, tly_counts_precision(x));
	tly_buf_puts(b, " -> ");
	put_fig(b, tly_counts_precision(y));
	tly_buf_puts(b, "  recall ");
	put_fig(b, tly_counts_recall(x));
	tly_buf_puts(b, " -> ");
	put_fig(b, tly_counts_recall(y));
	tly_buf_puts(b, "  label accuracy ");
	put_fig(b, tly_counts_label_accuracy(x));
	tly_buf_puts(b, " -> ");
	put_fig(b, tly_counts_label_accuracy(y));
	tly_buf_putc(b, '\n');
}

static int same_counts(const tly_counts *x, const tly_counts *y)
{
	return x->tp == y->tp && x->fp == y->fp && x->fn == y->fn && x->matched == y->matched &&
	       x->label_correct == y->label_correct && x->label_total == y->label_total;
}

static void text_summary_row(tly_buf *b, const char *what, double x, double y, int integer)
{
	if (integer)
		tly_buf_printf(b, "  %-20s %9.0f %9.0f %+9.0f\n", what, x, y, y - x);
	else if (isnan(x) || isnan(y))
		tly_buf_printf(b, "  %-20s %9.3f %9.3f %9s\n", what, x, y, "-");
	else
		tly_buf_printf(b, "  %-20s %9.3f %9.3f %+9.3f\n", what, x, y, y - x);
}

static void render_text(tly_buf *b, const tly_diff *d, const tly_dataset *ds, const tly_result *ra,
			const tly_result *rb)
{
	char ha[32], hb[32];
	size_t i, same = 0;

	tly_buf_printf(b, "tally diff: run %lld -> run %lld\n\n", (long long)ra->run_id,
		       (long long)rb->run_id);
	tly_buf_printf(b, "rules changed (%zu)%s\n", d->n_rules, d->n_rules ? ":" : "");
	for (i = 0; i < d->n_rules; i++)
		tly_buf_printf(b, "  %s: %s -> %s\n", d->rules[i].key, d->rules[i].value_a,
			       d->rules[i].value_b);
	snprintf(ha, sizeof(ha), "run %lld", (long long)ra->run_id);
	snprintf(hb, sizeof(hb), "run %lld", (long long)rb->run_id);
	tly_buf_printf(b, "\n  %-20s %9s %9s %9s\n", "", ha, hb, "change");
	text_summary_row(b, "consensus objects", (double)ra->n_cons_objects,
			 (double)rb->n_cons_objects, 1);
	text_summary_row(b, "consensus labels", (double)ra->n_cons_tags, (double)rb->n_cons_tags, 1);
	text_summary_row(b, "conflicts", (double)ra->n_conflicts, (double)rb->n_conflicts, 1);
	text_summary_row(b, "flagged images", (double)flagged(ra), (double)flagged(rb), 1);
	text_summary_row(b, "mean agreement", mean_agreement(ra), mean_agreement(rb), 0);
	tly_buf_printf(b, "\nconsensus changes (%zu; unchanged: %zu objects, %zu labels)%s\n",
		       d->n_changes, d->unchanged_objects, d->unchanged_labels, d->n_changes ? ":" : "");
	for (i = 0; i < d->n_changes; i++)
		text_change(b, &d->changes[i], ds, ra, rb);
	tly_buf_printf(b, "\nimages whose review flag or agreement changed (%zu)%s\n", d->n_images,
		       d->n_images ? ":" : "");
	for (i = 0; i < d->n_images; i++) {
		const tly_diff_image *x = &d->images[i];

		tly_buf_printf(b, "  %s  %s  agreement ", ds->images[x->image].name,
			       x->flagged_a == x->flagged_b ? (x->flagged_b ? "still flagged  " : "not flagged    ")
			       : x->flagged_b ? "now flagged    " : "no longer flagged");
		put_fig(b, x->agreement_a);
		tly_buf_puts(b, " -> ");
		put_fig(b, x->agreement_b);
		tly_buf_putc(b, '\n');
	}
	tly_buf_puts(b, "\nannotators whose audit changed:\n");
	for (i = 0; i < ds->n_annotators && i < ra->n_annotators && i < rb->n_annotators; i++) {
		const tly_annotator_stats *x = &ra->annotators[i], *y = &rb->annotators[i];

		if (same_counts(&x->vs_consensus, &y->vs_consensus) && same_counts(&x->vs_gold, &y->vs_gold)) {
			same++;
			continue;
		}
		tly_buf_printf(b, "  %s\n", ds->annotators[i].name);
		text_counts_row(b, "vs consensus", &x->vs_consensus, &y->vs_consensus);
		if (x->vs_gold.images || y->vs_gold.images)
			text_counts_row(b, "vs gold", &x->vs_gold, &y->vs_gold);
	}
	tly_buf_printf(b, "  (%zu annotator%s unchanged)\n", same, same == 1 ? "" : "s");
	tly_diff__stats_text(b, d, ds);
}

static void json_pair(tly_buf *b, double x, double y)
{
	tly_buf_putc(b, '[');
	tly_buf_put_json_number(b, x);
	tly_buf_putc(b, ',');
	tly_buf_put_json_number(b, y);
	tly_buf_putc(b, ']');
}

static void json_counts(tly_buf *b, const tly_counts *x, const tly_counts *y)
{
	tly_buf_puts(b, "{\"f1\":");
	json_pair(b, tly_counts_f1(x), tly_counts_f1(y));
	tly_buf_puts(b, ",\"precision\":");
	json_pair(b, tly_counts_precision(x), tly_counts_precision(y));
	tly_buf_puts(b, ",\"recall\":");
	json_pair(b, tly_counts_recall(x), tly_counts_recall(y));
	tly_buf_puts(b, ",\"label_accuracy\":");
	json_pair(b, tly_counts_label_accuracy(x), tly_counts_label_accuracy(y));
	tly_buf_putc(b, '}');
}

static void json_object(tly_buf *b, const tly_cons_object *o, const tly_dataset *ds)
{
	tly_buf_puts(b, "{\"label\":");
	tly_buf_put_json_string(b, cat_name(ds, o->category));
	tly_buf_puts(b, ",\"bbox\":");
	tly_geom__put_box_json(b, &o->geom.box);
	tly_buf_puts(b, ",\"confidence\":");
	tly_buf_put_json_number(b, o->confidence);
	tly_buf_putc(b, '}');
}

static void json_change(tly_buf *b, const tly_diff_change *c, const tly_dataset *ds,
			const tly_result *ra, const tly_result *rb)
{
	tly_buf_puts(b, "{\"image\":");
	tly_buf_put_json_string(b, ds->images[c->image].name);
	tly_buf_printf(b, ",\"task\":\"%s\",\"kind\":\"%s\",\"a\":",
		       c->task == TLY_TASK_OBJECTS ? "objects" : "labels", kind_name(c->kind));
	if (c->a < 0)
		tly_buf_puts(b, "null");
	else if (c->task == TLY_TASK_OBJECTS)
		json_object(b, &ra->cons_objects[c->a], ds);
	else
		tly_buf_put_json_string(b, cat_name(ds, ra->cons_tags[c->a].category));
	tly_buf_puts(b, ",\"b\":");
	if (c->b < 0)
		tly_buf_puts(b, "null");
	else if (c->task == TLY_TASK_OBJECTS)
		json_object(b, &rb->cons_objects[c->b], ds);
	else
		tly_buf_put_json_string(b, cat_name(ds, rb->cons_tags[c->b].category));
	tly_buf_puts(b, ",\"iou\":");
	tly_buf_put_json_number(b, c->iou);
	tly_buf_putc(b, '}');
}

static void render_json(tly_buf *b, const tly_diff *d, const tly_dataset *ds, const tly_result *ra,
			const tly_result *rb)
{
	size_t i;

	tly_buf_printf(b, "{\"run_a\":%lld,\"run_b\":%lld,\"rules\":[", (long long)ra->run_id,
		       (long long)rb->run_id);
	for (i = 0; i < d->n_rules; i++) {
		tly_buf_puts(b, i ? ",{\"key\":" : "{\"key\":");
		tly_buf_put_json_string(b, d->rules[i].key);
		/* values are cJSON's own printing of the rules: valid JSON as they are */
		tly_buf_printf(b, ",\"a\":%s,\"b\":%s}",
			       strcmp(d->rules[i].value_a, "(absent)") ? d->rules[i].value_a : "null",
			       strcmp(d->rules[i].value_b, "(absent)") ? d->rules[i].value_b : "null");
	}
	tly_buf_printf(b, "],\"summary\":{\"consensus_objects\":[%zu,%zu],\"consensus_labels\":[%zu,%zu],"
		       "\"conflicts\":[%zu,%zu],\"flagged_images\":[%zu,%zu],\"mean_agreement\":",
		       ra->n_cons_objects, rb->n_cons_objects, ra->n_cons_tags, rb->n_cons_tags,
		       ra->n_conflicts, rb->n_conflicts, flagged(ra), flagged(rb));
	json_pair(b, mean_agreement(ra), mean_agreement(rb));
	tly_buf_printf(b, "},\"unchanged\":{\"objects\":%zu,\"labels\":%zu},\"changes\":[",
		       d->unchanged_objects, d->unchanged_labels);
	for (i = 0; i < d->n_changes; i++) {
		if (i)
			tly_buf_putc(b, ',');
		json_change(b, &d->changes[i], ds, ra, rb);
	}
	tly_buf_puts(b, "],\"images\":[");
	for (i = 0; i < d->n_images; i++) {
		tly_buf_puts(b, i ? ",{\"image\":" : "{\"image\":");
		tly_buf_put_json_string(b, ds->images[d->images[i].image].name);
		tly_buf_printf(b, ",\"flagged\":[%s,%s],\"agreement\":",
			       d->images[i].flagged_a ? "true" : "false",
			       d->images[i].flagged_b ? "true" : "false");
		json_pair(b, d->images[i].agreement_a, d->images[i].agreement_b);
		tly_buf_putc(b, '}');
	}
	tly_buf_puts(b, "],\"annotators\":[");
	for (i = 0; i < ds->n_annotators && i < ra->n_annotators && i < rb->n_annotators; i++) {
		tly_buf_puts(b, i ? ",{\"name\":" : "{\"name\":");
		tly_buf_put_json_string(b, ds->annotators[i].name);
		tly_buf_puts(b, ",\"vs_consensus\":");
		json_counts(b, &ra->annotators[i].vs_consensus, &rb->annotators[i].vs_consensus);
		tly_buf_puts(b, ",\"vs_gold\":");
		json_counts(b, &ra->annotators[i].vs_gold, &rb->annotators[i].vs_gold);
		tly_buf_putc(b, '}');
	}
	tly_buf_putc(b, ']');
	tly_diff__stats_json(b, d, ds);
	tly_buf_puts(b, "}\n");
}

int tly_diff_render(char **out, size_t *len, const tly_diff *d, const tly_dataset *ds,
		    const tly_result *a, const tly_result *b, int json)
{
	tly_buf buf = TLY_BUF_INIT;

	*out = NULL;
	*len = 0;
	if (json)
		render_json(&buf, d, ds, a, b);
	else
		render_text(&buf, d, ds, a, b);
	if (buf.error) {
		tly_buf_clear(&buf);
		return tly_error_set(TLY_ENOMEM, "diff: out of memory");
	}
	*len = buf.size;
	*out = tly_buf_detach(&buf);
	return 0;
}
