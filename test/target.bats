#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# cmactl set: the target system, not the host (issue 11, Why 2 and 4): the
# kernel version, config and memory come from the board's files under --root
# (or --kernel-version/--mem), and the next-boot verdict follows them. Board
# roots are built from fixtures/target/ (see its README) and fixtures/set/.
# Expected precedence: DOMAIN.md 1.1 (before 5.6 the DT default node beats
# cma=; from 5.6 cma= wins); expected memory and lowmem values are read with
# fdtget and from the kernel's own "Zone ranges" line.

load set_helper

TFIX=$FIXTURES/target

# board ROOT RELEASE CONFIG: a root as an SD card holds it: extlinux.conf
# (fixtures/set's, booting vmlinuz-RELEASE with cma=128M and loading
# /boot/dtbs/board.dtb), an empty kernel image and its config. The DTB is the
# QEMU capture lab-c-dt-size96M's (a linux,cma-default node of 96 MiB).
board() {
	local root=$1 rel=$2 cfg=$3
	mkdir -p "$root/boot/extlinux" "$root/boot/dtbs"
	dtb_of "$FIXTURES/lab-c-dt-size96M/sys/firmware/fdt.dts" "$root/boot/dtbs/board.dtb"
	sed -e "s|linux /boot/vmlinuz-6.1.0-56-arm64|linux /boot/vmlinuz-$rel|" \
	    -e "s|fdtdir /usr/lib/linux-image-6.1.0-56-arm64/|fdt /boot/dtbs/board.dtb|" \
	    "$SETFIX/extlinux.conf" >"$root/boot/extlinux/extlinux.conf"
	grep -q "linux /boot/vmlinuz-$rel" "$root/boot/extlinux/extlinux.conf"
	grep -q "append .*cma=128M" "$root/boot/extlinux/extlinux.conf"
	: >"$root/boot/vmlinuz-$rel"
	[ -z "$cfg" ] || cp "$cfg" "$root/boot/config-$rel"
}

setup() {
	B=$BATS_TEST_TMPDIR/board
	J=$BATS_TEST_TMPDIR/out.json
}

@test "target: a root whose kernel is before 5.6: the DT node beats cma=, so the DT edit wins" {
	board "$B" 5.4.0-1-arm64 "$TFIX/config-5.4.0-derived"
	run "$CMACTL" --root "$B" set 64M --via dts --dtb "$B/boot/dtbs/board.dtb" --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"target: the root's kernel 5.4.0-1-arm64 ($B/boot/extlinux/extlinux.conf boots /boot/vmlinuz-5.4.0-1-arm64)"* ]]
	[[ "$output" == *"target: kernel config read ($B/boot/config-5.4.0-1-arm64)"* ]]
	[[ "$output" == *"next boot: Linux 5.4: a DT linux,cma-default node beats cma="* ]]
	[[ "$output" == *"next boot: effective: the default CMA area will be 64 MiB, from devicetree"* ]]
	[[ "$output" != *"not promised"* ]]
	# the cma= edit loses to the board's DT node on that kernel
	run "$CMACTL" --root "$B" set 256M --via cmdline --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"target: device tree $B/boot/dtbs/board.dtb"* ]]
	[[ "$output" == *"next boot: SHADOWED: devicetree (/reserved-memory/linux,cma size) wins over this change"* ]]
}

@test "target: the same board with Debian's 5.10 kernel and config: cma= wins, the verdict turns" {
	board "$B" 5.10.0-32-arm64 "$TFIX/config-5.10.0-32-arm64"
	run "$CMACTL" --root "$B" set 64M --via dts --dtb "$B/boot/dtbs/board.dtb" --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"target: the root's kernel 5.10.0-32-arm64"* ]]
	[[ "$output" == *"next boot: Linux 5.10: cma= beats a DT linux,cma-default node"* ]]
	[[ "$output" == *"next boot: SHADOWED: cmdline (cma=128M) wins over this change"* ]]
	run "$CMACTL" --root "$B" set 256M --via cmdline --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"next boot: effective: the default CMA area will be 256 MiB, from cmdline (cma=256M)"* ]]
}

@test "target: without a bootloader kernel line, the one installed image, else the modules directory" {
	board "$B" 5.4.0-1-arm64 "$TFIX/config-5.4.0-derived"
	sed -i 's|linux /boot/vmlinuz-5.4.0-1-arm64|linux /boot/Image|' "$B/boot/extlinux/extlinux.conf"
	run "$CMACTL" --root "$B" set 256M --via cmdline --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"target: the root's kernel 5.4.0-1-arm64 (the one kernel installed: boot/vmlinuz-5.4.0-1-arm64)"* ]]
	[[ "$output" == *"SHADOWED: devicetree"* ]]
	rm "$B/boot/vmlinuz-5.4.0-1-arm64"
	mkdir -p "$B/usr/lib/modules/5.4.0-1-arm64"
	run "$CMACTL" --root "$B" set 256M --via cmdline --dry-run
	unwrap_output
	[[ "$output" == *"(the one modules directory: usr/lib/modules/5.4.0-1-arm64)"* ]]
	[[ "$output" == *"SHADOWED: devicetree"* ]]
	# two kernels and nothing to choose: unknown, both named
	mkdir -p "$B/usr/lib/modules/6.1.0-56-arm64"
	run "$CMACTL" --root "$B" set 256M --via cmdline --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"several modules directories (usr/lib/modules/"*"6.1.0-56-arm64"*") and no kernel image"* ]]
}

@test "target: kernel version unknown and both DT node and cma= set: cannot tell, says what is missing" {
	board "$B" 5.4.0-1-arm64 ""
	rm "$B/boot/vmlinuz-5.4.0-1-arm64"
	sed -i 's|linux /boot/vmlinuz-5.4.0-1-arm64|linux /boot/Image|' "$B/boot/extlinux/extlinux.conf"
	run "$CMACTL" --root "$B" set 64M --via dts --dtb "$B/boot/dtbs/board.dtb" --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"target: the root's kernel unknown"*"give --kernel-version)"* ]]
	[[ "$output" == *"next boot: cannot tell: unknown: the target's kernel version"*"before 5.6 the DT's linux,cma-default node beats cma=, from 5.6 cma= wins"* ]]
	[[ "$output" != *"effective"* ]]
	[[ "$output" != *"SHADOWED"* ]]
	# --kernel-version fills the gap
	run "$CMACTL" --root "$B" set 64M --via dts --dtb "$B/boot/dtbs/board.dtb" --kernel-version 5.4 --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"target: the root's kernel 5.4 (--kernel-version 5.4)"* ]]
	[[ "$output" == *"next boot: effective"* ]]
	# without a config, the promise says what it depends on
	[[ "$output" == *"next boot: not promised; unknown: whether the target kernel has CMA (CONFIG_CMA and CONFIG_DMA_CMA): its config was not found (give --config FILE)"* ]]
	# JSON: the same facts, null where unknown
	"$CMACTL" --json --root "$B" set 64M --via dts --dtb "$B/boot/dtbs/board.dtb" --dry-run >"$J"
	jq -e '.next_boot.state == "unknown" and (.next_boot.missing | startswith("the target'"'"'s kernel version"))' "$J"
	jq -e '.target_system | .foreign == false and .kernel_version == null and .kernel_config == false' "$J"
}

@test "target: --kernel-version against the root's files: the option is used, the difference noted" {
	board "$B" 5.4.0-1-arm64 "$TFIX/config-5.4.0-derived"
	run "$CMACTL" --root "$B" --kernel-version 6.1 set 64M --via dts --dtb "$B/boot/dtbs/board.dtb" --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"note: --kernel-version 6.1 is used, but the target's files say 5.4.0-1-arm64"* ]]
	[[ "$output" == *"next boot: Linux 6.1:"* ]]
	[[ "$output" == *"SHADOWED: cmdline (cma=128M)"* ]]
}

@test "target: the board's config without CONFIG_CMA: no layer has any effect, from its config" {
	board "$B" 5.10.0-32-arm64 ""
	sed 's/^CONFIG_CMA=y$/# CONFIG_CMA is not set/' "$TFIX/config-5.10.0-32-arm64" >"$B/boot/config-5.10.0-32-arm64"
	grep -qx '# CONFIG_CMA is not set' "$B/boot/config-5.10.0-32-arm64"
	run "$CMACTL" --root "$B" set 256M --via cmdline --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"next boot: this kernel has no CMA (CONFIG_CMA is not set): no layer has any effect"* ]]
	# the kernel's config under usr/lib/modules (Debian's 7.2 puts it only there) is read too
	mkdir -p "$B/usr/lib/modules/5.10.0-32-arm64"
	mv "$B/boot/config-5.10.0-32-arm64" "$B/usr/lib/modules/5.10.0-32-arm64/config"
	run "$CMACTL" --root "$B" set 256M --via cmdline --dry-run
	unwrap_output
	[[ "$output" == *"target: kernel config read ($B/usr/lib/modules/5.10.0-32-arm64/config)"* ]]
	[[ "$output" == *"this kernel has no CMA (CONFIG_CMA is not set)"* ]]
}

@test "target: a board's DTB edited on this machine is not judged by this machine's kernel" {
	board "$B" 5.4.0-1-arm64 ""
	cp "$B/boot/dtbs/board.dtb" "$BATS_TEST_TMPDIR/rpi.dtb"
	run "$CMACTL" set 64M --via dts --dtb "$BATS_TEST_TMPDIR/rpi.dtb" --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"target: another system's kernel unknown (the files are not this system's"* ]]
	[[ "$output" != *"this kernel has no CMA"* ]]
	[[ "$output" == *"not promised; unknown: whether the target kernel has CMA"* ]]
	[[ "$output" == *"the target's kernel command line"* ]]
	# nothing of the host's: not its release, not its /proc/cmdline
	[[ "$output" != *"$(uname -r)"* ]]
	[[ "$output" != *"/proc/cmdline"* ]]
	"$CMACTL" --json set 64M --via dts --dtb "$BATS_TEST_TMPDIR/rpi.dtb" --kernel-version 5.4 \
		--config "$TFIX/config-5.4.0-derived" --dry-run >"$J"
	jq -e '.target_system | .foreign == true and .kernel_version == "5.4" and .kernel_config == true' "$J"
	jq -e '.next_boot | .state == "effective" and .rule == "Linux 5.4: a DT linux,cma-default node beats cma=, which beats Kconfig (before 5.6)"' "$J"
	# an extlinux.conf copied off a card: not this system's either
	cp "$B/boot/extlinux/extlinux.conf" "$BATS_TEST_TMPDIR/extlinux.conf"
	run "$CMACTL" --kernel-version 5.4 set 256M --via cmdline --file "$BATS_TEST_TMPDIR/extlinux.conf" --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"target: another system's kernel 5.4 (--kernel-version 5.4)"* ]]
}

# ---- cma=SIZE@BASE-LIMIT and 32-bit ARM lowmem ----

# armhf ROOT: the lab's 32-bit ARM board: armmp-lpae 6.1 with its config, the
# DTB QEMU gave it at 1 GiB.
armhf() {
	local root=$1 rel=6.1.0-50-armmp-lpae
	board "$root" $rel "$TFIX/config-$rel"
	dtb_of "$TFIX/armhf-virt-1g.dts" "$root/boot/dtbs/board.dtb"
}

@test "target: cma=SIZE@BASE-LIMIT must fit between base and limit, inside the board's memory" {
	armhf "$B"
	# the memory, as dtc's fdtget reads it: 0x40000000, 1 GiB
	[ "$(fdtget -t x "$B/boot/dtbs/board.dtb" /memory@40000000 reg)" = "0 40000000 0 40000000" ]
	before=$(sum "$B/boot/extlinux/extlinux.conf")
	run "$CMACTL" --root "$B" set 64M --via cmdline --base 0x40000000 --limit 0x42000000
	unwrap_output
	[ "$status" -eq 1 ]
	[[ "$output" == *"64 MiB does not fit between base 0x40000000 and limit 0x42000000 (32 MiB)"* ]]
	run "$CMACTL" --root "$B" set 64M --via cmdline --base 0x10000000 --limit 0x30000000
	unwrap_output
	[ "$status" -eq 1 ]
	[[ "$output" == *"base 0x10000000 lies outside the memory (0x40000000-0x80000000"* ]]
	# a limit past the memory is its end: 32 MiB left above 0x7e000000
	run "$CMACTL" --root "$B" set 64M --via cmdline --base 0x7e000000 --limit 0x90000000
	unwrap_output
	[ "$status" -eq 1 ]
	[[ "$output" == *"does not fit in the memory between 0x7e000000 and 0x80000000"* ]]
	[ "$(sum "$B/boot/extlinux/extlinux.conf")" = "$before" ]
	[ ! -e "$B/boot/extlinux/extlinux.conf.cmactl-bak" ]
	run "$CMACTL" --root "$B" set 64M --via cmdline --base 0x40000000 --limit 0x60000000
	unwrap_output
	[ "$status" -eq 0 ]
	grep -q "cma=64M@0x40000000-0x60000000" "$B/boot/extlinux/extlinux.conf"
}

@test "target: 32-bit ARM: a fixed region may not cross the end of lowmem the kernel reported" {
	armhf "$B"
	# where lowmem ends: the armmp-lpae kernel's own "HighMem [mem 0x...-" line at 1 GiB
	hm=$(awk '/ HighMem +\[mem / { split($NF, a, "-"); print a[1]; exit }' "$TFIX/armhf1g-a-default.dmesg")
	[ -n "$hm" ]
	end=$(printf '0x%x' "$hm")
	[ "$end" = 0x70000000 ]
	before=$(sum "$B/boot/extlinux/extlinux.conf")
	run "$CMACTL" --root "$B" set 64M --via cmdline --base "$(printf 0x%x $((hm - (32 << 20))))"
	unwrap_output
	[ "$status" -eq 1 ]
	[[ "$output" == *"crosses the end of lowmem at $end"*"low/high memory boundary"* ]]
	[ "$(sum "$B/boot/extlinux/extlinux.conf")" = "$before" ]
	# wholly below it, or wholly above it: fine
	run "$CMACTL" --root "$B" set 64M --via cmdline --base "$(printf 0x%x $((hm - (64 << 20))))" --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	run "$CMACTL" --root "$B" set 64M --via cmdline --base "$end" --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	# a window across it is not fixed: the kernel tries HighMem first (the lab saw it there)
	run "$CMACTL" --root "$B" set 64M --via cmdline --base 0x60000000 --limit 0x80000000 --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	# vmalloc= moves the boundary: then it is not checked, and the note says so
	sed -i 's|cma=128M|cma=128M vmalloc=512M|' "$B/boot/extlinux/extlinux.conf"
	run "$CMACTL" --root "$B" set 64M --via cmdline --base "$(printf 0x%x $((hm - (32 << 20))))" --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"where lowmem ends is unknown (vmalloc= on the command line moves it)"* ]]
}

@test "target: 32-bit ARM: an area that is not fixed must fit in one zone (set and recommend)" {
	armhf "$B"
	# the zones as the armmp-lpae kernel reported them at 1 GiB: lowmem (DMA) and HighMem
	zone() { awk -v z="$1" '$3 == z && $4 == "[mem" { sub(/\]$/, "", $5); sub(/-/, " ", $5); print $5; exit }' "$TFIX/armhf1g-a-default.dmesg"; }
	read -r s e <<<"$(zone DMA)"
	[ -n "$e" ]
	lo=$(( (e + 1 - s) >> 20 ))
	read -r s e <<<"$(zone HighMem)"
	hi=$(( (e + 1 - s) >> 20 ))
	[ "$lo" = 768 ] && [ "$hi" = 256 ]
	before=$(sum "$B/boot/extlinux/extlinux.conf")
	run "$CMACTL" --root "$B" set 800M --via cmdline
	unwrap_output
	[ "$status" -eq 1 ]
	[[ "$output" == *"800 MiB fits in neither the lowmem part ($lo MiB) nor the HighMem part ($hi MiB)"* ]]
	[ "$(sum "$B/boot/extlinux/extlinux.conf")" = "$before" ]
	run "$CMACTL" --root "$B" set "${lo}M" --via cmdline --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	# recommend, on that board as it ran (its log, its config, its DT): the same cap
	R=$BATS_TEST_TMPDIR/armrun
	mkdir -p "$R/proc/sys/kernel" "$R/boot" "$R/sys/firmware"
	echo 6.1.0-50-armmp-lpae >"$R/proc/sys/kernel/osrelease"
	cp "$TFIX/config-6.1.0-50-armmp-lpae" "$R/boot/"
	dtb_of "$TFIX/armhf-virt-1g.dts" "$R/sys/firmware/fdt"
	# 100 ARGB8888 1080p frames: 100 x 1920 x 1080 x 4 bytes, over 768 MiB
	[ $((100 * 1920 * 1080 * 4)) -gt $((lo << 20)) ]
	run "$CMACTL" --root "$R" --dmesg "$TFIX/armhf1g-a-default.dmesg" recommend --stream 1920x1080:ARGB8888:100
	unwrap_output
	[ "$status" -eq 1 ]
	[[ "$output" == *"no command: "*"fits in neither the lowmem part ($lo MiB) nor the HighMem part ($hi MiB)"* ]]
	[[ "$output" != *"cmactl set"* ]]
	run "$CMACTL" --root "$R" --dmesg "$TFIX/armhf1g-a-default.dmesg" recommend --stream 1920x1080:ARGB8888:10
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"cmactl set "*"M --via kconfig"* ]]
}

@test "recommend: every area of a watch record, not only the default one, with what sets its size" {
	R=$(fixture_root lab72-o-dt-default96M-plus-mycma32M)
	# the fixture's second pool, as fdtget reads its size cells
	sz=$(cells_value $(fdtget -t x "$R/sys/firmware/fdt" /reserved-memory/mycma size))
	[ "$sz" -eq $((32 << 20)) ]
	timeout 20 "$CMACTL" --root "$R" watch --interval 100ms --duration 300ms --record "$BATS_TEST_TMPDIR/rec" >/dev/null
	grep -q '"mycma"' "$BATS_TEST_TMPDIR/rec"
	run "$CMACTL" --root "$R" recommend --from "$BATS_TEST_TMPDIR/rec"
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"other area mycma: "*" (now 32 MiB)"* ]]
	[[ "$output" == *"set by the DT node /reserved-memory/mycma (its size): edit it in the DTS"* ]]
	"$CMACTL" --root "$R" --json recommend --from "$BATS_TEST_TMPDIR/rec" >"$J"
	jq -e --argjson sz "$sz" '.other_areas | length == 1 and .[0].area == "mycma" and .[0].current_bytes == $sz and .[0].refused == null' "$J"
	jq -e '.area == "linux,cma"' "$J"
}

@test "target: a .config edited in a kernel tree: its own header and options, not the host's" {
	cp "$TFIX/config-5.10.0-32-arm64" "$BATS_TEST_TMPDIR/.config"
	# the release the header names, read with sed
	rel=$(sed -n 's/^# Linux\/[^ ]* \([^ ]*\) Kernel Configuration$/\1/p' "$BATS_TEST_TMPDIR/.config")
	[ "$rel" = 5.10.223 ]
	run "$CMACTL" set 128M --via kconfig --file "$BATS_TEST_TMPDIR/.config" --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"target: another system's kernel $rel (the header of the .config edited (Linux $rel))"* ]]
	[[ "$output" == *"target: kernel config read (the file edited, $BATS_TEST_TMPDIR/.config)"* ]]
	[[ "$output" == *"next boot: effective: the default CMA area will be 128 MiB, from kconfig"* ]]
	[[ "$output" != *"$(uname -r)"* ]]
}

@test "target: a GRUB root: the kernel of grub.cfg's first entry, when GRUB_DEFAULT picks it" {
	mkdir -p "$B/boot/grub" "$B/etc/default"
	cp "$SETFIX/grub" "$B/etc/default/grub"
	grep -q '^GRUB_DEFAULT=0$' "$B/etc/default/grub"
	: >"$B/boot/vmlinuz-5.4.0-1-arm64"
	: >"$B/boot/vmlinuz-6.1.0-56-arm64"
	cp "$TFIX/config-5.4.0-derived" "$B/boot/config-5.4.0-1-arm64"
	# grub.cfg in the shape grub-mkconfig's 10_linux writes: the newest kernel is not first here
	printf '%s\n' "menuentry 'Debian GNU/Linux' --class debian {" \
		"	linux	/boot/vmlinuz-5.4.0-1-arm64 root=UUID=0b7e ro quiet" \
		"}" "submenu 'Advanced options for Debian GNU/Linux' {" \
		"	menuentry 'Debian GNU/Linux, with Linux 6.1.0-56-arm64' {" \
		"		linux	/boot/vmlinuz-6.1.0-56-arm64 root=UUID=0b7e ro quiet" "	}" "}" \
		>"$B/boot/grub/grub.cfg"
	run "$CMACTL" --root "$B" set 256M --via cmdline --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"target: the root's kernel 5.4.0-1-arm64 ($B/boot/grub/grub.cfg boots /boot/vmlinuz-5.4.0-1-arm64)"* ]]
	[[ "$output" == *"target: kernel config read ($B/boot/config-5.4.0-1-arm64)"* ]]
	# GRUB_DEFAULT=saved: the entry is not known from the files; two kernels: unknown
	sed -i 's/^GRUB_DEFAULT=0$/GRUB_DEFAULT=saved/' "$B/etc/default/grub"
	run "$CMACTL" --root "$B" set 256M --via cmdline --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"target: the root's kernel unknown (several kernels installed ("*") and no bootloader file names one; give --kernel-version)"* ]]
}

# A real boot (the lab's k72-q2, Debian's 7.2.13 arm64 under QEMU with 6 GiB, 3 of them below
# 4 GiB) printed "cma: Failed to reserve 3584 MiB": arm64 reserves the default area below
# its DMA limit. 5.10, 6.1 and 6.12 did the same (test/vm/README.md, q2).
@test "target: arm64: a default area that no memory below 4 GiB holds is refused, as the kernel refused it" {
	root=$(fixture_root k72-q2-6G-cmdline-cma3584M-above-dma-limit)
	grep -q 'cma: Failed to reserve 3584 MiB' "$root/var/log/dmesg"
	grep -q '^CONFIG_ARM64=y' "$root/usr/lib/modules/7.2.13+deb14-arm64/config"
	# dtc's reading of /memory: 6 GiB from 0x40000000, so 3 GiB of it below 4 GiB
	[ "$(fdtget -t x "$root/sys/firmware/fdt" /memory@40000000 reg)" = "0 40000000 1 80000000" ]
	run "$CMACTL" --root "$root" set 3584M --via bootargs --dtb "$root/sys/firmware/fdt" \
		-o "$BATS_TEST_TMPDIR/out.dtb"
	[ "$status" -eq 1 ]
	[[ "$output" == *"3.5 GiB does not fit below 4 GiB, where arm64 reserves the default area"* ]]
	[[ "$output" == *"the largest run of memory there is 3 GiB"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/out.dtb" ]
	# what the kernel did reserve with the same memory: 2G (the lab's 7.2 boot with cma=2G)
	run "$CMACTL" --root "$root" set 2G --via bootargs --dtb "$root/sys/firmware/fdt" \
		-o "$BATS_TEST_TMPDIR/out.dtb"
	[ "$status" -eq 0 ]
	# QEMU's -append cma=3584M was the DT's bootargs; set replaced its cma=
	[ "$(fdtget -t s "$BATS_TEST_TMPDIR/out.dtb" /chosen bootargs)" = "cma=2048M" ]
	# status says why the reservation failed, and recommend does not offer such a size
	run "$CMACTL" --root "$root" status
	unwrap_output
	[[ "$output" == *"arm64 reserves it below 4 GiB (arch/arm64/mm/init.c), where the largest run of memory is 3 GiB: ask for less"* ]]
	run "$CMACTL" --root "$root" --json recommend --stream 3840x2160:NV12:300
	[ "$status" -eq 1 ]
	[[ "$(jq -r .refused <<<"$output")" == *"does not fit below 4 GiB"* ]]
	[ "$(jq -r .command <<<"$output")" = null ]
}

@test "target: arm64 unknown: the 4 GiB bound is a note, not a refusal" {
	root=$(fixture_root k72-q2-6G-cmdline-cma3584M-above-dma-limit)
	rm -r "$root/usr/lib/modules"
	run "$CMACTL" --root "$root" set 3584M --via bootargs --dtb "$root/sys/firmware/fdt" \
		-o "$BATS_TEST_TMPDIR/out.dtb"
	[ "$status" -eq 0 ]
	unwrap_output
	[[ "$output" == *"note: if the target kernel is arm64 (its config is not known): 3.5 GiB does not fit below 4 GiB"* ]]
}

# live_board TREE: a board's / as the running system sees it: booted kernel 5.4 (osrelease,
# its config), the DT it booted (lab-c: a linux,cma-default node of 96 MiB), /proc/cmdline
# with cma=128M, and extlinux.conf booting 5.10 next (an upgrade installed, not booted yet).
# cmactl runs chrooted in a private mount namespace with the host's /usr bound read-only, so
# the tree is "/" (the live path of io/root.c), and nothing of the host is touched.
live_board() {
	local t=$1
	board "$t" 5.10.0-32-arm64 "$TFIX/config-5.10.0-32-arm64"
	cp "$TFIX/config-5.4.0-derived" "$t/boot/config-5.4.0-1-arm64"
	: >"$t/boot/vmlinuz-5.4.0-1-arm64"
	mkdir -p "$t/proc/sys/kernel" "$t/sys/firmware" "$t/usr" "$t/bin-cmactl"
	echo 5.4.0-1-arm64 >"$t/proc/sys/kernel/osrelease"
	echo "console=ttyAMA0 cma=128M" >"$t/proc/cmdline"
	cp "$FIXTURES/lab-c-dt-size96M/proc/meminfo" "$t/proc/meminfo"
	cp "$t/boot/dtbs/board.dtb" "$t/sys/firmware/fdt"
	for l in bin lib lib64 sbin; do ln -s "usr/$l" "$t/$l"; done
	cp "$CMACTL" "$t/bin-cmactl/cmactl"
}

# in_root TREE ARGS...: cmactl ARGS with TREE as /.
in_root() {
	local t=$1
	shift
	run unshare -m --propagation private sh -c 'mount --bind -o ro /usr "$1/usr" &&
		t=$1 && shift && exec chroot "$t" /bin-cmactl/cmactl "$@"' sh "$t" "$@"
}

live_ok() {
	[ "$(id -u)" = 0 ] && command -v unshare >/dev/null ||
		skip "needs root and unshare(1) for a chroot in a private mount namespace"
	head -c 4 "$CMACTL" | grep -q ELF || skip "cmactl is a wrapper here (valgrind): not copied into a chroot"
	! ldd "$CMACTL" 2>/dev/null | grep -q asan ||
		skip "ASan reads /proc/self/maps, which the board's tree does not have"
}

@test "target: the running system with an upgrade not booted yet: the next kernel's rule decides" {
	live_ok
	live_board "$B"
	# on the running 5.4 the DT node beats cma=128M, so a DT edit would count now ...
	in_root "$B" set 64M --via dts --dtb /boot/dtbs/board.dtb --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	# ... but extlinux.conf boots 5.10 next, where cma= wins over the node
	[[ "$output" == *"target: the root's kernel 5.10.0-32-arm64 (/boot/extlinux/extlinux.conf boots /boot/vmlinuz-5.10.0-32-arm64)"* ]]
	[[ "$output" == *"target: kernel config read (/boot/config-5.10.0-32-arm64)"* ]]
	[[ "$output" == *"next boot: SHADOWED: cmdline (cma=128M) wins over this change"* ]]
	[[ "$output" != *"effective: the default CMA area will be 64 MiB"* ]]
	# when the bootloader boots the running kernel, that kernel decides: the DT edit wins
	sed -i 's|vmlinuz-5.10.0-32-arm64|vmlinuz-5.4.0-1-arm64|' "$B/boot/extlinux/extlinux.conf"
	in_root "$B" set 64M --via dts --dtb /boot/dtbs/board.dtb --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" != *"target: the root's kernel"* ]]
	[[ "$output" == *"next boot: effective: the default CMA area will be 64 MiB, from devicetree"* ]]
}

# A u-boot-update root (Debian's u-boot-menu writes "fdtdir /usr/lib/linux-image-VERSION/"
# when that directory exists): U-Boot names the DTB in it from its fdtfile variable (or
# soc-board.dtb), which no file here holds.
@test "target: extlinux.conf loads its DT from an FDTDIR: unset cannot tell (a DT node may decide), cma= still wins" {
	board "$B" 5.10.0-32-arm64 "$TFIX/config-5.10.0-32-arm64"
	sed -i 's|fdt /boot/dtbs/board.dtb|fdtdir /usr/lib/linux-image-5.10.0-32-arm64/|' \
		"$B/boot/extlinux/extlinux.conf"
	grep -q 'fdtdir /usr/lib/linux-image-5.10.0-32-arm64/' "$B/boot/extlinux/extlinux.conf"
	run "$CMACTL" --root "$B" unset --via cmdline --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"next boot: cannot tell: unknown: the DT U-Boot loads from extlinux.conf's FDTDIR /usr/lib/linux-image-5.10.0-32-arm64/"* ]]
	[[ "$output" != *"will be"* ]]
	# a cma= beats any DT node on 5.10 (5.6+): that verdict stands
	run "$CMACTL" --root "$B" set 64M --via cmdline --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"next boot: effective: the default CMA area will be 64 MiB, from cmdline"* ]]
	# an FDT line whose file is not under the root: the same "cannot tell"
	sed -i 's|fdtdir /usr/lib/linux-image-5.10.0-32-arm64/|fdt /boot/dtbs/missing.dtb|' \
		"$B/boot/extlinux/extlinux.conf"
	run "$CMACTL" --root "$B" unset --via cmdline --dry-run
	unwrap_output
	[[ "$output" == *"next boot: cannot tell: unknown: the DT extlinux.conf loads (FDT /boot/dtbs/missing.dtb): not under the root"* ]]
}
