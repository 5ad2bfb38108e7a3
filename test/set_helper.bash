# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for set.bats: every check of a written DTB goes through dtc's own
# tools (fdtget, dtc), never through cmactl alone.

load test_helper

DTB_CACHE=${CMACTL_DTB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cmactl/dtbs}
SETFIX=$FIXTURES/set

# dtb_of DTS OUT: compile with dtc.
dtb_of() {
	dtc -q -I dts -O dtb -o "$2" "$1"
}

# board_dtb VENDOR/NAME: copy a Debian board DTB into the test dir and set $f to it, or skip
# the test. Not for $(...): a skip in a subshell skips nothing.
board_dtb() {
	local src=$DTB_CACHE/dtbs/$1.dtb
	[ -f "$src" ] || corpus_missing "no Debian board DTB $1"
	f=$BATS_TEST_TMPDIR/${1##*/}.dtb
	cp "$src" "$f"
}

# cells_value CELL...: the number that 1 or 2 hex cells (fdtget -t x) make, in decimal.
cells_value() {
	if [ "$#" -eq 1 ]; then echo $((0x$1)); else echo $(( (0x$1 << 32) | 0x$2 )); fi
}

# cma_node DTB: the path of the linux,cma-default node, found with fdtget.
cma_node() {
	local c
	for c in $(fdtget -l "$1" /reserved-memory); do
		if fdtget -p "$1" "/reserved-memory/$c" | grep -qx linux,cma-default; then
			echo "/reserved-memory/$c"
			return 0
		fi
	done
	return 1
}

# check_cma_size DTB BYTES: the node holds BYTES in exactly #size-cells cells.
check_cma_size() {
	local node sc cells
	node=$(cma_node "$1")
	sc=$(fdtget -t u "$1" /reserved-memory '#size-cells')
	read -r -a cells <<<"$(fdtget -t x "$1" "$node" size)"
	[ "${#cells[@]}" -eq "$sc" ]
	[ "$(cells_value "${cells[@]}")" -eq "$2" ]
}

# dts_diff A B: the lines `dtc -I dtb -O dts` output differs in (diff's < and > lines).
dts_diff() {
	diff <(dtc -q -I dtb -O dts "$1") <(dtc -q -I dtb -O dts "$2") | grep '^[<>]' || true
}

# sum FILE...: checksums, to prove a file was not touched.
sum() {
	sha256sum "$@" | cut -d' ' -f1
}

# status_dt_bytes ROOT DTB: what `cmactl status --dtb` reads back as the DT layer's request.
status_dt_bytes() {
	"$CMACTL" --root "$1" --json status --dtb "$2" 2>/dev/null |
		jq -r '.layers[] | select(.layer == "devicetree") | .requested_bytes'
}

# status_cmdline_bytes ROOT DTB: the same for the cmdline layer with --cmdline.
status_cmdline_bytes() {
	"$CMACTL" --root "$1" --json status --cmdline "$2" 2>/dev/null |
		jq -r '.layers[] | select(.layer == "cmdline") | .requested_bytes'
}

# tmpfs_dir SIZE: a small tmpfs under the test dir (root only), or skip.
tmpfs_dir() {
	local d=$BATS_TEST_TMPDIR/tmpfs
	mkdir -p "$d"
	mount -t tmpfs -o "size=$1" tmpfs "$d" 2>/dev/null || skip "cannot mount a tmpfs here"
	echo "$d"
}
