#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make check-pkg: the packaging and board builds of issue 13, slow, kept out of make check.
#  1. dpkg-buildpackage -us -uc on a clean copy of the tree (git archive of HEAD plus the
#     work tree's changes), then lintian at its default level;
#  2. the Makefile contract Yocto and Buildroot rely on: a cross build driven only by
#     CC, CFLAGS, LDFLAGS, PKG_CONFIG, DESTDIR, PREFIX and V=1, installed unstripped;
#  3. STATIC=1 WITH_KMOD=0 for arm64 and armhf, checked with file(1) and run under
#     qemu-user when it is installed;
#  4. dpkg-buildpackage -a arm64 with the host's dpkg (arm64 a foreign architecture there);
#  5. dpkg-buildpackage -a armhf in a cached bookworm chroot of its own (debootstrap, root),
#     lintian, and its cmactl run under qemu-arm -L, its output compared with the native
#     package's.
# Everything is built under build/pkg/; prints one "ok"/"FAIL"/"skip" line per step.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/pkg
fails=0
rm -rf "$out"
mkdir -p "$out"

say() { printf '%s %s\n' "$1" "$2"; [ "$1" = FAIL ] && fails=$((fails + 1)); return 0; }

# A copy of the tree as git sees it (tracked files, with uncommitted edits).
src=$out/cmactl-src
mkdir -p "$src"
(cd "$top" && git ls-files -z -c -o --exclude-standard | xargs -0 tar -cf - 2>/dev/null) | tar -xf - -C "$src"

# 1. the Debian package, native
if command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null; then
	if (cd "$src" && dpkg-buildpackage -us -uc -b) >"$out/dpkg-buildpackage.log" 2>&1; then
		set -- "$out"/*.deb
		say ok "dpkg-buildpackage -us -uc -b ($(for d in "$@"; do printf '%s ' "${d##*/}"; done))"
		set -- "$out"/cmactl_*.deb
		deb=$1
		dpkg-deb -x "$deb" "$out/native-root"
		native_deb=$deb
		dpkg-deb -c "$deb" >"$out/contents"
		for f in usr/bin/cmactl usr/bin/dmaheap-alloc usr/share/man/man8/cmactl.8.gz \
			usr/share/man/man1/dmaheap-alloc.1.gz usr/share/bash-completion/completions/cmactl \
			usr/share/zsh/vendor-completions/_cmactl usr/share/fish/vendor_completions.d/cmactl.fish; do
			grep -q " \./$f\$" "$out/contents" || say FAIL "package lacks /$f"
		done
		# dpkg-buildflags' hardening reached the binary (blhc-style: -fstack-protector-strong in the log)
		if ! grep -q 'fstack-protector-strong' "$out/dpkg-buildpackage.log" ||
			! grep -q -- '-Wl,-z,relro' "$out/dpkg-buildpackage.log"; then
			say FAIL "dpkg-buildflags not seen on the compiler lines (V=1)"
		fi
		if command -v lintian >/dev/null; then
			set -- "$out"/*.changes
			changes=$1
			if lintian "$changes" >"$out/lintian.log" 2>&1 && ! grep -qE '^[EW]:' "$out/lintian.log"; then
				say ok "lintian: no errors or warnings"
			else
				say FAIL "lintian: $(grep -cE '^[EW]:' "$out/lintian.log") errors/warnings ($out/lintian.log)"
			fi
		else
			say skip "lintian not installed"
		fi
	else
		say FAIL "dpkg-buildpackage (see $out/dpkg-buildpackage.log)"
	fi
else
	say skip "dpkg-buildpackage/debhelper not installed (scripts/deps.sh --pkg)"
fi

# A sysroot of arch $1 (Debian name) holding the -dev packages' static archives,
# unpacked from the Debian archive with a private apt state (nothing is installed).
sysroot() {
	arch=$1 root=$out/sysroot-$1
	apt=$out/apt-$1
	mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$root"
	cat >"$apt/apt.conf" <<APT
Dir::State "$apt";
Dir::State::Lists "$apt/lists";
Dir::State::status "$apt/status";
Dir::Cache "$apt";
APT::Architecture "$arch";
APT::Architectures { "$arch"; };
Debug::NoLocking "true";
APT
	: >"$apt/status"
	# an index that fails to download (a mirror mid-sync) is retried once, then the
	# download below says whether what was fetched is enough
	APT_CONFIG=$apt/apt.conf apt-get -qq update >"$apt/update.log" 2>&1 ||
		APT_CONFIG=$apt/apt.conf apt-get -qq update >>"$apt/update.log" 2>&1 || true
	(cd "$apt/archives" &&
		APT_CONFIG=$apt/apt.conf apt-get -qq download libjson-c-dev libfdt-dev zlib1g-dev \
			>"$apt/download.log" 2>&1) || return 1
	for d in "$apt"/archives/*.deb; do dpkg-deb -x "$d" "$root"; done
	# .pc files that point into the sysroot (Debian's libfdt-dev ships none)
	multi=$(dpkg-architecture -a "$arch" -qDEB_HOST_MULTIARCH 2>/dev/null)
	pc=$root/pc
	mkdir -p "$pc"
	for p in json-c zlib; do
		sed "s|=/usr|=$root/usr|" "$root/usr/lib/$multi/pkgconfig/$p.pc" >"$pc/$p.pc"
	done
	# shellcheck disable=SC2016 # ${prefix} and ${libdir} are pkg-config's own variables
	printf 'prefix=%s/usr\nlibdir=${prefix}/lib/%s\nincludedir=${prefix}/include\nName: libfdt\nDescription: libfdt\nVersion: 1.6.1\nLibs: -L${libdir} -lfdt\nCflags: -I${includedir}\n' \
		"$root" "$multi" >"$pc/libfdt.pc"
	printf '#!/bin/sh\nPKG_CONFIG_LIBDIR=%s PKG_CONFIG_SYSROOT_DIR= exec pkg-config "$@"\n' "$pc" \
		>"$root/pkg-config"
	chmod +x "$root/pkg-config"
}

# same_as_native TAG CMD...: the cmactl run by CMD (a cross-built one under qemu-user)
# prints for --version and for status --json on a fixture what the native package's
# prints, byte for byte. A 32-bit build's readdir() failing with EOVERFLOW (before
# -D_FILE_OFFSET_BITS=64) read no sysfs/debugfs and said so only by weaker evidence.
same_as_native() {
	tag=$1
	shift
	[ -x "$out/native-root/usr/bin/cmactl" ] || { say skip "$tag: no native package to compare with"; return; }
	fx=$top/fixtures/lab-a-kconfig16M
	for args in "--version" "--root $fx status --json"; do
		name=$(printf '%s' "${args#"--root $fx "}" | tr -c 'a-z0-9' '_')
		# shellcheck disable=SC2086 # $args are words
		"$out/native-root/usr/bin/cmactl" $args >"$out/native$name.out" 2>&1
		# shellcheck disable=SC2086
		"$@" $args >"$out/$tag$name.out" 2>&1
		if [ -s "$out/native$name.out" ] && cmp -s "$out/native$name.out" "$out/$tag$name.out"; then
			say ok "$tag: cmactl ${args#"--root $fx "} equals the native package's ($(wc -c <"$out/native$name.out") bytes)"
		else
			say FAIL "$tag: cmactl $args differs from the native package's ($out/native$name.out, $out/$tag$name.out)"
		fi
	done
}

# 2 + 3: for each board architecture, the Makefile driven only by the contract's
# variables, STATIC=1 WITH_KMOD=0, installed to a DESTDIR; then what was installed.
board() {
	arch=$1 triplet=$2 qemu=$3 magic=$4
	command -v "$triplet-gcc" >/dev/null || { say skip "$arch: no $triplet-gcc"; return; }
	sysroot "$arch" || { say skip "$arch: the Debian archive could not be reached"; return; }
	b=$out/build-$arch dest=$out/dest-$arch
	if (cd "$src" && make -j2 V=1 CC="$triplet-gcc" CFLAGS="-O2 -g" LDFLAGS="" \
		PKG_CONFIG="$out/sysroot-$arch/pkg-config" STATIC=1 WITH_KMOD=0 \
		B="$b" BIN="$b/cmactl" CLIENT_BIN="$b/dmaheap-alloc" \
		"$b/cmactl" "$b/dmaheap-alloc" &&
		make V=1 B="$b" BIN="$b/cmactl" CLIENT_BIN="$b/dmaheap-alloc" CC="$triplet-gcc" \
			PKG_CONFIG="$out/sysroot-$arch/pkg-config" STATIC=1 WITH_KMOD=0 \
			DESTDIR="$dest" PREFIX=/usr install) >"$out/build-$arch.log" 2>&1; then
		:
	else
		say FAIL "$arch: STATIC=1 WITH_KMOD=0 cross build ($out/build-$arch.log)"
		return
	fi
	for f in cmactl dmaheap-alloc; do
		info=$(file -b "$dest/usr/bin/$f")
		case $info in
		*"$magic"*"statically linked"*"not stripped"*) ;;
		*) say FAIL "$arch: /usr/bin/$f is not a static unstripped $magic: $info"; return ;;
		esac
	done
	grep -q -- "$triplet-gcc.*-O2 -g" "$out/build-$arch.log" ||
		say FAIL "$arch: CC/CFLAGS not seen on the compiler lines (V=1)"
	if [ ! -f "$dest/usr/share/man/man8/cmactl.8" ] || [ ! -f "$dest/usr/share/man/man1/dmaheap-alloc.1" ]; then
		say FAIL "$arch: PREFIX/DESTDIR: man pages not under $dest/usr/share/man"
	fi
	say ok "$arch: STATIC=1 WITH_KMOD=0 cross build, installed unstripped under DESTDIR: cmactl $(stat -c %s "$dest/usr/bin/cmactl") bytes, dmaheap-alloc $(stat -c %s "$dest/usr/bin/dmaheap-alloc") bytes"
	if command -v "$qemu" >/dev/null; then
		if "$qemu" "$dest/usr/bin/cmactl" --root "$top/fixtures/lab-a-kconfig16M" status --check \
			>"$out/run-$arch.log" 2>&1; then
			say ok "$arch: cmactl status --check runs under $qemu"
		else
			say FAIL "$arch: cmactl under $qemu ($out/run-$arch.log)"
		fi
		same_as_native "$arch-static" "$qemu" "$dest/usr/bin/cmactl"
	else
		say skip "$arch: $qemu not installed: the binary was not run"
	fi
}

board arm64 aarch64-linux-gnu qemu-aarch64 "ARM aarch64"
board armhf arm-linux-gnueabihf qemu-arm "ARM, EABI5"

# 4. the Debian package cross-built for arm64 (dpkg-buildpackage -a arm64). -d: Debian 12's
# libfdt-dev is not Multi-Arch: same, so libfdt-dev:arm64 cannot be installed beside the
# native one; its headers and library come from the sysroot above through PKG_CONFIG_PATH.
cross_deb() {
	arch=$1
	[ -x "$out/sysroot-$arch/pkg-config" ] || { say skip "dpkg-buildpackage -a $arch: no sysroot"; return; }
	dpkg-architecture -a "$arch" -qDEB_HOST_GNU_TYPE >/dev/null 2>&1 || return
	dpkg --print-foreign-architectures | grep -qx "$arch" ||
		{ say skip "dpkg-buildpackage -a $arch: $arch is not a dpkg architecture here"; return; }
	csrc=$out/cross-$arch/cmactl-src
	triplet=$(dpkg-architecture -a "$arch" -qDEB_HOST_GNU_TYPE)
	multi=$(dpkg-architecture -a "$arch" -qDEB_HOST_MULTIARCH)
	mkdir -p "$csrc" "$out/cross-$arch/bin"
	cp -r "$src/." "$csrc"
	# dh runs $triplet-pkg-config (pkgconf's cross wrapper, absent without pkgconf): one
	# that sees the installed $arch .pc files and the sysroot's libfdt.pc
	printf '#!/bin/sh\nPKG_CONFIG_LIBDIR=%s:/usr/lib/%s/pkgconfig:/usr/share/pkgconfig exec pkg-config "$@"\n' \
		"$out/sysroot-$arch/pc" "$multi" >"$out/cross-$arch/bin/$triplet-pkg-config"
	chmod +x "$out/cross-$arch/bin/$triplet-pkg-config"
	if (cd "$csrc" && PATH=$out/cross-$arch/bin:$PATH \
		DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -a "$arch" -d -us -uc -b) \
		>"$out/cross-$arch/dpkg-buildpackage.log" 2>&1; then
		set -- "$out/cross-$arch"/cmactl_*_"$arch".deb
		deb=$1
		dpkg-deb -x "$deb" "$out/cross-$arch/root"
		info=$(file -b "$out/cross-$arch/root/usr/bin/cmactl")
		say ok "dpkg-buildpackage -a $arch: $(basename "$deb"), cmactl: ${info%%,*}"
	else
		say FAIL "dpkg-buildpackage -a $arch ($out/cross-$arch/dpkg-buildpackage.log)"
	fi
}
cross_deb arm64

# 5. the Debian package cross-built for armhf, in a Debian 12 chroot of its own. The
# host's dpkg cannot take armhf: its amd64 libraries come from bookworm-security, the
# armhf ones a mirror mid-sync serves only at bookworm's versions, and Multi-Arch: same
# packages need equal versions on both. A debootstrap of bookworm main alone has equal
# versions by construction, and no native libfdt-dev (not Multi-Arch: same in Debian 12),
# so the plain Build-Depends install for :armhf, without -d or a sysroot. The chroot is
# cached (${XDG_CACHE_HOME:-~/.cache}/cmactl/chroot-bookworm-armhf, ready when
# .cmactl-ready is there) so a warm run is offline. Needs root for debootstrap/chroot.
# shellcheck disable=SC2016 # $0 and $@ are the inner shell's: the chroot and the command
inchroot() {
	# a mount namespace of its own: /proc and /dev are unmounted when the command ends
	unshare --mount --fork -- sh -c 'mount -t proc proc "$0/proc" && mount --rbind /dev "$0/dev" &&
		exec chroot "$0" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 "$@"' "$croot" "$@"
}
deb_libs() { dpkg-deb -f "$1" Depends | tr ',' '\n' | sed 's/^ *//; s/[ (].*//' | sort | tr '\n' ' ' | sed 's/ $//'; }
chroot_deb() {
	arch=$1
	d=$out/cross-$arch
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/cmactl
	croot=$cache/chroot-bookworm-$arch
	mirror=${CMACTL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
	[ "$(id -u)" -eq 0 ] || { say skip "dpkg-buildpackage -a $arch (chroot): needs root"; return; }
	command -v debootstrap >/dev/null ||
		{ say skip "dpkg-buildpackage -a $arch: no debootstrap (scripts/deps.sh --pkg)"; return; }
	mkdir -p "$d" "$cache"
	t0=$(date +%s)
	# one check-pkg at a time in the chroot (its /build and apt state are shared): a
	# second run waits for the first; the lock is released when the script exits
	exec 9>"$cache/chroot-bookworm-$arch.lock"
	flock 9
	if [ ! -f "$croot/.cmactl-ready" ]; then
		rm -rf "$croot"
		if ! debootstrap --variant=buildd bookworm "$croot" "$mirror" >"$d/debootstrap.log" 2>&1; then
			rm -rf "$croot"
			say skip "dpkg-buildpackage -a $arch: debootstrap failed, the Debian archive could not be reached? ($d/debootstrap.log)"
			return
		fi
		# bookworm main only, for both architectures: equal versions by construction
		printf 'deb %s bookworm main\n' "$mirror" >"$croot/etc/apt/sources.list"
		if ! inchroot sh -c "dpkg --add-architecture $arch && apt-get -q update &&
			DEBIAN_FRONTEND=noninteractive apt-get -q -y --no-install-recommends install crossbuild-essential-$arch" \
			>"$d/chroot-setup.log" 2>&1; then
			say FAIL "dpkg-buildpackage -a $arch: chroot setup ($d/chroot-setup.log)"
			return
		fi
		touch "$croot/.cmactl-ready"
		how="chroot built in $(($(date +%s) - t0)) s"
	else
		how="cached chroot"
	fi
	rm -rf "$croot/build"
	mkdir -p "$croot/build"
	cp -r "$src" "$croot/build/cmactl-src"
	# Build-Depends: installed only when missing (a warm cache needs no network)
	if ! inchroot sh -c "cd /build/cmactl-src && { dpkg-checkbuilddeps -a $arch 2>/dev/null ||
		{ apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get -q -y --no-install-recommends build-dep -a $arch . ; } ; } &&
		DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -a $arch -us -uc -b" >"$d/dpkg-buildpackage.log" 2>&1; then
		say FAIL "dpkg-buildpackage -a $arch in the chroot ($d/dpkg-buildpackage.log)"
		return
	fi
	cp "$croot"/build/*.deb "$croot"/build/*.changes "$croot"/build/*.buildinfo "$d/"
	rm -rf "$croot/build"
	set -- "$d"/cmactl_*_"$arch".deb
	deb=$1
	dpkg-deb -x "$deb" "$d/root"
	info=$(file -b "$d/root/usr/bin/cmactl")
	case $info in
	*"ELF 32-bit LSB"*"ARM, EABI5"*) say ok "dpkg-buildpackage -a $arch in a bookworm chroot ($how, $(($(date +%s) - t0)) s in all): $(basename "$deb"), cmactl: ${info%%, BuildID*}" ;;
	*) say FAIL "dpkg-buildpackage -a $arch: /usr/bin/cmactl is not ELF 32-bit ARM, EABI5: $info"; return ;;
	esac
	if command -v lintian >/dev/null; then
		set -- "$d"/*_"$arch".changes
		if lintian "$1" >"$d/lintian.log" 2>&1 && ! grep -qE '^[EW]:' "$d/lintian.log"; then
			say ok "lintian ($arch): no errors or warnings"
		else
			say FAIL "lintian ($arch): $(grep -cE '^[EW]:' "$d/lintian.log") errors/warnings ($d/lintian.log)"
		fi
	fi
	# the same libraries as the native package (dpkg-shlibdeps' Depends, names only): a
	# -dev package the build machine happens to have is not in the package by chance
	if [ -n "${native_deb:-}" ]; then
		theirs=$(deb_libs "$native_deb") ours=$(deb_libs "$deb")
		if [ "$ours" = "$theirs" ]; then
			say ok "$arch package: Depends on the native package's libraries ($ours)"
		else
			say FAIL "$arch package: Depends on $ours, the native package on $theirs"
		fi
	fi
	# the packaged binary runs under qemu-user with the chroot's $arch libraries (-L)
	if command -v qemu-arm >/dev/null; then
		same_as_native "$arch-deb" qemu-arm -L "$croot" "$d/root/usr/bin/cmactl"
	else
		say skip "$arch package: qemu-arm not installed: not run"
	fi
}
chroot_deb armhf

echo "check-pkg: $fails failed"
[ "$fails" -eq 0 ]
