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
# Two jobs, many rounds: each job's FREED travels with its next round's records (issue
# 14), so the parent reads one job's next HELD while it waits for the other's FREED.
case_run jobs2-rounds cmactl --json stress --jobs 2 --size 1M --count 2 --duration 1
# Two jobs ask 24 MiB of the 16 MiB area (--force): the first failure stops the run at
# once (no --keep-going), long before --duration's 20 s.
case_run jobs2-stop cmactl --json stress --force --jobs 2 --size 4M --count 3 --duration 20
# One job, one fixed size, no --hold: after its first round the job runs the rounds on
# its own until --duration's deadline (issue 14); the counts are still the kernel's.
case_run own-1M cmactl --json stress --size 1M --count 1 --duration 1
case_run own-1M-x3 cmactl --json stress --size 1M --count 3 --touch --duration 1
# SIGINT to cmactl alone (not to its job) while the job runs on its own: the job sees
# the stop flag, everything is freed, the summary is printed.
own_sigint() {
	cmactl --json stress --size 1M --duration 30 >/tmp/own.json &
	pid=$!
	sleep 2
	kill -INT "$pid"
	wait "$pid"
	rc=$?
	cat /tmp/own.json
	return "$rc"
}
case_run own-sigint own_sigint
# A failure while the job runs on its own. Beside the job's 8 MiB, another cmactl holds
# 6 MiB of the 16 MiB area, and bare-alloc's grab mode takes 1 MiB for 5 ms, again and
# again: when it lands in the gap between the job's free and its next allocation, it
# sits in the job's range and the job's next request fails: the run stops there, long
# before --duration's 30 s (no request but the job's fails: no other failure is logged).
own_fail() {
	cmactl --json stress --heap default_cma_region --size 8M --duration 30 >/tmp/own.json &
	pid=$!
	sleep 1
	cmactl stress --heap default_cma_region --size 1M --count 6 --hold 40 >/dev/null 2>&1 &
	hpid=$!
	sleep 1
	bare-alloc default_cma_region 1048576 4000 grab >&2 &
	gpid=$!
	wait "$pid"
	rc=$?
	kill "$gpid" "$hpid"
	wait "$gpid" "$hpid"
	cat /tmp/own.json
	return "$rc"
}
case_run own-fail own_fail
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
