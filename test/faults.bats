#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Fault injection on `cmactl set`'s writes (RELIABILITY.md): a full disk at
# every fill level, a read-only target, each write/fsync/rename/open/fchmod/
# close failing in turn (test/faults/failshim.c, LD_PRELOAD) and SIGKILL at
# random points. After every trial the target is byte-identical to the
# original or to the complete new file, a backup that exists is the
# original, and a failure leaves no temp file. Trial counts go to fd 3.

load test_helper
bats_require_minimum_version 1.5.0

setup_file() {
	local d=$BATS_FILE_TMPDIR
	export SHIM=$d/failshim.so KILLAT=$d/killat BIG=$d/big.dtb
	cc -shared -fPIC -O2 -o "$SHIM" "$TOP/test/faults/failshim.c" -ldl
	cc -O2 -o "$KILLAT" "$TOP/test/faults/killat.c"
	"$TOP/test/faults/bigdts.sh" 6000 > "$d/big.dts"
	dtc -q -I dts -O dtb -o "$BIG" "$d/big.dts"
}

setup() {
	# the shim and the timing make sense only for a real binary, not a wrapper
	head -c 4 "$CMACTL" | grep -q ELF || skip "CMACTL is not an ELF binary (valgrind wrapper?)"
	W=$BATS_TEST_TMPDIR/w
	EMPTY=$BATS_TEST_TMPDIR/root
	mkdir -p "$W" "$EMPTY"
	# an ASan build may run with the shim preloaded ahead of its runtime
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
}

teardown() {
	local m
	[ -z "${NB:-}" ] || rm -rf "$NB"
	for m in "$BATS_TEST_TMPDIR"/mnt*; do
		mountpoint -q "$m" 2>/dev/null && umount "$m"
	done
	return 0
}

# expect_pair ORIG ARGS...: ORIG copied to $W/orig and $W/new; `set ARGS`
# run cleanly on $W/new, so $W/new is the complete new file.
expect_pair() {
	local orig=$1
	shift
	cp "$orig" "$W/orig"
	cp "$orig" "$W/new"
	"$CMACTL" --root "$EMPTY" set "$@" "$W/new" --no-backup >/dev/null 2>&1
	! cmp -s "$W/orig" "$W/new"
}

# check_trial DIR NAME RC: the invariants after one trial on DIR/NAME.
check_trial() {
	local dir=$1 name=$2 rc=$3 t
	if cmp -s "$dir/$name" "$W/orig"; then
		state=orig
	elif cmp -s "$dir/$name" "$W/new"; then
		state=new
	else
		echo "trial ${trial:-?}: $dir/$name is neither the original nor the new file"
		return 1
	fi
	if [ -e "$dir/$name.cmactl-bak" ] && ! cmp -s "$dir/$name.cmactl-bak" "$W/orig"; then
		echo "trial ${trial:-?}: the backup is not the original"
		return 1
	fi
	# the backup is saved before the rename: a new file always has one
	if [ "$state" = new ] && [ "${backup:-yes}" = yes ] && [ ! -e "$dir/$name.cmactl-bak" ]; then
		echo "trial ${trial:-?}: replaced without the promised backup"
		return 1
	fi
	if [ "$rc" != killed ]; then
		# exit codes: 0 done, 1 refused or failed; never a crash
		[ "$rc" -le 3 ] || { echo "trial ${trial:-?}: exit $rc"; return 1; }
		t=$(find "$dir" -maxdepth 1 -name ".$name.cmactl-*" | head -1)
		[ -z "$t" ] || { echo "trial ${trial:-?}: temp file $t left behind"; return 1; }
		if [ "$rc" -eq 0 ] && [ "$state" != new ]; then
			echo "trial ${trial:-?}: exit 0 but the file was not replaced"
			return 1
		fi
	fi
	return 0
}

# mnt_tmpfs SIZE: a tmpfs of SIZE at a fresh mount point, printed; or skip.
mnt_tmpfs() {
	local m=$BATS_TEST_TMPDIR/mnt$RANDOM
	mkdir -p "$m"
	[ "$(id -u)" -eq 0 ] || skip "mounting a tmpfs needs root"
	mount -t tmpfs -o "size=$1" tmpfs "$m" 2>/dev/null || skip "no permission to mount a tmpfs here"
	echo "$m"
}

@test "faults: disk full at every fill level of a 64k tmpfs (dts and cmdline)" {
	local m free trials=0 failed=0 done_=0 f kind
	for kind in dts cmdline; do
		if [ "$kind" = dts ]; then
			f=$BATS_TEST_TMPDIR/small.dtb
			cp "$FIXTURES/lab-c-dt-size96M/sys/firmware/fdt.dts" "$BATS_TEST_TMPDIR/small.dts"
			dtc -q -I dts -O dtb -o "$f" "$BATS_TEST_TMPDIR/small.dts"
			args=(64M --via dts --dtb)
		else
			f=$FIXTURES/set/extlinux.conf
			args=(64M --via cmdline --file)
		fi
		expect_pair "$f" "${args[@]}"
		m=$(mnt_tmpfs 64k)
		for free in 0 1 2 3 4 5 6 8; do	# free 4 KiB pages left
			rm -rf "${m:?}"/*
			rm -f "$m"/.t*
			cp "$W/orig" "$m/t"
			dd if=/dev/zero of="$m/fill" bs=4k 2>/dev/null || true
			[ "$free" -eq 0 ] || truncate -s "-$((free * 4096))" "$m/fill"
			trial=$kind-free$free
			run "$CMACTL" --root "$EMPTY" set "${args[@]}" "$m/t"
			check_trial "$m" t "$status"
			trials=$((trials + 1))
			if [ "$status" -eq 0 ]; then done_=$((done_ + 1)); else
				failed=$((failed + 1))
				[[ $output == *"No space left on device (nothing changed)"* ]] ||
					{ echo "$trial: $output"; return 1; }
			fi
		done
		umount "$m"
	done
	echo "# disk full: $trials trials, $failed refused with ENOSPC, $done_ written" >&3
	[ "$failed" -gt 0 ] && [ "$done_" -gt 0 ]
}

@test "faults: read-only filesystem and read-only directory: refused, original intact" {
	local m
	expect_pair "$FIXTURES/set/extlinux.conf" 64M --via cmdline --file
	m=$(mnt_tmpfs 1M)
	cp "$W/orig" "$m/t"
	mount -o remount,ro "$m"
	run "$CMACTL" --root "$EMPTY" set 64M --via cmdline --file "$m/t"
	[ "$status" -eq 1 ]
	[[ $output == *"$m/t: cannot write the new file: Read-only file system (nothing changed)"* ]]
	check_trial "$m" t "$status"
	command -v setpriv >/dev/null || skip "no setpriv for the permission case"
	local d
	d=$(mktemp -d /tmp/cmactl-ro.XXXXXX)
	cp "$W/orig" "$d/t"
	mkdir -p "$d/root"
	chmod 755 "$d" && chmod 644 "$d/t"
	chmod 555 "$d"
	run setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$CMACTL" --root "$d/root" set 64M --via cmdline --file "$d/t"
	chmod 755 "$d"
	check_trial "$d" t "$status"
	rm -rf "$d"
	[ "$status" -eq 1 ]
	[[ $output == *"$d/t: cannot write the new file: Permission denied (nothing changed)"* ]]
}

# shim_sweep FILE ARGS...: every call of every family failing in turn.
shim_sweep() {
	local fam n total fired log=$BATS_TEST_TMPDIR/shim.log extra
	for fam in write write-short fsync rename open fchmod close; do
		rm -f "$log"
		cp "$W/orig" "$W/t"
		FAILSHIM_LOG=$log LD_PRELOAD=$SHIM "$CMACTL" --root "$EMPTY" set "$@" "$W/t" \
			>/dev/null 2>&1
		total=$(awk -v f="${fam%-short}" '$1 == f { print $2 }' "$log")
		for ((n = 1; n <= total; n++)); do
			cp "$W/orig" "$W/t"
			rm -f "$W/t.cmactl-bak" "$log"
			extra=()
			[ "$fam" = write-short ] && extra=(FAILSHIM_SHORT=1)
			trial="$fam#$n"
			run env FAILSHIM_CALL="${fam%-short}" FAILSHIM_N=$n FAILSHIM_LOG="$log" \
				"${extra[@]}" LD_PRELOAD="$SHIM" "$CMACTL" --root "$EMPTY" set "$@" "$W/t"
			check_trial "$W" t "$status"
			fired=$(awk -v f="${fam%-short}" '$1 == f { print $3 }' "$log")
			shim_trials=$((shim_trials + 1))
			[ "$fired" = 1 ] && shim_fired=$((shim_fired + 1))
			[ "$status" -ne 0 ] && shim_refused=$((shim_refused + 1))
			[ "$state" = new ] && shim_new=$((shim_new + 1))
		done
	done
}

@test "faults: each write, fsync, rename, open, fchmod and close failing in turn (LD_PRELOAD)" {
	shim_trials=0 shim_fired=0 shim_refused=0 shim_new=0
	dtc -q -I dts -O dtb -o "$W/small.dtb" "$FIXTURES/lab-c-dt-size96M/sys/firmware/fdt.dts"
	expect_pair "$W/small.dtb" 32M --via dts --dtb
	shim_sweep 32M --via dts --dtb
	expect_pair "$FIXTURES/set/extlinux.conf" 64M --via cmdline --file
	shim_sweep 64M --via cmdline --file
	cp "$FIXTURES/x86-host-no-cma/proc/config.gz" "$W/c.gz"
	zcat "$W/c.gz" > "$W/config"
	expect_pair "$W/config" 64M --via kconfig --file
	shim_sweep 64M --via kconfig --file
	echo "# shim: $shim_trials trials, $shim_fired failures injected, $shim_refused refused, $shim_new completed" >&3
	[ "$shim_trials" -gt 50 ] && [ "$shim_refused" -gt 0 ]
}

@test "faults: 250 SIGKILLs at random points of set on a 1.1 MiB DTB" {
	local t0 t1 span i d r orig=0 new=0 temps=0
	expect_pair "$BIG" 32M --via dts --dtb
	# the kill delays cover one uninterrupted run (most of it is fsync)
	cp "$W/orig" "$W/t"
	t0=$(date +%s%N)
	"$CMACTL" --root "$EMPTY" set 32M --via dts --dtb "$W/t" >/dev/null 2>&1
	t1=$(date +%s%N)
	span=$(( (t1 - t0) / 1000 * 5 / 4 ))
	[ "$span" -ge 5000 ] || span=5000
	for ((i = 1; i <= 250; i++)); do
		cp "$W/orig" "$W/t"
		rm -f "$W/t.cmactl-bak" "$W"/.t.cmactl-*
		d=$(( (RANDOM * 32768 + RANDOM) % span ))
		r=$("$KILLAT" "$d" "$CMACTL" --root "$EMPTY" set 32M --via dts --dtb "$W/t" 2>/dev/null | tail -1)
		trial="kill#$i@${d}us"
		case $r in
		killed) check_trial "$W" t killed ;;
		"exit "*) check_trial "$W" t "${r#exit }" ;;
		*) echo "$trial: $r"; return 1 ;;
		esac
		[ "$state" = orig ] && orig=$((orig + 1)) || new=$((new + 1))
		ls -A "$W" | grep -q '^\.t\.cmactl-' && temps=$((temps + 1))
	done
	echo "# SIGKILL: 250 trials over 0-$((span / 1000)) ms: $orig original, $new new, $temps left a temp file" >&3
	[ "$orig" -gt 0 ] && [ "$new" -gt 0 ]
}

# A directory listing that fails (readdir() NULL with errno set, made by the shim's
# FAILSHIM_READDIR) is reported and its facts are unknown, never read as an empty
# or short directory. k72-p: a 7.2 capture with sysfs counters and no debugfs.

# readdir_fail SUFFIX [AFTER] CMD...: run CMD with readdir() failing (EIO) on the
# directory whose path ends in SUFFIX, after AFTER entries.
readdir_fail() {
	local suffix=$1 after=$2
	shift 2
	run --separate-stderr env FAILSHIM_READDIR="$suffix" FAILSHIM_READDIR_AFTER="$after" \
		LD_PRELOAD="$SHIM" "$@"
}

@test "faults: status on a root whose sys/kernel/mm/cma cannot be listed: said, counters unknown, exit 3" {
	local root n
	root=$(fixture_root k72-p-numa2-default)
	n=$(find "$root/sys/kernel/mm/cma" -mindepth 1 -maxdepth 1 -type d | wc -l)
	[ "$n" -eq 3 ]
	# without the fault: every area's sysfs counters, exit 0
	run --separate-stderr "$CMACTL" --root "$root" --json status
	[ "$status" -eq 0 ]
	[ "$(jqo .sources.sysfs.state)" = read ]
	[ "$(jqo '[.areas[] | select(.sysfs != null)] | length')" -eq "$n" ]
	# failing at once, and after ".", ".." and one area (a listing cut short)
	for after in 0 3; do
		readdir_fail sys/kernel/mm/cma "$after" "$CMACTL" --root "$root" --json status
		[ "$status" -eq 3 ]
		[[ $stderr == *"cannot list $root/sys/kernel/mm/cma: Input/output error"* ]]
		[ "$(jqo .sources.sysfs.state)" = error ]
		[ "$(jqo .sources.sysfs.error)" = "Input/output error" ]
		[ "$(jqo .sources.sysfs.path)" = "$root/sys/kernel/mm/cma" ]
		[ "$(jqo '[.areas[] | select(.sysfs != null)] | length')" -eq 0 ]
	done
	# the text report: no area's sysfs page counts
	readdir_fail sys/kernel/mm/cma 0 "$CMACTL" --root "$root" status
	[ "$status" -eq 3 ]
	run grep -E '^  (numa0|numa1|reserved) .* [0-9]+/[0-9]+ ' <<<"$output"
	[ "$status" -eq 1 ]
}

@test "faults: status when one area's sysfs directory cannot be listed: that area's counters unknown" {
	local root
	root=$(fixture_root k72-p-numa2-default)
	readdir_fail sys/kernel/mm/cma/numa1 0 "$CMACTL" --root "$root" --json status
	[ "$status" -eq 3 ]
	[[ $stderr == *"cannot list $root/sys/kernel/mm/cma/numa1: Input/output error"* ]]
	[ "$(jqo .sources.sysfs.state)" = error ]
	[ "$(jqo .sources.sysfs.path)" = "$root/sys/kernel/mm/cma/numa1" ]
	[ "$(jqo '.areas[] | select(.name == "numa1") | .sysfs')" = null ]
	# the areas that were listed keep the kernel's own counters
	[ "$(jqo '.areas[] | select(.name == "numa0") | .sysfs.total_pages')" = \
		"$(cat "$root/sys/kernel/mm/cma/numa0/total_pages")" ]
	[ "$(jqo '.areas[] | select(.name == "reserved") | .sysfs.alloc_pages_success')" = \
		"$(cat "$root/sys/kernel/mm/cma/reserved/alloc_pages_success")" ]
}

@test "faults: collect when sys/kernel/mm/cma cannot be listed: bundle made, error in its manifest, exit 3" {
	local root n
	root=$(fixture_root k72-p-numa2-default)
	readdir_fail sys/kernel/mm/cma 0 "$CMACTL" --root "$root" collect -o "$W/b.tar.gz"
	[ "$status" -eq 3 ]
	[[ $output == *" 1 unreadable "* ]]
	run tar -xzOf "$W/b.tar.gz" cmactl-manifest.txt
	[ "$status" -eq 0 ]
	[[ $output == *"unreadable	sys/kernel/mm/cma	Input/output error	"* ]]
	[[ $output == *"read	proc/meminfo	$(wc -c <"$root/proc/meminfo") bytes	"* ]]
	# cut short after ".", ".." and one area: what was read stays, the directory is an error
	readdir_fail sys/kernel/mm/cma 3 "$CMACTL" --root "$root" collect -o "$W/c.tar.gz"
	[ "$status" -eq 3 ]
	run tar -xzOf "$W/c.tar.gz" cmactl-manifest.txt
	[[ $output == *"unreadable	sys/kernel/mm/cma	Input/output error	"* ]]
	# (readdir order is the filesystem's: the three entries hold one area or more)
	n=$(grep -c '^read	sys/kernel/mm/cma/' <<<"$output")
	[ "$n" -ge 5 ] && [ $((n % 5)) -eq 0 ]
}

@test "faults: status on a bundle whose board could not list sys/kernel/mm/cma: unknown there, unknown here, exit 3" {
	local root after
	root=$(fixture_root k72-p-numa2-default)
	for after in 0 3; do
		readdir_fail sys/kernel/mm/cma "$after" "$CMACTL" --root "$root" collect -o "$W/b$after.tar.gz"
		[ "$status" -eq 3 ]
		run --separate-stderr "$CMACTL" --root "$W/b$after.tar.gz" --json status
		[ "$status" -eq 3 ]
		[ "$stderr" = "cmactl: warning: cannot read $W/b$after.tar.gz/sys/kernel/mm/cma (when the bundle was made): Input/output error" ]
		[ "$(jqo .sources.sysfs.state)" = error ]
		[ "$(jqo .sources.sysfs.error)" = "Input/output error" ]
		# cut short after an area: the members that went in are no list of the areas
		[ "$(jqo '[.areas[] | select(.sysfs != null)] | length')" -eq 0 ]
	done
	# the same areas as on the board under the fault (sizes from the log and debugfs)
	readdir_fail sys/kernel/mm/cma 3 "$CMACTL" --root "$root" --json status
	jq -S '[.areas[] | {name, size_bytes, sysfs}]' <<<"$output" >"$W/board.json"
	run --separate-stderr "$CMACTL" --root "$W/b3.tar.gz" --json status
	diff "$W/board.json" <(jq -S '[.areas[] | {name, size_bytes, sysfs}]' <<<"$output")
}

@test "faults: status on a bundle collected without root (dmesg_restrict): the kernel log unknown, not absent" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to run collect as another user"
	[ "$(cat /proc/sys/kernel/dmesg_restrict 2>/dev/null)" = 1 ] ||
		skip "kernel.dmesg_restrict is not 1: another user can read the log here"
	# a directory the other user can reach (the test's own is root's alone); teardown removes it
	NB=$(mktemp -d "${TMPDIR:-/tmp}/cmactl-nb.XXXXXX")
	chmod 0777 "$NB"
	run bash -c "cd '$NB' && setpriv --reuid=65534 --regid=65534 --clear-groups \
		'$CMACTL' collect -o '$NB/b.tar.gz'"
	[ "$status" -eq 3 ]
	run tar -xzOf "$NB/b.tar.gz" cmactl-manifest.txt
	[[ $output == *"unreadable	var/log/dmesg	Operation not permitted	"* ]]
	run --separate-stderr "$CMACTL" --root "$NB/b.tar.gz" --json status
	[ "$status" -eq 3 ]
	[[ $stderr == *"cannot read $NB/b.tar.gz/var/log/dmesg (when the bundle was made): Operation not permitted"* ]]
	[ "$(jqo .sources.kernel_log.state)" = error ]
	[ "$(jqo .sources.kernel_log.error)" = "Operation not permitted" ]
}

@test "faults: stress when dev/dma_heap cannot be listed: heaps unknown, not 'does not exist'" {
	local root
	root=$(fixture_root lab-a-kconfig16M)
	cp -r "$FIXTURES/stress/dev-heaps/." "$root"
	[ -d "$root/dev/dma_heap" ]
	readdir_fail dev/dma_heap 0 "$CMACTL" --root "$root" stress
	[ "$status" -eq 5 ]
	# gather's warning (as for every source), then stress's own verdict
	[ "${stderr_lines[0]}" = "cmactl: warning: cannot list $root/dev/dma_heap: Input/output error" ]
	[ "${stderr_lines[1]}" = "cmactl: error: stress: heaps unknown: cannot list $root/dev/dma_heap: Input/output error" ]
	[[ $stderr != *"no dma-buf heaps"* ]]
	[[ $stderr != *"device nodes"* ]]
}

@test "faults: set --via dts when a boot/dtbs directory cannot be listed: refused, asks for --dtb, nothing written" {
	local root dtb
	root=$(fixture_root lab-c-dt-size96M)
	dtb=$root/boot/dtbs/6.1.192/qemu/virt.dtb
	mkdir -p "${dtb%/*}"
	cp "$root/sys/firmware/fdt" "$dtb"
	# without the fault the booted DTB is found there
	run "$CMACTL" --root "$root" set 64M --via dts --dry-run
	[ "$status" -eq 0 ]
	[[ $output == *"--- $dtb"* ]]
	readdir_fail boot/dtbs/6.1.192 0 "$CMACTL" --root "$root" set 64M --via dts
	[ "$status" -eq 1 ]
	[ "$stderr" = "cmactl: error: cannot list $root/boot/dtbs/6.1.192: Input/output error; name the DTB with --dtb FILE" ]
	cmp "$root/sys/firmware/fdt" "$dtb"
	[ ! -e "$dtb.cmactl-bak" ]
}

@test "faults: set --via cmdline when etc/default/grub.d cannot be listed: refused, asks for --file" {
	local root
	root=$(fixture_root x86-host-no-cma)
	mkdir -p "$root/etc/default/grub.d"
	printf 'GRUB_CMDLINE_LINUX=""\n' > "$root/etc/default/grub"
	printf 'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX cma=32M"\n' > "$root/etc/default/grub.d/50-cma.cfg"
	cp "$root/etc/default/grub" "$W/grub"
	# without the fault the drop-in, sourced last, is the file edited
	run "$CMACTL" --root "$root" set 64M --via cmdline --dry-run
	[ "$status" -eq 0 ]
	[[ $output == *"editing /etc/default/grub.d/50-cma.cfg"* ]]
	readdir_fail etc/default/grub.d 0 "$CMACTL" --root "$root" set 64M --via cmdline
	[ "$status" -eq 1 ]
	[[ $stderr == *"cannot read /etc/default/grub and the grub.d/*.cfg drop-ins grub-mkconfig sources after it: Input/output error; name the file with --file"* ]]
	cmp "$root/etc/default/grub" "$W/grub"
	grep -qx 'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX cma=32M"' "$root/etc/default/grub.d/50-cma.cfg"
}

@test "faults: status when dev/dma_heap cannot be listed: said, heaps unknown (never none), exit 3" {
	local root after
	root=$(fixture_root lab-a-kconfig16M)
	cp -r "$FIXTURES/stress/dev-heaps/." "$root"
	# without the fault: the nodes the fixture holds, listed, exit 0
	run --separate-stderr "$CMACTL" --root "$root" --json status
	[ "$status" -eq 0 ]
	[ "$(jqo .dma_heap.listed)" = true ]
	[ "$(jqo .dma_heap.error)" = null ]
	[ "$(jqo '[.dma_heap.heaps[] | select(.present) | .name] | join(" ")')" = \
		"$(ls "$root/dev/dma_heap" | sort | tr '\n' ' ' | sed 's/ $//')" ]
	# failing at once, and after "." and ".." and one node (a listing cut short)
	for after in 0 3; do
		readdir_fail dev/dma_heap "$after" "$CMACTL" --root "$root" --json status
		[ "$status" -eq 3 ]
		[ "$stderr" = "cmactl: warning: cannot list $root/dev/dma_heap: Input/output error" ]
		[ "$(jqo .dma_heap.listed)" = false ]
		[ "$(jqo .dma_heap.error)" = "Input/output error" ]
		# each heap's presence and node unknown, none said present or absent
		[ "$(jqo '[.dma_heap.heaps[] | select(.present != null or .node != null)] | length')" -eq 0 ]
		[ "$(jqo '.dma_heap.heaps | length')" -gt 0 ]
	done
	readdir_fail dev/dma_heap 0 "$CMACTL" --root "$root" status
	[ "$status" -eq 3 ]
	[[ $output == *"  /dev/dma_heap: cannot list: Input/output error; the heaps are unknown, the rule expects these:"* ]]
	[[ $output != *"none in /dev/dma_heap"* ]]
	[[ $output != *"could not be listed"* ]]
	run grep -E '^ .[a-z].* (file|chr) [0-7]{4} ' <<<"$output"
	[ "$status" -eq 1 ]
	# a root without dev/dma_heap (no such directory) is no error: exit 0
	rm -r "$root/dev/dma_heap"
	run --separate-stderr "$CMACTL" --root "$root" --json status
	[ "$status" -eq 0 ]
	[ "$(jqo .dma_heap.error)" = null ]
}

@test "faults: set --via cmdline when etc/u-boot-menu/conf.d cannot be listed: refused, asks for --file" {
	local root
	root=$(fixture_root lab-c-dt-size96M)
	mkdir -p "$root/boot/extlinux" "$root/etc/default" "$root/etc/u-boot-menu/conf.d"
	cp "$FIXTURES/set/extlinux-u-boot-update.conf" "$root/boot/extlinux/extlinux.conf"
	cp "$FIXTURES/set/u-boot" "$root/etc/default/u-boot"
	printf 'U_BOOT_PROMPT="1"\n' >"$root/etc/u-boot-menu/conf.d/board.conf"
	# without the fault: no fragment sets U_BOOT_PARAMETERS, /etc/default/u-boot is edited
	run "$CMACTL" --root "$root" set 64M --via cmdline --dry-run
	[ "$status" -eq 0 ]
	[[ $output == *"editing /etc/default/u-boot"* ]]
	# a fragment the listing did not give could set U_BOOT_PARAMETERS: refused
	for after in 0 2; do
		readdir_fail etc/u-boot-menu/conf.d "$after" "$CMACTL" --root "$root" set 64M --via cmdline
		[ "$status" -eq 1 ]
		[ "$stderr" = "cmactl: error: cannot list /etc/u-boot-menu/conf.d: Input/output error: a *.conf there that sets U_BOOT_PARAMETERS would override /etc/default/u-boot; name the file with --file" ]
		cmp "$FIXTURES/set/u-boot" "$root/etc/default/u-boot"
		[ ! -e "$root/etc/default/u-boot.cmactl-bak" ]
	done
}

@test "faults: set's target when usr/lib/modules cannot be listed: warned, the kernel unknown, not the one listed" {
	local b=$BATS_TEST_TMPDIR/board
	mkdir -p "$b/boot/extlinux" "$b/boot/dtbs" "$b/usr/lib/modules/5.4.0-1-arm64"
	dtc -q -I dts -O dtb -o "$b/boot/dtbs/board.dtb" "$FIXTURES/lab-c-dt-size96M/sys/firmware/fdt.dts"
	# a boot entry without a versioned kernel: the modules directory names the release
	sed -e "s|linux /boot/vmlinuz-6.1.0-56-arm64|linux /boot/Image|" \
	    -e "s|fdtdir /usr/lib/linux-image-6.1.0-56-arm64/|fdt /boot/dtbs/board.dtb|" \
	    "$FIXTURES/set/extlinux.conf" >"$b/boot/extlinux/extlinux.conf"
	grep -q "linux /boot/Image" "$b/boot/extlinux/extlinux.conf"
	run --separate-stderr "$CMACTL" --root "$b" set 256M --via cmdline --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[[ $output == *"(the one modules directory: usr/lib/modules/5.4.0-1-arm64)"* ]]
	# cut short, the one directory listed may not be the only one: no pick from it
	readdir_fail usr/lib/modules 0 "$CMACTL" --root "$b" set 256M --via cmdline --dry-run
	unwrap_output
	[ "$status" -eq 0 ]
	[ "$stderr" = "cmactl: warning: cannot list $b/usr/lib/modules: Input/output error" ]
	[[ $output == *"target: the root's kernel unknown"* ]]
	[[ $output != *"one modules directory"* ]]
}

@test "faults: watch when sys/kernel/mm/cma cannot be listed: warned once, not areas gone quietly" {
	local root
	root=$(fixture_root lab-b-cmdline-cma32M)
	mkdir -p "$root/dev"
	: >"$root/dev/kmsg"
	run --separate-stderr timeout 60 "$CMACTL" --root "$root" watch --interval 50ms --duration 300ms
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	readdir_fail sys/kernel/mm/cma 0 timeout 60 "$CMACTL" --root "$root" watch --interval 50ms \
		--duration 300ms
	[ "$status" -eq 0 ]
	# several samples, one warning
	[ "$stderr" = "cmactl: warning: cannot list $root/sys/kernel/mm/cma: Input/output error; samples leave out the areas it did not give" ]
	# debugfs still names the area (the fixture's own directory)
	[[ $output == *"area '$(ls "$root/sys/kernel/debug/cma")'"* ]]
}

@test "faults: collect when dev/dma_heap cannot be listed: an unreadable row, bundle made, exit 3" {
	local root
	root=$(fixture_root lab-a-kconfig16M)
	cp -r "$FIXTURES/stress/dev-heaps/." "$root"
	run "$CMACTL" --root "$root" collect -o "$W/a.tar.gz"
	[ "$status" -eq 0 ]
	[[ $output == *" 0 unreadable "* ]]
	readdir_fail dev/dma_heap 0 "$CMACTL" --root "$root" collect -o "$W/b.tar.gz"
	[ "$status" -eq 3 ]
	[[ $output == *" 1 unreadable "* ]]
	run tar -xzOf "$W/b.tar.gz" cmactl-manifest.txt
	[ "$status" -eq 0 ]
	[[ $output == *"unreadable	dev/dma_heap	Input/output error	"* ]]
	# no node row: the heaps are not said to be none
	run grep -c '^node	' <<<"$output"
	[ "$output" = 0 ]
	# read back elsewhere, the heaps are as unknown as on the board: said, exit 3
	readdir_fail dev/dma_heap 0 "$CMACTL" --root "$root" --json status
	[ "$status" -eq 3 ]
	jq -S .dma_heap <<<"$output" >"$W/board.json"
	run --separate-stderr "$CMACTL" --root "$W/b.tar.gz" --json status
	[ "$status" -eq 3 ]
	[ "$stderr" = "cmactl: warning: cannot list $W/b.tar.gz/dev/dma_heap (when the bundle was made): Input/output error" ]
	[ "$(jqo .dma_heap.error)" = "Input/output error" ]
	diff "$W/board.json" <(jq -S .dma_heap <<<"$output")
	run "$CMACTL" --root "$W/b.tar.gz" status
	[ "$status" -eq 3 ]
	[[ $output == *"  /dev/dma_heap: cannot list: Input/output error; the heaps are unknown"* ]]
	# the bundle made without the fault reads back with its nodes, exit 0
	run "$CMACTL" --root "$W/a.tar.gz" --json status
	[ "$status" -eq 0 ]
	[ "$(jqo '[.dma_heap.heaps[] | select(.present) | .name] | join(" ")')" = \
		"$(ls "$root/dev/dma_heap" | sort | tr '\n' ' ' | sed 's/ $//')" ]
}
