#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /tests.d/stress72.sh in a 7.2 lab-kernel boot (16 MiB default area "reserved"; with the
# non-default DT pool also "mycma", 96 MiB): `cmactl stress` on 7.2, issue 15. Same
# output format as stress.sh ("--- case NAME", stdout, "--- stderr", "--- rc N"), plus
# the kernel's own counters around each case ("--- sysfs" lines: file: value), read here
# with cat, not by cmactl. test/vm/stress-checks72.sh reads this.

counters() { # every CMA sysfs counter, "AREA/FILE VALUE" per line
	for f in /sys/kernel/mm/cma/*/*; do
		echo "${f#/sys/kernel/mm/cma/} $(cat "$f")"
	done
}
CASE_LABEL=sysfs
# shellcheck source=test/vm/guest/caselib.sh
. /tests.lib/caselib.sh

echo "--- heaps"
ls /dev/dma_heap
# Which heap each tool picks with no --heap (must be the same one).
case_run pick-stress cmactl --json stress --dry-run --size 1M
case_run pick-client dmaheap-alloc --json 1M
# A request larger than the whole area: 7.2 logs __cma_alloc_frozen ... ret: -16 and a
# four-line free-page dump (DOMAIN.md section 7).
case_run size-4097p cmactl --json stress --size 4097p
case_run size-4097p-text cmactl stress --size 4097p
case_run size-4096p cmactl --json stress --size 4096p
case_run 1M-x8 cmactl --json stress --size 1M --count 8 --hold 0.2
case_run 1M-x8-text cmactl stress --size 1M --count 8
case_run until-fail cmactl --json stress --until-fail --size 1M
# The bound is the chosen area's 16 MiB, not CmaTotal (which counts every area).
case_run refused cmactl stress --size 1M --count 17
case_run forced-text cmactl stress --force --size 1M --count 2
if [ -e /dev/dma_heap/mycma ]; then
	case_run mycma-8M cmactl --json stress --heap mycma --size 1M --count 8 --hold 0.2
	case_run mycma-refused cmactl stress --heap mycma --size 1M --count 97
	case_run mycma-client dmaheap-alloc --json --heap mycma 1M 1M
fi
# The kernel's own log of the whole run, to hold cmactl's quotes against.
echo "--- dmesg-after"
dmesg
echo "--- end"
