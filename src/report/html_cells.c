/*
 * Small pieces every part of report.html uses: escaping, number cells
 * (undefined figures shown as a dash, never "nan"), the red-to-green tint,
 * annotator colours and conflict names. Checked by tests/report/test_html.c.
 */
#include <inttypes.h>
#include <math.h>

#include "tally/types.h"
#include "report/html.h"

/*
 * d3's category10: distinct on the sketches' grey canvas and for most
 * colour-blind readers in the first few; past ten annotators colours
 * repeat, and each box's tooltip still names its annotator.
 */
static const char *const palette[] = {
	"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
	"#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
};

void tly_report__html_text(tly_buf *b, const char *s)
{
	if (!s) {
		tly_buf_puts(b, "&ndash;");
		return;
	}
	for (; *s; s++) {
		switch (*s) {
		case '&': tly_buf_puts(b, "&amp;"); break;
		case '<': tly_buf_puts(b, "&lt;"); break;
		case '>': tly_buf_puts(b, "&gt;"); break;
		case '"': tly_buf_puts(b, "&quot;"); break;
		case '\'': tly_buf_puts(b, "&#39;"); break;
		case '\t': case '\n': case '\r': tly_buf_putc(b, *s); break;
		default:
			/* C0 controls and DEL are parse errors in HTML5: show U+FFFD instead */
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				tly_buf_puts(b, "\xef\xbf\xbd");
			else
				tly_buf_putc(b, *s);
		}
	}
}

void tly_report__html_fmt(tly_buf *b, double v)
{
	if (isfinite(v))
		tly_buf_printf(b, "%.3f", v);
	else
		tly_buf_puts(b, "<span class=\"na\">&ndash;</span>");
}

void tly_report__html_num(tly_buf *b, double v)
{
	tly_buf_puts(b, "<td class=\"n\">");
	tly_report__html_fmt(b, v);
	tly_buf_puts(b, "</td>");
}

void tly_report__html_heat(tly_buf *b, double v)
{
	double c;

	if (!isfinite(v)) {
		tly_report__html_num(b, v);
		return;
	}
	/*
	 * Kappa can be negative: anything at or below 0 is as red as it gets.
	 * Hue follows v squared: QA figures crowd above 0.5, and a linear scale
	 * would paint 0.6 and 0.9 nearly the same green.
	 */
	c = v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
	tly_buf_printf(b, "<td class=\"n\" style=\"background:hsl(%.0f,65%%,86%%)\">%.3f</td>",
		       c * c * 120.0, v);
}

void tly_report__html_count(tly_buf *b, uint64_t n)
{
	tly_buf_printf(b, "<td class=\"n\">%" PRIu64 "</td>", n);
}

const char *tly_report__html_color(uint32_t annotator)
{
	return palette[annotator % (sizeof(palette) / sizeof(palette[0]))];
}

void tly_report__html_who(tly_buf *b, const tly_report__view *v, uint32_t annotator)
{
	if (annotator == UINT32_MAX) {
		tly_buf_puts(b, "<span class=\"na\">&ndash;</span>");
		return;
	}
	tly_buf_printf(b, "<span class=\"sw\" style=\"background:%s\"></span>",
		       tly_report__html_color(annotator));
	tly_report__html_text(b, tly_report__annotator(v, annotator));
}

const char *tly_report__html_kind(tly_conflict_kind kind)
{
	switch (kind) {
	case TLY_CONFLICT_MISSING: return "missing";
	case TLY_CONFLICT_EXTRA: return "extra";
	case TLY_CONFLICT_LABEL_MISMATCH: return "label mismatch";
	case TLY_CONFLICT_LOW_OVERLAP: return "low overlap";
	case TLY_CONFLICT_TIE: return "tie";
	case TLY_CONFLICT_MISMATCHING_ATTRIBUTES: return "mismatching attributes";
	}
	return "unknown";
}

const char *tly_report__html_kind_color(tly_conflict_kind kind)
{
	switch (kind) {
	case TLY_CONFLICT_MISSING: return "#e8710a";
	case TLY_CONFLICT_EXTRA: return "#8e44ad";
	case TLY_CONFLICT_LABEL_MISMATCH: return "#c0392b";
	case TLY_CONFLICT_LOW_OVERLAP: return "#b08d12";
	case TLY_CONFLICT_TIE: return "#455a64";
	case TLY_CONFLICT_MISMATCHING_ATTRIBUTES: return "#00838f";
	}
	return "#777777";
}

int tly_report__html_voter(const tly_report__view *v, uint32_t annotator)
{
	return v->r->annotators[annotator].images_done > 0;
}

int tly_report__html_any_gold(const tly_report__view *v)
{
	size_t i;

	for (i = 0; i < v->r->n_annotators; i++)
		if (v->r->annotators[i].vs_gold.images > 0)
			return 1;
	return 0;
}

void tly_report__html_nomem(tly_buf *b)
{
	/*
	 * The page writer returns nothing (report.c checks the buffer once), so
	 * a failed allocation travels the same road as a failed append.
	 */
	if (!b->error)
		b->error = TLY_ENOMEM;
}
