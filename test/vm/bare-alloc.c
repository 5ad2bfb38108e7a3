// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bare-alloc: the baseline for `cmactl stress`'s per-allocation latency (issue 14,
 * BENCHMARKS.md): N rounds of one DMA_HEAP_IOCTL_ALLOC on /dev/dma_heap/HEAP and a
 * close() of the returned dma-buf fd, nothing else. The ioctl alone is timed, as
 * stress times it (CLOCK_MONOTONIC around the ioctl), and so is the whole round.
 *
 *   bare-alloc HEAP BYTES ROUNDS
 *
 * Prints "bare-alloc heap=H bytes=B rounds=N ok=K ioctl_median_ns=M ioctl_min_ns=m
 * round_median_ns=R" on one line. A test helper of the lab, cross-built static by
 * test/vm/run.sh; not part of cmactl.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-heap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	char path[256];
	unsigned long long bytes, rounds;
	uint64_t *io, *rd;
	size_t ok = 0;
	int fd;

	if (argc != 4 || (bytes = strtoull(argv[2], NULL, 0)) == 0 ||
	    (rounds = strtoull(argv[3], NULL, 0)) == 0 || rounds > 1000000) {
		fprintf(stderr, "usage: bare-alloc HEAP BYTES ROUNDS\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/dev/dma_heap/%s", argv[1]);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "bare-alloc: %s: %s\n", path, strerror(errno));
		return 1;
	}
	io = calloc(rounds, sizeof(*io));
	rd = calloc(rounds, sizeof(*rd));
	if (!io || !rd)
		return 1;
	for (unsigned long long i = 0; i < rounds; i++) {
		struct dma_heap_allocation_data d = {
			.len = bytes, .fd_flags = O_RDWR | O_CLOEXEC, .heap_flags = 0,
		};
		uint64_t t0 = now_ns(), t1;
		int r = ioctl(fd, DMA_HEAP_IOCTL_ALLOC, &d);

		t1 = now_ns();
		if (r < 0) {
			fprintf(stderr, "bare-alloc: round %llu: %s\n", i, strerror(errno));
			continue;
		}
		close((int)d.fd);
		io[ok] = t1 - t0;
		rd[ok++] = now_ns() - t0;
	}
	close(fd);
	if (!ok)
		return 1;
	qsort(io, ok, sizeof(*io), cmp);
	qsort(rd, ok, sizeof(*rd), cmp);
	printf("bare-alloc heap=%s bytes=%llu rounds=%llu ok=%zu ioctl_median_ns=%llu "
	       "ioctl_min_ns=%llu round_median_ns=%llu\n", argv[1], bytes, rounds, ok,
	       (unsigned long long)io[ok / 2], (unsigned long long)io[0],
	       (unsigned long long)rd[ok / 2]);
	free(io);
	free(rd);
	return ok == rounds ? 0 : 1;
}
