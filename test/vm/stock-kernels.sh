#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Debian's stock kernels of other releases for the lab (test/vm/README.md, "Kernels"):
# bullseye 5.10, trixie 6.12 and sid 7.2 for arm64, and bookworm's 6.1 armmp-lpae for
# 32-bit ARM, plus busybox-static:armhf and sid's linux-source-7.2 (the 7.2 lab kernel's
# source).  Fetched with `apt-get download` through a
# PRIVATE apt configuration per suite under $CACHE/apt-private/<suite>/ (its own
# sources.list, lists, status file and cache): the machine's own apt sources and
# state are never read or changed.  Writes $CACHE/stock-kernels.env (sourced by
# run.sh and mkinitramfs.sh); every step's wall time goes to $CACHE/timings.log.
set -euo pipefail

CACHE=${CMACTL_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cmactl/vm}
MIRROR=${CMACTL_VM_MIRROR:-http://deb.debian.org/debian}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
mkdir -p "$CACHE/debs"

log() { printf 'stock-kernels: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# key | Debian suite | architecture | flavour (linux-image-<flavour> is the meta-package)
KERNELS=(
	"k510|bullseye|arm64|arm64"
	"k612|trixie|arm64|arm64"
	"k72|sid|arm64|arm64"
	"armhf|bookworm|armhf|armmp-lpae"
)

# apt_opts SUITE ARCH: options that make apt-get/apt-cache use only $CACHE/apt-private/SUITE
# (ARCH as the native architecture, so no :arch qualifiers are needed).
apt_opts() {
	local p=$CACHE/apt-private/$1-$2
	mkdir -p "$p/lists/partial" "$p/cache/archives/partial" "$p/sources.list.d" "$p/preferences.d"
	[ -e "$p/status" ] || : >"$p/status"
	echo "deb [arch=$2 signed-by=$KEYRING] $MIRROR $1 main" >"$p/sources.list"
	APT=(-o "Dir::Etc::sourcelist=$p/sources.list" -o "Dir::Etc::sourceparts=$p/sources.list.d"
		-o "Dir::Etc::preferencesparts=$p/preferences.d" -o "Dir::State::Lists=$p/lists"
		-o "Dir::State::status=$p/status" -o "Dir::Cache=$p/cache"
		-o "APT::Architecture=$2" -o "APT::Architectures::=$2" -o Acquire::Languages=none
		-o "Dir::Cache::pkgcache=$p/cache/pkgcache.bin" -o "Dir::Cache::srcpkgcache=$p/cache/srcpkgcache.bin")
	APT_DIR=$p
}

# private_update: fetch the suite's index once (again only when a download fails:
# the archive dropped the version we had).
private_update() {
	local t0
	t0=$(date +%s)
	apt-get "${APT[@]}" update -q >/dev/null || die "apt-get update failed for $APT_DIR"
	touch "$APT_DIR/.updated"
	printf '%s %s %ds rc=0\n' "$(date -u +%FT%TZ)" "apt-update(${APT_DIR##*/})" $(($(date +%s) - t0)) >>"$CACHE/timings.log"
}

# deps PKG REGEX: the first Depends of PKG matching REGEX.
deps() {
	apt-cache "${APT[@]}" depends "$1" 2>/dev/null |
		awk -v re="$2" '$1 == "Depends:" && $2 ~ re {print $2; exit}'
}
candidate() {
	apt-cache "${APT[@]}" policy "$1" 2>/dev/null | awk '/^  Candidate:/ {print $2; exit}'
}

# fetch PKG: PKG's candidate .deb in $CACHE/debs (downloaded once); prints its path.
fetch() {
	local pkg=$1 ver file
	ver=$(candidate "$pkg")
	if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then die "no candidate for $pkg in ${APT_DIR##*/}"; fi
	file=$(find "$CACHE/debs" -maxdepth 1 -name "${pkg}_${ver/:/%3a}_${ARCH}.deb" | head -n 1)
	if [ -z "$file" ]; then
		(cd "$CACHE/debs" && { apt-get "${APT[@]}" download -q "$pkg=$ver" 2>/dev/null ||
			{ private_update && apt-get "${APT[@]}" download -q "$pkg=$ver"; }; }) >&2 ||
			die "apt-get download $pkg=$ver failed"
		file=$(find "$CACHE/debs" -maxdepth 1 -name "${pkg}_${ver/:/%3a}_${ARCH}.deb" | head -n 1)
	fi
	[ -n "$file" ] || die "downloaded $pkg but cannot find its .deb"
	printf '%s\n' "$file"
}

env_out=$CACHE/stock-kernels.env.tmp
: >"$env_out"
for k in "${KERNELS[@]}"; do
	IFS='|' read -r key suite arch flavour <<<"$k"
	# Resolved once: a warm run asks apt nothing (each apt-cache call costs seconds on
	# a loaded machine). CMACTL_VM_REFRESH=1 looks for newer kernels.
	stamp=$CACHE/stock/$key.env
	# shellcheck source=/dev/null
	if [ "${CMACTL_VM_REFRESH:-0}" != 1 ] && [ -s "$stamp" ] &&
		(. "$stamp" && K=${key^^}_IMAGE && [ -f "${!K}" ]); then
		cat "$stamp" >>"$env_out"
		continue
	fi
	t0=$(date +%s)
	apt_opts "$suite" "$arch"
	ARCH=$arch
	[ -e "$APT_DIR/.updated" ] || private_update
	abi=$(deps "linux-image-$flavour" '^linux-image-[0-9]')
	[ -n "$abi" ] || { private_update; abi=$(deps "linux-image-$flavour" '^linux-image-[0-9]'); }
	[ -n "$abi" ] || die "linux-image-$flavour in $suite depends on no linux-image-<version>"
	# Since 7.x (sid) linux-image-* is an empty package: the image is in linux-binary-*,
	# the config in linux-base-* (as /usr/lib/modules/RELEASE/config, nothing in /boot).
	pkgs=("$abi")
	for dep in "$(deps "$abi" '^linux-binary-')" "$(deps "$abi" '^linux-base-[0-9]')"; do
		[ -n "$dep" ] && pkgs+=("$dep")
	done
	dir=$CACHE/stock/$abi-$(candidate "$abi")
	if [ ! -e "$dir/.unpacked" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		for p in "${pkgs[@]}"; do
			dpkg-deb -x "$(fetch "$p")" "$dir"
		done
		touch "$dir/.unpacked"
	fi
	image=$(find "$dir/boot" "$dir/usr/lib/modules" -maxdepth 2 -name 'vmlinuz*' 2>/dev/null | head -n 1 || true)
	config=$(find "$dir/boot" "$dir/usr/lib/modules" -maxdepth 2 \( -name 'config-*' -o -name config \) 2>/dev/null | head -n 1 || true)
	[ -f "$image" ] || die "no vmlinuz in ${pkgs[*]}"
	[ -f "$config" ] || die "no kernel config in ${pkgs[*]}"
	case $image in
	*/boot/vmlinuz-*) release=${image##*/vmlinuz-} ;;
	*) release=$(basename "$(dirname "$image")") ;;
	esac
	# Where the distro puts the config on a real system (cmactl reads it from there).
	guest_config=${config#"$dir"}
	K=${key^^}
	kenv_start=$(wc -l <"$env_out")
	{
		echo "${K}_IMAGE='$image'"
		echo "${K}_CONFIG='$config'"
		echo "${K}_GUEST_CONFIG='$guest_config'"
		echo "${K}_RELEASE='$release'"
		echo "${K}_VERSION='$(candidate "$abi")'"
		echo "${K}_PACKAGES='${pkgs[*]}'"
	} >>"$env_out"
	if [ "$arch" = armhf ]; then
		deb=$(fetch busybox-static)
		bb=$CACHE/busybox/$(basename "$deb" .deb)
		if [ ! -e "$bb/.unpacked" ]; then
			rm -rf "$bb"
			mkdir -p "$bb"
			dpkg-deb -x "$deb" "$bb"
			touch "$bb/.unpacked"
		fi
		echo "ARMHF_BUSYBOX='$bb/bin/busybox'" >>"$env_out"
		# A sysroot for the static armhf cmactl (cross-pkg-config-armhf): the -dev
		# packages unpacked, not installed (installing :armhf libraries beside the
		# amd64 ones breaks while the archive's armhf index is mid-sync, LAB.md 11).
		sysroot=$CACHE/armhf-sysroot
		if [ ! -e "$sysroot/.unpacked" ]; then
			rm -rf "$sysroot"
			mkdir -p "$sysroot"
			for p in libjson-c-dev libjson-c5 zlib1g-dev zlib1g libfdt-dev libfdt1 libkmod-dev; do
				dpkg-deb -x "$(fetch "$p")" "$sysroot"
			done
			# Debian's libfdt-dev ships no libfdt.pc
			mkdir -p "$sysroot/usr/lib/arm-linux-gnueabihf/pkgconfig"
			cat >"$sysroot/usr/lib/arm-linux-gnueabihf/pkgconfig/libfdt.pc" <<EOF
prefix=/usr
Name: libfdt
Description: Flat Device Tree library (armhf, for cmactl's lab)
Version: $(candidate libfdt-dev)
Libs: -L\${prefix}/lib/arm-linux-gnueabihf -lfdt
Cflags: -I\${prefix}/include
EOF
			touch "$sysroot/.unpacked"
		fi
		echo "ARMHF_SYSROOT='$sysroot'" >>"$env_out"
	fi
	tail -n +$((kenv_start + 1)) "$env_out" >"$stamp.tmp" && mv "$stamp.tmp" "$stamp"
	printf '%s %s %ds rc=0\n' "$(date -u +%FT%TZ)" "stock-kernel($key:$abi)" $(($(date +%s) - t0)) >>"$CACHE/timings.log"
	log "$key: $abi $(candidate "$abi") -> $release"
done
# Kernel sources for lab builds from other suites: sid's linux-source-7.2 (Architecture:
# all), for the 7.2 lab kernel that setup.sh builds with the lab fragment. Resolved once,
# like the stock kernels (stamp $CACHE/stock/<key>-source.env).
LAB_SOURCES=("k72|sid|arm64|linux-source-7.2")
for k in "${LAB_SOURCES[@]}"; do
	IFS='|' read -r key suite arch pkg <<<"$k"
	stamp=$CACHE/stock/$key-source.env
	K=${key^^}
	# shellcheck source=/dev/null
	if [ "${CMACTL_VM_REFRESH:-0}" != 1 ] && [ -s "$stamp" ] &&
		(. "$stamp" && v=${K}_SOURCE_DEB && [ -f "${!v}" ]); then
		cat "$stamp" >>"$env_out"
		continue
	fi
	t0=$(date +%s)
	apt_opts "$suite" "$arch"
	[ -e "$APT_DIR/.updated" ] || private_update
	ARCH=all
	deb=$(fetch "$pkg")
	printf "%s_SOURCE_DEB='%s'\n%s_SOURCE_VERSION='%s'\n" "$K" "$deb" "$K" "$(dpkg-deb -f "$deb" Version)" >"$stamp.tmp"
	mv "$stamp.tmp" "$stamp"
	cat "$stamp" >>"$env_out"
	printf '%s %s %ds rc=0\n' "$(date -u +%FT%TZ)" "lab-source($key:$pkg)" $(($(date +%s) - t0)) >>"$CACHE/timings.log"
	log "$key: $pkg $(dpkg-deb -f "$deb" Version)"
done
mv "$env_out" "$CACHE/stock-kernels.env"
