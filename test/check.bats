#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# status --check: exit 6 and one line per problem, the same list in --json. The expected
# problems of each fixture come from its own files (the log's lines, the command line,
# fdtget on the DTB), never from cmactl.
load test_helper
bats_require_minimum_version 1.5.0

# expected_ids ROOT [LOG]: the problems the files show, one id a line, in the table's order.
expected_ids() {
	local root=$1 log=${2:-$1/var/log/dmesg} cma dt node rel
	if [ -f "$log" ] && grep -q 'alloc failed, req-size' "$log"; then echo alloc-failures; fi
	if [ -f "$log" ] && grep -qE 'cma: Failed to reserve|incorrect alignment of CMA region|unable to setup CMA region' "$log"; then
		echo reserve-failed
	fi
	# cma= (last one wins) against the DT default node, on 5.6+ where cma= bypasses it
	cma=$(tr ' ' '\n' <"$root/proc/cmdline" 2>/dev/null | sed -n 's/^cma=\([0-9]*\)M$/\1/p' | tail -n 1)
	rel=$(cat "$root/proc/sys/kernel/osrelease" 2>/dev/null)
	if [ -n "$cma" ] && [ -f "$root/sys/firmware/fdt" ] &&
		awk -F. -v r="$rel" 'BEGIN { split(r, v, "."); exit !(v[1] > 5 || (v[1] == 5 && v[2] + 0 >= 6)) }'; then
		for node in $(fdtget -l "$root/sys/firmware/fdt" /reserved-memory 2>/dev/null); do
			fdtget -p "$root/sys/firmware/fdt" "/reserved-memory/$node" | grep -qx linux,cma-default || continue
			dt=$(fdtget -t x "$root/sys/firmware/fdt" "/reserved-memory/$node" size 2>/dev/null | awk '{print $NF}')
			[ -n "$dt" ] && [ $((0x$dt)) -gt $((cma << 20)) ] && echo cmdline-shrinks-dt
		done
	fi
	return 0
}

# check_root ROOT [ARGS]: --check in text and JSON agree with expected_ids and the exit code.
check_root() {
	local root=$1 want got
	shift
	want=$(expected_ids "$root" "${LOGFILE:-}")
	run "$CMACTL" --root "$root" "$@" --json status --check
	got=$(jq -r '.checks[].id' <<<"$output")
	[ "$got" = "$want" ] || { echo "$root: checks '$got', expected '$want'"; false; }
	if [ -n "$want" ]; then [ "$status" -eq 6 ]; else [ "$status" -eq 0 ] || [ "$status" -eq 3 ]; fi
	# text: one "  id: " line per problem, the same ids
	run "$CMACTL" --root "$root" "$@" status --check
	got=$(sed -n 's/^  \([a-z-]*\): .*/\1/p' <<<"$(sed -n '/^Check:/,$p' <<<"$output")")
	[ "$got" = "$want" ]
	if [ -n "$want" ]; then [ "$status" -eq 6 ]; else [[ $output == *"Check: no problem found"* ]]; fi
}

@test "--check on every fixture: the problems its files show, exit 6 when any" {
	n=0 found=0
	for d in "$FIXTURES"/*/; do
		[ -d "$d/proc" ] || continue
		root=$(fixture_root "$(basename "$d")")
		check_root "$root"
		[ -z "$(expected_ids "$root")" ] || found=$((found + 1))
		n=$((n + 1))
	done
	[ "$n" -ge 15 ]
	[ "$found" -ge 2 ]	# lab-d and stock-d: cma=32M under a 96 MiB DT node
}

@test "--check on every log: failures since boot, a failed reservation" {
	E=$BATS_TEST_TMPDIR/empty
	mkdir -p "$E"
	n=0
	for log in "$FIXTURES"/logs/*.log "$FIXTURES"/logs/*.txt; do
		LOGFILE=$log check_root "$E" --dmesg "$log"
		n=$((n + 1))
	done
	[ "$n" -ge 7 ]
	run "$CMACTL" --root "$E" --dmesg "$FIXTURES/logs/v6.1-reserve-failed.log" status --check
	[ "$status" -eq 6 ]
	[[ $output == *"reserve-failed: a CMA reservation failed at boot"* ]]
	n=$(grep -c 'alloc failed, req-size' "$FIXTURES/logs/v6.1-kmsg-raw.txt")
	run "$CMACTL" --root "$E" --dmesg "$FIXTURES/logs/v6.1-kmsg-raw.txt" --json status --check
	[[ $(jq -r '.checks[0].text' <<<"$output") == "$n CMA allocation failure(s) in the kernel log since boot"* ]]
}

@test "--check: the default area without its heap although CONFIG_DMABUF_HEAPS_CMA=y" {
	root=$(fixture_root lab-a-kconfig16M)
	zcat "$root/proc/config.gz" | grep -qx CONFIG_DMABUF_HEAPS_CMA=y
	cp -r "$FIXTURES/stress/dev-heaps/." "$root"
	# the lab kernel's heaps (reserved, system): nothing to say
	run "$CMACTL" --root "$root" status --check
	[ "$status" -eq 0 ]
	rm "$root/dev/dma_heap/reserved"
	run "$CMACTL" --root "$root" --json status --check
	[ "$status" -eq 6 ]
	[ "$(jq -r '.checks[].id' <<<"$output")" = default-without-heap ]
	[[ $(jq -r '.checks[0].text' <<<"$output") == *"'reserved' has no heap"* ]]
	# no dev/dma_heap at all: unknown, so silent
	rm -r "$root/dev"
	run "$CMACTL" --root "$root" status --check
	[ "$status" -eq 0 ]
}

@test "--check: a layer that asked for more than the kernel reserved" {
	root=$(fixture_root lab-b-cmdline-cma32M)
	grep -q 'cma: Reserved 32 MiB' "$root/var/log/dmesg"
	printf 'cma=64M\n' >"$BATS_TEST_TMPDIR/cmdline"
	run "$CMACTL" --root "$root" --cmdline "$BATS_TEST_TMPDIR/cmdline" --json status --check
	[ "$status" -eq 6 ]
	[ "$(jq -r '.checks[].id' <<<"$output")" = layer-short ]
	[[ $(jq -r '.checks[0].text' <<<"$output") == "cmdline (cma=64M) asked for 64 MiB but the kernel reserved 32 MiB"* ]]
}

@test "without --check: no checks key, and the exit status ignores problems" {
	root=$(fixture_root lab-d-dt-size96M-cmdline-cma32M)
	run "$CMACTL" --root "$root" --json status
	[ "$status" -eq 0 ]
	[ "$(jq 'has("checks")' <<<"$output")" = false ]
	run "$CMACTL" --root "$root" status
	[[ $output != *"Check:"* ]]
}
