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
	/* the evidence fields: bounded tables, NUL-terminated quotes, sane dumps */
	FUZZ_ASSERT(k.msg == NULL && k.msg_len == 0);
	FUZZ_ASSERT(k.ndumps >= 0 && k.ndumps <= (int)(sizeof(k.dumps) / sizeof(k.dumps[0])));
	FUZZ_ASSERT(k.dump_open >= -1 && k.dump_open < k.ndumps);
	FUZZ_ASSERT(k.nheaps >= 0 && k.nheaps <= (int)(sizeof(k.heaps) / sizeof(k.heaps[0])));
	FUZZ_ASSERT(k.ndt_init >= 0 && k.ndt_init <= (int)(sizeof(k.dt_init) / sizeof(k.dt_init[0])));
	for (int i = 0; i < k.ndumps; i++)
		FUZZ_ASSERT(!k.dumps[i].complete || k.dumps[i].free_pages <= k.dumps[i].total_pages);
	for (int i = 0; i < k.nresv_fail; i++)
		FUZZ_ASSERT(memchr(k.resv_fails[i].line, 0, sizeof(k.resv_fails[i].line)) &&
			    memchr(k.resv_fails[i].name, 0, sizeof(k.resv_fails[i].name)));
	FUZZ_ASSERT(memchr(k.bypass_line, 0, sizeof(k.bypass_line)));
	FUZZ_ASSERT(memchr(k.last_fail_line, 0, sizeof(k.last_fail_line)));
	FUZZ_ASSERT(memchr(k.implied_by, 0, sizeof(k.implied_by)));
	return 0;
}
