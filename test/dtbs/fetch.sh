#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetch the arm64 DTBs that Debian 12's stock kernel ships, for the
# test/dt-corpus.bats corpus test. Idempotent; everything lands in a cache
# outside the repository:
#   ${CMACTL_DTB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cmactl/dtbs}/
#     <pkg>_<ver>_arm64.deb       the downloaded package (kept, so reruns are free)
#     dtbs/<vendor>/<board>.dtb   the extracted DTBs
#     PACKAGE                     "<package> <version>" of what was extracted
# Needs root (or sudo-less apt rights) only the first time, for
# `dpkg --add-architecture arm64` and `apt-get update`.
set -eu

cache=${CMACTL_DTB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cmactl/dtbs}
mkdir -p "$cache"

if [ -f "$cache/PACKAGE" ] && [ -d "$cache/dtbs" ] && [ "${1:-}" != "--force" ]; then
	echo "fetch.sh: already have $(cat "$cache/PACKAGE") in $cache"
	exit 0
fi

# apt-get download of an :arm64 package needs the foreign architecture
# and its package lists.
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64
	apt-get update -qq
fi
if ! apt-cache show linux-image-arm64:arm64 >/dev/null 2>&1; then
	apt-get update -qq
fi

# The linux-image-arm64 meta-package names the current 6.1 ABI package,
# e.g. linux-image-6.1.0-56-arm64 (from linux-signed-arm64; it carries the
# same /usr/lib/linux-image-*/ DTB tree as the unsigned build).
pkg=$(apt-cache depends linux-image-arm64:arm64 |
	sed -n 's/^ *Depends: \(linux-image-6\.1[^:]*-arm64\)\(:arm64\)\{0,1\}$/\1/p' | head -n1)
if [ -z "$pkg" ]; then
	echo "fetch.sh: cannot find the linux-image-6.1*-arm64 package via apt-cache" >&2
	exit 1
fi
ver=$(apt-cache show "$pkg:arm64" | sed -n 's/^Version: //p' | head -n1)

cd "$cache"
deb=$(ls "${pkg}"_*_arm64.deb 2>/dev/null | head -n1 || true)
if [ -z "$deb" ]; then
	# apt-get download as root warns that _apt cannot access the cwd; harmless.
	apt-get download -q "$pkg:arm64"
	deb=$(ls "${pkg}"_*_arm64.deb | head -n1)
fi

tmp=$(mktemp -d "$cache/extract.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards './usr/lib/linux-image-*/*'
src=$(ls -d "$tmp"/usr/lib/linux-image-*/ | head -n1)
rm -rf "$cache/dtbs"
mv "$src" "$cache/dtbs"
echo "$pkg $ver" > "$cache/PACKAGE"
echo "fetch.sh: $(find "$cache/dtbs" -name '*.dtb' | wc -l) DTBs from $pkg $ver in $cache/dtbs"
