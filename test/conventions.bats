#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI conventions (issue 13): -h, hints, one meaning per short option, -v, did-you-mean,
# exit codes for bad input, the shared size parser, pasteable paths, option-named errors.
load test_helper
bats_require_minimum_version 1.5.0

CLIENT=${DMAHEAP_ALLOC:-$(dirname "$CMACTL")/dmaheap-alloc}

# The commands, as `cmactl --help` lists them (so new commands are checked too).
commands() {
	"$CMACTL" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\)  .*/\1/p'
}

@test "-h is --help at the top, in every command and in dmaheap-alloc" {
	run "$CMACTL" -h
	[ "$status" -eq 0 ]
	[ "$output" = "$("$CMACTL" --help)" ]
	n=0
	for c in $(commands); do
		run "$CMACTL" "$c" -h
		[ "$status" -eq 0 ]
		[[ $output == "Usage: cmactl $c "* ]]
		[ "$output" = "$("$CMACTL" "$c" --help)" ]
		n=$((n + 1))
	done
	[ "$n" -ge 4 ]
	run "$CLIENT" -h
	[ "$status" -eq 0 ]
	[[ $output == "Usage: dmaheap-alloc "* ]]
	[[ $output == *"--hold=SECONDS"* ]]
}

@test "usage errors point at 'cmactl COMMAND --help', never at the shell's builtin" {
	for c in $(commands); do
		run "$CMACTL" "$c" -x
		[ "$status" -eq 2 ]
		[[ $output == *"cmactl $c --help"* ]]
		[[ $output != *"Try \`$c --help'"* ]]
	done
	run "$CMACTL" statsu
	[[ $output == *"cmactl --help"* ]]
}

# Every "-X, --long" of every command's --help and of dmaheap-alloc's: one long name per letter.
@test "every short option means one thing in every command" {
	{
		"$CMACTL" --help
		for c in $(commands); do "$CMACTL" "$c" --help; done
		"$CLIENT" --help
	} | grep -oE '^ +-[a-zA-Z?], --[a-z-]+' | sed -E 's/^ +//; s/,//' | sort -u >"$BATS_TEST_TMPDIR/pairs"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/pairs")" -ge 10 ]
	dup=$(awk '{print $1}' "$BATS_TEST_TMPDIR/pairs" | uniq -d)
	[ -z "$dup" ] || { grep -E "^($(echo $dup | tr ' ' '|')) " "$BATS_TEST_TMPDIR/pairs"; false; }
	# the table in cmactl(8) says the same
	while read -r s l; do
		grep -q "^\.It Fl ${s#-} Ta Fl \\\\${l#-} Ta" "$TOP/man/cmactl.8" ||
			{ echo "cmactl(8) has no row for $s $l"; false; }
	done <"$BATS_TEST_TMPDIR/pairs"
}

@test "-V is --version, alone: set's old -V (--via) is refused" {
	run "$CMACTL" -V
	[ "$status" -eq 0 ]
	[ "$output" = "$("$CMACTL" --version)" ]
	run "$CMACTL" status -V
	[ "$status" -eq 0 ]
	run "$CMACTL" set 64M -V dts
	[ "$status" -eq 2 ]
	[[ $output == *"--via has no short option"* ]]
}

@test "stress: -n is --dry-run, -c is --count" {
	run "$CMACTL" stress --help
	[[ $output == *"-n, --dry-run"* ]]
	[[ $output == *"-c, --count=N"* ]]
	run "$CMACTL" stress -n 8
	[ "$status" -eq 2 ]
	[[ $output == *"unexpected argument '8'"* ]]
}

@test "-v says which files were read and which were missing, and why, on stderr" {
	root=$FIXTURES/lab-a-kconfig16M
	[ -f "$root/proc/meminfo" ] && [ ! -e "$root/sys/firmware/fdt" ]
	"$CMACTL" -v --root "$root" status >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
	grep -qxF "cmactl: read $root/proc/meminfo" "$BATS_TEST_TMPDIR/err"
	grep -qxF "cmactl: not read $root/sys/firmware/fdt: No such file or directory" "$BATS_TEST_TMPDIR/err"
	run ! grep -q 'cmactl: read' "$BATS_TEST_TMPDIR/out"
	# every path it names as read is a file or directory there
	sed -n 's/^cmactl: read //p' "$BATS_TEST_TMPDIR/err" >"$BATS_TEST_TMPDIR/read"
	[ -s "$BATS_TEST_TMPDIR/read" ]
	while read -r p; do [ -e "$p" ] || { echo "no $p"; false; }; done <"$BATS_TEST_TMPDIR/read"
	# without -v: silent
	run "$CMACTL" --root "$root" status
	[[ $output != *"cmactl: read"* ]]
}

@test "-v names a --dmesg file" {
	log=$FIXTURES/lab-a-kconfig16M/var/log/dmesg
	run "$CMACTL" -v --root "$FIXTURES/x86-host-no-cma" --dmesg "$log" status
	[[ $output == *"cmactl: read $log"* ]]
}

@test "a mistyped command or long option names the one meant (exit 2)" {
	run "$CMACTL" statsu
	[ "$status" -eq 2 ]
	[[ $output == *"unknown command 'statsu'; did you mean 'status'?"* ]]
	run "$CMACTL" frobnicate
	[ "$status" -eq 2 ]
	[[ $output != *"did you mean"* ]]
	run "$CMACTL" set 64M --via dts --dry-rnu
	[ "$status" -eq 2 ]
	[[ $output == *"unrecognized option '--dry-rnu'; did you mean '--dry-run'?"* ]]
	run "$CMACTL" --jsno status
	[ "$status" -eq 2 ]
	[[ $output == *"did you mean '--json'?"* ]]
	run "$CMACTL" status --dmseg x
	[ "$status" -eq 2 ]
	[[ $output == *"did you mean '--dmesg'?"* ]]
	run "$CLIENT" --hodl 3 1M
	[ "$status" -eq 2 ]
	[[ $output == *"did you mean '--hold'?"* ]]
	# a value that looks like an option is the option's value, not a typo
	run "$CMACTL" --root "$FIXTURES/x86-host-no-cma" --dmesg --dmseg status
	[[ $output != *"did you mean"* ]]
}

@test "bad SIZE on the command line is a usage error (2) in every form" {
	E=$BATS_TEST_TMPDIR/empty
	mkdir -p "$E"
	for s in 0 1.5G abc 10% -1 ""; do
		run "$CMACTL" --root "$E" set "$s" --via dts --dtb /nonexistent.dtb
		[ "$status" -eq 2 ] || { echo "set '$s': $status"; false; }
	done
	run "$CMACTL" --root "$E" set 1536K --via kconfig --file /nonexistent.config
	[ "$status" -eq 2 ]
	[[ $output == *"not a whole number of MiB"* ]]
	run "$CMACTL" stress --size 1.5G
	[ "$status" -eq 2 ]
}

@test "dmaheap-alloc: cmactl's size parser and words; exit 2" {
	run "$CLIENT" 1.5G
	[ "$status" -eq 2 ]
	[ "$output" = "dmaheap-alloc: SIZE '1.5G': fractions are not supported (write 1536M, not 1.5G)" ]
	run "$CLIENT" abc
	[ "$status" -eq 2 ]
	[[ $output == *"'abc': not a size"* ]]
	run "$CLIENT" 10%
	[ "$status" -eq 2 ]
	[[ $output == *"'10%': unknown unit '%'"* ]]
	run "$CLIENT" 0
	[ "$status" -eq 2 ]
	[[ $output == *"'0': must not be 0"* ]]
	# and cmactl says the same of the same text
	run "$CMACTL" stress --size 1.5G
	[[ $output == *"'1.5G': fractions are not supported (write 1536M, not 1.5G)"* ]]
}

@test "errors about a named file name the option" {
	run "$CMACTL" --root "$FIXTURES/x86-host-no-cma" --dmesg "$BATS_TEST_TMPDIR/none.log" status
	[ "$status" -eq 1 ]
	[[ $output == *"--dmesg $BATS_TEST_TMPDIR/none.log: No such file or directory"* ]]
	run "$CMACTL" --root "$FIXTURES/x86-host-no-cma" --dtb "$BATS_TEST_TMPDIR/none.dtb" status
	[ "$status" -eq 1 ]
	[[ $output == *"--dtb $BATS_TEST_TMPDIR/none.dtb: No such file or directory"* ]]
	run "$CMACTL" --root "$FIXTURES/x86-host-no-cma" --config "$BATS_TEST_TMPDIR/none" status
	[[ $output == *"--config $BATS_TEST_TMPDIR/none:"* ]]
	run "$CMACTL" --root "$FIXTURES/x86-host-no-cma" set 64M --via dts --dtb "$BATS_TEST_TMPDIR/none.dtb"
	[ "$status" -eq 1 ]
	[[ $output == *"--dtb $BATS_TEST_TMPDIR/none.dtb: No such file or directory"* ]]
	run "$CMACTL" --root "$FIXTURES/x86-host-no-cma" set 64M --via dts --file "$BATS_TEST_TMPDIR/none.dtb"
	[[ $output == *"--file $BATS_TEST_TMPDIR/none.dtb: No such file"* ]]
}

@test "a .dts given to --dtb says to compile it with dtc; nothing is written" {
	dts=$BATS_TEST_TMPDIR/board.dts
	cp "$FIXTURES/lab-c-dt-size96M/sys/firmware/fdt.dts" "$dts"
	head -c 8 "$dts" | grep -q '/dts-v1/'
	run "$CMACTL" --root "$FIXTURES/x86-host-no-cma" --dtb "$dts" status
	[ "$status" -eq 1 ]
	[[ $output == *"--dtb $dts: device-tree source (.dts), not a blob: compile it first, e.g. dtc -I dts -O dtb"* ]]
	before=$(sum "$dts")
	run "$CMACTL" --root "$FIXTURES/x86-host-no-cma" set 64M --via dts --dtb "$dts"
	[ "$status" -eq 1 ]
	[[ $output == *"compile it first"* ]]
	[ "$(sum "$dts")" = "$before" ]
	[ ! -e "$dts.cmactl-bak" ]
	# the hint is right: dtc compiles it, and the blob is then read
	dtc -q -I dts -O dtb -o "$BATS_TEST_TMPDIR/board.dtb" "$dts"
	run "$CMACTL" --root "$FIXTURES/x86-host-no-cma" --dtb "$BATS_TEST_TMPDIR/board.dtb" status
	[ "$status" -eq 0 ]
}

@test "candidate files are listed as paths from the cwd, ready for --file" {
	R=$BATS_TEST_TMPDIR/r
	mkdir -p "$R/boot/extlinux" "$R/boot/firmware" "$R/proc"
	printf 'DEFAULT l0\nLABEL l0\n  APPEND root=/dev/vda\n' >"$R/boot/extlinux/extlinux.conf"
	printf 'console=ttyAMA0 root=/dev/mmcblk0p2\n' >"$R/boot/firmware/cmdline.txt"
	cd "$BATS_TEST_TMPDIR"
	run "$CMACTL" --root r set 64M --via cmdline --dry-run
	[ "$status" -eq 1 ]
	[[ $output == *"2 boot command-line files found"* ]]
	listed=$(grep '^  ' <<<"$output" | sed 's/^  //')
	[ "$(wc -l <<<"$listed")" -eq 2 ]
	while read -r p; do
		[ -f "$p" ] || { echo "not a path from the cwd: $p"; false; }
		run "$CMACTL" --root r set 64M --via cmdline --dry-run --file "$p"
		[ "$status" -eq 0 ]
	done <<<"$listed"
}

@test "dmaheap-alloc(1): clean under mandoc -Tlint, and it documents every option --help shows" {
	run mandoc -Tlint -W warning "$TOP/man/dmaheap-alloc.1"
	[ "$status" -eq 0 ]
	opts=$("$CLIENT" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u)
	[ -n "$opts" ]
	for o in $opts; do
		grep -q -- "Fl \\\\${o#-}" "$TOP/man/dmaheap-alloc.1" || { echo "missing $o"; false; }
	done
	# and make install puts it in man1 (-n: the rules only, nothing is built)
	make -n -C "$TOP" install-client DESTDIR=/inst PREFIX=/usr |
		grep -q 'man/dmaheap-alloc.1 /inst/usr/share/man/man1/dmaheap-alloc.1'

}

# Every fixture's text report fits 80 columns, and says what the JSON says: each layer's
# reason and each note are all there once the wrapping is undone.
@test "status text fits 80 columns on every fixture; the wrapped reasons are whole" {
	n=0
	for d in "$FIXTURES"/*/; do
		[ -d "$d/proc" ] || continue
		root=$(fixture_root "$(basename "$d")")
		"$CMACTL" --root "$root" status >"$BATS_TEST_TMPDIR/t" 2>/dev/null || true
		"$CMACTL" --root "$root" --json status >"$BATS_TEST_TMPDIR/j" 2>/dev/null || true
		awk -v f="$d" 'length > 80 { print f ": " length ": " $0; bad = 1 } END { exit bad }' \
			"$BATS_TEST_TMPDIR/t"
		joined=$(tr -s ' \n' ' ' <"$BATS_TEST_TMPDIR/t")
		while IFS= read -r want; do
			[ -z "$want" ] && continue
			[[ $joined == *"$want"* ]] || { echo "$d: missing '$want'"; false; }
		done < <(jq -r '(if .cma_enabled then .layers[]? | .reason // empty else empty end), (.notes[]? | if type == "object" then .text else . end)' \
			"$BATS_TEST_TMPDIR/j" | tr -s ' ' ' ')
		n=$((n + 1))
	done
	[ "$n" -ge 10 ]
}

# The recipes pass WITH_LIBARCHIVE so that no library is picked up by chance (-n: the rules
# only, nothing is built; -B: every rule, as a fresh tree would run it).
@test "Makefile: WITH_LIBARCHIVE=0 builds without libarchive, =1 requires it, auto uses it when found" {
	pkg-config --exists libarchive || skip "no libarchive-dev (scripts/deps.sh)"
	# a parent make (check-asan's B=build-asan) must not choose the build directory here
	run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make B=build -n -B -C "$TOP" V=1 WITH_LIBARCHIVE=0 build/src/io/collect.o
	[ "$status" -eq 0 ]
	[[ $output == *"src/io/collect.c"* ]]
	[[ $output != *HAVE_LIBARCHIVE* ]]
	run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make B=build -n -B -C "$TOP" V=1 WITH_LIBARCHIVE=1 build/src/io/collect.o
	[ "$status" -eq 0 ]
	[[ $output == *"-DHAVE_LIBARCHIVE"* ]]
	run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make B=build -n -B -C "$TOP" V=1 build/src/io/collect.o
	[[ $output == *"-DHAVE_LIBARCHIVE"* ]]
	run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make B=build -n -C "$TOP" WITH_LIBARCHIVE=1 PKG_CONFIG=false
	[ "$status" -ne 0 ]
	[[ $output == *"WITH_LIBARCHIVE=1, but false finds no libarchive"* ]]
}
