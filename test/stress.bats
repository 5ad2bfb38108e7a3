#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# `stress` and dmaheap-alloc where there are no heaps (this machine, --root trees of
# real boots): every "could not run" path has a clear message and exit status 5;
# plans and refusals on a tree with fake (regular-file) heap nodes. The real
# allocations are proven in the lab (test/vm/guest/stress.sh, test/vm/stress-checks.sh).
load test_helper

CLIENT=${DMAHEAP_ALLOC:-$(dirname "$CMACTL")/dmaheap-alloc}

# overlay ROOT NAME...: copy fixtures/stress/NAME trees on top of ROOT.
overlay() {
	local root=$1 n
	shift
	for n in "$@"; do cp -r "$FIXTURES/stress/$n/." "$root"; done
}

@test "live: this machine has no /dev/dma_heap: exit 5, says so" {
	[ ! -e /dev/dma_heap ] || skip "this machine has dma-buf heaps"
	run "$CMACTL" stress
	[ "$status" -eq 5 ]
	[ "${lines[0]}" = "cmactl: error: stress: no dma-buf heaps: /dev/dma_heap does not exist" ]
}

@test "stock-a: Debian config has no dma-buf heaps: quoted exactly, with what to enable" {
	root=$(fixture_root stock-a-default)
	run "$CMACTL" --root "$root" stress
	[ "$status" -eq 5 ]
	[ "${lines[0]}" = "cmactl: error: stress: no dma-buf heaps: $root/dev/dma_heap does not exist" ]
	[ "${lines[1]}" = "cmactl: error: stress: the kernel config ($root/boot/config-6.1.0-56-arm64) has '# CONFIG_DMABUF_HEAPS is not set': this kernel has no dma-buf heaps; enable CONFIG_DMABUF_HEAPS=y and CONFIG_DMABUF_HEAPS_CMA=y (which needs CONFIG_DMA_CMA=y) and rebuild it" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "x86 host without CMA: '# CONFIG_CMA is not set'" {
	root=$(fixture_root x86-host-no-cma)
	run "$CMACTL" --root "$root" stress --size 1M
	[ "$status" -eq 5 ]
	[[ "${lines[1]}" == *"has '# CONFIG_CMA is not set': this kernel has no CMA; enable CONFIG_CMA=y, CONFIG_DMA_CMA=y, CONFIG_DMABUF_HEAPS=y and CONFIG_DMABUF_HEAPS_CMA=y and rebuild it" ]]
}

@test "lab-a: heap built in but the tree has no dev/dma_heap" {
	root=$(fixture_root lab-a-kconfig16M)
	run "$CMACTL" --root "$root" stress
	[ "$status" -eq 5 ]
	[ "${lines[1]}" = "cmactl: error: stress: the kernel config ($root/proc/config.gz) has 'CONFIG_DMABUF_HEAPS_CMA=y': the CMA heap is built in" ]
	[ "${lines[2]}" = "cmactl: error: stress: libkmod could not tell whether cma_heap is built in or a module: $root/lib/modules/6.1.192 does not exist" ]
	[ "${lines[3]}" = "cmactl: error: stress: a --root tree holds no device nodes unless they were captured: run stress on the target itself" ]
}

@test "lab-a + modules.builtin: libkmod says built in, without reading the host" {
	root=$(fixture_root lab-a-kconfig16M)
	overlay "$root" modules-builtin
	run "$CMACTL" --root "$root" stress
	[ "$status" -eq 5 ]
	[ "${lines[2]}" = "cmactl: error: stress: libkmod: cma_heap is built into the kernel (modules.builtin)" ]
	if command -v strace >/dev/null; then
		run strace -f -e trace=open,openat,stat,newfstatat,access "$CMACTL" --root "$root" stress
		! grep -E '"/(sys/module|proc/modules|etc/modprobe.d|lib/modprobe.d)' <<<"$output"
	fi
}

@test "libkmod is opened only by stress; without it stress says so and status is unaffected" {
	# cmactl does not link libkmod (it would load libcrypto & co. for every command)
	[ "$(readelf -d "$CMACTL" | grep -c 'NEEDED.*libkmod')" -eq 0 ]
	lib=$(ldconfig -p | awk '/libkmod\.so\.2 .*x86-64/ {print $NF; exit}')
	[ -n "$lib" ] || skip "no libkmod.so.2 in the ld.so cache"
	unshare -m true 2>/dev/null || skip "no mount namespaces here (needs root)"
	root=$(fixture_root lab-a-kconfig16M)
	overlay "$root" modules-builtin
	# a private mount namespace where libkmod.so.2 is an empty file
	run unshare -m sh -c "mount --bind /dev/null '$lib' && '$CMACTL' --root '$root' stress"
	[ "$status" -eq 5 ]
	[[ "${lines[2]}" == "cmactl: error: stress: libkmod could not tell whether cma_heap is built in or a module: libkmod could not be loaded ("*"libkmod.so.2"* ]]
	run unshare -m sh -c "mount --bind /dev/null '$lib' && '$CMACTL' --root '$root' status"
	[ "$status" -eq 0 ]
}

@test "lab-m: CONFIG_DMABUF_HEAPS_CMA=m: a module; libkmod finds no modules directory" {
	root=$(fixture_root lab-m-cmaheap-module)
	run "$CMACTL" --root "$root" stress --load-module
	[ "$status" -eq 5 ]
	[ "${lines[1]}" = "cmactl: error: stress: the kernel config ($root/proc/config.gz) has 'CONFIG_DMABUF_HEAPS_CMA=m': the CMA heap is a module" ]
	[[ "${lines[2]}" == *"$root/lib/modules/6.1.192 does not exist" ]]
}

@test "--heap named but absent: the heaps that are there" {
	root=$(fixture_root lab-a-kconfig16M)
	overlay "$root" dev-heaps
	run "$CMACTL" --root "$root" stress --heap linux,cma
	[ "$status" -eq 5 ]
	[ "$output" = "cmactl: error: stress: no heap 'linux,cma' in $root/dev/dma_heap (heaps there: reserved, system)" ]
}

@test "--heap named, no dev/dma_heap at all" {
	root=$(fixture_root stock-a-default)
	run "$CMACTL" --root "$root" stress --heap reserved
	[ "$status" -eq 5 ]
	[ "${lines[0]}" = "cmactl: error: stress: no dma-buf heaps: $root/dev/dma_heap does not exist" ]
}

@test "--json when it cannot run: ran false and the reasons" {
	root=$(fixture_root stock-a-default)
	run bash -c "'$CMACTL' --root '$root' --json stress 2>/dev/null"
	[ "$status" -eq 5 ]
	[ "$(jqo .ran)" = false ]
	[ "$(jqo '.reason | length')" -eq 2 ]
	[[ "$(jqo '.reason[1]')" == *"'# CONFIG_DMABUF_HEAPS is not set'"* ]]
}

@test "--dry-run: the default area's heap and the plan; nothing allocated" {
	root=$(fixture_root lab-a-kconfig16M)
	overlay "$root" dev-heaps
	run "$CMACTL" --root "$root" --json stress --dry-run --size 1M --count 8
	[ "$status" -eq 0 ]
	[ "$(jqo '.heap | "\(.name) \(.area) \(.area_bytes) \(.cma_total_bytes)"')" = "reserved reserved 16777216 16777216" ]
	[ "$(jqo '.plan | "\(.count) \(.size_min_bytes) \(.bound_bytes)"')" = "8 1048576 16777216" ]
	[ "$(jqo .dry_run)" = true ]
	[ "$(jqo .allocations)" = null ]
	run "$CMACTL" --root "$root" stress --dry-run
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "heap:        reserved (CMA area 'reserved', 16 MiB = 4096 pages)" ]
	[ "${lines[-1]}" = "dry run:     nothing allocated" ]
}

@test "--dry-run 4097p: larger than the whole area, still sent once" {
	root=$(fixture_root lab-a-kconfig16M)
	overlay "$root" dev-heaps
	run "$CMACTL" --root "$root" --json stress --dry-run --size 4097p --count 3 --jobs 2
	[ "$status" -eq 0 ]
	[ "$(jqo '.plan | "\(.impossible_by_size) \(.count) \(.jobs) \(.size_min_bytes)"')" = "true 1 1 16781312" ]
}

@test "safety bound: more than the area holds at once is refused without --force" {
	root=$(fixture_root lab-a-kconfig16M)
	overlay "$root" dev-heaps
	run "$CMACTL" --root "$root" stress --dry-run --size 1M --count 9 --jobs 2
	[ "$status" -eq 5 ]
	[ "$output" = "cmactl: error: stress: refused: 2 job(s) x 9 buffer(s) of 1 MiB = 18 MiB held at once, more than the area's size (16 MiB); lower --count/--jobs or add --force" ]
	run "$CMACTL" --root "$root" stress --dry-run --size 1M --count 9 --jobs 2 --force
	[ "$status" -eq 0 ]
}

@test "the system heap is not CMA: refused without --force" {
	root=$(fixture_root lab-a-kconfig16M)
	overlay "$root" dev-heaps
	run "$CMACTL" --root "$root" stress --heap system --dry-run
	[ "$status" -eq 5 ]
	[ "$output" = "cmactl: error: stress: refused: heap 'system' is not backed by CMA (it is the buddy-allocator heap); add --force to allocate from it anyway" ]
}

@test "a heap node that is not a character device is never used" {
	root=$(fixture_root lab-a-kconfig16M)
	overlay "$root" dev-heaps
	run "$CMACTL" --root "$root" stress --size 1M
	[ "$status" -eq 5 ]
	[ "$output" = "cmactl: error: stress: cannot allocate from $root/dev/dma_heap/reserved: not a dma-heap character device" ]
}

@test "usage errors exit 2" {
	run "$CMACTL" stress --size 0
	[ "$status" -eq 2 ]
	run "$CMACTL" stress --size 1M --sizes 1M-2M
	[ "$status" -eq 2 ]
	run "$CMACTL" stress --jobs 0
	[ "$status" -eq 2 ]
	run "$CMACTL" stress --hold soon
	[ "$status" -eq 2 ]
	run "$CMACTL" stress --sizes 4M-1M
	[ "$status" -eq 2 ]
	run "$CMACTL" stress --until-fail --count 3
	[ "$status" -eq 2 ]
	run "$CMACTL" stress extra
	[ "$status" -eq 2 ]
}

@test "dmaheap-alloc: no heap, not a heap, usage" {
	root=$(fixture_root lab-a-kconfig16M)
	run "$CLIENT" --root "$root" 1M
	[ "$status" -eq 5 ]
	overlay "$root" dev-heaps
	run "$CLIENT" --root "$root" --heap reserved 4097p
	[ "$status" -eq 5 ]
	[ "$output" = "dmaheap-alloc: $root/dev/dma_heap/reserved: not a dma-heap character device" ]
	run "$CLIENT" --root "$root" --heap nope 1M
	[ "$status" -eq 5 ]
	run "$CLIENT"
	[ "$status" -eq 2 ]
	run "$CLIENT" 0
	[ "$status" -eq 2 ]
}

@test "a character device that is not a heap (/dev/null): the engine runs, reports could not run" {
	root=$(fixture_root lab-a-kconfig16M)
	mkdir -p "$root/dev/dma_heap"
	ln -s /dev/null "$root/dev/dma_heap/reserved"
	run "$CMACTL" --root "$root" stress --size 1M --count 2 --jobs 2
	[ "$status" -eq 5 ]
	[ "$output" = "cmactl: error: stress: cannot allocate from $root/dev/dma_heap/reserved: not a dma-heap device (DMA_HEAP_IOCTL_ALLOC: Inappropriate ioctl for device)" ]
}

# The heap a tool tried, from its "cannot allocate from DIR/HEAP" / "DIR/HEAP: not a
# dma-heap character device" message; "" when it picked none.
tried() {
	sed -n 's|.*/dev/dma_heap/\([^:]*\): not a dma-heap character device.*|\1|p' <<<"$1" | head -n 1
}

@test "stress and dmaheap-alloc pick the same heap (model/heaps.c), on the real 6.1 and 7.2 listings" {
	# /dev/dma_heap of ../shared/captures/lab-c-dt-size96M and captures-matrix/lab72-o-*,
	# with the areas their sysfs/debugfs listed, then a vendor heap beside a CMA one
	for set in "linux,cma system|linux,cma" \
		   "default_cma_region linux,cma mycma system|linux,cma mycma" \
		   "linux,cma vendor-heap system|linux,cma" \
		   "linux,cma vendor-heap system|"; do
		root=$BATS_TEST_TMPDIR/same
		rm -rf "$root"
		mkdir -p "$root/dev/dma_heap" "$root/proc"
		for h in ${set%|*}; do : > "$root/dev/dma_heap/$h"; done
		for a in ${set#*|}; do mkdir -p "$root/sys/kernel/debug/cma/$a"; done
		run "$CLIENT" --root "$root" 1M
		[ "$status" -eq 5 ]
		client=$(tried "$output")
		run "$CMACTL" --root "$root" stress --count 1 --size 1M --force
		[ "$status" -eq 5 ]
		[ "$(tried "$output")" = "$client" ]
		case $set in
		*"|")	# two candidates, no area known: both refuse, in the same words
			[ -z "$client" ]
			[[ $output == *"more than one heap could be the default CMA area's"* ]]
			run "$CLIENT" --root "$root" 1M
			[[ $output == *"more than one heap could be the default CMA area's"* ]] ;;
		default_cma_region*) [ "$client" = default_cma_region ] ;;
		*) [ "$client" = linux,cma ] ;;
		esac
	done
}
