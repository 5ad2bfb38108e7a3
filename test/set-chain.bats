#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# cmactl set/unset, issue 11 ("the boot chain"): what goes wrong between the
# edit and the next boot, one test per case of the issue's "Why", checked
# with plain text tools (cmp, grep, sha256sum) on fixtures/set/ and the QEMU
# capture lab-c-dt-size96M.

load set_helper

setup() {
	ROOT=$(fixture_root lab-c-dt-size96M)
	W=$BATS_TEST_TMPDIR/w
	mkdir -p "$W"
	cp "$SETFIX/extlinux.conf" "$SETFIX/cmdline.txt" "$SETFIX/grub" "$W/"
}

# ---- Why 4: edits that cannot work are not made ----

@test "why 4: a bare number below 1 MiB is refused (bytes, as in the kernel): the unit was meant" {
	before=$(sum "$W/cmdline.txt")
	run "$CMACTL" --root "$ROOT" set 256 --via cmdline --file "$W/cmdline.txt"
	[ "$status" -eq 2 ]
	[[ "$output" == *"SIZE 256 has no unit, so it is 256 bytes"* ]]
	[[ "$output" == *"surely 256M (256 MiB) was meant"* ]]
	[ "$(sum "$W/cmdline.txt")" = "$before" ]
	[ ! -e "$W/cmdline.txt.cmactl-bak" ]
	# hex without a unit too, and 1 MiB written as bytes is taken (then rounded)
	run "$CMACTL" --root "$ROOT" set 0x100 --via cmdline --file "$W/cmdline.txt" --dry-run
	[ "$status" -eq 2 ]
	[[ "$output" == *"SIZE 0x100 has no unit, so it is 256 bytes"* ]]
	run "$CMACTL" --root "$ROOT" set 1048576 --via cmdline --file "$W/cmdline.txt" --dry-run
	[ "$status" -eq 0 ]
	[[ "$output" == *"+"*"cma=4M"* ]]
	run "$CMACTL" --root "$ROOT" set 256M --via cmdline --file "$W/cmdline.txt" --dry-run
	[ "$status" -eq 0 ]
}

# ---- Why 5: after the edit, the user is not left alone ----

@test "why 5: a second set keeps the first backup (the original) and numbers its own" {
	orig=$(sum "$W/extlinux.conf")
	run "$CMACTL" --root "$ROOT" set 64M --via cmdline --file "$W/extlinux.conf"
	[ "$status" -eq 0 ]
	unwrap_output
	[[ "$output" == *"written: $W/extlinux.conf (the original is in $W/extlinux.conf.cmactl-bak)"* ]]
	first=$(sum "$W/extlinux.conf")
	run "$CMACTL" --root "$ROOT" set 128M --via cmdline --file "$W/extlinux.conf"
	[ "$status" -eq 0 ]
	unwrap_output
	[[ "$output" == *"(the file as it was is in $W/extlinux.conf.cmactl-bak.1; the older backup $W/extlinux.conf.cmactl-bak is kept)"* ]]
	[ "$(sum "$W/extlinux.conf.cmactl-bak")" = "$orig" ]
	[ "$(sum "$W/extlinux.conf.cmactl-bak.1")" = "$first" ]
	run "$CMACTL" --root "$ROOT" unset --via cmdline --file "$W/extlinux.conf"
	[ "$status" -eq 0 ]
	[ "$(sum "$W/extlinux.conf.cmactl-bak")" = "$orig" ]
	[ "$(sum "$W/extlinux.conf.cmactl-bak.1")" = "$first" ]
	[ -f "$W/extlinux.conf.cmactl-bak.2" ]
	grep -q 'cma=128M' "$W/extlinux.conf.cmactl-bak.2"
	run grep -c 'cma=' "$W/extlinux.conf"
	[ "$output" = 0 ]
}

@test "why 5: JSON names the numbered backup and the kept one" {
	"$CMACTL" --root "$ROOT" set 64M --via cmdline --file "$W/cmdline.txt" >/dev/null
	run "$CMACTL" --root "$ROOT" --json set 128M --via cmdline --file "$W/cmdline.txt"
	[ "$status" -eq 0 ]
	[ "$(jq -r .backup <<<"$output")" = "$W/cmdline.txt.cmactl-bak.1" ]
	[ "$(jq -r .backup_kept <<<"$output")" = "$W/cmdline.txt.cmactl-bak" ]
}

@test "why 5: the next step for every layer (extlinux, cmdline.txt, GRUB, dts, kconfig, -o)" {
	run "$CMACTL" --root "$ROOT" set 64M --via cmdline --file "$W/extlinux.conf"
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "now reboot for it to count (U-Boot reads extlinux.conf at every boot)" ]
	run "$CMACTL" --root "$ROOT" set 64M --via cmdline --file "$W/cmdline.txt"
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "now reboot for it to count (the firmware reads cmdline.txt at every boot)" ]
	run "$CMACTL" --root "$ROOT" set 64M --via cmdline --file "$W/grub"
	[ "$status" -eq 0 ]
	unwrap_output
	[[ "${lines[-1]}" == "now run update-grub (or grub-mkconfig -o /boot/grub/grub.cfg)"* ]]
	cp "$ROOT/sys/firmware/fdt" "$W/board.dtb"
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$W/board.dtb"
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "now reboot for it to count (the bootloader loads the DTB at boot)" ]
	printf 'CONFIG_CMA=y\n' >"$W/.config"
	run "$CMACTL" --root "$ROOT" set 64M --via kconfig --file "$W/.config"
	[ "$status" -eq 0 ]
	[[ "${lines[-1]}" == "now rebuild the kernel"* ]]
	# -o: the change is elsewhere, and copying it in place comes first
	run "$CMACTL" --root "$ROOT" set 96M --via cmdline --file "$W/grub" -o "$W/grub.new"
	[ "$status" -eq 0 ]
	unwrap_output
	[ "${lines[-1]}" = "the change is in $W/grub.new only: copy it over $W/grub for it to count; then run update-grub (or grub-mkconfig -o /boot/grub/grub.cfg): GRUB reads this file only then" ]
	grep -q 'cma=96M' "$W/grub.new"
	run grep -c 'cma=96M' "$W/grub"
	[ "$output" = 0 ]
}

@test "why 5: a write that fails (EACCES, not root) promises nothing and suggests root" {
	nobody_can_run || skip "user 65534 cannot run $CMACTL (checkout in a private folder)"
	local d
	d=$(mktemp -d /tmp/cmactl-chain.XXXXXX)
	cp "$W/extlinux.conf" "$d/extlinux.conf"
	chmod 755 "$d" && chmod 644 "$d/extlinux.conf"
	before=$(sum "$d/extlinux.conf")
	run setpriv --reuid=65534 --regid=65534 --clear-groups "$CMACTL" --root "$d" \
		set 64M --via cmdline --file "$d/extlinux.conf"
	after=$(sum "$d/extlinux.conf")
	left=$(ls -A "$d")
	rm -rf "$d"
	[ "$status" -eq 1 ]
	[[ "$output" == *"cannot write the new file: Permission denied (nothing changed)"* ]]
	[[ "$output" == *"run the command as root (sudo)"* ]]
	[[ "$output" != *"next boot:"* ]]
	[[ "$output" != *"written:"* ]]
	[ "$after" = "$before" ]
	[ "$left" = extlinux.conf ]
}

# ---- Why 1: the next-boot verdict reads the files, not the running system ----

# chain_root: the lab-d capture (booted with cma=32M, /proc/cmdline) with an
# extlinux.conf under boot/ whose default label passes cma=32M too (derived
# from fixtures/set/extlinux.conf), and board.dtb from the lab-c DTS.
chain_root() {
	ROOT=$(fixture_root lab-d-dt-size96M-cmdline-cma32M)
	mkdir -p "$ROOT/boot/extlinux"
	sed 's/cma=128M/cma=32M/' "$SETFIX/extlinux.conf" >"$ROOT/boot/extlinux/extlinux.conf"
	dtb_of "$FIXTURES/lab-c-dt-size96M/sys/firmware/fdt.dts" "$W/board.dtb"
}

@test "why 1: after unset --via cmdline, set --via dts is effective (the file has no cma= left)" {
	chain_root
	run "$CMACTL" --root "$ROOT" set 512M --via dts --dtb "$W/board.dtb" --dry-run
	[ "$status" -eq 0 ]
	unwrap_output
	[[ "$output" == *"SHADOWED: cmdline (cma=32M) wins over this change; remove it with: cmactl unset --via cmdline"* ]]
	run "$CMACTL" --root "$ROOT" unset --via cmdline
	[ "$status" -eq 0 ]
	run grep -c 'cma=' "$ROOT/boot/extlinux/extlinux.conf"
	[ "$output" = 0 ]
	grep -qx 'cma=32M' "$ROOT/proc/cmdline"
	run "$CMACTL" --root "$ROOT" set 512M --via dts --dtb "$W/board.dtb" --dry-run
	[ "$status" -eq 0 ]
	unwrap_output
	[[ "$output" == *"note: next boot: the command line is the one $ROOT/boot/extlinux/extlinux.conf passes (no cma=); the running kernel's /proc/cmdline is only a hint"* ]]
	[[ "$output" == *"note: this boot was started with cma=32M (/proc/cmdline)"* ]]
	[[ "$output" == *"next boot: effective: the default CMA area will be 512 MiB, from devicetree"* ]]
	[[ "$output" != *"SHADOWED"* ]]
}

@test "why 1: with cma=256M just written to extlinux.conf, set --via dts is shadowed by it" {
	chain_root
	run "$CMACTL" --root "$ROOT" set 256M --via cmdline
	[ "$status" -eq 0 ]
	grep -q 'append .* cma=256M$' "$ROOT/boot/extlinux/extlinux.conf"
	run "$CMACTL" --root "$ROOT" --json set 512M --via dts --dtb "$W/board.dtb" --dry-run
	[ "$status" -eq 0 ]
	[ "$(jq -r '.next_boot.state' <<<"$output")" = shadowed ]
	[ "$(jq -r '.next_boot.shadowed_by.detail' <<<"$output")" = "cma=256M" ]
	[ "$(jq -r '.next_boot.shadowed_by.unset_hint' <<<"$output")" = "cmactl unset --via cmdline" ]
	[ "$(jq -r '.next_boot.effective' <<<"$output")" = false ]
	jq -e '.notes | any(startswith("this boot was started with cma=32M"))' <<<"$output" >/dev/null
}

@test "why 1: two boot command-line files: the verdict stays with /proc/cmdline (no note claims a file)" {
	chain_root
	mkdir -p "$ROOT/etc/default"
	cp "$SETFIX/grub" "$ROOT/etc/default/grub"
	run "$CMACTL" --root "$ROOT" set 512M --via dts --dtb "$W/board.dtb" --dry-run
	[ "$status" -eq 0 ]
	[[ "$output" != *"the command line is the one"* ]]
	[[ "$output" == *"SHADOWED: cmdline (cma=32M)"* ]]
}

@test "why 4: set 3G on the Pi 4 DTB: the node's 1 GiB alloc-ranges cannot hold it (refused, fits with 768M)" {
	board_dtb broadcom/bcm2711-rpi-4-b
	before=$(sum "$f")
	# the window as dtc reads it: <base size> in the root's 2+1 cells, 1 GiB from 0
	ar=$(fdtget -t x "$f" /reserved-memory/linux,cma alloc-ranges)
	[ "$ar" = "0 0 40000000" ]
	run "$CMACTL" --root "$ROOT" set 3G --via dts --dtb "$f" --mem 4G
	[ "$status" -eq 1 ]
	[[ "$output" == *"the node's alloc-ranges (1 window, the widest 0x40000000 bytes from 0x0) cannot hold 0xc0000000 bytes"* ]]
	[[ "$output" == *'"failed to allocate memory for node"'* ]]
	[[ "$output" != *"next boot:"* ]]
	[ "$(sum "$f")" = "$before" ]
	run "$CMACTL" --root "$ROOT" set 768M --via dts --dtb "$f" --mem 4G
	[ "$status" -eq 0 ]
	check_cma_size "$f" $((768 << 20))
	[ "$(fdtget -t x "$f" /reserved-memory/linux,cma alloc-ranges)" = "$ar" ]
	# --force writes it, and says Linux will make no area from it
	run "$CMACTL" --root "$ROOT" set 3G --via dts --dtb "$f" --mem 4G --force
	[ "$status" -eq 0 ]
	[[ "$output" == *"written anyway (--force); Linux will make no area from it"* ]]
	check_cma_size "$f" $((3 << 30))
}

@test "why 4: memory in banks (Arm Juno): an area larger than the largest run is refused, one that fits is written" {
	board_dtb arm/juno
	before=$(sum "$f")
	# dtc's reading of /memory: 2 GiB - 16 MiB at 0x80000000, 6 GiB at 0x880000000 (a hole
	# between): 8 GiB - 16 MiB in all, the largest run 6 GiB
	[ "$(fdtget -t x "$f" /memory@80000000 reg)" = "0 80000000 0 7f000000 8 80000000 1 80000000" ]
	run "$CMACTL" --root "$ROOT" set 7G --via bootargs --dtb "$f" -o "$W/out.dtb"
	[ "$status" -eq 1 ]
	[[ "$output" == *"7 GiB does not fit in one run of memory: the DT's /memory has 2 runs"* ]]
	[[ "$output" == *"the largest 6 GiB"* ]]
	[ ! -e "$W/out.dtb" ]
	[ "$(sum "$f")" = "$before" ]
	# the same size through the DT node; then 6 GiB, which one run can hold
	run "$CMACTL" --root "$ROOT" set 7G --via dts --dtb "$f" -o "$W/out.dtb"
	[ "$status" -eq 1 ]
	[[ "$output" == *"does not fit in one run of memory"* ]]
	run "$CMACTL" --root "$ROOT" set 6G --via bootargs --dtb "$f" -o "$W/out.dtb"
	[ "$status" -eq 0 ]
	# the DTB says it in MiB
	[ "$(fdtget -t s "$W/out.dtb" /chosen bootargs)" = "cma=6144M" ]
}

# ---- Why 3: a generated extlinux.conf ----

@test "why 3: an extlinux.conf generated by u-boot-update: the note says the edit is lost and where to make it" {
	cp "$SETFIX/extlinux-u-boot-update.conf" "$W/extlinux.conf"
	run "$CMACTL" --root "$ROOT" set 64M --via cmdline --file "$W/extlinux.conf"
	[ "$status" -eq 0 ]
	unwrap_output
	[[ "$output" == *"note: this extlinux.conf says it is generated by u-boot-update (Debian's u-boot-menu)"* ]]
	[[ "$output" == *"U_BOOT_PARAMETERS in /etc/default/u-boot"* ]]
	grep -q 'append .* cma=64M$' "$W/extlinux.conf"
	# the hand-written one (no such header) gets no such note
	cp "$SETFIX/extlinux.conf" "$W/plain.conf"
	run "$CMACTL" --root "$ROOT" set 64M --via cmdline --file "$W/plain.conf"
	[ "$status" -eq 0 ]
	[[ "$output" != *"u-boot-update"* ]]
}

# ---- Why 2: a board's files edited elsewhere are not judged by this system ----

@test "why 2: a board DTB edited under another system's root: not checked against that system's 1 GiB" {
	board_dtb freescale/imx8mm-evk
	# the bootloader fills /memory in at boot: no usable size in the file
	fdtput -t x "$f" /memory@40000000 reg 0 40000000 0 0
	[ "$(fdtget -t s "$f" / compatible | cut -d" " -f1)" = "fsl,imx8mm-evk" ]
	grep -q 'reg = <0x00 0x40000000 0x00 0x40000000>;' "$ROOT/sys/firmware/fdt.dts"
	run "$CMACTL" --root "$ROOT" set 1536M --via dts --dtb "$f" --dry-run
	[ "$status" -eq 0 ]
	[[ "$output" == *'memory size unknown: the DTB ("fsl,imx8mm-evk") has no usable /memory'* ]]
	unwrap_output
	[[ "$output" == *'is not this system'"'"'s (booted "linux,dummy-virt")'* ]]
	[[ "$output" == *"give --mem SIZE to check"* ]]
	[[ "$output" != *"not smaller than the memory"* ]]
	# --mem still checks; this system's own DTB is still checked against its memory
	run "$CMACTL" --root "$ROOT" set 1536M --via dts --dtb "$f" --mem 1G --dry-run
	[ "$status" -eq 1 ]
	[[ "$output" == *"not smaller than the memory (1 GiB, from --mem)"* ]]
	cp "$ROOT/sys/firmware/fdt" "$W/own.dtb"
	fdtput -t x "$W/own.dtb" /memory@40000000 reg 0 40000000 0 0
	run "$CMACTL" --root "$ROOT" set 1536M --via dts --dtb "$W/own.dtb" --dry-run
	[ "$status" -eq 1 ]
	[[ "$output" == *"from the booted DT's /memory"* ]]
}

# ---- Why 3: the DTB U-Boot loads is found through extlinux.conf ----

@test "why 3: without --dtb, set --via dts edits the DTB extlinux.conf's fdtdir (or fdt) line names" {
	local dir=usr/lib/linux-image-6.1.0-56-arm64
	mkdir -p "$ROOT/$dir/qemu" "$ROOT/boot/dtbs" "$ROOT/boot/extlinux"
	cp "$ROOT/sys/firmware/fdt" "$ROOT/$dir/qemu/virt.dtb"
	cp "$ROOT/sys/firmware/fdt" "$ROOT/boot/dtbs/virt.dtb"
	# without extlinux.conf, only boot/ is searched: the copy under boot/dtbs
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dry-run
	[ "$status" -eq 0 ]
	unwrap_output
	[ "${lines[0]}" = "$ROOT/boot/dtbs/virt.dtb: /reserved-memory/linux,cma: 64M" ]
	# fixtures/set/extlinux.conf's default label l0 says: fdtdir /$dir/
	grep -qx "	fdtdir /$dir/" "$SETFIX/extlinux.conf"
	cp "$SETFIX/extlinux.conf" "$ROOT/boot/extlinux/extlinux.conf"
	before=$(sum "$ROOT/boot/dtbs/virt.dtb")
	run "$CMACTL" --root "$ROOT" set 64M --via dts
	[ "$status" -eq 0 ]
	[[ "$output" == *"written: $ROOT/$dir/qemu/virt.dtb"* ]]
	check_cma_size "$ROOT/$dir/qemu/virt.dtb" $((64 << 20))
	[ "$(sum "$ROOT/boot/dtbs/virt.dtb")" = "$before" ]
	# an fdt line names the file; on a /boot partition of its own, paths start at /boot
	sed -i "s|	fdtdir /$dir/|	FDT /dtbs/virt.dtb|" "$ROOT/boot/extlinux/extlinux.conf"
	run "$CMACTL" --root "$ROOT" set 32M --via dts
	[ "$status" -eq 0 ]
	[[ "$output" == *"written: $ROOT/boot/dtbs/virt.dtb"* ]]
	check_cma_size "$ROOT/boot/dtbs/virt.dtb" $((32 << 20))
}

# ---- --via kconfig edits kernel configurations only ----

@test "kconfig: a file that is no .config or defconfig is refused (exit 2) and left alone" {
	printf 'myhost\n' >"$W/hostname"
	: >"$W/empty"
	printf '#!/bin/sh\nexport CONFIG_FILE=/etc/x\n# CONFIG_ stuff\n' >"$W/script"
	for f in hostname empty script; do
		before=$(sum "$W/$f")
		for cmd in "set 64M" "set 64M --dry-run" "unset" "set 64M -o $W/$f.out"; do
			# shellcheck disable=SC2086
			run "$CMACTL" --root "$ROOT" $cmd --via kconfig --file "$W/$f"
			[ "$status" -eq 2 ]
			[ "${lines[0]}" = "cmactl: error: $W/$f: not a kernel .config or defconfig (no CONFIG_ option line and no \"# Automatically generated file\" header) (nothing written)" ]
			[ "$(sum "$W/$f")" = "$before" ]
			[ ! -e "$W/$f.cmactl-bak" ] && [ ! -e "$W/$f.out" ]
		done
	done
	# a defconfig (make savedefconfig: option lines, no header) and a header-only file are taken
	printf 'CONFIG_ARM64=y\n' >"$W/defconfig"
	run "$CMACTL" --root "$ROOT" set 64M --via kconfig --file "$W/defconfig"
	[ "$status" -eq 0 ]
	grep -qx 'CONFIG_CMA_SIZE_MBYTES=64' "$W/defconfig"
	# the header as make olddefconfig writes it (../shared/captures-matrix/config-6.12.117+deb13-arm64)
	printf '#\n# Automatically generated file; DO NOT EDIT.\n# Linux/arm64 6.12.117 Kernel Configuration\n#\n' >"$W/.config"
	run "$CMACTL" --root "$ROOT" set 32M --via kconfig --file "$W/.config"
	[ "$status" -eq 0 ]
	grep -qx 'CONFIG_CMA_SIZE_MBYTES=32' "$W/.config"
}

# ---- GRUB drop-ins: /etc/default/grub.d/*.cfg, sourced after /etc/default/grub ----

# grub_args ETC_DEFAULT: the arguments of a normal entry, as grub-mkconfig
# gets them: sh sources grub, then grub.d/*.cfg (Debian grub2 2.06,
# util/grub-mkconfig.in), and 10_linux passes "$GRUB_CMDLINE_LINUX
# $GRUB_CMDLINE_LINUX_DEFAULT". sh, not cmactl, evaluates the files.
grub_args() {
	# shellcheck disable=SC2016
	(cd "$1" && sh -c '. ./grub; for x in ./grub.d/*.cfg; do if [ -e "$x" ]; then . "$x"; fi; done
		echo "$GRUB_CMDLINE_LINUX $GRUB_CMDLINE_LINUX_DEFAULT"' 2>/dev/null)
}

# last_cma ARGS: the cma= the kernel takes (the last one).
last_cma() {
	tr ' ' '\n' <<<"$1" | grep '^cma=' | tail -n 1
}

grub_root() {
	G=$BATS_TEST_TMPDIR/groot
	mkdir -p "$G"
	cp -r "$ROOT/." "$G/"
	mkdir -p "$G/etc/default/grub.d"
	cp "$SETFIX/grub" "$G/etc/default/grub"
	D=$G/etc/default
}

@test "grub.d: a drop-in whose GRUB_CMDLINE_LINUX_DEFAULT has cma= is the file set edits (under --root)" {
	grub_root
	# shellcheck disable=SC2016
	printf 'GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT cma=256M"\n' >"$D/grub.d/50-cma.cfg"
	printf 'GRUB_TIMEOUT=1\n' >"$D/grub.d/10-timeout.cfg"
	printf 'GRUB_CMDLINE_LINUX="cma=8M"\n' >"$D/grub.d/.hidden.cfg"
	printf 'GRUB_CMDLINE_LINUX="cma=8M"\n' >"$D/grub.d/90-x.cfg.dpkg-old"
	[ "$(last_cma "$(grub_args "$D")")" = cma=256M ]
	main=$(sum "$D/grub")
	run "$CMACTL" --root "$G" set 64M --via cmdline
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"note: editing /etc/default/grub.d/50-cma.cfg: grub-mkconfig sources it after /etc/default/grub, and its GRUB_CMDLINE_LINUX_DEFAULT (line 1) holds the cma= that reaches the kernel"* ]]
	[[ "$output" == *"next boot: effective: the default CMA area will be 64 MiB, from cmdline (cma=64M)"* ]]
	[ "$(sum "$D/grub")" = "$main" ]
	[ -f "$D/grub.d/50-cma.cfg.cmactl-bak" ]
	grep -q 'cma=256M' "$D/grub.d/50-cma.cfg.cmactl-bak"
	# sh agrees: the kernel gets cma=64M last, and the main file's console= is kept
	args=$(grub_args "$D")
	[ "$(last_cma "$args")" = cma=64M ]
	[[ "$args" == "console=ttyS0,115200 "* ]]
	[[ "${lines[-1]}" == "now run update-grub"* ]]
	# unset edits one file a run: the drop-in, then (named in a note) the main file's cma=32M
	run "$CMACTL" --root "$G" unset --via cmdline
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"note: $G/etc/default/grub is sourced by grub-mkconfig before this file, and its GRUB_CMDLINE_LINUX (line 7) holds the cma= the kernel will take"* ]]
	[[ "$output" == *"next boot: the default CMA area will come from cmdline (cma=32M, 32 MiB)"* ]]
	[ "$(last_cma "$(grub_args "$D")")" = cma=32M ]
	run "$CMACTL" --root "$G" unset --via cmdline
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"$G/etc/default/grub (GRUB defaults (GRUB_CMDLINE_LINUX)): remove cma="* ]]
	[ "$(last_cma "$(grub_args "$D")")" = "" ]
}

@test "grub.d: editing /etc/default/grub that a drop-in overrides says SHADOWED and names the drop-in" {
	grub_root
	printf 'GRUB_CMDLINE_LINUX_DEFAULT="quiet cma=256M"\n' >"$D/grub.d/50-cma.cfg"
	dropin=$(sum "$D/grub.d/50-cma.cfg")
	run "$CMACTL" --root "$G" set 64M --via cmdline --file "$D/grub"
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"note: $D/grub.d/50-cma.cfg is sourced by grub-mkconfig after this file, and its GRUB_CMDLINE_LINUX_DEFAULT (line 1) holds the cma= the kernel will take"* ]]
	[[ "$output" == *"next boot: SHADOWED: cmdline (cma=256M) wins over this change; remove it with: cmactl unset --via cmdline --file $D/grub.d/50-cma.cfg"* ]]
	[ "$(sum "$D/grub.d/50-cma.cfg")" = "$dropin" ]
	[ "$(last_cma "$(grub_args "$D")")" = cma=256M ]
	# the hint, followed, ends the loop: sh then gives the main file's cma=64M
	run "$CMACTL" --root "$G" unset --via cmdline --file "$D/grub.d/50-cma.cfg"
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"GRUB drop-in (/etc/default/grub.d)"* ]]
	[ "$(last_cma "$(grub_args "$D")")" = cma=64M ]
	run "$CMACTL" --root "$G" --json set 64M --via cmdline --file "$D/grub"
	[ "$status" -eq 0 ]
	[ "$(jq -r .next_boot.state <<<"$output")" = effective ]
}

@test "grub.d: a drop-in that replaces GRUB_CMDLINE_LINUX gets the change, keeping what it replaced out" {
	grub_root
	printf 'GRUB_CMDLINE_LINUX="console=ttyAMA0"\n' >"$D/grub.d/20-console.cfg"
	[ "$(last_cma "$(grub_args "$D")")" = "" ]
	run "$CMACTL" --root "$G" set 96M --via cmdline
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"note: editing /etc/default/grub.d/20-console.cfg: grub-mkconfig sources it after /etc/default/grub, and its GRUB_CMDLINE_LINUX is the last one"* ]]
	grep -qx 'GRUB_CMDLINE_LINUX="console=ttyAMA0 cma=96M"' "$D/grub.d/20-console.cfg"
	[ "$(grub_args "$D")" = "console=ttyAMA0 cma=96M quiet" ]
}

@test "grub.d: a drop-in with no GRUB_CMDLINE_LINUX gets one that expands the earlier value" {
	grub_root
	printf 'GRUB_CMDLINE_LINUX_DEFAULT="cma=300M"\n' >"$D/grub.d/50-cma.cfg"
	run "$CMACTL" --root "$G" set 64M --via cmdline
	unwrap_output
	[ "$status" -eq 0 ]
	# shellcheck disable=SC2016
	grep -qx 'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX cma=64M"' "$D/grub.d/50-cma.cfg"
	args=$(grub_args "$D")
	[ "$(last_cma "$args")" = cma=64M ]
	[[ "$args" == "console=ttyS0,115200 "* ]]
}

@test "grub.d: a drop-in that sh cannot source is named, and nothing is written" {
	grub_root
	printf 'GRUB_CMDLINE_LINUX_DEFAULT="quiet cma=256M\n' >"$D/grub.d/50-cma.cfg"
	before=$(sum "$D/grub" "$D/grub.d/50-cma.cfg")
	run "$CMACTL" --root "$G" set 64M --via cmdline
	unwrap_output
	[ "$status" -eq 1 ]
	[[ "$output" == *"etc/default/grub.d/50-cma.cfg: line 1: the value of GRUB_CMDLINE_LINUX_DEFAULT has no closing \""* ]]
	[ "$(sum "$D/grub" "$D/grub.d/50-cma.cfg")" = "$before" ]
	[ ! -e "$D/grub.cmactl-bak" ] && [ ! -e "$D/grub.d/50-cma.cfg.cmactl-bak" ]
}

@test "grub.d: set --via dts reads the command line through the drop-ins" {
	grub_root
	printf 'GRUB_CMDLINE_LINUX_DEFAULT="cma=256M"\n' >"$D/grub.d/50-cma.cfg"
	cp "$ROOT/sys/firmware/fdt" "$W/board.dtb"
	run "$CMACTL" --root "$G" set 64M --via dts --dtb "$W/board.dtb" --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"next boot: the command line is the one $G/etc/default/grub passes (cma=256M)"* ]]
	[[ "$output" == *"SHADOWED: cmdline (cma=256M)"* ]]
}

# ---- Debian u-boot-menu: extlinux.conf made by u-boot-update from /etc/default/u-boot ----

# ubm_params FILE: U_BOOT_PARAMETERS as u-boot-update gets it (it sources the file with sh).
ubm_params() {
	# shellcheck disable=SC2016
	sh -c '. "$1"; printf "%s\n" "$U_BOOT_PARAMETERS"' sh "$1"
}

ubm_root() {
	U=$BATS_TEST_TMPDIR/uroot
	mkdir -p "$U"
	cp -r "$ROOT/." "$U/"
	mkdir -p "$U/boot/extlinux" "$U/etc/default"
	cp "$SETFIX/extlinux-u-boot-update.conf" "$U/boot/extlinux/extlinux.conf"
	cp "$SETFIX/u-boot" "$U/etc/default/u-boot"
}

@test "u-boot-menu: set --via cmdline edits /etc/default/u-boot, not the extlinux.conf made from it" {
	ubm_root
	ext=$(sum "$U/boot/extlinux/extlinux.conf")
	[ "$(ubm_params "$U/etc/default/u-boot")" = "" ]
	run "$CMACTL" --root "$U" set 64M --via cmdline
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"note: editing /etc/default/u-boot: /boot/extlinux/extlinux.conf says it is generated by u-boot-update (Debian's u-boot-menu) from U_BOOT_PARAMETERS there"* ]]
	[[ "$output" == *"note: U_BOOT_PARAMETERS was empty, so u-boot-update used the arguments of /etc/kernel/cmdline when that file exists, else \"ro quiet\""* ]]
	[[ "$output" == *"$U/etc/default/u-boot (u-boot-menu defaults (U_BOOT_PARAMETERS)): cma=64M"* ]]
	[ "${lines[-1]}" = "now run u-boot-update: it writes /boot/extlinux/extlinux.conf from this file (the next kernel install runs it too), then reboot" ]
	[ "$(ubm_params "$U/etc/default/u-boot")" = "ro quiet cma=64M" ]
	[ "$(sum "$U/boot/extlinux/extlinux.conf")" = "$ext" ]
	cmp "$SETFIX/u-boot" "$U/etc/default/u-boot.cmactl-bak"
	# only the one line was added
	[ "$(diff "$SETFIX/u-boot" "$U/etc/default/u-boot" | grep -c '^[<>]')" -eq 1 ]
	# a second set replaces the value where it stands; unset takes cma= out
	run "$CMACTL" --root "$U" set 128M --via cmdline
	unwrap_output
	[ "$status" -eq 0 ]
	[ "$(ubm_params "$U/etc/default/u-boot")" = "ro quiet cma=128M" ]
	run "$CMACTL" --root "$U" unset --via cmdline
	unwrap_output
	[ "$status" -eq 0 ]
	[ "$(ubm_params "$U/etc/default/u-boot")" = "ro quiet" ]
	[ "$(sum "$U/boot/extlinux/extlinux.conf")" = "$ext" ]
}

@test "u-boot-menu: an existing U_BOOT_PARAMETERS keeps its other arguments; the last assignment counts" {
	printf 'U_BOOT_PARAMETERS="console=ttyS0 cma=16M"\n# later\nexport U_BOOT_PARAMETERS="$U_BOOT_PARAMETERS rw cma=32M"\n' >"$W/u-boot"
	[ "$(ubm_params "$W/u-boot")" = "console=ttyS0 cma=16M rw cma=32M" ]
	run "$CMACTL" --root "$ROOT" set 96M --via cmdline --file "$W/u-boot"
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"next boot: effective: the default CMA area will be 96 MiB, from cmdline (cma=96M)"* ]]
	params=$(ubm_params "$W/u-boot")
	[ "$(tr ' ' '\n' <<<"$params" | grep -c '^cma=')" -eq 1 ]
	[ "$params" = "console=ttyS0 rw cma=96M" ]
}

@test "u-boot-menu: a file sh cannot source is refused and left alone" {
	printf 'U_BOOT_PARAMETERS="ro quiet\n' >"$W/u-boot"
	before=$(sum "$W/u-boot")
	run "$CMACTL" --root "$ROOT" set 64M --via cmdline --file "$W/u-boot"
	unwrap_output
	[ "$status" -eq 1 ]
	[[ "$output" == *"line 1: the value of U_BOOT_PARAMETERS has no closing \": sh (so u-boot-update) would fail on this file (nothing written)"* ]]
	[ "$(sum "$W/u-boot")" = "$before" ]
	[ ! -e "$W/u-boot.cmactl-bak" ]
}

@test "u-boot-menu: set --via dts reads the next command line from the extlinux.conf U-Boot loads" {
	ubm_root
	cp "$ROOT/sys/firmware/fdt" "$W/board.dtb"
	run "$CMACTL" --root "$U" set 64M --via dts --dtb "$W/board.dtb" --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"next boot: the command line is the one $U/boot/extlinux/extlinux.conf passes (cma=128M)"* ]]
	[[ "$output" == *"SHADOWED: cmdline (cma=128M)"* ]]
}

# ---- Armbian: /boot/armbianEnv.txt, imported by boot.scr (env import -t), extraargs ----

# arm_env DIR: an armbianEnv.txt with the keys Armbian's images write
# (armbian/build config/bootscripts/boot-rockchip64.cmd reads them); written here.
arm_env() {
	printf 'verbosity=1\nbootlogo=false\nconsole=both\noverlay_prefix=rockchip\nrootdev=UUID=0b7e4b6c-1d9a-4d8b-9a33-2f0c4f1e7a10\nrootfstype=ext4\n%busbstoragequirks=0x2537:0x1066:u,0x2537:0x1068:u\n' "$2" >"$1/armbianEnv.txt"
}

@test "armbian: set --via cmdline finds /boot/armbianEnv.txt and edits extraargs where it stands" {
	A=$BATS_TEST_TMPDIR/aroot
	mkdir -p "$A"
	cp -r "$ROOT/." "$A/"
	mkdir -p "$A/boot"
	arm_env "$A/boot" 'extraargs=net.ifnames=0 cma=32M\n'
	cp "$A/boot/armbianEnv.txt" "$W/orig"
	run "$CMACTL" --root "$A" set 128M --via cmdline
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"$A/boot/armbianEnv.txt (Armbian armbianEnv.txt (extraargs)): cma=128M"* ]]
	[[ "$output" == *"next boot: effective: the default CMA area will be 128 MiB, from cmdline (cma=128M)"* ]]
	[ "${lines[-1]}" = "now reboot for it to count (Armbian's boot.scr reads armbianEnv.txt at every boot)" ]
	grep -qx 'extraargs=net.ifnames=0 cma=128M' "$A/boot/armbianEnv.txt"
	[ "$(diff "$W/orig" "$A/boot/armbianEnv.txt" | grep -c '^[<>]')" -eq 2 ]
	cmp "$W/orig" "$A/boot/armbianEnv.txt.cmactl-bak"
	run "$CMACTL" --root "$A" unset --via cmdline
	unwrap_output
	[ "$status" -eq 0 ]
	grep -qx 'extraargs=net.ifnames=0' "$A/boot/armbianEnv.txt"
	cmp "$W/orig" "$A/boot/armbianEnv.txt.cmactl-bak"
	[ -f "$A/boot/armbianEnv.txt.cmactl-bak.1" ]
}

@test "armbian: a cma= in extraboardargs (after extraargs in bootargs) is taken out; extraargs added when missing" {
	arm_env "$W" 'extraboardargs=cma=64M\n'
	run "$CMACTL" --root "$ROOT" set 256M --via cmdline --file "$W/armbianEnv.txt"
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"note: removed cma=64M from extraboardargs (line 7): boot.scr puts it after extraargs, so the kernel would take it over this change"* ]]
	grep -qx 'extraboardargs=' "$W/armbianEnv.txt"
	[ "$(tail -n 1 "$W/armbianEnv.txt")" = "extraargs=cma=256M" ]
	[ "$(grep -c 'cma=' "$W/armbianEnv.txt")" -eq 1 ]
	# the earlier of two extraargs lines is replaced by env import: only the last is edited
	printf 'extraargs=cma=8M\nextraargs=quiet\r\n' >"$W/armbianEnv.txt"
	run "$CMACTL" --root "$ROOT" set 64M --via cmdline --file "$W/armbianEnv.txt"
	unwrap_output
	[ "$status" -eq 0 ]
	[ "$(cat -A "$W/armbianEnv.txt")" = "$(printf 'extraargs=cma=8M$\nextraargs=quiet cma=64M^M$')" ]
}

@test "armbian: with armbianEnv.txt and extlinux.conf both there, set lists them and writes nothing" {
	A=$BATS_TEST_TMPDIR/aroot2
	mkdir -p "$A/boot/extlinux"
	cp -r "$ROOT/." "$A/"
	arm_env "$A/boot" ''
	cp "$SETFIX/extlinux.conf" "$A/boot/extlinux/"
	before=$(sum "$A/boot/armbianEnv.txt" "$A/boot/extlinux/extlinux.conf")
	run "$CMACTL" --root "$A" set 64M --via cmdline
	unwrap_output
	[ "$status" -eq 1 ]
	[[ "$output" == *"2 boot command-line files found"*"boot/extlinux/extlinux.conf"*"boot/armbianEnv.txt"* ]]
	[ "$(sum "$A/boot/armbianEnv.txt" "$A/boot/extlinux/extlinux.conf")" = "$before" ]
}

# ---- Raspberry Pi config.txt: overlay parameters the firmware writes into the DTB ----

pi_root() {
	P=$BATS_TEST_TMPDIR/proot
	mkdir -p "$P"
	cp -r "$ROOT/." "$P/"
	mkdir -p "$P/boot/firmware"
	printf '[all]\ndtparam=audio=on\n%b\nmax_framebuffers=2\n' "$1" >"$P/boot/firmware/config.txt"
}

@test "rpi: set --via dts on a Pi whose config.txt sets cma-512 does not promise effective; fdtoverlay agrees" {
	board_dtb broadcom/bcm2711-rpi-4-b
	pi_root 'dtoverlay=vc4-kms-v3d,cma-512'
	conf=$(sum "$P/boot/firmware/config.txt")
	run "$CMACTL" --root "$P" set 256M --via dts --dtb "$f"
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"note: $P/boot/firmware/config.txt line 3 (dtoverlay=vc4-kms-v3d,cma-512): the firmware applies the overlay to the DTB at boot and sets the linux,cma node's size to 512 MiB over this edit"* ]]
	[[ "$output" == *"next boot: SHADOWED: devicetree (config.txt cma-512) wins over this change; remove it with: take cma-512 out of line 3 of $P/boot/firmware/config.txt"* ]]
	[[ "$output" != *"effective"* ]]
	[ "$(sum "$P/boot/firmware/config.txt")" = "$conf" ]
	check_cma_size "$f" $((256 << 20))
	# what the firmware boots: the overlay applied to the edited DTB (dtc's fdtoverlay)
	dtc -q -I dts -O dtb -o "$W/cma512.dtbo" "$SETFIX/rpi-cma-512-overlay.dts"
	fdtoverlay -i "$f" -o "$W/booted.dtb" "$W/cma512.dtbo"
	check_cma_size "$W/booted.dtb" $((512 << 20))
	[ "$(status_dt_bytes "$P" "$W/booted.dtb")" = $((512 << 20)) ]
	run "$CMACTL" --root "$P" --json set 256M --via dts --dtb "$f" --dry-run
	[ "$(jq -r .next_boot.size_bytes <<<"$output")" = $((512 << 20)) ]
	[ "$(jq -r .next_boot.state <<<"$output")" = shadowed ]
}

@test "rpi: the cma overlay, cma-size, dtparam after the overlay, cma-default; other overlays do not count" {
	board_dtb broadcom/bcm2711-rpi-4-b
	pi_root 'dtoverlay=cma,cma-size=0x10000000'
	run "$CMACTL" --root "$P" set 64M --via dts --dtb "$f" --dry-run
	unwrap_output
	[[ "$output" == *"line 3 (dtoverlay=cma,cma-size=0x10000000)"*"size to 256 MiB over this edit"* ]]
	[[ "$output" == *"SHADOWED: devicetree (config.txt cma-size=0x10000000)"* ]]
	pi_root 'dtoverlay=vc4-kms-v3d\ndtparam=cma-128'
	run "$CMACTL" --root "$P" set 64M --via dts --dtb "$f" --dry-run
	unwrap_output
	[[ "$output" == *"line 4 (dtparam=cma-128)"*"size to 128 MiB"* ]]
	pi_root 'dtoverlay=cma,cma-default'
	run "$CMACTL" --root "$P" set 64M --via dts --dtb "$f" --dry-run
	unwrap_output
	[[ "$output" == *"cma-default drops the linux,cma node's size, so the kernel's default (Kconfig) applies"* ]]
	[[ "$output" == *"SHADOWED"* ]]
	# a dtparam after another overlay, or an overlay without CMA parameters: no effect
	pi_root 'dtoverlay=vc4-kms-v3d\ndtoverlay=disable-bt\ndtparam=cma-128'
	run "$CMACTL" --root "$P" set 64M --via dts --dtb "$f" --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" != *"config.txt line"* ]]
	[[ "$output" == *"next boot: effective: the default CMA area will be 64 MiB"* ]]
}

@test "u-boot-menu: a conf.d fragment that sets U_BOOT_PARAMETERS (sourced later) is named, nothing written" {
	ubm_root
	mkdir -p "$U/etc/u-boot-menu/conf.d"
	printf 'U_BOOT_PROMPT="1"\nU_BOOT_PARAMETERS="rootwait rw cma=32M"\n' >"$U/etc/u-boot-menu/conf.d/board.conf"
	printf '#U_BOOT_PARAMETERS="ro"\n' >"$U/etc/u-boot-menu/conf.d/a-comment.conf"
	before=$(sum "$U/etc/default/u-boot" "$U/etc/u-boot-menu/conf.d/board.conf")
	run "$CMACTL" --root "$U" set 64M --via cmdline
	unwrap_output
	[ "$status" -eq 1 ]
	[[ "$output" == *"/etc/u-boot-menu/conf.d/board.conf sets U_BOOT_PARAMETERS, and u-boot-update sources it after /etc/default/u-boot: edit it with --file"* ]]
	[ "$(sum "$U/etc/default/u-boot" "$U/etc/u-boot-menu/conf.d/board.conf")" = "$before" ]
	run "$CMACTL" --root "$U" set 64M --via cmdline --file "$U/etc/u-boot-menu/conf.d/board.conf"
	unwrap_output
	[ "$status" -eq 0 ]
	[ "$(ubm_params "$U/etc/u-boot-menu/conf.d/board.conf")" = "rootwait rw cma=64M" ]
}

@test "GRUB: a cma= removed after a backslash would escape the closing quote: refused, file unchanged" {
	# fuzz-plan found it (fuzz/regress/plan/grub-trailing-backslash.bin): "quiet \ cma=32M"
	# without its cma= ends in '\', which would escape the '"' and let sh read on
	local W=$BATS_TEST_TMPDIR
	printf 'GRUB_CMDLINE_LINUX=""\nGRUB_CMDLINE_LINUX_DEFAULT="quiet \\ cma=32M"\n' >"$W/grub"
	# sh itself reads the value as "quiet \ cma=32M" (the backslash is literal before a blank)
	[ "$(sh -c '. "$1"; printf %s "$GRUB_CMDLINE_LINUX_DEFAULT"' sh "$W/grub")" = 'quiet \ cma=32M' ]
	cp "$W/grub" "$W/grub.orig"
	run "$CMACTL" set 64M --via cmdline --file "$W/grub"
	[ "$status" -eq 1 ]
	[[ $output == *"line 2: the value of GRUB_CMDLINE_LINUX_DEFAULT would end in a backslash that escapes its closing quote"* ]]
	cmp "$W/grub" "$W/grub.orig"
	# no backup, no temporary file beside it
	run find "$W" -maxdepth 1 -name 'grub?*' ! -name grub.orig
	[ -z "$output" ]
}
