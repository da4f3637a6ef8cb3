/*
 * The review queue in the formats annotation tools import, so reviewers
 * fix the flagged images where they labelled them: CVAT for images 1.1
 * (consensus and conflicting objects as boxes whose `source` and `conflict`
 * text attributes say whose and why) and Label Studio tasks (the consensus
 * as a prediction to correct; the reasons in the task data).
 */
#include <math.h>
#include <string.h>

#include "export/xml.h"
#include "report/review_queue.h"
#include "util/alloc.h"

/* Text for an XML attribute value or element: the exports' escaping (NULL writes nothing). */
static void xml_text(tly_buf *b, const char *s)
{
	if (s)
		tly_export__xml_text(b, s);
}

/* Categories named anywhere in the queue, in dataset order, as meta <label>s. */
static void cvat_meta(tly_buf *b, const tly_review__queue *q)
{
	const tly_dataset *ds = q->view.ds;
	size_t c;

	tly_buf_printf(b, "  <meta>\n    <task>\n      <name>tally review queue, run %lld</name>\n"
		       "      <size>%zu</size>\n      <mode>annotation</mode>\n      <labels>\n",
		       (long long)q->view.r->run_id, q->n);
	for (c = 0; c < ds->n_categories; c++) {
		/* an alias or an ignored label names no box of the prepared dataset */
		if (tly_dataset_category_retired(ds, c))
			continue;
		tly_buf_puts(b, "        <label>\n          <name>");
		xml_text(b, ds->categories[c].name);
		tly_buf_puts(b, "</name>\n          <type>any</type>\n          <attributes>\n"
			     "            <attribute><name>source</name><mutable>False</mutable>"
			     "<input_type>text</input_type><default_value></default_value><values></values></attribute>\n"
			     "            <attribute><name>conflict</name><mutable>False</mutable>"
			     "<input_type>text</input_type><default_value></default_value><values></values></attribute>\n"
			     "          </attributes>\n        </label>\n");
	}
	tly_buf_puts(b, "      </labels>\n    </task>\n  </meta>\n");
}

/* CVAT's corners: xtl, ytl, xbr, ybr in pixels (xbr = x + w). */
static void cvat_box(tly_buf *b, const char *label, const tly_box *x, const char *source,
		     const char *conflict)
{
	tly_buf_puts(b, "    <box label=\"");
	xml_text(b, label);
	tly_buf_printf(b, "\" source=\"manual\" occluded=\"0\" xtl=\"%.2f\" ytl=\"%.2f\" xbr=\"%.2f\" "
		       "ybr=\"%.2f\" z_order=\"0\">\n      <attribute name=\"source\">",
		       x->x, x->y, x->x + x->w, x->y + x->h);
	xml_text(b, source);
	tly_buf_puts(b, "</attribute>\n      <attribute name=\"conflict\">");
	xml_text(b, conflict);
	tly_buf_puts(b, "</attribute>\n    </box>\n");
}

void tly_review__cvat(tly_buf *b, const tly_review__queue *q)
{
	const tly_result *r = q->view.r;
	size_t i, k;

	tly_buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<annotations>\n  <version>1.1</version>\n");
	cvat_meta(b, q);
	for (i = 0; i < q->n; i++) {
		uint32_t im = q->images[i];
		const tly_image *img = &q->view.ds->images[im];
		const tly_report__group *g;

		tly_buf_printf(b, "  <image id=\"%zu\" name=\"", i);
		xml_text(b, img->name);
		tly_buf_printf(b, "\" width=\"%d\" height=\"%d\">\n", (int)img->width, (int)img->height);
		g = &q->view.tags;
		for (k = g->start[im]; k < g->start[im + 1]; k++) {
			tly_buf_puts(b, "    <tag label=\"");
			xml_text(b, tly_report__category(&q->view, r->cons_tags[g->order[k]].category));
			tly_buf_puts(b, "\" source=\"manual\"/>\n");
		}
		g = &q->view.objs;
		for (k = g->start[im]; k < g->start[im + 1]; k++) {
			const tly_cons_object *o = &r->cons_objects[g->order[k]];

			cvat_box(b, tly_report__category(&q->view, o->category), &o->geom.box, "consensus", "");
		}
		/* each annotator's object that a conflict names, once with all its conflicts,
		 * so the reviewer sees both sides */
		g = &q->view.conflicts;
		for (k = g->start[im]; k < g->start[im + 1]; k++) {
			const tly_conflict *c = &r->conflicts[g->order[k]];
			tly_buf kinds = TLY_BUF_INIT;
			const tly_object *o;
			size_t j;
			int seen = 0;

			if (c->task != TLY_TASK_OBJECTS || !c->object_id ||
			    !(o = tly_image_object(img, c->object_id)))
				continue;
			for (j = g->start[im]; j < k && !seen; j++)
				seen = r->conflicts[g->order[j]].task == TLY_TASK_OBJECTS &&
				       r->conflicts[g->order[j]].object_id == c->object_id;
			if (seen)
				continue;
			for (j = k; j < g->start[im + 1]; j++) {
				const tly_conflict *d = &r->conflicts[g->order[j]];

				if (d->task == TLY_TASK_OBJECTS && d->object_id == c->object_id)
					tly_buf_printf(&kinds, "%s%s", kinds.size ? ", " : "",
						       tly_report__kind_name(d->kind));
			}
			cvat_box(b, tly_report__category(&q->view, o->category), &o->geom.box,
				 tly_report__annotator(&q->view, c->annotator), kinds.ptr ? kinds.ptr : "");
			if (kinds.error)
				b->error = kinds.error;
			tly_buf_clear(&kinds);
		}
		tly_buf_puts(b, "  </image>\n");
	}
	tly_buf_puts(b, "</annotations>\n");
}

/* A percentage of the image side, as Label Studio stores rectangles. */
static void pct(tly_buf *b, double v, int32_t side)
{
	tly_buf_put_json_number(b, 100.0 * v / side);
}

static void ls_rect(tly_buf *b, size_t id, const tly_image *img, const tly_box *x, const char *label)
{
	tly_buf_printf(b, "{\"id\":\"t%zu\",\"from_name\":\"label\",\"to_name\":\"image\","
		       "\"type\":\"rectanglelabels\",\"original_width\":%d,\"original_height\":%d,"
		       "\"value\":{\"x\":", id, (int)img->width, (int)img->height);
	pct(b, x->x, img->width);
	tly_buf_puts(b, ",\"y\":");
	pct(b, x->y, img->height);
	tly_buf_puts(b, ",\"width\":");
	pct(b, x->w, img->width);
	tly_buf_puts(b, ",\"height\":");
	pct(b, x->h, img->height);
	tly_buf_puts(b, ",\"rotation\":0,\"rectanglelabels\":[");
	tly_buf_put_json_string(b, label);
	tly_buf_puts(b, "]}}");
}

void tly_review__labelstudio(tly_buf *b, const tly_review__queue *q)
{
	const tly_result *r = q->view.r;
	size_t i, k, id = 0;

	tly_buf_putc(b, '[');
	for (i = 0; i < q->n; i++) {
		uint32_t im = q->images[i];
		const tly_image *img = &q->view.ds->images[im];
		const tly_report__group *g;
		tly_buf reasons = TLY_BUF_INIT;
		int sized = img->width > 0 && img->height > 0, any = 0;

		tly_buf_puts(b, i ? ",\n{\"data\":{\"image\":" : "\n{\"data\":{\"image\":");
		tly_buf_put_json_string(b, img->name);
		tly_buf_puts(b, ",\"tally_reasons\":");
		tly_review__reasons(&reasons, q, im);
		tly_buf_put_json_string(b, reasons.ptr ? reasons.ptr : "");
		if (reasons.error)
			b->error = reasons.error;
		tly_buf_clear(&reasons);
		tly_buf_puts(b, ",\"tally_agreement\":");
		tly_buf_put_json_number(b, r->images[im].agreement);
		tly_buf_printf(b, "},\"predictions\":[{\"model_version\":\"tally run %lld\",\"score\":",
			       (long long)r->run_id);
		tly_buf_put_json_number(b, isnan(r->images[im].agreement) ? 0 : r->images[im].agreement);
		tly_buf_puts(b, ",\"result\":[");
		/* rectangles need the image size: Label Studio stores percentages */
		g = &q->view.objs;
		for (k = g->start[im]; sized && k < g->start[im + 1]; k++) {
			const tly_cons_object *o = &r->cons_objects[g->order[k]];

			if (any++)
				tly_buf_putc(b, ',');
			ls_rect(b, id++, img, &o->geom.box, tly_report__category(&q->view, o->category));
		}
		g = &q->view.tags;
		if (g->start[im] < g->start[im + 1]) {
			if (any++)
				tly_buf_putc(b, ',');
			tly_buf_printf(b, "{\"id\":\"t%zu\",\"from_name\":\"choice\",\"to_name\":\"image\","
				       "\"type\":\"choices\",\"value\":{\"choices\":[", id++);
			for (k = g->start[im]; k < g->start[im + 1]; k++) {
				if (k > g->start[im])
					tly_buf_putc(b, ',');
				tly_buf_put_json_string(b, tly_report__category(&q->view,
										 r->cons_tags[g->order[k]].category));
			}
			tly_buf_puts(b, "]}}");
		}
		tly_buf_puts(b, "]}]}");
	}
	tly_buf_puts(b, "\n]\n");
}
