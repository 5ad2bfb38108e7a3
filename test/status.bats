#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# `status` on --root trees from real boots: the answer must be what the kernel
# did (its CmaTotal and the configuration each capture's README describes).
load test_helper

MiB=1048576

# check_capture NAME SIZE_MIB SOURCE KCONFIG CMDLINE DEVICETREE [AREA]
# SIZE_MIB and SOURCE come from the boot's configuration (captures/*/README);
# the size is also compared with the kernel's own CmaTotal.
check_capture() {
	local root
	root=$(fixture_root "$1")
	status_json "$root"
	[ "$status" -eq 0 ]
	[ "$(jqo .effective.size_bytes)" -eq $(($2 * MiB)) ]
	[ "$(jqo .effective.size_bytes)" -eq $(($(meminfo_kb "$root" CmaTotal) * 1024)) ]
	[ "$(jqo .effective.source)" = "$3" ]
	[ "$(jqo '.layers[] | select(.layer=="kconfig") | .state')" = "$4" ]
	[ "$(jqo '.layers[] | select(.layer=="cmdline") | .state')" = "$5" ]
	[ "$(jqo '.layers[] | select(.layer=="devicetree") | .state')" = "$6" ]
	[ "$(jqo .effective.area)" = "${7:-reserved}" ]
	[ "$(jqo .meminfo.total_bytes)" -eq $(($(meminfo_kb "$root" CmaTotal) * 1024)) ]
}

@test "lab-a: Kconfig 16 MiB" {
	check_capture lab-a-kconfig16M 16 kconfig effective absent absent
}
@test "lab-b: cma=32M on the command line" {
	check_capture lab-b-cmdline-cma32M 32 cmdline shadowed effective absent
}
@test "lab-c: DT linux,cma by size, 96 MiB" {
	check_capture lab-c-dt-size96M 96 devicetree shadowed absent effective linux,cma
}
@test "lab-d: DT node plus cma=32M: the command line wins on 6.1" {
	check_capture lab-d-dt-size96M-cmdline-cma32M 32 cmdline shadowed effective shadowed
}
@test "lab-e: DT linux,cma by reg, 80 MiB" {
	check_capture lab-e-dt-reg80M 80 devicetree shadowed absent effective linux,cma
}
@test "lab-f: cma=48M only in /chosen/bootargs" {
	check_capture lab-f-dt-bootargs-cma48M 48 cmdline shadowed effective absent
}
@test "lab-g: DT node with a unit address keeps it in the area name" {
	check_capture lab-g-dt-reg16M-unitaddr 16 devicetree shadowed absent effective linux,cma@60000000
}
@test "lab-m: Kconfig 16 MiB (heap as a module)" {
	check_capture lab-m-cmaheap-module 16 kconfig effective absent absent
}
@test "stock-a: Debian kernel, Kconfig 64 MiB" {
	check_capture stock-a-default 64 kconfig effective absent absent
}
@test "stock-b: Debian kernel, cma=128M" {
	check_capture stock-b-cmdline-cma128M 128 cmdline shadowed effective absent
}
@test "stock-c: Debian kernel, DT size 96 MiB" {
	check_capture stock-c-dt-size96M 96 devicetree shadowed absent effective linux,cma
}
@test "stock-d: Debian kernel, DT node plus cma=32M" {
	check_capture stock-d-dt-size96M-cmdline-cma32M 32 cmdline shadowed effective shadowed
}
@test "stock-e: Debian kernel, DT reg 80 MiB" {
	check_capture stock-e-dt-reg80M 80 devicetree shadowed absent effective linux,cma
}
@test "stock-f: Debian kernel, cma=48M in bootargs" {
	check_capture stock-f-dt-bootargs-cma48M 48 cmdline shadowed effective absent
}
@test "stock-f2: -append cma=24M replaces the DTB's bootargs" {
	check_capture stock-f2-dt-bootargs-cma48M-append-cma24M 24 cmdline shadowed effective absent
}

@test "lab-a: debugfs and sysfs counters are reported per area" {
	status_json "$(fixture_root lab-a-kconfig16M)"
	[ "$(jqo '.areas[0].name')" = reserved ]
	[ "$(jqo '.areas[0].debugfs.count')" = 4096 ]
	[ "$(jqo '.areas[0].debugfs.maxchunk')" = 4000 ]
	[ "$(jqo '.areas[0].sysfs.alloc_pages_success')" = 96 ]
	[ "$(jqo '.areas[0].default')" = true ]
}

@test "lab-d: the text report names the winner and why the DT node lost" {
	run "$CMACTL" --root "$(fixture_root lab-d-dt-size96M-cmdline-cma32M)" status
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == "CMA: 32 MiB, set by cmdline [area reserved]" ]]
	# the reason wraps at 80 columns: compare it with the line breaks undone
	[[ $(tr -s ' \n' ' ' <<<"$output") == *"bypasses the linux,cma-default node since Linux 5.6; the log shows the bypass"* ]]
}

@test "--kernel-version 5.4 applies the old rule: the DT node beats cma=" {
	# Same inputs as lab-d but without its log, whose bypass line would prove 5.6+.
	local root
	root=$(fixture_root lab-d-dt-size96M-cmdline-cma32M)
	rm "$root/var/log/dmesg" "$root"/proc/meminfo
	rm -r "$root/sys/kernel"
	status_json "$root" --kernel-version 5.4
	[ "$(jqo .effective.source)" = devicetree ]
	[ "$(jqo .effective.size_bytes)" -eq $((96 * MiB)) ]
	[ "$(jqo '.layers[] | select(.layer=="cmdline") | .state')" = shadowed ]
	[[ $(jqo '.layers[] | select(.layer=="cmdline") | .reason') == *"before Linux 5.6"* ]]
}

@test "the log wins over the version rule when they disagree" {
	# lab-d's 6.1 log shows the bypass; claiming 5.4 must not hide what happened.
	status_json "$(fixture_root lab-d-dt-size96M-cmdline-cma32M)" --kernel-version 5.4
	[ "$(jqo .effective.source)" = cmdline ]
	[[ $(jqo '.notes[]') == *"trusting the log"* ]]
}

@test "a DTB file whose bootargs carry cma= is reported as such" {
	local root
	root=$(fixture_root lab-f-dt-bootargs-cma48M)
	status_json "$root" --dtb "$root/sys/firmware/fdt"
	[ "$(jqo .effective.from_bootargs)" = true ]
}

@test "this machine's kernel without CMA gets a clear report, exit 0" {
	run "$CMACTL" --root "$FIXTURES/x86-host-no-cma" status
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "CMA: not available: CONFIG_CMA is not set" ]
	status_json "$FIXTURES/x86-host-no-cma"
	[ "$(jqo .cma_enabled)" = false ]
	[ "$(jqo .effective.source)" = none ]
	[ "$(jqo .meminfo.total_bytes)" = null ]
}

@test "live status on this machine answers without error" {
	run "$CMACTL" status
	[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
	[[ ${lines[0]} == CMA:* ]]
}
