/*
 * Object attributes of one image (issue 5): each accepted cluster's
 * attributes voted among its members, and a mismatching_attributes
 * conflict for each member that differs from a consensus value.
 */
#ifndef TLY_AGREE_ATTRIBUTES_H
#define TLY_AGREE_ATTRIBUTES_H

#include "agree/workspace.h"

/*
 * Vote the attributes of every accepted cluster of image IM (index IMAGE),
 * after tly_agree__vote_objects: fills ws->cattrs and appends conflicts
 * (with their details in ws->kattrs). 0, TLY_ENOMEM or TLY_EARG (a member
 * that is no object of IM), with *WHY set.
 */
int tly_agree__vote_attributes(tly_agree_workspace *ws, const tly_agree_context *ctx,
			       const tly_image *im, uint32_t image, const char **why);

#endif
