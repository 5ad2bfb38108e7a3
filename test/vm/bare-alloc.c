// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bare-alloc: the baseline for `cmactl stress`'s per-allocation latency (issue 14,
 * BENCHMARKS.md): N rounds of one DMA_HEAP_IOCTL_ALLOC on /dev/dma_heap/HEAP and a
 * close() of the returned dma-buf fd, nothing else. The ioctl alone is timed, as
 * stress times it (CLOCK_MONOTONIC around the ioctl), and so is the whole round.
 *
 *   bare-alloc HEAP BYTES ROUNDS [MODE]
 *
 * MODE reproduces, around the same ioctl, what a `cmactl stress` job did between two
 * allocations before it was made lean (issue 14: is that what costs the 30-50 %?):
 *   plain  nothing else (the default: the baseline);
 *   write  one 40-byte write() to a pipe after each round (a forked peer drains it);
 *   trip   a round trip with a forked peer after each round: a 40-byte record to it,
 *          one command byte back (poll, then read), as the job's report/CMD_NEXT pair;
 *   self   the same two system calls without another process: one 40-byte write()
 *          to a pipe and its read() back by this process (no context switch);
 *   grab   not a benchmark: ROUNDS rounds of the ioctl, each buffer held 5 ms before
 *          its close(). The lab crowds a running `cmactl stress` with it: a round
 *          that lands in the gap between the job's free and its next allocation takes
 *          part of the job's range, and the job's next request fails. Prints
 *          "bare-alloc grab heap=H bytes=B rounds=N ok=K" (a failed ioctl is counted,
 *          not printed: the lab reads the kernel's log of the job's failure).
 * Only the ioctl is timed (as stress times it), and the whole round.
 *
 * Prints "bare-alloc heap=H bytes=B rounds=N mode=M ok=K ioctl_median_ns=M
 * ioctl_min_ns=m round_median_ns=R" on one line. A test helper of the lab, cross-built
 * static by test/vm/run.sh; not part of cmactl.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-heap.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
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

/* The peer: read 40-byte records; in "trip" mode answer each with one byte. */
static void peer(int in, int out, int answer)
{
	char rec[40];

	while (read(in, rec, sizeof(rec)) == (ssize_t)sizeof(rec))
		if (answer && write(out, "N", 1) != 1)
			break;
	_exit(0);
}

/* "grab": see the top. Return: the exit status. */
static int grab(int fd, const char *heap, unsigned long long bytes, unsigned long long rounds)
{
	unsigned long long ok = 0;

	for (unsigned long long i = 0; i < rounds; i++) {
		struct dma_heap_allocation_data d = {
			.len = bytes, .fd_flags = O_RDWR | O_CLOEXEC, .heap_flags = 0,
		};
		struct timespec hold = { 0, 5000000 };

		if (ioctl(fd, DMA_HEAP_IOCTL_ALLOC, &d) < 0)
			continue;
		ok++;
		nanosleep(&hold, NULL);
		close((int)d.fd);
	}
	printf("bare-alloc grab heap=%s bytes=%llu rounds=%llu ok=%llu\n", heap, bytes, rounds, ok);
	return ok != rounds;
}

int main(int argc, char **argv)
{
	const char *mode = argc == 5 ? argv[4] : "plain";
	int m = !strcmp(mode, "plain") ? 0 : !strcmp(mode, "write") ? 1 :
		!strcmp(mode, "trip") ? 2 : !strcmp(mode, "self") ? 3 :
		!strcmp(mode, "grab") ? 4 : -1;
	int to[2] = { -1, -1 }, back[2] = { -1, -1 };
	pid_t pid = -1;
	char path[256];
	unsigned long long bytes, rounds;
	uint64_t *io, *rd;
	size_t ok = 0;
	int fd;

	if (argc < 4 || argc > 5 || m < 0 || (bytes = strtoull(argv[2], NULL, 0)) == 0 ||
	    (rounds = strtoull(argv[3], NULL, 0)) == 0 || rounds > 1000000) {
		fprintf(stderr, "usage: bare-alloc HEAP BYTES ROUNDS [plain|write|trip|self|grab]\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/dev/dma_heap/%s", argv[1]);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "bare-alloc: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (m == 4)
		return grab(fd, argv[1], bytes, rounds);
	if (m == 3 && pipe(to) < 0) {
		perror("bare-alloc: pipe");
		return 1;
	}
	if (m && m != 3) {
		if (pipe(to) < 0 || pipe(back) < 0 || (pid = fork()) < 0) {
			perror("bare-alloc: pipe/fork");
			return 1;
		}
		if (pid == 0) {
			close(to[1]);
			close(back[0]);
			peer(to[0], back[1], m == 2);
		}
		close(to[0]);
		close(back[1]);
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
		if (m == 3) {
			char rec[40] = { 1 };

			if (write(to[1], rec, sizeof(rec)) != (ssize_t)sizeof(rec) ||
			    read(to[0], rec, sizeof(rec)) != (ssize_t)sizeof(rec)) {
				perror("bare-alloc: self pipe");
				return 1;
			}
		} else if (m) {
			char rec[40] = { 1 }, c;
			struct pollfd p = { .fd = back[0], .events = POLLIN };

			if (write(to[1], rec, sizeof(rec)) != (ssize_t)sizeof(rec) ||
			    (m == 2 && (poll(&p, 1, -1) < 0 || read(back[0], &c, 1) != 1))) {
				perror("bare-alloc: peer");
				return 1;
			}
		}
		io[ok] = t1 - t0;
		rd[ok++] = now_ns() - t0;
	}
	close(fd);
	if (m) {
		close(to[1]);
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	if (!ok)
		return 1;
	qsort(io, ok, sizeof(*io), cmp);
	qsort(rd, ok, sizeof(*rd), cmp);
	printf("bare-alloc heap=%s bytes=%llu rounds=%llu mode=%s ok=%zu ioctl_median_ns=%llu "
	       "ioctl_min_ns=%llu round_median_ns=%llu\n", argv[1], bytes, rounds, mode, ok,
	       (unsigned long long)io[ok / 2], (unsigned long long)io[0],
	       (unsigned long long)rd[ok / 2]);
	free(io);
	free(rd);
	return ok == rounds ? 0 : 1;
}
