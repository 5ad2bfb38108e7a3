# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the Bats suites. CMACTL may point at another build (e.g. the ASan one).

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
CMACTL=${CMACTL:-$TOP/cmactl}
FIXTURES=$TOP/fixtures

# fixture_root NAME: a private copy of fixtures/NAME with its DTS compiled by dtc
# into sys/firmware/fdt, as the kernel exposes it. Prints the copy's path.
fixture_root() {
	local dst=$BATS_TEST_TMPDIR/root-$1
	rm -rf "$dst"
	cp -r "$FIXTURES/$1/." "$dst"
	if [ -f "$dst/sys/firmware/fdt.dts" ]; then
		dtc -q -I dts -O dtb -o "$dst/sys/firmware/fdt" "$dst/sys/firmware/fdt.dts"
	fi
	echo "$dst"
}

# meminfo_kb ROOT KEY: a /proc/meminfo value read with awk, independently of cmactl.
meminfo_kb() {
	awk -v k="$2:" '$1 == k { print $2 }' "$1/proc/meminfo"
}

# status_json ROOT [ARGS...]: run `cmactl --root ROOT --json status ARGS` into $output.
status_json() {
	local root=$1
	shift
	run "$CMACTL" --root "$root" --json status "$@"
}

# jqo FILTER: apply a jq filter to $output.
jqo() {
	jq -r "$1" <<<"$output"
}

# nobody_can_run: true when user 65534 can run $CMACTL. A checkout under a
# private (0700) folder, or a valgrind wrapper logging into it, is out of its
# reach; the unprivileged-user tests then skip, saying why.
nobody_can_run() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$CMACTL" --version >/dev/null 2>&1
}

# corpus_missing WHY: the Debian board DTB corpus (test/dtbs/fetch.sh) is not there. The
# README's test command runs without it, so the test is skipped and says how to get it; under
# `make check-corpus` (CMACTL_REQUIRE_CORPUS=1, after the fetch) a missing corpus fails instead.
corpus_missing() {
	if [ "${CMACTL_REQUIRE_CORPUS:-0}" = 1 ]; then
		echo "# $1, but CMACTL_REQUIRE_CORPUS=1" >&2
		return 1
	fi
	skip "$1 (the DTB corpus: make check-corpus fetches it and runs these tests)"
}

# unwrap_output: undo the 80-column wrapping of a report in $output and $lines: a line that
# starts with spaces continues the one before it, one space between (report/wrap.c breaks
# lines at single spaces). For matching a whole sentence; table lines join too.
unwrap_output() {
	output=$(sed -e ':a' -e 'N' -e '$!ba' -e 's/\n  */ /g' <<<"$output")
	mapfile -t lines <<<"$output"
}

# fdtov_board ROOT [OVERLAYS...]: a root as an SD card holds it, for fixtures/fdtoverlays (see
# its README): the capture lab-c's DTB (dtc -@) at boot/dtbs/board.dtb, the overlays compiled
# into boot/dtbs/overlays/, fixtures/set's extlinux.conf (its cma= taken out, so the DT node
# decides) loading that DTB with an "fdtoverlays" line naming OVERLAYS as written (none: no
# line), and an empty kernel image of the release it names.
fdtov_board() {
	local root=$1 f
	shift
	mkdir -p "$root/boot/extlinux" "$root/boot/dtbs/overlays"
	dtc -q -@ -I dts -O dtb -o "$root/boot/dtbs/board.dtb" "$FIXTURES/lab-c-dt-size96M/sys/firmware/fdt.dts"
	for f in "$FIXTURES"/fdtoverlays/*.dtso; do
		f=${f##*/}
		dtc -q -@ -I dts -O dtb -o "$root/boot/dtbs/overlays/${f%.dtso}.dtbo" "$FIXTURES/fdtoverlays/$f"
	done
	sed -e "s|fdtdir /usr/lib/linux-image-6.1.0-56-arm64/|fdt /boot/dtbs/board.dtb${1:+\\n\\tfdtoverlays $*}|" \
	    -e 's| cma=128M||' "$FIXTURES/set/extlinux.conf" >"$root/boot/extlinux/extlinux.conf"
	grep -q "fdt /boot/dtbs/board.dtb" "$root/boot/extlinux/extlinux.conf"
	[ "$(grep -c 'cma=' "$root/boot/extlinux/extlinux.conf")" = 0 ]
	: >"$root/boot/vmlinuz-6.1.0-56-arm64"
}

# without_libarchive: true when cmactl says it was built without libarchive. Asked of
# cmactl itself (a regular file as --root), not of its bytes: under check-valgrind
# CMACTL is a wrapper script, and the bundle suites must run there too.
without_libarchive() {
	: >"$BATS_FILE_TMPDIR/probe.tar.gz"
	"$CMACTL" --root "$BATS_FILE_TMPDIR/probe.tar.gz" status 2>&1 | grep -q 'built without it'
}
