/*
 * The HTML report: one self-contained page (inline CSS and SVG, no script,
 * nothing fetched). html.c writes the frame, the run header and the
 * headline; html_rules.c reads the rules JSON; html_tables.c the annotator,
 * pair and class tables; html_charts.c the SVG charts and heat-maps;
 * html_flagged.c the flagged images; html_sketch.c their box sketches;
 * html_seg.c the label-map (segmentation) section; html_masks.c the mask
 * sketches of flagged images; html_periods.c the leaderboard and the
 * annotators over time.
 */
#ifndef TLY_REPORT_HTML_H
#define TLY_REPORT_HTML_H

#include "report/view.h"
#include "util/buf.h"

/*
 * Past this many flagged images the page lists only the lowest-agreement
 * ones and says how many it left out: report.json has them all.
 */
#define TLY_HTML_MAX_FLAGGED 200
/* Conflict rows shown per flagged image, and boxes drawn per sketch. */
#define TLY_HTML_MAX_CONFLICT_ROWS 100
#define TLY_HTML_MAX_SKETCH_BOXES 400
/* Annotators past which the pair heat-maps (n x n cells) are left out. */
#define TLY_HTML_MAX_MATRIX 40

/*
 * Write the whole page to B. An allocation failure sets B's sticky error
 * (the caller already checks it once at the end, as for a failed append).
 */
void tly_report__html(tly_buf *b, const tly_report__view *v);

/* Sections (html_tables.c, html_charts.c, html_flagged.c). */
void tly_report__html_annotators(tly_buf *b, const tly_report__view *v);
void tly_report__html_pairs(tly_buf *b, const tly_report__view *v);
void tly_report__html_classes(tly_buf *b, const tly_report__view *v);
void tly_report__html_flagged(tly_buf *b, const tly_report__view *v, double min_agreement);

/* The audit over time (html_periods.c): leaderboard and per-period drift charts. */
void tly_report__html_periods(tly_buf *b, const tly_report__view *v);

/* Charts (html_charts.c). */
void tly_report__html_f1_chart(tly_buf *b, const tly_report__view *v);
void tly_report__html_histogram(tly_buf *b, const tly_report__view *v, double min_agreement);
void tly_report__html_conflict_bar(tly_buf *b, const tly_report__view *v);
/*
 * The n x n grid of one pair figure; WHICH 0 = objects F1, 1 = Cohen's
 * kappa (both over the voting annotators), 2 = label-map mIoU (over the
 * annotators of tly_result.map_pairs).
 */
void tly_report__html_pair_matrix(tly_buf *b, const tly_report__view *v, int which);

/* The box sketch of image IMAGE (html_sketch.c). */
void tly_report__html_sketch(tly_buf *b, const tly_report__view *v, uint32_t image);

/* Flagged cards past this many draw no mask sketch (html_masks.c). */
#define TLY_HTML_MAX_MASK_CARDS 50
/* The label-map section (html_seg.c). */
void tly_report__html_segmentation(tly_buf *b, const tly_report__view *v);
/* Whether image IMAGE has a consensus map or a consensus mask to draw (html_masks.c). */
int tly_report__html_has_masks(const tly_report__view *v, uint32_t image);
/* The mask sketch of image IMAGE: consensus label map and instance masks. */
void tly_report__html_masks(tly_buf *b, const tly_report__view *v, uint32_t image);
/* Cells *GW x *GH of the mask sketch of a W x H image (W, H >= 1). */
void tly_report__html_mask_grid(uint32_t *gw, uint32_t *gh, uint32_t w, uint32_t h);
/* The fill of CATEGORY in mask sketches and their legends ("#rrggbb"; repeats after 12). */
const char *tly_report__html_class_color(uint32_t category);

/*
 * Rules (html_rules.c): the rules JSON as "section.key value" chips, or
 * as escaped text when it is not the flat object of objects the run
 * writes; and one number from it, NaN when absent.
 */
void tly_report__html_rules(tly_buf *b, const char *rules_json);
double tly_report__html_rule_number(const char *rules_json, const char *section, const char *key);

/* Shared helpers (html.c). */
/* S with & < > " ' escaped; a dash when S is NULL. */
void tly_report__html_text(tly_buf *b, const char *s);
/* V with 3 decimals, or a dash when undefined (never "nan"). */
void tly_report__html_fmt(tly_buf *b, double v);
/* A right-aligned table cell holding tly_report__html_fmt(V). */
void tly_report__html_num(tly_buf *b, double v);
/* As tly_report__html_num, tinted from red (0) to green (1) so weak figures stand out. */
void tly_report__html_heat(tly_buf *b, double v);
/* A right-aligned cell holding an integer count. */
void tly_report__html_count(tly_buf *b, uint64_t n);
/* The colour of an annotator in sketches and swatches ("#rrggbb"; repeats after 10). */
const char *tly_report__html_color(uint32_t annotator);
/* A coloured square and the escaped name of ANNOTATOR. */
void tly_report__html_who(tly_buf *b, const tly_report__view *v, uint32_t annotator);
/* Readable conflict kind ("label mismatch"), for the page only, and its colour. */
const char *tly_report__html_kind(tly_conflict_kind kind);
const char *tly_report__html_kind_color(tly_conflict_kind kind);
/* Whether ANNOTATOR voted anywhere (gold-only annotators are references, not audited). */
int tly_report__html_voter(const tly_report__view *v, uint32_t annotator);
/* Whether any annotator was compared with gold: without gold the page drops its gold columns. */
int tly_report__html_any_gold(const tly_report__view *v);
/* Mark B failed with out of memory: the writer's single check reports it. */
void tly_report__html_nomem(tly_buf *b);

#endif
