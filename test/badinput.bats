#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Bad input gets a clear message naming the file and a non-zero exit; nothing crashes.
load test_helper

setup() {
	EMPTY=$BATS_TEST_TMPDIR/empty
	mkdir -p "$EMPTY"
}

@test "--root at a folder that does not exist" {
	run "$CMACTL" --root /nonexistent/cmactl status
	[ "$status" -eq 1 ]
	[[ $output == *"--root /nonexistent/cmactl: No such file or directory"* ]]
}

@test "--root at a file that is not a bundle" {
	run "$CMACTL" --root /etc/hostname status
	[ "$status" -eq 1 ]
	[[ $output == *"--root /etc/hostname: not a readable bundle"* ]]
}

@test "--root at an empty folder: unknown, not an error" {
	run "$CMACTL" --root "$EMPTY" status
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == "CMA: unknown (no meminfo, kernel config or CMA log line says whether this kernel has CMA)" ]]
}

@test "--dtb that does not exist" {
	run "$CMACTL" --root "$EMPTY" --dtb "$EMPTY/nope.dtb" status
	[ "$status" -eq 1 ]
	[[ $output == *"$EMPTY/nope.dtb: No such file or directory"* ]]
}

@test "--dtb that is not a DTB" {
	echo "hello" > "$EMPTY/text.dtb"
	run "$CMACTL" --root "$EMPTY" --dtb "$EMPTY/text.dtb" status
	[ "$status" -eq 1 ]
	[[ $output == *"$EMPTY/text.dtb: "* ]]
}

@test "--dtb truncated in the middle" {
	local root
	root=$(fixture_root lab-c-dt-size96M)
	head -c 1000 "$root/sys/firmware/fdt" > "$EMPTY/cut.dtb"
	run "$CMACTL" --root "$EMPTY" --dtb "$EMPTY/cut.dtb" status
	[ "$status" -eq 1 ]
	[[ $output == *"$EMPTY/cut.dtb: "* ]]
}

@test "a corrupt /sys/firmware/fdt under --root is a warning and a partial answer" {
	local root
	root=$(fixture_root lab-c-dt-size96M)
	head -c 100 /dev/urandom > "$root/sys/firmware/fdt"
	run "$CMACTL" --root "$root" status
	[ "$status" -eq 3 ]
	[[ $output == *"warning: $root/sys/firmware/fdt: "* ]]
	[[ $output == *"CMA: 96 MiB, set by devicetree"* ]]
}

@test "--dmesg that does not exist" {
	run "$CMACTL" --root "$EMPTY" --dmesg "$EMPTY/nope.log" status
	[ "$status" -eq 1 ]
	[[ $output == *"$EMPTY/nope.log: No such file or directory"* ]]
}

@test "--dmesg of binary garbage: no crash, nothing found" {
	head -c 200000 /dev/urandom > "$EMPTY/garbage.log"
	run "$CMACTL" --root "$EMPTY" --json --dmesg "$EMPTY/garbage.log" status
	[ "$status" -eq 0 ]
	[ "$(jqo .failures_total)" -eq 0 ]
}

@test "--dmesg with hostile numbers and control characters in an area name" {
	printf 'cma: Reserved 99999999999999999999999 MiB at 0x7ac00000\n' > "$EMPTY/h.log"
	printf 'cma: cma_alloc: bad\033[31mname: alloc failed, req-size: 18446744073709551615 pages, ret: -12\n' >> "$EMPTY/h.log"
	printf 'cma: cma_alloc: x\033]0;pwn\007: alloc failed, req-size: 5 pages, ret: -99999999999\n' >> "$EMPTY/h.log"
	run "$CMACTL" --root "$EMPTY" --dmesg "$EMPTY/h.log" status
	[ "$status" -eq 0 ]
	[[ $output != *$'\033'* ]]
	run "$CMACTL" --root "$EMPTY" --json --dmesg "$EMPTY/h.log" status
	jq -e . <<<"$output" >/dev/null
}

@test "--config that is a truncated gzip" {
	head -c 40 "$FIXTURES/x86-host-no-cma/proc/config.gz" > "$EMPTY/config.gz"
	run "$CMACTL" --root "$EMPTY" --config "$EMPTY/config.gz" status
	[ "$status" -eq 1 ]
	[[ $output == *"$EMPTY/config.gz: "* ]]
}

@test "--config that is binary garbage: read as a config with nothing in it" {
	head -c 5000 /dev/urandom | tr -d '\037' > "$EMPTY/config"
	run "$CMACTL" --root "$EMPTY" --config "$EMPTY/config" status
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == "CMA: not available: CONFIG_CMA is not set" ]]
}

@test "--cmdline with absurd cma= values" {
	printf 'cma=99999999999999999999999M cma=0x@@--' > "$EMPTY/cmdline"
	run "$CMACTL" --root "$EMPTY" --json --cmdline "$EMPTY/cmdline" status
	[ "$status" -eq 0 ]
	jq -e . <<<"$output" >/dev/null
}

@test "a meminfo with absurd numbers" {
	mkdir -p "$EMPTY/proc"
	printf 'CmaTotal: 999999999999999999999999 kB\nCmaFree: -5 kB\n' > "$EMPTY/proc/meminfo"
	run "$CMACTL" --root "$EMPTY" --json status
	[ "$status" -eq 0 ]
	jq -e . <<<"$output" >/dev/null
}

@test "an unreadable source under --root is named and the exit code says partial" {
	[ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null || skip "needs a non-root user"
	[ "$(id -u)" -ne 0 ] || nobody_can_run || skip "user 65534 cannot run $CMACTL (checkout in a private folder)"
	local root
	# BATS_TEST_TMPDIR's parents may be closed to other users: use a world-readable copy
	root=$(mktemp -d /tmp/cmactl-perm.XXXXXX)
	cp -r "$FIXTURES/lab-a-kconfig16M/." "$root"
	chmod -R a+rX "$root"
	chmod 000 "$root/proc/meminfo"
	if [ "$(id -u)" -eq 0 ]; then
		run setpriv --reuid=65534 --regid=65534 --clear-groups "$CMACTL" --root "$root" status
	else
		run "$CMACTL" --root "$root" status
	fi
	rm -rf "$root"
	[ "$status" -eq 3 ]
	[[ $output == *"cannot read $root/proc/meminfo: Permission denied"* ]]
}

@test "a symlink loop where a file is expected" {
	mkdir -p "$EMPTY/proc"
	ln -s meminfo "$EMPTY/proc/meminfo.x"
	ln -sf meminfo.x "$EMPTY/proc/meminfo" 2>/dev/null || true
	rm -f "$EMPTY/proc/meminfo"
	ln -s meminfo "$EMPTY/proc/meminfo"
	run "$CMACTL" --root "$EMPTY" status
	[ "$status" -eq 3 ]
	[[ $output == *"proc/meminfo: Too many levels of symbolic links"* ]]
}
