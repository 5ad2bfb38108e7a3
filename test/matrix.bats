#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The kernels after 6.1 (issue 15, DOMAIN.md 7): fixture trees from real boots
# of 5.10, 6.12 and 7.2 in ../shared/captures-matrix (fixtures/README.md).
# Expected values come from the kernel's own counters and lines in each tree.
load test_helper

MiB=1048576

# sysfs_pages ROOT AREA FILE: a CMA sysfs counter, read with cat.
sysfs_pages() {
	cat "$1/sys/kernel/mm/cma/$2/$3"
}

# log_cma_kib ROOT: N of "Memory: ... NK cma-reserved" in the tree's log.
log_cma_kib() {
	sed -n 's/.*[ (]\([0-9]*\)K cma-reserved.*/\1/p' "$1/var/log/dmesg" | tail -n 1
}

@test "5.10 stock: Kconfig 64 MiB; the kernel's CmaTotal and 'cma: Reserved' agree" {
	root=$(fixture_root k510-a-default)
	status_json "$root"
	[ "$status" -eq 0 ]
	[ "$(jqo .effective.source)" = kconfig ]
	[ "$(jqo .effective.size_bytes)" -eq $(($(meminfo_kb "$root" CmaTotal) * 1024)) ]
	[ "$(jqo .effective.size_bytes)" -eq $(($(log_cma_kib "$root") * 1024)) ]
	[ "$(jqo .sources.kconfig.path)" = "$root/boot/config-5.10.0-32-arm64" ]
}

@test "6.12 stock: cma= beats the DT node; 'on node -1' is the default area" {
	root=$(fixture_root k612-d-dt-size96M-cmdline-cma32M)
	status_json "$root"
	[ "$(jqo .effective.source)" = cmdline ]
	[ "$(jqo .effective.size_bytes)" -eq $(($(meminfo_kb "$root" CmaTotal) * 1024)) ]
	[ "$(jqo '.layers[] | select(.layer=="devicetree") | .state')" = shadowed ]
	[[ $(jqo '.layers[] | select(.layer=="devicetree") | .reason') == *"'Reserved memory: bypass linux,cma node, using cmdline CMA params instead'"* ]]
}

@test "7.2 stock: the unprefixed 'Skipping dt' line is named as the evidence; config from /usr/lib/modules" {
	root=$(fixture_root k72-d-dt-size96M-cmdline-cma32M)
	status_json "$root"
	[ "$(jqo .effective.source)" = cmdline ]
	[ "$(jqo .effective.size_bytes)" -eq $(($(sysfs_pages "$root" reserved total_pages) * 4096)) ]
	[ "$(jqo .effective.size_bytes)" -eq $(($(meminfo_kb "$root" CmaTotal) * 1024)) ]
	line=$(grep -o 'Skipping dt linux,cma-default node in favor for "cma=" kernel param.' "$root/var/log/dmesg")
	[[ $(jqo '.layers[] | select(.layer=="devicetree") | .reason') == *"'$line'"* ]]
	[ "$(jqo .sources.kconfig.path)" = "$root/usr/lib/modules/7.2.13+deb14-arm64/config" ]
	[ "$(jqo '.layers[] | select(.layer=="kconfig") | .state')" = shadowed ]
	# 7.2's new sysfs files: the area's own free count
	[ "$(jqo '.areas[0].free_bytes')" -eq $(($(sysfs_pages "$root" reserved available_pages) * 4096)) ]
	[ "$(jqo '.areas[0].free_from')" = sysfs ]
	# in use: the kernel's total_pages - available_pages (32 pages: one atomic pool)
	used=$(( $(sysfs_pages "$root" reserved total_pages) - $(sysfs_pages "$root" reserved available_pages) ))
	[ "$(jqo '.areas[0].used_bytes')" -eq $((used * 4096)) ]
}

@test "7.2 stock, two NUMA nodes: three areas whose sizes add up to CmaTotal" {
	root=$(fixture_root k72-p-numa2-default)
	status_json "$root"
	[ "$(jqo '.areas | length')" -eq "$(ls "$root/sys/kernel/mm/cma" | wc -l)" ]
	sum=$(jqo '[.areas[].size_bytes] | add')
	[ "$sum" -eq $(($(meminfo_kb "$root" CmaTotal) * 1024)) ]
	[ "$sum" -eq $(($(log_cma_kib "$root") * 1024)) ]
	[ "$(jqo .effective.area)" = reserved ]
	[ "$(jqo .effective.size_bytes)" -eq $(($(sysfs_pages "$root" reserved total_pages) * 4096)) ]
	[ "$(jqo '[.areas[] | select(.origin=="pernuma")] | length')" -eq 2 ]
}

@test "7.2 lab, failures: every __cma_alloc_frozen line counted; a whole-area request gets no shrinking advice" {
	root=$(fixture_root lab72-a-kconfig16M)
	status_json "$root"
	[ "$(jqo .failures_total)" -eq "$(grep -c '__cma_alloc_frozen: .*alloc failed' "$root/var/log/dmesg")" ]
	[ "$(jqo '[.failures[] | select(.error=="EBUSY")] | length')" -eq 3 ]
	[[ $(jqo .advice) != *"no CMA allocation failures"* ]]
	[[ $(jqo .advice) == *"larger than the whole area reserved (16 MiB)"* ]]
	size=$(jqo .effective.size_bytes)
	want=$(jqo .advice | sed -n 's/.*cmactl set \([0-9]*\)M.*/\1/p')
	[ $((want * MiB)) -gt "$size" ]
}

@test "7.2 lab log alone: the dumps give the area's size and free pages" {
	root=$(fixture_root lab72-a-kconfig16M)
	mkdir -p "$BATS_TEST_TMPDIR/empty"
	run "$CMACTL" --root "$BATS_TEST_TMPDIR/empty" --json --dmesg "$root/var/log/dmesg" status
	[ "$status" -eq 0 ]
	total=$(sed -n 's/.*=> [0-9]* free of \([0-9]*\) total pages.*/\1/p' "$root/var/log/dmesg" | tail -n 1)
	free=$(sed -n 's/.*=> \([0-9]*\) free of [0-9]* total pages.*/\1/p' "$root/var/log/dmesg" | tail -n 1)
	[ "$(jqo '.areas[] | select(.name=="reserved") | .size_bytes')" -eq $((total * 4096)) ]
	[ "$(jqo '.areas[] | select(.name=="reserved") | .free_bytes')" -eq $((free * 4096)) ]
	[ "$(jqo .kernel.release)" = 7.2.13 ]
}

@test "7.2 lab, DT default plus a non-default pool: both areas, sizes from the kernel" {
	root=$(fixture_root lab72-o-dt-default96M-plus-mycma32M)
	status_json "$root"
	[ "$(jqo .effective.source)" = devicetree ]
	[ "$(jqo .effective.area)" = linux,cma ]
	[ "$(jqo .effective.size_bytes)" -eq $(($(sysfs_pages "$root" linux,cma total_pages) * 4096)) ]
	[ "$(jqo '[.areas[].size_bytes] | add')" -eq $(($(meminfo_kb "$root" CmaTotal) * 1024)) ]
}

@test "7.2 NUMA log alone: the default area from the first line, the node lines listed unnamed, sizes = CmaTotal" {
	root=$(fixture_root k72-p-numa2-default)
	mkdir -p "$BATS_TEST_TMPDIR/empty"
	run "$CMACTL" --root "$BATS_TEST_TMPDIR/empty" --json --dmesg "$root/var/log/dmesg" status
	[ "$status" -eq 0 ]
	lines=$(grep -c 'cma: Reserved ' "$root/var/log/dmesg")
	[ "$(jqo .effective.size_bytes)" -eq $(($(sysfs_pages "$root" reserved total_pages) * 4096)) ]
	# every line is an area; only the default one is named (issue 10: no invented names)
	[ "$(jqo '.areas | length')" -eq "$lines" ]
	[ "$(jqo '[.areas[] | select(.name == null)] | length')" -eq $((lines - 1)) ]
	[ "$(jqo '[.areas[].size_bytes] | add')" -eq $(($(meminfo_kb "$root" CmaTotal) * 1024)) ]
	[[ $(jqo '.notes[]') == *"the log has $((lines - 1)) more 'cma: Reserved' line(s) that name no area"* ]]
}
