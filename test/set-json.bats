#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# `cmactl --json set/unset`: one JSON object on stdout, read back with jq; the
# files are checked with dtc's tools, as in set.bats.

load set_helper

setup() {
	ROOT=$(fixture_root lab-c-dt-size96M)
	DTB=$BATS_TEST_TMPDIR/virt.dtb
	cp "$ROOT/sys/firmware/fdt" "$DTB"
	J=$BATS_TEST_TMPDIR/out.json
	E=$BATS_TEST_TMPDIR/err.txt
}

# sj ARGS...: cmactl --json ARGS, stdout in $J, stderr in $E, exit code in
# $status; stdout must be exactly one valid JSON document whatever the outcome.
sj() {
	status=0
	"$CMACTL" --json "$@" >"$J" 2>"$E" || status=$?
	jq -e . "$J" >/dev/null || { echo "not JSON:"; cat "$J"; return 1; }
	[ "$(jq -s length "$J")" -eq 1 ]
}

# jqe EXPR: EXPR holds for the JSON in $J (jq -e: false and null fail).
jqe() {
	jq -e "$@" "$J" >/dev/null || { echo "jq $* failed on:"; cat "$J"; return 1; }
}

@test "json: dts set on the QEMU capture: sizes, paths, next boot" {
	sj --root "$ROOT" set 64M --via dts --dtb "$DTB"
	[ "$status" -eq 0 ]
	[ ! -s "$E" ]
	jqe '.command == "set" and .via == "dts" and .dry_run == false and .changed == true'
	jqe --arg f "$DTB" '.target == $f and .written == $f and .backup == $f + ".cmactl-bak"'
	jqe '.node == "/reserved-memory/linux,cma" and .label == null'
	jqe '.requested_bytes == 67108864 and .written_bytes == 67108864 and .rounded == false'
	jqe '.notes == ["now reboot for it to count (the bootloader loads the DTB at boot)"]'
	jqe '(has("error") | not) and (has("diff") | not) and (has("backup_kept") | not)'
	jqe '.next_boot | .state == "effective" and .effective == true and .winner == "devicetree"'
	jqe '.next_boot | .shadowed_by == null and .size_bytes == 67108864'
	jqe '.next_boot.rule | startswith("Linux 6.1:")'
	check_cma_size "$DTB" $((64 << 20))
	[ -f "$DTB.cmactl-bak" ]
}

@test "json: --dry-run: rounded size, the text diff as a string, nothing written" {
	before=$(sum "$DTB")
	sj --root "$ROOT" set 65M --via dts --dtb "$DTB" --dry-run
	[ "$status" -eq 0 ]
	jqe '.dry_run == true and .changed == true and .written == null and .backup == null'
	jqe '.requested_bytes == 68157440 and .written_bytes == 71303168 and .rounded == true'
	jqe '.notes | length == 1 and (.[0] | startswith("65M rounded up to 68 MiB"))'
	jqe '.diff | contains("-\t\t\tsize = <0x0 0x6000000>;\n+\t\t\tsize = <0x0 0x4400000>;\n")'
	# the same diff as text mode prints, byte for byte
	text=$("$CMACTL" --root "$ROOT" set 65M --via dts --dtb "$DTB" --dry-run)
	diff=$(jq -j .diff "$J")
	[ "$(wc -l <<<"$diff")" -ge 10 ]
	[[ "$text" == *$'\n'"$diff"$'\n'"target: "*"next boot: "* ]]
	[ "$(sum "$DTB")" = "$before" ]
	[ ! -e "$DTB.cmactl-bak" ]
}

@test "json: already so: changed false, nothing written, next boot still told" {
	sj --root "$ROOT" set 96M --via dts --dtb "$DTB"
	[ "$status" -eq 0 ]
	jqe '.changed == false and .written == null and .backup == null'
	jqe '.next_boot.effective == true and .next_boot.size_bytes == 100663296'
	[ ! -e "$DTB.cmactl-bak" ]
}

@test "json: a DT change under cma= on the command line is shadowed" {
	R=$(fixture_root stock-d-dt-size96M-cmdline-cma32M)
	sj --root "$R" set 128M --via dts --dtb "$DTB" --dry-run
	[ "$status" -eq 0 ]
	jqe '.next_boot | .state == "shadowed" and .effective == false and .winner == "cmdline"'
	jqe '.next_boot.shadowed_by == {"layer": "cmdline", "detail": "cma=32M",
		"unset_hint": "cmactl unset --via cmdline"}'
	jqe '.next_boot.size_bytes == 33554432'
}

@test "json: errors: the message in .error and on stderr, the text mode's exit code" {
	before=$(sum "$DTB")
	sj --root "$ROOT" set 16T --via dts --dtb "$DTB"
	[ "$status" -eq 1 ]
	jqe '.error | contains("not smaller than the memory")'
	jqe '.next_boot == null and .changed == false and .written == null'
	grep -q 'cmactl: error: .*not smaller than the memory' "$E"
	sj --root "$ROOT" set lots --via dts --dtb "$DTB"
	[ "$status" -eq 2 ]
	jqe '.error | length > 0'
	sj --root "$ROOT" set 1536K --via kconfig --file "$BATS_TEST_TMPDIR/nothing"
	[ "$status" -eq 2 ]
	jqe '.error | contains("not a whole number of MiB")'
	printf 'hello\n' >"$BATS_TEST_TMPDIR/text.dtb"
	sj --root "$ROOT" set 64M --via dts --dtb "$BATS_TEST_TMPDIR/text.dtb"
	[ "$status" -eq 1 ]
	jqe --arg f "$BATS_TEST_TMPDIR/text.dtb" '.target == $f and (.error | contains("not a device tree blob"))'
	[ "$(sum "$DTB")" = "$before" ]
}

@test "json: several command-line files: the error lists them as candidates" {
	R=$BATS_TEST_TMPDIR/r
	mkdir -p "$R/boot/firmware" "$R/etc/default"
	cp "$SETFIX/cmdline.txt" "$R/boot/firmware/"
	cp "$SETFIX/grub" "$R/etc/default/"
	sj --root "$R" set 128M --via cmdline
	[ "$status" -eq 1 ]
	jqe '.candidates == ["boot/firmware/cmdline.txt", "etc/default/grub"]'
	jqe '.error | startswith("2 boot command-line files found")'
}

@test "json: unset removes the node; a second unset changes nothing" {
	sj --root "$ROOT" unset --via dts --dtb "$DTB"
	[ "$status" -eq 0 ]
	jqe '.command == "unset" and .changed == true and .requested_bytes == null and .written_bytes == null'
	jqe '.node == "/reserved-memory/linux,cma"'
	jqe '.next_boot | .state == "unset" and .winner == "kconfig" and .effective == true'
	[ "$(fdtget -l "$DTB" /reserved-memory | grep -c linux,cma)" -eq 0 ]
	sj --root "$ROOT" unset --via dts --dtb "$DTB"
	[ "$status" -eq 0 ]
	jqe '.changed == false and .node == null and .written == null'
}

@test "json: cmdline and kconfig: label, the what-next hint in notes" {
	cp "$SETFIX/extlinux.conf" "$SETFIX/grub" "$BATS_TEST_TMPDIR/"
	sj --root "$ROOT" set 64M --via cmdline --file "$BATS_TEST_TMPDIR/extlinux.conf" --label l0r
	[ "$status" -eq 0 ]
	jqe '.via == "cmdline" and .label == "l0r" and .node == null'
	grep -q 'ro single cma=64M$' "$BATS_TEST_TMPDIR/extlinux.conf"
	sj --root "$ROOT" set 96M --via cmdline --file "$BATS_TEST_TMPDIR/grub"
	[ "$status" -eq 0 ]
	jqe '.notes | any(startswith("now run update-grub"))'
	zcat "$FIXTURES/lab-a-kconfig16M/proc/config.gz" >"$BATS_TEST_TMPDIR/.config"
	sj --root "$ROOT" set 64M --via kconfig --file "$BATS_TEST_TMPDIR/.config"
	[ "$status" -eq 0 ]
	jqe '.via == "kconfig" and .written_bytes == 67108864 and .node == null'
	jqe '.notes | any(startswith("now rebuild the kernel"))'
}

@test "json: the planner's notes (GRUB_CMDLINE_LINUX_DEFAULT, extlinux default) are in .notes, not loose text" {
	cp "$SETFIX/grub-default-cma" "$SETFIX/extlinux-menu-default.conf" "$BATS_TEST_TMPDIR/"
	sj --root "$ROOT" set 64M --via cmdline --file "$BATS_TEST_TMPDIR/grub-default-cma"
	[ "$status" -eq 0 ]
	jqe '.notes | any(test("GRUB_CMDLINE_LINUX_DEFAULT"))'
	sj --root "$ROOT" set 64M --via cmdline --file "$BATS_TEST_TMPDIR/extlinux-menu-default.conf"
	[ "$status" -eq 0 ]
	jqe '.notes | any(test("MENU DEFAULT"))'
}

@test "json: file names with control bytes and invalid UTF-8 stay valid JSON" {
	f=$BATS_TEST_TMPDIR/$'a\tb\x1b\xff.dtb'
	cp "$DTB" "$f"
	sj --root "$ROOT" set 64M --via dts --dtb "$f" --dry-run
	[ "$status" -eq 0 ]
	iconv -f UTF-8 -t UTF-8 "$J" >/dev/null
	jqe '.target | endswith("a\tb\u001b\ufffd.dtb")'
	python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8", errors="strict"))' "$J"
}
