#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The bad-input table of RELIABILITY.md, one @test per row (rows already
# covered by badinput.bats and set.bats are named there). Every row checks
# the exact message and exit code; none may crash, hang, or let a control
# character or invalid JSON through.

load test_helper

setup() {
	E=$BATS_TEST_TMPDIR/e
	mkdir -p "$E"
	DTB=$BATS_TEST_TMPDIR/v.dtb
	dtc -q -I dts -O dtb -o "$DTB" "$FIXTURES/lab-c-dt-size96M/sys/firmware/fdt.dts"
	LAB=$FIXTURES/lab-c-dt-size96M
}

# no_ctl: $output holds no raw control character but newline and tab.
no_ctl() {
	! LC_ALL=C grep -q '[[:cntrl:]]' <<<"${output//$'\t'/ }"
}

# utf8_ok FILE: FILE is valid UTF-8 (iconv fails on anything else).
utf8_ok() {
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1
}

# hostile_dtb OUT: a DTB whose model, compatible, bootargs and a pool's node
# name hold escape sequences, BEL, and bytes that are not UTF-8.
hostile_dtb() {
	cat >"$BATS_TEST_TMPDIR/h.dts" <<-'EOF'
	/dts-v1/;
	/ {
		#address-cells = <2>;
		#size-cells = <2>;
		model = "evil\x1b[31mred\x07\xff\xfe\xc3(board\"q\\";
		compatible = "ev\x01il,\xffboard";
		memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x40000000>; };
		chosen { bootargs = "console=ttyS0 cma=\x1b[2J64M\xff"; };
		reserved-memory {
			#address-cells = <2>;
			#size-cells = <2>;
			ranges;
			pool {
				compatible = "shared-dma-pool";
				reusable;
				size = <0 0x4000000>;
				linux,cma-default;
			};
		};
	};
	EOF
	dtc -q -I dts -O dtb -o "$1" "$BATS_TEST_TMPDIR/h.dts"
	local n=$'/reserved-memory/na\x1b]0;pwn\x07me\xff\xfe'
	fdtput -c "$1" "$n"
	fdtput -t x "$1" "$n" size 0 0x1000000
	fdtput -t s "$1" "$n" compatible shared-dma-pool
	fdtput -t s "$1" "$n" reusable ""
}

# ---- status: files given by option ----

@test "table: --dtb empty file" {
	: >"$E/empty"
	run "$CMACTL" --root "$E" --dtb "$E/empty" status
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --dtb $E/empty: not a device tree blob (shorter than its header): FDT_ERR_TRUNCATED" ]
}

@test "table: --dtb a directory" {
	run "$CMACTL" --root "$E" --dtb "$E" status
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --dtb $E: Is a directory" ]
}

@test "table: --dtb /dev/zero (endless) and a 3 GiB sparse file: refused, no hang" {
	run timeout 20 "$CMACTL" --root "$E" --dtb /dev/zero status
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --dtb /dev/zero: File too large" ]
	truncate -s 3G "$E/huge.dtb"
	run timeout 20 "$CMACTL" --root "$E" --dtb "$E/huge.dtb" status
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --dtb $E/huge.dtb: File too large" ]
}

@test "table: --dtb through a pipe (process substitution) is read" {
	run "$CMACTL" --root "$LAB" --json --dtb <(cat "$DTB") status
	[ "$status" -eq 0 ]
	[ "$(jqo .effective.size_bytes)" -eq $((96 << 20)) ]
}

@test "table: --dtb unreadable (non-root user)" {
	command -v setpriv >/dev/null || skip "no setpriv"
	[ "$(id -u)" -eq 0 ] || skip "needs root to switch user"
	nobody_can_run || skip "user 65534 cannot run $CMACTL (checkout in a private folder)"
	local d
	d=$(mktemp -d /tmp/cmactl-tbl.XXXXXX)
	cp "$DTB" "$d/x.dtb" && chmod 600 "$d/x.dtb" && mkdir "$d/e" && chmod -R a+rX "$d"
	chmod 600 "$d/x.dtb"
	run setpriv --reuid=65534 --regid=65534 --clear-groups "$CMACTL" --root "$d/e" --dtb "$d/x.dtb" status
	rm -rf "$d"
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --dtb $d/x.dtb: Permission denied" ]
}

@test "table: --cmdline empty, a directory, endless, 20 MB" {
	: >"$E/empty"
	run "$CMACTL" --root "$E" --json --cmdline "$E/empty" status
	[ "$status" -eq 0 ]
	[ "$(jqo '.layers[] | select(.layer == "cmdline") | .state')" = absent ]
	run "$CMACTL" --root "$E" --cmdline "$E" status
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --cmdline $E: Is a directory" ]
	run timeout 20 "$CMACTL" --root "$E" --cmdline /dev/zero status
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --cmdline /dev/zero: File too large" ]
	head -c 20000000 /dev/zero | tr '\0' x >"$E/big"
	run "$CMACTL" --root "$E" --cmdline "$E/big" status
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --cmdline $E/big: File too large" ]
}

@test "table: --cmdline with a carriage return between arguments (fuzz-plan finding)" {
	printf 'console=ttyS0\rcma=64M\n' >"$E/cl"
	run "$CMACTL" --root "$E" --json --cmdline "$E/cl" status
	[ "$status" -eq 0 ]
	[ "$(jqo '.layers[] | select(.layer == "cmdline") | .requested_bytes')" -eq $((64 << 20)) ]
}

@test "table: --config empty and endless" {
	: >"$E/empty"
	run "$CMACTL" --root "$E" --config "$E/empty" status
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "CMA: not available: CONFIG_CMA is not set" ]
	run timeout 20 "$CMACTL" --root "$E" --config /dev/zero status
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --config /dev/zero: File too large" ]
}

@test "table: --dmesg empty; a 20 MB line and 200,000 failure lines are streamed" {
	: >"$E/empty"
	run "$CMACTL" --root "$E" --dmesg "$E/empty" status
	[ "$status" -eq 0 ]
	{ head -c 20000000 /dev/zero | tr '\0' x; echo; } >"$E/long"
	run timeout 60 "$CMACTL" --root "$E" --json --dmesg "$E/long" status
	[ "$status" -eq 0 ]
	[ "$(jqo .failures_total)" -eq 0 ]
	yes 'cma: cma_alloc: x: alloc failed, req-size: 5 pages, ret: -12' | head -n 200000 >"$E/many"
	run timeout 60 "$CMACTL" --root "$E" --json --dmesg "$E/many" status
	[ "$status" -eq 0 ]
	[ "$(jqo .failures_total)" -eq 200000 ]
}

@test "table: --dmesg area names that are not UTF-8: JSON parses, text escaped" {
	printf 'cma: cma_alloc: \xff\xfe\x1b[1m: alloc failed, req-size: 5 pages, ret: -12\n' >"$E/u.log"
	run "$CMACTL" --root "$E" --dmesg "$E/u.log" status
	[ "$status" -eq 0 ]
	no_ctl
	"$CMACTL" --root "$E" --json --dmesg "$E/u.log" status >"$E/u.json"
	jq -e '.failures[0].pages == 5' "$E/u.json" >/dev/null
}

# ---- status: DT strings ----

@test "table: control characters and invalid UTF-8 in DT strings: JSON parses, text escaped" {
	hostile_dtb "$E/h.dtb"
	run "$CMACTL" --root "$LAB" --dtb "$E/h.dtb" status
	[ "$status" -eq 0 ]
	no_ctl
	[[ $output == *'na\x1b]0;pwn\x07me\xff\xfe'* ]]
	"$CMACTL" --root "$LAB" --json --dtb "$E/h.dtb" status >"$E/h.json"
	jq -e '.areas | length == 3' "$E/h.json" >/dev/null
	jq -e '[.areas[].name] | index("na\u001b]0;pwn\u0007me\ufffd\ufffd") != null' "$E/h.json" >/dev/null
	run "$CMACTL" --json --dtb "$E/h.dtb" --root "$E" status
	[ "$status" -eq 0 ]
	jq -e . <<<"$output" >/dev/null
}

@test "table: JSON from any DT string is valid UTF-8 (RFC 8259)" {
	hostile_dtb "$E/h.dtb"
	"$CMACTL" --root "$LAB" --json --dtb "$E/h.dtb" status >"$E/h.json"
	# RELIABILITY.md F2: invalid UTF-8 used to reach the JSON; jq accepts it,
	# strict parsers (Python, serde_json) do not. json_utf8_string() replaces it.
	utf8_ok "$E/h.json"
}

@test "table: set --dry-run on a DTB with hostile strings shows no raw control bytes" {
	hostile_dtb "$E/h.dtb"
	run "$CMACTL" --root "$E" set 32M --via bootargs --dtb "$E/h.dtb" --dry-run
	[ "$status" -eq 0 ]
	no_ctl
	[[ $output == *'bootargs = "console=ttyS0 cma=32M";'* ]]
}

# ---- status: trees under --root ----

@test "table: sysfs area names with control characters, hostile attribute values" {
	local r a
	r=$(fixture_root lab-c-dt-size96M)
	a=$r/sys/kernel/mm/cma/$'bad\x1b[31m\xff'
	mkdir -p "$a"
	printf '99999999999999999999999\n' >"$a/alloc_pages_success"
	printf -- '-5\n' >"$a/alloc_pages_fail"
	printf 'abc' >"$r/sys/kernel/mm/cma/reserved/alloc_pages_success" 2>/dev/null || true
	run "$CMACTL" --root "$r" status
	[ "$status" -eq 0 ]
	no_ctl
	run "$CMACTL" --root "$r" --json status
	[ "$status" -eq 0 ]
	jq -e . <<<"$output" >/dev/null
}

@test "table: --root at a dangling symlink" {
	ln -s "$E/nowhere" "$E/link"
	run "$CMACTL" --root "$E/link" status
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --root $E/link: No such file or directory" ]
}

@test "table: an absolute symlink under --root stays inside the root" {
	local r=$BATS_TEST_TMPDIR/r
	mkdir -p "$r/proc"
	printf 'CmaTotal:  1 kB\nCmaFree:  0 kB\n' >"$BATS_TEST_TMPDIR/outside"
	ln -s "$BATS_TEST_TMPDIR/outside" "$r/proc/meminfo"
	run "$CMACTL" --root "$r" --json status
	[ "$status" -eq 0 ]
	# RELIABILITY.md F3: root_openat() used to follow it out to the host's file;
	# RESOLVE_IN_ROOT now resolves it inside the tree, where it points at nothing
	[ "$(jqo .sources.meminfo.state)" = absent ]
}

@test "table: --page-size and --kernel-version hostile values" {
	run "$CMACTL" --root "$E" --page-size=0 status
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "cmactl: --page-size: 0 is not a power of two >= 1K" ]
	run "$CMACTL" --root "$E" --page-size=3 status
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "cmactl: --page-size: 3 is not a power of two >= 1K" ]
	run "$CMACTL" --root "$E" --page-size=-1 status
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "cmactl: --page-size: '-1': a size cannot be negative" ]
	run "$CMACTL" --root "$E" --kernel-version=99999999999.1 status
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "cmactl: --kernel-version '99999999999.1': expected X.Y or X.Y.Z" ]
}

@test "table: read-only commands as a non-root user name what they could not read" {
	command -v setpriv >/dev/null || skip "no setpriv"
	[ "$(id -u)" -eq 0 ] || skip "needs root to switch user"
	nobody_can_run || skip "user 65534 cannot run $CMACTL (checkout in a private folder)"
	local r
	r=$(mktemp -d /tmp/cmactl-priv.XXXXXX)
	cp -r "$FIXTURES/lab-c-dt-size96M/." "$r"
	dtc -q -I dts -O dtb -o "$r/sys/firmware/fdt" "$r/sys/firmware/fdt.dts"
	chmod -R a+rX "$r"
	chmod 700 "$r/sys/kernel/debug"		# debugfs is root-only on a live system
	chmod 400 "$r/sys/firmware/fdt"		# so is /sys/firmware/fdt
	run setpriv --reuid=65534 --regid=65534 --clear-groups "$CMACTL" --root "$r" status
	local st=$status out=$output
	setpriv --reuid=65534 --regid=65534 --clear-groups "$CMACTL" --root "$r" --json status \
		>"$E/p.json" 2>/dev/null && st2=0 || st2=$?
	output=$(<"$E/p.json")
	rm -rf "$r"
	[ "$st" -eq 3 ]
	[[ $out == *"cannot read $r/sys/kernel/debug/cma: Permission denied"* ]]
	[[ $out == *"cannot read $r/sys/firmware/fdt: Permission denied"* ]]
	[[ $out == "CMA: "* ]] || [[ $out == *$'\nCMA: '* ]]
	[ "$st2" -eq 3 ]
	[ "$(jqo .sources.debugfs.state)" = error ]
	[ "$(jqo .sources.debugfs.error)" = "Permission denied" ]
}

# ---- set ----

@test "table: set SIZE hostile values" {
	run "$CMACTL" --root "$E" set 0 --via dts --dtb "$DTB"
	[ "$status" -eq 2 ]
	[ "$output" = "cmactl: error: size 0: a CMA area cannot be empty (to take a layer's setting out, use 'cmactl unset --via dts')" ]
	run "$CMACTL" --root "$E" set abc --via dts --dtb "$DTB"
	[ "$status" -eq 2 ]
	[ "$output" = "cmactl: error: 'abc': not a size (expected e.g. 256M, 0x10000000, 4097p)" ]
	run "$CMACTL" --root "$E" set "" --via dts --dtb "$DTB"
	[ "$status" -eq 2 ]
	[ "$output" = "cmactl: error: empty size" ]
	run "$CMACTL" --root "$E" set 1.5G --via dts --dtb "$DTB"
	[ "$status" -eq 2 ]
	[ "$output" = "cmactl: error: '1.5G': fractions are not supported (write 1536M, not 1.5G)" ]
	run "$CMACTL" --root "$E" set 99999999999999999999M --via dts --dtb "$DTB"
	[ "$status" -eq 2 ]
	[ "$output" = "cmactl: error: '99999999999999999999M': number too large" ]
	run "$CMACTL" --root "$E" set 18446744073709551615 --via dts --dtb "$DTB"
	[ "$status" -eq 2 ]
	[ "$output" = "cmactl: error: 18446744073709551615: size too large" ]
	run "$CMACTL" --root "$E" set 64M --via nope --dtb "$DTB"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "cmactl set: --via nope: expected dts, bootargs, cmdline, kconfig, ubootenv or overlay" ]
}

@test "table: set on a missing, empty, directory, device or huge file" {
	local before
	before=$(cksum <"$DTB")
	run "$CMACTL" --root "$E" set 64M --via dts --dtb "$E/missing.dtb"
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --dtb $E/missing.dtb: No such file or directory" ]
	: >"$E/empty"
	run "$CMACTL" --root "$E" set 64M --via dts --dtb "$E/empty"
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --dtb $E/empty: not a device tree blob (shorter than its header): FDT_ERR_TRUNCATED (nothing written)" ]
	[ ! -s "$E/empty" ]
	mkdir "$E/d"
	run "$CMACTL" --root "$E" set 64M --via dts --dtb "$E/d"
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --dtb $E/d: not a regular file" ]
	run "$CMACTL" --root "$E" set 64M --via cmdline --file /dev/null
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --file /dev/null: not a regular file" ]
	truncate -s 3G "$E/huge.dtb"
	run timeout 20 "$CMACTL" --root "$E" set 64M --via dts --dtb "$E/huge.dtb"
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --dtb $E/huge.dtb: File too large" ]
	run "$CMACTL" --root "$E" set 64M --via dts --dtb "$DTB" -o "$E/nodir/x.dtb"
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: $E/nodir/x.dtb: No such file or directory" ]
	[ "$(cksum <"$DTB")" = "$before" ]
}

@test "table: set --via cmdline on an empty file: not a bootloader file" {
	: >"$E/empty"
	run "$CMACTL" --root "$E" set 64M --via cmdline --file "$E/empty"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "cmactl: error: $E/empty: not an extlinux.conf, cmdline.txt or GRUB defaults file (nothing written)" ]
	[ ! -s "$E/empty" ]
}

@test "table: set after an unbalanced quote on the command line (finding F1)" {
	printf 'console=tty1 root="/dev/sda2 rw\n' >"$E/cmdline.txt"
	run "$CMACTL" --root "$E" set 64M --via cmdline --file "$E/cmdline.txt"
	[ "$status" -eq 0 ]
	# RELIABILITY.md F1: the cma= used to land inside the open quote, where the
	# kernel does not see it; plan.c now closes the quote first
	[ "$(cat "$E/cmdline.txt")" = 'console=tty1 root="/dev/sda2 rw" cma=64M' ]
	run "$CMACTL" --root "$E" --json --cmdline "$E/cmdline.txt" status
	[ "$(jqo '.layers[] | select(.layer == "cmdline") | .requested_bytes')" = $((64 << 20)) ]
}

@test "table: a version 2 DTB that crashed libfdt 1.6.1's fdt_check_full (fuzz-dtedit finding)" {
	local v2=$TOP/fuzz/regress/dt/v2-check-full-segv.dtb
	run "$CMACTL" --root "$E" --dtb "$v2" status
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --dtb $v2: not a device tree blob: FDT_ERR_BADVERSION" ]
	cp "$v2" "$E/v2.dtb"
	run "$CMACTL" --root "$E" set 64M --via dts --dtb "$E/v2.dtb"
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --dtb $E/v2.dtb: not a device tree blob: FDT_ERR_BADVERSION (nothing written)" ]
	cmp -s "$v2" "$E/v2.dtb"
}

@test "table: a DTB whose property length wraps the struct offset (finding F6)" {
	local h=$TOP/fuzz/hangs/check-full-loop.dtb
	run timeout 10 "$CMACTL" --root "$E" --dtb "$h" status
	# RELIABILITY.md F6: libfdt 1.6.1 fdt_check_full() looped forever on it;
	# dt_validate() now walks the structure block first
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --dtb $h: corrupt device tree blob: FDT_ERR_BADSTRUCTURE" ]
	cp "$h" "$E/loop.dtb"
	run timeout 10 "$CMACTL" --root "$E" set 64M --via dts --dtb "$E/loop.dtb"
	[ "$status" -eq 1 ]
	cmp -s "$h" "$E/loop.dtb"
}
