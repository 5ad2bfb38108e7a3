#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# 80 columns for serial consoles: every line that stress and set/unset print on stdout, on
# every fixture tree, is at most 80 display columns as wc -L (GNU coreutils, UTF-8 locale)
# measures it; the reason wraps under itself, the table and the diff stay as they are, and a
# path longer than the room stays whole. Output to a pipe, as here, is not a terminal.
load test_helper
bats_require_minimum_version 1.5.0

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# report_lines: $output without the unified diff set prints (from "--- " up to the next line
# that starts with a letter): a diff line is the file's, not ours to wrap.
report_lines() {
	awk '/^--- / { diff = 1; next } diff && /^[-+ @]|^$/ { next } { diff = 0; print }' <<<"$output"
}

# wrappable_lines: report_lines but those that are one word under their indent (a path
# longer than the room stays whole: nothing to break it at).
wrappable_lines() {
	report_lines | awk '/[^ ] +[^ ]/'
}

# fits WHAT: every report line of $output within 80 display columns, or say which is not.
fits() {
	local n
	n=$(wrappable_lines | LC_ALL=C.UTF-8 wc -L)
	if [ "$n" -gt 80 ]; then
		echo "$1: a line of $n columns:"
		wrappable_lines | LC_ALL=C.UTF-8 awk 'length($0) > 80'
		return 1
	fi
}

# tree NAME: a copy of the fixture at ./NAME (short relative paths), DTS compiled by dtc.
tree() {
	cp -r "$(fixture_root "$1")" "$1"
}

@test "width: set and unset on every fixture tree and every layer: lines fit 80 columns" {
	local d f n=0
	printf 'CONFIG_CMA=y\nCONFIG_CMA_SIZE_MBYTES=16\n' >k.config
	cp "$FIXTURES/set/extlinux.conf" e.conf
	cp "$FIXTURES/set/grub" grub
	for d in "$FIXTURES"/*/; do
		[ -d "$d/proc" ] || continue
		f=$(basename "$d")
		tree "$f"
		local -a runs=(
			"set 64M --via cmdline --file e.conf --dry-run"
			"set 64M --via cmdline --file grub --dry-run"
			"set 3M --via kconfig --file k.config --dry-run"
			"unset --via cmdline --file e.conf --dry-run"
			"unset --via cmdline --file grub --dry-run"
		)
		if [ -f "$f/sys/firmware/fdt" ]; then
			cp "$f/sys/firmware/fdt" "$f.dtb"
			runs+=("set 64M --via dts --dtb $f.dtb --dry-run"
			       "set 48M --via bootargs --dtb $f.dtb --dry-run"
			       "set 64M --via dts --dtb $f.dtb --base 0x60000000 --limit 0x80000000 --dry-run")
		fi
		local a
		for a in "${runs[@]}"; do
			# shellcheck disable=SC2086 # $a is the argument list
			run --separate-stderr "$CMACTL" --root "$f" $a
			# refused (a fixed reg cannot take --base/--limit): stderr only, one line each
			[ -n "$output" ] || { [ "$status" -ne 0 ] && continue; }
			fits "$f $a" || return 1
			n=$((n + 1))
		done
	done
	[ "$n" -ge 100 ]
}

@test "width: set writing (backups named, the next step) and SHADOWED (the command whole)" {
	tree lab-d-dt-size96M-cmdline-cma32M
	cp "$FIXTURES/set/extlinux.conf" e.conf
	cp lab-d-dt-size96M-cmdline-cma32M/sys/firmware/fdt board.dtb
	run --separate-stderr "$CMACTL" --root lab-d-dt-size96M-cmdline-cma32M set 64M --via cmdline --file e.conf
	[ "$status" -eq 0 ]
	fits "set (first)"
	run --separate-stderr "$CMACTL" --root lab-d-dt-size96M-cmdline-cma32M set 128M --via cmdline --file e.conf
	[ "$status" -eq 0 ]
	fits "set (second, numbered backup)"
	unwrap_output
	[[ $output == *"the older backup e.conf.cmactl-bak"* ]]
	run --separate-stderr "$CMACTL" --root lab-d-dt-size96M-cmdline-cma32M set 64M --via dts --dtb board.dtb \
		--dry-run
	fits "set --via dts under cma="
	[[ $output == *"next boot: SHADOWED: "*"remove it with:"* ]]
	# the command that undoes it is one line of its own, as it would be typed
	run grep -xE '    cmactl unset --via [a-z]+( .*)?' <<<"$output"
	[ "$status" -eq 0 ]
}

@test "width: stress --dry-run on every fixture tree with a heap, every plan: lines fit 80 columns" {
	local d f a n=0
	local -a plans=(
		"--dry-run"
		"--dry-run --size 4097p --count 3 --jobs 2"
		"--dry-run --sizes 1M-2M --count 3 --jobs 2 --hold 1.5 --touch --keep-going --seed 7"
		"--dry-run --until-fail --size 64K --jobs 4 --duration 10"
		"--dry-run --heap system --force --size 1M --count 2"
	)
	for d in "$FIXTURES"/*/; do
		[ -d "$d/proc" ] || continue
		f=$(basename "$d")
		tree "$f"
		cp -r "$FIXTURES/stress/dev-heaps/." "$f"
		for a in "${plans[@]}"; do
			# shellcheck disable=SC2086 # $a is the argument list
			run --separate-stderr "$CMACTL" --root "$f" stress $a
			# a tree without a CMA heap or area cannot plan: nothing on stdout to measure
			[ -z "$output" ] && continue
			fits "$f stress $a" || return 1
			n=$((n + 1))
		done
	done
	[ "$n" -ge 20 ]
}

@test "width: COLUMNS changes nothing (80 whatever it says), a path past 80 columns stays whole" {
	local long
	long=$(printf 'd%.0s' {1..90})
	tree lab-a-kconfig16M
	mkdir "$long"
	cp "$FIXTURES/set/extlinux.conf" "$long/extlinux.conf"
	run --separate-stderr "$CMACTL" --root lab-a-kconfig16M set 64M --via cmdline --file "$long/extlinux.conf" --dry-run
	[ "$status" -eq 0 ]
	local plain=$output
	COLUMNS=200 run --separate-stderr "$CMACTL" --root lab-a-kconfig16M set 64M --via cmdline \
		--file "$long/extlinux.conf" --dry-run
	[ "$output" = "$plain" ]
	COLUMNS=80 run --separate-stderr "$CMACTL" --root lab-a-kconfig16M set 64M --via cmdline \
		--file "$long/extlinux.conf" --dry-run
	[ "$output" = "$plain" ]
	# the path is one word on a line of its own, longer than 80 only by itself
	run grep -x "$long/extlinux.conf" <<<"$plain"
	[ "$status" -eq 0 ]
	run report_lines
	run awk -v p="$long/extlinux.conf" 'length($0) > 80 && index($0, p) == 0' <<<"$output"
	[ -z "$output" ]
}
