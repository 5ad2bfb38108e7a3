// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: bundle_path_clean(), the check every member name of a support
 * bundle passes before io/bundle.c creates anything for it. Whatever it
 * accepts must be relative, free of "..", and fit the buffer with room for '/'.
 * And bundle_manifest_origin() and bundle_manifest_unreadable() on the same bytes
 * as a manifest: a column found (no tab, no newline) fits its buffer.
 */
#include "fuzz.h"
#include "model/bundlepath.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size), out[128];
	const char *why = bundle_path_clean(s, out, sizeof(out));

	if (!why) {
		size_t n = strlen(out);

		FUZZ_ASSERT(n + 2 <= sizeof(out));
		FUZZ_ASSERT(out[0] != '/' && (n == 0 || out[n - 1] != '/'));
		FUZZ_ASSERT(!strstr(out, "//"));
		for (const char *p = out; *p;) {
			size_t len = strcspn(p, "/");

			FUZZ_ASSERT(!(len == 2 && p[0] == '.' && p[1] == '.'));
			FUZZ_ASSERT(!(len == 1 && p[0] == '.'));
			p += len + (p[len] == '/');
		}
	}
	if (bundle_manifest_origin((const char *)data, size, "sys/firmware/fdt", out, sizeof(out))) {
		FUZZ_ASSERT(strlen(out) < sizeof(out));
		FUZZ_ASSERT(!strchr(out, '\t') && !strchr(out, '\n'));
	}
	if (bundle_manifest_unreadable((const char *)data, size, "dev/dma_heap", out, sizeof(out))) {
		FUZZ_ASSERT(strlen(out) < sizeof(out));
		FUZZ_ASSERT(!strchr(out, '\t') && !strchr(out, '\n'));
	}
	{
		struct cma_heap_node nodes[4];
		int n = bundle_manifest_nodes((const char *)data, size, nodes, 4);

		FUZZ_ASSERT(n >= -1 && n <= 4);
		for (int i = 0; i < n; i++) {
			FUZZ_ASSERT(nodes[i].name[0] && !strchr(nodes[i].name, '/'));
			FUZZ_ASSERT(nodes[i].mode <= 07777);
		}
	}
	free(s);
	return 0;
}
