/*
 * CSV export of the consensus image-level labels: image,label,confidence,
 * support with support = votes (annotators who gave the label). Rows are
 * ordered by image (dataset order: by name), then label name bytewise, so
 * the file does not depend on category ids. Golden file:
 * fixtures/report/labels.csv (tests/export/test_labels_csv.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tally/error.h"
#include "export/labels_csv.h"
#include "util/alloc.h"

typedef struct {
	uint32_t image;
	const char *label;
	size_t index; /* into cons_tags: keeps the sort total */
} row_key;

static int cmp_rows(const void *pa, const void *pb)
{
	const row_key *a = pa, *b = pb;
	int c;

	if (a->image != b->image)
		return a->image < b->image ? -1 : 1;
	if ((c = strcmp(a->label, b->label)) != 0)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

static void put_row(tly_buf *b, const tly_dataset *ds, const tly_cons_tag *t)
{
	tly_buf_put_csv_field(b, ds->images[t->image].name);
	tly_buf_putc(b, ',');
	tly_buf_put_csv_field(b, ds->categories[t->category].name);
	tly_buf_putc(b, ',');
	if (isfinite(t->confidence))
		tly_buf_put_json_number(b, t->confidence);
	tly_buf_printf(b, ",%u\n", t->votes);
}

int tly_export__labels_csv(tly_buf *b, const tly_dataset *ds, const tly_result *r)
{
	row_key *keys;
	size_t i;

	keys = tly_calloc(r->n_cons_tags, sizeof(*keys));
	if (!keys)
		return TLY_ENOMEM;
	for (i = 0; i < r->n_cons_tags; i++) {
		keys[i].image = r->cons_tags[i].image;
		keys[i].label = ds->categories[r->cons_tags[i].category].name;
		keys[i].index = i;
	}
	qsort(keys, r->n_cons_tags, sizeof(*keys), cmp_rows);
	tly_buf_puts(b, "image,label,confidence,support\n");
	for (i = 0; i < r->n_cons_tags; i++)
		put_row(b, ds, &r->cons_tags[keys[i].index]);
	tly_free(keys);
	return 0;
}
