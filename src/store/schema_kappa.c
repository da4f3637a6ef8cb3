/*
 * Version 10 of the store's schema (store/schema.h; the steps before it are
 * in schema.c, which lists them all, and schema_staple.c): each class's
 * Fleiss' kappa over label-map pixels. Its own file so that schema.c stays
 * under the size cap; the conventions are schema.c's.
 */
#include "store/schema.h"

/*
 * Version 10: Fleiss' kappa over the pixels of label maps (issue 4; units:
 * the pixels of images with two or more non-gold maps, each voter's value a
 * rating, ignore a missing one, pixels with fewer than two ratings dropped).
 * The run-wide value is the run_statistics row 'fleiss_kappa_maps' (saved
 * by runs with label maps), which needs no column; each class's kappa_j
 * gets four columns. Runs saved before version 10 read back with these
 * NULL (and n 0). Added columns carry block comments, as in version 2.
 */
const char *const tly_store__schema_v10[] = {
	"ALTER TABLE class_stats ADD COLUMN maps_fleiss_n INTEGER NOT NULL DEFAULT 0"
	" /* units of the class's Fleiss' kappa over label maps: the kept pixels */;\n",
	"ALTER TABLE class_stats ADD COLUMN maps_fleiss_kappa REAL"
	" /* Fleiss' kappa_j of the pixel rating 'gave this class'; NULL when undefined */;\n",
	"ALTER TABLE class_stats ADD COLUMN maps_fleiss_ci_lo REAL"
	" /* its 95% bootstrap interval over images, lower end; NULL when none */;\n",
	"ALTER TABLE class_stats ADD COLUMN maps_fleiss_ci_hi REAL /* upper end; NULL when none */;\n",
	NULL,
};
