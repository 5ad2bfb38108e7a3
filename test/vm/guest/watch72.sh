#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /tests.d/watch72.sh in a 7.2 lab-kernel boot (issue 14's lab part): `cmactl watch --
# COMMAND` around workloads of known sizes and hold times, and `cmactl recommend --from`
# the record of the round-trip workload. Every case: "--- case NAME", watch's stdout
# (NDJSON: setup line, samples, failures, summary), "--- stderr", the kernel's own
# counters read with cat before and after ("--- counters-before/after": "KEY VALUE"),
# "--- rc N". test/vm/watch-checks.sh reads this.
# The round-trip workload (run.sh boots it twice: at 16 MiB, then at the recommended size):
RT_WORKLOAD="dmaheap-alloc --hold 1 8M 8M 8M"

counters() {
	for f in /sys/kernel/mm/cma/*/*; do
		echo "sysfs:${f#/sys/kernel/mm/cma/} $(cat "$f")"
	done
	for d in /sys/kernel/debug/cma/*; do
		echo "debugfs:${d##*/}/used $(cat "$d/used")"
	done
	grep '^cma_' /proc/vmstat | sed 's/^/vmstat:/'
	grep '^Cma' /proc/meminfo | awk '{print "meminfo:" $1, $2}'
}
CASE_LABEL=counters
# shellcheck source=test/vm/guest/caselib.sh
. /tests.lib/caselib.sh

# Eight 1 MiB buffers held 2 s, allocated by the bare client (known sizes).
# shellcheck disable=SC2086 # the workloads are words without spaces
case_run client-8x1M cmactl watch --json --interval 100ms -- dmaheap-alloc --hold 2 1M 1M 1M 1M 1M 1M 1M 1M
# The same through `cmactl stress` (the issue's "watch -- stress").
case_run stress-8x1M cmactl watch --json --interval 100ms -- cmactl stress --size 1M --count 8 --hold 2
# An oversized request (4097 pages > the 16 MiB area): a failure watch must report.
case_run oversized cmactl watch --json --interval 100ms -- dmaheap-alloc --hold 1 1M 4097p
# The round-trip workload, recorded, and what recommend makes of the record.
# shellcheck disable=SC2086
case_run rt-workload cmactl watch --json --interval 100ms --record /tmp/rt.ndjson -- $RT_WORKLOAD
case_run rt-recommend cmactl --json recommend --from /tmp/rt.ndjson
case_run rt-recommend-text cmactl recommend --from /tmp/rt.ndjson
echo "--- dmesg-after"
dmesg
echo "--- end"
