/*
 * Label maps in a batch: one per (image, annotator), with the classes its
 * pixel values stand for. The batch takes the map's runs rather than
 * copying them: a large map is never held twice.
 */
#include <string.h>

#include "store/batch_map.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/limits.h"

void tly_batch__clear_maps(tly_batch *b)
{
	size_t i, j;

	for (i = 0; i < b->n_maps; i++) {
		tly_batch_map *m = &b->maps[i];

		tly_free(m->annotator);
		tly_free(m->source_ref);
		tly_labelmap_clear(&m->map);
		for (j = 0; j < m->n_classes; j++)
			tly_free(m->classes[j].label);
		tly_free(m->classes);
	}
	tly_free(b->maps);
	b->maps = NULL;
	b->n_maps = 0;
	b->cap_maps = 0;
}

/* Drop the last map entry (one that failed half way through being added). */
static void drop_last(tly_batch *b)
{
	tly_batch_map *m = &b->maps[b->n_maps - 1];
	size_t j;

	tly_free(m->annotator);
	tly_free(m->source_ref);
	tly_labelmap_clear(&m->map);
	for (j = 0; j < m->n_classes; j++)
		tly_free(m->classes[j].label);
	tly_free(m->classes);
	b->n_maps--;
}

/* CLASSES must name every value of MAP but the ignore value, once, ascending. */
static int check_classes(const tly_labelmap *map, const tly_batch_class *classes, size_t n,
			 const char *where)
{
	size_t i, lo, hi;

	for (i = 0; i < n; i++) {
		if (!classes[i].label || !classes[i].label[0])
			return tly_error_set(TLY_EARG, "%s: class %u has no name", where, classes[i].value);
		if (strlen(classes[i].label) > TLY_MAX_STRING)
			return tly_error_set(TLY_ELIMIT, "%s: class name longer than TLY_MAX_STRING (%d bytes)",
					     where, TLY_MAX_STRING);
		if (classes[i].value == TLY_LABEL_IGNORE || (i && classes[i].value <= classes[i - 1].value))
			return tly_error_set(TLY_EARG, "%s: classes not ascending and unique at %u", where,
					     classes[i].value);
	}
	for (i = 0; i < map->n; i++) {
		uint32_t v = map->value[i];

		if (v == TLY_LABEL_IGNORE)
			continue;
		lo = 0;
		hi = n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (classes[mid].value < v)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == n || classes[lo].value != v)
			return tly_error_set(TLY_EARG, "%s: pixel value %u has no class", where, v);
	}
	return 0;
}

static int copy_classes(tly_batch_map *m, const tly_batch_class *classes, size_t n)
{
	size_t i;

	m->classes = tly_reallocarray(NULL, n ? n : 1, sizeof(*m->classes));
	if (!m->classes)
		return TLY_ENOMEM;
	for (i = 0; i < n; i++) {
		m->classes[i] = classes[i];
		m->classes[i].label = tly_strdup(classes[i].label);
		if (!m->classes[i].label)
			return TLY_ENOMEM;
		m->n_classes = i + 1;
	}
	return 0;
}

int tly_batch_add_map(tly_batch *b, size_t image, const char *annotator, int panoptic,
		      int64_t ignore_value, tly_labelmap *map, const tly_batch_class *classes,
		      size_t n, const char *ref, const char *where)
{
	const tly_batch_image *im;
	tly_batch_map *m;
	size_t i;
	int error;

	if (image >= b->n_images)
		return tly_error_set(TLY_EARG, "%s: no image %zu in the batch", where, image);
	im = &b->images[image];
	if (!annotator || !annotator[0])
		return tly_error_set(TLY_EINPUT, "%s: empty annotator name", where);
	if (strlen(annotator) > TLY_MAX_STRING)
		return tly_error_set(TLY_ELIMIT, "%s: annotator name longer than TLY_MAX_STRING (%d bytes)",
				     where, TLY_MAX_STRING);
	if ((im->width && (uint32_t)im->width != map->w) || (im->height && (uint32_t)im->height != map->h))
		return tly_error_set(TLY_EINPUT, "%s: label map is %ux%u but image %s is %dx%d", where,
				     map->w, map->h, im->name, (int)im->width, (int)im->height);
	for (i = 0; i < b->n_maps; i++)
		if (b->maps[i].image == image && !strcmp(b->maps[i].annotator, annotator))
			return tly_error_set(TLY_EINPUT, "%s: a second label map of image %s by %s", where,
					     im->name, annotator);
	if ((error = check_classes(map, classes, n, where)) < 0)
		return error;
	if (b->n_maps == b->cap_maps) {
		size_t ncap = b->cap_maps ? 2 * b->cap_maps : 8;
		tly_batch_map *p = tly_reallocarray(b->maps, ncap, sizeof(*p));

		if (!p)
			return TLY_ENOMEM;
		b->maps = p;
		b->cap_maps = ncap;
	}
	m = &b->maps[b->n_maps];
	memset(m, 0, sizeof(*m));
	m->image = image;
	m->panoptic = panoptic;
	m->ignore_value = ignore_value;
	tly_labelmap_init(&m->map);
	m->annotator = tly_strdup(annotator);
	m->source_ref = ref ? tly_strdup(ref) : NULL;
	/* Count the entry before anything else can fail, so clear frees what it holds. */
	b->n_maps++;
	if (!m->annotator || (ref && !m->source_ref) || (error = copy_classes(m, classes, n)) < 0) {
		drop_last(b);
		return TLY_ENOMEM;
	}
	m->map = *map;
	tly_labelmap_init(map);
	return 0;
}
