/*
 * The run's semantic pass: every image's label maps voted in parallel with
 * OpenMP (tly_semantic_image), each image writing only its own slot and
 * status, a workspace per thread (STYLE rule 12); then, on the calling
 * thread, the reduction in image order and each image's agreement
 * recombined with its maps component, and Fleiss' kappa over the maps'
 * pixels from the images' sums. Same bytes for any thread count
 * (tests/run/test_semantic_run.c).
 */
#include <math.h>
#include <omp.h>
#include <string.h>

#include "run/semantic.h"
#include "run/semantic_reduce.h"
#include "tally/error.h"
#include "util/alloc.h"

typedef struct {
	size_t n_images;
	tly_semantic_image_result *slots; /* [n_images] */
	int *status;                      /* [n_images] 0 or the image's error */
	size_t n_threads;
	tly_semantic_workspace **ws;      /* [n_threads] by omp_get_thread_num() */
} space;

static void space_clear(space *s)
{
	size_t i;

	if (s->slots)
		for (i = 0; i < s->n_images; i++)
			tly_semantic_image_result_clear(&s->slots[i]);
	tly_free(s->slots);
	tly_free(s->status);
	if (s->ws)
		for (i = 0; i < s->n_threads; i++)
			tly_semantic_workspace_free(s->ws[i]);
	tly_free(s->ws);
	memset(s, 0, sizeof(*s));
}

static int space_init(space *s, size_t n_images, size_t n_threads)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->slots = tly_calloc(n_images, sizeof(*s->slots));
	s->status = tly_calloc(n_images, sizeof(*s->status));
	s->ws = tly_calloc(n_threads, sizeof(*s->ws));
	if (!s->slots || !s->status || !s->ws)
		goto fail;
	s->n_images = n_images;
	s->n_threads = n_threads;
	for (i = 0; i < n_threads; i++)
		if (tly_semantic_workspace_new(&s->ws[i]) < 0)
			goto fail;
	return 0;
fail:
	space_clear(s);
	return tly_error_set(TLY_ENOMEM, "run: out of memory allocating label map workspaces");
}

static int any_maps(const tly_dataset *ds)
{
	size_t i;

	for (i = 0; i < ds->n_images; i++)
		if (ds->images[i].n_maps)
			return 1;
	return 0;
}

/* The parallel region. Returns the index of the first failed image, or n when none failed. */
static size_t vote_images(space *s, const tly_agree_context *ctx, const tly_dataset *ds, int threads)
{
	size_t n = ds->n_images, i;
	long k, nk = (long)n;

#pragma omp parallel for schedule(dynamic) num_threads(threads)
	for (k = 0; k < nk; k++) {
		/* images without maps keep their zeroed slot: voters 0, nothing to add */
		if (ds->images[k].n_maps)
			s->status[k] = tly_semantic_image(&s->slots[k], s->ws[omp_get_thread_num()], ctx,
							  &ds->images[k], (uint32_t)k);
	}
	for (i = 0; i < n; i++)
		if (s->status[i] < 0)
			return i;
	return n;
}

/*
 * Set each image's maps figures and recombine its agreement. A tie is what
 * tly_agree_image flagged for: a TIE conflict of the image (the result's
 * conflicts are grouped by image).
 */
static int image_stats(tly_result *r, const space *s, const tly_policy *policy)
{
	uint8_t *tie;
	size_t i;

	if (r->n_images != s->n_images)
		return tly_error_set(TLY_EARG, "run: %zu image figures for %zu images", r->n_images,
				     s->n_images);
	if (!(tie = tly_calloc(s->n_images ? s->n_images : 1, 1)))
		return tly_error_set(TLY_ENOMEM, "run: out of memory");
	for (i = 0; i < r->n_conflicts; i++)
		if (r->conflicts[i].kind == TLY_CONFLICT_TIE && r->conflicts[i].image < s->n_images)
			tie[r->conflicts[i].image] = 1;
	for (i = 0; i < s->n_images; i++) {
		const tly_semantic_image_result *x = &s->slots[i];
		tly_image_stats *st = &r->images[i];

		st->voters_maps = x->voters;
		st->agreement_maps = x->voters ? x->agreement : NAN;
		if (!isnan(st->agreement_maps))
			tly_semantic_combine(st, tie[i], policy);
	}
	tly_free(tie);
	return 0;
}

/*
 * Fleiss' kappa over the label maps' pixels, overall and per class, from
 * the slots' per-image sums in image order (tly_semantic_kappa), with the
 * default seeded bootstrap over images.
 */
static int map_kappas(tly_result *r, const space *s, size_t n_categories)
{
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;
	tly_stat *per = tly_calloc(n_categories ? n_categories : 1, sizeof(*per));
	size_t c;
	int error;

	boot.threads = s->n_threads > 1 ? (int)s->n_threads : 1;
	if (!per)
		return tly_error_set(TLY_ENOMEM, "run: out of memory for the label map kappa");
	error = tly_semantic_kappa(&r->fleiss_kappa_maps, per, n_categories, s->slots, s->n_images, &boot);
	for (c = 0; !error && c < n_categories && c < r->n_classes; c++)
		r->classes[c].fleiss_kappa_maps = per[c];
	tly_free(per);
	return error;
}

/* Undefined over no pixel, until map_kappas computes them (a run without maps keeps these). */
static void no_kappas(tly_result *r)
{
	static const tly_stat none = {NAN, {NAN, NAN}, 0};
	size_t c;

	r->fleiss_kappa_maps = none;
	for (c = 0; c < r->n_classes; c++)
		r->classes[c].fleiss_kappa_maps = none;
}

int tly_run__semantic(tly_result *r, const tly_dataset *ds, const tly_agree_context *ctx, int threads)
{
	space s;
	size_t failed;
	int error = 0;

	memset(&s, 0, sizeof(s));
	no_kappas(r);
	if (!any_maps(ds))
		return 0;
	if ((error = space_init(&s, ds->n_images, (size_t)threads)) < 0)
		return error;
	failed = vote_images(&s, ctx, ds, threads);
	if (failed < ds->n_images) {
		const tly_semantic_image_result *x = &s.slots[failed];

		error = tly_error_set(s.status[failed], "image %s: label maps: %s", ds->images[failed].name,
				      x->why ? x->why : "failed");
		goto out;
	}
	if ((error = image_stats(r, &s, ctx->policy)) < 0)
		goto out;
	if ((error = map_kappas(r, &s, ds->n_categories)) < 0)
		goto out;
	error = tly_run__semantic_reduce(r, s.slots, s.n_images);
out:
	space_clear(&s);
	return error;
}
