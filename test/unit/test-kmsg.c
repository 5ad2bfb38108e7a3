// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the /dev/kmsg record parser (src/model/kmsg.c). */
#include "model/kmsg.h"
#include "unit.h"

/* A record as lab-d's 6.1.192 /dev/kmsg returned it (fixtures/logs/v6.1-kmsg-raw.txt). */
static void test_record(void)
{
	static const char rec[] = "3,412,710306,-;cma: cma_alloc: reserved: alloc failed, "
				  "req-size: 4096 pages, ret: -12\n";
	struct kmsg_record r;
	char line[256];

	CHECK(kmsg_parse(rec, sizeof(rec) - 1, &r));
	CHECK_U64(r.prio, 3);
	CHECK_U64(r.seq, 412);
	CHECK_U64(r.usec, 710306);
	kmsg_format_dmesg(&r, line, sizeof(line));
	CHECK_STR(line, "[    0.710306] cma: cma_alloc: reserved: alloc failed, req-size: "
		  "4096 pages, ret: -12");
}

/* The dictionary lines after the message are not part of it. */
static void test_dictionary(void)
{
	static const char rec[] = "6,20,1234567,-;Reserved memory: bypass linux,cma node\n"
				  " SUBSYSTEM=platform\n DEVICE=+platform:9000000.pl011\n";
	struct kmsg_record r;
	char line[256];

	CHECK(kmsg_parse(rec, sizeof(rec) - 1, &r));
	kmsg_format_dmesg(&r, line, sizeof(line));
	CHECK_STR(line, "[    1.234567] Reserved memory: bypass linux,cma node");
	CHECK(!kmsg_parse(" SUBSYSTEM=platform", 19, &r));
}

static void test_not_records(void)
{
	static const char *const bad[] = {
		"", "6", "6,1", "6,1,2", "6,1,2,-", "6,1,2,- ;x", "[    0.0] cma: x",
		"a,1,2,-;x", "6,,2,-;x", "99999999999999999999,1,2,-;x",
	};
	struct kmsg_record r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(!kmsg_parse(bad[i], strlen(bad[i]), &r));
	/* a later kernel's extra fields before ';' are allowed (dev-kmsg ABI) */
	CHECK(kmsg_parse("4,7,8,c,caller=T1;hi", 20, &r) && r.msg_len == 2);
}

int main(void)
{
	test_record();
	test_dictionary();
	test_not_records();
	return UNIT_DONE("kmsg");
}
