// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: what `cmactl watch` and `recommend` take from outside. Every
 * line of the input goes to kmsg_parse() (a /dev/kmsg record must point
 * inside itself) and through the watch model as a live log line; the first
 * line is also a --stream and a --interval. State stays in bounds.
 */
#include "fuzz.h"
#include "model/kmsg.h"
#include "model/recommend.h"
#include "model/watch.h"

static struct watch_state w;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	char *s = fuzz_cstr(data, size), *nl, line[300], err[300];
	struct kmsg_record r;
	struct rec_stream st;
	uint64_t ms, t = 0;

	watch_init(&w, 4096);
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((e ? e : end) - p);

		if (kmsg_parse(p, n, &r)) {
			FUZZ_ASSERT(r.msg >= p && r.msg + r.msg_len <= p + n);
			kmsg_format_dmesg(&r, line, sizeof(line));
			FUZZ_ASSERT(memchr(line, 0, sizeof(line)));
		}
		watch_add_log_line(&w, t++, p, n);
		FUZZ_ASSERT(w.nfails <= WATCH_MAX_FAILS);
		FUZZ_ASSERT(w.fails_total == (uint64_t)w.nfails + w.fails_dropped);
		p += n + 1;
	}
	if ((nl = strchr(s, '\n')))
		*nl = '\0';
	err[0] = '\0';
	if (rec_stream_parse(s, 4096, &st, err, sizeof(err)) == 0)
		FUZZ_ASSERT(st.buffer_bytes >= st.frame_bytes && st.buffer_bytes % 4096 == 0);
	else
		FUZZ_ASSERT(memchr(err, 0, sizeof(err)) && err[0]);
	(void)watch_duration_parse(s, &ms);
	free(s);
	return 0;
}
