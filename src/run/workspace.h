/*
 * Memory of one run's parallel region, allocated up front on the calling
 * thread: a result slot and a status per image, a workspace per thread.
 */
#ifndef TLY_RUN_WORKSPACE_H
#define TLY_RUN_WORKSPACE_H

#include "tally/agree.h"

typedef struct {
	size_t n_images;
	tly_agree_image_result *slots; /* [n_images]: written only by the thread computing that image */
	int *status;                   /* [n_images]: 0 or the image's error code */
	size_t n_threads;
	tly_agree_workspace **ws;      /* [n_threads]: indexed by omp_get_thread_num() */
} tly_run_space;

/* Allocate for N_IMAGES images and N_THREADS threads; 0 or TLY_ENOMEM (message set). */
int tly_run__space_init(tly_run_space *s, size_t n_images, size_t n_threads);

/* Free everything; NULL-safe, idempotent. */
void tly_run__space_clear(tly_run_space *s);

#endif
