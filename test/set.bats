#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# cmactl set/unset: every write is checked with dtc's tools (fdtget, dtc) or
# plain text tools, on QEMU captures, Debian board DTBs and fixtures/set/.

load set_helper

setup() {
	ROOT=$(fixture_root lab-c-dt-size96M)
	DTB=$BATS_TEST_TMPDIR/virt.dtb
	cp "$ROOT/sys/firmware/fdt" "$DTB"
}

teardown() {
	if mountpoint -q "$BATS_TEST_TMPDIR/tmpfs" 2>/dev/null; then
		umount "$BATS_TEST_TMPDIR/tmpfs"
	fi
}

# ---- --via dts ----

@test "dts: QEMU virt capture, 2 size cells, only the size line changes" {
	cp "$DTB" "$BATS_TEST_TMPDIR/orig.dtb"
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$DTB"
	[ "$status" -eq 0 ]
	[[ "$output" == *"written: $DTB"* ]]
	check_cma_size "$DTB" $((64 << 20))
	dtc -q -I dtb -O dts "$DTB" >/dev/null
	run dts_diff "$BATS_TEST_TMPDIR/orig.dtb" "$DTB"
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" == "<"*"size = <0x00 0x6000000>;" ]]
	[[ "${lines[1]}" == ">"*"size = <0x00 0x4000000>;" ]]
	[ "$(status_dt_bytes "$ROOT" "$DTB")" -eq $((64 << 20)) ]
}

@test "dts: backup holds the original; a second run leaves the file byte-identical" {
	before=$(sum "$DTB")
	run "$CMACTL" --root "$ROOT" set 128M --via dts --dtb "$DTB"
	[ "$status" -eq 0 ]
	[ "$(sum "$DTB.cmactl-bak")" = "$before" ]
	first=$(sum "$DTB")
	run "$CMACTL" --root "$ROOT" set 128M --via dts --dtb "$DTB"
	[ "$status" -eq 0 ]
	[[ "$output" == *"already so; nothing to write"* ]]
	[ "$(sum "$DTB")" = "$first" ]
	[ "$(sum "$DTB.cmactl-bak")" = "$before" ]
}

@test "dts: --backup=SUFFIX and --no-backup" {
	run "$CMACTL" --root "$ROOT" set 128M --via dts --dtb "$DTB" --backup=.old
	[ "$status" -eq 0 ]
	[ -f "$DTB.old" ] && [ ! -e "$DTB.cmactl-bak" ]
	run "$CMACTL" --root "$ROOT" set 32M --via dts --dtb "$DTB" --no-backup
	[ "$status" -eq 0 ]
	check_cma_size "$DTB.old" $((96 << 20))
	check_cma_size "$DTB" $((32 << 20))
}

@test "dts: --dry-run prints a DTS diff and writes nothing" {
	before=$(ls -la "$BATS_TEST_TMPDIR" | sum -; sum "$DTB")
	run "$CMACTL" --root "$ROOT" set 256M --via dts --dtb "$DTB" --dry-run
	[ "$status" -eq 0 ]
	[[ "$output" == *"-			size = <0x0 0x6000000>;"* ]]
	[[ "$output" == *"+			size = <0x0 0x10000000>;"* ]]
	[[ "$output" == *"dry run: nothing written"* ]]
	[ "$(ls -la "$BATS_TEST_TMPDIR" | sum -; sum "$DTB")" = "$before" ]
}

@test "dts: -o writes a new file and leaves the original alone" {
	before=$(sum "$DTB")
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$DTB" -o "$BATS_TEST_TMPDIR/new.dtb"
	[ "$status" -eq 0 ]
	[ "$(sum "$DTB")" = "$before" ]
	check_cma_size "$BATS_TEST_TMPDIR/new.dtb" $((64 << 20))
	[ ! -e "$DTB.cmactl-bak" ]
}

@test "dts: mode and owner are kept" {
	chmod 640 "$DTB"
	chown 65534:65534 "$DTB" 2>/dev/null || skip "cannot chown (not root)"
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$DTB"
	[ "$status" -eq 0 ]
	[ "$(stat -c '%a %u %g' "$DTB")" = "640 65534 65534" ]
	[ "$(stat -c '%a %u %g' "$DTB.cmactl-bak")" = "640 65534 65534" ]
}

@test "dts: size rounded up to the 4 MiB pageblock with a notice" {
	run "$CMACTL" --root "$ROOT" set 65M --via dts --dtb "$DTB"
	[ "$status" -eq 0 ]
	[[ "$output" == *"65M rounded up to 68 MiB"* ]]
	check_cma_size "$DTB" $((68 << 20))
}

@test "dts: unset removes the node; a second unset changes nothing" {
	run "$CMACTL" --root "$ROOT" unset --via dts --dtb "$DTB"
	[ "$status" -eq 0 ]
	[ "$(fdtget -l "$DTB" /reserved-memory | grep -c linux,cma)" -eq 0 ]
	dtc -q -I dtb -O dts "$DTB" >/dev/null
	[[ "$output" == *"will come from kconfig"* ]]
	after=$(sum "$DTB")
	run "$CMACTL" --root "$ROOT" set --remove --via dts --dtb "$DTB"
	[ "$status" -eq 0 ]
	[ "$(sum "$DTB")" = "$after" ]
}

@test "dts: no /reserved-memory: it is created with the root's cells and empty ranges" {
	dtb_of "$SETFIX/no-chosen.dts" "$DTB"
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$DTB"
	[ "$status" -eq 0 ]
	[ "$(fdtget "$DTB" /reserved-memory '#address-cells')" = 2 ]
	[ "$(fdtget "$DTB" /reserved-memory '#size-cells')" = 2 ]
	fdtget -p "$DTB" /reserved-memory | grep -qx ranges
	[ "$(fdtget "$DTB" /reserved-memory/linux,cma compatible)" = shared-dma-pool ]
	fdtget -p "$DTB" /reserved-memory/linux,cma | grep -qx reusable
	check_cma_size "$DTB" $((64 << 20))
}

@test "dts: --base/--limit write alloc-ranges, checked against /memory" {
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$DTB" --base 0x40000000 --limit 0x60000000
	[ "$status" -eq 0 ]
	[ "$(fdtget -t x "$DTB" /reserved-memory/linux,cma alloc-ranges)" = "0 40000000 0 20000000" ]
	before=$(sum "$DTB")
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$DTB" --base 0x0 --limit 0x20000000
	[ "$status" -eq 1 ]
	[[ "$output" == *"not inside any /memory range"* ]]
	[ "$(sum "$DTB")" = "$before" ]
}

@test "dts: a static reg is resized only inside memory and clear of other reservations" {
	dtb_of "$SETFIX/static-overlap.dts" "$DTB"
	run "$CMACTL" --root "$ROOT" set 32M --via dts --dtb "$DTB"
	[ "$status" -eq 0 ]
	[ "$(fdtget -t x "$DTB" /reserved-memory/linux,cma@70000000 reg)" = "0 70000000 0 2000000" ]
	before=$(sum "$DTB")
	# into the no-map firmware region
	run "$CMACTL" --root "$ROOT" set 16M --via dts --dtb "$DTB" --static --base 0x60000000
	[ "$status" -eq 1 ]
	[[ "$output" == *"overlaps /reserved-memory/firmware@60000000"* ]]
	# onto the /memreserve/
	run "$CMACTL" --root "$ROOT" set 16M --via dts --dtb "$DTB" --static --base 0x48000000
	[ "$status" -eq 1 ]
	[[ "$output" == *"overlaps /memreserve/"* ]]
	# past the end of memory
	run "$CMACTL" --root "$ROOT" set 512M --via dts --dtb "$DTB" --mem 1G
	[ "$status" -eq 1 ]
	[ "$(sum "$DTB")" = "$before" ]
	# a free, aligned place: moved, and the unit address follows
	run "$CMACTL" --root "$ROOT" set 16M --via dts --dtb "$DTB" --static --base 0x78000000
	[ "$status" -eq 0 ]
	[ "$(fdtget -t x "$DTB" /reserved-memory/linux,cma@78000000 reg)" = "0 78000000 0 1000000" ]
}

@test "dts: a disabled linux,cma node is enabled, with a notice" {
	dtb_of "$SETFIX/disabled-cma.dts" "$DTB"
	run "$CMACTL" --root "$ROOT" --dtb "$DTB" status
	[[ "$(tr -s ' \n' ' ' <<<"$output")" == *'DT node linux,cma is a CMA pool but its status is not "okay": the kernel skips it'* ]]
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$DTB"
	[ "$status" -eq 0 ]
	[[ "$output" == *'status was "disabled", so the kernel skipped the node: set it to "okay"'* ]]
	[ "$(fdtget "$DTB" /reserved-memory/linux,cma status)" = okay ]
	check_cma_size "$DTB" $((64 << 20))
	[ "$(status_dt_bytes "$ROOT" "$DTB")" -eq $((64 << 20)) ]
}

@test "dts: two linux,cma-default nodes: refused, nothing written; status names its assumption" {
	dtb_of "$SETFIX/two-defaults.dts" "$DTB"
	before=$(sum "$DTB")
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$DTB"
	[ "$status" -eq 1 ]
	[[ "$output" == *"several nodes with linux,cma-default (linux,cma, video-cma)"*"nothing written"* ]]
	[ "$(sum "$DTB")" = "$before" ]
	[ ! -e "$DTB.cmactl-bak" ]
	run "$CMACTL" --root "$ROOT" unset --via dts --dtb "$DTB"
	[ "$status" -eq 1 ]
	[ "$(sum "$DTB")" = "$before" ]
	run "$CMACTL" --root "$ROOT" --dtb "$DTB" status
	[[ "$output" == *"DT nodes linux,cma and video-cma both have linux,cma-default"*"linux,cma is assumed"* ]]
}

# ---- Debian board DTBs ----

@test "dts: Raspberry Pi 4 (1 size cell, alloc-ranges kept)" {
	board_dtb broadcom/bcm2711-rpi-4-b
	cp "$f" "$BATS_TEST_TMPDIR/orig.dtb"
	ar=$(fdtget -t x "$f" /reserved-memory/linux,cma alloc-ranges)
	run "$CMACTL" --root "$ROOT" set 256M --via dts --dtb "$f" --mem 4G
	[ "$status" -eq 0 ]
	check_cma_size "$f" $((256 << 20))
	[ "$(fdtget -t x "$f" /reserved-memory/linux,cma size)" = 10000000 ]
	[ "$(fdtget -t x "$f" /reserved-memory/linux,cma alloc-ranges)" = "$ar" ]
	run dts_diff "$BATS_TEST_TMPDIR/orig.dtb" "$f"
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == *"size = <0x10000000>;" ]]
	[ "$(status_dt_bytes "$ROOT" "$f")" -eq $((256 << 20)) ]
}

@test "dts: Amlogic Odroid-N2 (2 size cells, alignment kept)" {
	board_dtb amlogic/meson-g12b-odroid-n2
	run "$CMACTL" --root "$ROOT" set 512M --via dts --dtb "$f" --mem 4G
	[ "$status" -eq 0 ]
	check_cma_size "$f" $((512 << 20))
	[ "$(fdtget -t x "$f" /reserved-memory/linux,cma alignment)" = "0 400000" ]
	[ "$(status_dt_bytes "$ROOT" "$f")" -eq $((512 << 20)) ]
}

@test "dts: i.MX8MM EVK (no /reserved-memory): only added lines" {
	board_dtb freescale/imx8mm-evk
	cp "$f" "$BATS_TEST_TMPDIR/orig.dtb"
	run "$CMACTL" --root "$ROOT" set 320M --via dts --dtb "$f"
	[ "$status" -eq 0 ]
	check_cma_size "$f" $((320 << 20))
	run dts_diff "$BATS_TEST_TMPDIR/orig.dtb" "$f"
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^<')" -eq 0 ]
	[ "$(status_dt_bytes "$ROOT" "$f")" -eq $((320 << 20)) ]
}

@test "dts: i.MX8MP EVK and TI AM625 SK (reserved-memory, no CMA node)" {
	for b in freescale/imx8mp-evk ti/k3-am625-sk; do
		board_dtb "$b"
		run "$CMACTL" --root "$ROOT" set 128M --via dts --dtb "$f" --mem 2G
		[ "$status" -eq 0 ]
		check_cma_size "$f" $((128 << 20))
		dtc -q -I dtb -O dts "$f" >/dev/null
		[ "$(status_dt_bytes "$ROOT" "$f")" -eq $((128 << 20)) ]
	done
}

@test "dts: sweep: every DTB of the Debian arm64 kernel package is set and read back" {
	[ -d "$DTB_CACHE/dtbs" ] || corpus_missing "no DTB corpus in $DTB_CACHE"
	local n=0 refused=0 f
	while IFS= read -r f; do
		cp "$f" "$BATS_TEST_TMPDIR/s.dtb"
		if ! out=$("$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$BATS_TEST_TMPDIR/s.dtb" \
				--no-backup --force 2>&1); then
			# the one refusal allowed: a /reserved-memory the kernel itself ignores
			[[ "$out" == *"Linux ignores the whole node"* ]] || { echo "$f: $out"; return 1; }
			cmp -s "$f" "$BATS_TEST_TMPDIR/s.dtb" || { echo "$f: changed on refusal"; return 1; }
			refused=$((refused + 1))
			continue
		fi
		check_cma_size "$BATS_TEST_TMPDIR/s.dtb" $((64 << 20)) || { echo "$f: size"; return 1; }
		dtc -q -I dtb -O dts "$BATS_TEST_TMPDIR/s.dtb" >/dev/null || { echo "$f: dtc"; return 1; }
		got=$(status_dt_bytes "$ROOT" "$BATS_TEST_TMPDIR/s.dtb")
		[ "$got" = $((64 << 20)) ] ||
			{ echo "$f: status read back $got"; "$CMACTL" --root "$ROOT" status --dtb "$BATS_TEST_TMPDIR/s.dtb"; return 1; }
		n=$((n + 1))
	done < <(find "$DTB_CACHE/dtbs" -name '*.dtb' | LC_ALL=C sort)
	echo "# sweep: $n set and read back, $refused refused" >&3
	[ "$n" -gt 0 ]
}

# ---- --via bootargs ----

@test "bootargs: replace cma= in place, keep everything else" {
	R=$(fixture_root stock-f-dt-bootargs-cma48M)
	cp "$R/sys/firmware/fdt" "$DTB"
	stdout=$(fdtget "$DTB" /chosen stdout-path)
	run "$CMACTL" --root "$R" set 64M --via bootargs --dtb "$DTB"
	[ "$status" -eq 0 ]
	[ "$(fdtget "$DTB" /chosen bootargs)" = "cma=64M" ]
	[ "$(fdtget "$DTB" /chosen stdout-path)" = "$stdout" ]
	[[ "$output" == *"effective: the default CMA area will be 64 MiB, from cmdline"* ]]
}

@test "bootargs: several cma= and quoted arguments" {
	dtb_of "$SETFIX/bootargs-many.dts" "$DTB"
	run "$CMACTL" --root "$ROOT" set 64M --via bootargs --dtb "$DTB"
	[ "$status" -eq 0 ]
	[ "$(fdtget "$DTB" /chosen bootargs)" = 'console=ttyAMA0 root="/dev/vda 1" quiet cma=64M -- cma=8M' ]
	run "$CMACTL" --root "$ROOT" unset --via bootargs --dtb "$DTB"
	[ "$status" -eq 0 ]
	[ "$(fdtget "$DTB" /chosen bootargs)" = 'console=ttyAMA0 root="/dev/vda 1" quiet -- cma=8M' ]
}

@test "bootargs: /chosen is created when absent" {
	dtb_of "$SETFIX/no-chosen.dts" "$DTB"
	run "$CMACTL" --root "$ROOT" set 48M --via bootargs --dtb "$DTB"
	[ "$status" -eq 0 ]
	[ "$(fdtget "$DTB" /chosen bootargs)" = "cma=48M" ]
	dtc -q -I dtb -O dts "$DTB" >/dev/null
}

# ---- precedence ----

@test "precedence: a DT change under a cma= on the command line is reported as shadowed" {
	# the DTB on disk (lab-c's) has no bootargs: the cma= comes from the bootloader
	R=$(fixture_root stock-d-dt-size96M-cmdline-cma32M)
	run "$CMACTL" --root "$R" set 128M --via dts --dtb "$DTB"
	[ "$status" -eq 0 ]
	[[ "$output" == *"SHADOWED: cmdline (cma=32M)"* ]]
	[[ "$output" == *"cmactl unset --via cmdline"* ]]
}

@test "precedence: the edited DTB's own bootargs cma= shadows a DT change" {
	# Found by the lab (rt-*-set96M-via-dts-shadowed-by-bootargs48M): a bootloader
	# with no command line of its own passes /chosen/bootargs on, and the kernel
	# (6.1) then bypasses the node and reserves 48 MiB.
	local R
	R=$(fixture_root lab-f-dt-bootargs-cma48M)
	: >"$BATS_TEST_TMPDIR/empty-cmdline"
	run "$CMACTL" --root "$R" --cmdline "$BATS_TEST_TMPDIR/empty-cmdline" set 96M --via dts \
		--dtb "$R/sys/firmware/fdt" -o "$BATS_TEST_TMPDIR/out.dtb"
	[ "$status" -eq 0 ]
	[[ "$output" == *"SHADOWED: cmdline (cma=48M)"* ]]
	[[ "$output" == *"cmactl unset --via bootargs"* ]]
	[ "$(fdtget "$BATS_TEST_TMPDIR/out.dtb" /chosen bootargs)" = "cma=48M" ]
}

@test "precedence: before 5.6 the DT node shadows cma=" {
	printf 'console=ttyS0\n' >"$BATS_TEST_TMPDIR/cmdline.txt"
	run "$CMACTL" --root "$ROOT" --kernel-version 5.4 set 64M --via cmdline \
		--file "$BATS_TEST_TMPDIR/cmdline.txt"
	[ "$status" -eq 0 ]
	[[ "$output" == *"SHADOWED: devicetree"* ]]
	[[ "$output" == *"cmactl unset --via dts"* ]]
}

# ---- --via cmdline ----

@test "cmdline: extlinux.conf, the DEFAULT label's APPEND" {
	cp "$SETFIX/extlinux.conf" "$BATS_TEST_TMPDIR/"
	f=$BATS_TEST_TMPDIR/extlinux.conf
	run "$CMACTL" --root "$ROOT" set 256M --via cmdline --file "$f"
	[ "$status" -eq 0 ]
	run diff "$SETFIX/extlinux.conf" "$f"
	[ "${lines[1]}" = "< "$'\t'"append root=UUID=0b7e4b6c-1d9a-4d8b-9a33-2f0c4f1e7a10 ro quiet cma=128M" ]
	[ "${lines[3]}" = "> "$'\t'"append root=UUID=0b7e4b6c-1d9a-4d8b-9a33-2f0c4f1e7a10 ro quiet cma=256M" ]
	[ "${#lines[@]}" -eq 4 ]
	run "$CMACTL" --root "$ROOT" set 64M --via cmdline --file "$f" --label l0r
	[ "$status" -eq 0 ]
	grep -q 'ro single cma=64M$' "$f"
	run "$CMACTL" --root "$ROOT" set 64M --via cmdline --file "$f" --label nosuch
	[ "$status" -eq 1 ]
	[[ "$output" == *"no LABEL nosuch"* ]]
}

@test "cmdline: Raspberry Pi cmdline.txt" {
	cp "$SETFIX/cmdline.txt" "$BATS_TEST_TMPDIR/"
	f=$BATS_TEST_TMPDIR/cmdline.txt
	run "$CMACTL" --root "$ROOT" set 256M --via cmdline --file "$f"
	[ "$status" -eq 0 ]
	[ "$(cat "$f")" = "$(cat "$SETFIX/cmdline.txt") cma=256M" ]
	[ "$(status_cmdline_bytes "$ROOT" "$f")" -eq $((256 << 20)) ]
	run "$CMACTL" --root "$ROOT" unset --via cmdline --file "$f"
	[ "$status" -eq 0 ]
	cmp "$f" "$SETFIX/cmdline.txt"
}

@test "cmdline: /etc/default/grub, with the update-grub reminder" {
	cp "$SETFIX/grub" "$BATS_TEST_TMPDIR/"
	f=$BATS_TEST_TMPDIR/grub
	run "$CMACTL" --root "$ROOT" set 96M --via cmdline --file "$f"
	[ "$status" -eq 0 ]
	[[ "$output" == *"update-grub"* ]]
	grep -qx 'GRUB_CMDLINE_LINUX="console=ttyS0,115200 cma=96M"' "$f"
	grep -qx 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"' "$f"
	[ "$(diff "$SETFIX/grub" "$f" | grep -c '^[<>]')" -eq 2 ]
}

# grub_entries FILE: the kernel arguments of a normal and of a recovery entry, as
# Debian's /etc/grub.d/10_linux (grub-common 2.06-13+deb12u2) builds them from the
# file sourced by sh: "${GRUB_CMDLINE_LINUX} ${GRUB_CMDLINE_LINUX_DEFAULT}" and
# "single ${GRUB_CMDLINE_LINUX}".
grub_entries() {
	sh -c '. "$1" && printf "%s\n" "${GRUB_CMDLINE_LINUX} ${GRUB_CMDLINE_LINUX_DEFAULT}" \
		"single ${GRUB_CMDLINE_LINUX}"' sh "$1"
}

# last_cma: the cma= the kernel takes (the last) from the arguments on stdin.
last_cma() {
	tr ' ' '\n' | grep '^cma=' | tail -n 1
}

# label_append FILE LABEL: the APPEND of an extlinux LABEL, read with awk.
label_append() {
	awk -v l="$2" 'tolower($1) == "label" { f = ($2 == l); next }
		f && tolower($1) == "append" { sub(/^[ \t]*[^ \t]+[ \t]+/, ""); print }' "$1"
}

@test "cmdline: grub: cma= leaves GRUB_CMDLINE_LINUX_DEFAULT, with a note; unset clears both" {
	cp "$SETFIX/grub-default-cma" "$BATS_TEST_TMPDIR/grub"
	f=$BATS_TEST_TMPDIR/grub
	[ "$(grub_entries "$f" | head -n 1 | last_cma)" = cma=256M ]	# the shadow
	run "$CMACTL" --root "$ROOT" set 96M --via cmdline --file "$f"
	[ "$status" -eq 0 ]
	unwrap_output
	[[ "$output" == *"note: removed cma=256M from GRUB_CMDLINE_LINUX_DEFAULT (line 9): grub-mkconfig puts it after GRUB_CMDLINE_LINUX"* ]]
	[[ "$output" == *"next boot: effective: the default CMA area will be 96 MiB"* ]]
	cmp "$f.cmactl-bak" "$SETFIX/grub-default-cma"
	sh -n "$f"
	run diff "$SETFIX/grub-default-cma" "$f"
	[ "${lines[0]}" = "9,10c9,10" ]
	[ "${lines[1]}" = '< GRUB_CMDLINE_LINUX_DEFAULT="quiet cma=256M splash"' ]
	[ "${lines[2]}" = '< GRUB_CMDLINE_LINUX="console=ttyS0,115200 cma=32M"' ]
	[ "${lines[4]}" = '> GRUB_CMDLINE_LINUX_DEFAULT="quiet splash"' ]
	[ "${lines[5]}" = '> GRUB_CMDLINE_LINUX="console=ttyS0,115200 cma=96M"' ]
	[ "${#lines[@]}" -eq 6 ]
	run grub_entries "$f"
	[ "${lines[0]}" = "console=ttyS0,115200 cma=96M quiet splash" ]
	[ "${lines[1]}" = "single console=ttyS0,115200 cma=96M" ]
	before=$(sum "$f")
	run "$CMACTL" --root "$ROOT" set 96M --via cmdline --file "$f"
	[ "$status" -eq 0 ]
	[[ "$output" == *"already so; nothing to write"* ]]
	[ "$(sum "$f")" = "$before" ]
	cp "$SETFIX/grub-default-cma" "$f"
	run "$CMACTL" --root "$ROOT" unset --via cmdline --file "$f"
	[ "$status" -eq 0 ]
	[[ "$output" == *"note: removed cma=256M from GRUB_CMDLINE_LINUX_DEFAULT (line 9)"* ]]
	cmp "$f.cmactl-bak" "$SETFIX/grub-default-cma"
	run grub_entries "$f"
	[ "${lines[0]}" = "console=ttyS0,115200 quiet splash" ]
	[ "${lines[1]}" = "single console=ttyS0,115200" ]
	[ "$(diff "$SETFIX/grub-default-cma" "$f" | grep -c '^[<>]')" -eq 4 ]
}

@test "cmdline: grub: several assignments, ' quotes, a _DEFAULT that expands its earlier value" {
	cp "$SETFIX/grub-several" "$BATS_TEST_TMPDIR/grub"
	f=$BATS_TEST_TMPDIR/grub
	[ "$(grub_entries "$f" | head -n 1 | last_cma)" = cma=64M ]
	run "$CMACTL" --root "$ROOT" set 128M --via cmdline --file "$f"
	[ "$status" -eq 0 ]
	unwrap_output
	[[ "$output" == *"note: GRUB_CMDLINE_LINUX at line 6 has cma=16M, but a later assignment replaces it: left alone"* ]]
	[[ "$output" == *"note: removed cma=64M from GRUB_CMDLINE_LINUX_DEFAULT (line 5)"* ]]
	cmp "$f.cmactl-bak" "$SETFIX/grub-several"
	sh -n "$f"
	run diff "$SETFIX/grub-several" "$f"
	[ "${lines[0]}" = "5c5" ]
	[ "${lines[1]}" = "< GRUB_CMDLINE_LINUX_DEFAULT='quiet cma=64M'" ]
	[ "${lines[3]}" = "> GRUB_CMDLINE_LINUX_DEFAULT='quiet'" ]
	[ "${lines[4]}" = "7c7" ]
	[ "${lines[5]}" = '< GRUB_CMDLINE_LINUX="root=/dev/vda1 console=ttyS0,115200"' ]
	[ "${lines[7]}" = '> GRUB_CMDLINE_LINUX="root=/dev/vda1 console=ttyS0,115200 cma=128M"' ]
	[ "${#lines[@]}" -eq 8 ]
	run grub_entries "$f"
	[ "${lines[0]}" = "root=/dev/vda1 console=ttyS0,115200 cma=128M quiet splash" ]
	[ "${lines[1]}" = "single root=/dev/vda1 console=ttyS0,115200 cma=128M" ]
	run "$CMACTL" --root "$ROOT" unset --via cmdline --file "$f"
	[ "$status" -eq 0 ]
	run grub_entries "$f"
	[ "${lines[0]}" = "root=/dev/vda1 console=ttyS0,115200 quiet splash" ]
	[ "${lines[1]}" = "single root=/dev/vda1 console=ttyS0,115200" ]
	grep -qx 'GRUB_CMDLINE_LINUX="console=ttyS0,115200 cma=16M"' "$f"	# dead, left alone
}

@test "cmdline: extlinux: MENU DEFAULT picks the label; DEFAULT (even after the labels) and --label beat it" {
	cp "$SETFIX/extlinux-menu-default.conf" "$BATS_TEST_TMPDIR/extlinux.conf"
	f=$BATS_TEST_TMPDIR/extlinux.conf
	run "$CMACTL" --root "$ROOT" set 256M --via cmdline --file "$f"
	[ "$status" -eq 0 ]
	unwrap_output
	[[ "$output" == *"note: LABEL linux-6.1.0-56 is the one U-Boot boots by default (MENU DEFAULT in its block)"* ]]
	cmp "$f.cmactl-bak" "$SETFIX/extlinux-menu-default.conf"
	run diff "$SETFIX/extlinux-menu-default.conf" "$f"
	[ "${lines[0]}" = "16c16" ]
	[ "${lines[1]}" = "< "$'\t'"APPEND root=/dev/mmcblk0p2 rootwait ro quiet" ]
	[ "${lines[3]}" = "> "$'\t'"APPEND root=/dev/mmcblk0p2 rootwait ro quiet cma=256M" ]
	[ "${#lines[@]}" -eq 4 ]
	[ "$(label_append "$f" linux-6.1.0-56)" = "root=/dev/mmcblk0p2 rootwait ro quiet cma=256M" ]
	run "$CMACTL" --root "$ROOT" set 64M --via cmdline --file "$f" --label rescue
	[ "$status" -eq 0 ]
	[ "$(label_append "$f" rescue)" = "root=/dev/mmcblk0p2 rootwait ro single cma=64M" ]
	[ "$(label_append "$f" linux-6.1.0-56)" = "root=/dev/mmcblk0p2 rootwait ro quiet cma=256M" ]
	# a top-level DEFAULT wins over MENU DEFAULT wherever it stands (U-Boot pxe_utils.c)
	{ cat "$SETFIX/extlinux-menu-default.conf"; printf 'Default linux-6.1.0-55\n'; } >"$f"
	cp "$f" "$BATS_TEST_TMPDIR/orig"
	run "$CMACTL" --root "$ROOT" set 32M --via cmdline --file "$f"
	[ "$status" -eq 0 ]
	unwrap_output
	[[ "$output" == *"(DEFAULT linux-6.1.0-55)"* ]]
	[ "$(label_append "$f" linux-6.1.0-55)" = "root=/dev/mmcblk0p2 rootwait ro cma=32M" ]
	[ "$(diff "$BATS_TEST_TMPDIR/orig" "$f" | grep -c '^[<>]')" -eq 2 ]
}

@test "cmdline: extlinux: several labels and no default: the first, which U-Boot boots" {
	cp "$SETFIX/extlinux-no-default.conf" "$BATS_TEST_TMPDIR/extlinux.conf"
	f=$BATS_TEST_TMPDIR/extlinux.conf
	run "$CMACTL" --root "$ROOT" set 32M --via cmdline --file "$f"
	[ "$status" -eq 0 ]
	[[ "$output" == *"LABEL l0 is the one U-Boot boots by default (the first LABEL"* ]]
	[ "$(label_append "$f" l0)" = "root=/dev/mmcblk0p2 rootwait ro quiet cma=32M" ]
	[ "$(label_append "$f" l1)" = "root=/dev/mmcblk0p2 rootwait ro quiet cma=64M" ]
	[ "$(diff "$SETFIX/extlinux-no-default.conf" "$f" | grep -c '^[<>]')" -eq 2 ]
	run "$CMACTL" --root "$ROOT" unset --via cmdline --file "$f" --label l1
	[ "$status" -eq 0 ]
	[ "$(label_append "$f" l1)" = "root=/dev/mmcblk0p2 rootwait ro quiet" ]
	[ "$(label_append "$f" l0)" = "root=/dev/mmcblk0p2 rootwait ro quiet cma=32M" ]
}

@test "cmdline: found under --root; none or several refused" {
	R=$BATS_TEST_TMPDIR/r
	mkdir -p "$R/boot/firmware" "$R/etc/default"
	run "$CMACTL" --root "$R" set 64M --via cmdline
	[ "$status" -eq 1 ]
	[[ "$output" == *"no boot command-line file"* ]]
	cp "$SETFIX/cmdline.txt" "$R/boot/firmware/"
	run "$CMACTL" --root "$R" set 64M --via cmdline
	[ "$status" -eq 0 ]
	grep -q 'cma=64M$' "$R/boot/firmware/cmdline.txt"
	cp "$SETFIX/grub" "$R/etc/default/"
	before=$(sum "$R/etc/default/grub" "$R/boot/firmware/cmdline.txt")
	run "$CMACTL" --root "$R" set 128M --via cmdline
	[ "$status" -eq 1 ]
	[[ "$output" == *"2 boot command-line files"*"boot/firmware/cmdline.txt"*"etc/default/grub"* ]]
	[ "$(sum "$R/etc/default/grub" "$R/boot/firmware/cmdline.txt")" = "$before" ]
}

# ---- --via kconfig ----

@test "kconfig: CONFIG_CMA_SIZE_MBYTES and the size selection" {
	zcat "$FIXTURES/lab-a-kconfig16M/proc/config.gz" >"$BATS_TEST_TMPDIR/.config"
	f=$BATS_TEST_TMPDIR/.config
	run "$CMACTL" --root "$ROOT" set 64M --via kconfig --file "$f"
	[ "$status" -eq 0 ]
	grep -qx 'CONFIG_CMA_SIZE_MBYTES=64' "$f"
	grep -qx 'CONFIG_CMA_SIZE_SEL_MBYTES=y' "$f"
	grep -qx '# CONFIG_CMA_SIZE_SEL_PERCENTAGE is not set' "$f"
	grep -qx '# CONFIG_CMA_SIZE_SEL_MIN is not set' "$f"
	grep -qx '# CONFIG_CMA_SIZE_SEL_MAX is not set' "$f"
	[ "$(zcat "$FIXTURES/lab-a-kconfig16M/proc/config.gz" | diff - "$f" | grep -c '^[<>]')" -eq 2 ]
}

@test "kconfig: 1536K is refused and nothing is written" {
	printf 'CONFIG_CMA=y\nCONFIG_DMA_CMA=y\n' >"$BATS_TEST_TMPDIR/defconfig"
	before=$(sum "$BATS_TEST_TMPDIR/defconfig")
	run "$CMACTL" --root "$ROOT" set 1536K --via kconfig --file "$BATS_TEST_TMPDIR/defconfig"
	[ "$status" -eq 2 ]
	[[ "$output" == *"not a whole number of MiB"* ]]
	[ "$(sum "$BATS_TEST_TMPDIR/defconfig")" = "$before" ]
	[ ! -e "$BATS_TEST_TMPDIR/defconfig.cmactl-bak" ]
}

# ---- bad inputs and unsafe targets ----

@test "bad input: not a DTB, a truncated DTB, a DTB with no root node" {
	printf 'hello\n' >"$BATS_TEST_TMPDIR/text.dtb"
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$BATS_TEST_TMPDIR/text.dtb"
	[ "$status" -eq 1 ]
	[[ "$output" == *"not a device tree blob"* ]]
	head -c 2000 "$DTB" >"$BATS_TEST_TMPDIR/cut.dtb"
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$BATS_TEST_TMPDIR/cut.dtb"
	[ "$status" -eq 1 ]
	[[ "$output" == *"cut short"* ]]
	# header + empty reservation map + a structure block holding only FDT_END
	python3 -c 'import struct,sys; h=struct.pack(">10I",0xd00dfeed,64,40,60,56,17,16,0,0,4); sys.stdout.buffer.write(h+bytes(16)+struct.pack(">I",9)+bytes(4))' >"$BATS_TEST_TMPDIR/noroot.dtb"
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$BATS_TEST_TMPDIR/noroot.dtb"
	[ "$status" -eq 1 ]
	[ ! -e "$BATS_TEST_TMPDIR/text.dtb.cmactl-bak" ] && [ ! -e "$BATS_TEST_TMPDIR/cut.dtb.cmactl-bak" ]
}

@test "bad input: zero, absurd and above-memory sizes; a misaligned base" {
	before=$(sum "$DTB")
	run "$CMACTL" --root "$ROOT" set 0 --via dts --dtb "$DTB"
	[ "$status" -eq 2 ]
	run "$CMACTL" --root "$ROOT" set 99999999999999999999999 --via dts --dtb "$DTB"
	[ "$status" -eq 2 ]
	run "$CMACTL" --root "$ROOT" set lots --via dts --dtb "$DTB"
	[ "$status" -eq 2 ]
	run "$CMACTL" --root "$ROOT" set 16T --via dts --dtb "$DTB"
	[ "$status" -eq 1 ]
	[[ "$output" == *"not smaller than the memory"* ]]
	run "$CMACTL" --root "$ROOT" set 2G --via dts --dtb "$DTB"
	[ "$status" -eq 1 ]
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$DTB" --static --base 0x40100000
	[ "$status" -eq 2 ]
	[[ "$output" == *"not aligned"* ]]
	run "$CMACTL" --root "$ROOT" set 64M --dtb "$DTB"
	[ "$status" -eq 2 ]
	[ "$(sum "$DTB")" = "$before" ]
}

@test "bad input: no usable /memory is said in one line; --mem checks against it" {
	board_dtb freescale/imx8mm-evk
	fdtput -t x "$f" /memory@40000000 reg 0 40000000 0 0
	run "$CMACTL" --root "$BATS_TEST_TMPDIR" set 64M --via dts --dtb "$f" --dry-run
	[ "$status" -eq 0 ]
	[ "$(grep -c 'memory size unknown' <<<"$output")" -eq 1 ]
	run "$CMACTL" --root "$BATS_TEST_TMPDIR" set 1G --via dts --dtb "$f" --mem 1G
	[ "$status" -eq 1 ]
}

@test "unsafe: a symlink is refused unless --follow-symlinks" {
	ln -s virt.dtb "$BATS_TEST_TMPDIR/link.dtb"
	before=$(sum "$DTB")
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$BATS_TEST_TMPDIR/link.dtb"
	[ "$status" -eq 1 ]
	[[ "$output" == *"is a symbolic link"* ]]
	[ "$(sum "$DTB")" = "$before" ]
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$BATS_TEST_TMPDIR/link.dtb" --follow-symlinks
	[ "$status" -eq 0 ]
	[ -L "$BATS_TEST_TMPDIR/link.dtb" ]
	check_cma_size "$DTB" $((64 << 20))
}

@test "unsafe: a read-only filesystem: refused, the original intact" {
	d=$(tmpfs_dir 1M)
	cp "$DTB" "$d/"
	before=$(sum "$d/virt.dtb")
	mount -o remount,ro "$d"
	run "$CMACTL" --root "$ROOT" set 64M --via dts --dtb "$d/virt.dtb"
	[ "$status" -eq 1 ]
	[[ "$output" == *"nothing changed"* ]]
	[ "$(sum "$d/virt.dtb")" = "$before" ]
}

@test "unsafe: a full filesystem: refused, the original intact, no temp files left" {
	d=$(tmpfs_dir 64k)
	cp "$SETFIX/extlinux.conf" "$d/"
	dd if=/dev/zero of="$d/fill" bs=4k 2>/dev/null || true
	before=$(sum "$d/extlinux.conf")
	run "$CMACTL" --root "$ROOT" set 64M --via cmdline --file "$d/extlinux.conf"
	[ "$status" -eq 1 ]
	[[ "$output" == *"nothing changed"* ]]
	[ "$(sum "$d/extlinux.conf")" = "$before" ]
	[ "$(ls -A "$d" | sort | tr '\n' ' ')" = "extlinux.conf fill " ]
}

# ---- live board: which DTB did it boot? ----

@test "live: the booted DTB is found under /boot; two candidates are listed and refused" {
	mkdir -p "$ROOT/boot/dtbs/6.1.192/qemu"
	cp "$ROOT/sys/firmware/fdt" "$ROOT/boot/dtbs/6.1.192/qemu/virt.dtb"
	dtb_of "$SETFIX/no-chosen.dts" "$ROOT/boot/other.dtb"
	run "$CMACTL" --root "$ROOT" set 64M --via dts
	[ "$status" -eq 0 ]
	[[ "$output" == *"written: $ROOT/boot/dtbs/6.1.192/qemu/virt.dtb"* ]]
	check_cma_size "$ROOT/boot/dtbs/6.1.192/qemu/virt.dtb" $((64 << 20))
	cp "$ROOT/sys/firmware/fdt" "$ROOT/boot/firmware-copy.dtb"
	run "$CMACTL" --root "$ROOT" set 32M --via dts
	[ "$status" -eq 1 ]
	[[ "$output" == *"2 DTBs match"*"boot/firmware-copy.dtb"*"boot/dtbs/6.1.192/qemu/virt.dtb"* ]]
}
