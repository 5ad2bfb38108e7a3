/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the libFuzzer harnesses in fuzz/: the entry point every target
 * defines, and a NUL-terminated copy of the input for the parsers that take
 * C strings. Built with -fsanitize=fuzzer (make fuzz) or with standalone.c
 * (make fuzz-regress), which replays fuzz/regress/<target>/ files.
 */
#ifndef CMACTL_FUZZ_H
#define CMACTL_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a C string; bytes after an embedded NUL are simply not seen. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A broken invariant is a crash, so libFuzzer keeps the input. */
#define FUZZ_ASSERT(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
	abort(); } } while (0)
#endif
