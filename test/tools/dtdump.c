// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dtdump: print what dt_parse() reads from DTB files, in a stable text
 * format, so test/dt-corpus.bats can compare it with fdtget. Test tool only.
 * With several files (one process for a whole corpus: forks are what cost),
 * each dump starts with "file PATH", and a file dt_parse() rejects gives
 * "error MESSAGE" instead of a dump. Exit status 1 if any file failed.
 *
 * Output, one record per line, fields separated by one space, "-" for absent,
 * numbers in hex with 0x:
 *   model <text>            (rest of line; may be empty)
 *   compatible <text>
 *   memory_bytes <n>
 *   bootargs absent | bootargs present <cma size or -> <cma base or ->
 *   pools <n>
 *   pool <name> <size> <reg_base> <reg_size> <default> <reusable> <no_map>
 *        <ar_base> <ar_size> <alignment>      (flags are 0/1; one line)
 */
#include <stdio.h>
#include <stdlib.h>

#include "model/dt.h"

static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return buf;
}

static void num(FILE *o, bool has, uint64_t v)
{
	if (has)
		fprintf(o, " 0x%llx", (unsigned long long)v);
	else
		fputs(" -", o);
}

static void dump(FILE *o, const struct cma_dt *dt)
{
	fprintf(o, "model %s\ncompatible %s\n", dt->model, dt->compatible);
	fprintf(o, "memory_bytes 0x%llx\n", (unsigned long long)dt->memory_bytes);
	if (dt->has_bootargs) {
		fputs("bootargs present", o);
		num(o, dt->bootargs.has_cma && dt->bootargs.cma_valid, dt->bootargs.size);
		num(o, dt->bootargs.has_base, dt->bootargs.base);
		fputc('\n', o);
	} else {
		fputs("bootargs absent\n", o);
	}
	fprintf(o, "pools %d\n", dt->npools);
	for (int i = 0; i < dt->npools; i++) {
		const struct cma_dt_pool *p = &dt->pools[i];

		fprintf(o, "pool %s", p->name);
		num(o, p->has_size, p->size);
		num(o, p->has_reg, p->reg_base);
		num(o, p->has_reg, p->reg_size);
		fprintf(o, " %d %d %d", p->is_default, p->reusable, p->no_map);
		num(o, p->has_alloc_ranges, p->ar_base);
		num(o, p->has_alloc_ranges, p->ar_size);
		num(o, p->has_alignment, p->alignment);
		fputc('\n', o);
	}
}

static int dump_file(const char *path, bool many)
{
	static struct cma_dt dt;
	char err[200];
	size_t len = 0;
	void *blob = read_file(path, &len);
	int rc;

	if (many)
		printf("file %s\n", path);
	if (!blob) {
		perror(path);
		if (many)
			puts("error cannot read");
		return 1;
	}
	rc = dt_parse(blob, len, &dt, err, sizeof(err));
	free(blob);
	if (rc) {
		fprintf(stderr, "%s: %s\n", path, err);
		if (many)
			printf("error %s\n", err);
		return 1;
	}
	dump(stdout, &dt);
	return 0;
}

int main(int argc, char **argv)
{
	int bad = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: dtdump FILE.dtb...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		bad |= dump_file(argv[i], argc > 2);
	if (fflush(stdout) || ferror(stdout))
		return 1;
	return bad;
}
