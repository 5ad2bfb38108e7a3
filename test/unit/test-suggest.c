// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the did-you-mean matcher (distances counted by hand). */
#include "model/suggest.h"
#include "unit.h"

static const char *const cmds[] = { "status", "set", "unset", "stress" };
static const char *const opts[] = { "dry-run", "dmesg", "dtb", "json", "root", "via" };

int main(void)
{
	CHECK_U64(edit_distance("status", "status"), 0);
	CHECK_U64(edit_distance("statsu", "status"), 1);	/* one swap */
	CHECK_U64(edit_distance("stat", "status"), 2);		/* two insertions */
	CHECK_U64(edit_distance("kitten", "sitting"), 3);
	CHECK_U64(edit_distance("", "set"), 3);
	CHECK_STR(suggest_closest("statsu", cmds, 4), "status");
	CHECK_STR(suggest_closest("stres", cmds, 4), "stress");
	CHECK_STR(suggest_closest("unest", cmds, 4), "unset");
	CHECK_STR(suggest_closest("dry-rnu", opts, 6), "dry-run");
	CHECK_STR(suggest_closest("dtbb", opts, 6), "dtb");
	CHECK(suggest_closest("frobnicate", cmds, 4) == NULL);
	CHECK(suggest_closest("x", opts, 6) == NULL);		/* 1 edit from nothing useful */
	CHECK(suggest_closest("ab", opts, 6) == NULL);
	return UNIT_DONE("suggest");
}
