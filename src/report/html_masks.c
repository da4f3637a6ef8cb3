/*
 * The mask sketch of a flagged image: its consensus label map, coloured by
 * class, with the consensus instance masks shaded over it, as inline SVG
 * at a reduced scale. The image is sampled on a grid of at most
 * MASK_GRID_W x MASK_GRID_H cells (nearest pixel at each cell's centre), a
 * row's run of equal cells is one rectangle, and the rectangles of a class
 * (or of an instance) share one <path>; so a card costs at most the grid's
 * cells whatever the image's size, and a page draws masks on its first
 * TLY_HTML_MAX_MASK_CARDS cards, at most MASK_RUN_BUDGET rectangles each.
 * Checked by tests/report/test_html_seg.c (grid and runs worked by hand).
 */
#include <inttypes.h>
#include <math.h>

#include "report/html.h"
#include "tally/labelmap.h"
#include "tally/rle.h"
#include "util/alloc.h"

#define MASK_GRID_W 96    /* cells across at most */
#define MASK_GRID_H 72
#define MASK_SHOW_W 288.0 /* the drawing fits in this many CSS pixels */
#define MASK_SHOW_H 216.0
#define MASK_RUN_BUDGET 8000 /* rectangles one card draws, map and instances together */
#define MASK_INSTANCES 50    /* instance masks drawn per card */
#define IGNORE_COLOR "#e3e6ea"

/* Light, distinct fills for classes (Tableau 20's pale half), by category index. */
static const char *const class_palette[] = {
	"#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
	"#f7b6d2", "#dbdb8d", "#9edae5", "#c7c7c7", "#6baed6", "#fd8d3c",
};

const char *tly_report__html_class_color(uint32_t category)
{
	return class_palette[category % (sizeof(class_palette) / sizeof(class_palette[0]))];
}

/* The sampling grid of a W x H image. */
typedef struct {
	uint32_t w, h;   /* image pixels */
	uint32_t gw, gh; /* grid cells */
	size_t runs;     /* rectangles drawn so far on this card */
} grid;

/*
 * Cells: the image scaled by min(1, 96 / w, 72 / h), rounded, at least 1;
 * a 4 x 3 map keeps its pixels, a 1000 x 500 one becomes 96 x 48.
 */
void tly_report__html_mask_grid(uint32_t *gw, uint32_t *gh, uint32_t w, uint32_t h)
{
	double s = fmin(1.0, fmin((double)MASK_GRID_W / (double)w, (double)MASK_GRID_H / (double)h));
	double x = floor((double)w * s + 0.5), y = floor((double)h * s + 0.5);

	*gw = x < 1.0 ? 1u : (uint32_t)x;
	*gh = y < 1.0 ? 1u : (uint32_t)y;
}

/* The source pixel of cell C of N cells across an extent of SIDE pixels: at the cell's centre. */
static uint32_t sample(uint32_t c, uint32_t n, uint32_t side)
{
	uint64_t p = ((uint64_t)2 * c + 1) * side / ((uint64_t)2 * n);

	return p < side ? (uint32_t)p : side - 1;
}

/* A cursor over runs walked at non-decreasing pixel indices. */
typedef struct {
	const uint32_t *len;
	size_t n, i;
	uint64_t end; /* first pixel past run i */
} cursor;

static void cursor_init(cursor *c, const uint32_t *len, size_t n)
{
	c->len = len;
	c->n = n;
	c->i = 0;
	c->end = n ? len[0] : 0;
}

/* The run holding pixel P (n when past the last run). */
static size_t cursor_at(cursor *c, uint64_t p)
{
	while (c->i < c->n && c->end <= p) {
		c->i++;
		if (c->i < c->n)
			c->end += c->len[c->i];
	}
	return c->i;
}

/* One rectangle of LEN cells from (X, Y) along a row (ROW 1) or a column (ROW 0). */
static void rect_path(tly_buf *b, uint32_t x, uint32_t y, uint32_t len, int row)
{
	if (row)
		tly_buf_printf(b, "M%u %uh%uv1h-%uz", x, y, len, len);
	else
		tly_buf_printf(b, "M%u %uv%uh1v-%uz", x, y, len, len);
}

/* The category of map M at each of G's cells, row by row (TLY_LABEL_IGNORE past its runs). */
static void map_cells(uint32_t *cells, const tly_labelmap *m, const grid *g)
{
	uint32_t cx, cy;
	cursor c;

	cursor_init(&c, m->len, m->n);
	for (cy = 0; cy < g->gh; cy++) {
		uint64_t y = sample(cy, g->gh, g->h);

		for (cx = 0; cx < g->gw; cx++) {
			size_t k = cursor_at(&c, y * g->w + sample(cx, g->gw, g->w));

			cells[(size_t)cy * g->gw + cx] = k < m->n ? m->value[k] : TLY_LABEL_IGNORE;
		}
	}
}

/* Class WANT's cells of row CY as rectangles, one per run of equal cells. */
static void class_row(tly_buf *b, const uint32_t *row, grid *g, uint32_t cy, uint32_t want)
{
	uint32_t cx = 0, end;

	while (cx < g->gw) {
		if (row[cx] != want) {
			cx++;
			continue;
		}
		for (end = cx; end < g->gw && row[end] == want; end++)
			;
		rect_path(b, cx, cy, end - cx, 1);
		g->runs++;
		cx = end;
	}
}

/* The label map's cells, one <path> per class of the map (CLASSES, N of them, sorted). */
static void draw_map(tly_buf *b, const tly_report__view *v, const tly_labelmap *m, grid *g,
		     const tly_report__class_pixels *classes, size_t n)
{
	uint32_t *cells = tly_calloc((size_t)g->gw * g->gh, sizeof(uint32_t)), cy;
	size_t k;

	if (!cells) {
		tly_report__html_nomem(b);
		return;
	}
	map_cells(cells, m, g);
	for (k = 0; k < n && g->runs < MASK_RUN_BUDGET; k++) {
		tly_buf_printf(b, "<path fill=\"%s\" d=\"", tly_report__html_class_color(classes[k].category));
		for (cy = 0; cy < g->gh; cy++)
			class_row(b, cells + (size_t)cy * g->gw, g, cy, classes[k].category);
		tly_buf_puts(b, "\"><title>");
		tly_report__html_text(b, tly_report__category(v, classes[k].category));
		tly_buf_printf(b, ": %" PRIu64 " px</title></path>\n", classes[k].pixels);
	}
	tly_free(cells);
}

/* Instance mask R (column-major COCO RLE) shaded over the map, by columns of cells. */
static void draw_instance(tly_buf *b, const tly_report__view *v, const tly_cons_object *o, grid *g,
			  size_t nth)
{
	const tly_rle *r = o->geom.rle;
	uint32_t cx, cy, start;
	cursor c;

	tly_buf_printf(b, "<path fill=\"%s\" fill-opacity=\"0.5\" d=\"",
		       tly_report__html_color((uint32_t)nth));
	cursor_init(&c, r->counts, r->m);
	for (cx = 0; cx < g->gw; cx++) {
		uint64_t x = sample(cx, g->gw, g->w);

		for (cy = 0; cy < g->gh; cy = start > cy ? start : cy + 1) {
			start = cy;
			/* Odd runs are foreground: a COCO RLE starts with background. */
			while (start < g->gh && (cursor_at(&c, x * g->h + sample(start, g->gh, g->h)) & 1))
				start++;
			if (start > cy) {
				rect_path(b, cx, cy, start - cy, 0);
				g->runs++;
			}
		}
	}
	tly_buf_puts(b, "\"><title>consensus ");
	tly_report__html_text(b, tly_report__category(v, o->category));
	tly_buf_printf(b, "%s, confidence %.3f, support %u</title></path>\n", o->iscrowd ? " (crowd)" : "",
		       isfinite(o->confidence) ? o->confidence : 0.0, o->support);
}

/* The image's size for the sketch: its consensus map's, else its first mask's. */
static int mask_size(const tly_report__view *v, uint32_t img, uint32_t *w, uint32_t *h)
{
	const tly_report__group *g = &v->objs;
	size_t m = v->seg.map_of[img], j;

	if (m != SIZE_MAX && v->r->cons_maps[m].map.w && v->r->cons_maps[m].map.h) {
		*w = v->r->cons_maps[m].map.w;
		*h = v->r->cons_maps[m].map.h;
		return 1;
	}
	for (j = g->start[img]; j < g->start[img + 1]; j++) {
		const tly_rle *r = v->r->cons_objects[g->order[j]].geom.rle;

		if (r && r->w && r->h) {
			*w = r->w;
			*h = r->h;
			return 1;
		}
	}
	return 0;
}

int tly_report__html_has_masks(const tly_report__view *v, uint32_t img)
{
	uint32_t w, h;

	return mask_size(v, img, &w, &h);
}

static void legend(tly_buf *b, const tly_report__view *v, size_t m, size_t drawn, size_t skipped)
{
	size_t k;

	tly_buf_puts(b, "<div class=\"legend\">");
	if (m != SIZE_MAX) {
		for (k = v->seg.class_start[m]; k < v->seg.class_start[m + 1]; k++) {
			tly_buf_printf(b, "<span><span class=\"sw\" style=\"background:%s\"></span>",
				       tly_report__html_class_color(v->seg.classes[k].category));
			tly_report__html_text(b, tly_report__category(v, v->seg.classes[k].category));
			tly_buf_printf(b, " %" PRIu64 " px</span>", v->seg.classes[k].pixels);
		}
		tly_buf_printf(b, "<span><span class=\"sw\" style=\"background:%s\"></span>ignored or tied "
			       "%" PRIu64 " px</span>", IGNORE_COLOR, v->seg.ignored[m]);
	}
	if (drawn)
		tly_buf_printf(b, "<span>shaded: %zu consensus instance mask%s</span>", drawn,
			       drawn == 1 ? "" : "s");
	if (skipped)
		tly_buf_printf(b, "<br>%zu instance mask%s not drawn (past the sketch&#39;s cap, or of "
			       "another size)", skipped, skipped == 1 ? "" : "s");
	tly_buf_puts(b, "</div>\n");
}

void tly_report__html_masks(tly_buf *b, const tly_report__view *v, uint32_t img)
{
	const tly_report__group *o = &v->objs;
	size_t m = v->seg.map_of[img], j, drawn = 0, skipped = 0;
	double k;
	grid g = {0, 0, 0, 0, 0};

	if (!mask_size(v, img, &g.w, &g.h))
		return;
	tly_report__html_mask_grid(&g.gw, &g.gh, g.w, g.h);
	k = fmin(MASK_SHOW_W / g.gw, MASK_SHOW_H / g.gh);
	tly_buf_printf(b, "<svg width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %u %u\" "
		       "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"Consensus masks\">\n"
		       "<rect width=\"%u\" height=\"%u\" fill=\"%s\"/>\n", g.gw * k, g.gh * k, g.gw, g.gh,
		       g.gw, g.gh, IGNORE_COLOR);
	if (m != SIZE_MAX)
		draw_map(b, v, &v->r->cons_maps[m].map, &g, v->seg.classes + v->seg.class_start[m],
			 v->seg.class_start[m + 1] - v->seg.class_start[m]);
	for (j = o->start[img]; j < o->start[img + 1]; j++) {
		const tly_cons_object *c = &v->r->cons_objects[o->order[j]];

		if (!c->geom.rle)
			continue;
		if (drawn == MASK_INSTANCES || g.runs >= MASK_RUN_BUDGET || c->geom.rle->w != g.w ||
		    c->geom.rle->h != g.h) {
			skipped++;
			continue;
		}
		draw_instance(b, v, c, &g, drawn++);
	}
	tly_buf_puts(b, "</svg>\n");
	legend(b, v, m, drawn, skipped);
	if (g.gw != g.w || g.gh != g.h)
		tly_buf_printf(b, "<p class=\"note\">%u &times; %u px drawn as %u &times; %u cells.</p>\n",
			       g.w, g.h, g.gw, g.gh);
	if (g.runs >= MASK_RUN_BUDGET)
		tly_buf_puts(b, "<p class=\"note\">The sketch stopped at its size cap: "
			     "report.json has every figure.</p>\n");
}
