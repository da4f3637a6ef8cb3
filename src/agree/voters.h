/*
 * Who votes on an image (SPEC §5: V = non-gold submitters of a task) and
 * what each voter gave, laid out for matching and voting.
 */
#ifndef TLY_AGREE_VOTERS_H
#define TLY_AGREE_VOTERS_H

#include "agree/workspace.h"

/*
 * Fill WS's voter lists, items (grouped by voter), label sets, gold
 * references and entries for IM. Returns 0, TLY_ENOMEM, or TLY_EARG with
 * *why naming the inconsistency.
 */
int tly_agree__collect(tly_agree_workspace *ws, const tly_agree_context *ctx,
		       const tly_image *im, const char **why);

#endif
