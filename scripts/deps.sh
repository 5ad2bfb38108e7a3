#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install what cmactl needs on Debian 12: `scripts/deps.sh` to build and run it,
# `scripts/deps.sh --test` to also run `make check`, `--reliability` for the targets of
# mk/reliability.mk, `--pkg` for make check-pkg. Installs only what is missing.
set -eu

pkgs="gcc make pkg-config libfdt-dev libkmod-dev libjson-c-dev zlib1g-dev libarchive-dev libubootenv-dev"
case ${1:-} in
--test) pkgs="$pkgs bats jq device-tree-compiler mandoc shellcheck zsh fish bash-completion util-linux
	prometheus prometheus-node-exporter python3-prometheus-client curl tmux librsvg2-bin libubootenv-tool" ;;
--bench) pkgs="$pkgs hyperfine time" ;;
# make check-pkg (scripts/check-pkg.sh): the Debian package, lintian, arm64/armhf cross builds
# (debootstrap: the armhf package is built in a bookworm chroot of its own)
--pkg) pkgs="$pkgs dpkg-dev debhelper fakeroot lintian file qemu-user debootstrap gcc-aarch64-linux-gnu
	libc6-dev-arm64-cross gcc-arm-linux-gnueabihf libc6-dev-armhf-cross" ;;
# make check-asan, check-valgrind, analyze, fuzz (mk/reliability.mk): the --test set plus these
--reliability) pkgs="$pkgs bats jq device-tree-compiler mandoc shellcheck zsh fish bash-completion util-linux
	prometheus prometheus-node-exporter python3-prometheus-client curl tmux librsvg2-bin libubootenv-tool
	clang libclang-rt-14-dev clang-tidy cppcheck valgrind" ;;
"") ;;
*) echo "usage: $0 [--test|--bench|--reliability|--pkg]" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "installing:$missing"
$sudo apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the package list is intended
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
