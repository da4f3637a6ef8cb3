/*
 * The readable text the store writes for each enum ('box', 'objects',
 * 'missing', ...), so a manager's sqlite3 query needs no lookup table.
 * The text is stored: never change an existing spelling.
 */
#ifndef TLY_STORE_NAMES_H
#define TLY_STORE_NAMES_H

#include "tally/dataset.h"
#include "tally/result.h"

/* The stored text of a value, or NULL when the value is not one the enum defines. */
const char *tly_store__task_name(tly_task task);
const char *tly_store__geom_name(tly_geom_kind kind);
const char *tly_store__conflict_name(tly_conflict_kind kind);
const char *tly_store__reference_name(tly_reference ref);

/* The value of stored TEXT (NULL-safe); 0, or -1 when the text is none of them. */
int tly_store__task_parse(tly_task *out, const char *text);
int tly_store__geom_parse(tly_geom_kind *out, const char *text);
int tly_store__conflict_parse(tly_conflict_kind *out, const char *text);
int tly_store__reference_parse(tly_reference *out, const char *text);

#endif
