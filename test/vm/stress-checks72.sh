#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Host-side checks of `cmactl stress` on the 7.2 lab kernel (issue 15): reads the
# "stress72" section that test/vm/guest/stress72.sh printed and prints TAP-like
# "ok/not ok - NAME: ..." lines; exit status 1 if any check failed.
#
#   stress-checks72.sh RESULT_FILE NAME
#
# Expected values come from the kernel: the CMA sysfs counters the guest script read
# with cat around every case, /dev/dma_heap, and the kernel log after the run.
set -uo pipefail

out=${1:?usage: stress-checks72.sh RESULT_FILE NAME}
name=${2:-stress72}
PAGE=4096 # arm64 with 4 KiB pages (the lab fragment's default)
fails=0
# shellcheck source=test/vm/checklib.sh
. "$(dirname "$0")/checklib.sh"
body() { part "$1" ""; }
jqc() { body "$1" | jq -r "$2" 2>/dev/null; }
# delta CASE AREA/FILE: the kernel's counter after minus before
delta() {
	local a b
	b=$(part "$1" sysfs-before | awk -v k="$2" '$1 == k {print $2}')
	a=$(part "$1" sysfs-after | awk -v k="$2" '$1 == k {print $2}')
	[ -n "$a" ] && [ -n "$b" ] && echo $((a - b))
}
kernel_log() { sed -n '/^--- dmesg-after$/,/^--- end$/p' "$out"; }

[ -s "$out" ] || { notok "no stress72 output at $out"; exit 1; }

# ---- heaps and the heap each tool picks
heaps=$(sed -n '/^--- heaps$/,/^--- case /p' "$out" | sed '1d;$d' | sort | paste -sd,)
c=pick-stress
check "$c: exit status 0" "$(rc $c)" 0
check "$c: stress and dmaheap-alloc pick the same heap" \
	"$(jqc $c .heap.name)" "$(jqc pick-client '.[0].heap')"
check "$c: the heap is the default area's (reserved)" "$(jqc $c .heap.area)" reserved
check "$c: ... and names its twin heap of the same area" \
	"$(jqc $c '"\(.heap.name)+\(.heap.same_area_as)"' | tr + '\n' | sort | paste -sd,)" \
	"$(tr , '\n' <<<"$heaps" | grep -xE 'default_cma_region|reserved' | paste -sd,)"
check "$c: the bound is the area's size from sysfs total_pages" "$(jqc $c .plan.bound_bytes)" \
	$(($(part $c sysfs-before | awk '$1 == "reserved/total_pages" {print $2}') * PAGE))

# ---- a request larger than the area
c=size-4097p
kline=$(kernel_log | grep -E 'cma: __cma_alloc_frozen: reserved: alloc failed, req-size: 4097 pages, ret: -[0-9]+' | head -n 1)
kret=$(sed -n 's/.*ret: \(-[0-9]*\).*/\1/p' <<<"$kline")
check "$c: exit status 4 (allocation failed)" "$(rc $c)" 4
check "$c: verdict" "$(jqc $c .verdict.code)" larger-than-area
if [ -n "$kline" ]; then
	ok "$c: the kernel logged: ${kline#*] }"
	check "$c: verdict does not say the kernel logged nothing" \
		"$(jqc $c '.verdict.text | test("logged nothing")')" false
	check "$c: alloc_failures has the kernel's failure" \
		"$(jqc $c '.kernel_log.alloc_failures[0] | "\(.area) \(.pages) \(.ret)"')" "reserved 4097 $kret"
	check "$c: quotes the kernel's line" \
		"$(jqc $c '[.kernel_log.lines[] | select(test("__cma_alloc_frozen: reserved: alloc failed, req-size: 4097 pages"))] | length')" 1
else
	notok "$c: the kernel logged no __cma_alloc_frozen failure for 4097 pages"
fi
dump=$(kernel_log | grep -oE '=> [0-9]+ free of [0-9]+ total pages' | head -n 1)
if [ -n "$dump" ]; then
	check "$c: keeps the kernel's '$dump' line" \
		"$(body $c | D=$dump jq -r '[.kernel_log.lines[] | select(contains(env.D))] | length')" 1
else
	notok "$c: the kernel logged no '=> N free of T total pages' line"
fi
check "$c: sysfs alloc_pages_fail delta = the kernel's" "$(jqc $c .deltas.alloc_pages_fail)" \
	"$(delta $c reserved/alloc_pages_fail)"
c=size-4097p-text
check "$c: exit status 4" "$(rc $c)" 4
check "$c: no 'bound: none (--force)' without --force" "$(body $c | grep -c 'none (--force)')" 0
check "$c: no 'logged nothing'" "$(body $c | grep -c 'logged nothing')" 0

# ---- the whole area while pages are in use
c=size-4096p
check "$c: exit status 4" "$(rc $c)" 4
check "$c: alloc_failures: reserved 4096" "$(jqc $c '.kernel_log.alloc_failures[0] | "\(.area) \(.pages)"')" "reserved 4096"
check "$c: sysfs alloc_pages_fail delta = the kernel's" "$(jqc $c .deltas.alloc_pages_fail)" \
	"$(delta $c reserved/alloc_pages_fail)"

# ---- sizes and counters
c=1M-x8
check "$c: exit status 0" "$(rc $c)" 0
check "$c: 8 succeeded" "$(jqc $c .allocations.succeeded)" 8
check "$c: kernel sysfs alloc_pages_success +2048" "$(delta $c reserved/alloc_pages_success)" 2048
check "$c: cmactl's delta = the kernel's" "$(jqc $c .deltas.alloc_pages_success)" "$(delta $c reserved/alloc_pages_success)"
check "$c: kernel sysfs release_pages_success +2048 (all freed)" "$(delta $c reserved/release_pages_success)" 2048
check "$c: CmaFree drops by 8 MiB while held" \
	"$(jqc $c '.before.cma_free_bytes - .at_peak.cma_free_bytes')" 8388608
c=1M-x8-text
check "$c: bound is the area's 16 MiB" "$(body $c | grep -c '^bound: .*16 MiB.*the area.s size')" 1
check "$c: no 'bound: none'" "$(body $c | grep -c '^bound: *none')" 0
c=until-fail
check "$c: exit status 4" "$(rc $c)" 4
check "$c: 256 pages per success, as sysfs counted" \
	"$(($(jqc $c .allocations.succeeded) * 256))" "$(delta $c reserved/alloc_pages_success)"
check "$c: one failure, as sysfs counted (256 pages)" "$(delta $c reserved/alloc_pages_fail)" 256
check "$c: each: the failure last" "$(jqc $c '[.each[] | .ok] | last')" false
c=jobs2-rounds
check "$c: exit status 0" "$(rc $c)" 0
check "$c: more than one round" "$(jqc $c '.allocations.rounds > 1')" true
check "$c: 256 pages per success, as sysfs counted" \
	"$(($(jqc $c .allocations.succeeded) * 256))" "$(delta $c reserved/alloc_pages_success)"
check "$c: sysfs release_pages_success = alloc_pages_success (all freed)" \
	"$(delta $c reserved/release_pages_success)" "$(delta $c reserved/alloc_pages_success)"
check "$c: no failure, as sysfs counted" "$(delta $c reserved/alloc_pages_fail)" 0
c=jobs2-stop
check "$c: exit status 4" "$(rc $c)" 4
check "$c: stopped in the first round" "$(jqc $c .allocations.rounds)" 1
check "$c: stopped long before --duration 20 s" "$(jqc $c '.allocations.elapsed_ms < 5000')" true
check "$c: 1024 pages per failure, as sysfs counted" \
	"$(($(jqc $c .allocations.failed) * 1024))" "$(delta $c reserved/alloc_pages_fail)"
check "$c: sysfs release_pages_success = alloc_pages_success (all freed)" \
	"$(delta $c reserved/release_pages_success)" "$(delta $c reserved/alloc_pages_success)"
# ---- the job on its own (one job, one size, no --hold; issue 14)
for c in own-1M own-1M-x3; do
	n=${c#own-1M}
	n=${n#-x}
	n=${n:-1}
	check "$c: exit status 0" "$(rc $c)" 0
	check "$c: more than one round" "$(jqc $c '.allocations.rounds > 1')" true
	check "$c: $n succeeded per round" "$(jqc $c '.allocations.succeeded')" \
		"$(($(jqc $c .allocations.rounds) * n))"
	check "$c: 256 pages per success, as sysfs counted" \
		"$(($(jqc $c .allocations.succeeded) * 256))" "$(delta $c reserved/alloc_pages_success)"
	check "$c: sysfs release_pages_success = alloc_pages_success (all freed)" \
		"$(delta $c reserved/release_pages_success)" "$(delta $c reserved/alloc_pages_success)"
	check "$c: no failure, as sysfs counted" "$(delta $c reserved/alloc_pages_fail)" 0
	# rounds 0, 1, ... in order; the last one's number is rounds - 1 unless the list
	# was cut at its 4096 entries
	check "$c: each allocation listed with its round, 0 to rounds - 1" \
		"$(jqc $c '[.each[].round] as $r | ($r == ($r | sort)) and
			(($r | unique | length) == ($r | last) + 1) and
			(.each_dropped > 0 or ($r | last) == .allocations.rounds - 1)')" true
	check "$c: ran --duration's 1 s, not much more" \
		"$(jqc $c '.allocations.elapsed_ms >= 1000 and .allocations.elapsed_ms < 1500')" true
	check "$c: CmaFree at the peak: $n MiB less than before" \
		"$(jqc $c '.before.cma_free_bytes - .at_peak.cma_free_bytes')" $((n * 1048576))
done
c=own-sigint
check "$c: interrupted, summary printed" "$(jqc $c .allocations.interrupted)" true
check "$c: stopped long before --duration 30 s" "$(jqc $c '.allocations.elapsed_ms < 10000')" true
check "$c: more than one round" "$(jqc $c '.allocations.rounds > 1')" true
check "$c: sysfs release_pages_success = alloc_pages_success (all freed)" \
	"$(delta $c reserved/release_pages_success)" "$(delta $c reserved/alloc_pages_success)"
c=own-fail
check "$c: exit status 4 (allocation failed)" "$(rc $c)" 4
check "$c: more than one round before it" "$(jqc $c '.allocations.rounds > 1')" true
check "$c: one failure, of 8 MiB, the last allocation" \
	"$(jqc $c '[.allocations.failed, (.each | last | .bytes, .ok)] | @tsv')" \
	"$(printf '1\t8388608\tfalse')"
check "$c: stopped long before --duration 30 s" "$(jqc $c '.allocations.elapsed_ms < 20000')" true
check "$c: the kernel logged the failure (2048 pages)" \
	"$(jqc $c '[.kernel_log.alloc_failures[] | select(.pages == 2048)] | length')" 1
check "$c: ... and no other failure (the crowding processes' requests all succeeded)" \
	"$(jqc $c '[.kernel_log.alloc_failures[] | select(.pages != 2048)] | length')" 0
check "refused: exit status 5 (17 MiB over the 16 MiB area)" "$(rc refused)" 5
check "refused: names the area's size" "$(part refused stderr | grep -c "the area's size")" 1
check "forced-text: exit status 0" "$(rc forced-text)" 0
check "forced-text: 'bound: none (--force)'" "$(body forced-text | grep -c '^bound: *none (--force)')" 1

# ---- a non-default DT pool has a heap of its own (7.2)
if grep -q '^--- case mycma-8M$' "$out"; then
	c=mycma-8M
	check "$c: exit status 0" "$(rc $c)" 0
	check "$c: area mycma" "$(jqc $c .heap.area)" mycma
	check "$c: area_bytes = sysfs total_pages" "$(jqc $c .heap.area_bytes)" \
		$(($(part $c sysfs-before | awk '$1 == "mycma/total_pages" {print $2}') * PAGE))
	check "$c: kernel sysfs mycma alloc_pages_success +2048" "$(delta $c mycma/alloc_pages_success)" 2048
	check "$c: kernel sysfs reserved alloc_pages_success unchanged" "$(delta $c reserved/alloc_pages_success)" 0
	check "$c: cmactl's delta = the kernel's" "$(jqc $c .deltas.alloc_pages_success)" "$(delta $c mycma/alloc_pages_success)"
	check "mycma-refused: exit status 5 (97 MiB over the 96 MiB area)" "$(rc mycma-refused)" 5
	check "mycma-client: exit status 0" "$(rc mycma-client)" 0
	check "mycma-client: kernel sysfs mycma alloc_pages_success +512" "$(delta mycma-client mycma/alloc_pages_success)" 512
fi
[ "$fails" -eq 0 ]
