/*
 * The run's per-image slots and per-thread workspaces. Allocated before the
 * parallel region (so it never fails half-way for lack of a workspace) and
 * freed after the reduction.
 */
#include <string.h>

#include "run/workspace.h"
#include "tally/error.h"
#include "util/alloc.h"

int tly_run__space_init(tly_run_space *s, size_t n_images, size_t n_threads)
{
	size_t i;
	int error = 0;

	memset(s, 0, sizeof(*s));
	if (n_images) {
		s->slots = tly_calloc(n_images, sizeof(*s->slots));
		s->status = tly_calloc(n_images, sizeof(*s->status));
		if (!s->slots || !s->status) {
			error = TLY_ENOMEM;
			goto out;
		}
	}
	s->n_images = n_images;
	s->ws = tly_calloc(n_threads, sizeof(*s->ws));
	if (!s->ws) {
		error = TLY_ENOMEM;
		goto out;
	}
	s->n_threads = n_threads;
	for (i = 0; i < n_threads; i++)
		if ((error = tly_agree_workspace_new(&s->ws[i])) < 0)
			goto out;
out:
	if (error < 0) {
		tly_run__space_clear(s);
		error = tly_error_set(TLY_ENOMEM, "run: out of memory allocating workspaces for %zu images",
				      n_images);
	}
	return error;
}

void tly_run__space_clear(tly_run_space *s)
{
	size_t i;

	if (!s)
		return;
	if (s->slots)
		for (i = 0; i < s->n_images; i++)
			tly_agree_image_result_clear(&s->slots[i]);
	tly_free(s->slots);
	tly_free(s->status);
	if (s->ws)
		for (i = 0; i < s->n_threads; i++)
			tly_agree_workspace_free(s->ws[i]);
	tly_free(s->ws);
	memset(s, 0, sizeof(*s));
}
