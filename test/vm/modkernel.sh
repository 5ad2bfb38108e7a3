#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The cma_heap-as-module variant of the lab kernel (LAB.md section 7).  Mainline 6.1
# cannot build the CMA heap as a module (modpost: cma_alloc, cma_release, cma_get_name,
# dma_heap_add, dma_heap_get_drvdata, dma_heap_get_name, dma_contiguous_default_area
# undefined; DMA_BUF namespace not imported), so this adds the exports vendor kernels
# carry, builds in a copy of the lab kernel's O= dir (incremental, ~20 s) and installs the
# modules with a host depmod.  The pristine source tree is patched only for the build
# and restored (with its timestamps) on exit, whatever happens.
#
#   modkernel.sh      -> prints the O= dir; Image in arch/arm64/boot, modules in modroot/
set -euo pipefail

CACHE=${CMACTL_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cmactl/vm}
# shellcheck source=/dev/null
. "$CACHE/env.sh"
# shellcheck source=test/vm/lock.sh
. "$(dirname "$0")/lock.sh"
cache_lock "${0##*/}"
JOBS=${JOBS:-2}
MOUT=${KOUT:?}-cmaheap-m
[ -e "$MOUT/.cmactl-built" ] && { echo "$MOUT"; exit 0; }

FILES=(mm/cma.c drivers/dma-buf/dma-heap.c kernel/dma/contiguous.c
	drivers/dma-buf/heaps/cma_heap.c drivers/dma-buf/heaps/Kconfig)
backup=$CACHE/src-backup-$SRC_VERSION
restore() {
	local f
	[ -d "$backup" ] || return 0
	for f in "${FILES[@]}"; do
		[ -e "$backup/$f" ] && cp -p "$backup/$f" "$KSRC/$f"
	done
	rm -rf "$backup"
}
restore # a run that died before its trap ran
trap restore EXIT
for f in "${FILES[@]}"; do
	mkdir -p "$backup/${f%/*}"
	cp -p "$KSRC/$f" "$backup/$f"
done

t0=$(date +%s)
exports() { # exports FILE SYMBOL...
	local f=$1 s
	shift
	for s in "$@"; do printf 'EXPORT_SYMBOL_GPL(%s);\n' "$s" >>"$KSRC/$f"; done
}
exports mm/cma.c cma_alloc cma_release cma_get_name
exports drivers/dma-buf/dma-heap.c dma_heap_add dma_heap_get_drvdata dma_heap_get_name
exports kernel/dma/contiguous.c dma_contiguous_default_area
echo 'MODULE_IMPORT_NS(DMA_BUF);' >>"$KSRC/drivers/dma-buf/heaps/cma_heap.c"
sed -i '/^config DMABUF_HEAPS_CMA$/,/^config /s/^\tbool "DMA-BUF CMA Heap"$/\ttristate "DMA-BUF CMA Heap"/' \
	"$KSRC/drivers/dma-buf/heaps/Kconfig"
grep -q 'tristate "DMA-BUF CMA Heap"' "$KSRC/drivers/dma-buf/heaps/Kconfig"

rm -rf "$MOUT"
cp -a "$KOUT" "$MOUT"
rm -f "$MOUT/.cmactl-built"
kmake() { make -C "$KSRC" O="$MOUT" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "$@"; }
"$KSRC/scripts/config" --file "$MOUT/.config" --module DMABUF_HEAPS_CMA
kmake -s olddefconfig
grep -qx 'CONFIG_DMABUF_HEAPS_CMA=m' "$MOUT/.config"
kmake -j"$JOBS" Image modules >"$MOUT/build.log" 2>&1 ||
	{ tail -n 30 "$MOUT/build.log" >&2; exit 1; }
rm -rf "$MOUT/modroot"
kmake -s INSTALL_MOD_PATH="$MOUT/modroot" modules_install >/dev/null
rm -f "$MOUT/modroot/lib/modules/$LAB_RELEASE/build" "$MOUT/modroot/lib/modules/$LAB_RELEASE/source"
depmod -b "$MOUT/modroot" "$LAB_RELEASE"
touch "$MOUT/.cmactl-built"
printf '%s cmaheap-module-kernel %ds rc=0\n' "$(date -u +%FT%TZ)" $(($(date +%s) - t0)) >>"$CACHE/timings.log"
echo "$MOUT"
