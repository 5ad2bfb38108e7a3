#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Compare what `cmactl status` answers on the re-captured trees (`make fixtures`) with
# its answers on the committed fixtures of the same configuration name:
#   cmactl --root TREE --json status | jq '{s: .effective.size_bytes, src: .effective.source}'
#
#   compare-fixtures.sh [RECAPTURED_DIR [FIXTURES_DIR]]
#
# Defaults: build/fixtures-recaptured and fixtures/; CMACTL=./cmactl (native build).
# Each tree is copied and its sys/firmware/fdt.dts compiled to sys/firmware/fdt, as
# test/test_helper.bash does. Prints one line per common name ("same" or "DIFF"), and
# the names found on one side only; exits 1 if any answer differs.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
new=${1:-$top/build/fixtures-recaptured}
old=${2:-$top/fixtures}
CMACTL=${CMACTL:-$top/cmactl}
[ -x "$CMACTL" ] || { echo "compare-fixtures.sh: no cmactl at $CMACTL (make cmactl)" >&2; exit 2; }
[ -d "$new" ] || { echo "compare-fixtures.sh: no $new (make fixtures)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# answer TREE: the status answer, or the error cmactl gave
answer() {
	local root
	root=$tmp/$RANDOM$RANDOM
	cp -r "$1/." "$root"
	if [ -f "$root/sys/firmware/fdt.dts" ]; then
		dtc -q -I dts -O dtb -o "$root/sys/firmware/fdt" "$root/sys/firmware/fdt.dts"
	fi
	"$CMACTL" --root "$root" --json status 2>"$root.err" |
		jq -c '{s: .effective.size_bytes, src: .effective.source}' 2>/dev/null ||
		echo "error: $(head -c 200 "$root.err" | tr '\n' ' ')"
}

same=0 diff=0
for t in "$new"/*/; do
	name=$(basename "$t")
	if [ ! -d "$old/$name" ]; then
		echo "only re-captured: $name"
		continue
	fi
	a=$(answer "$old/$name")
	b=$(answer "$new/$name")
	if [ "$a" = "$b" ]; then
		echo "same $name: $a"
		same=$((same + 1))
	else
		echo "DIFF $name: committed $a, re-captured $b"
		diff=$((diff + 1))
	fi
done
for t in "$old"/*/; do
	name=$(basename "$t")
	[ -d "$new/$name" ] || ! [ -f "$t/proc/meminfo" ] || echo "only committed: $name"
done
echo "$same same, $diff different"
[ "$diff" -eq 0 ]
