// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: the DT reader on arbitrary bytes, as `--dtb FILE` or a corrupt
 * /sys/firmware/fdt would hand them over, then dt_text() (the --dry-run
 * rendering) on the same bytes.
 */
#include "fuzz.h"
#include "model/dt.h"
#include "model/dtedit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cma_dt dt;	/* ~15 KiB */
	/* libfdt wants 8-byte alignment for a blob it reads in place */
	void *blob = aligned_alloc(8, (size + 7) & ~(size_t)7 ? (size + 7) & ~(size_t)7 : 8);
	char err[200], *text = NULL;
	size_t tlen = 0;

	if (!blob)
		abort();
	memcpy(blob, data, size);
	err[0] = '\0';
	if (dt_parse(blob, size, &dt, err, sizeof(err)) == 0) {
		FUZZ_ASSERT(dt.npools >= 0 && dt.npools <= CMA_MAX_POOLS);
		FUZZ_ASSERT(memchr(dt.model, 0, sizeof(dt.model)));
		FUZZ_ASSERT(memchr(dt.compatible, 0, sizeof(dt.compatible)));
		for (int i = 0; i < dt.npools; i++)
			FUZZ_ASSERT(memchr(dt.pools[i].name, 0, sizeof(dt.pools[i].name)));
	} else {
		FUZZ_ASSERT(memchr(err, 0, sizeof(err)) && err[0]);
	}
	if (!dt_text(blob, size, &text, &tlen))
		FUZZ_ASSERT(text && strlen(text) == tlen);
	free(text);
	free(blob);
	return 0;
}
