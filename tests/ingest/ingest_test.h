/*
 * Helpers shared by the ingest suites: parse a string as a file (through
 * the same entry point the fuzzer uses), assert an exact error message,
 * and find the real-world files in ../shared/fixtures-external/.
 */
#ifndef TLY_TESTS_INGEST_TEST_H
#define TLY_TESTS_INGEST_TEST_H

#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "ingest/readers.h"
#include "tally/batch.h"
#include "tally/ingest.h"

/* Parse TEXT as the file PATH with the given --annotator / --format (NULL = none). */
static inline int parse_text(tly_batch *b, const char *path, const char *text,
			     const char *annotator, const char *format)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;

	o.annotator = annotator;
	o.format = format;
	tly_batch_init(b);
	return tly_ingest__parse_buffer(b, path, text, strlen(text), &o);
}

/* One bad input and the exact error it must give. */
typedef struct {
	const char *text;
	const char *annotator;
	const char *format;
	int code;
	const char *message;
} bad_case;

/* Each case fails with its code and message and leaves the batch cleared. */
static inline void check_bad_cases(const char *path, const bad_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		tly_batch b;
		int rc = parse_text(&b, path, cases[i].text, cases[i].annotator, cases[i].format);

		if (rc != cases[i].code || strcmp(tly_error_last(), cases[i].message) != 0)
			fprintf(stderr, "\ncase %zu: got %d \"%s\"\n        want %d \"%s\"\n", i, rc,
				tly_error_last(), cases[i].code, cases[i].message);
		CU_ASSERT_EQUAL(rc, cases[i].code);
		CU_ASSERT_STRING_EQUAL(tly_error_last(), cases[i].message);
		CU_ASSERT_PTR_NULL(b.path);
		CU_ASSERT_EQUAL(b.n_images + b.n_subs + b.n_objs + b.n_tags, 0);
		tly_batch_clear(&b);
	}
}

/* Path of a real-world file, or NULL (with a note) when the folder is absent. */
static inline const char *external(const char *rel, char *buf, size_t size)
{
	snprintf(buf, size, "../shared/fixtures-external/%s", rel);
	if (access(buf, R_OK) == 0)
		return buf;
	printf("\nnote: %s not found; real-world case skipped\n", buf);
	return NULL;
}

#define CHECK_BOX(g, X, Y, W, H)                                                \
	do {                                                                    \
		CHECK_NEAR((g).box.x, (X), 1e-12);                              \
		CHECK_NEAR((g).box.y, (Y), 1e-12);                              \
		CHECK_NEAR((g).box.w, (W), 1e-12);                              \
		CHECK_NEAR((g).box.h, (H), 1e-12);                              \
	} while (0)

#endif
