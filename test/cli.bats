#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Dispatch, help, version and usage errors (exit 2).
load test_helper

@test "--help lists the commands from the table" {
	run "$CMACTL" --help
	[ "$status" -eq 0 ]
	[[ $output == *"  status  "* ]]
	[[ $output == *"--root=DIR"* ]]
}

@test "--version at both levels" {
	run "$CMACTL" --version
	[ "$status" -eq 0 ]
	[[ $output == "cmactl "[0-9]* ]]
	run "$CMACTL" status --version
	[ "$status" -eq 0 ]
	[[ $output == "cmactl "[0-9]* ]]
}

@test "--usage at both levels" {
	run "$CMACTL" --usage
	[ "$status" -eq 0 ]
	[[ $output == Usage:* ]]
	run "$CMACTL" status --usage
	[ "$status" -eq 0 ]
	[[ $output == *"[--json]"* ]]
}

@test "status --help describes the command and the global options" {
	run "$CMACTL" status --help
	[ "$status" -eq 0 ]
	[[ $output == *"effective CMA size"* ]]
	[[ $output == *"--dmesg=FILE"* ]]
}

@test "no command is a usage error" {
	run "$CMACTL"
	[ "$status" -eq 2 ]
	[[ $output == *"no command given"* ]]
}

@test "an unknown command is a usage error" {
	run "$CMACTL" frobnicate
	[ "$status" -eq 2 ]
	[[ $output == *"unknown command 'frobnicate'"* ]]
}

@test "an unknown option is a usage error" {
	run "$CMACTL" status --frobnicate
	[ "$status" -eq 2 ]
}

@test "global options are accepted after the command too" {
	run "$CMACTL" status --root "$FIXTURES/x86-host-no-cma" --json
	[ "$status" -eq 0 ]
	[ "$(jqo .cma_enabled)" = false ]
}

@test "--kernel-version must look like a version" {
	run "$CMACTL" --kernel-version banana status
	[ "$status" -eq 2 ]
	[[ $output == *"--kernel-version 'banana'"* ]]
}

@test "--page-size must be a power of two" {
	run "$CMACTL" --page-size 3000 status
	[ "$status" -eq 2 ]
	run "$CMACTL" --page-size 16K --root "$FIXTURES/x86-host-no-cma" status
	[ "$status" -eq 0 ]
}

@test "an unexpected argument to status is a usage error" {
	run "$CMACTL" status extra
	[ "$status" -eq 2 ]
}

@test "a write error on stdout is an error" {
	[ -w /dev/full ] || skip "no /dev/full"
	run bash -c "'$CMACTL' --root '$FIXTURES/x86-host-no-cma' status > /dev/full"
	[ "$status" -eq 1 ]
	[[ $output == *"write error"* ]]
}
