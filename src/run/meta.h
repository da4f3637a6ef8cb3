/*
 * A run's metadata: the rules it used (canonical JSON and its SHA-256),
 * when it ran, and the monotonic clock its timings come from.
 */
#ifndef TLY_RUN_META_H
#define TLY_RUN_META_H

#include "tally/result.h"
#include "tally/rules.h"

/* Seconds on the monotonic clock (an arbitrary origin: subtract two readings). */
double tly_run__now(void);

/* Set R's rules_json, rules_sha256, created_at and threads. 0 or an error (message set). */
int tly_run__meta(tly_result *r, const tly_rules *rules, int threads);

#endif
