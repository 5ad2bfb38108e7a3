#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make fixtures`: re-capture the fixtures/<name>/ --root trees from the last lab run's
# results ($CACHE/results/<config>/, written by run.sh) with fixtures/from-capture.sh.
#
#   recapture.sh OUT_DIR
#
# One tree per boot that reached DONE (every configuration, round trip and extra boot,
# so more names than fixtures/ has). Stock-kernel trees also get
# boot/config-<release> (7.2: usr/lib/modules/<release>/config): the CMA lines of the
# stock kernel's config, as the committed
# stock-* fixtures hold (it has no /proc/config.gz). Never writes into fixtures/:
# compare with test/vm/compare-fixtures.sh, copy over by hand if a tree should change.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
CACHE=${CMACTL_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cmactl/vm}
[ -f "$CACHE/env.sh" ] || { echo "recapture.sh: no lab cache at $CACHE: run make check-vm first" >&2; exit 1; }
# shellcheck source=/dev/null
. "$CACHE/env.sh"
# shellcheck source=/dev/null
[ -f "$CACHE/stock-kernels.env" ] && . "$CACHE/stock-kernels.env"
RESULTS=$CACHE/results

out=${1:?usage: recapture.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd -P)
case $out/ in
"$(cd "$top/fixtures" && pwd -P)"/*)
	echo "recapture.sh: $out is inside fixtures/: refusing to overwrite the committed trees" >&2
	exit 1 ;;
esac

n=0 missing=0
for dir in "$RESULTS"/*/; do
	dir=${dir%/}
	name=${dir##*/}
	[ -e "$dir/DONE" ] || { echo "# $name: no DONE marker, left out"; continue; }
	if [ ! -f "$dir/booted.dts" ]; then
		echo "# $name: no booted.dts (results older than this harness): re-run make check-vm"
		missing=$((missing + 1))
		continue
	fi
	rm -rf "${out:?}/$name"
	"$top/fixtures/from-capture.sh" "$dir" "$out/$name"
	# The stock kernels' configs where their packages put them (7.2:
	# usr/lib/modules/RELEASE/config), from setup.sh's env and stock-kernels.sh's.
	uname=$(cat "$dir/uname" 2>/dev/null || true)
	for k in STOCK K510 K612 K72 ARMHF; do
		rel=${k}_RELEASE cfg=${k}_CONFIG gcfg=${k}_GUEST_CONFIG
		if [ -z "${!rel:-}" ] || [ "$uname" != "${!rel}" ]; then continue; fi
		dst=${!gcfg:-/boot/config-${!rel}}
		mkdir -p "$(dirname "$out/$name$dst")"
		grep -E '^(# )?CONFIG_(CMA|DMA_CMA|DMABUF_HEAPS|DMA_[A-Z]*NUMA_CMA|IKCONFIG)' "${!cfg}" \
			>"$out/$name$dst"
	done
	n=$((n + 1))
done
echo "re-captured $n trees from $RESULTS into $out"
[ "$n" -gt 0 ] && [ "$missing" -eq 0 ]
