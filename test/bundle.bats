#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# --root FILE: a support bundle read through libarchive. The same answers as the
# tree it was made from; hostile tarballs (made here with Python's tarfile, not
# with cmactl) are refused, with a clear error, and nothing lands outside.
load test_helper

setup_file() {
	NO_LIBARCHIVE=
	! without_libarchive || NO_LIBARCHIVE=1
	export NO_LIBARCHIVE
}

setup() {
	"$CMACTL" --help >/dev/null
	[ -z "$NO_LIBARCHIVE" ] ||
		skip "cmactl built without libarchive (scripts/deps.sh installs libarchive-dev)"
	export TMPDIR=$BATS_TEST_TMPDIR/tmp
	mkdir -p "$TMPDIR"
}

# same_json A B: two status --json outputs equal key by key once each root's own path
# (which status names in .sources[].path) is replaced by ROOT.
same_json() {
	diff <(jq -S --arg r "$3" 'walk(if type == "string" then (split($r) | join("ROOT")) else . end)' "$1") \
		<(jq -S --arg r "$4" 'walk(if type == "string" then (split($r) | join("ROOT")) else . end)' "$2")
}

# hostile NAME KIND: a tarball with one bad member next to a good proc/meminfo.
hostile() {
	/usr/bin/python3 - "$BATS_TEST_TMPDIR/$1.tar.gz" "$2" <<'PY'
import io, sys, tarfile
out, kind = sys.argv[1], sys.argv[2]
def reg(t, name, data=b"x\n"):
    ti = tarfile.TarInfo(name); ti.size = len(data); t.addfile(ti, io.BytesIO(data))
with tarfile.open(out, "w:gz", format=tarfile.PAX_FORMAT) as t:
    reg(t, "proc/meminfo", b"CmaTotal:  16384 kB\nCmaFree:  16000 kB\n")
    if kind == "absolute":
        reg(t, "/tmp/cmactl-escaped")
    elif kind == "dotdot":
        reg(t, "proc/../../cmactl-escaped")
    elif kind == "symlink":
        ti = tarfile.TarInfo("proc/cmdline"); ti.type = tarfile.SYMTYPE; ti.linkname = "/etc/shadow"
        t.addfile(ti)
    elif kind == "symlink-dir":
        ti = tarfile.TarInfo("sys"); ti.type = tarfile.SYMTYPE; ti.linkname = ".."
        t.addfile(ti)
        reg(t, "sys/cmactl-escaped")
    elif kind == "hardlink":
        ti = tarfile.TarInfo("proc/cmdline"); ti.type = tarfile.LNKTYPE; ti.linkname = "proc/meminfo"
        t.addfile(ti)
    elif kind == "device":
        ti = tarfile.TarInfo("dev/mem"); ti.type = tarfile.CHRTYPE; ti.devmajor = 1; ti.devminor = 1
        t.addfile(ti)
    elif kind == "fifo":
        ti = tarfile.TarInfo("proc/fifo"); ti.type = tarfile.FIFOTYPE
        t.addfile(ti)
    elif kind == "huge":
        # 65 MiB of zeros: compresses to ~64 KiB (a zip-bomb-like member)
        class Zeros(io.RawIOBase):
            left = 65 << 20
            def readable(self): return True
            def readinto(self, b):
                n = min(len(b), self.left); b[:n] = bytes(n); self.left -= n; return n
        ti = tarfile.TarInfo("var/log/dmesg"); ti.size = 65 << 20
        t.addfile(ti, io.BufferedReader(Zeros()))
    elif kind == "bomb":
        for i in range(20001):
            reg(t, "sys/f%d" % i, b"")
    elif kind == "twice":
        reg(t, "proc/meminfo", b"CmaTotal: 1 kB\n")
PY
	echo "$BATS_TEST_TMPDIR/$1.tar.gz"
}

@test "bundle: status --json on a tarred fixture equals status --json on the tree, for every fixture" {
	local d f root n=0
	for d in "$FIXTURES"/*/; do
		[ -d "$d/proc" ] || continue
		f=$(basename "$d")
		root=$(fixture_root "$f")
		tar -C "$root" -czf "$BATS_TEST_TMPDIR/$f.tar.gz" .
		"$CMACTL" --root "$root" --json status >"$BATS_TEST_TMPDIR/tree.json" || [ $? -eq 3 ]
		"$CMACTL" --root "$BATS_TEST_TMPDIR/$f.tar.gz" --json status >"$BATS_TEST_TMPDIR/bundle.json" ||
			[ $? -eq 3 ]
		same_json "$BATS_TEST_TMPDIR/tree.json" "$BATS_TEST_TMPDIR/bundle.json" \
			"$root" "$BATS_TEST_TMPDIR/$f.tar.gz" || { echo "differs: $f"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -ge 15 ]
	# every unpacked tree was removed again
	run find "$TMPDIR" -mindepth 1
	[ -z "$output" ]
}

@test "bundle: messages name the bundle, not the directory it was unpacked into" {
	local root
	root=$(fixture_root lab-a-kconfig16M)
	tar -C "$root" -cJf "$BATS_TEST_TMPDIR/b.tar.xz" .
	run "$CMACTL" --root "$BATS_TEST_TMPDIR/b.tar.xz" --json status
	[ "$status" -eq 0 ]
	[ "$(jqo .sources.meminfo.path)" = "$BATS_TEST_TMPDIR/b.tar.xz/proc/meminfo" ]
}

@test "bundle: export reads a bundle too" {
	local root
	root=$(fixture_root lab-b-cmdline-cma32M)
	tar -C "$root" -czf "$BATS_TEST_TMPDIR/b.tar.gz" .
	run "$CMACTL" --root "$BATS_TEST_TMPDIR/b.tar.gz" export
	[ "$status" -eq 0 ]
	[[ $output == *"cmactl_area_size_bytes{area=\"reserved\"} $(($(cat "$root/sys/kernel/debug/cma/reserved/count") * 4096))"* ]]
}

# refused KIND MESSAGE: the bundle is refused with MESSAGE (exit 1), nothing escapes, no tree is left.
refused() {
	local b
	b=$(hostile "$1" "$1")
	rm -f /tmp/cmactl-escaped "$BATS_TEST_TMPDIR/cmactl-escaped" "$TMPDIR/cmactl-escaped"
	run "$CMACTL" --root "$b" status
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"--root $b: member "*"$2"* ]]
	[ ! -e /tmp/cmactl-escaped ]
	[ ! -e "$TMPDIR/cmactl-escaped" ]
	run find "$TMPDIR" -mindepth 1
	[ -z "$output" ]
}

@test "bundle: an absolute member name is refused" {
	refused absolute "'/tmp/cmactl-escaped': absolute path: refused"
}
@test "bundle: '..' in a member name is refused" {
	refused dotdot "'proc/../../cmactl-escaped': '..' in the path: refused"
}
@test "bundle: a symbolic link out is refused" {
	refused symlink "'proc/cmdline': a symbolic link (bundles hold plain files only): refused"
}
@test "bundle: a symlinked directory is refused before anything is written through it" {
	refused symlink-dir "'sys': a symbolic link"
}
@test "bundle: a hard link is refused" {
	refused hardlink "'proc/cmdline': a hard link"
}
@test "bundle: a device node is refused" {
	refused device "'dev/mem': a device, FIFO or socket"
}
@test "bundle: a FIFO is refused" {
	refused fifo "'proc/fifo': a device, FIFO or socket"
}
@test "bundle: a member over 64 MiB is refused" {
	refused huge "'var/log/dmesg': over the size limit"
}
@test "bundle: a member twice is refused" {
	refused twice "'proc/meminfo': appears twice"
}

@test "bundle: more than 20000 members is refused (a tar bomb)" {
	local b
	b=$(hostile bomb bomb)
	run "$CMACTL" --root "$b" status
	[ "$status" -eq 1 ]
	[[ $output == *"--root $b: more than 20000 members: refused"* ]]
	run find "$TMPDIR" -mindepth 1
	[ -z "$output" ]
}

@test "bundle: a truncated bundle is refused with libarchive's reason" {
	local root
	root=$(fixture_root lab-a-kconfig16M)
	tar -C "$root" -czf "$BATS_TEST_TMPDIR/b.tar.gz" .
	head -c 2000 "$BATS_TEST_TMPDIR/b.tar.gz" >"$BATS_TEST_TMPDIR/cut.tar.gz"
	run "$CMACTL" --root "$BATS_TEST_TMPDIR/cut.tar.gz" status
	[ "$status" -eq 1 ]
	[[ $output == *"--root $BATS_TEST_TMPDIR/cut.tar.gz: "* ]]
	run find "$TMPDIR" -mindepth 1
	[ -z "$output" ]
}
