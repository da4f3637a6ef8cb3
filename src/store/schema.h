/*
 * The store's schema as a list of migration steps: step N takes a store
 * from user_version N-1 to N. schema.c holds the SQL (the schema's
 * documentation); store.c applies the steps a file lacks when it opens it.
 */
#ifndef TLY_STORE_SCHEMA_H
#define TLY_STORE_SCHEMA_H

#include <stddef.h>

typedef struct {
	int version;     /* user_version once this step has run */
	const char *const *sql; /* statements run in order inside the migration transaction; NULL ends */
} tly_store_migration;

/* Step 9's statements (schema_staple.c). */
extern const char *const tly_store__schema_v9[];
/* Step 11's statements (schema_tie.c). */
extern const char *const tly_store__schema_v11[];

/* Step 10's statements (schema_kappa.c). */
extern const char *const tly_store__schema_v10[];

/* The steps in ascending version order (1, 2, ...); *n receives their count. */
const tly_store_migration *tly_store__migrations(size_t *n);

#endif
