/*
 * Each voter's audit counts on one image: against the leave-one-out
 * consensus of the other voters and against the image's gold submission.
 */
#ifndef TLY_AGREE_AUDIT_H
#define TLY_AGREE_AUDIT_H

#include "agree/workspace.h"

/* Fill ws->ann (already one entry per ws->entries, zeroed). Run after collecting. */
int tly_agree__audit(tly_agree_workspace *ws, const tly_agree_context *ctx, const char **why);

#endif
