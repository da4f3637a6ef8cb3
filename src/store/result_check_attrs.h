/*
 * The attribute part of tly_result_check (issue 5): indices and orders.
 */
#ifndef TLY_STORE_RESULT_CHECK_ATTRS_H
#define TLY_STORE_RESULT_CHECK_ATTRS_H

#include "tally/result.h"

/* TLY_EARG "result: ..." naming the first bad attribute entry, else 0. */
int tly_store__check_attrs(const tly_result *r);

#endif
