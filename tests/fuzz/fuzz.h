/*
 * The libFuzzer entry point every tests/fuzz/<parser>_fuzz.c defines;
 * driver.c replays files through it when not built with -fsanitize=fuzzer.
 */
#ifndef TLY_TESTS_FUZZ_H
#define TLY_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Feed one input to the parser under test; always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
