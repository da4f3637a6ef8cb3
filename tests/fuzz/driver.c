/*
 * Plain replay driver for the fuzz harnesses: `X_fuzz FILE...` runs each
 * file through LLVMFuzzerTestOneInput, so `make test` replays the corpora
 * under gcc (and ASan in `make asan`). `make fuzz` links the harnesses
 * with libFuzzer's main instead and leaves this file out.
 */
#ifndef TLY_LIBFUZZER
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"

int main(int argc, char **argv)
{
	int i, status = 0;

	for (i = 1; i < argc; i++) {
		tly_buf content = TLY_BUF_INIT;
		uint8_t *exact;

		if (tly_buf_read_file(&content, argv[i], TLY_MAX_FILE_BYTES) < 0) {
			fprintf(stderr, "%s\n", tly_error_last());
			status = 1;
			continue;
		}
		/* An exact-size copy, so reading one byte past the input is caught by ASan. */
		exact = tly_malloc(content.size);
		if (!exact) {
			tly_buf_clear(&content);
			return 1;
		}
		if (content.size)
			memcpy(exact, content.ptr, content.size);
		LLVMFuzzerTestOneInput(exact, content.size);
		tly_free(exact);
		tly_buf_clear(&content);
	}
	return status;
}
#endif
