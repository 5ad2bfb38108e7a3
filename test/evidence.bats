#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Issue 10 ("status, second generation"): each numbered case of its "Why",
# built from the lines the issue and ../shared/DOMAIN.md (1.2, 7) quote.
# Expected numbers are read from those lines with awk, not from cmactl.
load test_helper

setup() {
	EMPTY=$BATS_TEST_TMPDIR/empty
	mkdir -p "$EMPTY"
}

# status_log LOG [ARGS...]: `cmactl --root EMPTY --dmesg LOG status`, text and
# JSON; the JSON lands in $output, the text in $TEXT.
status_log() {
	local log=$1
	shift
	run "$CMACTL" --root "$EMPTY" --dmesg "$log" "$@" status
	[ "$status" -eq 0 ]
	TEXT=$output
	run "$CMACTL" --root "$EMPTY" --json --dmesg "$log" "$@" status
	[ "$status" -eq 0 ]
}

# total_pages LOG: T of the last "=> F free of T total pages" line.
total_pages() {
	awk '/=> [0-9]+ free of [0-9]+ total pages/ { for (i = 1; i < NF; i++) if ($i == "of") t = $(i + 1) } END { print t }' "$1"
}

# cma_reserved_kib LOG: N of "Memory: ... NK cma-reserved".
cma_reserved_kib() {
	sed -n 's/.*[ (]\([0-9]*\)K cma-reserved.*/\1/p' "$1" | tail -n 1
}

@test "case 1: a failure line and its free-page dump prove CMA and give the area's size" {
	log=$BATS_TEST_TMPDIR/c1.log
	cat > "$log" <<-'EOF'
	[  120.000000] cma: __cma_alloc: linux,cma: alloc failed, req-size: 8192 pages, ret: -16
	[  120.000100] cma: number of available pages: 2048@0+1024@4096=> 3072 free of 16384 total pages
	EOF
	status_log "$log"
	[ "$(jqo .cma_enabled)" = true ]
	[ "$(jqo .effective.size_bytes)" -eq $(($(total_pages "$log") * 4096)) ]
	[ "$(jqo .effective.area)" = linux,cma ]
	[ "$(jqo '.areas[0].free_bytes')" -eq $((3072 * 4096)) ]
	[ "$(jqo '.areas[0].free_from')" = "log dump" ]
	[[ $TEXT != "CMA: not available"* ]]
	[[ $TEXT != *"has no CMA"* ]]
	[[ $(jqo .advice) != *"has no CMA"* ]]
}

@test "case 1: failure lines alone (no dump) still prove CMA, size unknown, no 'no CMA'" {
	log=$BATS_TEST_TMPDIR/c1b.log
	echo '[   38.419943] cma: cma_alloc: alloc failed, req-size: 4097 pages, ret: -12' > "$log"
	status_log "$log"
	[ "$(jqo .cma_enabled)" = true ]
	[ "$(jqo .effective.size_bytes)" = null ]
	[[ $(jqo .advice) == *"size is unknown"* ]]
	[[ $TEXT != *"has no CMA"* ]]
}

@test "case 2: the i.MX guides' log: 64 MiB from 'Memory:', made by the DT node, no shrinking advice" {
	log=$BATS_TEST_TMPDIR/c2.log
	cat > "$log" <<-'EOF'
	[    0.000000] Reserved memory: initialized node linux,cma, compatible id shared-dma-pool
	[    0.000000] Memory: 1942548K/2078720K available (15614K kernel code, 2056K rwdata, 9120K rodata, 1280K init, 945K bss, 70636K reserved, 65536K cma-reserved)
	[    1.079848] ion_device_add_heap: linux,cma id=2 type=4
	[   38.419943] cma: cma_alloc: alloc failed, req-size: 4097 pages, ret: -12
	EOF
	status_log "$log"
	[ "$(jqo .effective.size_bytes)" -eq $(($(cma_reserved_kib "$log") * 1024)) ]
	[ "$(jqo .effective.source)" = devicetree ]
	[ "$(jqo .effective.area)" = linux,cma ]
	[[ $(jqo .effective.evidence) == *"cma-reserved"* ]]
	[[ ${TEXT%%$'\n'*} == "CMA: 64 MiB, set by devicetree [area linux,cma]" ]]
	# the failure line names no area: 4.11-5.11, so ENOMEM is "no free run"
	[[ $(jqo .kernel.implied) == "before 5.12"* ]]
	[[ $(jqo .advice) == *"ENOMEM before 6.15"* ]]
	# never a size below the current 64 MiB (the old advice said 20M)
	[[ $(jqo .advice) != *"cmactl set"* ]]
}

@test "case 3: cma=2G on a 1 GiB board: 'Failed to reserve' makes the size 0, state failed, line quoted" {
	mkdir -p "$EMPTY/proc"
	printf 'MemTotal:        1000000 kB\nCmaTotal:              0 kB\nCmaFree:               0 kB\n' > "$EMPTY/proc/meminfo"
	echo 'cma=2G' > "$EMPTY/proc/cmdline"
	log=$BATS_TEST_TMPDIR/c3.log
	cat > "$log" <<-'EOF'
	[    0.000000] cma: Failed to reserve 2048 MiB
	[    0.000000] Kernel command line: cma=2G
	[    0.000000] Memory: 937036K/1048576K available (11712K kernel code, 2440K rwdata, 7104K rodata, 5440K init, 597K bss, 111540K reserved, 0K cma-reserved)
	EOF
	status_log "$log"
	[ "$(jqo .effective.size_bytes)" -eq "$(meminfo_kb "$EMPTY" CmaTotal)" ]
	[ "$(jqo .effective.failed)" = true ]
	[ "$(jqo .effective.source)" = cmdline ]
	[ "$(jqo '.layers[] | select(.layer=="cmdline") | .state')" = failed ]
	[[ $(jqo .effective.evidence) == *"'cma: Failed to reserve 2048 MiB'"* ]]
	[[ ${TEXT%%$'\n'*} == "CMA: 0 B (the kernel could not reserve it), set by cmdline" ]]
	[[ $(jqo .advice) != *"no CMA allocation failures"* ]]
	[[ $(jqo .advice) == *"could not reserve"* ]]
}

@test "case 3: 6.12's 'Failed to reserve ... on node -1' is the same failure" {
	log=$BATS_TEST_TMPDIR/c3b.log
	cat > "$log" <<-'EOF'
	[    0.000000] cma: Failed to reserve 2048 MiB on node -1
	[    0.000000] Kernel command line: cma=2G
	EOF
	status_log "$log"
	[ "$(jqo .effective.size_bytes)" -eq 0 ]
	[ "$(jqo .effective.failed)" = true ]
	[[ $(jqo .kernel.implied) == "6.6 or later"* ]]
}

@test "case 3: 'OF: reserved mem: failed to allocate memory for node' fails the DT layer" {
	log=$BATS_TEST_TMPDIR/c3c.log
	cat > "$log" <<-'EOF'
	[    0.000000] OF: reserved mem: failed to allocate memory for node 'linux,cma'
	[    0.000000] Kernel command line: 
	EOF
	status_log "$log"
	[ "$(jqo .effective.size_bytes)" -eq 0 ]
	[ "$(jqo .effective.failed)" = true ]
	[ "$(jqo .effective.source)" = devicetree ]
	[[ $(jqo .effective.evidence) == *"failed to allocate memory for node 'linux,cma'"* ]]
}

@test "case 4: two areas: advice judges the failed area (16 MiB), not CmaTotal, and keeps ENOMEM" {
	mkdir -p "$EMPTY/proc/sys/kernel"
	echo 6.1.0-56-arm64 > "$EMPTY/proc/sys/kernel/osrelease"
	printf 'MemTotal:        1000000 kB\nCmaTotal:         114688 kB\nCmaFree:          114278 kB\n' > "$EMPTY/proc/meminfo"
	printf '\n' > "$EMPTY/proc/cmdline"
	log=$BATS_TEST_TMPDIR/c4.log
	cat > "$log" <<-'EOF'
	[    0.000000] Reserved memory: created CMA memory pool at 0x0000000078000000, size 96 MiB
	[    0.000000] OF: reserved mem: initialized node mycma, compatible id shared-dma-pool
	[    0.000000] cma: Reserved 16 MiB at 0x000000007ec00000
	[    0.000000] Kernel command line: 
	[   10.000000] cma: cma_alloc: reserved: alloc failed, req-size: 4096 pages, ret: -12
	[   11.000000] cma: cma_alloc: reserved: alloc failed, req-size: 4096 pages, ret: -12
	EOF
	status_log "$log"
	[ "$(jqo .effective.area)" = reserved ]
	[ "$(jqo .effective.size_bytes)" -eq $((16 * 1048576)) ]
	adv=$(jqo .advice)
	[[ $adv == *"area reserved (16 MiB)"* ]]
	[[ $adv != *"enough in total"* ]]
	[[ $adv != *"-16"* ]]
	# a distribution kernel: cma= wins over Kconfig and needs no rebuild
	[[ $adv == *"--via cmdline"* ]]
	[[ $adv != *"--via kconfig"* ]]
}

@test "case 4: before 5.6 a DT-made area is raised in the DT, as the rule line says" {
	log=$BATS_TEST_TMPDIR/c4b.log
	cat > "$log" <<-'EOF'
	[    0.000000] Linux version 4.14.0 (builder@host) (gcc version 7.3.0) #1 SMP
	[    0.000000] Reserved memory: created CMA memory pool at 0x000000007f000000, size 16 MiB
	[    0.000000] Reserved memory: initialized node linux,cma, compatible id shared-dma-pool
	[    0.000000] Kernel command line: cma=32M
	[   10.000000] cma: cma_alloc: alloc failed, req-size: 4096 pages, ret: -12
	EOF
	status_log "$log"
	[ "$(jqo .effective.source)" = devicetree ]
	[[ $(jqo .kernel.rule) == *"a DT linux,cma-default node beats cma="* ]]
	[[ $(jqo .advice) == *"--via dts"* ]]
	[[ $(jqo .advice) != *"--via cmdline"* ]]
}

@test "case 5: unknown is not absent: a tree with only proc/cmdline" {
	mkdir -p "$EMPTY/proc"
	echo 'console=ttyAMA0' > "$EMPTY/proc/cmdline"
	run "$CMACTL" --root "$EMPTY" status
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == "CMA: unknown ("* ]]
	run "$CMACTL" --root "$EMPTY" --json status
	[ "$(jqo .cma_enabled)" = null ]
	[ "$(jqo .effective.size_bytes)" = null ]
	[ "$(jqo '.layers[] | select(.layer=="kconfig") | .state')" = unknown ]
	[ "$(jqo '.layers[] | select(.layer=="devicetree") | .state')" = unknown ]
	[ "$(jqo '.layers[] | select(.layer=="cmdline") | .state')" = absent ]
	# no verdict about a default area without a kernel config
	[[ $output != *"no layer will make"* ]]
}

@test "case 5: a layer proven by the log alone is not also 'not available'" {
	log=$BATS_TEST_TMPDIR/c5.log
	echo '[    0.000000] Reserved memory: initialized node linux,cma, compatible id shared-dma-pool' > "$log"
	status_log "$log"
	[ "$(jqo '.layers[] | select(.layer=="devicetree") | .state')" = effective ]
	[[ $(jqo '.layers[] | select(.layer=="devicetree") | .reason') != *"not available"* ]]
}

@test "case 6: 7.2's unprefixed 'Skipping dt' line proves cma= won" {
	log=$BATS_TEST_TMPDIR/c6.log
	cat > "$log" <<-'EOF'
	[    0.000000] Skipping dt linux,cma-default node in favor for "cma=" kernel param.
	[    0.000000] cma: Reserved 32 MiB at 0x000000007dc00000
	[    0.000000] Kernel command line: cma=32M
	EOF
	status_log "$log"
	[ "$(jqo .effective.source)" = cmdline ]
	[ "$(jqo .effective.size_bytes)" -eq $((32 * 1048576)) ]
	[[ $(jqo .kernel.implied) == "6.18 or later"* ]]
}

@test "case 6: 6.19's 'OF: reserved mem: Skipping dt' form proves the same" {
	log=$BATS_TEST_TMPDIR/c6b.log
	cat > "$log" <<-'EOF'
	[    0.000000] OF: reserved mem: Skipping dt linux,cma-default for "cma=" kernel param.
	[    0.000000] cma: Reserved 32 MiB at 0x0000000000000000
	[    0.000000] Kernel command line: cma=32M
	EOF
	status_log "$log"
	[ "$(jqo .effective.source)" = cmdline ]
}

@test "case 6: 7.2 failures and four-line dumps: seen, size and free from the dump" {
	log=$BATS_TEST_TMPDIR/c6c.log
	cat > "$log" <<-'EOF'
	[    0.714883] cma: __cma_alloc_frozen: reserved: alloc failed, req-size: 2000 pages, ret: -16
	[    0.714984] cma: number of available pages: 
	[    0.715008] cma: range 0: +224@32+840@3256
	[    0.715339] cma: 
	[    0.715357] => 1064 free of 4096 total pages
	EOF
	status_log "$log" --kernel-version 7.2.13
	[ "$(jqo .failures_total)" -eq 1 ]
	[ "$(jqo '.failures[0].area')" = reserved ]
	[ "$(jqo '.areas[] | select(.name=="reserved") | .size_bytes')" -eq $(($(total_pages "$log") * 4096)) ]
	[ "$(jqo '.areas[] | select(.name=="reserved") | .free_bytes')" -eq $((1064 * 4096)) ]
	[ "$(jqo '.areas[] | select(.name=="reserved") | .largest_free_run_bytes')" -eq $((840 * 4096)) ]
	# from 6.15 -16 is not "pinned pages": the sizes decide
	[[ $(jqo .advice) == *"not enough free memory"* ]]
	[[ $(jqo .advice) != *"migrated"* ]]
}

@test "case 6: 7.2, enough free in total but no run that large: fragmented, not pinned" {
	log=$BATS_TEST_TMPDIR/c6d.log
	cat > "$log" <<-'EOF'
	[    0.961517] cma: __cma_alloc_frozen: reserved: alloc failed, req-size: 1000 pages, ret: -16
	[    0.961592] cma: number of available pages: 
	[    0.961599] cma: range 0: +224@32+840@3256
	[    0.961645] cma: 
	[    0.961662] => 1064 free of 4096 total pages
	EOF
	status_log "$log" --kernel-version 7.2.13
	[[ $(jqo .advice) == *"fragmented"* ]]
}

@test "case 6: before 6.15, -16 with room to spare means pages could not be migrated" {
	log=$BATS_TEST_TMPDIR/c6e.log
	cat > "$log" <<-'EOF'
	[    5.000000] cma: cma_alloc: linux,cma: alloc failed, req-size: 100 pages, ret: -16
	[    5.000001] cma: number of available pages: 4064@32=> 4064 free of 4096 total pages
	EOF
	status_log "$log" --kernel-version 6.1.192
	[[ $(jqo .advice) == *"could not be migrated"* ]]
}

@test "5.10 cma_pernuma=16M: the node lines come first; the default area is the 64 MiB one" {
	log=$BATS_TEST_TMPDIR/pernuma.log
	cat > "$log" <<-'EOF2'
	[    0.000000] Linux version 5.10.0-32-arm64 (debian-kernel@lists.debian.org) (gcc-10 (Debian 10.2.1-6) 10.2.1 20210110, GNU ld (GNU Binutils for Debian) 2.35.2) #1 SMP Debian 5.10.223-1 (2024-08-10)
	[    0.000000] cma: Reserved 16 MiB at 0x000000005f000000
	[    0.000000] cma: Reserved 16 MiB at 0x000000007f000000
	[    0.000000] cma: Reserved 64 MiB at 0x000000007a000000
	[    0.000000] Kernel command line: cma_pernuma=16M
	[    0.000000] Memory: 900376K/1048576K available (11712K kernel code, 2440K rwdata, 7104K rodata, 5440K init, 597K bss, 49896K reserved, 98304K cma-reserved)
	EOF2
	status_log "$log"
	[ "$(jqo .effective.source)" = kconfig ]
	[ "$(jqo .effective.size_bytes)" -eq $((64 * 1048576)) ]
	[ "$(jqo '.areas[] | select(.name=="reserved") | .size_bytes')" -eq $((64 * 1048576)) ]
}

@test "the kernel version from the weakest evidence, the .config header, says so" {
	cfg=$FIXTURES/k72-d-dt-size96M-cmdline-cma32M/usr/lib/modules/7.2.13+deb14-arm64/config
	want=$(sed -n 's/^# Linux\/[^ ]* \([^ ]*\) Kernel Configuration$/\1/p' "$cfg")
	run "$CMACTL" --root "$EMPTY" --json --config "$cfg" status
	[ "$status" -eq 0 ]
	[ "$(jqo .kernel.release)" = "$want" ]
	[ "$(jqo .kernel.release_from)" = "kernel config header" ]
}

@test "evidence that disagrees: CmaTotal wins over the log's 'Memory:' total, and it is said" {
	mkdir -p "$EMPTY/proc"
	printf 'MemTotal:        1000000 kB\nCmaTotal:          65536 kB\nCmaFree:           65000 kB\n' > "$EMPTY/proc/meminfo"
	log=$BATS_TEST_TMPDIR/other-boot.log
	echo '[    0.000000] Memory: 1942548K/2078720K available (15614K kernel code, 2056K rwdata, 9120K rodata, 1280K init, 945K bss, 70636K reserved, 32768K cma-reserved)' > "$log"
	status_log "$log"
	[[ $(jqo '.notes[]') == *"differs from CmaTotal"*"trusting CmaTotal"* ]]
	[ "$(jqo .meminfo.total_bytes)" -eq $(($(meminfo_kb "$EMPTY" CmaTotal) * 1024)) ]
}

@test "PFNs busy (before 5.13): counted on the failure that follows, a lone one said apart" {
	log=$FIXTURES/logs/v4.14-pfns-busy.log
	status_log "$log"
	# the two busy lines just before the -16 failure, from the log itself
	want=$(awk '/PFNs busy/ { n++ } /alloc failed/ && / ret: -16/ { print n; exit }' "$log")
	[ "$want" -eq 2 ]
	[ "$(jqo '.failures[] | select(.ret == -16) | .pfns_busy')" -eq "$want" ]
	[ "$(jqo '[.failures[] | select(.ret == -12) | .pfns_busy] | add')" -eq 0 ]
	[[ $TEXT == *"after $want 'PFNs busy' line(s): pinned or busy pages could not be migrated"* ]]
	last=$(grep 'PFNs busy' "$log" | tail -n 1 | sed 's/^\[[^]]*\] //')
	[[ $TEXT == *"1 'PFNs busy' line(s) and no failure after them"*"'$last'"* ]]
}

@test "a busy line alone does not prove CMA (gigantic pages use alloc_contig_range too)" {
	log=$BATS_TEST_TMPDIR/busy.log
	echo '[  180.058992] alloc_contig_range: [1b8000, 1c0000) PFNs busy' > "$log"
	status_log "$log"
	[ "$(jqo .cma_enabled)" = null ]
}

@test "a misaligned cma=SIZE@BASE: failed, the kernel's reason quoted, advice about BASE" {
	log=$FIXTURES/logs/v6.1-cma-misaligned.log
	status_log "$log"
	why=$(grep -o 'cma: Region at .* bytes' "$log")
	[ "$(jqo .effective.failed)" = true ]
	[ "$(jqo .effective.size_bytes)" -eq 0 ]
	[[ $(jqo .effective.evidence) == *"after '$why'"* ]]
	[[ $(jqo .advice) == *"BASE aligned as the kernel says"* ]]
	run "$CMACTL" --root "$EMPTY" --dmesg "$log" status --check
	[ "$status" -eq 6 ]
	[[ $output == *"reserve-failed"* ]]
}

@test "strength: a counter beats a log line that says another size, and the disagreement is said" {
	root=$(fixture_root lab-a-kconfig16M)
	# the tree's own log says what debugfs says; a log of another boot says 64 MiB
	log=$BATS_TEST_TMPDIR/other.log
	echo '[    0.000000] cma: Reserved 64 MiB at 0x000000007ac00000' > "$log"
	count=$(cat "$root/sys/kernel/debug/cma/reserved/count")
	status_json "$root" --dmesg "$log"
	[ "$(jqo '.areas[] | select(.name == "reserved") | .size_bytes')" -eq $((count * 4096)) ]
	[ "$(jqo '.areas[] | select(.name == "reserved") | .size_strength')" = kernel ]
	[ "$(jqo .effective.strength)" = kernel ]
	[[ $(jqo '.notes[]') == *"area reserved: log says 64 MiB, debugfs says $((count * 4096 >> 20)) MiB: trusting debugfs (kernel's own beats log line)"* ]]
	run "$CMACTL" --root "$root" --dmesg "$log" status
	[[ $output == *"evidence (kernel's own): debugfs cma/reserved"* ]]
	# the log alone: the same size, now named a log line
	status_log "$log"
	[ "$(jqo .effective.strength)" = log ]
	[ "$(jqo .effective.size_bytes)" -eq $((64 << 20)) ]
	[[ $TEXT == *"evidence (log line): kernel log: 'cma: Reserved'"* ]]
	[ "$(jqo .kernel.strength)" = null ]
}

@test "strength: a size only asked for (no kernel evidence) is named a request" {
	root=$BATS_TEST_TMPDIR/ask
	mkdir -p "$root/proc"
	echo 'console=ttyAMA0 cma=48M' > "$root/proc/cmdline"
	status_json "$root"
	[ "$(jqo .effective.strength)" = request ]
	run "$CMACTL" --root "$root" status
	[[ $output == *"evidence (request only): requested size"* ]]
}

@test "7.2 NUMA from a log alone: as many areas as 'cma: Reserved' lines, their sizes, no invented names" {
	log=$FIXTURES/logs/v7.2-numa2-default.log
	run grep -c 'Kernel command line' "$log"
	[ "$output" -eq 0 ]	# nothing names the per-node areas
	status_log "$log"
	n=$(grep -c 'cma: Reserved [0-9]* MiB' "$log")
	[ "$n" -eq 3 ]
	[ "$(jqo '.areas | length')" -eq "$n" ]
	# each size is one line's, in the log's order
	[ "$(jqo '[.areas[].size_bytes / 1048576] | map(tostring) | join(" ")')" = \
	  "$(awk '/cma: Reserved [0-9]+ MiB/ { for (i = 1; i < NF; i++) if ($i == "Reserved") printf "%s%s", sep, $(i + 1); sep = " " }' "$log")" ]
	# the default area is named (cma= / Kconfig make "reserved"); the others are not
	[ "$(jqo '[.areas[] | select(.name == null)] | length')" -eq $((n - 1)) ]
	[ "$(jqo '[.areas[] | select(.name != null) | .name] | join(" ")')" = reserved ]
	# the lines add up to the log's own total
	kib=$(sed -n 's/.* \([0-9]*\)K cma-reserved.*/\1/p' "$log")
	[[ $(jqo '.notes[]') == *"add up to $((kib / 1024)) MiB"*"total is $((kib / 1024)) MiB: every area is accounted for"* ]]
	[ "$(grep -c '^  (unnamed) ' <<<"$TEXT")" -eq $((n - 1)) ]
	run grep -Eq 'numa[0-9]|pernuma[0-9]' <<<"$TEXT"
	[ "$status" -ne 0 ]
}
