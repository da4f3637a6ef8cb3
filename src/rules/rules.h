/*
 * Internals of rules.c shared with pretty.c: the canonical text of a
 * policy, in the stored form or with every key for a person to read.
 */
#ifndef TLY_RULES_RULES_H
#define TLY_RULES_RULES_H

#include "tally/rules.h"

/*
 * P as canonical JSON (fixed key order). EVERY_KEY 0: the form stored with
 * a run and hashed, which leaves out an empty report.label_order so the
 * hash of every policy written before that key existed stays what it was;
 * 1: that key too, as `tally rules check` shows it. Caller frees
 * (tly_free); NULL when out of memory.
 */
char *tly_rules__canonical(const tly_policy *p, int every_key);

#endif
