#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# `cmactl collect`: a bundle of every fixture tree (and of this machine) reads back,
# through --root FILE, to the same status --json, key by key; what is missing is said
# in the manifest; nothing else goes in. Listings come from tar(1), not from cmactl.
load test_helper

setup() {
	[ -n "$(strings "$CMACTL" | grep -m1 archive_write_new)" ] ||
		skip "cmactl built without libarchive (scripts/deps.sh installs libarchive-dev)"
	export TMPDIR=$BATS_TEST_TMPDIR/tmp
	mkdir -p "$TMPDIR"
	cd "$BATS_TEST_TMPDIR"
}

# normalized FILE ROOT: status --json with ROOT's own path (in .sources[].path) made "ROOT"
normalized() {
	jq -S --arg r "$2" 'walk(if type == "string" then (split($r) | join("ROOT")) else . end)' "$1"
}

# status_exit ROOT OUT: status --json of ROOT into OUT; 0 or 3 (partial) are answers.
status_to() {
	local rc=0
	"$CMACTL" --root "$1" --json status >"$2" || rc=$?
	[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ]
}

@test "collect: on every fixture tree, status --json on the bundle equals it on the tree" {
	local d f root n=0
	for d in "$FIXTURES"/*/; do
		[ -d "$d/proc" ] || continue
		f=$(basename "$d")
		root=$(fixture_root "$f")
		run "$CMACTL" --root "$root" collect -o "$f.tar.gz"
		[ "$status" -eq 0 ] || { echo "$f: $output"; return 1; }
		[[ $output == "$f.tar.gz: "*" files, "*" missing, 0 unreadable (listed in cmactl-manifest.txt)" ]]
		status_to "$root" tree.json
		status_to "$f.tar.gz" bundle.json
		diff <(normalized tree.json "$root") <(normalized bundle.json "$f.tar.gz") ||
			{ echo "differs: $f"; return 1; }
		# the DTB blob itself, byte for byte (capture.sh used to turn it into text)
		if [ -f "$root/sys/firmware/fdt" ]; then
			tar -xzOf "$f.tar.gz" sys/firmware/fdt | cmp - "$root/sys/firmware/fdt"
		fi
		n=$((n + 1))
	done
	[ "$n" -ge 15 ]
	run find "$TMPDIR" -mindepth 1
	[ -z "$output" ]
}

@test "collect: the bundle is a --root tree plus the manifest, and every member is in the manifest" {
	local root
	root=$(fixture_root lab-d-dt-size96M-cmdline-cma32M)
	"$CMACTL" --root "$root" collect -o b.tar.gz
	run tar -tzf b.tar.gz
	[ "$status" -eq 0 ]
	[[ $output == *"proc/meminfo"* ]]
	[[ $output == *"sys/kernel/debug/cma/reserved/maxchunk"* ]]
	[[ $output == *"sys/kernel/mm/cma/reserved/alloc_pages_fail"* ]]
	[[ $output == *"var/log/dmesg"* ]]
	local m
	for m in $(tar -tzf b.tar.gz | grep -vx cmactl-manifest.txt); do
		tar -xzOf b.tar.gz cmactl-manifest.txt | grep -q "^read	$m	$(wc -c <"$root/$m") bytes	" ||
			{ echo "not in the manifest with its size: $m"; return 1; }
	done
}

@test "collect: what is missing is in the manifest, with why" {
	local root
	root=$(fixture_root x86-host-no-cma)
	run "$CMACTL" --root "$root" collect -o b.tar.gz
	[ "$status" -eq 0 ]
	run tar -xzOf b.tar.gz cmactl-manifest.txt
	[[ $output == *"missing	sys/firmware/fdt	absent on the source	device tree blob"* ]]
	[[ $output == *"missing	var/log/dmesg	absent on the source	kernel log"* ]]
	[[ $output == *"missing	sys/kernel/debug/cma	absent on the source	CMA debugfs counters"* ]]
}

@test "collect: a source that cannot be read is 'unreadable' in the manifest, exit 3" {
	local root
	root=$(fixture_root lab-a-kconfig16M)
	rm "$root/proc/cmdline"
	mkdir "$root/proc/cmdline"	# read() gives EISDIR, like a file the kernel refuses
	run "$CMACTL" --root "$root" collect -o b.tar.gz
	[ "$status" -eq 3 ]
	[[ $output == *"1 unreadable"* ]]
	run tar -xzOf b.tar.gz cmactl-manifest.txt
	[[ $output == *"unreadable	proc/cmdline	Is a directory	kernel command line (cma=)"* ]]
}

@test "collect: nothing outside the list goes in (no /etc beyond the boot command line)" {
	local root
	root=$(fixture_root lab-b-cmdline-cma32M)
	mkdir -p "$root/etc/default" "$root/root/.ssh" "$root/boot/extlinux"
	echo 'root:$6$secret:19000:0:99999:7:::' >"$root/etc/shadow"
	echo 'secret key' >"$root/root/.ssh/id_ed25519"
	echo 'GRUB_CMDLINE_LINUX="cma=32M"' >"$root/etc/default/grub"
	echo 'append cma=32M' >"$root/boot/extlinux/extlinux.conf"
	"$CMACTL" --root "$root" collect -o b.tar.gz
	run tar -tzf b.tar.gz
	[[ $output == *"etc/default/grub"* ]]
	[[ $output == *"boot/extlinux/extlinux.conf"* ]]
	run bash -c "tar -tzf b.tar.gz | grep -v -e '^proc/' -e '^sys/firmware/fdt$' \
		-e '^sys/kernel/mm/cma/' -e '^sys/kernel/debug/cma/' -e '^var/log/dmesg$' \
		-e '^boot/config-' -e '^usr/lib/modules/[^/]*/config$' -e '^boot/extlinux/extlinux.conf$' -e '^boot/firmware/cmdline.txt$' \
		-e '^boot/cmdline.txt$' -e '^etc/default/grub$' -e '^cmactl-manifest.txt$'"
	[ -z "$output" ]
	run tar -tzf b.tar.gz etc/shadow
	[ "$status" -ne 0 ]
}

@test "collect: a bundle of a bundle reads the same" {
	local root
	root=$(fixture_root lab-f-dt-bootargs-cma48M)
	"$CMACTL" --root "$root" collect -o one.tar.gz
	"$CMACTL" --root one.tar.gz collect -o two.tar.gz
	status_to one.tar.gz one.json
	status_to two.tar.gz two.json
	diff <(normalized one.json one.tar.gz) <(normalized two.json two.tar.gz)
}

@test "collect: this machine's bundle reads back to this machine's status (live, /)" {
	run "$CMACTL" collect -o live.tar.gz
	[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
	status_to / live.json
	status_to live.tar.gz bundle.json
	# the paths differ by design (/proc/... vs live.tar.gz/proc/..., klogctl vs var/log/dmesg)
	diff <(jq -S 'del(.sources[].path)' live.json) <(jq -S 'del(.sources[].path)' bundle.json)
	tar -tzf live.tar.gz | grep -qx proc/meminfo
}

@test "collect: errors name the file and change nothing" {
	run "$CMACTL" --root "$FIXTURES/lab-a-kconfig16M" collect -o "no/such/dir/b.tar.gz"
	[ "$status" -eq 1 ]
	[[ $output == *"no/such/dir/b.tar.gz: No such file or directory"* ]]
	echo keep >target
	ln -s target link.tar.gz
	run "$CMACTL" --root "$FIXTURES/lab-a-kconfig16M" collect -o link.tar.gz
	[ "$status" -eq 1 ]
	[[ $output == *"link.tar.gz is a symbolic link"* ]]
	[ "$(cat target)" = keep ]
	run "$CMACTL" --root "$FIXTURES/lab-a-kconfig16M" --dmesg /dev/null collect
	[ "$status" -eq 2 ]
	[[ $output == *"collect: --dmesg, --dtb, --config and --cmdline do not apply"* ]]
	run "$CMACTL" collect extra
	[ "$status" -eq 2 ]
	run "$CMACTL" --json collect -o never.tar.gz
	[ "$status" -eq 2 ]
	[ ! -e never.tar.gz ]
}

@test "collect: the 6.15+ debugfs layout (ranges/0/, base_pfn and bitmap links into it)" {
	# The layout of ../shared/captures-matrix/lab72-a-kconfig16M/debugfs-cma.txt (Linux
	# 7.2), built on a copy of lab-a: base_pfn moves to ranges/0/ and becomes a link.
	local root d
	root=$(fixture_root lab-a-kconfig16M)
	d=$root/sys/kernel/debug/cma/reserved
	mkdir -p "$d/ranges/0"
	mv "$d/base_pfn" "$d/ranges/0/base_pfn"
	printf '0\n' >"$d/ranges/0/bitmap"
	ln -s ranges/0/base_pfn "$d/base_pfn"
	ln -s ranges/0/bitmap "$d/bitmap"
	run "$CMACTL" --root "$root" collect -o b.tar.gz
	[ "$status" -eq 0 ]
	run tar -tvzf b.tar.gz
	[[ $output == *" sys/kernel/debug/cma/reserved/ranges/0/base_pfn"* ]]
	# the link is read through into a plain file, as status reads it
	[[ $output == *"-rw-r--r-- "*" sys/kernel/debug/cma/reserved/base_pfn"* ]]
	[[ $output != *bitmap* ]]
	[ "$(tar -xzOf b.tar.gz sys/kernel/debug/cma/reserved/base_pfn)" = "$(cat "$d/ranges/0/base_pfn")" ]
	status_to "$root" tree.json
	status_to b.tar.gz bundle.json
	diff <(normalized tree.json "$root") <(normalized bundle.json b.tar.gz)
}

# reorder ROOT DIR A B: recreate ROOT/DIR/A and ROOT/DIR/B in that order (tmpfs lists a
# directory newest first, so the creation order is the readdir order there).
reorder() {
	local d=$1/$2
	mv "$d" "$d.orig"
	mkdir "$d"
	cp -r "$d.orig/$3" "$d/$3"
	cp -r "$d.orig/$4" "$d/$4"
	rm -rf "$d.orig"
}

@test "collect: areas in the same order whatever the directory order (a live system and its bundle)" {
	# The lab's collect boot: sysfs listed `reserved, mycma`, the bundle unpacked on the
	# host `mycma, reserved`, and status differed. On tmpfs the creation order decides.
	[ -d /dev/shm ] && [ -w /dev/shm ] || skip "no writable /dev/shm (tmpfs)"
	local shm src one two
	shm=$(mktemp -d /dev/shm/cmactl-bats.XXXXXX)
	src=$(fixture_root lab72-o-dt-default96M-plus-mycma32M)
	for one in ab ba; do
		cp -r "$src" "$shm/$one"
		for two in sys/kernel/mm/cma sys/kernel/debug/cma; do
			if [ "$one" = ab ]; then reorder "$shm/$one" "$two" linux,cma mycma
			else reorder "$shm/$one" "$two" mycma linux,cma; fi
		done
	done
	# the two trees really are listed in opposite orders (ls -U: directory order)
	run ls -U "$shm/ab/sys/kernel/mm/cma"
	local ab=$output
	run ls -U "$shm/ba/sys/kernel/mm/cma"
	[ "$ab" != "$output" ]
	"$CMACTL" --root "$shm/ab" --json status >ab.json
	"$CMACTL" --root "$shm/ba" --json status >ba.json
	rm -rf "$shm"
	# name order (C collation), from ls and sort, not from cmactl
	local want
	want=$(ls "$src/sys/kernel/mm/cma" | LC_ALL=C sort | paste -sd,)
	[ "$want" = "linux,cma,mycma" ]
	run jq -r '[.areas[].name] | join(",")' ab.json
	[ "$output" = "$want" ]
	run jq -r '[.areas[].name] | join(",")' ba.json
	[ "$output" = "$want" ]
}
