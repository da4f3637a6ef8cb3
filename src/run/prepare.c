/*
 * tly_run_prepare: the rules' aliases and ignore list (issue 5) applied to
 * a loaded dataset, so every later stage sees canonical labels only. The
 * category table (which index each category becomes, or dropped) is built
 * here; images are rewritten in prepare_image.c. Hand-worked cases in
 * tests/run/test_prepare.c.
 */
#include <string.h>

#include "run/prepare.h"
#include "tally/error.h"
#include "tally/run.h"
#include "util/alloc.h"
#include "util/limits.h"

const char *tly_run__canonical_name(const tly_policy *p, const char *name)
{
	const char *to = tly_policy_alias(p, name);

	if (to)
		name = to;
	/* an alias of an ignored label is ignored too: its canonical label is left out */
	return tly_policy_ignored(p, name) ? NULL : name;
}

int tly_run__missing_canonicals(const char ***names, size_t *n, const tly_dataset *ds, const tly_policy *p)
{
	const char **v = NULL;
	size_t i, j, k = 0;

	*names = NULL;
	*n = 0;
	for (i = 0; i < ds->n_categories; i++) {
		const char *to = tly_run__canonical_name(p, ds->categories[i].name);

		if (!to || to == ds->categories[i].name || tly_dataset_find_category(ds, to) >= 0)
			continue;
		for (j = 0; j < k && strcmp(v[j], to) != 0; j++)
			;
		if (j < k)
			continue;
		if (!v && !(v = tly_calloc(p->n_aliases ? p->n_aliases : 1, sizeof(*v))))
			return TLY_ENOMEM;
		/* at most one entry per alias: each names one canonical label */
		v[k++] = to;
	}
	*names = v;
	*n = k;
	return 0;
}

/* Append category NAME (store id 0: no store holds it yet); its index goes to *out. */
static int append_category(uint32_t *out, tly_dataset *ds, const char *name)
{
	tly_named *c;
	tly_category_info *info;
	size_t n = ds->n_categories;

	if (n >= TLY_MAX_CATEGORIES)
		return tly_error_set(TLY_ELIMIT, "run: more than TLY_MAX_CATEGORIES (%d) categories with "
				     "the aliases' canonical labels", TLY_MAX_CATEGORIES);
	if (!(c = tly_reallocarray(ds->categories, n + 1, sizeof(*c))))
		return TLY_ENOMEM;
	ds->categories = c;
	if (ds->category_info) {
		if (!(info = tly_reallocarray(ds->category_info, n + 1, sizeof(*info))))
			return TLY_ENOMEM;
		ds->category_info = info;
		info[n].value = -1;
		info[n].isthing = -1;
	}
	if (ds->category_retired) {
		unsigned char *f = tly_reallocarray(ds->category_retired, n + 1, 1);

		if (!f)
			return TLY_ENOMEM;
		ds->category_retired = f;
		f[n] = 0;
	}
	c[n].id = 0;
	if (!(c[n].name = tly_strdup(name)))
		return TLY_ENOMEM;
	ds->n_categories = n + 1;
	*out = (uint32_t)n;
	return 0;
}

/*
 * What label maps say about an alias carries over to its canonical label:
 * a pixel value when the canonical label has none (the alias gives it up,
 * so no two categories claim one value), and thing over stuff.
 */
static void merge_info(tly_category_info *info, uint32_t from, uint32_t to)
{
	if (info[to].value < 0 && info[from].value >= 0) {
		info[to].value = info[from].value;
		info[from].value = -1;
	}
	if (info[from].isthing == 1)
		info[to].isthing = 1;
	else if (info[to].isthing == -1)
		info[to].isthing = info[from].isthing;
}

/* CANON[c] for the N0 categories DS had: the index c becomes, or TLY_RUN__DROP. */
static int build_canon(uint32_t *canon, size_t n0, tly_dataset *ds, const tly_policy *p)
{
	size_t c;
	int error;

	for (c = 0; c < n0; c++) {
		const char *to = tly_run__canonical_name(p, ds->categories[c].name);
		long t;

		if (!to) {
			canon[c] = TLY_RUN__DROP;
			continue;
		}
		if (to == ds->categories[c].name) {
			canon[c] = (uint32_t)c;
			continue;
		}
		if ((t = tly_dataset_find_category(ds, to)) >= 0)
			canon[c] = (uint32_t)t;
		else if ((error = append_category(&canon[c], ds, to)) < 0)
			return error;
		if (ds->category_info)
			merge_info(ds->category_info, (uint32_t)c, canon[c]);
	}
	return 0;
}

/*
 * Flag the categories of the N0 that CANON folds into another or drops
 * (appended canonical labels are in use). The flags stay NULL while none
 * is retired, so a dataset the rules leave alone reports as before; a
 * second preparation keeps the first one's flags.
 */
static int mark_retired(tly_dataset *ds, const uint32_t *canon, size_t n0)
{
	size_t c;

	for (c = 0; c < n0 && canon[c] == c; c++)
		;
	if (c == n0)
		return 0;
	if (!ds->category_retired && !(ds->category_retired = tly_calloc(ds->n_categories, 1)))
		return TLY_ENOMEM;
	for (c = 0; c < n0; c++)
		if (canon[c] != c)
			ds->category_retired[c] = 1;
	return 0;
}

int tly_run_prepare(tly_dataset *ds, const tly_rules *rules)
{
	const tly_policy *p;
	uint32_t *canon = NULL;
	size_t n0, i;
	int drop_empty, error = 0;

	if (!ds || !rules)
		return tly_error_set(TLY_EARG, "tly_run_prepare: dataset and rules are required");
	p = tly_rules_policy(rules);
	if (!p->n_aliases && !p->n_ignore)
		return 0;
	n0 = ds->n_categories;
	if (n0 == 0)
		return 0;
	/* decided on what the annotators gave, before ignoring empties a set */
	drop_empty = !tly_dataset_labels_multi(ds);
	if (!(canon = tly_calloc(n0, sizeof(*canon)))) {
		error = TLY_ENOMEM;
		goto out;
	}
	if ((error = build_canon(canon, n0, ds, p)) < 0 || (error = mark_retired(ds, canon, n0)) < 0)
		goto out;
	for (i = 0; i < ds->n_images; i++)
		if ((error = tly_run__prepare_image(&ds->images[i], canon, n0, drop_empty)) < 0)
			goto out;
out:
	tly_free(canon);
	if (error == TLY_ENOMEM)
		tly_error_set(error, "run: out of memory preparing the dataset for the rules' aliases and ignore");
	return error;
}

/* Flags of the categories P aliases or ignores; *any when some is. */
static uint8_t *folded(const tly_dataset *ds, const tly_policy *p, int *any)
{
	uint8_t *f = tly_calloc(ds->n_categories ? ds->n_categories : 1, 1);
	size_t c;

	*any = 0;
	if (!f)
		return NULL;
	for (c = 0; c < ds->n_categories; c++) {
		const char *name = ds->categories[c].name;

		f[c] = tly_run__canonical_name(p, name) != name;
		*any |= f[c];
	}
	return f;
}

static int unprepared(const tly_dataset *ds, uint32_t c)
{
	return tly_error_set(TLY_EARG, "run: the dataset still uses label \"%s\", which the rules alias "
			     "or ignore: call tly_run_prepare first", ds->categories[c].name);
}

int tly_run__check_prepared(const tly_dataset *ds, const tly_policy *p)
{
	uint8_t *f;
	size_t i, j, k;
	uint32_t c;
	int any, error = 0;

	if (!p->n_aliases && !p->n_ignore)
		return 0;
	if (!(f = folded(ds, p, &any)))
		return tly_error_set(TLY_ENOMEM, "run: out of memory");
	for (i = 0; any && i < ds->n_images && !error; i++) {
		const tly_image *im = &ds->images[i];

		for (j = 0; j < im->n_objs && !error; j++)
			if ((c = im->objs[j].category) < ds->n_categories && f[c])
				error = unprepared(ds, c);
		for (j = 0; j < im->n_tags && !error; j++)
			if ((c = im->tags[j].category) < ds->n_categories && f[c])
				error = unprepared(ds, c);
		for (j = 0; j < im->n_maps && !error; j++)
			for (k = 0; k < im->maps[j].map.n && !error; k++)
				if ((c = im->maps[j].map.value[k]) < ds->n_categories && f[c])
					error = unprepared(ds, c);
	}
	tly_free(f);
	return error;
}
