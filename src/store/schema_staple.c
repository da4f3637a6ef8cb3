/*
 * Version 9 of the store's schema (store/schema.h; the steps before it are
 * in schema.c, which lists them all): semantic STAPLE's per-class rates of
 * each annotator. Its own file so that schema.c stays under the size cap;
 * the conventions, and the comment on every column, are schema.c's.
 */
#include "store/schema.h"

/*
 * Version 9: a run whose rules say vote.mask 'staple' and whose label maps
 * were voted by the per-class STAPLE keeps, per annotator and class, the
 * sensitivity and specificity STAPLE estimated, pixel-weighted over the
 * images (tally/result.h tly_map_staple_rate). Runs saved before version 9
 * have no rows.
 */
const char *const tly_store__schema_v9[] = {
	"CREATE TABLE map_staple_rates (\n"
	"  -- vote.mask 'staple' on label maps: each annotator's rates per class as the per-class\n"
	"  -- binary STAPLE estimated them, over the images whose fit (every non-gold map of the\n"
	"  -- image, at most 16) included the annotator and the class. Each image weighs the\n"
	"  -- sensitivity by the class's STAPLE consensus pixels (posterior above 1/2) and the\n"
	"  -- specificity by the image's other pixels, as annotator_reliability's mask clusters.\n"
	"  run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  annotator_id INTEGER NOT NULL REFERENCES annotators(id),  -- the annotator\n"
	"  category_id  INTEGER NOT NULL REFERENCES categories(id),  -- the class\n"
	"  images       INTEGER NOT NULL CHECK (images >= 1),  -- images whose fit included both\n"
	"  pixels_in    INTEGER NOT NULL CHECK (pixels_in >= 0),  -- their consensus pixels of the class, summed\n"
	"  sensitivity  REAL CHECK (sensitivity >= 0 AND sensitivity <= 1),"
	"  -- P(marks the class | truly the class), weighted by pixels_in; NULL when pixels_in is 0\n"
	"  pixels_out   INTEGER NOT NULL CHECK (pixels_out >= 0),  -- the images' other pixels, summed\n"
	"  specificity  REAL CHECK (specificity >= 0 AND specificity <= 1),"
	"  -- P(leaves it | truly not), weighted by pixels_out; NULL when pixels_out is 0\n"
	"  PRIMARY KEY (run_id, annotator_id, category_id)\n"
	") WITHOUT ROWID;\n",
	NULL,
};
