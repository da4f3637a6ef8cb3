/*
 * The run's panoptic pass: tly_run__panoptic_image on every image with
 * OpenMP, each image writing only its own slot (STYLE rule 12), then the
 * rows summed per (annotator, ref, category) in image order on the calling
 * thread, so the floating sums, and so the result, are the same bytes for
 * any thread count (tests/run/test_panoptic_run.c).
 */
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "run/panoptic.h"
#include "tally/error.h"
#include "util/alloc.h"

/* A row with its place in image order, for a deterministic sort. */
typedef struct {
	tly_panoptic_counts row;
	size_t seq;
} seq_row;

static int cmp_row(const void *pa, const void *pb)
{
	const seq_row *a = pa, *b = pb;

	if (a->row.annotator != b->row.annotator)
		return a->row.annotator < b->row.annotator ? -1 : 1;
	if (a->row.ref != b->row.ref)
		return a->row.ref < b->row.ref ? -1 : 1;
	if (a->row.category != b->row.category)
		return a->row.category < b->row.category ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Sum the slots' rows into R: sorted by key, then image order inside a key. */
static int reduce(tly_result *r, const tly_run__panoptic_slot *slots, size_t n_images)
{
	seq_row *all = NULL;
	size_t i, j, n = 0, k;
	int error = 0;

	for (i = 0; i < n_images; i++)
		if (tly_add_size(&n, n, slots[i].n) < 0)
			return TLY_ELIMIT;
	if (n == 0)
		return 0;
	if (!(all = tly_calloc(n, sizeof(*all)))) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0, k = 0; i < n_images; i++)
		for (j = 0; j < slots[i].n; j++, k++) {
			all[k].row = slots[i].rows[j];
			all[k].seq = k;
		}
	qsort(all, n, sizeof(*all), cmp_row);
	if (!(r->panoptic = tly_calloc(n, sizeof(*r->panoptic)))) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		tly_panoptic_counts *last = r->n_panoptic ? &r->panoptic[r->n_panoptic - 1] : NULL;
		const tly_panoptic_counts *x = &all[i].row;

		if (last && last->annotator == x->annotator && last->ref == x->ref && last->category == x->category) {
			last->tp += x->tp;
			last->fp += x->fp;
			last->fn += x->fn;
			last->iou_sum += x->iou_sum;
		} else {
			r->panoptic[r->n_panoptic++] = *x;
		}
	}
out:
	tly_free(all);
	return error;
}

/* Whether some image has a non-gold panoptic map. */
static int any_panoptic(const tly_dataset *ds)
{
	size_t i, j;

	for (i = 0; i < ds->n_images; i++)
		for (j = 0; j < ds->images[i].n_maps; j++)
			if (!ds->images[i].maps[j].gold && ds->images[i].maps[j].panoptic)
				return 1;
	return 0;
}

int tly_run__panoptic(tly_result *r, const tly_dataset *ds, const tly_agree_context *ctx, int threads)
{
	tly_run__panoptic_slot *slots = NULL;
	tly_run__panoptic_space *spaces = NULL;
	size_t n = ds->n_images, i;
	long k, nk = (long)n;
	int error = 0;

	if (threads < 1)
		threads = 1;
	if (!any_panoptic(ds))
		return 0; /* most runs: nothing to allocate */
	slots = tly_calloc(n, sizeof(*slots));
	spaces = tly_calloc((size_t)threads, sizeof(*spaces));
	if (!slots || !spaces) {
		error = tly_error_set(TLY_ENOMEM, "run: out of memory for the panoptic audit");
		goto out;
	}
	for (i = 0; i < (size_t)threads; i++)
		if (tly_run__panoptic_space_init(&spaces[i], ds->n_categories) < 0) {
			error = tly_error_set(TLY_ENOMEM, "run: out of memory for the panoptic audit");
			goto out;
		}

#pragma omp parallel for schedule(dynamic) num_threads(threads)
	for (k = 0; k < nk; k++)
		slots[k].status = tly_run__panoptic_image(&slots[k], &spaces[omp_get_thread_num()], ctx, ds,
							  (uint32_t)k);

	for (i = 0; i < n; i++)
		if (slots[i].status < 0) {
			error = tly_error_set(slots[i].status, "image %s: panoptic audit: %s", ds->images[i].name,
					      slots[i].why ? slots[i].why : "failed");
			goto out;
		}
	if ((error = reduce(r, slots, n)) < 0)
		error = tly_error_set(error, error == TLY_ENOMEM ? "run: out of memory for the panoptic rows"
							      : "run: panoptic rows larger than memory can index");
out:
	if (error < 0) {
		tly_free(r->panoptic);
		r->panoptic = NULL;
		r->n_panoptic = 0;
	}
	if (slots)
		for (i = 0; i < n; i++)
			tly_free(slots[i].rows);
	if (spaces)
		for (i = 0; i < (size_t)threads; i++)
			tly_run__panoptic_space_clear(&spaces[i]);
	tly_free(slots);
	tly_free(spaces);
	return error;
}
