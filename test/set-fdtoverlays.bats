#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# extlinux.conf FDTOVERLAYS: U-Boot applies a label's overlays over its FDT
# before the kernel starts (u-boot/u-boot boot/pxe_utils.c,
# label_boot_fdtoverlay()), so the next boot's DT is the DTB with them, and a
# `set --via dts` an overlay overrides must be refused. The board is the
# capture lab-c-dt-size96M's DTB (dtc -@) with the overlays of
# fixtures/fdtoverlays/ (see its README); the expected sizes come from dtc's
# fdtoverlay and fdtget, never from cmactl.

bats_require_minimum_version 1.5.0
load set_helper

OVFIX=$FIXTURES/fdtoverlays

# board OVERLAYS...: the board (test_helper.bash's fdtov_board) at $B.
board() {
	fdtov_board "$B" "$@"
}

# booted_bytes OVERLAY...: the linux,cma size once dtc's fdtoverlay applies OVERLAY... (paths
# under boot/dtbs/overlays) to board.dtb, as fdtget reads it.
booted_bytes() {
	local ovs=() o
	for o in "$@"; do ovs+=("$B/boot/dtbs/overlays/$o"); done
	fdtoverlay -i "$B/boot/dtbs/board.dtb" -o "$BATS_TEST_TMPDIR/booted.dtb" "${ovs[@]}"
	cells_value $(fdtget -t x "$BATS_TEST_TMPDIR/booted.dtb" /reserved-memory/linux,cma size)
}

setup() {
	B=$BATS_TEST_TMPDIR/board
	O=/boot/dtbs/overlays
}

@test "fdtoverlays: the next boot's DT is the label's FDT with its overlays, as fdtoverlay makes it" {
	board "$O/other.dtbo $O/cma-256M.dtbo"
	want=$(booted_bytes other.dtbo cma-256M.dtbo)
	[ "$want" -eq $((256 << 20)) ]
	[ "$(cells_value $(fdtget -t x "$B/boot/dtbs/board.dtb" /reserved-memory/linux,cma size))" -eq $((96 << 20)) ]
	run "$CMACTL" --root "$B" --json unset --via cmdline --dry-run
	[ "$status" -eq 0 ]
	[ "$(jq -r .next_boot.size_bytes <<<"$output")" = "$want" ]
	[ "$(jq -r .next_boot.winner <<<"$output")" = devicetree ]
	[ "$(jq -r .target_system.device_tree <<<"$output")" = "$B/boot/dtbs/board.dtb with the overlays $O/other.dtbo $O/cma-256M.dtbo (FDTOVERLAYS) applied" ]
	run "$CMACTL" --root "$B" unset --via cmdline --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"target: device tree $B/boot/dtbs/board.dtb with the overlays $O/other.dtbo $O/cma-256M.dtbo (FDTOVERLAYS) applied"* ]]
	[[ "$output" == *"the default CMA area will come from devicetree (/reserved-memory/linux,cma size, 256 MiB)"* ]]
}

@test "fdtoverlays: DEVICETREE-OVERLAY (newer U-Boot's word), paths under boot/ of a /boot partition, the first line only" {
	board
	want=$(booted_bytes cma-256M.dtbo)
	# a /boot partition of its own: the paths start at it
	sed -i "s|fdt /boot/dtbs/board.dtb|fdt /dtbs/board.dtb\n\tDEVICETREE-OVERLAY /dtbs/overlays/cma-256M.dtbo\n\tfdtoverlays /dtbs/overlays/broken.dtbo|" \
		"$B/boot/extlinux/extlinux.conf"
	run "$CMACTL" --root "$B" --json unset --via cmdline --dry-run
	[ "$status" -eq 0 ]
	[ "$(jq -r .next_boot.size_bytes <<<"$output")" = "$want" ]
	[ "$(jq -r .target_system.device_tree <<<"$output")" = "$B/boot/dtbs/board.dtb with the overlays /dtbs/overlays/cma-256M.dtbo (DEVICETREE-OVERLAY) applied" ]
}

@test "fdtoverlays: without overlays the DTB alone is the next boot's DT (96 MiB, as fdtget reads it)" {
	board
	want=$(cells_value $(fdtget -t x "$B/boot/dtbs/board.dtb" /reserved-memory/linux,cma size))
	run "$CMACTL" --root "$B" --json unset --via cmdline --dry-run
	[ "$status" -eq 0 ]
	[ "$(jq -r .next_boot.size_bytes <<<"$output")" = "$want" ]
	[ "$(jq -r .target_system.device_tree <<<"$output")" = "$B/boot/dtbs/board.dtb" ]
}

@test "fdtoverlays: set --via dts is refused when an overlay sets the CMA node over the edit; nothing written" {
	board "$O/other.dtbo $O/cma-256M.dtbo"
	before=$(sha256sum <"$B/boot/dtbs/board.dtb")
	# named with --dtb, and found from the booted DT (a copy in sys/firmware/fdt) as the
	# DTB extlinux.conf loads
	for dtb in "--dtb $B/boot/dtbs/board.dtb" ""; do
		[ -n "$dtb" ] || { mkdir -p "$B/sys/firmware" && cp "$B/boot/dtbs/board.dtb" "$B/sys/firmware/fdt"; }
		# shellcheck disable=SC2086 # $dtb is two words or none
		run "$CMACTL" --root "$B" set 64M --via dts $dtb
		[ "$status" -eq 1 ]
		[[ "$output" == *"applies the overlay $O/cma-256M.dtbo (FDTOVERLAYS) over this DTB at boot, and after it the DT holds /reserved-memory/linux,cma: 256 MiB: this edit would not count"* ]]
		[[ "$output" == *"(nothing written)"* ]]
		[ "$(sha256sum <"$B/boot/dtbs/board.dtb")" = "$before" ]
		[ ! -e "$B/boot/dtbs/board.dtb.cmactl-bak" ]
	done
	run --separate-stderr "$CMACTL" --root "$B" --json set 64M --via dts --dry-run --dtb "$B/boot/dtbs/board.dtb"
	[ "$status" -eq 1 ]
	[[ "$(jq -r .error <<<"$output")" == *"overlay $O/cma-256M.dtbo (FDTOVERLAYS)"* ]]
}

@test "fdtoverlays: set --via dts goes ahead when the overlays leave the CMA node; fdtoverlay over the written DTB agrees" {
	board "$O/other.dtbo"
	run "$CMACTL" --root "$B" set 64M --via dts --dtb "$B/boot/dtbs/board.dtb"
	unwrap_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"note: next boot: U-Boot applies the overlays $O/other.dtbo (FDTOVERLAYS) over this DTB (extlinux.conf); applied here too, they leave the default CMA node as edited"* ]]
	[[ "$output" == *"next boot: effective: the default CMA area will be 64 MiB, from devicetree"* ]]
	[ -e "$B/boot/dtbs/board.dtb.cmactl-bak" ]
	[ "$(booted_bytes other.dtbo)" -eq $((64 << 20)) ]
	[ "$(fdtget "$BATS_TEST_TMPDIR/booted.dtb" /chosen cmactl,test)" = other ]
}

@test "fdtoverlays: an overlay that is missing, does not apply or is garbage: cannot tell, never the base alone" {
	board "$O/other.dtbo $O/missing.dtbo"
	run "$CMACTL" --root "$B" --json unset --via cmdline --dry-run
	[ "$status" -eq 0 ]
	[ "$(jq -r .next_boot.state <<<"$output")" = unknown ]
	[ "$(jq -r .next_boot.size_bytes <<<"$output")" = null ]
	[[ "$(jq -r .next_boot.missing <<<"$output")" == *"overlay $O/missing.dtbo (FDTOVERLAYS): not under the root"* ]]
	before=$(sha256sum <"$B/boot/dtbs/board.dtb")
	run "$CMACTL" --root "$B" set 64M --via dts --dtb "$B/boot/dtbs/board.dtb"
	[ "$status" -eq 1 ]
	[[ "$output" == *"cannot tell what the next boot's DT holds"*"overlay $O/missing.dtbo (FDTOVERLAYS): not under the root"*"(nothing written)"* ]]
	[ "$(sha256sum <"$B/boot/dtbs/board.dtb")" = "$before" ]
	# fdtoverlay fails on it too (FDT_ERR_NOTFOUND)
	run ! fdtoverlay -i "$B/boot/dtbs/board.dtb" -o "$BATS_TEST_TMPDIR/x.dtb" "$B/boot/dtbs/overlays/broken.dtbo"
	sed -i "s|missing.dtbo|broken.dtbo|" "$B/boot/extlinux/extlinux.conf"
	run "$CMACTL" --root "$B" --json unset --via cmdline --dry-run
	[ "$status" -eq 0 ]
	[ "$(jq -r .next_boot.state <<<"$output")" = unknown ]
	[[ "$(jq -r .next_boot.missing <<<"$output")" == *"overlay $O/broken.dtbo (FDTOVERLAYS): does not apply: FDT_ERR_NOTFOUND"* ]]
	run "$CMACTL" --root "$B" set 64M --via dts --dtb "$B/boot/dtbs/board.dtb"
	[ "$status" -eq 1 ]
	[[ "$output" == *"FDT_ERR_NOTFOUND"*"(nothing written)"* ]]
	head -c 300 /dev/urandom >"$B/boot/dtbs/overlays/garbage.dtbo"
	printf 'not a blob\n' >>"$B/boot/dtbs/overlays/garbage.dtbo"
	sed -i "s|broken.dtbo|garbage.dtbo|" "$B/boot/extlinux/extlinux.conf"
	run "$CMACTL" --root "$B" --json unset --via cmdline --dry-run
	[ "$status" -eq 0 ]
	[ "$(jq -r .next_boot.state <<<"$output")" = unknown ]
	[[ "$(jq -r .next_boot.missing <<<"$output")" == *"overlay $O/garbage.dtbo (FDTOVERLAYS): not a device tree blob"* ]]
	[ "$(sha256sum <"$B/boot/dtbs/board.dtb")" = "$before" ]
}

@test "fdtoverlays: a list U-Boot cannot load as written (empty, a tab in a name, too many) is refused clearly" {
	board
	sed -i "s|fdt /boot/dtbs/board.dtb|&\n\tfdtoverlays|" "$B/boot/extlinux/extlinux.conf"
	run "$CMACTL" --root "$B" --json unset --via cmdline --dry-run
	[ "$status" -eq 0 ]
	[ "$(jq -r .next_boot.state <<<"$output")" = unknown ]
	[[ "$(jq -r .next_boot.missing <<<"$output")" == *"FDTOVERLAYS names no file"* ]]
	sed -i "s|^\tfdtoverlays$|\tfdtoverlays $O/other.dtbo\t$O/cma-256M.dtbo|" "$B/boot/extlinux/extlinux.conf"
	grep -q "other.dtbo	" "$B/boot/extlinux/extlinux.conf"
	run "$CMACTL" --root "$B" --json unset --via cmdline --dry-run
	[[ "$(jq -r .next_boot.missing <<<"$output")" == *"overlay 1 holds a control character (0x09"* ]]
	before=$(sha256sum <"$B/boot/dtbs/board.dtb")
	run "$CMACTL" --root "$B" set 64M --via dts --dtb "$B/boot/dtbs/board.dtb"
	[ "$status" -eq 1 ]
	[[ "$output" == *"overlay 1 holds a control character"*"(nothing written)"* ]]
	[ "$(sha256sum <"$B/boot/dtbs/board.dtb")" = "$before" ]
	many=$(printf "$O/other.dtbo %.0s" $(seq 17))
	sed -i "s|^\tfdtoverlays .*|\tfdtoverlays $many|" "$B/boot/extlinux/extlinux.conf"
	run "$CMACTL" --root "$B" --json unset --via cmdline --dry-run
	[[ "$(jq -r .next_boot.missing <<<"$output")" == *"more than 16 overlays"* ]]
}
