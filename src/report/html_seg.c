/*
 * report.html's "Segmentation" section, present when the run has label
 * maps: pixel accuracy, mean IoU and Dice per annotator against consensus
 * and gold, the pair mIoU grid, IoU per class (all annotators pooled, and
 * each annotator's), and PQ / SQ / RQ per annotator. Figures from seg.h
 * (definitions there); tables capped so a run of many classes stays a page.
 * Checked by tests/report/test_html_seg.c.
 */
#include <inttypes.h>
#include <math.h>

#include "report/html.h"

/* Class rows in the IoU table; the rest are in report.json and semantic.csv. */
#define MAX_CLASS_ROWS 100

static int audited(const tly_report__view *v, uint32_t a, int panoptic)
{
	const tly_report__seg_audit *s = &v->seg.audit[(size_t)a * 2];

	return panoptic ? s[0].panoptic || s[1].panoptic : s[0].semantic || s[1].semantic;
}

static int any_gold(const tly_report__view *v, int panoptic)
{
	size_t i;

	for (i = 0; i < v->r->n_annotators; i++) {
		const tly_report__seg_audit *s = &v->seg.audit[i * 2 + TLY_REF_GOLD];

		if (panoptic ? s->panoptic : s->semantic)
			return 1;
	}
	return 0;
}

static void semantic_cells(tly_buf *b, const tly_report__seg_audit *a)
{
	if (!a->semantic) {
		tly_buf_puts(b, "<td colspan=\"4\" class=\"na sep\">not compared</td>");
		return;
	}
	tly_buf_puts(b, "<td class=\"n sep\">");
	tly_report__html_fmt(b, a->pixel_accuracy);
	tly_buf_puts(b, "</td>");
	tly_report__html_heat(b, a->mean_iou);
	tly_report__html_num(b, a->mean_dice);
	tly_report__html_count(b, a->images);
}

static void group_head(tly_buf *b, int gold, const char *cols, int n_cols)
{
	tly_buf_printf(b, "<div class=\"scroll\"><table>\n<thead><tr><th rowspan=\"2\">Annotator</th>"
		       "<th colspan=\"%d\" class=\"grp sep\">Against consensus (leave-one-out)</th>",
		       n_cols);
	if (gold)
		tly_buf_printf(b, "<th colspan=\"%d\" class=\"grp sep\">Against gold</th>", n_cols);
	tly_buf_printf(b, "</tr>\n<tr>%s%s</tr></thead>\n", cols, gold ? cols : "");
}

static void semantic_table(tly_buf *b, const tly_report__view *v)
{
	int gold = any_gold(v, 0);
	size_t i;

	group_head(b, gold, "<th class=\"sep\">Pixel acc.</th><th>mIoU</th><th>Mean Dice</th>"
		   "<th>Images</th>", 4);
	for (i = 0; i < v->r->n_annotators; i++) {
		if (!audited(v, (uint32_t)i, 0))
			continue;
		tly_buf_puts(b, "<tr><td>");
		tly_report__html_who(b, v, (uint32_t)i);
		tly_buf_puts(b, "</td>");
		semantic_cells(b, &v->seg.audit[i * 2 + TLY_REF_CONSENSUS]);
		if (gold)
			semantic_cells(b, &v->seg.audit[i * 2 + TLY_REF_GOLD]);
		tly_buf_puts(b, "</tr>\n");
	}
	tly_buf_puts(b, "</table></div>\n");
}

static void panoptic_cells(tly_buf *b, const tly_report__seg_audit *a)
{
	if (!a->panoptic) {
		tly_buf_puts(b, "<td colspan=\"5\" class=\"na sep\">not compared</td>");
		return;
	}
	tly_buf_puts(b, "<td class=\"n sep\" style=\"font-weight:600\">");
	tly_report__html_fmt(b, a->pq);
	tly_buf_puts(b, "</td>");
	tly_report__html_num(b, a->sq);
	tly_report__html_num(b, a->rq);
	tly_report__html_heat(b, a->pq_things);
	tly_report__html_heat(b, a->pq_stuff);
}

static void panoptic_table(tly_buf *b, const tly_report__view *v)
{
	int gold = any_gold(v, 1);
	size_t i;

	tly_buf_puts(b, "<h3>Panoptic quality</h3>\n<p class=\"note\">As the COCO panoptic evaluation: "
		     "segments match at IoU &gt; 0.5; PQ = SQ &times; RQ per class, averaged over the "
		     "classes that occur (things and stuff also apart).</p>\n");
	group_head(b, gold, "<th class=\"sep\">PQ</th><th>SQ</th><th>RQ</th><th>PQ things</th>"
		   "<th>PQ stuff</th>", 5);
	for (i = 0; i < v->r->n_annotators; i++) {
		if (!audited(v, (uint32_t)i, 1))
			continue;
		tly_buf_puts(b, "<tr><td>");
		tly_report__html_who(b, v, (uint32_t)i);
		tly_buf_puts(b, "</td>");
		panoptic_cells(b, &v->seg.audit[i * 2 + TLY_REF_CONSENSUS]);
		if (gold)
			panoptic_cells(b, &v->seg.audit[i * 2 + TLY_REF_GOLD]);
		tly_buf_puts(b, "</tr>\n");
	}
	tly_buf_puts(b, "</table></div>\n");
}

/* The annotators with a vs-consensus pixel audit: the IoU table's columns. */
static size_t class_columns(const tly_report__view *v, uint32_t *who)
{
	size_t i, n = 0;

	for (i = 0; i < v->r->n_annotators && n < TLY_HTML_MAX_MATRIX; i++)
		if (v->seg.audit[i * 2 + TLY_REF_CONSENSUS].semantic)
			who[n++] = (uint32_t)i;
	return n;
}

/* IoU of annotator WHO on category C, reading its sorted rows from *AT onwards. */
static double class_iou_of(const tly_report__view *v, uint32_t who, uint32_t c, size_t *at)
{
	const tly_report__rows *rows = &v->seg.pixel_rows;
	size_t end = rows->start[(size_t)who * 2 + 1];

	while (*at < end && v->r->pixel_counts[rows->order[*at]].category < c)
		(*at)++;
	if (*at < end && v->r->pixel_counts[rows->order[*at]].category == c) {
		const tly_pixel_counts *p = &v->r->pixel_counts[rows->order[*at]];

		return tly_report__iou(p->tp, p->fp, p->fn);
	}
	return NAN;
}

static void class_table(tly_buf *b, const tly_report__view *v)
{
	uint32_t who[TLY_HTML_MAX_MATRIX];
	size_t at[TLY_HTML_MAX_MATRIX], n = class_columns(v, who), c, j, rows = 0, left = 0;

	for (j = 0; j < n; j++)
		at[j] = v->seg.pixel_rows.start[(size_t)who[j] * 2];
	tly_buf_puts(b, "<h3>Classes</h3>\n<p class=\"note\">Pixels: the class&#39;s pixels in the "
		     "consensus maps. IoU (all): every annotator&#39;s pixels against the consensus "
		     "pooled, tp / (tp + fp + fn); then each annotator&#39;s own.</p>\n"
		     "<div class=\"scroll\"><table>\n<thead><tr><th>Label</th><th>Pixels</th>"
		     "<th>IoU (all)</th>");
	for (j = 0; j < n; j++) {
		tly_buf_puts(b, j ? "<th>" : "<th class=\"sep\">");
		tly_report__html_who(b, v, who[j]);
		tly_buf_puts(b, "</th>");
	}
	tly_buf_puts(b, "</tr></thead>\n");
	for (c = 0; c < v->ds->n_categories; c++) {
		if (!v->seg.class_pixels[c] && !isfinite(v->seg.class_iou[c]))
			continue;
		if (rows == MAX_CLASS_ROWS) {
			left++;
			continue;
		}
		rows++;
		tly_buf_puts(b, "<tr><td>");
		tly_buf_printf(b, "<span class=\"sw\" style=\"background:%s\"></span>",
			       tly_report__html_class_color((uint32_t)c));
		tly_report__html_text(b, tly_report__category(v, (uint32_t)c));
		tly_buf_puts(b, "</td>");
		tly_report__html_count(b, v->seg.class_pixels[c]);
		tly_report__html_heat(b, v->seg.class_iou[c]);
		for (j = 0; j < n; j++)
			tly_report__html_heat(b, class_iou_of(v, who[j], (uint32_t)c, &at[j]));
		tly_buf_puts(b, "</tr>\n");
	}
	tly_buf_puts(b, "</table></div>\n");
	if (left)
		tly_buf_printf(b, "<p class=\"note\">%zu more class%s: see report.json or semantic.csv.</p>\n",
			       left, left == 1 ? "" : "es");
}

static int any_miou(const tly_report__view *v)
{
	size_t i;

	for (i = 0; i < v->r->n_map_pairs; i++)
		if (isfinite(v->r->map_pairs[i].miou))
			return 1;
	return 0;
}

static size_t map_voters(const tly_report__view *v)
{
	size_t i, n = 0;

	for (i = 0; i < v->r->n_images; i++)
		n += v->r->images[i].voters_maps > 0;
	return n;
}

void tly_report__html_segmentation(tly_buf *b, const tly_report__view *v)
{
	size_t i, n = 0;

	if (!v->seg.any)
		return;
	tly_buf_printf(b, "<h2 id=\"segmentation\">Segmentation</h2>\n<p>%zu image%s with a consensus "
		       "label map, %zu with label maps; mean map agreement <b>", v->r->n_cons_maps,
		       v->r->n_cons_maps == 1 ? "" : "s", map_voters(v));
	tly_report__html_fmt(b, v->seg.mean_agreement_maps);
	tly_buf_puts(b, "</b> (per image: the mean over voter pairs of their mIoU).</p>\n"
		     "<p class=\"note\">Per pixel the consensus is the plurality of the maps; ties and "
		     "pixels every voter ignored are left ignored. Pixels the reference ignores are not "
		     "counted; an annotator&#39;s ignored pixel on a labelled one is a miss.</p>\n");
	for (i = 0; i < v->r->n_annotators; i++)
		n += (size_t)audited(v, (uint32_t)i, 0);
	if (n || any_miou(v)) {
		tly_buf_puts(b, "<div class=\"cards\">\n");
		if (n) {
			tly_buf_puts(b, "<div class=\"card\"><h4>Pixel accuracy and mean IoU</h4>\n");
			semantic_table(b, v);
			tly_buf_puts(b, "</div>\n");
		}
		if (any_miou(v))
			tly_report__html_pair_matrix(b, v, 2);
		tly_buf_puts(b, "</div>\n");
	}
	class_table(b, v);
	if (v->r->n_panoptic)
		panoptic_table(b, v);
}
