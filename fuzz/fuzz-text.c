// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: the text parsers of /proc/meminfo, a kernel .config, the
 * kernel command line, a kernel release and sysfs numbers, each on the
 * whole input (as an exact-size buffer: they must not need a NUL).
 */
#include "fuzz.h"
#include "model/cmdline.h"
#include "model/kconfig.h"
#include "model/kver.h"
#include "model/meminfo.h"
#include "model/size.h"
#include "model/target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1), *s = fuzz_cstr(data, size);
	struct cma_meminfo mi;
	struct cma_kconfig kc;
	struct cma_cmdline cl;
	struct kver kv;
	uint64_t v;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	memset(&mi, 0, sizeof(mi));
	meminfo_parse(buf, size, &mi);
	memset(&kc, 0, sizeof(kc));
	kconfig_parse(buf, size, &kc);
	memset(&cl, 0, sizeof(cl));
	cmdline_parse(buf, size, &cl);
	FUZZ_ASSERT(memchr(cl.numa_cma, 0, sizeof(cl.numa_cma)));
	FUZZ_ASSERT(memchr(cl.cma_text, 0, sizeof(cl.cma_text)));
	FUZZ_ASSERT(!cl.cma_valid || cl.has_cma);
	(void)u64_parse(buf, size, &v);
	memset(&kv, 0, sizeof(kv));
	if (!kver_parse(s, &kv)) {
		FUZZ_ASSERT(memchr(kv.release, 0, sizeof(kv.release)));
		(void)kver_at_least(&kv, 5, 6);
	}
	/* a kernel image or modules directory name under a --root (io/target.c) */
	if (!target_kver_from_name(s, &kv))
		FUZZ_ASSERT(kv.known && memchr(kv.release, 0, sizeof(kv.release)));
	/* grub.cfg's first linux line (io/target.c) */
	{
		char path[64];

		if (!target_grub_kernel(buf, size, NULL, path, sizeof(path)))
			FUZZ_ASSERT(path[0] && strlen(path) < sizeof(path));
	}
	free(s);
	free(buf);
	return 0;
}
