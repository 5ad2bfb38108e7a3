// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: the kernel-log parser, fed the input line by line as klogsrc.c does. */
#include "fuzz.h"
#include "model/klog.h"
#include "model/lines.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct line_iter it = { (const char *)data, (const char *)data + size };
	static struct cma_klog k;	/* ~10 KiB: keep it off the fuzzer's stack */
	const char *line;
	size_t len;

	klog_init(&k);
	while (line_next(&it, &line, &len)) {
		/* an exact-size copy, so ASan sees any read past the line's end */
		char *copy = malloc(len ? len : 1);

		if (!copy)
			abort();
		memcpy(copy, line, len);
		klog_feed_line(&k, copy, len);
		free(copy);
	}
	FUZZ_ASSERT(k.nresv >= 0 && k.nresv <= (int)(sizeof(k.resv) / sizeof(k.resv[0])));
	FUZZ_ASSERT(k.nfails >= 0 && k.nfails <= (int)(sizeof(k.fails) / sizeof(k.fails[0])));
	FUZZ_ASSERT(k.nresv_fail >= 0 &&
		    k.nresv_fail <= (int)(sizeof(k.resv_fails) / sizeof(k.resv_fails[0])));
	FUZZ_ASSERT(memchr(k.version_release, 0, sizeof(k.version_release)));
	FUZZ_ASSERT(memchr(k.cmdline, 0, sizeof(k.cmdline)));
	FUZZ_ASSERT(memchr(k.bypass_node, 0, sizeof(k.bypass_node)));
	for (int i = 0; i < k.nfails; i++)
		FUZZ_ASSERT(memchr(k.fails[i].area, 0, sizeof(k.fails[i].area)));
	for (int i = 0; i < k.nresv; i++)
		FUZZ_ASSERT(memchr(k.resv[i].name, 0, sizeof(k.resv[i].name)));
	return 0;
}
