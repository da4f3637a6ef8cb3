/*
 * One image rewritten for the rules' aliases and ignore list
 * (tly_run_prepare): objects and image labels take their canonical
 * category or are dropped (a dropped polygon's or mask's raster with it),
 * a label an annotator gave twice under two spellings counts once, a
 * single-label answer left empty is removed, and label maps are remapped.
 * Everything that can fail (indices, allocation) is checked before the
 * image changes. Cases in tests/run/test_prepare.c.
 */
#include <stdlib.h>
#include <string.h>

#include "run/prepare.h"
#include "tally/error.h"
#include "tally/rle.h"
#include "util/alloc.h"

/* A tag as the duplicate check sorts it. */
typedef struct {
	uint32_t sub, category;
	int64_t id;
	size_t pos;
} tagkey;

typedef struct {
	tly_rle *rles;     /* [n_rles]: the kept masks, in object order */
	tagkey *keys;      /* [n_tags] */
	uint8_t *keep;     /* [n_tags]: 1 when the tag stays */
	uint8_t *had;      /* [n_subs]: the submission held a tag before */
	uint8_t *has;      /* [n_subs]: ... and after */
	uint32_t *sub_to;  /* [n_subs]: new index, UINT32_MAX when removed */
} space;

static void space_clear(space *s)
{
	tly_free(s->rles);
	tly_free(s->keys);
	tly_free(s->keep);
	tly_free(s->had);
	tly_free(s->has);
	tly_free(s->sub_to);
}

static int space_init(space *s, const tly_image *im)
{
	size_t ns = im->n_subs ? im->n_subs : 1, nt = im->n_tags ? im->n_tags : 1;

	memset(s, 0, sizeof(*s));
	if ((im->n_rles && !(s->rles = tly_calloc(im->n_rles, sizeof(*s->rles)))) ||
	    !(s->keys = tly_calloc(nt, sizeof(*s->keys))) || !(s->keep = tly_calloc(nt, 1)) ||
	    !(s->had = tly_calloc(ns, 1)) || !(s->has = tly_calloc(ns, 1)) ||
	    !(s->sub_to = tly_calloc(ns, sizeof(*s->sub_to)))) {
		space_clear(s);
		return TLY_ENOMEM;
	}
	return 0;
}

static int bad_index(const tly_image *im, const char *what, int64_t id)
{
	return tly_error_set(TLY_EARG, "run: image %s: %s %lld: submission or category index out of range",
			     im->name, what, (long long)id);
}

/* Every index the rewrite follows, checked before anything changes. */
static int check(const tly_image *im, size_t n)
{
	size_t i;

	for (i = 0; i < im->n_objs; i++)
		if (im->objs[i].category >= n || im->objs[i].sub >= im->n_subs)
			return bad_index(im, "object", im->objs[i].id);
	for (i = 0; i < im->n_tags; i++)
		if (im->tags[i].category >= n || im->tags[i].sub >= im->n_subs)
			return bad_index(im, "label", im->tags[i].id);
	for (i = 0; i < im->n_maps; i++) {
		size_t k;

		for (k = 0; k < im->maps[i].map.n; k++)
			if (im->maps[i].map.value[k] != TLY_LABEL_IGNORE && im->maps[i].map.value[k] >= n)
				return bad_index(im, "label map", im->maps[i].id);
	}
	return 0;
}

/*
 * The index of R in the image's own masks, or n_rles when the image does
 * not own it (NULL, or a mask a caller keeps elsewhere). Masks are in
 * object order, so the search starts at *AT, past the previous object's,
 * and the whole walk is linear; only equality of pointers is used.
 */
static size_t owned(const tly_image *im, const tly_rle *r, size_t *at)
{
	size_t k;

	if (!r)
		return im->n_rles;
	for (k = *at; k < im->n_rles; k++) {
		if (&im->rles[k] == r) {
			*at = k + 1;
			return k;
		}
	}
	for (k = 0; k < *at && k < im->n_rles; k++)
		if (&im->rles[k] == r)
			return k;
	return im->n_rles;
}

/*
 * Objects: canonical category or dropped. The kept masks move to S->rles
 * in object order (as tally/dataset.h has them); the dropped ones are freed.
 */
static void rewrite_objects(tly_image *im, const uint32_t *canon, space *s)
{
	size_t i, w = 0, k, nr = 0, at = 0;

	for (i = 0; i < im->n_objs; i++) {
		tly_object o = im->objs[i];

		k = owned(im, o.geom.rle, &at);
		if (canon[o.category] == TLY_RUN__DROP)
			continue; /* its mask, if any, is freed with the old array below */
		o.category = canon[o.category];
		if (k < im->n_rles) {
			s->rles[nr] = im->rles[k];
			tly_rle_init(&im->rles[k]);
			o.geom.rle = &s->rles[nr++];
		}
		im->objs[w++] = o;
	}
	im->n_objs = w;
	if (!im->n_rles)
		return;
	for (k = 0; k < im->n_rles; k++)
		tly_rle_clear(&im->rles[k]);
	tly_free(im->rles);
	im->rles = nr ? s->rles : NULL;
	im->n_rles = nr;
	if (!nr)
		tly_free(s->rles);
	s->rles = NULL;
}

static int cmp_tagkey(const void *pa, const void *pb)
{
	const tagkey *a = pa, *b = pb;

	if (a->sub != b->sub)
		return a->sub < b->sub ? -1 : 1;
	if (a->category != b->category)
		return a->category < b->category ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/* Image labels: canonical category or dropped; of one (submission, category) the smallest id stays. */
static void rewrite_tags(tly_image *im, const uint32_t *canon, space *s)
{
	size_t i, w = 0, n = 0;

	for (i = 0; i < im->n_tags; i++) {
		const tly_tag *t = &im->tags[i];

		s->had[t->sub] = 1;
		s->keep[i] = 0;
		if (canon[t->category] == TLY_RUN__DROP)
			continue;
		s->keys[n].sub = t->sub;
		s->keys[n].category = canon[t->category];
		s->keys[n].id = t->id;
		s->keys[n].pos = i;
		n++;
	}
	if (n > 1)
		qsort(s->keys, n, sizeof(*s->keys), cmp_tagkey);
	for (i = 0; i < n; i++)
		if (i == 0 || s->keys[i].sub != s->keys[i - 1].sub ||
		    s->keys[i].category != s->keys[i - 1].category)
			s->keep[s->keys[i].pos] = 1;
	for (i = 0; i < im->n_tags; i++) {
		tly_tag t = im->tags[i];

		if (!s->keep[i])
			continue;
		t.category = canon[t.category];
		s->has[t.sub] = 1;
		im->tags[w++] = t;
	}
	im->n_tags = w;
}

/* Labels submissions that held labels and hold none now are removed; indices follow. */
static void drop_empty_labels(tly_image *im, space *s)
{
	size_t i, w = 0;

	for (i = 0; i < im->n_subs; i++) {
		if (im->subs[i].task == TLY_TASK_LABELS && s->had[i] && !s->has[i]) {
			s->sub_to[i] = UINT32_MAX;
			continue;
		}
		s->sub_to[i] = (uint32_t)w;
		im->subs[w++] = im->subs[i];
	}
	if (w == im->n_subs)
		return;
	im->n_subs = w;
	/* objects sit in objects submissions and kept tags in non-empty ones: none was removed */
	for (i = 0; i < im->n_objs; i++)
		im->objs[i].sub = s->sub_to[im->objs[i].sub];
	for (i = 0; i < im->n_tags; i++)
		im->tags[i].sub = s->sub_to[im->tags[i].sub];
}

int tly_run__prepare_image(tly_image *im, const uint32_t *canon, size_t n, int drop_empty)
{
	space s;
	size_t i;
	int error;

	if ((error = check(im, n)) < 0)
		return error;
	if ((error = space_init(&s, im)) < 0)
		return error;
	rewrite_objects(im, canon, &s);
	rewrite_tags(im, canon, &s);
	if (drop_empty)
		drop_empty_labels(im, &s);
	/* TLY_RUN__DROP is TLY_LABEL_IGNORE: an ignored class's pixels become ignore */
	for (i = 0; i < im->n_maps && !error; i++)
		error = tly_labelmap_remap(&im->maps[i].map, canon, n);
	space_clear(&s);
	return error;
}
