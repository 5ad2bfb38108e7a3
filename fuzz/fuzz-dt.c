// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: the DT reader on arbitrary bytes, as `--dtb FILE` or a corrupt
 * /sys/firmware/fdt would hand them over, then dt_text() (the --dry-run
 * rendering) on the same bytes, and the bytes applied as a DT overlay over
 * themselves (model/dtoverlay.c: an extlinux FDTOVERLAYS file).
 */
#include "fuzz.h"
#include "model/dt.h"
#include "model/dtedit.h"
#include "model/dtoverlay.h"

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
	{
		const void *ov[1] = { blob };
		size_t ovlen[1] = { size }, olen = 0;
		void *out = NULL;
		int failed;

		if (!dt_overlays_apply(blob, size, ov, ovlen, 1, &out, &olen, &failed, err,
				       sizeof(err)))
			FUZZ_ASSERT(out && !dt_validate(out, olen, NULL, 0));
		else
			FUZZ_ASSERT(!out && failed >= -1 && failed <= 0 && err[0]);
		free(out);
	}
	free(blob);
	return 0;
}
