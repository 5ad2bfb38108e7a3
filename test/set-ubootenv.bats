#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# cmactl set/unset --via ubootenv (issue 11): U-Boot's environment through
# libubootenv. The environment images are made and read back with Debian's
# libubootenv-tool (fw_setenv, fw_printenv), never with cmactl itself.

load set_helper

setup() {
	command -v fw_setenv >/dev/null && command -v fw_printenv >/dev/null ||
		skip "fw_setenv/fw_printenv missing (scripts/deps.sh --test installs libubootenv-tool)"
	ROOT=$(fixture_root lab-c-dt-size96M)
	E=$BATS_TEST_TMPDIR/env
	mkdir -p "$E"
	: >"$E/empty.env"
	"$CMACTL" --root "$ROOT" set 64M --via ubootenv --file /nonexistent 2>&1 |
		grep -q 'built without libubootenv' && skip "cmactl built with WITH_UBOOTENV=0"
	true
}

# env_image NAME=VALUE...: a 16 KiB environment image and its fw_env.config ($E/fw_env.config).
env_image() {
	head -c 16384 /dev/zero >"$E/env.img"
	printf '%s 0x0000 0x4000\n' "$E/env.img" >"$E/fw_env.config"
	printf '%s\n' "$@" >"$E/script"
	fw_setenv -c "$E/fw_env.config" -f "$E/empty.env" -s "$E/script" 2>/dev/null
}

penv() {
	fw_printenv -c "$E/fw_env.config" -n "$1" 2>/dev/null
}

@test "ubootenv: cma= in bootargs, checked with fw_printenv; the old environment restores with fw_setenv -s" {
	env_image "bootargs=console=ttymxc1,115200 root=/dev/mmcblk0p2 cma=32M" "bootdelay=3"
	fw_printenv -c "$E/fw_env.config" >"$E/before" 2>/dev/null
	run "$CMACTL" --root "$ROOT" set 128M --via ubootenv --file "$E/fw_env.config"
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"$E/fw_env.config (U-Boot environment): bootargs: cma=128M"* ]]
	[[ "$output" == *"next boot: effective: the default CMA area will be 128 MiB, from cmdline (cma=128M)"* ]]
	[[ "$output" == *"written: $E/fw_env.config (the original is in $E/fw_env.config.env.cmactl-bak)"* ]]
	[[ "${lines[-1]}" == "now reboot for it to count (U-Boot reads its environment at every boot;"* ]]
	[ "$(penv bootargs)" = "console=ttymxc1,115200 root=/dev/mmcblk0p2 cma=128M" ]
	[ "$(penv bootdelay)" = 3 ]
	# the backup is what fw_printenv showed before, and fw_setenv -s puts it back
	cmp "$E/before" "$E/fw_env.config.env.cmactl-bak"
	fw_setenv -c "$E/fw_env.config" -s "$E/fw_env.config.env.cmactl-bak" 2>/dev/null
	[ "$(penv bootargs)" = "console=ttymxc1,115200 root=/dev/mmcblk0p2 cma=32M" ]
	# unset takes cma= out; the first backup stays, the next is numbered
	run "$CMACTL" --root "$ROOT" unset --via ubootenv --file "$E/fw_env.config"
	unwrap_output
	[ "$status" -eq 0 ]
	[ "$(penv bootargs)" = "console=ttymxc1,115200 root=/dev/mmcblk0p2" ]
	[ -f "$E/fw_env.config.env.cmactl-bak.1" ]
	cmp "$E/before" "$E/fw_env.config.env.cmactl-bak"
}

@test "ubootenv: a variable that passes cma=\${cma} (NXP, Boundary Devices): the cma variable is set" {
	# shellcheck disable=SC2016
	env_image 'mmcargs=setenv bootargs console=${console},${baudrate} root=${mmcroot} cma=${cma}' \
		"cma=64M" "console=ttymxc1" "baudrate=115200"
	args=$(penv mmcargs)
	run "$CMACTL" --root "$ROOT" set 256M --via ubootenv --file "$E/fw_env.config"
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"note: mmcargs passes cma=\${cma} to the kernel (as on NXP and Boundary Devices boards): the variable cma is edited"* ]]
	[[ "$output" == *"(U-Boot environment): cma=256M"* ]]
	[[ "$output" == *"next boot: effective: the default CMA area will be 256 MiB"* ]]
	[ "$(penv cma)" = 256M ]
	[ "$(penv mmcargs)" = "$args" ]
	run grep -c '^bootargs=' <(fw_printenv -c "$E/fw_env.config" 2>/dev/null)
	[ "$output" = 0 ]
	# unset would leave an empty cma= (no area at all): refused, nothing stored
	before=$(sum "$E/env.img")
	run "$CMACTL" --root "$ROOT" unset --via ubootenv --file "$E/fw_env.config"
	unwrap_output
	[ "$status" -eq 1 ]
	[[ "$output" == *"mmcargs passes cma=\${cma} to the kernel; with cma unset that is an empty cma="* ]]
	[ "$(sum "$E/env.img")" = "$before" ]
}

@test "ubootenv: a redundant environment (two copies): the new value is what fw_printenv reads" {
	head -c 16384 /dev/zero >"$E/a.img"
	head -c 16384 /dev/zero >"$E/b.img"
	printf '%s 0x0000 0x4000\n%s 0x0000 0x4000\n' "$E/a.img" "$E/b.img" >"$E/fw_env.config"
	printf 'bootargs=root=/dev/mmcblk0p2 cma=32M\n' >"$E/script"
	fw_setenv -c "$E/fw_env.config" -f "$E/empty.env" -s "$E/script" 2>/dev/null
	[ "$(penv bootargs)" = "root=/dev/mmcblk0p2 cma=32M" ]
	run "$CMACTL" --root "$ROOT" set 96M --via ubootenv --file "$E/fw_env.config"
	unwrap_output
	[ "$status" -eq 0 ]
	[ "$(penv bootargs)" = "root=/dev/mmcblk0p2 cma=96M" ]
	run "$CMACTL" --root "$ROOT" set 128M --via ubootenv --file "$E/fw_env.config"
	unwrap_output
	[ "$status" -eq 0 ]
	[ "$(penv bootargs)" = "root=/dev/mmcblk0p2 cma=128M" ]
}

@test "ubootenv: refused, nothing stored: no bootargs, no valid copy, -o, --root without --file" {
	env_image "bootdelay=3"
	before=$(sum "$E/env.img")
	run "$CMACTL" --root "$ROOT" set 64M --via ubootenv --file "$E/fw_env.config"
	unwrap_output
	[ "$status" -eq 1 ]
	[[ "$output" == *"the environment has no bootargs and no variable with cma=\${cma}"* ]]
	[ "$(sum "$E/env.img")" = "$before" ]
	[ ! -e "$E/fw_env.config.env.cmactl-bak" ]
	# an image whose CRC is wrong: libubootenv finds no valid copy
	head -c 16384 /dev/zero >"$E/env.img"
	before=$(sum "$E/env.img")
	run "$CMACTL" --root "$ROOT" set 64M --via ubootenv --file "$E/fw_env.config"
	unwrap_output
	[ "$status" -eq 1 ]
	[[ "$output" == *"no copy has a valid CRC"* ]]
	[ "$(sum "$E/env.img")" = "$before" ]
	run "$CMACTL" --root "$ROOT" set 64M --via ubootenv --file "$E/fw_env.config" -o "$E/x"
	unwrap_output
	[ "$status" -eq 2 ]
	[[ "$output" == *"-o does not apply to --via ubootenv"* ]]
	run "$CMACTL" --root "$ROOT" set 64M --via ubootenv
	unwrap_output
	[ "$status" -eq 2 ]
	[[ "$output" == *"--via ubootenv under --root $ROOT: the devices an fw_env.config names are the running system's"* ]]
	run "$CMACTL" --root "$ROOT" set 64M --via ubootenv --file "$E/none.config"
	unwrap_output
	[ "$status" -eq 1 ]
	[[ "$output" == *"$E/none.config: No such file or directory"* ]]
	[ ! -e "$E/fw_env.config.env.cmactl-bak" ]
}

@test "ubootenv: --dry-run shows the environment's diff and stores nothing" {
	env_image "bootargs=root=/dev/mmcblk0p2 cma=32M"
	before=$(sum "$E/env.img")
	run "$CMACTL" --root "$ROOT" set 64M --via ubootenv --file "$E/fw_env.config" --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"-bootargs=root=/dev/mmcblk0p2 cma=32M"* ]]
	[[ "$output" == *"+bootargs=root=/dev/mmcblk0p2 cma=64M"* ]]
	[[ "${lines[-1]}" == "dry run: nothing written" ]]
	[ "$(sum "$E/env.img")" = "$before" ]
	[ ! -e "$E/fw_env.config.env.cmactl-bak" ]
}
