// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: size_parse() (every size on cmactl's command line) and the
 * kernel's memparse() as kernel_memparse() models it, plus size_format()
 * on whatever they accepted.
 */
#include "fuzz.h"
#include "model/size.h"

static const uint64_t page_sizes[] = { 4096, 16384, 65536, 0 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size), err[160], fmt[64];
	const char *end;
	uint64_t v;

	for (size_t i = 0; i < sizeof(page_sizes) / sizeof(page_sizes[0]); i++) {
		err[0] = '\0';
		if (!size_parse(s, page_sizes[i], &v, err, sizeof(err))) {
			size_format(v, fmt, sizeof(fmt));
			FUZZ_ASSERT(memchr(fmt, 0, sizeof(fmt)));
		} else {
			FUZZ_ASSERT(memchr(err, 0, sizeof(err)));
		}
	}
	if (!kernel_memparse(s, &end, &v)) {
		FUZZ_ASSERT(end > s && end <= s + strlen(s));
		size_format(v, fmt, sizeof(fmt));
	} else {
		FUZZ_ASSERT(end >= s && end <= s + strlen(s));
	}
	free(s);
	return 0;
}
