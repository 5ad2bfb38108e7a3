#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Host-side checks of `cmactl watch -- COMMAND` on the 7.2 lab kernel (issue 14): reads
# the "watch72" section test/vm/guest/watch72.sh printed and prints TAP-like
# "ok/not ok - NAME: ..." lines; exit status 1 if any check failed.
#
#   watch-checks.sh RESULT_FILE NAME BOOT
#
# BOOT 1: the 16 MiB boot (the round-trip workload fails there); BOOT 2: the boot at the
# size recommend gave (the same workload must not fail). Expected values: the sizes the
# workloads hold (dmaheap-alloc's arguments) and the kernel's own counters, read with cat
# around every case (sysfs, debugfs used, /proc/vmstat), and its log after the run.
set -uo pipefail

out=${1:?usage: watch-checks.sh RESULT_FILE NAME BOOT}
name=${2:-watch72}
boot=${3:-1}
fails=0
# shellcheck source=test/vm/checklib.sh
. "$(dirname "$0")/checklib.sh"
# summary CASE FILTER: jq on watch's summary object (its last NDJSON line)
summary() { part "$1" "" | grep '"type": *"summary"' | tail -n 1 | jq -r "$2" 2>/dev/null; }
# kernel CASE before|after KEY: one of the kernel's counters
kernel() { part "$1" "counters-$2" | awk -v k="$3" '$1 == k {print $2}'; }
delta() {
	local a b
	b=$(kernel "$1" before "$2") a=$(kernel "$1" after "$2")
	[ -n "$a" ] && [ -n "$b" ] && echo $((a - b))
}
area() { echo "[.areas[] | select(.name == \"reserved\")][0]"; }

[ -s "$out" ] || { notok "no watch72 output at $out"; exit 1; }

# held CASE PAGES: a workload that holds PAGES pages of the default area ("reserved") at once
held() {
	local c=$1 pages=$2 used0
	used0=$(kernel "$c" before debugfs:reserved/used)
	check "$c: watch exits with the command's status (0)" "$(rc "$c"):$(summary "$c" .command_exit)" 0:0
	check "$c: peak used = the kernel's used before + $pages pages held" \
		"$(summary "$c" "$(area).peak_used_pages")" $((used0 + pages))
	check "$c: alloc_pages_success growth = the kernel's sysfs delta" \
		"$(summary "$c" "$(area).counter_growth.alloc_pages_success")" \
		"$(delta "$c" sysfs:reserved/alloc_pages_success)"
	check "$c: the kernel's sysfs delta is the $pages pages held" \
		"$(delta "$c" sysfs:reserved/alloc_pages_success)" "$pages"
	check "$c: vmstat cma_alloc_success growth = the kernel's /proc/vmstat delta" \
		"$(summary "$c" .vmstat_cma_alloc_success)" "$(delta "$c" vmstat:cma_alloc_success)"
	# CmaTotal - CmaFree also moves with movable pages the buddy allocator lends out
	# of CMA (seen: CmaFree 4 kB lower just before the 7.2 round trip's workload than
	# at its peak's baseline), so the bound is the pages the CMA bitmap holds: debugfs
	# `used` before plus those held, which are never free at the peak.
	check "$c: peak CMA use (meminfo) >= the kernel's used before + $pages pages held" \
		"$(summary "$c" ".peak_cma_used_bytes >= ($used0 + $pages) * 4096")" true
	check "$c: no failure" "$(summary "$c" .failures_total)" 0
	check "$c: not approximate (sysfs and debugfs there)" "$(summary "$c" .approximate)" false
}

if [ "$boot" = 1 ]; then
	held client-8x1M 2048
	held stress-8x1M 2048
	# the oversized request: 1M held, then 4097 pages that cannot fit in 4096
	c=oversized
	kline=$(sed -n '/^--- dmesg-after$/,$p' "$out" |
		grep -E '__cma_alloc_frozen: reserved: alloc failed, req-size: 4097 pages, ret: -[0-9]+' | head -n 1)
	if [ -n "$kline" ]; then
		ok "$c: the kernel logged: ${kline#*] }"
		check "$c: the failure watch reports = the kernel's line (area pages ret, from the log)" \
			"$(summary $c '[.failures[] | select(.pages == 4097)][0] | "\(.area) \(.pages) \(.ret) \(.source)"')" \
			"reserved 4097 $(sed -n 's/.*ret: \(-[0-9]*\).*/\1/p' <<<"$kline") kernel_log"
	else
		notok "$c: the kernel logged no failure for 4097 pages"
	fi
	check "$c: alloc_pages_fail growth = the kernel's sysfs delta" \
		"$(summary $c "$(area).counter_growth.alloc_pages_fail")" "$(delta $c sysfs:reserved/alloc_pages_fail)"
	check "$c: largest failed = 4097 pages" "$(summary $c .largest_failed_pages)" 4097
	check "$c: watch passes the command's failure through (non-zero)" \
		"$(summary $c '.command_exit != 0'):$(rc $c)" "true:$(summary $c .command_exit)"
	check "$c: peak used = the kernel's used before + 256 pages (the 1M held)" \
		"$(summary $c "$(area).peak_used_pages")" $(($(kernel $c before debugfs:reserved/used) + 256))
	c=rt-workload
	check "$c: at 16 MiB the 3 x 8 MiB workload fails (kernel sysfs alloc_pages_fail grew)" \
		"$(($(delta $c sysfs:reserved/alloc_pages_fail) > 0))" 1
	check "$c: watch saw every failed 8 MiB request the kernel counted" \
		"$(summary $c '[.failures[] | select(.pages == 2048)] | length')" \
		$(($(delta $c sysfs:reserved/alloc_pages_fail) / 2048))
	check "rt-recommend: exit status 0" "$(rc rt-recommend)" 0
	check "rt-recommend: recommends more than the 16 MiB now" \
		"$(part rt-recommend "" | jq -r '.size_bytes > 16777216')" true
else
	held client-8x1M 2048
	c=rt-workload
	held $c 6144
fi
[ "$fails" -eq 0 ]
