#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The lab kernel rebuilt from a .config that `cmactl set --via kconfig` edited, for the
# Kconfig round trip of run.sh: a copy of the lab kernel's O= dir, the edited .config,
# `make olddefconfig` (Kconfig itself must accept the edit), `make Image` (incremental:
# kbuild's fixdep recompiles only what reads CONFIG_CMA_SIZE_*, ~30 s here). Cached:
# a second run with the same .config reuses the build.
#
#   kconfigkernel.sh CONFIG   -> prints the O= dir; the Image is in arch/arm64/boot
set -euo pipefail

config=${1:?usage: kconfigkernel.sh CONFIG}
CACHE=${CMACTL_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cmactl/vm}
# shellcheck source=/dev/null
. "$CACHE/env.sh"
# shellcheck source=test/vm/lock.sh
. "$(dirname "$0")/lock.sh"
cache_lock "${0##*/}"
JOBS=${JOBS:-2}
KCOUT=${KOUT:?}-kconfig-rt
sum=$(sha256sum <"$config" | cut -c1-16)
if [ "$(cat "$KCOUT/.cmactl-built" 2>/dev/null)" = "$sum" ]; then
	echo "$KCOUT"
	exit 0
fi

t0=$(date +%s)
rm -rf "$KCOUT"
cp -a "$KOUT" "$KCOUT"
rm -f "$KCOUT/.cmactl-built"
cp "$config" "$KCOUT/.config"
kmake() { make -C "$KSRC" O="$KCOUT" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "$@"; }
kmake -s olddefconfig
kmake -j"$JOBS" Image >"$KCOUT/build.log" 2>&1 ||
	{ tail -n 30 "$KCOUT/build.log" >&2; exit 1; }
echo "$sum" >"$KCOUT/.cmactl-built"
printf '%s kconfig-rt-kernel %ds rc=0\n' "$(date -u +%FT%TZ)" $(($(date +%s) - t0)) >>"$CACHE/timings.log"
echo "$KCOUT"
