#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# `cmactl collect`: a bundle of every fixture tree (and of this machine) reads back,
# through --root FILE, to the same status --json, key by key; what is missing is said
# in the manifest; nothing else goes in. Listings come from tar(1), not from cmactl.
load test_helper
bats_require_minimum_version 1.5.0

setup_file() {
	NO_LIBARCHIVE=
	! without_libarchive || NO_LIBARCHIVE=1
	export NO_LIBARCHIVE
}

setup() {
	[ -z "$NO_LIBARCHIVE" ] ||
		skip "cmactl built without libarchive (scripts/deps.sh installs libarchive-dev)"
	export TMPDIR=$BATS_TEST_TMPDIR/tmp
	mkdir -p "$TMPDIR"
	cd "$BATS_TEST_TMPDIR"
}

# normalized FILE ROOT: status --json with ROOT's own path (in .sources[].path) made "ROOT"
normalized() {
	jq -S --arg r "$2" 'walk(if type == "string" then (split($r) | join("ROOT")) else . end)' "$1"
}

# status_to ROOT OUT [OPTIONS...]: status --json of ROOT into OUT; 0 or 3 (partial) are answers.
status_to() {
	local rc=0 root=$1 out=$2
	shift 2
	"$CMACTL" --root "$root" "$@" --json status >"$out" || rc=$?
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
	run "$CMACTL" --root "$FIXTURES/lab-a-kconfig16M" --dmesg no-such.log collect -o never.tar.gz
	[ "$status" -eq 1 ]
	[[ $output == *"collect: --dmesg no-such.log: No such file or directory"* ]]
	run "$CMACTL" --root "$FIXTURES/lab-a-kconfig16M" collect --dtb . -o never.tar.gz
	[ "$status" -eq 1 ]
	[[ $output == *"collect: --dtb .: Is a directory"* ]]
	[ ! -e never.tar.gz ]
	run "$CMACTL" --root "$FIXTURES/lab-a-kconfig16M" --kernel-version 6.1 collect -o never.tar.gz
	[ "$status" -eq 2 ]
	[[ $output == *"collect: --kernel-version and --page-size do not apply"* ]]
	run "$CMACTL" --root "$FIXTURES/lab-a-kconfig16M" collect --page-size 16K -o never.tar.gz
	[ "$status" -eq 2 ]
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

# named_opts ROOT: the options that name each file of the tree ROOT that status reads
# (--dtb, --cmdline, --config, --dmesg), for a status over an empty root.
named_opts() {
	local f
	[ -f "$1/sys/firmware/fdt" ] && printf '%s\n' --dtb "$1/sys/firmware/fdt"
	[ -f "$1/proc/cmdline" ] && printf '%s\n' --cmdline "$1/proc/cmdline"
	[ -f "$1/var/log/dmesg" ] && printf '%s\n' --dmesg "$1/var/log/dmesg"
	for f in "$1"/proc/config.gz "$1"/boot/config-* "$1"/usr/lib/modules/*/config; do
		[ -f "$f" ] && { printf '%s\n' --config "$f"; break; }
	done
	return 0
}

@test "collect --dtb/--cmdline/--config/--dmesg: on every fixture and log, the bundle reads as status did with them" {
	local d f root n=0 opts
	mkdir empty
	for d in "$FIXTURES"/*/ "$FIXTURES"/logs/*; do
		case $d in *.md) continue ;; esac
		f=$(basename "$d")
		if [ -d "$d/proc" ]; then
			root=$(fixture_root "$f")
			mapfile -t opts < <(named_opts "$root")
		elif [ -f "$d" ]; then
			opts=(--dmesg "$d")
		else
			continue
		fi
		run "$CMACTL" --root empty "${opts[@]}" collect -o "$f.tar.gz"
		[ "$status" -eq 0 ] || { echo "$f: $output"; return 1; }
		status_to empty named.json "${opts[@]}"
		status_to "$f.tar.gz" bundle.json
		# the paths differ by design (the named files against the bundle's members)
		diff <(jq -S 'del(.sources[].path)' named.json) \
			<(jq -S 'del(.sources[].path)' bundle.json) || { echo "differs: $f"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -ge 25 ]
}

@test "collect: a named file replaces the root's, and the manifest names its option and file" {
	local root other
	root=$(fixture_root lab-d-dt-size96M-cmdline-cma32M)
	other=$(fixture_root lab-c-dt-size96M)
	echo 'console=ttyAMA0 cma=48M' >cmdline
	"$CMACTL" --root "$root" --cmdline cmdline --dtb "$other/sys/firmware/fdt" collect -o b.tar.gz
	[ "$(tar -xzOf b.tar.gz proc/cmdline)" = "console=ttyAMA0 cma=48M" ]
	tar -xzOf b.tar.gz sys/firmware/fdt | cmp - "$other/sys/firmware/fdt"
	run tar -xzOf b.tar.gz cmactl-manifest.txt
	[[ $output == *"read	proc/cmdline	24 bytes	kernel command line (cma=)	--cmdline cmdline"* ]]
	[[ $output == *"read	sys/firmware/fdt	$(wc -c <"$other/sys/firmware/fdt") bytes	"*"	--dtb $other/sys/firmware/fdt"* ]]
	[[ $output == *"read	proc/meminfo	"*" bytes	CmaTotal, CmaFree	root"* ]]
	# the cmdline layer is the named file's cma=48M, not the tree's cma=32M
	grep -q 'cma=32M' "$root/proc/cmdline"
	status_to b.tar.gz bundle.json
	[ "$(jq -r '.layers[] | select(.layer == "cmdline") | .requested_bytes' bundle.json)" -eq \
		$((48 << 20)) ]
}

@test "collect --dtb: the blob is a file, not the booted DT, for status on the bundle too" {
	# lab-f's DT carries bootargs with cma=48M, the cmdline too: only a DTB *file* says the
	# value travels with the DTB (resolve.c, from_bootargs); a booted one never does.
	local root
	mkdir empty
	root=$(fixture_root lab-f-dt-bootargs-cma48M)
	[ "$(fdtget -t s "$root/sys/firmware/fdt" /chosen bootargs | grep -o 'cma=48M')" = cma=48M ]
	"$CMACTL" --root empty --dtb "$root/sys/firmware/fdt" --cmdline "$root/proc/cmdline" \
		collect -o named.tar.gz
	"$CMACTL" --root "$root" collect -o tree.tar.gz
	status_to empty named.json --dtb "$root/sys/firmware/fdt" --cmdline "$root/proc/cmdline"
	status_to named.tar.gz bundle.json
	status_to tree.tar.gz tree.json
	jq -S 'del(.sources[].path)' named.json >a
	jq -S 'del(.sources[].path)' bundle.json >b
	jq -S 'del(.sources[].path)' tree.json >c
	cmp a b
	run ! cmp -s a c
	# and a bundle of that bundle says so still
	"$CMACTL" --root named.tar.gz collect -o again.tar.gz
	status_to again.tar.gz again.json
	jq -S 'del(.sources[].path)' again.json | cmp - a
}

@test "collect --config: a plain .config goes in gzip, as proc/config.gz says; --dmesg - reads stdin" {
	local root
	root=$(fixture_root lab-a-kconfig16M)
	printf 'CONFIG_CMA=y\nCONFIG_DMA_CMA=y\nCONFIG_CMA_SIZE_MBYTES=24\nCONFIG_CMA_SIZE_SEL_MBYTES=y\n' >dot.config
	"$CMACTL" --root "$root" --config dot.config --dmesg - collect -o b.tar.gz \
		<"$FIXTURES/logs/v6.1-reserve-failed.log"
	tar -xzOf b.tar.gz proc/config.gz | gzip -dc | cmp - dot.config
	tar -xzOf b.tar.gz var/log/dmesg | cmp - "$FIXTURES/logs/v6.1-reserve-failed.log"
	run tar -xzOf b.tar.gz cmactl-manifest.txt
	[[ $output == *"	kernel config	--config dot.config"* ]]
	[[ $output == *"	kernel log	--dmesg -"* ]]
	# a gzip .config goes in as it is
	gzip -c dot.config >dot.config.gz
	"$CMACTL" --root "$root" --config dot.config.gz collect -o c.tar.gz
	tar -xzOf c.tar.gz proc/config.gz | cmp - dot.config.gz
}

@test "collect: the DTBs the boot chain loads go in (extlinux FDT, FDTDIR, boot/firmware), others not" {
	local root blob
	root=$(fixture_root lab-c-dt-size96M)
	blob=$root/sys/firmware/fdt
	mkdir -p "$root/boot/extlinux" "$root/boot/dtbs/6.1.0/vendor" "$root/boot/firmware"
	printf 'default l0\nlabel l0\n  kernel /boot/vmlinuz\n  fdt /boot/dtbs/6.1.0/vendor/board.dtb\n' \
		>"$root/boot/extlinux/extlinux.conf"
	cp "$blob" "$root/boot/dtbs/6.1.0/vendor/board.dtb"
	# another board's DTB beside it: its root compatible differs (dtc, not cmactl, says so)
	dtc -q -I dts -O dtb -o "$root/boot/dtbs/6.1.0/vendor/other.dtb" - <<-'EOF'
	/dts-v1/;
	/ { compatible = "vendor,other-board"; model = "Other"; #address-cells = <2>; #size-cells = <2>; };
	EOF
	[ "$(fdtget -t s "$root/boot/dtbs/6.1.0/vendor/other.dtb" / compatible)" != \
	  "$(fdtget -t s "$blob" / compatible)" ]
	"$CMACTL" --root "$root" collect -o b.tar.gz
	tar -xzOf b.tar.gz boot/dtbs/6.1.0/vendor/board.dtb | cmp - "$blob"
	run tar -tzf b.tar.gz boot/dtbs/6.1.0/vendor/other.dtb
	[ "$status" -ne 0 ]
	run tar -xzOf b.tar.gz cmactl-manifest.txt
	[[ $output == *"read	boot/dtbs/6.1.0/vendor/board.dtb	$(wc -c <"$blob") bytes	DTB on disk the boot chain loads for this board	root"* ]]
	# FDTDIR: U-Boot takes vendor/board.dtb from there; the Raspberry Pi firmware's directory
	printf 'default l0\nlabel l0\n  kernel /boot/vmlinuz\n  fdtdir /boot/dtbs/6.1.0/\n' \
		>"$root/boot/extlinux/extlinux.conf"
	"$CMACTL" --root "$root" collect -o c.tar.gz
	tar -xzOf c.tar.gz boot/dtbs/6.1.0/vendor/board.dtb | cmp - "$blob"
	rm -r "$root/boot/extlinux" "$root/boot/dtbs"
	cp "$blob" "$root/boot/firmware/bcm2711-rpi-4-b.dtb"
	"$CMACTL" --root "$root" collect -o d.tar.gz
	tar -xzOf d.tar.gz boot/firmware/bcm2711-rpi-4-b.dtb | cmp - "$blob"
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

@test "collect: /dev/dma_heap nodes travel in the manifest; status on the bundle shows them as on the source" {
	# a tarball holds no device nodes: the lab's 7.2 guest (crw------- root root nodes) and
	# its bundle disagreed on every heap until collect recorded them; here plain files
	# with modes and owners set by chmod/chown stand in, their values read back by stat
	local src root name
	src=$(fixture_root lab72-o-dt-default96M-plus-mycma32M)
	root=$BATS_TEST_TMPDIR/tree
	cp -r "$src" "$root"
	mkdir -p "$root/dev/dma_heap"
	for name in system default_cma_region reserved mycma; do
		: >"$root/dev/dma_heap/$name"
		chmod 0600 "$root/dev/dma_heap/$name"
	done
	chmod 0660 "$root/dev/dma_heap/mycma"
	"$CMACTL" --root "$root" collect -o b.tar.gz
	run tar -xzOf b.tar.gz cmactl-manifest.txt
	for name in system default_cma_region reserved mycma; do
		local want
		want=$(stat -c 'reg %04a %u:%g' "$root/dev/dma_heap/$name")
		[[ $output == *"node	dev/dma_heap/$name	$want	"* ]] || { echo "no row: $name $want"; return 1; }
	done
	# no node was put in the tarball itself
	run tar -tzf b.tar.gz
	[[ $output != *dev/dma_heap* ]]
	status_to "$root" tree.json
	status_to b.tar.gz bundle.json
	diff <(jq -S .dma_heap tree.json) <(jq -S .dma_heap bundle.json)
	# and what the tree says is what stat says (not only equal to each other)
	[ "$(jq -r '.dma_heap.heaps[] | select(.name == "mycma") | .node.mode' bundle.json)" = \
		"$(stat -c %04a "$root/dev/dma_heap/mycma")" ]
	[ "$(jq -r '.dma_heap.heaps[] | select(.name == "system") | .present' bundle.json)" = true ]
	# a source without /dev/dma_heap: a missing row, and no heap present on the bundle
	rm -r "$root/dev"
	"$CMACTL" --root "$root" collect -o c.tar.gz
	run tar -xzOf c.tar.gz cmactl-manifest.txt
	[[ $output == *"missing	dev/dma_heap	absent on the source	"* ]]
	status_to c.tar.gz c.json
	[ "$(jq '[.dma_heap.heaps[] | select(.present)] | length' c.json)" -eq 0 ]
}

# next_boot ROOT: unset --via cmdline --dry-run --json's next-boot verdict and target DT,
# with ROOT's own path made "ROOT"
next_boot() {
	"$CMACTL" --root "$1" --json unset --via cmdline --dry-run >nb.json
	jq -S --arg r "$1" '{next_boot, dt: .target_system.device_tree} |
		walk(if type == "string" then (split($r) | join("ROOT")) else . end)' nb.json
}

@test "collect: extlinux.conf's FDTOVERLAYS go in; the bundle predicts the next boot as the board does" {
	local b=$BATS_TEST_TMPDIR/board o=/boot/dtbs/overlays m want hi lo
	fdtov_board "$b" "$o/other.dtbo $o/cma-256M.dtbo"
	# the size the next boot gets, from dtc's fdtoverlay and fdtget
	fdtoverlay -i "$b/boot/dtbs/board.dtb" -o booted.dtb "$b$o/other.dtbo" "$b$o/cma-256M.dtbo"
	read -r hi lo < <(fdtget -t x booted.dtb /reserved-memory/linux,cma size)
	want=$(( (0x$hi << 32) | 0x$lo ))
	[ "$want" -eq $((256 << 20)) ]
	run "$CMACTL" --root "$b" collect -o b.tar.gz
	[ "$status" -eq 0 ]
	# the label's DTB and overlays, byte for byte, at their paths under the root
	for m in boot/dtbs/board.dtb boot/dtbs/overlays/other.dtbo boot/dtbs/overlays/cma-256M.dtbo; do
		tar -xzOf b.tar.gz "$m" | cmp - "$b/$m"
	done
	run tar -xzOf b.tar.gz cmactl-manifest.txt
	[[ $output == *"read	boot/dtbs/overlays/cma-256M.dtbo	$(wc -c <"$b$o/cma-256M.dtbo") bytes	DT overlay extlinux.conf's default label applies (FDTOVERLAYS)	root"* ]]
	# an overlay the label does not name stays out
	run tar -tzf b.tar.gz boot/dtbs/overlays/broken.dtbo
	[ "$status" -ne 0 ]
	# on another machine: the same verdict, the size fdtoverlay gave; read directly
	# (unset --dry-run --root BUNDLE) and unpacked by tar
	next_boot "$b" >tree.nb
	next_boot b.tar.gz >bundle.nb
	diff tree.nb bundle.nb
	[ "$(jq -r .next_boot.size_bytes bundle.nb)" = "$want" ]
	[ "$(jq -r .dt bundle.nb)" = "ROOT/boot/dtbs/board.dtb with the overlays $o/other.dtbo $o/cma-256M.dtbo (FDTOVERLAYS) applied" ]
	mkdir x
	tar -xzf b.tar.gz -C x
	next_boot "$PWD/x" >x.nb
	diff tree.nb x.nb
	# a bundle is never written: without --dry-run, refused, the bundle unchanged
	cp b.tar.gz b.orig
	run "$CMACTL" --root b.tar.gz unset --via cmdline
	[ "$status" -eq 1 ]
	[ "$output" = "cmactl: error: --root b.tar.gz: a support bundle is read only: add --dry-run to see the change and the next boot it gives" ]
	cmp b.tar.gz b.orig
	run find "$TMPDIR" -mindepth 1
	[ -z "$output" ]
	# and status reads the bundle as it reads the tree
	status_to "$b" tree.json
	status_to b.tar.gz bundle.json
	diff <(normalized tree.json "$b") <(normalized bundle.json b.tar.gz)
}

@test "collect: overlays of a /boot partition (DEVICETREE-OVERLAY /dtbs/...) go in under boot/, as U-Boot finds them" {
	local b=$BATS_TEST_TMPDIR/board
	fdtov_board "$b" "/boot/dtbs/overlays/other.dtbo"
	sed -i -e 's|fdt /boot/dtbs/board.dtb|fdt /dtbs/board.dtb|' \
	       -e 's|fdtoverlays /boot/dtbs/overlays/other.dtbo|DEVICETREE-OVERLAY /dtbs/overlays/cma-256M.dtbo|' \
		"$b/boot/extlinux/extlinux.conf"
	grep -q "DEVICETREE-OVERLAY /dtbs/overlays/cma-256M.dtbo" "$b/boot/extlinux/extlinux.conf"
	run "$CMACTL" --root "$b" collect -o b.tar.gz
	[ "$status" -eq 0 ]
	tar -xzOf b.tar.gz boot/dtbs/overlays/cma-256M.dtbo | cmp - "$b/boot/dtbs/overlays/cma-256M.dtbo"
	tar -xzOf b.tar.gz boot/dtbs/board.dtb | cmp - "$b/boot/dtbs/board.dtb"
	run tar -xzOf b.tar.gz cmactl-manifest.txt
	[[ $output == *"(DEVICETREE-OVERLAY)	root"* ]]
	next_boot "$b" >tree.nb
	next_boot b.tar.gz >bundle.nb
	diff tree.nb bundle.nb
	[ "$(jq -r .next_boot.size_bytes bundle.nb)" -eq $((256 << 20)) ]
}

@test "collect: an overlay the label names but the root lacks: in the error list, bundle made, same verdict" {
	local b=$BATS_TEST_TMPDIR/board o=/boot/dtbs/overlays
	fdtov_board "$b" "$o/other.dtbo $o/gone.dtbo"
	[ ! -e "$b$o/gone.dtbo" ]
	run "$CMACTL" --root "$b" collect -o b.tar.gz
	[ "$status" -eq 0 ]
	[[ $output == "b.tar.gz: "*" files, "*" missing, 0 unreadable (listed in cmactl-manifest.txt)" ]]
	run tar -xzOf b.tar.gz cmactl-manifest.txt
	[[ $output == *"missing	boot/dtbs/overlays/gone.dtbo	absent on the source	DT overlay extlinux.conf's default label applies (FDTOVERLAYS)	root"* ]]
	tar -xzOf b.tar.gz boot/dtbs/overlays/other.dtbo | cmp - "$b$o/other.dtbo"
	next_boot "$b" >tree.nb
	next_boot b.tar.gz >bundle.nb
	diff tree.nb bundle.nb
	# neither says a size: the DT is unknown without the overlay, never the base alone
	[ "$(jq -r .next_boot.size_bytes bundle.nb)" = null ]
}

@test "collect: a boot file named twice, or a path the bundle already holds, goes in once (the bundle stays readable)" {
	local b=$BATS_TEST_TMPDIR/board o=/boot/dtbs/overlays
	fdtov_board "$b" "$o/other.dtbo $o/other.dtbo /boot/extlinux/extlinux.conf /proc/meminfo"
	mkdir -p "$b/proc"
	cp "$FIXTURES/lab-c-dt-size96M/proc/meminfo" "$b/proc/meminfo"
	run "$CMACTL" --root "$b" collect -o b.tar.gz
	[ "$status" -eq 0 ]
	run tar -tzf b.tar.gz
	[ "$(grep -cx boot/dtbs/overlays/other.dtbo <<<"$output")" -eq 1 ]
	[ "$(grep -cx boot/extlinux/extlinux.conf <<<"$output")" -eq 1 ]
	[ "$(grep -cx proc/meminfo <<<"$output")" -eq 1 ]
	# read back: status and the next-boot verdict as on the tree
	status_to "$b" tree.json
	status_to b.tar.gz bundle.json
	diff <(normalized tree.json "$b") <(normalized bundle.json b.tar.gz)
	next_boot "$b" >tree.nb
	next_boot b.tar.gz >bundle.nb
	diff tree.nb bundle.nb
}
