#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the lab initramfs (gzip'd newc cpio) without root: the cpio is written by the
# kernel's own usr/gen_init_cpio from a file list, so /dev/console needs no mknod.
#
#   mkinitramfs.sh OUT.cpio.gz [CMACTL] [EXTRA_DIR]
#
# Needs $CACHE/env.sh from setup.sh (BUSYBOX, KSRC, STOCK_CONFIG, STOCK_RELEASE).
# CMACTL: an arm64 cmactl; if dynamically linked, its loader and every needed .so
#   (found in the arm64 multiarch dirs) are copied too.  Optional.
# EXTRA_DIR: a tree copied as is on top (e.g. tests.d/*.sh, lib/modules/...).  Optional.
# INITRAMFS_ARCH=armhf: the 32-bit ARM lab's initramfs instead (busybox-static:armhf, the
#   armmp-lpae kernel's config, an armhf cmactl: a static one needs no loader or .so files;
#   a dynamic one, the armhf Debian package's, takes them from the bookworm armhf chroot
#   that scripts/check-pkg.sh builds, CMACTL_ARMHF_CHROOT).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
CACHE=${CMACTL_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cmactl/vm}
# shellcheck source=/dev/null
. "$CACHE/env.sh"

out=${1:?usage: mkinitramfs.sh OUT.cpio.gz [CMACTL] [EXTRA_DIR]}
cmactl=${2:-}
extra=${3:-}

gen=$CACHE/gen_init_cpio
if [ ! -x "$gen" ] || [ "$KSRC/usr/gen_init_cpio.c" -nt "$gen" ]; then
	gcc -O2 -o "$gen" "$KSRC/usr/gen_init_cpio.c"
fi

list=$(mktemp)
trap 'rm -f "$list" "$list.cmactl"' EXIT
declare -A seen=()

dir() {
	[ -z "$1" ] && return 0
	[ -n "${seen[$1]:-}" ] && return 0
	seen[$1]=1
	local parent=${1%/*}
	[ -n "$parent" ] && dir "$parent"
	echo "dir $1 0755 0 0" >>"$list"
}
file() { # file DEST SRC MODE
	dir "${1%/*}"
	echo "file $1 $2 $3 0 0" >>"$list"
}

dir /dev
echo "nod /dev/console 0600 0 0 c 5 1" >>"$list"
for d in /proc /sys /tmp /root /etc /usr/bin /usr/sbin /sbin; do dir "$d"; done
ARCH=${INITRAMFS_ARCH:-arm64}
CROSS=aarch64-linux-gnu-
if [ "$ARCH" = armhf ]; then
	# shellcheck source=/dev/null
	. "$CACHE/stock-kernels.env"
	BUSYBOX=$ARMHF_BUSYBOX CROSS=arm-linux-gnueabihf-
fi
file /bin/busybox "$BUSYBOX" 0755
echo "slink /bin/sh busybox 0777 0 0" >>"$list"
file /init "$here/init" 0755
# A distro keeps the kernel config in /boot, not in /proc/config.gz (Debian's stock
# kernel has no IKCONFIG): ship it where cmactl looks on such a system.
if [ "$ARCH" = armhf ]; then
	file "$ARMHF_GUEST_CONFIG" "$ARMHF_CONFIG" 0644
else
	file "/boot/config-$STOCK_RELEASE" "$STOCK_CONFIG" 0644
	# The other stock kernels' configs, each where its package puts it (7.2:
	# /usr/lib/modules/RELEASE/config, nothing in /boot); one initramfs serves them all.
	if [ -f "$CACHE/stock-kernels.env" ]; then
		# shellcheck source=/dev/null
		. "$CACHE/stock-kernels.env"
		for k in K510 K612 K72; do
			src=${k}_CONFIG dst=${k}_GUEST_CONFIG
			[ -n "${!src:-}" ] && file "${!dst}" "${!src}" 0644
		done
	fi
fi

TRIPLET=aarch64-linux-gnu
ARM_LIBDIRS=(/lib/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/aarch64-linux-gnu/lib)
if [ "$ARCH" = armhf ]; then
	TRIPLET=arm-linux-gnueabihf
	croot=${CMACTL_ARMHF_CHROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/cmactl/chroot-bookworm-armhf}
	ARM_LIBDIRS=("$croot/usr/lib/$TRIPLET" "$croot/lib/$TRIPLET")
fi
declare -A libs=()
find_lib() {
	local d
	for d in "${ARM_LIBDIRS[@]}"; do
		[ -e "$d/$1" ] && { readlink -f "$d/$1"; return 0; }
	done
	echo "mkinitramfs: cannot find $ARCH library $1 (in ${ARM_LIBDIRS[*]})" >&2
	return 1
}
add_libs() { # add_libs ELF: every NEEDED, recursively, into /lib/$TRIPLET
	local so path
	for so in $("${CROSS}readelf" -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		[ -n "${libs[$so]:-}" ] && continue
		path=$(find_lib "$so")
		libs[$so]=$path
		file "/lib/$TRIPLET/$so" "$path" 0755
		add_libs "$path"
	done
}

if [ -n "$cmactl" ]; then
	# stripped copy: the -g build is several times larger
	"${CROSS}strip" -o "$list.cmactl" "$cmactl"
	file /bin/cmactl "$list.cmactl" 0755
	interp=$("${CROSS}readelf" -l "$cmactl" | sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')
	if [ -n "$interp" ]; then
		file "$interp" "$(find_lib "${interp##*/}")" 0755
		add_libs "$cmactl"
		# libkmod: opened by stress when it needs it (dlopen, src/io/modules.c), so
		# not NEEDED
		so=libkmod.so.2
		if [ -z "${libs[$so]:-}" ]; then
			libs[$so]=$(find_lib "$so")
			file "/lib/$TRIPLET/$so" "${libs[$so]}" 0755
			add_libs "${libs[$so]}"
		fi
	fi
fi

if [ -n "$extra" ]; then
	while IFS= read -r -d '' p; do
		rel=${p#"$extra"}
		[ -z "$rel" ] && continue
		if [ -L "$p" ]; then
			dir "${rel%/*}"
			echo "slink $rel $(readlink "$p") 0777 0 0" >>"$list"
		elif [ -d "$p" ]; then
			dir "$rel"
		else
			file "$rel" "$p" "$(stat -c %a "$p")"
		fi
	done < <(find "$extra" -print0 | sort -z)
fi

"$gen" "$list" | gzip -9n >"$out.tmp"
mv "$out.tmp" "$out"
