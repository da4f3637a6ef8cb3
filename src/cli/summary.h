/*
 * The one-screen summary `tally run` and `tally consensus` print, and the
 * helpers the run-like commands share (rules, --threads).
 */
#ifndef TLY_CLI_SUMMARY_H
#define TLY_CLI_SUMMARY_H

#include <stdio.h>

#include <tally.h>

void tly_cli_print_summary(FILE *f, const tly_dataset *ds, const tly_result *r);

/* --rules FILE or the built-in defaults; a bad rules file is TLY_EINPUT. */
int tly_cli_load_rules(tly_rules **out, const char *path);

/* Parse --threads (NULL = 0, the OpenMP default); nonzero exit status when bad. */
int tly_cli_threads(int *out, const char *value);

#endif
