#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A pretend CMA workload for the watch tests: moves the counters of a
# --root fixture tree (lab-b: area "reserved", 8192 pages) through known
# states, each held for HOLD seconds, the way the kernel would while
# buffers are allocated and freed. Files are replaced by rename, as a
# sysfs read always sees a whole value.
# Usage: cma-workload.sh ROOT HOLD EXIT
# The states (used, maxchunk pages) are exported by the test as
# W_STATES="96:8096 4000:4096 6000:1000 1024:7000"; after the third state a
# failure of W_FAIL_PAGES pages is logged to dev/kmsg, then counted in sysfs.
set -eu
root=$1 hold=$2 code=$3
dbg=$root/sys/kernel/debug/cma/reserved
sys=$root/sys/kernel/mm/cma/reserved

put() {	# put FILE VALUE: atomically
	printf '%s\n' "$2" > "$1.tmp"
	mv "$1.tmp" "$1"
}

set_state() {	# set_state USED MAXCHUNK
	put "$dbg/used" "$1"
	put "$dbg/maxchunk" "$2"
	awk -v free=$(( (8192 - $1) * 4 )) '$1 == "CmaFree:" { $2 = free } { print }' \
		"$root/proc/meminfo" > "$root/proc/meminfo.tmp"
	mv "$root/proc/meminfo.tmp" "$root/proc/meminfo"
}

n=0
for st in $W_STATES; do
	set_state "${st%%:*}" "${st#*:}"
	n=$((n + 1))
	sleep "$hold"
	if [ "$n" -eq 3 ]; then
		# the kernel logs first, then counts (linux-6.1/mm/cma.c cma_alloc())
		printf '3,900,%s,-;cma: cma_alloc: reserved: alloc failed, req-size: %s pages, ret: -12\n' \
			"$(date +%s)000000" "$W_FAIL_PAGES" >> "$root/dev/kmsg"
		sleep "$hold"
		put "$sys/alloc_pages_fail" "$W_FAIL_PAGES"
		sleep "$hold"
	fi
done
exit "$code"
