#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the seed corpora of the fuzz targets from fixtures/ into OUT/<target>/
# (mk/reliability.mk: `make fuzz-seeds`). Usage: fuzz/seed.sh OUT
# The Debian arm64 DTB cache of test/dt-corpus.bats, when present, adds
# FUZZ_DT_EXTRA (default 60) real board DTBs to the DT seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$1
rm -rf "$out"
mkdir -p "$out"/{klog,text,size,dt,dtedit,plan,bundlepath,watch}

n=0
put() {	# put TARGET FILE: copy FILE into the seeds of TARGET under a unique name
	n=$((n + 1))
	cp "$2" "$out/$1/$n-$(basename "$2")"
}

# kernel logs: the log fixtures and each capture's dmesg
for f in fixtures/logs/*.log fixtures/logs/*.txt fixtures/*/var/log/dmesg; do
	[ -f "$f" ] && put klog "$f"
done

# watch: raw /dev/kmsg records, and streams
put watch fixtures/logs/v6.1-kmsg-raw.txt
printf '1920x1080:NV12:8\n3,1,2,-;cma: cma_alloc: reserved: alloc failed, req-size: 4096 pages, ret: -12\n' \
	> "$out/watch/stream-nv12"
printf '3840x2160:P010:4\n' > "$out/watch/stream-p010"
printf '1920x1080:NV12:8:hantro-h264\n' > "$out/watch/stream-hantro"
printf '3840x2160:NV12_4L4:4:hantro-hevc\n' > "$out/watch/stream-g2"
printf '32x32:NV12_4L4:1:hantro-av1\n' > "$out/watch/stream-av1"

# text: meminfo, cmdline, .config (plain and unpacked), releases, sysfs numbers
for f in fixtures/*/proc/meminfo fixtures/*/proc/cmdline fixtures/*/boot/config-* \
	fixtures/*/proc/sys/kernel/osrelease fixtures/*/sys/kernel/debug/cma/*/count; do
	[ -f "$f" ] && put text "$f"
done
for f in fixtures/*/proc/config.gz; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	zcat "$f" > "$out/text/$n-config" || rm -f "$out/text/$n-config"
done

# sizes: one per line of fuzz/seeds/size.txt
i=0
while IFS= read -r l; do
	i=$((i + 1))
	printf '%s' "$l" > "$out/size/$i"
done < fuzz/seeds/size.txt

# DTBs: every DTS fixture, compiled
for f in fixtures/dts/*.dts fixtures/*/sys/firmware/fdt.dts fixtures/set/*.dts; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	dtc -q -I dts -O dtb -o "$out/dt/$n.dtb" "$f" 2>/dev/null || rm -f "$out/dt/$n.dtb"
done
cache=${CMACTL_DTB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cmactl/dtbs}
if [ -d "$cache/dtbs" ]; then
	find "$cache/dtbs" -name '*.dtb' | LC_ALL=C sort | awk -v k="${FUZZ_DT_EXTRA:-60}" \
		'NR % 9 == 1 && c++ < k' | while read -r f; do put dt "$f"; done
fi

# dtedit: each DTB behind a few request selectors (see fuzz-dtedit.c)
for f in "$out"/dt/*.dtb; do
	for sel in '\x00\x00' '\x04\x00' '\x28\x05' '\x30\x60' '\x40\x00' '\x44\x00' '\x80\x20'; do
		n=$((n + 1))
		{ printf "$sel"; cat "$f"; } > "$out/dtedit/$n"
	done
done

# plan: bootloader files, command lines and configs behind a selector byte
for f in fixtures/set/cmdline.txt fixtures/set/config.txt fixtures/set/extlinux*.conf fixtures/set/grub* \
	fixtures/*/proc/cmdline "$out"/text/*-config; do
	[ -f "$f" ] || continue
	for sel in '\x00' '\x01' '\x02' '\x04' '\x08' '\x11' '\x60'; do
		n=$((n + 1))
		{ printf "$sel"; cat "$f"; } > "$out/plan/$n"
	done
done

# bundle member names: every file of the fixture trees, as a tarball would name it
for f in $(cd fixtures && find lab-a-kconfig16M lab-g-dt-reg16M-unitaddr -type f); do
	n=$((n + 1))
	printf './%s' "${f#*/}" >"$out/bundlepath/$n"
done
printf '../../etc/passwd' >"$out/bundlepath/dotdot"
printf '/etc/shadow' >"$out/bundlepath/absolute"

for t in klog text size dt dtedit plan bundlepath; do
	printf '%s: %s seeds\n' "$t" "$(find "$out/$t" -type f | wc -l)"
done

