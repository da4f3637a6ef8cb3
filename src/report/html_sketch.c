/*
 * The sketch of a flagged image: its boxes drawn to scale on a grey canvas
 * the image's size (the pixels are not in the store). Consensus boxes are
 * solid black and labelled, each annotator's boxes dashed in their colour,
 * gold boxes dotted; a <title> on each box names who drew it, so the page
 * needs no script. Checked by tests/report/test_html.c (scale worked out there).
 */
#include <math.h>

#include "report/html.h"
#include "util/alloc.h"

#define SKETCH_MAX_W 480.0 /* the canvas fits in this many pixels, aspect kept */
#define SKETCH_MAX_H 340.0
#define CONSENSUS_COLOR "#111111"

/* Canvas size in image pixels: the image's, or (unknown size) what holds every box. */
static int canvas(const tly_report__view *v, uint32_t img, double *w, double *h)
{
	const tly_image *im = &v->ds->images[img];
	const tly_report__group *g = &v->objs;
	size_t j;

	if (im->width > 0 && im->height > 0) {
		*w = (double)im->width;
		*h = (double)im->height;
		return 1;
	}
	*w = *h = 1.0;
	for (j = 0; j < im->n_objs; j++) {
		const tly_box *bx = &im->objs[j].geom.box;

		*w = fmax(*w, bx->x + bx->w);
		*h = fmax(*h, bx->y + bx->h);
	}
	for (j = g->start[img]; j < g->start[img + 1]; j++) {
		const tly_box *bx = &v->r->cons_objects[g->order[j]].geom.box;

		*w = fmax(*w, bx->x + bx->w);
		*h = fmax(*h, bx->y + bx->h);
	}
	return 0;
}

static int drawable(const tly_box *bx)
{
	return isfinite(bx->x) && isfinite(bx->y) && isfinite(bx->w) && isfinite(bx->h);
}

/* Opens a <rect>: the caller adds its <title> and closes it. */
static void rect(tly_buf *b, const tly_box *bx, double s, const char *stroke, double width,
		 const char *dash)
{
	tly_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
		       "stroke=\"%s\" stroke-width=\"%.1f\"", bx->x * s, bx->y * s, fmax(bx->w, 0.0) * s,
		       fmax(bx->h, 0.0) * s, stroke, width);
	if (dash)
		tly_buf_printf(b, " stroke-dasharray=\"%s\"", dash);
	tly_buf_puts(b, ">");
}

static void member_boxes(tly_buf *b, const tly_report__view *v, const tly_image *im, double s)
{
	size_t j;

	for (j = 0; j < im->n_objs && j < TLY_HTML_MAX_SKETCH_BOXES; j++) {
		const tly_object *o = &im->objs[j];
		int gold = o->sub < im->n_subs && im->subs[o->sub].gold;
		int known = o->annotator < v->ds->n_annotators;

		if (!drawable(&o->geom.box))
			continue;
		rect(b, &o->geom.box, s, tly_report__html_color(o->annotator), gold ? 1.6 : 1.5,
		     gold ? "1.5 2.5" : "5 3");
		tly_buf_puts(b, "<title>");
		tly_report__html_text(b, known ? tly_report__annotator(v, o->annotator) : NULL);
		tly_buf_puts(b, gold ? " (gold): " : ": ");
		tly_report__html_text(b, o->category < v->ds->n_categories ?
					 tly_report__category(v, o->category) : NULL);
		tly_buf_puts(b, "</title></rect>\n");
	}
}

/*
 * Consensus boxes go under the members' dashes (a member on the consensus
 * line stays visible) and their labels over everything (LABELS 1).
 */
static void consensus_boxes(tly_buf *b, const tly_report__view *v, uint32_t img, double s, int labels)
{
	const tly_report__group *g = &v->objs;
	size_t j;

	for (j = g->start[img]; j < g->start[img + 1]; j++) {
		const tly_cons_object *c = &v->r->cons_objects[g->order[j]];
		const tly_box *bx = &c->geom.box;
		/* A label inside a box too short to hold it goes above the box. */
		double ty = bx->h * s >= 16.0 ? bx->y * s + 12.0 : bx->y * s - 3.0;

		if (!drawable(bx))
			continue;
		if (!labels) {
			rect(b, bx, s, CONSENSUS_COLOR, 3.0, NULL);
			tly_buf_puts(b, "<title>consensus ");
			tly_report__html_text(b, tly_report__category(v, c->category));
			tly_buf_printf(b, ", support %u, confidence %.3f</title></rect>\n", c->support,
				       isfinite(c->confidence) ? c->confidence : 0.0);
			continue;
		}
		tly_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"cl\">", bx->x * s + 4.0,
			       ty < 10.0 ? 10.0 : ty);
		tly_report__html_text(b, tly_report__category(v, c->category));
		tly_buf_puts(b, "</text>\n");
	}
}

/* Who drew on the image, in their colours, with how many boxes each. */
static void legend(tly_buf *b, const tly_report__view *v, const tly_image *im)
{
	size_t j, *n = tly_calloc(im->n_subs ? im->n_subs : 1, sizeof(*n));

	if (!n) {
		tly_report__html_nomem(b);
		return;
	}
	for (j = 0; j < im->n_objs; j++)
		if (im->objs[j].sub < im->n_subs)
			n[im->objs[j].sub]++;
	tly_buf_printf(b, "<div class=\"legend\"><span><span class=\"sw\" style=\"border:2px solid %s;"
		       "background:none\"></span>consensus</span>", CONSENSUS_COLOR);
	for (j = 0; j < im->n_subs; j++) {
		const tly_submission *sub = &im->subs[j];

		if (sub->task != TLY_TASK_OBJECTS || sub->annotator >= v->ds->n_annotators)
			continue;
		tly_buf_puts(b, "<span>");
		tly_report__html_who(b, v, sub->annotator);
		tly_buf_printf(b, "%s: %zu box%s</span>", sub->gold ? " (gold)" : "", n[j],
			       n[j] == 1 ? "" : "es");
	}
	tly_buf_puts(b, "</div>\n");
	tly_free(n);
}

void tly_report__html_sketch(tly_buf *b, const tly_report__view *v, uint32_t img)
{
	const tly_image *im = &v->ds->images[img];
	double w, h, s, dw, dh;
	int sized = canvas(v, img, &w, &h);

	s = fmin(SKETCH_MAX_W / w, SKETCH_MAX_H / h);
	dw = w * s;
	dh = h * s;
	tly_buf_printf(b, "<svg width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.1f %.1f\" role=\"img\" "
		       "aria-label=\"Boxes on the image\" font-size=\"11\">\n", dw, dh, dw, dh);
	tly_buf_printf(b, "<rect width=\"%.1f\" height=\"%.1f\" fill=\"#e3e6ea\" stroke=\"#c9ced6\"/>\n",
		       dw, dh);
	consensus_boxes(b, v, img, s, 0);
	member_boxes(b, v, im, s);
	consensus_boxes(b, v, img, s, 1);
	tly_buf_puts(b, "</svg>\n");
	legend(b, v, im);
	if (!sized)
		tly_buf_puts(b, "<p class=\"note\">Image size unknown: the canvas just holds the boxes.</p>\n");
	if (im->n_objs > TLY_HTML_MAX_SKETCH_BOXES)
		tly_buf_printf(b, "<p class=\"note\">The sketch shows %d of the %zu boxes drawn.</p>\n",
			       TLY_HTML_MAX_SKETCH_BOXES, im->n_objs);
}
