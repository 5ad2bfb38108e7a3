#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# A customer sends only a boot log: --root at an empty folder plus --dmesg.
load test_helper

MiB=1048576
CAP=$BATS_TEST_DIRNAME/../fixtures

log_status() {
	mkdir -p "$BATS_TEST_TMPDIR/empty"
	run "$CMACTL" --root "$BATS_TEST_TMPDIR/empty" --json --dmesg "$1" status
	[ "$status" -eq 0 ]
}

@test "log only, Kconfig: 'cma: Reserved 16 MiB' and no cma= in the command line" {
	log_status "$CAP/lab-a-kconfig16M/var/log/dmesg"
	[ "$(jqo .effective.size_bytes)" -eq $((16 * MiB)) ]
	[ "$(jqo .effective.source)" = kconfig ]
	[ "$(jqo .kernel.release)" = 6.1.192 ]
}

@test "log only, cma= beats the DT node: the bypass line proves it" {
	log_status "$CAP/lab-d-dt-size96M-cmdline-cma32M/var/log/dmesg"
	[ "$(jqo .effective.size_bytes)" -eq $((32 * MiB)) ]
	[ "$(jqo .effective.source)" = cmdline ]
}

@test "log only, DT pool" {
	log_status "$CAP/lab-c-dt-size96M/var/log/dmesg"
	[ "$(jqo .effective.size_bytes)" -eq $((96 * MiB)) ]
	[ "$(jqo .effective.source)" = devicetree ]
	[ "$(jqo .effective.area)" = linux,cma ]
}

@test "log only, from stdin" {
	mkdir -p "$BATS_TEST_TMPDIR/empty"
	run "$CMACTL" --root "$BATS_TEST_TMPDIR/empty" --json --dmesg - status \
		< "$CAP/stock-b-cmdline-cma128M/var/log/dmesg"
	[ "$(jqo .effective.size_bytes)" -eq $((128 * MiB)) ]
	[ "$(jqo .effective.source)" = cmdline ]
}

@test "4.14 log: failures without an area name are listed" {
	log_status "$CAP/logs/v4.14-cma-reserved-alloc-fail.log"
	[ "$(jqo .effective.size_bytes)" -eq $((16 * MiB)) ]
	[ "$(jqo .failures_total)" -eq 3 ]
	[ "$(jqo '.failures[0].area')" = null ]
	[ "$(jqo '.failures[0].pages')" -eq 4096 ]
	[ "$(jqo '.failures[0].error')" = ENOMEM ]
	# a whole-area request cannot succeed (pages are always in use); cma= beats
	# Kconfig on every version and needs no kernel rebuild (issue 10, case 4)
	[[ $(jqo .advice) == *"is as large as the whole area reserved (16 MiB): raise it to at least 20 MiB (cmactl set 20M --via cmdline)"* ]]
}

@test "5.4 log: the DT pool wins and cma= in the command line is shadowed" {
	log_status "$CAP/logs/v5.4-dt-pool-cmdline-ignored.log"
	[ "$(jqo .effective.source)" = devicetree ]
	[ "$(jqo .effective.size_bytes)" -eq $((96 * MiB)) ]
	[ "$(jqo '.layers[] | select(.layer=="cmdline") | .state')" = shadowed ]
}

@test "5.10 journalctl -k log: cmdline 128 MiB, failures with ret -16" {
	log_status "$CAP/logs/v5.10-journalctl.log"
	[ "$(jqo .effective.source)" = cmdline ]
	[ "$(jqo .effective.size_bytes)" -eq $((128 * MiB)) ]
	[ "$(jqo '[.failures[] | select(.error=="EBUSY")] | length')" -eq 1 ]
}

@test "raw /dev/kmsg records: unit-address DT area and its failures" {
	log_status "$CAP/logs/v6.1-kmsg-raw.txt"
	[ "$(jqo .effective.area)" = "linux,cma@60000000" ]
	[ "$(jqo .effective.size_bytes)" -eq $((16 * MiB)) ]
	[ "$(jqo '.failures[0].area')" = "linux,cma@60000000" ]
}

@test "6.6 'on node -1' form is the default area" {
	log_status "$CAP/logs/v6.6-on-node.log"
	[ "$(jqo .effective.source)" = kconfig ]
	[ "$(jqo .effective.size_bytes)" -eq $((16 * MiB)) ]
}

@test "6.18 __cma_alloc form and the OF summary line count one pool" {
	log_status "$CAP/logs/v6.18-cma_alloc-refactored.log"
	[ "$(jqo '.areas | length')" -eq 1 ]
	[ "$(jqo .failures_total)" -eq 3 ]
	[ "$(jqo '.failures[0].area')" = linux,cma ]
}
