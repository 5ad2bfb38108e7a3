// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main() for a fuzz harness built without libFuzzer: runs each file named
 * on the command line through LLVMFuzzerTestOneInput once. `make
 * fuzz-regress` uses it (with ASan+UBSan, gcc or clang) to replay the
 * inputs that once crashed, so they stay fixed.
 */
#include <stdio.h>
#include <stdlib.h>
#include "fuzz.h"

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf = NULL;
		size_t len = 0, cap = 0, n;

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		do {
			if (len == cap && !(buf = realloc(buf, cap = cap * 2 + 4096)))
				abort();
			n = fread(buf + len, 1, cap - len, f);
			len += n;
		} while (n);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
	}
	printf("%s: %d inputs replayed\n", argv[0], argc - 1);
	return 0;
}
