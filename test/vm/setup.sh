#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Host setup for cmactl's real-kernel lab (see test/vm/README.md).  Idempotent:
#  1. host packages (QEMU, arm64 cross compiler, dtc, kernel build deps, jq) and the
#     arm64 libraries cmactl links against (Debian multiarch);
#  2. downloads into the cache (never into the repo): Debian's stock arm64 kernel,
#     busybox-static:arm64 and linux-source-6.1; the stock kernels of bullseye (5.10),
#     trixie (6.12), sid (7.2) and bookworm's armmp-lpae (stock-kernels.sh);
#  3. the lab kernels, built from that source and from sid's linux-source-7.2 with
#     test/vm/lab-kernel.config, each in a build directory keyed by source version +
#     sha256 of the fragment (a second run reuses it);
#  4. $CACHE/env.sh, which run.sh sources.
# Every step's wall time is appended to $CACHE/timings.log.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
CACHE=${CMACTL_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cmactl/vm}
FRAGMENT=$here/lab-kernel.config
JOBS=${JOBS:-2}
mkdir -p "$CACHE/debs"
# shellcheck source=test/vm/lock.sh
. "$here/lock.sh"
cache_lock setup.sh

log() { printf 'setup: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# timed NAME CMD...: run CMD, log and record its wall time.
timed() {
	local name=$1 t0 t1 rc=0
	shift
	t0=$(date +%s)
	"$@" || rc=$?
	t1=$(date +%s)
	printf '%s %s %ds rc=%d\n' "$(date -u +%FT%TZ)" "$name" $((t1 - t0)) "$rc" >>"$CACHE/timings.log"
	log "$name: $((t1 - t0)) s"
	return "$rc"
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ---------------------------------------------------------------- 1. packages
HOST_PKGS=(qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross device-tree-compiler
	cpio flex bison bc libssl-dev libelf-dev kmod make gcc jq xz-utils pkgconf
	u-boot-qemu u-boot-tools u-boot-menu mtools dosfstools fdisk gcc-arm-linux-gnueabihf libc6-dev-armhf-cross)
# libfdt-dev is not Multi-Arch: same in Debian 12, so libfdt-dev:arm64 cannot be
# installed beside the amd64 one the native build needs; libfdt1:arm64 (the .so) can,
# and the arm64 libfdt-dev is only unpacked into the cache (see cross_sysroot below).
# libarchive-dev is not Multi-Arch: same either; libarchive13:arm64 (the .so, for
# `cmactl collect` and `--root BUNDLE` in the guest) is, and gets a .pc like libfdt.
ARM_PKGS=(libkmod-dev:arm64 libjson-c-dev:arm64 zlib1g-dev:arm64 libfdt1:arm64
	libarchive13:arm64 busybox-static:arm64)
# busybox-static:arm64 is listed only so apt knows it; it is downloaded, not installed.
ARM_INSTALL=("${ARM_PKGS[@]:0:5}")

apt_updated=
apt_update() {
	[ -n "$apt_updated" ] && return 0
	as_root apt-get update -q >/dev/null
	apt_updated=1
}

missing_pkgs() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			printf '%s\n' "$p"
	done
}

install_packages() {
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		as_root dpkg --add-architecture arm64
		apt_updated=
	fi
	local miss
	miss=$(missing_pkgs "${HOST_PKGS[@]}" "${ARM_INSTALL[@]}")
	[ -z "$miss" ] && return 0
	log "installing: $(echo "$miss" | tr '\n' ' ')"
	apt_update
	# shellcheck disable=SC2086 # one package name per word
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends $miss >/dev/null
}

# ---------------------------------------------------------------- 2. downloads
# apt's binary cache in our cache dir: Debian's docker images turn it off
# (Dir::Cache::pkgcache ""), and then every apt-cache call re-reads all package lists
# of both architectures (15 s on a loaded 2-core machine instead of 1 s).
mkdir -p "$CACHE/apt"
APT_CACHE_OPTS=(-o "Dir::Cache::pkgcache=$CACHE/apt/pkgcache.bin"
	-o "Dir::Cache::srcpkgcache=$CACHE/apt/srcpkgcache.bin")
apt_cache() { apt-cache "${APT_CACHE_OPTS[@]}" "$@"; }
# resolve PKG...: candidate versions of all PKGs with one apt-cache call (each call
# costs seconds on a loaded machine) into VER[PKG].
declare -A VER=()
resolve() {
	local pkg ver
	while read -r pkg ver; do
		VER[$pkg]=$ver
	done < <(apt_cache policy "$@" 2>/dev/null |
		awk '/^[^ ].*:$/ {p = substr($0, 1, length($0) - 1)} /^  Candidate:/ {print p, $2}')
}

# fetch PKG: make sure $CACHE/debs holds PKG's candidate .deb; print its path.
fetch() {
	local pkg=$1 ver file name
	ver=${VER[$pkg]:-}
	if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
		apt_update
		resolve "$pkg"
		ver=${VER[$pkg]:-}
	fi
	if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then die "no candidate for $pkg"; fi
	name=${pkg%%:*} arch='*'
	# the architecture too: busybox-static:armhf (stock-kernels.sh) has the same version
	[[ $pkg == *:* ]] && arch=${pkg#*:}
	# .deb file names escape the epoch colon as %3a
	file=$(find "$CACHE/debs" -maxdepth 1 -name "${name}_${ver/:/%3a}_$arch.deb" | head -n 1)
	if [ -z "$file" ]; then
		(cd "$CACHE/debs" && { apt-get "${APT_CACHE_OPTS[@]}" download -q "$pkg=$ver" 2>/dev/null ||
			{ apt_update && apt-get "${APT_CACHE_OPTS[@]}" download -q "$pkg=$ver"; }; }) >&2 ||
			die "apt-get download $pkg=$ver failed"
		file=$(find "$CACHE/debs" -maxdepth 1 -name "${name}_${ver/:/%3a}_$arch.deb" | head -n 1)
	fi
	[ -n "$file" ] || die "downloaded $pkg but cannot find its .deb"
	printf '%s\n' "$file"
}

# unpack DEB DIR: dpkg-deb -x into DIR once (stamp file).
unpack() {
	[ -e "$2/.unpacked" ] && return 0
	rm -rf "$2"
	mkdir -p "$2"
	dpkg-deb -x "$1" "$2"
	touch "$2/.unpacked"
}

stock_kernel() {
	# linux-image-arm64 is Debian's meta-package; it depends on the current ABI package.
	local abi deb
	abi=$(apt_cache depends linux-image-arm64:arm64 2>/dev/null |
		awk '/Depends: linux-image-6\.1/ {sub(/:arm64$/, "", $2); print $2; exit}')
	if [ -z "$abi" ]; then
		apt_update
		abi=$(apt_cache depends linux-image-arm64:arm64 |
			awk '/Depends: linux-image-6\.1/ {sub(/:arm64$/, "", $2); print $2; exit}')
	fi
	[ -n "$abi" ] || die "cannot find the linux-image-6.1*-arm64 package"
	resolve "$abi:arm64" busybox-static:arm64 libfdt-dev:arm64 linux-source-6.1
	deb=$(fetch "$abi:arm64")
	STOCK_DIR=$CACHE/stock/$(basename "$deb" .deb)
	unpack "$deb" "$STOCK_DIR"
	STOCK_IMAGE=$(find "$STOCK_DIR/boot" -name 'vmlinuz-*' | head -n 1)
	STOCK_CONFIG=$(find "$STOCK_DIR/boot" -name 'config-*' | head -n 1)
	STOCK_RELEASE=${STOCK_IMAGE##*/vmlinuz-}
	[ -f "$STOCK_IMAGE" ] || die "no vmlinuz in $deb"
}

busybox_bin() {
	local deb
	deb=$(fetch busybox-static:arm64)
	BUSYBOX_DIR=$CACHE/busybox/$(basename "$deb" .deb)
	unpack "$deb" "$BUSYBOX_DIR"
	BUSYBOX=$BUSYBOX_DIR/bin/busybox
	[ -x "$BUSYBOX" ] || die "no busybox in $deb"
}

# arm64 pieces that cannot be installed on the host: libfdt-dev:arm64 (see above).
cross_sysroot() {
	local deb
	deb=$(fetch libfdt-dev:arm64)
	FDT_DIR=$CACHE/libfdt-dev/$(basename "$deb" .deb)
	unpack "$deb" "$FDT_DIR"
	# What cross-pkg-config adds: a libfdt.pc (Debian ships none) pointing at a
	# libfdt.so link to the installed libfdt1:arm64.  Headers are arch-independent
	# and come from the host's libfdt-dev in /usr/include, which the cross gcc searches.
	local so
	so=$(readlink -f /usr/lib/aarch64-linux-gnu/libfdt.so.1) || die "libfdt1:arm64 missing"
	mkdir -p "$CACHE/cross/lib" "$CACHE/cross/pkgconfig"
	ln -sfn "$so" "$CACHE/cross/lib/libfdt.so"
	# and the static archive of the unpacked libfdt-dev:arm64, for the STATIC=1 arm64
	# cmactl (build-arm64-static/, the lab-p-static boots): -static picks libfdt.a there
	[ -f "$FDT_DIR/usr/lib/aarch64-linux-gnu/libfdt.a" ] || die "no libfdt.a in $deb"
	ln -sfn "$FDT_DIR/usr/lib/aarch64-linux-gnu/libfdt.a" "$CACHE/cross/lib/libfdt.a"
	cat >"$CACHE/cross/pkgconfig/libfdt.pc" <<EOF
Name: libfdt
Description: Flat Device Tree library (arm64, for cmactl's lab)
Version: $(dpkg-deb -f "$deb" Version)
Libs: -L$CACHE/cross/lib -lfdt
Cflags:
EOF
	# The same for libarchive (headers: the host's libarchive-dev, arch-independent), in
	# a directory of its own: only the collect build (CMACTL_VM_ARCHIVE=1
	# cross-pkg-config, build-arm64-collect/) links it, since libarchive pulls libxml2
	# and the 31 MB libicudata into every initramfs otherwise.
	so=$(readlink -f /usr/lib/aarch64-linux-gnu/libarchive.so.13) || die "libarchive13:arm64 missing"
	ln -sfn "$so" "$CACHE/cross/lib/libarchive.so"
	mkdir -p "$CACHE/cross/pkgconfig-archive"
	cat >"$CACHE/cross/pkgconfig-archive/libarchive.pc" <<EOF
Name: libarchive
Description: Multi-format archive library (arm64, for cmactl's lab)
Version: $(dpkg-query -W -f='${Version}' libarchive13:arm64)
Libs: -L$CACHE/cross/lib -larchive
Cflags:
EOF
}

# kernel_source SERIES DEB: unpack DEB (linux-source-SERIES) into
# $CACHE/src/<package version>/linux once; sets SRC_VERSION and KSRC.
kernel_source() {
	local series=$1 deb=$2 tarball
	SRC_VERSION=$(dpkg-deb -f "$deb" Version)
	SRC_ROOT=$CACHE/src/$SRC_VERSION
	KSRC=$SRC_ROOT/linux
	[ -e "$KSRC/.unpacked" ] && return 0
	unpack "$deb" "$SRC_ROOT/deb"
	tarball=$(find "$SRC_ROOT/deb/usr/src" -name "linux-source-$series.tar.xz" | head -n 1)
	[ -f "$tarball" ] || die "no linux-source-$series.tar.xz in $deb"
	rm -rf "$KSRC" "$SRC_ROOT/linux-source-$series"
	timed "unpack-kernel-source-$series" tar -C "$SRC_ROOT" -xf "$tarball"
	mv "$SRC_ROOT/linux-source-$series" "$KSRC"
	rm -rf "$SRC_ROOT/deb" # the 138 MB (6.1) / 164 MB (7.2) tarball is no longer needed
	touch "$KSRC/.unpacked"
}

# ---------------------------------------------------------------- 3. lab kernel
kmake() {
	make -C "$KSRC" O="$KOUT" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "$@"
}

check_fragment() {
	local o bad=0
	while IFS= read -r o; do
		grep -qxF "$o" "$KOUT/.config" || { log "NOT APPLIED: $o"; bad=1; }
	done < <(grep -o '^CONFIG_[A-Z0-9_]*=[^ ]*' "$FRAGMENT")
	return "$bad"
}

lab_kernel() {
	local key
	key=$(sha256sum "$FRAGMENT" | cut -c1-16)
	KOUT=$CACHE/kbuild/$SRC_VERSION-$key
	LAB_IMAGE=$KOUT/arch/arm64/boot/Image
	if [ -e "$KOUT/.cmactl-built" ] && [ -f "$LAB_IMAGE" ]; then
		log "lab kernel: cached ($KOUT)"
	else
		mkdir -p "$KOUT"
		timed "lab-kernel-allnoconfig-$SRC_VERSION" kmake -s KCONFIG_ALLCONFIG="$FRAGMENT" allnoconfig
		check_fragment || die "config fragment not applied (see above)"
		log "building the $SRC_VERSION lab kernel (6-20 min on 2 cores; log: $KOUT/build.log)"
		timed "lab-kernel-build-j$JOBS-$SRC_VERSION" kmake -j"$JOBS" Image modules >"$KOUT/build.log" 2>&1 ||
			{ tail -n 30 "$KOUT/build.log" >&2; die "lab kernel build failed"; }
		touch "$KOUT/.cmactl-built"
	fi
	LAB_RELEASE=$(cat "$KOUT/include/config/kernel.release")
}

# ---------------------------------------------------------------- main
# since NAME T0: record the wall time since T0 (for steps that must not run under
# `timed`, whose `||` would switch off set -e inside them).
since() {
	printf '%s %s %ds rc=0\n' "$(date -u +%FT%TZ)" "$1" $(($(date +%s) - $2)) >>"$CACHE/timings.log"
	log "$1: $(($(date +%s) - $2)) s"
}

t0=$(date +%s)
timed "host-packages" install_packages
t1=$(date +%s)
stock_kernel
busybox_bin
cross_sysroot
since "downloads+unpack(stock,busybox,libfdt)" "$t1"
# The other generations' stock kernels (5.10, 6.12, 7.2, armhf), through a private apt
# configuration of their own: writes $CACHE/stock-kernels.env.
t1=$(date +%s)
"$here/stock-kernels.sh" || die "stock-kernels.sh failed"
since "stock-kernels(5.10,6.12,7.2,armhf)" "$t1"
t1=$(date +%s)
src_deb=$(fetch linux-source-6.1)
kernel_source 6.1 "$src_deb"
since "kernel-source(download+unpack)" "$t1"
lab_kernel
# The 7.2 lab kernel: the same fragment on Debian sid's linux-source-7.2 (downloaded by
# stock-kernels.sh through its private sid apt configuration: K72_SOURCE_DEB), in its own
# kbuild/<7.2 version>-<hash> directory. The 6.1 variables are kept for run.sh.
lab61=("$KSRC" "$KOUT" "$LAB_IMAGE" "$LAB_RELEASE" "$SRC_VERSION")
# shellcheck source=/dev/null
. "$CACHE/stock-kernels.env"
[ -n "${K72_SOURCE_DEB:-}" ] || die "stock-kernels.sh found no linux-source-7.2"
t1=$(date +%s)
kernel_source 7.2 "$K72_SOURCE_DEB"
since "kernel-source-7.2(unpack)" "$t1"
lab_kernel
LAB72=("$KSRC" "$KOUT" "$LAB_IMAGE" "$LAB_RELEASE" "$SRC_VERSION")
KSRC=${lab61[0]} KOUT=${lab61[1]} LAB_IMAGE=${lab61[2]} LAB_RELEASE=${lab61[3]} SRC_VERSION=${lab61[4]}

cat >"$CACHE/env.sh.tmp" <<EOF
# written by test/vm/setup.sh; sourced by test/vm/run.sh
CACHE='$CACHE'
STOCK_IMAGE='$STOCK_IMAGE'
STOCK_CONFIG='$STOCK_CONFIG'
STOCK_RELEASE='$STOCK_RELEASE'
BUSYBOX='$BUSYBOX'
FDT_DIR='$FDT_DIR'
KSRC='$KSRC'
KOUT='$KOUT'
LAB_IMAGE='$LAB_IMAGE'
LAB_RELEASE='$LAB_RELEASE'
SRC_VERSION='$SRC_VERSION'
LAB72_KSRC='${LAB72[0]}'
LAB72_KOUT='${LAB72[1]}'
LAB72_IMAGE='${LAB72[2]}'
LAB72_RELEASE='${LAB72[3]}'
LAB72_SRC_VERSION='${LAB72[4]}'
EOF
mv "$CACHE/env.sh.tmp" "$CACHE/env.sh"
log "ready in $(($(date +%s) - t0)) s: stock $STOCK_RELEASE, lab $LAB_RELEASE and ${LAB72[3]} ($CACHE/env.sh)"
