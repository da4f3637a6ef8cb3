/*
 * Lifetime and small lookups of the in-memory dataset (tally/dataset.h).
 */
#include <string.h>

#include "tally/dataset.h"
#include "tally/rle.h"
#include "util/alloc.h"

static void clear_named(tly_named *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		tly_free(v[i].name);
	tly_free(v);
}

void tly_dataset_clear(tly_dataset *ds)
{
	size_t i, j;

	if (!ds)
		return;
	for (i = 0; i < ds->n_images; i++) {
		for (j = 0; j < ds->images[i].n_rles; j++)
			tly_rle_clear(&ds->images[i].rles[j]);
		tly_free(ds->images[i].rles);
		tly_free(ds->images[i].name);
		tly_free(ds->images[i].subs);
		tly_free(ds->images[i].objs);
		tly_free(ds->images[i].tags);
		for (j = 0; j < ds->images[i].n_maps; j++)
			tly_labelmap_clear(&ds->images[i].maps[j].map);
		tly_free(ds->images[i].maps);
		tly_free(ds->images[i].attrs);
	}
	for (i = 0; i < ds->n_attr_names; i++)
		tly_free(ds->attr_names[i]);
	tly_free(ds->attr_names);
	for (i = 0; i < ds->n_attr_values; i++)
		tly_free(ds->attr_values[i]);
	tly_free(ds->attr_values);
	tly_free(ds->images);
	clear_named(ds->annotators, ds->n_annotators);
	clear_named(ds->categories, ds->n_categories);
	tly_free(ds->category_info);
	tly_free(ds->category_retired);
	memset(ds, 0, sizeof(*ds));
}

static long find_named(const tly_named *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return (long)i;
	return -1;
}

long tly_dataset_find_category(const tly_dataset *ds, const char *name)
{
	return find_named(ds->categories, ds->n_categories, name);
}

int tly_dataset_category_retired(const tly_dataset *ds, size_t c)
{
	return ds->category_retired && c < ds->n_categories && ds->category_retired[c];
}

size_t tly_dataset_n_listed_categories(const tly_dataset *ds)
{
	size_t c, n = 0;

	for (c = 0; c < ds->n_categories; c++)
		n += !tly_dataset_category_retired(ds, c);
	return n;
}

const tly_object *tly_image_object(const tly_image *im, int64_t id)
{
	size_t lo = 0, hi = im->n_objs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (im->objs[mid].id == id)
			return &im->objs[mid];
		if (im->objs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

long tly_dataset_find_annotator(const tly_dataset *ds, const char *name)
{
	return find_named(ds->annotators, ds->n_annotators, name);
}

int tly_dataset_labels_multi(const tly_dataset *ds)
{
	size_t i, j, k;

	for (i = 0; i < ds->n_images; i++) {
		const tly_image *im = &ds->images[i];

		for (j = 0; j < im->n_subs; j++) {
			size_t count = 0;

			/* gold does not vote, so it does not decide how votes are counted */
			if (im->subs[j].task != TLY_TASK_LABELS || im->subs[j].gold)
				continue;
			for (k = 0; k < im->n_tags; k++)
				if (im->tags[k].sub == j)
					count++;
			if (count != 1)
				return 1;
		}
	}
	return 0;
}
