#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# cmactl set/unset --via overlay (issue 11): the CMA parameter of a
# Raspberry Pi config.txt overlay line. Files are checked with grep, cmp and
# sha256sum; the next-boot verdict with dtc's fdtoverlay applying the
# parameter cmactl wrote to Debian's Pi 4 DTB, read back with fdtget and
# `cmactl status --dtb` (fixtures/set/rpi-cma-size-overlay.dts.in).

load set_helper

setup() {
	ROOT=$(fixture_root lab-c-dt-size96M)
	W=$BATS_TEST_TMPDIR/w
	mkdir -p "$W"
}

# conf TEXT: $W/config.txt holding TEXT (printf %b), shaped as Raspberry Pi OS ships it.
conf() {
	printf '# http://rptl.io/configtxt\ndtparam=audio=on\n%b\nmax_framebuffers=2\n' "$1" >"$W/config.txt"
}

# param_bytes FILE: the bytes the last CMA parameter of FILE asks for, read with sed
# (the overlay README: cma-NNN is NNN MB, cma-size=BYTES), independent of cmactl.
param_bytes() {
	local p
	p=$(grep -o 'cma-[0-9]*\|cma-size=[0-9a-fx]*' "$1" | tail -n 1)
	case $p in
	cma-size=*) echo $((${p#cma-size=})) ;;
	cma-*) echo $((${p#cma-} << 20)) ;;
	*) return 1 ;;
	esac
}

# booted FILE DTB: what the firmware boots: the overlay with FILE's parameter applied to DTB.
booted() {
	local bytes
	bytes=$(param_bytes "$1")
	sed "s/@SIZE@/$(printf '0x%x' "$bytes")/" "$SETFIX/rpi-cma-size-overlay.dts.in" >"$W/cma.dts"
	dtc -q -I dts -O dtb -o "$W/cma.dtbo" "$W/cma.dts"
	fdtoverlay -i "$2" -o "$W/booted.dtb" "$W/cma.dtbo"
}

@test "overlay: set maps SIZE to the vc4 overlay's nearest cma-NNN; fdtoverlay and status --dtb agree with the verdict" {
	board_dtb broadcom/bcm2711-rpi-4-b
	conf '[pi4]\ndtoverlay=vc4-kms-v3d,cma-256\n[all]'
	run "$CMACTL" --root "$ROOT" --json set 300M --via overlay --file "$W/config.txt" --dtb "$f"
	[ "$status" -eq 0 ]
	promised=$(jq -r .next_boot.size_bytes <<<"$output")
	[ "$(jq -r .next_boot.state <<<"$output")" = effective ]
	grep -qx 'dtoverlay=vc4-kms-v3d,cma-320' "$W/config.txt"
	run grep -c 'cma-256' "$W/config.txt"
	[ "$output" = 0 ]
	cmp "$W/config.txt.cmactl-bak" <(printf '# http://rptl.io/configtxt\ndtparam=audio=on\n[pi4]\ndtoverlay=vc4-kms-v3d,cma-256\n[all]\nmax_framebuffers=2\n')
	booted "$W/config.txt" "$f"
	check_cma_size "$W/booted.dtb" $((320 << 20))
	[ "$(status_dt_bytes "$ROOT" "$W/booted.dtb")" = "$promised" ]
	[ "$promised" = $((320 << 20)) ]
	# the text run says the mapping and the next step
	conf 'dtoverlay=vc4-fkms-v3d'
	run "$CMACTL" --root "$ROOT" set 100M --via overlay --file "$W/config.txt" --dtb "$f"
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"the vc4-fkms-v3d overlay offers cma-512, -448, -384, -320, -256, -192, -128, -96 and -64 (MiB): cma-128 is the nearest at or above the 100 MiB asked"* ]]
	[[ "$output" == *"$W/config.txt (Raspberry Pi config.txt): cma-128"* ]]
	[ "${lines[-1]}" = "now reboot for it to count (the firmware applies config.txt at boot)" ]
	grep -qx 'dtoverlay=vc4-fkms-v3d,cma-128' "$W/config.txt"
}

@test "overlay: the cma overlay takes cma-size (4 MB aligned); with no overlay line one is added in [all]" {
	board_dtb broadcom/bcm2711-rpi-4-b
	conf 'dtoverlay=cma,cma-64'
	run "$CMACTL" --root "$ROOT" --json set 600M --via overlay --file "$W/config.txt" --dtb "$f"
	[ "$status" -eq 0 ]
	grep -qx 'dtoverlay=cma,cma-size=0x25800000' "$W/config.txt"
	promised=$(jq -r .next_boot.size_bytes <<<"$output")
	booted "$W/config.txt" "$f"
	[ "$(status_dt_bytes "$ROOT" "$W/booted.dtb")" = "$promised" ]
	[ "$promised" = $((600 << 20)) ]
	# not 4 MiB aligned: rounded up (pageblocks; cma-size's own 4MB alignment too), and said
	run "$CMACTL" --root "$ROOT" set 98M --via overlay --file "$W/config.txt" --dtb "$f"
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"98M rounded up to 100 MiB"* ]]
	grep -qx 'dtoverlay=cma,cma-size=0x6400000' "$W/config.txt"
	# a file whose last section is a filter: the new line goes after an [all]
	printf 'dtparam=audio=on\n[pi4]\nmax_framebuffers=2' >"$W/config.txt"
	run "$CMACTL" --root "$ROOT" --json set 128M --via overlay --file "$W/config.txt" --dtb "$f"
	[ "$status" -eq 0 ]
	cmp "$W/config.txt" <(printf 'dtparam=audio=on\n[pi4]\nmax_framebuffers=2\n[all]\ndtoverlay=cma,cma-size=0x8000000\n')
	promised=$(jq -r .next_boot.size_bytes <<<"$output")
	booted "$W/config.txt" "$f"
	[ "$(status_dt_bytes "$ROOT" "$W/booted.dtb")" = "$promised" ]
}

@test "overlay: dtparam= after the overlay and cma-default are edited in place" {
	board_dtb broadcom/bcm2711-rpi-4-b
	conf 'dtoverlay=vc4-kms-v3d\ndtparam=cma-128,audio=off'
	run "$CMACTL" --root "$ROOT" set 256M --via overlay --file "$W/config.txt" --dtb "$f"
	[ "$status" -eq 0 ]
	grep -qx 'dtparam=cma-256,audio=off' "$W/config.txt"
	grep -qx 'dtoverlay=vc4-kms-v3d' "$W/config.txt"
	conf 'dtoverlay=vc4-kms-v3d,cma-default'
	run "$CMACTL" --root "$ROOT" set 64M --via overlay --file "$W/config.txt" --dtb "$f"
	[ "$status" -eq 0 ]
	grep -qx 'dtoverlay=vc4-kms-v3d,cma-64' "$W/config.txt"
}

@test "overlay: over the vc4 overlays' cma-512 is refused, the cma overlay's cma-size suggested; nothing written" {
	board_dtb broadcom/bcm2711-rpi-4-b
	conf 'dtoverlay=vc4-kms-v3d,cma-256'
	before=$(sum "$W/config.txt")
	run "$CMACTL" --root "$ROOT" set 600M --via overlay --file "$W/config.txt" --dtb "$f"
	[ "$status" -eq 1 ]
	[[ "$output" == *"600 MiB is over the largest size the vc4-kms-v3d overlay offers (cma-512, 512 MiB)"* ]]
	[[ "$output" == *'dtoverlay=cma,cma-size=0x25800000'* ]]
	[[ "$output" == *"(nothing written)"* ]]
	[ "$(sum "$W/config.txt")" = "$before" ]
	[ ! -e "$W/config.txt.cmactl-bak" ]
}

@test "overlay: --dry-run prints the unified diff and writes nothing" {
	board_dtb broadcom/bcm2711-rpi-4-b
	conf 'dtoverlay=vc4-kms-v3d,cma-256'
	before=$(sum "$W/config.txt")
	run "$CMACTL" --root "$ROOT" set 512M --via overlay --file "$W/config.txt" --dtb "$f" --dry-run
	[ "$status" -eq 0 ]
	[[ "$output" == *"-dtoverlay=vc4-kms-v3d,cma-256"*"+dtoverlay=vc4-kms-v3d,cma-512"* ]]
	[[ "$output" == *"dry run: nothing written"* ]]
	[ "$(sum "$W/config.txt")" = "$before" ]
	[ ! -e "$W/config.txt.cmactl-bak" ]
}

@test "overlay: unset keeps the vc4 overlay (the display driver) and cannot tell its default; the cma overlay's line goes" {
	board_dtb broadcom/bcm2711-rpi-4-b
	conf 'dtoverlay=vc4-kms-v3d,cma-256,noaudio\ndtoverlay=cma,cma-64'
	run "$CMACTL" --root "$ROOT" unset --via overlay --file "$W/config.txt" --dtb "$f"
	unwrap_output
	[ "$status" -eq 0 ]
	cmp "$W/config.txt" <(printf '# http://rptl.io/configtxt\ndtparam=audio=on\ndtoverlay=vc4-kms-v3d,noaudio\nmax_framebuffers=2\n')
	[[ "$output" == *"the vc4 overlay stays (it is the display driver)"* ]]
	[[ "$output" == *"cannot tell"*"the size the vc4-kms-v3d overlay sets without a CMA parameter"* ]]
	# a second unset finds nothing to take out
	run "$CMACTL" --root "$ROOT" unset --via overlay --file "$W/config.txt" --dtb "$f"
	[ "$status" -eq 0 ]
	[ ! -e "$W/config.txt.cmactl-bak.1" ]
	# only the cma overlay: its line goes, and the DTB's own node is next boot's
	conf 'dtoverlay=cma\ndtparam=cma-size=0x10000000'
	run "$CMACTL" --root "$ROOT" --json unset --via overlay --file "$W/config.txt" --dtb "$f"
	[ "$status" -eq 0 ]
	run grep -c 'cma' "$W/config.txt"
	[ "$output" = 0 ]
	[ "$(jq -r .next_boot.size_bytes <<<"$(
		"$CMACTL" --root "$ROOT" --json unset --via overlay --file "$W/config.txt" --dtb "$f")")" = "$(status_dt_bytes "$ROOT" "$f")" ]
}

@test "overlay: backups are numbered, never overwritten" {
	board_dtb broadcom/bcm2711-rpi-4-b
	conf 'dtoverlay=vc4-kms-v3d,cma-256'
	orig=$(sum "$W/config.txt")
	run "$CMACTL" --root "$ROOT" set 128M --via overlay --file "$W/config.txt" --dtb "$f"
	[ "$status" -eq 0 ]
	first=$(sum "$W/config.txt")
	run "$CMACTL" --root "$ROOT" set 64M --via overlay --file "$W/config.txt" --dtb "$f"
	[ "$status" -eq 0 ]
	unwrap_output
	[[ "$output" == *"the older backup $W/config.txt.cmactl-bak is kept"* ]]
	[ "$(sum "$W/config.txt.cmactl-bak")" = "$orig" ]
	[ "$(sum "$W/config.txt.cmactl-bak.1")" = "$first" ]
}

@test "overlay: sections: a [pi5] line is skipped on a Pi 4; on an unknown board a filtered line is said to apply only there" {
	board_dtb broadcom/bcm2711-rpi-4-b
	conf 'dtoverlay=vc4-kms-v3d,cma-128\n[pi5]\ndtparam=cma-512\n[all]'
	run "$CMACTL" --root "$ROOT" --json set 256M --via overlay --file "$W/config.txt" --dtb "$f"
	[ "$status" -eq 0 ]
	grep -qx 'dtoverlay=vc4-kms-v3d,cma-256' "$W/config.txt"
	grep -qx 'dtparam=cma-512' "$W/config.txt"
	[ "$(jq -r .next_boot.size_bytes <<<"$output")" = $((256 << 20)) ]
	# the lab root's own DT is no Pi: [pi5] may apply there, and the edit says so
	conf 'dtoverlay=vc4-kms-v3d,cma-128\n[pi5]\ndtparam=cma-512\n[all]'
	run "$CMACTL" --root "$ROOT" set 256M --via overlay --file "$W/config.txt"
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"line 5 is under [pi5]: the change applies only where that filter matches"* ]]
	grep -qx 'dtparam=cma-256' "$W/config.txt"
}

@test "overlay: a cma= on the command line (cmdline.txt) still wins over the overlay's node from 5.6" {
	board_dtb broadcom/bcm2711-rpi-4-b
	P=$BATS_TEST_TMPDIR/proot
	mkdir -p "$P"
	cp -r "$ROOT/." "$P/"
	mkdir -p "$P/boot/firmware"
	printf 'console=serial0,115200 root=/dev/mmcblk0p2 rootwait cma=64M\n' >"$P/boot/firmware/cmdline.txt"
	printf '[all]\ndtoverlay=vc4-kms-v3d\n' >"$P/boot/firmware/config.txt"
	run "$CMACTL" --root "$P" set 256M --via overlay
	unwrap_output
	[ "$status" -eq 0 ]
	grep -qx 'dtoverlay=vc4-kms-v3d,cma-256' "$P/boot/firmware/config.txt"
	[[ "$output" == *"next boot: SHADOWED: cmdline (cma=64M) wins over this change; remove it with: cmactl unset --via cmdline"* ]]
	# config.txt does not shadow its own edit (the note of --via dts is not made)
	[[ "$output" != *"over this edit"* ]]
	# no config.txt under the root: said, with where it was looked for
	rm "$P/boot/firmware/config.txt"
	run "$CMACTL" --root "$P" set 256M --via overlay
	[ "$status" -eq 1 ]
	[[ "$output" == *"no Raspberry Pi config.txt under $P (boot/firmware/config.txt, boot/config.txt): name it with --file"* ]]
}

@test "overlay: bad input (NUL bytes, garbage, a huge line) is refused with the file named; nothing written" {
	printf 'dtoverlay=cma\0,cma-64\n' >"$W/nul.txt"
	head -c 3000 /dev/urandom | tr -d '\n' >"$W/garbage.txt"
	printf '\177ELF\002\001\001\n' >"$W/elf.txt"
	{ printf 'dtoverlay=cma,'; head -c 9000 /dev/zero | tr '\0' a; printf '\n'; } >"$W/huge.txt"
	printf 'dtoverlay=cma\n=what\n' >"$W/noname.txt"
	for t in nul garbage elf huge noname; do
		before=$(sum "$W/$t.txt")
		run "$CMACTL" --root "$ROOT" set 64M --via overlay --file "$W/$t.txt"
		[ "$status" -eq 2 ]
		[[ "$output" == *"$W/$t.txt: not a config.txt"*"(nothing written)"* ]]
		[ "$(sum "$W/$t.txt")" = "$before" ]
		[ ! -e "$W/$t.txt.cmactl-bak" ]
	done
}

# pi_lab TEXT: $P, the lab root with TEXT as boot/firmware/config.txt.
pi_lab() {
	P=$BATS_TEST_TMPDIR/plab
	rm -rf "$P"
	mkdir -p "$P"
	cp -r "$ROOT/." "$P/"
	mkdir -p "$P/boot/firmware"
	printf '%b\n' "$1" >"$P/boot/firmware/config.txt"
}

@test "status: config.txt's CMA parameter is a request line under the layers, and rpi_config in JSON" {
	pi_lab '[all]\ndtoverlay=vc4-kms-v3d,cma-512\nmax_framebuffers=2'
	run "$CMACTL" --root "$P" status
	[ "$status" -eq 0 ]
	unwrap_output
	[[ "$output" == *"config.txt  512 MiB    request     $P/boot/firmware/config.txt line 2 (dtoverlay=vc4-kms-v3d,cma-512): a parameter the firmware applies to the DT at boot (into the linux,cma node), not what the kernel made"* ]]
	run "$CMACTL" --root "$P" --json status
	[ "$status" -eq 0 ]
	[ "$(jq -r .rpi_config.requested_bytes <<<"$output")" = "$(param_bytes "$P/boot/firmware/config.txt")" ]
	[ "$(jq -r .rpi_config.line <<<"$output")" = "$(grep -n 'cma-512' "$P/boot/firmware/config.txt" | cut -d: -f1)" ]
	[ "$(jq -r .rpi_config.applies <<<"$output")" = yes ]
	[ "$(jq -r .rpi_config.overlay <<<"$output")" = vc4-kms-v3d ]
	[ "$(jq -r .rpi_config.file <<<"$output")" = "$P/boot/firmware/config.txt" ]
	# the lab's DT is no Pi: a [pi4] line may apply, and says so
	pi_lab '[pi4]\ndtoverlay=cma,cma-size=0x8000000\n[all]'
	run "$CMACTL" --root "$P" --json status
	[ "$(jq -r .rpi_config.applies <<<"$output")" = maybe ]
	[ "$(jq -r .rpi_config.section <<<"$output")" = "[pi4]" ]
	[ "$(jq -r .rpi_config.requested_bytes <<<"$output")" = $((0x8000000)) ]
	run "$CMACTL" --root "$P" status
	unwrap_output
	[[ "$output" == *"config.txt  128 MiB    request"*"applies only on [pi4]; a parameter"* ]]
	# no CMA parameter: no line, no key
	pi_lab '[all]\ndtoverlay=vc4-kms-v3d'
	run "$CMACTL" --root "$P" --json status
	[ "$(jq -r 'has("rpi_config")' <<<"$output")" = false ]
}

# pi_booted: $B, a root whose booted DT (sys/firmware/fdt) is Debian's Pi 4 DTB, with that
# DTB in boot/firmware/, boot/firmware/next/ and boot/firmware/custom/pi.dtb.
pi_booted() {
	board_dtb broadcom/bcm2711-rpi-4-b
	B=$BATS_TEST_TMPDIR/pboot
	mkdir -p "$B/sys/firmware" "$B/proc/sys/kernel" "$B/boot/firmware/next"
	cp "$f" "$B/sys/firmware/fdt"
	echo 6.12.25+rpt-rpi-v8 >"$B/proc/sys/kernel/osrelease"
	cp "$f" "$B/boot/firmware/bcm2711-rpi-4-b.dtb"
	cp "$f" "$B/boot/firmware/next/bcm2711-rpi-4-b.dtb"
	mkdir -p "$B/boot/firmware/custom"
	cp "$f" "$B/boot/firmware/custom/pi.dtb"
}

@test "dts: config.txt's os_prefix= and device_tree= lead to the DTB the firmware loads, and the note says which" {
	pi_booted
	printf '[all]\nos_prefix=next/\n' >"$B/boot/firmware/config.txt"
	before=$(sum "$B/boot/firmware/bcm2711-rpi-4-b.dtb" "$B/boot/firmware/custom/pi.dtb")
	run "$CMACTL" --root "$B" set 128M --via dts
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"note: the DTB the bootloader loads: /boot/firmware/config.txt line 2: os_prefix=next/ (the firmware loads the board's DTB from there)"* ]]
	check_cma_size "$B/boot/firmware/next/bcm2711-rpi-4-b.dtb" $((128 << 20))
	[ "$(sum "$B/boot/firmware/bcm2711-rpi-4-b.dtb" "$B/boot/firmware/custom/pi.dtb")" = "$before" ]
	# device_tree= names the file (under a [pi4] that the booted board matches)
	printf '[pi4]\ndevice_tree=custom/pi.dtb\n[all]\n' >"$B/boot/firmware/config.txt"
	before=$(sum "$B/boot/firmware/bcm2711-rpi-4-b.dtb")
	run "$CMACTL" --root "$B" set 80M --via dts
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"/boot/firmware/config.txt line 2: device_tree=custom/pi.dtb"* ]]
	check_cma_size "$B/boot/firmware/custom/pi.dtb" $((80 << 20))
	[ "$(sum "$B/boot/firmware/bcm2711-rpi-4-b.dtb")" = "$before" ]
	# under [pi5] it does not count on a Pi 4: the board's DTB in the boot partition
	printf '[pi5]\ndevice_tree=custom/pi.dtb\n[all]\n' >"$B/boot/firmware/config.txt"
	run "$CMACTL" --root "$B" set 96M --via dts
	[ "$status" -eq 0 ]
	check_cma_size "$B/boot/firmware/bcm2711-rpi-4-b.dtb" $((96 << 20))
	check_cma_size "$B/boot/firmware/custom/pi.dtb" $((80 << 20))
}

@test "overlay: without --dtb the verdict applies config.txt to the DTB the firmware loads, not the booted DT" {
	pi_booted
	printf '[all]\nos_prefix=next/\ndtoverlay=cma,cma-256\n' >"$B/boot/firmware/config.txt"
	# the DTB on disk was edited since the boot: 48 MiB in its node
	"$CMACTL" --root "$B" set 48M --via dts --dtb "$B/boot/firmware/next/bcm2711-rpi-4-b.dtb" >/dev/null
	check_cma_size "$B/boot/firmware/next/bcm2711-rpi-4-b.dtb" $((48 << 20))
	run "$CMACTL" --root "$B" --json unset --via overlay --dry-run
	[ "$status" -eq 0 ]
	[ "$(jq -r .next_boot.size_bytes <<<"$output")" = $((48 << 20)) ]
	[[ "$(jq -r '.notes | join(" ")' <<<"$output")" == *"the firmware applies config.txt to $B/boot/firmware/next/bcm2711-rpi-4-b.dtb (/boot/firmware/config.txt line 2: os_prefix=next/"* ]]
}

@test "overlay: --base/--limit, --static and --label do not apply; usage errors, nothing written" {
	conf 'dtoverlay=vc4-kms-v3d,cma-256'
	before=$(sum "$W/config.txt")
	run "$CMACTL" --root "$ROOT" set 64M --via overlay --file "$W/config.txt" --base 0x10000000 --limit 0x40000000
	[ "$status" -eq 2 ]
	[[ "$output" == *"--base/--limit cannot be expressed in --via overlay (it sets a size only)"* ]]
	run "$CMACTL" --root "$ROOT" set 64M --via overlay --file "$W/config.txt" --label linux
	[ "$status" -eq 2 ]
	[ "$(sum "$W/config.txt")" = "$before" ]
}

@test "overlay: Raspberry Pi OS's config.txt shape on a Pi 4: only the vc4 line changes, [pi5] is left alone" {
	board_dtb broadcom/bcm2711-rpi-4-b
	cp "$SETFIX/config.txt" "$W/config.txt"
	run "$CMACTL" --root "$ROOT" set 300M --via overlay --file "$W/config.txt" --dtb "$f"
	[ "$status" -eq 0 ]
	run diff "$SETFIX/config.txt" "$W/config.txt"
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf '23c23\n< dtoverlay=vc4-kms-v3d,cma-256\n---\n> dtoverlay=vc4-kms-v3d,cma-320')" ]
}

@test "overlay: no DTB for the firmware to apply config.txt to: the verdict cannot tell, never 'no area'" {
	# an SD card's boot partition alone: config.txt, no DTB, nothing booted
	mkdir -p "$W/sd/boot/firmware"
	conf 'dtoverlay=vc4-kms-v3d,cma-256'
	cp "$W/config.txt" "$W/sd/boot/firmware/config.txt"
	run "$CMACTL" --root "$W/sd" set 300M --via overlay --dry-run
	[ "$status" -eq 0 ]
	unwrap_output
	[[ "$output" == *"next boot: cannot tell: unknown: the DTB the firmware applies config.txt to (none found under the root; give --dtb FILE)"* ]]
	[[ "$output" != *"no layer will make a default CMA area"* ]]
	grep -q '^dtoverlay=vc4-kms-v3d,cma-256$' "$W/sd/boot/firmware/config.txt"
}

# board_root VENDOR/NAME: $B, a root whose booted DT (sys/firmware/fdt) is that Debian board DTB.
board_root() {
	board_dtb "$1"
	B=$BATS_TEST_TMPDIR/board
	rm -rf "$B"
	mkdir -p "$B/sys/firmware" "$B/proc/sys/kernel" "$B/boot/firmware"
	cp "$f" "$B/sys/firmware/fdt"
	echo 6.12.25+rpt-rpi-v8 >"$B/proc/sys/kernel/osrelease"
}

# section_verdict FILTER: status's rpi_config.applies for a cma-256 under [FILTER] ("null": skipped).
section_verdict() {
	printf '[all]\ndtoverlay=vc4-kms-v3d\n[%s]\ndtparam=cma-256\n[all]\n' "$1" >"$B/boot/firmware/config.txt"
	"$CMACTL" --root "$B" --json status | jq -r '.rpi_config.applies'
}

# The filters each board sees are the Raspberry Pi documentation's (config_txt/conditional.adoc:
# [pi400] "also sees [pi4]", [cm4] "also sees [pi4]", [pi02] "also sees [pi0w] and [pi0]"); the
# board is what fdtget reads as the first root compatible of Debian's own DTB.
@test "sections: Pi 400, CM4 and Zero 2 W (Debian's DTBs, compatible read with fdtget) see the filters the documentation lists, no others" {
	board_root broadcom/bcm2711-rpi-400
	[ "$(fdtget "$f" / compatible | cut -d' ' -f1)" = raspberrypi,400 ]
	[ "$(section_verdict pi400)" = yes ]
	[ "$(section_verdict pi4)" = yes ]
	[ "$(section_verdict cm4)" = null ]
	[ "$(section_verdict pi3)" = null ]
	[ "$(section_verdict pi5)" = null ]
	board_root broadcom/bcm2711-rpi-cm4-io
	[ "$(fdtget "$f" / compatible | cut -d' ' -f1)" = raspberrypi,4-compute-module ]
	[ "$(section_verdict cm4)" = yes ]
	[ "$(section_verdict pi4)" = yes ]
	[ "$(section_verdict pi400)" = null ]
	[ "$(section_verdict cm4s)" = null ]
	board_root broadcom/bcm2837-rpi-zero-2-w
	[ "$(fdtget "$f" / compatible | cut -d' ' -f1)" = raspberrypi,model-zero-2-w ]
	[ "$(section_verdict pi02)" = yes ]
	[ "$(section_verdict pi0w)" = yes ]
	[ "$(section_verdict pi0)" = yes ]
	# the same SoC as the Pi 3 (brcm,bcm2837, the list's second string), not the same board
	[ "$(fdtget "$f" / compatible | cut -d' ' -f2)" = brcm,bcm2837 ]
	[ "$(section_verdict pi3)" = null ]
	# the edit says so too: set on the Zero 2 W edits the [pi02] line, no "may apply" note
	printf '[all]\ndtoverlay=vc4-kms-v3d\n[pi02]\ndtparam=cma-256\n[all]\n' >"$B/boot/firmware/config.txt"
	run "$CMACTL" --root "$B" set 128M --via overlay --file "$B/boot/firmware/config.txt" --dtb "$f"
	unwrap_output
	[ "$status" -eq 0 ]
	grep -qx 'dtparam=cma-128' "$B/boot/firmware/config.txt"
	[[ "$output" != *"applies only where that filter matches"* ]]
}

@test "dts: an os_prefix without a trailing / is part of the DTB's name (test-bcm2711-rpi-4-b.dtb), not a directory" {
	pi_booted
	cp "$SETFIX/config-os-prefix.txt" "$B/boot/firmware/config.txt"
	cp "$f" "$B/boot/firmware/test-bcm2711-rpi-4-b.dtb"
	line=$(grep -n '^os_prefix=test-$' "$B/boot/firmware/config.txt" | cut -d: -f1)
	before=$(sum "$B/boot/firmware/bcm2711-rpi-4-b.dtb" "$B/boot/firmware/next/bcm2711-rpi-4-b.dtb" \
		"$B/boot/firmware/custom/pi.dtb")
	run "$CMACTL" --root "$B" set 128M --via dts
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"note: the DTB the bootloader loads: /boot/firmware/config.txt line $line: os_prefix=test- (the firmware loads the board's DTB with that prefix before its name)"* ]]
	check_cma_size "$B/boot/firmware/test-bcm2711-rpi-4-b.dtb" $((128 << 20))
	[ "$(sum "$B/boot/firmware/bcm2711-rpi-4-b.dtb" "$B/boot/firmware/next/bcm2711-rpi-4-b.dtb" \
		"$B/boot/firmware/custom/pi.dtb")" = "$before" ]
	# a directory and a name prefix together: next/test-
	cp "$f" "$B/boot/firmware/next/test-bcm2711-rpi-4-b.dtb"
	sed -i 's|^os_prefix=test-$|os_prefix=next/test-|' "$B/boot/firmware/config.txt"
	run "$CMACTL" --root "$B" set 96M --via dts
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"os_prefix=next/test- (the firmware loads the board's DTB with that prefix before its name)"* ]]
	check_cma_size "$B/boot/firmware/next/test-bcm2711-rpi-4-b.dtb" $((96 << 20))
	check_cma_size "$B/boot/firmware/test-bcm2711-rpi-4-b.dtb" $((128 << 20))
	# no DTB with the prefix: the firmware drops it (boot.adoc, "the prefix is ignored"),
	# and so does cmactl: the candidates without it are ambiguous, and said so
	sed -i 's|^os_prefix=next/test-$|os_prefix=none-|' "$B/boot/firmware/config.txt"
	before=$(sum "$B/boot/firmware/bcm2711-rpi-4-b.dtb")
	run "$CMACTL" --root "$B" set 64M --via dts
	[ "$status" -ne 0 ]
	[[ "$output" == *"DTBs match the booted board"* ]]
	[ "$(sum "$B/boot/firmware/bcm2711-rpi-4-b.dtb")" = "$before" ]
}

@test "overlay: set then unset gives the file back byte for byte, the [all] set added included; a user's [all] stays" {
	board_dtb broadcom/bcm2711-rpi-4-b
	# no CMA overlay, and a filter in force at the end: set adds [all] and the cma overlay
	printf '# http://rptl.io/configtxt\ndtparam=audio=on\n\n[cm4]\notg_mode=1\n' >"$W/config.txt"
	cp "$W/config.txt" "$W/orig.txt"
	run "$CMACTL" --root "$ROOT" set 100M --via overlay --file "$W/config.txt" --dtb "$f"
	[ "$status" -eq 0 ]
	[ "$(tail -n 2 "$W/config.txt")" = "$(printf '[all]\ndtoverlay=cma,cma-size=0x6400000')" ]
	run "$CMACTL" --root "$ROOT" unset --via overlay --file "$W/config.txt" --dtb "$f"
	unwrap_output
	[ "$status" -eq 0 ]
	cmp "$W/config.txt" "$W/orig.txt"
	[[ "$output" == *"the [all] line before it goes too: nothing follows it, as when set added the two"* ]]
	# the user's own [all] with a line after it is left, only the cma overlay's line goes
	printf '[cm4]\notg_mode=1\n[all]\ndtoverlay=cma,cma-64\narm_boost=1\n' >"$W/config.txt"
	run "$CMACTL" --root "$ROOT" unset --via overlay --file "$W/config.txt" --dtb "$f"
	[ "$status" -eq 0 ]
	cmp "$W/config.txt" <(printf '[cm4]\notg_mode=1\n[all]\narm_boost=1\n')
	[[ "$output" != *"the [all] line"* ]]
}
