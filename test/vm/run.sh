#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Boot every lab configuration under qemu-system-aarch64 (TCG) with the stock Debian and
# the lab kernel, and hold `cmactl status` inside the guest to what the kernel did in the
# same boot (CmaTotal, its reservation log lines, sysfs area names).
#
#   run.sh [CMACTL] [PATTERN]
#
# CMACTL: arm64 cmactl to put in the initramfs (default build-arm64/cmactl).  If it is
#   missing every cmactl check fails, unless CMACTL_VM_ALLOW_MISSING=1, which turns them
#   into visible "# SKIP" lines (the kernel-side checks still run).
# PATTERN: run only configurations whose name matches this extended regex.
# Needs test/vm/setup.sh to have run.  Results: $CACHE/results/<config>/ (one file per
# console section, console.log, qemu-args.txt, wall-seconds.txt).
# Prints TAP-style lines and "N passed, N failed"; exits 1 on any failure.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
CACHE=${CMACTL_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cmactl/vm}
[ -f "$CACHE/env.sh" ] || { echo "run.sh: run test/vm/setup.sh first" >&2; exit 1; }
# shellcheck source=test/vm/lock.sh
. "$here/lock.sh"
cache_lock run.sh
# shellcheck source=/dev/null
. "$CACHE/env.sh"

CMACTL=${1:-$top/build-arm64/cmactl}
HOST_CMACTL=${HOST_CMACTL:-$top/cmactl} # native build, for the `set` round trips
PATTERN=${2:-.}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-180}
WORK=$CACHE/work
RESULTS=$CACHE/results
DTB=$WORK/dtb
MiB=1048576
# Kconfig sizes: Debian's (64 MiB in 6.1.0-56) and the fragment's (16 MiB).
STOCK_MIB=$(sed -n 's/^CONFIG_CMA_SIZE_MBYTES=//p' "$STOCK_CONFIG")
LAB_MIB=$(sed -n 's/^CONFIG_CMA_SIZE_MBYTES=//p' "$here/lab-kernel.config")
KVER=${SRC_VERSION%%-*} # 6.1.192-2 -> 6.1.192, for cmactl --kernel-version

# ------------------------------------------------------------------ kernels
# KERNELS: the kernel generations to boot (test/vm/README.md, "Kernels"): 6.1 = Debian
# bookworm's stock kernel + the lab kernel (and the round trips, U-Boot, stress and
# module boots); 5.10, 6.12, 7.2 = the stock arm64 kernels of bullseye, trixie, sid
# (stock-kernels.sh); armhf = bookworm's armmp-lpae under qemu-system-arm.
KERNELS=${KERNELS:-5.10 6.1 6.12 7.2 armhf}
# shellcheck source=/dev/null
[ -f "$CACHE/stock-kernels.env" ] && . "$CACHE/stock-kernels.env"
want_kernel() { [[ " $KERNELS " == *" $1 "* ]]; }
# runs61 NAME: a 6.1-only boot (round trips, U-Boot, Kconfig, stress, module) is wanted.
runs61() { want_kernel 6.1 && [[ $1 =~ $PATTERN ]]; }
# Per kernel key: image, Kconfig size, and the kernel's line when cma= beats the DT
# default node (7.2 rewrote it, DOMAIN.md section 7; 5.10 to 6.12 print 6.1's line).
declare -A K_IMAGE=([stock]=$STOCK_IMAGE [lab]=$LAB_IMAGE) K_MIB=() K_BYPASS=()
BYPASS_61="Reserved memory: bypass linux,cma node, using cmdline CMA params instead"
BYPASS_72='Skipping dt linux,cma-default node in favor for "cma=" kernel param.'
for k in stock lab k510 k612 k72; do K_BYPASS[$k]=$BYPASS_61; done
K_BYPASS[k72]=$BYPASS_72
K_MIB[stock]=$STOCK_MIB
K_MIB[lab]=$LAB_MIB
# The 7.2 lab kernel: the lab fragment on sid's linux-source-7.2 (setup.sh), same Kconfig
# size, 7.2's bypass line.
K_IMAGE[lab72]=${LAB72_IMAGE:-}
K_MIB[lab72]=$LAB_MIB
K_BYPASS[lab72]=$BYPASS_72
for k in k510 k612 k72; do
	img=${k^^}_IMAGE cfg=${k^^}_CONFIG
	K_IMAGE[$k]=${!img:-}
	[ -n "${!cfg:-}" ] && K_MIB[$k]=$(sed -n 's/^CONFIG_CMA_SIZE_MBYTES=//p' "${!cfg}")
done

# ------------------------------------------------------------------ configurations
# name | kernel key | qemu args | expected MiB of the default area | expected source |
#   DT area name | expected CmaTotal MiB (default: the default area's) | kind
# kind: "" = the kernel logs the reservation; "none" = cma=0, no area, no line;
# "failed" = cma= larger than memory, the kernel logs "cma: Failed to reserve N MiB".
CONFIGS=()
NUMA2="-smp 2 -numa node,nodeid=0,cpus=0,memdev=m0 -numa node,nodeid=1,cpus=1,memdev=m1 -object memory-backend-ram,id=m0,size=512M -object memory-backend-ram,id=m1,size=512M"
# configs PREFIX KEY: every configuration of the 6.1 lab for kernel KEY, names PREFIX-*.
configs() {
	local p=$1 k=$2 m=${K_MIB[$2]}
	local numa=$m pernuma=$m big=2
	# "too large": more than the machine's RAM (the 3 GiB armhf guest could hold 2G)
	[ "$k" = armhf3g ] && big=4
	CONFIGS+=(
		"$p-a-default|$k||$m|kconfig|"
		"$p-b-cmdline-cma128M|$k|-append cma=128M|128|cmdline|"
		"$p-c-dt-size96M|$k|-dtb $DTB/virt-cma-size.dtb|96|devicetree|linux,cma"
		"$p-d-dt-size96M-cmdline-cma32M|$k|-dtb $DTB/virt-cma-size.dtb -append cma=32M|32|cmdline|linux,cma"
		"$p-e-dt-reg80M|$k|-dtb $DTB/virt-cma-reg.dtb|80|devicetree|linux,cma"
		"$p-f-dt-bootargs-cma48M|$k|-dtb $DTB/virt-bootargs.dtb|48|cmdline|"
		"$p-f2-dt-bootargs-cma48M-append-cma24M|$k|-dtb $DTB/virt-bootargs.dtb -append cma=24M|24|cmdline|"
		"$p-g-dt-reg16M-unitaddr|$k|-dtb $DTB/virt-cma-reg16M-unitaddr.dtb|16|devicetree|linux,cma@60000000"
		"$p-h-cmdline-cma0|$k|-append cma=0|0|cmdline||0|none"
		"$p-h2-dt-size96M-cmdline-cma0|$k|-dtb $DTB/virt-cma-size.dtb -append cma=0|0|cmdline|linux,cma|0|none"
		"$p-i-cmdline-cma${big}G-too-large|$k|-append cma=${big}G|0|cmdline||0|failed"
		"$p-j-dt-nondefault-mycma96M|$k|-dtb $DTB/virt-cma-nondefault.dtb|$m|kconfig||$((m + 96))"
	)
	# the lab fragment has no NUMA, Debian's armmp-lpae neither
	case $k in lab | lab72 | armhf*) return ;; esac
	# Two NUMA nodes of 512 MiB. 7.2 (CONFIG_CMA_SIZE_PERNUMA=y) adds an area of the
	# default size per node; cma_pernuma=16M adds 16 MiB areas per node where the kernel
	# has per-node CMA (5.10, 6.1: CONFIG_DMA_PERNUMA_CMA=y; 7.2: CONFIG_DMA_NUMA_CMA=y),
	# Debian's 6.12 has neither option and ignores the parameter.
	case $k in
	k72) numa=$((3 * m)) pernuma=$((m + 32)) ;;
	k612) ;;
	*) pernuma=$((m + 32)) ;;
	esac
	# numa_cma=0:16M,1:16M (6.7+, CONFIG_DMA_NUMA_CMA): 7.2 only among these; the
	# others do not know the parameter.
	local numacma=$m
	[ "$k" = k72 ] && numacma=$((m + 32))
	CONFIGS+=(
		"$p-n-numa2-default|$k|$NUMA2|$m|kconfig||$numa"
		"$p-n2-numa2-cma_pernuma16M|$k|$NUMA2 -append cma_pernuma=16M|$m|kconfig||$pernuma"
		"$p-n3-numa2-numa_cma16M|$k|$NUMA2 -append numa_cma=0:16M,1:16M|$m|kconfig||$numacma"
		"$p-q-6G-default|$k|-m 6G|$m|kconfig|"
		"$p-q2-6G-cmdline-cma3584M-above-dma-limit|$k|-m 6G -append cma=3584M|0|cmdline||0|failed"
	)
}
# 32-bit ARM: Debian's armmp-lpae kernel under qemu-system-arm -M virt (cortex-a15)
# with 1 GiB and with 3 GiB (highmem); its own DTB dumps, initramfs and static cmactl.
# Every non-NUMA configuration at 1 GiB, the Kconfig, cma=, DT and failure ones at 3 GiB.
if want_kernel armhf; then
	[ -n "${ARMHF_IMAGE:-}" ] || { echo "Bail out! no armmp-lpae kernel: run test/vm/setup.sh"; exit 1; }
	K_IMAGE[armhf1g]=$ARMHF_IMAGE K_IMAGE[armhf3g]=$ARMHF_IMAGE
	K_MIB[armhf1g]=$(sed -n 's/^CONFIG_CMA_SIZE_MBYTES=//p' "$ARMHF_CONFIG")
	K_MIB[armhf3g]=${K_MIB[armhf1g]}
	K_BYPASS[armhf1g]=$BYPASS_61 K_BYPASS[armhf3g]=$BYPASS_61
	DTB=$WORK/dtb-armhf-1024 configs armhf1g armhf1g
	n3=${#CONFIGS[@]}
	DTB=$WORK/dtb-armhf-3072 configs armhf3g armhf3g
	keep=()
	for c in "${CONFIGS[@]:$n3}"; do
		case ${c%%|*} in armhf3g-[abcdei]-*) keep+=("$c") ;; esac
	done
	CONFIGS=("${CONFIGS[@]:0:$n3}" "${keep[@]}")
fi
want_kernel 6.1 && configs stock stock && configs lab lab
want_kernel 5.10 && [ -n "${K_IMAGE[k510]}" ] && configs k510 k510
want_kernel 6.12 && [ -n "${K_IMAGE[k612]}" ] && configs k612 k612
want_kernel 7.2 && [ -n "${K_IMAGE[k72]}" ] && configs k72 k72
want_kernel 7.2 && [ -n "${K_IMAGE[lab72]}" ] && configs lab72 lab72
if want_kernel 7.2 && [ -z "${K_IMAGE[lab72]}" ]; then
	echo "Bail out! no 7.2 lab kernel: run test/vm/setup.sh"
	exit 1
fi
for g in 5.10:k510 6.12:k612 7.2:k72; do
	if want_kernel "${g%%:*}" && [ -z "${K_IMAGE[${g#*:}]}" ]; then
		echo "Bail out! no stock ${g%%:*} kernel: run test/vm/setup.sh (stock-kernels.sh)"
		exit 1
	fi
done

# unwrap FILE: set's report with its 80-column wrapping undone (a line that starts with
# blanks continues the one before it), so that a prediction reads as one line.
unwrap() { sed -e ':a' -e 'N' -e '$!ba' -e 's/\n[[:blank:]]\{1,\}/ /g' "$1"; }

# host_set DIR KVER CONFIG ARGS...: the host's cmactl for a target kernel KVER with its
# CONFIG, and no command line but the edited files' (the bootloader adds none of its own);
# the command goes to DIR/set-command.txt, its output to DIR/set.out. Return: its status.
host_set() {
	local dir=$1 kver=$2 config=$3
	shift 3
	local cmd=("$HOST_CMACTL" --kernel-version "$kver" --config "$config"
		--cmdline "$WORK/empty-cmdline" "$@")
	printf '%q ' "${cmd[@]}" >"$dir/set-command.txt"
	"${cmd[@]}" >"$dir/set.out" 2>&1
}

# Round trips: `cmactl set` on the host edits QEMU's dumped DTB, then the boot must show
# what set predicted ("next boot: effective: ... N MiB, from SOURCE").
# name | kernel | set arguments | input DTB (in $DTB) | expected MiB | source | DT area name
ROUNDTRIPS=(
	"rt-stock-set96M-via-dts|stock|96M --via dts|virt|96|devicetree|linux,cma"
	"rt-stock-set40M-via-bootargs|stock|40M --via bootargs|virt|40|cmdline|"
	"rt-stock-set96M-via-dts-shadowed-by-bootargs48M|stock|96M --via dts|virt-bootargs|48|cmdline|linux,cma"
	"rt-lab-set96M-via-dts|lab|96M --via dts|virt|96|devicetree|linux,cma"
	"rt-lab-set40M-via-bootargs|lab|40M --via bootargs|virt|40|cmdline|"
	"rt-lab-set96M-via-dts-shadowed-by-bootargs48M|lab|96M --via dts|virt-bootargs|48|cmdline|linux,cma"
)

# ------------------------------------------------------------------ reporting
n=0 passed=0 failed=0 skipped=0
ok() { n=$((n + 1)) passed=$((passed + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)) failed=$((failed + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)) skipped=$((skipped + 1)); echo "ok $n - $* # SKIP"; }
# check DESC GOT WANT
check() {
	if [ "$2" = "$3" ]; then ok "$1"; else notok "$1 (got '$2', want '$3')"; fi
}

# ------------------------------------------------------------------ inputs
mkdir -p "$WORK" "$RESULTS"
# Everything printed also goes to $CACHE/run.tap, from which matrix.sh makes the
# kernel x configuration table of test/vm/README.md.
exec > >(tee "$CACHE/run.tap")
t0=$(date +%s)
"$here/mkdtbs.sh" "$DTB" || { echo "Bail out! mkdtbs.sh failed"; exit 1; }
if want_kernel armhf; then
	for m in 1024 3072; do
		QEMU_SYSTEM=qemu-system-arm QEMU_CPU=cortex-a15 QEMU_MEM=$m "$here/mkdtbs.sh" "$WORK/dtb-armhf-$m" ||
			{ echo "Bail out! mkdtbs.sh (armhf, $m MiB) failed"; exit 1; }
	done
fi

have_cmactl=
if [ -x "$CMACTL" ]; then
	have_cmactl=1
	aarch64-linux-gnu-readelf -h "$CMACTL" 2>/dev/null | grep -q 'Machine:.*AArch64' || { echo "Bail out! $CMACTL is not an arm64 binary"; exit 1; }
else
	echo "# no arm64 cmactl at $CMACTL: booting without it"
fi

# Extra files for the initramfs: the lab kernel's modules.builtin(.modinfo), so that
# libkmod in the guest can tell a built-in module (e.g. cma_heap) from a missing one.
extra=$WORK/initramfs-extra
rm -rf "$extra"
for kr in "$KOUT:$LAB_RELEASE" "${LAB72_KOUT:-}:${LAB72_RELEASE:-}"; do
	[ -n "${kr#*:}" ] || continue
	mkdir -p "$extra/lib/modules/${kr#*:}"
	for f in modules.builtin modules.builtin.modinfo modules.order; do
		[ -f "${kr%%:*}/$f" ] && cp "${kr%%:*}/$f" "$extra/lib/modules/${kr#*:}/"
	done
	depmod -b "$extra" "${kr#*:}" 2>/dev/null || echo "# depmod for ${kr#*:} failed"
done
initrd=$WORK/initramfs.cpio.gz
"$here/mkinitramfs.sh" "$initrd" "${have_cmactl:+$CMACTL}" "$extra" ||
	{ echo "Bail out! mkinitramfs.sh failed"; exit 1; }
# The armhf initramfs: busybox-static:armhf, the armmp-lpae config, a static armhf cmactl.
ARMHF_CMACTL=${ARMHF_CMACTL:-$top/build-armhf/cmactl}
have_armhf_cmactl=
armhf_initrd=$WORK/initramfs-armhf.cpio.gz
if want_kernel armhf; then
	if [ -x "$ARMHF_CMACTL" ]; then
		have_armhf_cmactl=1
		arm-linux-gnueabihf-readelf -h "$ARMHF_CMACTL" 2>/dev/null | grep -q 'Machine:.*ARM$' ||
			{ echo "Bail out! $ARMHF_CMACTL is not a 32-bit ARM binary"; exit 1; }
	else
		echo "# no armhf cmactl at $ARMHF_CMACTL: booting without it"
	fi
	INITRAMFS_ARCH=armhf "$here/mkinitramfs.sh" "$armhf_initrd" "${have_armhf_cmactl:+$ARMHF_CMACTL}" ||
		{ echo "Bail out! mkinitramfs.sh (armhf) failed"; exit 1; }
fi
echo "# inputs ready in $(($(date +%s) - t0)) s: initramfs $(stat -c %s "$initrd") bytes"

# ------------------------------------------------------------------ boot + split
# boot NAME IMAGE [QEMU ARGS...]: boot, store console.log and the sections in $RESULTS/NAME.
boot() {
	local name=$1 image=$2 dir=$RESULTS/$1 b0 b1 rc
	shift 2
	rm -rf "$dir"
	mkdir -p "$dir"
	# "uboot:DISK": Debian's U-Boot loads kernel, initrd and command line from DISK
	local load=(-kernel "$image" -initrd "$initrd")
	case $image in uboot:*) load=(-bios "$UBOOT_BIN" -drive "if=virtio,format=raw,file=${image#uboot:}") ;; esac
	local qemu=(qemu-system-aarch64 -M virt -cpu cortex-a57 -m 1024)
	case $name in
	armhf1g-*) qemu=(qemu-system-arm -M virt -cpu cortex-a15 -m 1024) load=(-kernel "$image" -initrd "$armhf_initrd") ;;
	armhf3g-*) qemu=(qemu-system-arm -M virt -cpu cortex-a15 -m 3072) load=(-kernel "$image" -initrd "$armhf_initrd") ;;
	esac
	local cmd=("${qemu[@]}" -nic none -nographic -no-reboot "${load[@]}" "$@")
	printf '%q ' "${cmd[@]}" >"$dir/qemu-args.txt"
	echo >>"$dir/qemu-args.txt"
	b0=$(date +%s.%N)
	timeout "$BOOT_TIMEOUT" "${cmd[@]}" </dev/null >"$dir/console.log" 2>"$dir/qemu-stderr.txt" 9>&-
	rc=$?
	b1=$(date +%s.%N)
	echo "$b0 $b1" | awk '{printf "%.2f\n", $2 - $1}' >"$dir/wall-seconds.txt"
	echo "$rc" >"$dir/qemu-rc.txt"
	# The DTB QEMU handed to the kernel (its /chosen fixups included; seeds differ per
	# run), as the shared captures' booted.dts: `make fixtures` needs it.
	if timeout 60 "${cmd[@]}" -M virt,dumpdtb="$dir/booted.dtb" </dev/null >/dev/null 2>&1; then
		dtc -q -I dtb -O dts -o "$dir/booted.dts" "$dir/booted.dtb" 2>/dev/null
	fi
	rm -f "$dir/booted.dtb"
	# Only a trailing CR is ignored when matching markers; content is copied unchanged.
	awk -v dir="$dir" '
		{ line = $0; sub(/\r$/, "", line) }
		out == "" && match(line, /^=====BEGIN .*=====$/) {
			out = dir "/" substr(line, 12, length(line) - 16); printf "" > out; next }
		out != "" && line ~ /^=====END .*=====$/ { close(out); out = ""; next }
		out != "" { print > out }
		line == "=====DONE=====" { print "" > (dir "/DONE") }' "$dir/console.log"
}

# ------------------------------------------------------------------ checks
# area_zone DMESG MIB: the zone ("DMA", "Normal", "HighMem", ...) of the "Zone ranges"
# lines that holds the whole area of the kernel's "cma: Reserved MIB MiB at 0x..." line.
area_zone() {
	awk -v mib="$2" '
		function hex(s,  v, i) {
			s = tolower(s); sub(/^0x/, "", s); v = 0
			for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
			return v }
		/^\[[ 0-9.]+\]   [A-Za-z0-9]+ +\[mem 0x/ {
			z = $3; r = $0; sub(/.*\[mem /, "", r); sub(/\].*/, "", r)
			split(r, b, "-"); lo[z] = hex(b[1]); hi[z] = hex(b[2]); zones[++n] = z }
		$0 ~ "cma: Reserved " mib " MiB at 0x" && base == "" {
			base = $0; sub(/.* at /, "", base); sub(/ .*/, "", base); base = hex(base) }
		END {
			if (base == "") exit
			for (i = 1; i <= n; i++)
				if (base >= lo[zones[i]] && base + mib * 1048576 - 1 <= hi[zones[i]]) { print zones[i]; exit }
			print "none"
		}' "$1"
}

# area_4g DMESG MIB: "below 4 GiB", "above 4 GiB" or "across 4 GiB" for the area of the
# kernel's first "cma: Reserved MIB MiB at 0x..." line ("none" without one).
area_4g() {
	awk -v mib="$2" '
		function hex(s,  v, i) {
			s = tolower(s); sub(/^0x/, "", s); v = 0
			for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
			return v }
		$0 ~ "cma: Reserved " mib " MiB at 0x" {
			b = $0; sub(/.* at /, "", b); sub(/ .*/, "", b); b = hex(b); g = 4294967296
			print (b + mib * 1048576 <= g) ? "below 4 GiB" : (b >= g) ? "above 4 GiB" : "across 4 GiB"
			found = 1; exit }
		END { if (!found) print "none" }' "$1"
}

# kernel_checks NAME MIB SOURCE AREA KEY: what the kernel itself says. TOTAL (CmaTotal
# in MiB, default MIB) and KIND ("", none, failed; see CONFIGS) come from the caller.
kernel_checks() {
	local name=$1 mib=$2 src=$3 key=$5 dir=$RESULTS/$1 total line want sum
	want=${TOTAL:-$mib}
	total=$(awk '/^CmaTotal:/ {print $2}' "$dir/meminfo" 2>/dev/null)
	check "$name: kernel CmaTotal (kB)" "$total" $((want * 1024))
	case ${KIND:-}:$src in
	none:*) line= ;;
	# 6.1: "cma: Failed to reserve 2048 MiB"; 6.12 adds " on node -1"
	failed:*) line="cma: Failed to reserve [0-9]+ MiB" ;;
	*:devicetree) line="Reserved memory: created CMA memory pool at 0x[0-9a-f]+, size $mib MiB" ;;
	# 6.12 adds " on node -1" after the address
	*) line="cma: Reserved $mib MiB at 0x[0-9a-f]+" ;;
	esac
	if [ -z "$line" ]; then
		check "$name: kernel log has no CMA reservation line" \
			"$(grep -cE 'cma: Reserved [0-9]+ MiB|created CMA memory pool|cma: Failed to reserve' "$dir/dmesg" 2>/dev/null)" 0
	elif grep -Eq "$line" "$dir/dmesg" 2>/dev/null; then
		ok "$name: kernel log: $line"
	else
		notok "$name: kernel log has no '$line'"
	fi
	# The kernel's own reservation lines add up to its CmaTotal (every area is logged:
	# per-node areas too, DOMAIN.md section 7).
	sum=$(sed -n -e 's/.*cma: Reserved \([0-9]*\) MiB.*/\1/p' \
		-e 's/.*created CMA memory pool at .*, size \([0-9]*\) MiB.*/\1/p' "$dir/dmesg" 2>/dev/null |
		awk '{s += $1} END {printf "%.0f\n", s * 1024}')
	check "$name: kernel reservation lines add up to CmaTotal (kB)" "$sum" "$total"
	if [ "$src" = cmdline ] && [ -n "$4" ]; then
		line=${K_BYPASS[$key]:-$BYPASS_61}
		if grep -Fq "$line" "$dir/dmesg"; then ok "$name: kernel log: DT node bypassed"; else notok "$name: kernel log has no '$line'"; fi
	fi
	if [ "$src" = cmdline ]; then
		if grep -q 'cma=' "$dir/cmdline"; then ok "$name: /proc/cmdline has cma="; else notok "$name: /proc/cmdline has no cma="; fi
	fi
	# 32-bit ARM: the zone the Kconfig / cma= area landed in, from the kernel's own
	# "Zone ranges" lines. 6.1's cma_declare_contiguous_nid() tries high memory first
	# when the allowed range crosses the lowmem/highmem boundary (mm/cma.c), and
	# armmp-lpae's arm_dma_limit is 4 GiB, so the area ends up in HighMem.
	case $key:$src:${KIND:-} in
	armhf*:kconfig: | armhf*:cmdline:)
		check "$name: kernel: the default area lies in zone HighMem" "$(area_zone "$dir/dmesg" "$mib")" HighMem ;;
	esac
	# 6 GiB of RAM: where the default area went (and so whether 32-bit DMA reaches it).
	# 6.15+ tries a non-fixed area bottom-up above 4 GiB first (DOMAIN.md section 7),
	# but arm64 reserves the default area below its DMA limit: 7.2.13 stock put it at
	# 0xfc000000, the top of "DMA [mem 0x40000000-0xffffffff]" (its Zone ranges
	# line), like 5.10, 6.1 and 6.12.
	case $name in
	*-q-6G-*)
		check "$name: kernel: the default area lies below 4 GiB (32-bit DMA reaches it)" \
			"$(area_4g "$dir/dmesg" "$mib")" "below 4 GiB" ;;
	*-q2-6G-*) dma32_check "$name" "$key" ;;
	esac
	# CMA sysfs with total_pages (7.2 stock has it): its areas add up to CmaTotal too.
	if grep -q '/total_pages: ' "$dir/sys-cma.txt" 2>/dev/null; then
		check "$name: kernel sysfs total_pages add up to CmaTotal (kB)" \
			"$(awk -F': ' '/\/total_pages: / {s += $2} END {printf "%.0f\n", s * 4}' "$dir/sys-cma.txt")" "$total"
	fi
}

# heap_checks NAME: 7.2's dma-buf heaps against its CMA areas (KIND from the caller).
# 7.2.13's drivers/dma-buf/heaps/cma_heap.c (add_cma_heaps) registers the default area
# as "default_cma_region", then one heap per CMA area under the area's name, the
# default area included (so it has two heaps); 7.2.13 has no
# CONFIG_DMABUF_HEAPS_CMA_LEGACY, the duplicate is unconditional. "system" is the
# buddy heap. No default area (cma=0, a failed cma=): no default_cma_region.
heap_checks() {
	local name=$1 dir=$RESULTS/$1 want
	want=$({
		echo system
		[ -z "${KIND:-}" ] && echo default_cma_region
		sed -n 's|^/sys/kernel/mm/cma/\([^/:]*\):$|\1|p' "$dir/sys-cma.txt"
	} | sort | paste -sd,)
	check "$name: kernel: /dev/dma_heap = system, default_cma_region, one heap per /sys/kernel/mm/cma area" \
		"$(awk 'NR > 1 && /^c/ {print $NF}' "$dir/dma_heap.txt" 2>/dev/null | sort | paste -sd,)" "$want"
}

# jqf NAME FILTER: run jq on the guest's status.json
jqf() { jq -r "$2" "$RESULTS/$1/status.json" 2>/dev/null; }

cmactl_checks() { # cmactl_checks NAME KERNEL MIB SOURCE AREA
	local name=$1 kernel=$2 mib=$3 src=$4 area=$5 dir=$RESULTS/$1 total free want got
	local have=$have_cmactl
	case $kernel in armhf*) have=$have_armhf_cmactl ;; esac
	if [ -z "$have" ]; then
		if [ "${CMACTL_VM_ALLOW_MISSING:-0}" = 1 ]; then
			skip "$name: cmactl checks (no cmactl for this guest, CMACTL_VM_ALLOW_MISSING=1)"
		else
			notok "$name: cmactl checks: no arm64 cmactl at $CMACTL"
		fi
		return
	fi
	check "$name: cmactl --json status exit status" "$(cat "$dir/status.json.rc" 2>/dev/null)" 0
	if ! jq -e . "$dir/status.json" >/dev/null 2>&1; then
		notok "$name: cmactl --json status prints valid JSON ($(head -c 200 "$dir/status.json.stderr" 2>/dev/null | tr '\n' ' '))"
		return
	fi
	check "$name: cmactl effective.source" "$(jqf "$name" .effective.source)" "$src"
	check "$name: cmactl effective.size_bytes" "$(jqf "$name" .effective.size_bytes)" $((mib * MiB))
	# The size must come from what the kernel reported (its log, sysfs), not only from
	# what a layer asked for: the kernel's line is in this boot's dmesg (checked above;
	# with cma=0 the kernel logs no line at all, so there is none to cite).
	[ "${KIND:-}" = none ] ||
		check "$name: cmactl effective.evidence is the kernel's own" \
			"$(jqf "$name" .effective.evidence)" \
			"$(jqf "$name" '.effective.evidence | select(test("no kernel evidence") | not)')"
	total=$(awk '/^CmaTotal:/ {printf "%.0f\n", $2 * 1024}' "$dir/meminfo")
	check "$name: cmactl meminfo.total_bytes = CmaTotal" "$(jqf "$name" .meminfo.total_bytes)" "$total"
	# CmaFree just before and just after cmactl read it (it moves on a running system):
	# cmactl's value must be one of them or lie between.
	got=$(jqf "$name" .meminfo.free_bytes)
	free=$(awk -v got="$got" '/^CmaFree:/ {v = $2 * 1024; if (n++ == 0 || v < lo) lo = v; if (v > hi) hi = v}
		END { if (n < 2) print "no cmafree-around-status.txt"
			else if (got != "" && got + 0 >= lo && got + 0 <= hi) printf "%.0f\n", got
			else if (lo == hi) printf "%.0f\n", lo
			else printf "%.0f..%.0f\n", lo, hi }' "$dir/cmafree-around-status.txt" 2>/dev/null)
	check "$name: cmactl meminfo.free_bytes = CmaFree around its read" "$got" "$free"
	if [ "${KIND:-}" = failed ]; then
		# The layer that won could not be reserved (the kernel's "Failed to reserve"):
		# it is that layer that failed, and nothing is in effect.
		check "$name: cmactl layers: the winning layer failed, none effective" \
			"$(jqf "$name" '[.layers[]? | select(.state == "effective" or .state == "failed") | "\(.layer)=\(.state)"] | join(",")')" "$src=failed"
	else
		check "$name: cmactl layers: the one effective layer" \
			"$(jqf "$name" '[.layers[]? | select(.state == "effective") | .layer] | join(",")')" "$src"
	fi
	if [ "$src" = cmdline ] && [ -n "$area" ]; then
		check "$name: cmactl layers: devicetree is shadowed" \
			"$(jqf "$name" '[.layers[]? | select(.layer == "devicetree") | .state] | join(",")')" shadowed
	fi
	# Every area the kernel made, no more: cmactl's areas add up to CmaTotal.
	check "$name: cmactl areas[].size_bytes add up to CmaTotal" \
		"$(jqf "$name" '[.areas[]?.size_bytes // 0] | add // 0')" "$total"
	if grep -q '^/sys/kernel/mm/cma:$' "$dir/sys-cma.txt" 2>/dev/null; then
		# CMA sysfs (lab kernels, 7.2 stock): cmactl's areas must be the kernel's areas.
		want=$(sed -n 's|^/sys/kernel/mm/cma/\([^/:]*\):$|\1|p' "$dir/sys-cma.txt" | sort | paste -sd,)
		check "$name: cmactl areas = /sys/kernel/mm/cma" \
			"$(jqf "$name" '[.areas[]?.name] | sort | join(",")')" "$want"
		[ "$src" = devicetree ] || area=reserved # the Kconfig / cma= area
		[ "$mib" -gt 0 ] && check "$name: cmactl area $area size_bytes" \
			"$(jqf "$name" "[.areas[]? | select(.name == \"$area\") | .size_bytes] | .[0]")" $((mib * MiB))
	fi
	check "$name: cmactl --dmesg FILE: same effective size and source as the live read" \
		"$(jq -r '.effective | "\(.size_bytes) \(.source)"' "$dir/status-dmesgfile.json" 2>/dev/null)" \
		"$(jqf "$name" '.effective | "\(.size_bytes) \(.source)"')"
	check "$name: cmactl status (text) exit status" "$(cat "$dir/status.txt.rc" 2>/dev/null)" 0
}

# dma32_check NAME KERNEL: the kernel refused cma=3584M with 6 GiB of RAM, 3 GiB of it below
# 4 GiB (arm64 reserves the default area below its DMA limit); the host's cmactl, given
# this guest's own DT and the kernel's config, must refuse that size too, and write 2G.
dma32_check() {
	local name=$1 key=$2 dir=$RESULTS/$1 var config out rc
	var=${key^^}_CONFIG	# K510_CONFIG, ... (stock-kernels.env); 6.1: STOCK_CONFIG
	config=${!var:-}
	if [ ! -x "$HOST_CMACTL" ] || [ ! -f "$config" ] ||
		! dtc -q -I dts -O dtb -o "$dir/booted.dtb" "$dir/booted.dts"; then
		notok "$name: host cmactl, the kernel's config ($config) and the booted DT are needed"
		return
	fi
	out=$("$HOST_CMACTL" --config "$config" set 3584M --via bootargs --dtb "$dir/booted.dtb" \
		-o "$dir/set-3584M.dtb" 2>&1)
	rc=$?
	printf '%s\n' "$out" >"$dir/set-3584M.out"
	check "$name: host cmactl set 3584M on this DT and config: refused (exit 1), as the kernel did" \
		"$rc $([ -e "$dir/set-3584M.dtb" ] && echo written || echo 'nothing written')" "1 nothing written"
	check "$name: host cmactl says it does not fit below 4 GiB" \
		"$(grep -c 'does not fit below 4 GiB' <<<"$out")" 1
	"$HOST_CMACTL" --config "$config" set 2G --via bootargs --dtb "$dir/booted.dtb" \
		-o "$dir/set-2G.dtb" >"$dir/set-2G.out" 2>&1
	check "$name: host cmactl set 2G on this DT and config: written" "$?" 0
}

# boot_and_check NAME KERNEL MIB SOURCE AREA [QEMU ARGS...]
boot_and_check() {
	local name=$1 kernel=$2 mib=$3 src=$4 area=$5 image
	shift 5
	case $kernel in
	stock) image=$STOCK_IMAGE ;;
	lab) image=$LAB_IMAGE ;;
	uboot:*) image=$kernel kernel=lab ;;
	*) image=${K_IMAGE[$kernel]} ;;
	esac
	boot "$name" "$image" "$@"
	echo "# $name: $(cat "$RESULTS/$name/wall-seconds.txt") s, qemu exit $(cat "$RESULTS/$name/qemu-rc.txt")"
	if [ -e "$RESULTS/$name/DONE" ]; then
		ok "$name: boots and powers off"
	else
		notok "$name: no DONE marker (see $RESULTS/$name/console.log)"
		return
	fi
	kernel_checks "$name" "$mib" "$src" "$area" "$kernel"
	[ "$kernel" = lab72 ] && heap_checks "$name"
	cmactl_checks "$name" "$kernel" "$mib" "$src" "$area"
}

# ------------------------------------------------------------------ main loop
for c in "${CONFIGS[@]}"; do
	IFS='|' read -r name kernel args mib src area total kind <<<"$c"
	[[ $name =~ $PATTERN ]] || continue
	# shellcheck disable=SC2086 # args are words without spaces
	TOTAL=${total:-$mib} KIND=$kind boot_and_check "$name" "$kernel" "$mib" "$src" "$area" $args
done

host_set_ok=
if [ -x "$HOST_CMACTL" ] && "$HOST_CMACTL" set --help >/dev/null 2>&1; then
	host_set_ok=1
fi
: >"$WORK/empty-cmdline"
for c in "${ROUNDTRIPS[@]}"; do
	IFS='|' read -r name kernel setargs input mib src area <<<"$c"
	runs61 "$name" || continue
	if [ -z "$host_set_ok" ]; then
		if [ "${CMACTL_VM_ALLOW_MISSING:-0}" = 1 ]; then
			skip "$name: no host cmactl with 'set' at $HOST_CMACTL"
		else
			notok "$name: no host cmactl with 'set' at $HOST_CMACTL"
		fi
		continue
	fi
	case $kernel in
	stock) config=$STOCK_CONFIG ;;
	lab) config=$KOUT/.config ;;
	esac
	dir=$WORK/roundtrip/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	# The bootloader (QEMU without -append) adds no command line of its own.
	# shellcheck disable=SC2086 # setargs are words without spaces
	host_set "$dir" "$KVER" "$config" set $setargs -f "$DTB/$input.dtb" -o "$dir/out.dtb"
	rc=$?
	if [ "$rc" -ne 0 ] || [ ! -s "$dir/out.dtb" ]; then
		notok "$name: cmactl set exit $rc: $(tr '\n' ' ' <"$dir/set.out" | head -c 300)"
		continue
	fi
	ok "$name: cmactl set wrote the DTB"
	# What set predicted for the next boot, e.g.
	# "next boot: effective: the default CMA area will be 96 MiB, from devicetree (...)"
	# or, when another layer beats the change,
	# "next boot: SHADOWED: cmdline (cma=48M) wins over this change; remove it with: ..."
	# (the size is then the winner's cma=N[MG]).
	predicted=$(sed -n -e 's/.*next boot: effective: .* will be \([0-9]*\) MiB, from \([a-z]*\).*/\1 \2/p' \
		-e 's/.*next boot: SHADOWED: \([a-z]*\) (cma=\([0-9]*\)M) wins.*/\2 \1/p' \
		-e 's/.*next boot: SHADOWED: \([a-z]*\) (cma=\([0-9]*\)G) wins.*/\2 \1 G/p' \
		-e 's/.*next boot: SHADOWED: \([a-z]*\) (\(.*\)) wins.*/? \1 (\2)/p' <(unwrap "$dir/set.out") | head -n 1)
	case $predicted in *" G") read -r g s _ <<<"$predicted"; predicted="$((g * 1024)) $s" ;; esac
	boot_and_check "$name" "$kernel" "$mib" "$src" "$area" -dtb "$dir/out.dtb"
	[ -d "$RESULTS/$name" ] && cp "$dir/set-command.txt" "$dir/set.out" "$RESULTS/$name/"
	check "$name: set's next-boot prediction is what the kernel did" "$predicted" "$mib $src"
	if [[ $name == *shadowed* ]]; then
		check "$name: set says the change is SHADOWED" \
			"$(grep -c '^next boot: SHADOWED: ' "$dir/set.out")" 1
	fi
done

# ------------------------------------------------------------------ U-Boot + extlinux
# `set --via cmdline` proven by a real bootloader: Debian's U-Boot for QEMU (u-boot-qemu,
# qemu_arm64, 2023.01) finds /extlinux/extlinux.conf on a FAT partition of a virtio disk
# and boots the lab kernel with the APPEND line of the label it picks. Seen here with this
# U-Boot: a top-level DEFAULT wins wherever it stands; else the label with MENU DEFAULT;
# else the first label; keywords in any case. cmactl edits the file on the host; the boot
# must show U-Boot's "append:" line with the new cma=, and the size in CmaTotal.
UBOOT_BIN=/usr/lib/u-boot/qemu_arm64/u-boot.bin
# extlinux_conf KIND: three labels with cma=8M, 24M, 32M; KIND picks the default.
extlinux_conf() {
	local l
	echo "# written by test/vm/run.sh"
	echo "timeout 1"
	[ "$1" = default ] && echo "DEFAULT two"
	for l in one:8M two:24M three:32M; do
		echo "LABEL ${l%%:*}"
		echo "	MENU LABEL lab kernel, cma=${l#*:}"
		[ "$1" = menudefault ] && [ "${l%%:*}" = three ] && echo "	MENU DEFAULT"
		echo "	KERNEL /Image"
		echo "	INITRD /initrd"
		echo "	APPEND console=ttyAMA0 quiet cma=${l#*:} panic=5"
	done
}
# uboot_disk DIR CONF: DIR/disk.img, one bootable FAT partition with the lab kernel, the
# lab initramfs and CONF as /extlinux/extlinux.conf (CONF "": none; mtools: no mount, no
# root needed).
uboot_disk() {
	local img=$1/disk.img part="$1/disk.img@@1M"
	rm -f "$img"
	truncate -s 64M "$img" &&
		echo 'start=2048, type=c, bootable' | sfdisk -q "$img" &&
		mformat -i "$part" -F -v BOOT :: &&
		mmd -i "$part" ::/extlinux &&
		mcopy -i "$part" "$LAB_IMAGE" ::/Image &&
		mcopy -i "$part" "$initrd" ::/initrd &&
		{ [ -z "$2" ] || mcopy -i "$part" "$2" ::/extlinux/extlinux.conf; }
}
# name | extlinux KIND | set arguments | label U-Boot boots | expected MiB | source
UBOOT_TRIPS=(
	"rt-uboot-extlinux-default-set72M|default|set 72M|two|72|cmdline"
	"rt-uboot-extlinux-menu-default-set56M|menudefault|set 56M|three|56|cmdline"
	"rt-uboot-extlinux-first-label-set40M|first|set 40M|one|40|cmdline"
	"rt-uboot-extlinux-unset|default|unset|two|$LAB_MIB|kconfig"
)
have_uboot=
[ -f "$UBOOT_BIN" ] && command -v mformat >/dev/null && command -v sfdisk >/dev/null && have_uboot=1
for c in "${UBOOT_TRIPS[@]}"; do
	IFS='|' read -r name kind setargs label mib src <<<"$c"
	runs61 "$name" || continue
	if [ -z "$host_set_ok" ] || [ -z "$have_uboot" ]; then
		notok "$name: needs a host cmactl with 'set' and u-boot-qemu, mtools, fdisk (setup.sh)"
		continue
	fi
	dir=$WORK/roundtrip/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	extlinux_conf "$kind" >"$dir/extlinux.conf.orig"
	cp "$dir/extlinux.conf.orig" "$dir/extlinux.conf"
	# shellcheck disable=SC2086 # setargs are words without spaces
	host_set "$dir" "$KVER" "$KOUT/.config" --dtb "$DTB/virt.dtb" $setargs --via cmdline \
		--file "$dir/extlinux.conf" --no-backup
	rc=$?
	if [ "$rc" -ne 0 ]; then
		notok "$name: cmactl $setargs exit $rc: $(tr '\n' ' ' <"$dir/set.out" | head -c 300)"
		continue
	fi
	# Only the booted label's APPEND line changed (diff, not cmactl, says so).
	check "$name: diff: exactly one line changed" \
		"$(diff "$dir/extlinux.conf.orig" "$dir/extlinux.conf" | grep -c '^[<>]')" 2
	want=$(awk -v l="$label" 'tolower($1) == "label" {cur = $2}
		cur == l && tolower($1) == "append" {sub(/^[ \t]*[Aa][Pp][Pp][Ee][Nn][Dd][ \t]+/, ""); print}' \
		"$dir/extlinux.conf")
	case $setargs in
	unset) check "$name: label $label's APPEND has no cma= left" "$(grep -c 'cma=' <<<"$want")" 0 ;;
	*) check "$name: label $label's APPEND has cma=${mib}M" "$(grep -o "cma=[^ ]*" <<<"$want")" "cma=${mib}M" ;;
	esac
	if ! uboot_disk "$dir" "$dir/extlinux.conf"; then
		notok "$name: building the U-Boot disk failed"
		continue
	fi
	boot_and_check "$name" "uboot:$dir/disk.img" "$mib" "$src" ""
	[ -d "$RESULTS/$name" ] && cp "$dir/set-command.txt" "$dir/set.out" "$dir/extlinux.conf" "$RESULTS/$name/"
	check "$name: U-Boot booted label $label with the edited APPEND" \
		"$(sed -n 's/\r$//; s/^append: //p' "$RESULTS/$name/console.log" | head -n 1)" "$want"
	predicted=$(sed -n -e 's/^next boot: effective: .* will be \([0-9]*\) MiB, from \([a-z]*\).*/\1 \2/p' \
		-e 's/^next boot: the default CMA area will come from \([a-z]*\) .*, \([0-9]*\) MiB)$/\2 \1/p' \
		<(unwrap "$dir/set.out") | head -n 1)
	check "$name: set's next-boot prediction is what the kernel did" "$predicted" "$mib $src"
done

# ------------------------------------------------------------------ U-Boot environment round trip
# `set --via ubootenv` proven by U-Boot itself (issue 11). Debian's qemu_arm64 U-Boot keeps
# its environment in the second pflash bank (0x4000000), 256 KiB (0x40000) at offset 0:
# an image made by mkenvimage -s 0x40000 loads ("Loading Environment from Flash... OK"),
# one made with -s 0x20000 does not ("bad CRC, using default environment"), seen here.
# mkenvimage (u-boot-tools, not libubootenv) writes the image, padded to QEMU's 64 MiB
# bank; cmactl edits it through an fw_env.config naming the image file; QEMU gets it as
# -drive if=pflash,unit=1; bootcmd loads the lab kernel + initramfs from the virtio disk
# and runs booti with ${bootargs}. Shapes: "bootargs" (cma= in bootargs itself) and
# "cmavar" (NXP/Boundary: bootargs made by `setenv bootargs … cma=${cma}` in a variable).
# shellcheck disable=SC2016 # ${filesize} is for U-Boot
UBOOTENV_LOAD='virtio scan; load virtio 0:1 0x40400000 /Image; load virtio 0:1 0x44000000 /initrd; booti 0x40400000 0x44000000:${filesize} 0x40000000'
# ubootenv_text SHAPE: the environment as mkenvimage's input (name=value lines), cma=24M.
ubootenv_text() {
	echo "bootdelay=0"
	case $1 in
	bootargs)
		echo "bootargs=console=ttyAMA0 quiet cma=24M panic=5"
		echo "bootcmd=printenv bootargs; $UBOOTENV_LOAD" ;;
	cmavar)
		echo "cma=24M"
		# shellcheck disable=SC2016 # ${cma} is for U-Boot
		echo 'mmcargs=setenv bootargs console=ttyAMA0 quiet cma=${cma} panic=5'
		echo "bootcmd=run mmcargs; printenv bootargs; $UBOOTENV_LOAD" ;;
	esac
}
# name | SHAPE | set arguments | expected MiB | source | the variable cmactl edits
UBOOTENV_TRIPS=(
	"rt-ubootenv-bootargs-set72M|bootargs|set 72M|72|cmdline|bootargs"
	"rt-ubootenv-cmavar-set56M|cmavar|set 56M|56|cmdline|cma"
	"rt-ubootenv-bootargs-unset|bootargs|unset|$LAB_MIB|kconfig|bootargs"
)
have_ubootenv=
[ -n "$have_uboot" ] && command -v mkenvimage >/dev/null && have_ubootenv=1
for c in "${UBOOTENV_TRIPS[@]}"; do
	IFS='|' read -r name shape setargs mib src var <<<"$c"
	runs61 "$name" || continue
	if [ -z "$host_set_ok" ] || [ -z "$have_ubootenv" ]; then
		notok "$name: needs a host cmactl with 'set', u-boot-qemu, u-boot-tools (mkenvimage), mtools, fdisk (setup.sh)"
		continue
	fi
	dir=$WORK/roundtrip/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	ubootenv_text "$shape" >"$dir/env.txt"
	if ! mkenvimage -s 0x40000 -o "$dir/env.img" "$dir/env.txt" || ! truncate -s 64M "$dir/env.img"; then
		notok "$name: mkenvimage failed"
		continue
	fi
	printf '%s 0x0 0x40000 0x40000\n' "$dir/env.img" >"$dir/fw_env.config"
	cp "$dir/env.img" "$dir/env.img.orig"
	# shellcheck disable=SC2086 # setargs are words without spaces
	host_set "$dir" "$KVER" "$KOUT/.config" --dtb "$DTB/virt.dtb" $setargs --via ubootenv \
		--file "$dir/fw_env.config"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		notok "$name: cmactl $setargs --via ubootenv exit $rc: $(tr '\n' ' ' <"$dir/set.out" | head -c 300)"
		continue
	fi
	check "$name: the image is still QEMU's 64 MiB bank" "$(stat -c %s "$dir/env.img")" 67108864
	# what cmactl wrote, read without libubootenv: the 256 KiB after the 4-byte CRC are
	# NUL-terminated name=value strings, an empty one ends them (U-Boot's env format)
	head -c $((0x40000)) "$dir/env.img" | tail -c +5 | tr '\0' '\n' | sed '/^$/,$d' >"$dir/env.after"
	check "$name: one variable changed, nothing else (diff of the sorted variables)" \
		"$(diff <(sort "$dir/env.txt") <(sort "$dir/env.after") | grep -c '^[<>]')" 2
	case $setargs in
	unset) check "$name: $var has no cma= left" "$(grep -c "^$var=.*cma=" "$dir/env.after")" 0 ;;
	*) check "$name: $var holds ${mib}M" \
		"$(sed -n "s/^$var=//p" "$dir/env.after" | grep -o "\(cma=\)\?${mib}M" | sed 's/^cma=//')" "${mib}M" ;;
	esac
	if ! uboot_disk "$dir" ""; then
		notok "$name: building the U-Boot disk failed"
		continue
	fi
	boot_and_check "$name" "uboot:$dir/disk.img" "$mib" "$src" "" -drive "if=pflash,unit=1,format=raw,file=$dir/env.img"
	[ -d "$RESULTS/$name" ] || continue
	cp "$dir/set-command.txt" "$dir/set.out" "$dir/env.txt" "$dir/env.after" "$dir/fw_env.config" "$RESULTS/$name/"
	log=$RESULTS/$name/console.log
	check "$name: U-Boot loaded the edited environment from flash" \
		"$(grep -ac '^Loading Environment from Flash\.\.\. OK' "$log")" 1
	check "$name: U-Boot's bootargs are the kernel's /proc/cmdline" \
		"$(sed -n 's/\r$//; s/^bootargs=//p' "$log" | head -n 1)" "$(tr -d '\r' <"$RESULTS/$name/cmdline")"
	case $setargs in
	unset) check "$name: /proc/cmdline has no cma=" "$(grep -c 'cma=' "$RESULTS/$name/cmdline")" 0 ;;
	*) check "$name: /proc/cmdline has cma=${mib}M" "$(grep -o 'cma=[^ ]*' "$RESULTS/$name/cmdline")" "cma=${mib}M" ;;
	esac
	predicted=$(sed -n -e 's/^next boot: effective: .* will be \([0-9]*\) MiB, from \([a-z]*\).*/\1 \2/p' \
		-e 's/^next boot: the default CMA area will come from \([a-z]*\) .*, \([0-9]*\) MiB)$/\2 \1/p' \
		<(unwrap "$dir/set.out") | head -n 1)
	check "$name: set's next-boot prediction is what the kernel did" "$predicted" "$mib $src"
done
# The cmavar shape cannot be unset (cma=${cma} with cma empty is an empty cma=): refused,
# the image unchanged (cmp).
name=rt-ubootenv-cmavar-unset-refused
if runs61 "$name" && [ -n "$host_set_ok" ] && [ -n "$have_ubootenv" ]; then
	dir=$WORK/roundtrip/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	ubootenv_text cmavar >"$dir/env.txt"
	mkenvimage -s 0x40000 -o "$dir/env.img" "$dir/env.txt" && truncate -s 64M "$dir/env.img"
	cp "$dir/env.img" "$dir/env.img.orig"
	printf '%s 0x0 0x40000 0x40000\n' "$dir/env.img" >"$dir/fw_env.config"
	"$HOST_CMACTL" --kernel-version "$KVER" --config "$KOUT/.config" --dtb "$DTB/virt.dtb" \
		--cmdline "$WORK/empty-cmdline" unset --via ubootenv --file "$dir/fw_env.config" >"$dir/set.out" 2>&1
	rc=$?
	check "$name: unset refused (non-zero exit)" "$([ "$rc" -ne 0 ] && echo refused || echo "exit $rc")" refused
	check "$name: the environment image is unchanged (cmp)" \
		"$(cmp -s "$dir/env.img.orig" "$dir/env.img" && echo same || echo changed)" same
elif runs61 "$name"; then
	notok "$name: needs a host cmactl with 'set' and mkenvimage (setup.sh)"
fi

# ------------------------------------------------------------------ u-boot-menu round trip
# `set --via cmdline --root DIR` where extlinux.conf is generated by Debian's u-boot-menu
# (u-boot-update, issue 11): cmactl edits DIR/etc/default/u-boot (U_BOOT_PARAMETERS),
# the real u-boot-update regenerates extlinux.conf, U-Boot boots it. u-boot-update only
# writes the host's /boot and reads /etc/default/u-boot: it runs in a private mount
# namespace (unshare -m) with a tmpfs on /boot (filled from DIR/boot: the lab kernel as
# vmlinuz-VERSION, the initramfs as initrd.img-VERSION) and DIR's file bound over
# /etc/default/u-boot, so the host's own files are never touched; the tmpfs is another
# device than /, so u-boot-update writes paths for a separate boot partition (/vmlinuz-…),
# as on a board, and the FAT disk holds the tree at its root.
# ubm_generate DIR: u-boot-update on DIR's files; DIR/boot/extlinux/extlinux.conf.
ubm_generate() {
	# shellcheck disable=SC2016 # $1 is the inner shell's
	unshare -m sh -ec 'mount --make-rprivate /
		mount -t tmpfs cmactl-lab-boot /boot
		cp -a "$1/boot/." /boot/
		mount --bind "$1/etc/default/u-boot" /etc/default/u-boot
		u-boot-update
		rm -rf "$1/boot/extlinux"
		cp -a /boot/extlinux "$1/boot/"' sh "$1"
}
# ubm_params FILE: U_BOOT_PARAMETERS as u-boot-update gets it (it sources the file).
# shellcheck disable=SC2016 # $1 is the inner shell's
ubm_params() { sh -c '. "$1"; printf "%s\n" "$U_BOOT_PARAMETERS"' sh "$1"; }
# name | set arguments | expected MiB | source
UBM_TRIPS=(
	"rt-ubootmenu-set72M|set 72M|72|cmdline"
	"rt-ubootmenu-unset|unset|$LAB_MIB|kconfig"
)
have_ubm=
[ -n "$have_uboot" ] && command -v u-boot-update >/dev/null && [ -f /etc/default/u-boot ] &&
	unshare -m true 2>/dev/null && have_ubm=1
for c in "${UBM_TRIPS[@]}"; do
	IFS='|' read -r name setargs mib src <<<"$c"
	runs61 "$name" || continue
	if [ -z "$host_set_ok" ] || [ -z "$have_ubm" ]; then
		notok "$name: needs a host cmactl with 'set', u-boot-menu (u-boot-update), u-boot-qemu, mtools and root for unshare -m"
		continue
	fi
	dir=$WORK/roundtrip/$name
	r=$dir/root
	rm -rf "$dir"
	mkdir -p "$r/boot" "$r/etc/default"
	cp "$LAB_IMAGE" "$r/boot/vmlinuz-$KVER"
	cp "$initrd" "$r/boot/initrd.img-$KVER"
	# the package's own /etc/default/u-boot (comments only) plus what a user sets
	{ cat /etc/default/u-boot
	  echo 'U_BOOT_PARAMETERS="console=ttyAMA0 quiet cma=24M panic=5"'
	  echo 'U_BOOT_ROOT="root=/dev/ram0"'
	  echo 'U_BOOT_TIMEOUT="1"'; } >"$r/etc/default/u-boot"
	cp "$r/etc/default/u-boot" "$dir/u-boot.orig"
	if ! ubm_generate "$r" >"$dir/u-boot-update-1.out" 2>&1; then
		notok "$name: u-boot-update (before) failed: $(tail -c 300 "$dir/u-boot-update-1.out")"
		continue
	fi
	cp "$r/boot/extlinux/extlinux.conf" "$dir/extlinux.conf.before"
	# shellcheck disable=SC2086 # setargs are words without spaces
	host_set "$dir" "$KVER" "$KOUT/.config" --dtb "$DTB/virt.dtb" --root "$r" $setargs \
		--via cmdline --no-backup
	rc=$?
	if [ "$rc" -ne 0 ]; then
		notok "$name: cmactl $setargs exit $rc: $(tr '\n' ' ' <"$dir/set.out" | head -c 300)"
		continue
	fi
	check "$name: set left extlinux.conf alone (cmp)" \
		"$(cmp -s "$dir/extlinux.conf.before" "$r/boot/extlinux/extlinux.conf" && echo same)" same
	check "$name: diff: exactly one line of /etc/default/u-boot changed" \
		"$(diff "$dir/u-boot.orig" "$r/etc/default/u-boot" | grep -c '^[<>]')" 2
	case $setargs in
	unset) want="console=ttyAMA0 quiet panic=5" ;;
	*) want="console=ttyAMA0 quiet cma=${mib}M panic=5" ;;
	esac
	check "$name: U_BOOT_PARAMETERS as sh sources it" "$(ubm_params "$r/etc/default/u-boot")" "$want"
	check "$name: set says to run u-boot-update" "$(grep -c 'now run u-boot-update' "$dir/set.out")" 1
	if ! ubm_generate "$r" >"$dir/u-boot-update-2.out" 2>&1; then
		notok "$name: u-boot-update (after) failed: $(tail -c 300 "$dir/u-boot-update-2.out")"
		continue
	fi
	# the default label's append line, as u-boot-update wrote it
	append=$(awk '$1 == "default" {d = $2} $1 == "label" {cur = $2}
		cur == d && $1 == "append" {sub(/^[ \t]*append[ \t]+/, ""); print}' "$r/boot/extlinux/extlinux.conf")
	check "$name: u-boot-update wrote the new parameters into the default label" "$append" "root=/dev/ram0 $want"
	img=$dir/disk.img part="$dir/disk.img@@1M"
	rm -f "$img"
	if ! { truncate -s 64M "$img" &&
		echo 'start=2048, type=c, bootable' | sfdisk -q "$img" &&
		mformat -i "$part" -F -v BOOT :: &&
		mcopy -s -i "$part" "$r/boot/"* ::/; }; then
		notok "$name: building the U-Boot disk failed"
		continue
	fi
	boot_and_check "$name" "uboot:$img" "$mib" "$src" ""
	[ -d "$RESULTS/$name" ] || continue
	cp "$dir/set-command.txt" "$dir/set.out" "$r/etc/default/u-boot" "$r/boot/extlinux/extlinux.conf" "$RESULTS/$name/"
	check "$name: U-Boot booted the default label with the regenerated append" \
		"$(sed -n 's/\r$//; s/^append: //p' "$RESULTS/$name/console.log" | head -n 1)" "$append"
	predicted=$(sed -n -e 's/^next boot: effective: .* will be \([0-9]*\) MiB, from \([a-z]*\).*/\1 \2/p' \
		-e 's/^next boot: the default CMA area will come from \([a-z]*\) .*, \([0-9]*\) MiB)$/\2 \1/p' \
		<(unwrap "$dir/set.out") | head -n 1)
	check "$name: set's next-boot prediction is what the kernel did" "$predicted" "$mib $src"
done

# ------------------------------------------------------------------ Kconfig round trip
# `set --via kconfig` proven by a rebuilt kernel: the lab .config turned into one that
# sizes CMA by percentage (CMA_SIZE_SEL_PERCENTAGE=y, CMA_SIZE_PERCENTAGE=10, as some
# BSPs ship), `cmactl set 48M --via kconfig` on it, then kconfigkernel.sh: Kconfig's
# olddefconfig must keep the edit and the rebuilt kernel must reserve 48 MiB.
name=rt-lab-set48M-via-kconfig
if runs61 "$name" && [ -z "$host_set_ok" ]; then
	notok "$name: no host cmactl with 'set' at $HOST_CMACTL"
elif runs61 "$name"; then
	dir=$WORK/roundtrip/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	sed -e 's/^CONFIG_CMA_SIZE_SEL_MBYTES=y$/# CONFIG_CMA_SIZE_SEL_MBYTES is not set/' \
		-e 's/^# CONFIG_CMA_SIZE_SEL_PERCENTAGE is not set$/CONFIG_CMA_SIZE_SEL_PERCENTAGE=y\nCONFIG_CMA_SIZE_PERCENTAGE=10/' \
		"$KOUT/.config" >"$dir/config.orig"
	cp "$dir/config.orig" "$dir/config"
	host_set "$dir" "$KVER" "$dir/config.orig" --dtb "$DTB/virt.dtb" set 48M --via kconfig \
		--file "$dir/config" --no-backup
	check "$name: cmactl set --via kconfig exit status" "$?" 0
	check "$name: the CMA size lines after the edit (grep)" \
		"$(grep -E '^(# )?CONFIG_CMA_SIZE_(MBYTES|SEL_[A-Z]+)[ =]' "$dir/config" | sort | paste -sd,)" \
		"# CONFIG_CMA_SIZE_SEL_MAX is not set,# CONFIG_CMA_SIZE_SEL_MIN is not set,# CONFIG_CMA_SIZE_SEL_PERCENTAGE is not set,CONFIG_CMA_SIZE_MBYTES=48,CONFIG_CMA_SIZE_SEL_MBYTES=y"
	if kcout=$("$here/kconfigkernel.sh" "$dir/config" 2>"$dir/build.err"); then
		ok "$name: the lab kernel rebuilt from the edited .config"
		check "$name: Kconfig (olddefconfig) kept the edit" \
			"$(grep -E '^CONFIG_CMA_SIZE_(MBYTES|SEL_[A-Z]+)=' "$kcout/.config" | sort | paste -sd,)" \
			"CONFIG_CMA_SIZE_MBYTES=48,CONFIG_CMA_SIZE_SEL_MBYTES=y"
		LAB_IMAGE=$kcout/arch/arm64/boot/Image boot_and_check "$name" lab 48 kconfig ""
		[ -d "$RESULTS/$name" ] && cp "$dir/set-command.txt" "$dir/set.out" "$RESULTS/$name/"
		predicted=$(sed -n 's/^next boot: effective: .* will be \([0-9]*\) MiB, from \([a-z]*\).*/\1 \2/p' \
			<(unwrap "$dir/set.out") | head -n 1)
		check "$name: set's next-boot prediction is what the kernel did" "$predicted" "48 kconfig"
	else
		notok "$name: rebuilding the lab kernel failed: $(tail -c 300 "$dir/build.err")"
	fi
fi

# extra_boot NAME IMAGE EXTRA_DIR: a lab-kernel boot (no extra QEMU arguments) with its
# own initramfs (cmactl + EXTRA_DIR), so its /tests.d/ scripts run in no other boot; the
# usual lab-a checks. Succeeds if the boot reached DONE.
extra_boot() {
	local name=$1 image=$2 xdir=$3 lab_initrd=$initrd
	initrd=$WORK/initramfs-$name.cpio.gz
	if ! "$here/mkinitramfs.sh" "$initrd" "${have_cmactl:+$CMACTL}" "$xdir"; then
		notok "$name: mkinitramfs.sh failed"
		initrd=$lab_initrd
		return 1
	fi
	LAB_IMAGE=$image boot_and_check "$name" lab "$LAB_MIB" kconfig ""
	initrd=$lab_initrd
	[ -e "$RESULTS/$name/DONE" ]
}

# stress_extra NAME SCRIPT...: $sextra, an initramfs extra tree with the lab kernels'
# modules.builtin*, the SCRIPTs as /tests.d/ and the client dmaheap-alloc as /bin/.
stress_extra() {
	local name=$1 s
	shift
	sextra=$WORK/initramfs-extra-$name
	rm -rf "$sextra"
	mkdir -p "$sextra/tests.d" "$sextra/bin"
	cp -a "$extra/lib" "$sextra/" # the lab kernels' modules.builtin* and indexes
	for s in "$@"; do cp "$s" "$sextra/tests.d/"; done
	# what guest/stress72.sh and guest/watch72.sh source, outside /tests.d
	mkdir -p "$sextra/tests.lib"
	cp "$here/guest/caselib.sh" "$sextra/tests.lib/"
	if [ -x "$CLIENT" ]; then
		aarch64-linux-gnu-strip -o "$sextra/bin/dmaheap-alloc" "$CLIENT"
		# NEEDED libraries of the client that cmactl does not need (mkinitramfs.sh
		# copies only cmactl's): must be none.
		needed() { aarch64-linux-gnu-readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u; }
		check "$name: dmaheap-alloc needs no library beyond cmactl's" \
			"$(comm -23 <(needed "$CLIENT") <(needed "$CMACTL") | paste -sd,)" ""
	elif [ "${CMACTL_VM_ALLOW_MISSING:-0}" = 1 ]; then
		skip "$name: dmaheap-alloc client cases (no arm64 client at $CLIENT)"
	else
		notok "$name: no arm64 dmaheap-alloc at $CLIENT (its cases are left out)"
	fi
}
# tap_from NAME CMD...: CMD's "ok - ..." / "not ok - ..." lines become numbered TAP lines
# of this run; its exit status non-zero without a "not ok" line fails too.
tap_from() {
	local name=$1 line sc_notok=0
	shift
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "${line#ok - }" ;;
		"not ok - "*) notok "${line#not ok - }"; sc_notok=1 ;;
		"=rc 0") ;;
		"=rc "*) [ "$sc_notok" = 1 ] || notok "$name: ${1##*/} exit ${line#=rc }" ;;
		*) echo "# ${1##*/}: $line" ;;
		esac
	done < <("$@" 2>&1; echo "=rc $?")
}

# The `cmactl stress` cases of issue 5 on the lab kernel (16 MiB CMA): guest/stress.sh as
# /tests.d/stress.sh and the companion client dmaheap-alloc (stripped; it needs no
# library cmactl does not), checked on the host by stress-checks.sh.
CLIENT=${CMACTL_VM_CLIENT:-$(dirname "$CMACTL")/dmaheap-alloc}
name=lab-s-stress
if runs61 "$name" && [ -z "$have_cmactl" ]; then
	if [ "${CMACTL_VM_ALLOW_MISSING:-0}" = 1 ]; then
		skip "$name: no arm64 cmactl (CMACTL_VM_ALLOW_MISSING=1)"
	else
		notok "$name: no arm64 cmactl at $CMACTL"
	fi
elif runs61 "$name"; then
	stress_extra "$name" "$here/guest/stress.sh"
	if extra_boot "$name" "$LAB_IMAGE" "$sextra"; then
		tap_from "$name" "$here/stress-checks.sh" "$RESULTS/$name/stress" "$name"
	fi
fi

# `cmactl stress` on the 7.2 lab kernel (issue 15): the Kconfig 16 MiB default area
# ("reserved", heaps default_cma_region and reserved) beside the non-default DT pool
# mycma (96 MiB, heap mycma); guest/stress72.sh, checked by stress-checks72.sh against
# the kernel's sysfs counters and log.
name=lab72-s-stress
if want_kernel 7.2 && [[ $name =~ $PATTERN ]] && [ -z "$have_cmactl" ]; then
	notok "$name: no arm64 cmactl at $CMACTL"
elif want_kernel 7.2 && [[ $name =~ $PATTERN ]]; then
	stress_extra "$name" "$here/guest/stress72.sh" "$here/guest/bench72.sh"
	# the bare DMA_HEAP_IOCTL_ALLOC/close loop bench72.sh compares stress with
	aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror -o "$sextra/bin/bare-alloc" \
		"$here/bare-alloc.c" || notok "$name: building bare-alloc failed"
	# CMACTL_VM_BEFORE=FILE: an older arm64 cmactl (same libraries) that bench72.sh runs
	# beside this one as cmactl-before, for a before/after in one boot (BENCHMARKS.md)
	if [ -n "${CMACTL_VM_BEFORE:-}" ]; then
		aarch64-linux-gnu-strip -o "$sextra/bin/cmactl-before" "$CMACTL_VM_BEFORE" ||
			notok "$name: CMACTL_VM_BEFORE=$CMACTL_VM_BEFORE is not an arm64 binary"
	fi
	lab_initrd=$initrd
	initrd=$WORK/initramfs-$name.cpio.gz
	if "$here/mkinitramfs.sh" "$initrd" "$CMACTL" "$sextra"; then
		TOTAL=$((LAB_MIB + 96)) KIND='' boot_and_check "$name" lab72 "$LAB_MIB" kconfig "" \
			-dtb "$DTB/virt-cma-nondefault.dtb"
		if [ -e "$RESULTS/$name/DONE" ]; then
			tap_from "$name" "$here/stress-checks72.sh" "$RESULTS/$name/stress72" "$name"
			check "$name: bench72.sh: 24 bare-alloc, 6 stress and 6 stresspos lines" \
				"$(grep -cE '^(bare-alloc|stress|stresspos) heap=' "$RESULTS/$name/bench72")" 36
			sed 's/^/# bench: /' "$RESULTS/$name/bench72"
		fi
	else
		notok "$name: mkinitramfs.sh failed"
	fi
	initrd=$lab_initrd
fi

# Issue 14 in the lab: `cmactl watch -- COMMAND` on the 7.2 lab kernel against the
# kernel's counters, and the recommend -> set -> reboot round trip. Boot 1: cma=16M in
# the DTB's /chosen/bootargs (put there by fdtput, not by cmactl); guest/watch72.sh runs
# the workloads and `recommend --from` the round-trip workload's record. The host then
# runs `cmactl set SIZE --via bootargs` with the recommended SIZE on that DTB, and boot 2
# must run the same workload without a failure (watch-checks.sh reads both).
watch_boot() { # watch_boot NAME DTB MIB
	local name=$1 lab_initrd=$initrd
	initrd=$WORK/initramfs-$name.cpio.gz
	if "$here/mkinitramfs.sh" "$initrd" "$CMACTL" "$sextra"; then
		KIND='' boot_and_check "$name" lab72 "$3" cmdline "" -dtb "$2"
	else
		notok "$name: mkinitramfs.sh failed"
	fi
	initrd=$lab_initrd
	[ -e "$RESULTS/$name/DONE" ]
}
name=lab72-w-watch-rt1
if want_kernel 7.2 && [[ $name =~ $PATTERN ]] && { [ -z "$have_cmactl" ] || [ -z "$host_set_ok" ]; }; then
	notok "$name: needs the arm64 cmactl and a host cmactl with 'set'"
elif want_kernel 7.2 && [[ $name =~ $PATTERN ]]; then
	stress_extra "$name" "$here/guest/watch72.sh"
	dir=$WORK/roundtrip/lab72-w-watch
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$DTB/virt.dtb" "$dir/rt1.dtb"
	fdtput -t s "$dir/rt1.dtb" /chosen bootargs cma=16M
	if watch_boot "$name" "$dir/rt1.dtb" 16; then
		tap_from "$name" "$here/watch-checks.sh" "$RESULTS/$name/watch72" "$name" 1
		size=$(awk '/^--- case rt-recommend$/ {f = 1; next} f && /^--- / {exit} f' \
			"$RESULTS/$name/watch72" | jq -r .size_bytes 2>/dev/null)
		via=$(awk '/^--- case rt-recommend$/ {f = 1; next} f && /^--- / {exit} f' \
			"$RESULTS/$name/watch72" | jq -r .via 2>/dev/null)
		echo "# $name: recommend --from: size_bytes $size, via $via"
		if [[ $size =~ ^[0-9]+$ ]] && [ $((size % MiB)) -eq 0 ]; then
			mib=$((size / MiB))
			# the guest's layer is the DTB's bootargs (QEMU passes no -append)
			check "$name: recommend names the winning layer, the command line" "$via" cmdline
			host_set "$dir" "${LAB72_SRC_VERSION%%-*}" "$LAB72_KOUT/.config" set "${mib}M" \
				--via bootargs -f "$dir/rt1.dtb" -o "$dir/rt2.dtb"
			check "$name: cmactl set ${mib}M --via bootargs (the recommended size) exit status" "$?" 0
			name=lab72-w-watch-rt2
			if [ -s "$dir/rt2.dtb" ] && watch_boot "$name" "$dir/rt2.dtb" "$mib"; then
				cp "$dir/set-command.txt" "$dir/set.out" "$RESULTS/$name/"
				tap_from "$name" "$here/watch-checks.sh" "$RESULTS/$name/watch72" "$name" 2
			fi
		else
			notok "$name: recommend --from gave no whole-MiB size_bytes ('$size')"
		fi
	fi
fi

# `cmactl collect` in the guest (issue 12): the 7.2 lab kernel with the non-default DT
# pool, a cmactl built with libarchive (mk/vm.mk: build-arm64-collect/), guest/collect.sh.
# The host reads the bundle with its own cmactl: `--root BUNDLE --json status` must be
# the guest's `--json status` of the same moment (CmaFree aside: it moves).
COLLECT_CMACTL=${CMACTL_VM_COLLECT:-$top/build-arm64-collect/cmactl}
name=lab72-c-collect
if want_kernel 7.2 && [[ $name =~ $PATTERN ]]; then
	if [ ! -x "$COLLECT_CMACTL" ] || [ ! -x "$HOST_CMACTL" ]; then
		if [ "${CMACTL_VM_ALLOW_MISSING:-0}" = 1 ]; then
			skip "$name: no arm64 cmactl with libarchive at $COLLECT_CMACTL or no host cmactl"
		else
			notok "$name: no arm64 cmactl with libarchive at $COLLECT_CMACTL or no host cmactl"
		fi
	else
		cextra=$WORK/initramfs-extra-$name
		rm -rf "$cextra"
		mkdir -p "$cextra/tests.d"
		cp -a "$extra/lib" "$cextra/"
		cp "$here/guest/collect.sh" "$cextra/tests.d/"
		lab_initrd=$initrd
		initrd=$WORK/initramfs-$name.cpio.gz
		if "$here/mkinitramfs.sh" "$initrd" "$COLLECT_CMACTL" "$cextra"; then
			TOTAL=$((LAB_MIB + 96)) KIND='' boot_and_check "$name" lab72 "$LAB_MIB" kconfig "" \
				-dtb "$DTB/virt-cma-nondefault.dtb"
		else
			notok "$name: mkinitramfs.sh failed"
		fi
		initrd=$lab_initrd
		c=$RESULTS/$name/collect
		if [ -f "$c" ]; then
			sec() { awk -v s="--- $1" '$0 == s {f = 1; next} f && /^--- / {exit} f' "$c"; }
			check "$name: cmactl collect exit status" "$(sed -n 's/^--- collect-rc //p' "$c")" 0
			sec bundle | base64 -d >"$RESULTS/$name/bundle.tar.gz" 2>/dev/null
			sec status >"$RESULTS/$name/guest-status.json"
			check "$name: the bundle is a tar.gz (tar -tzf)" \
				"$(tar -tzf "$RESULTS/$name/bundle.tar.gz" >/dev/null 2>&1 && echo yes)" yes
			"$HOST_CMACTL" --root "$RESULTS/$name/bundle.tar.gz" --json status \
				>"$RESULTS/$name/host-status.json" 2>"$RESULTS/$name/host-status.err"
			check "$name: host cmactl --root BUNDLE --json status exit status" "$?" 0
			# jq on both sides, whole, but for what differs by design: the sources' paths
			# name the bundle on the host (its prefix is cut), and the live kernel log
			# is read with klogctl while the bundle carries it as var/log/dmesg.
			# shellcheck disable=SC2016 # $b is jq's variable (--arg b)
			norm='.sources |= map_values(if .path then .path |= ltrimstr($b) else . end)
				| del(.sources.kernel_log.path)'
			b=$RESULTS/$name/bundle.tar.gz
			check "$name: host status of the bundle = guest status (jq, whole)" \
				"$(jq -S --arg b "$b" "$norm" "$RESULTS/$name/host-status.json" 2>/dev/null | sha256sum | cut -c1-16)" \
				"$(jq -S --arg b "$b" "$norm" "$RESULTS/$name/guest-status.json" 2>/dev/null | sha256sum | cut -c1-16)"
			diff <(jq -S --arg b "$b" "$norm" "$RESULTS/$name/guest-status.json" 2>&1) \
				<(jq -S --arg b "$b" "$norm" "$RESULTS/$name/host-status.json" 2>&1) | head -n 20 | sed 's/^/# diff: /'
			check "$name: host status (text) of the bundle = the guest's status.txt" \
				"$("$HOST_CMACTL" --root "$b" status 2>&1 | sha256sum | cut -c1-16)" \
				"$(sha256sum <"$RESULTS/$name/status.txt" | cut -c1-16)"
		fi
	fi
fi

# The packaged arm64 binary (issue 13): `make check-pkg` (scripts/check-pkg.sh) cross-
# builds the Debian package for arm64 (dpkg-buildpackage -a arm64,
# build/pkg/cross-arm64/cmactl_*_arm64.deb); its /usr/bin/cmactl, unpacked with
# dpkg-deb -x, replaces the lab's own cmactl in one 7.2 lab boot (the Kconfig
# configuration, the usual checks), and its answer must be the lab cmactl's in
# lab72-a-default (effective size, source, areas). check-vm does not build the package:
# without a `make check-pkg` first this prints as # SKIP.
PKG_DEB=${CMACTL_VM_PKG_DEB:-$(find "$top/build/pkg/cross-arm64" -maxdepth 1 -name 'cmactl_*_arm64.deb' 2>/dev/null | head -n 1)}
name=lab72-p-pkg-deb
if want_kernel 7.2 && [[ $name =~ $PATTERN ]]; then
	PKG_CMACTL=$WORK/pkg-deb/usr/bin/cmactl
	rm -rf "$WORK/pkg-deb"
	[ -f "$PKG_DEB" ] && dpkg-deb -x "$PKG_DEB" "$WORK/pkg-deb"
	if [ ! -f "$PKG_DEB" ]; then
		skip "$name: no cmactl_*_arm64.deb in build/pkg/cross-arm64 (run make check-pkg first)"
	elif ! file -b "$PKG_CMACTL" | grep -q 'ARM aarch64'; then
		notok "$name: ${PKG_DEB##*/} has no arm64 /usr/bin/cmactl: $(file -b "$PKG_CMACTL" 2>&1)"
	else
		ok "$name: ${PKG_DEB##*/} unpacked (dpkg-deb -x), /usr/bin/cmactl is arm64"
		lab_initrd=$initrd
		initrd=$WORK/initramfs-$name.cpio.gz
		if "$here/mkinitramfs.sh" "$initrd" "$PKG_CMACTL" "$extra"; then
			KIND='' boot_and_check "$name" lab72 "$LAB_MIB" kconfig ""
			if [ -e "$RESULTS/$name/DONE" ] && [ -f "$RESULTS/lab72-a-default/status.json" ]; then
				sig='[.effective.size_bytes, .effective.source, ([.areas[] | "\(.name)=\(.size_bytes)"] | join(","))] | join(" ")'
				check "$name: the packaged cmactl says what the lab cmactl said in lab72-a-default" \
					"$(jq -r "$sig" "$RESULTS/$name/status.json" 2>/dev/null)" \
					"$(jq -r "$sig" "$RESULTS/lab72-a-default/status.json" 2>/dev/null)"
			fi
		else
			notok "$name: mkinitramfs.sh failed"
		fi
		initrd=$lab_initrd
	fi
fi

# The armhf Debian package (issue 13; scripts/check-pkg.sh builds it with dpkg-buildpackage
# -a armhf in its bookworm armhf chroot): its dynamic /usr/bin/cmactl, with its loader and
# libraries from that chroot (mkinitramfs.sh), in one armmp-lpae boot (configuration a,
# 1 GiB). It must say what the lab's static armhf cmactl said in armhf1g-a-default.
PKG_DEB_HF=${CMACTL_VM_PKG_DEB_ARMHF:-$(find "$top/build/pkg/cross-armhf" -maxdepth 1 -name 'cmactl_*_armhf.deb' 2>/dev/null | head -n 1)}
name=armhf1g-p-pkg-deb
if want_kernel armhf && [[ $name =~ $PATTERN ]]; then
	PKG_HF=$WORK/pkg-deb-armhf/usr/bin/cmactl
	rm -rf "$WORK/pkg-deb-armhf"
	[ -f "$PKG_DEB_HF" ] && dpkg-deb -x "$PKG_DEB_HF" "$WORK/pkg-deb-armhf"
	if [ ! -f "$PKG_DEB_HF" ]; then
		skip "$name: no cmactl_*_armhf.deb in build/pkg/cross-armhf (run make check-pkg first)"
	elif ! file -b "$PKG_HF" | grep -q 'ARM, EABI5'; then
		notok "$name: ${PKG_DEB_HF##*/} has no 32-bit ARM /usr/bin/cmactl: $(file -b "$PKG_HF" 2>&1)"
	else
		ok "$name: ${PKG_DEB_HF##*/} unpacked (dpkg-deb -x), /usr/bin/cmactl is 32-bit ARM"
		hf_initrd=$armhf_initrd
		armhf_initrd=$WORK/initramfs-$name.cpio.gz
		if INITRAMFS_ARCH=armhf "$here/mkinitramfs.sh" "$armhf_initrd" "$PKG_HF"; then
			KIND='' have_armhf_cmactl=1 boot_and_check "$name" armhf1g "${K_MIB[armhf1g]}" kconfig ""
			if [ -e "$RESULTS/$name/DONE" ] && [ -f "$RESULTS/armhf1g-a-default/status.json" ]; then
				sig='[.effective.size_bytes, .effective.source, ([.areas[] | "\(.name)=\(.size_bytes)"] | join(","))] | join(" ")'
				check "$name: the packaged cmactl says what the static cmactl said in armhf1g-a-default" \
					"$(jq -r "$sig" "$RESULTS/$name/status.json" 2>/dev/null)" \
					"$(jq -r "$sig" "$RESULTS/armhf1g-a-default/status.json" 2>/dev/null)"
			fi
		else
			notok "$name: mkinitramfs.sh (armhf, with the package's libraries) failed"
		fi
		armhf_initrd=$hf_initrd
	fi
fi

# The static arm64 cmactl (issue 13): STATIC=1 WITH_KMOD=0 (mk/vm.mk's
# build-arm64-static/cmactl; CMACTL_VM_STATIC= names another), shipped beside the lab's
# dynamic cmactl as /bin/cmactl-static in one 6.1 lab and one 7.2 lab boot
# (configuration a); guest/static.sh asks both `--json status`, back to back, and the
# static answer must equal the dynamic one of the same boot, whole (jq -S).
STATIC_CMACTL=${CMACTL_VM_STATIC:-$top/build-arm64-static/cmactl}
# static_part FILE PART: the lines of guest/static.sh's "--- PART" part of FILE.
static_part() { awk -v p="--- $2" '$0 == p {on = 1; next} /^--- / {on = 0} on' "$1"; }
for sk in "lab-p-static|lab|6.1" "lab72-p-static|lab72|7.2"; do
	IFS='|' read -r name kernel gen <<<"$sk"
	if ! want_kernel "$gen" || ! [[ $name =~ $PATTERN ]]; then continue; fi
	if [ ! -x "$STATIC_CMACTL" ] || [ -z "$have_cmactl" ]; then
		if [ "${CMACTL_VM_ALLOW_MISSING:-0}" = 1 ]; then
			skip "$name: no static arm64 cmactl at $STATIC_CMACTL (make vm-cmactl) or no lab cmactl"
		else
			notok "$name: no static arm64 cmactl at $STATIC_CMACTL (make vm-cmactl) or no lab cmactl"
		fi
		continue
	fi
	check "$name: the static cmactl is a statically linked arm64 executable (file)" \
		"$(file -b "$STATIC_CMACTL" | grep -c 'ARM aarch64.*, statically linked')" 1
	stextra=$WORK/initramfs-extra-$name
	rm -rf "$stextra"
	mkdir -p "$stextra/tests.d" "$stextra/bin"
	cp -a "$extra/lib" "$stextra/"
	cp "$STATIC_CMACTL" "$stextra/bin/cmactl-static"
	cp "$here/guest/static.sh" "$stextra/tests.d/"
	lab_initrd=$initrd
	initrd=$WORK/initramfs-$name.cpio.gz
	if "$here/mkinitramfs.sh" "$initrd" "$CMACTL" "$stextra"; then
		KIND='' boot_and_check "$name" "$kernel" "$LAB_MIB" kconfig ""
		out=$RESULTS/$name/static
		if [ -f "$out" ]; then
			for f in dyn1 static dyn2; do static_part "$out" "$f.json" >"$RESULTS/$name/$f.json"; done
			check "$name: static cmactl --json status exit status" "$(sed -n 's/^--- static-rc //p' "$out")" 0
			check "$name: static cmactl printed no error" "$(static_part "$out" static.err | wc -c)" 0
			s_sig=$(jq -S . "$RESULTS/$name/static.json" 2>&1 | sha256sum | cut -c1-16)
			d1_sig=$(jq -S . "$RESULTS/$name/dyn1.json" 2>&1 | sha256sum | cut -c1-16)
			d2_sig=$(jq -S . "$RESULTS/$name/dyn2.json" 2>&1 | sha256sum | cut -c1-16)
			check "$name: the static answer is valid JSON with an effective size" \
				"$(jq -r '.effective.size_bytes' "$RESULTS/$name/static.json" 2>&1)" $((LAB_MIB * 1048576))
			# equal to the dynamic answer just before or just after it (CmaFree moves)
			if [ "$s_sig" = "$d1_sig" ] || [ "$s_sig" = "$d2_sig" ]; then
				ok "$name: static --json status = dynamic --json status in the same boot (jq -S, whole)"
			else
				notok "$name: static --json status differs from the dynamic one in the same boot"
				diff <(jq -S . "$RESULTS/$name/dyn1.json" 2>&1) <(jq -S . "$RESULTS/$name/static.json" 2>&1) |
					head -n 30 | sed 's/^/# diff: /'
			fi
		else
			notok "$name: no output of guest/static.sh (see $RESULTS/$name/console.log)"
		fi
	else
		notok "$name: mkinitramfs.sh failed"
	fi
	initrd=$lab_initrd
done

# The cma_heap-as-module variant (LAB.md section 7): a patched copy of the lab kernel,
# its modules in the initramfs and one guest script as /tests.d/<name>.sh.
# CMACTL_VM_MODULE=0 leaves these boots out (and says so).
# module_boot NAME GUEST_SCRIPT TESTS_D_NAME: boot it with the usual lab-a checks.
mout=
module_boot() {
	local name=$1 script=$2 as=$3 mextra
	if [ "${CMACTL_VM_MODULE:-1}" = 0 ]; then
		skip "$name: CMACTL_VM_MODULE=0"
		return 1
	fi
	if [ -z "$mout" ] && ! mout=$("$here/modkernel.sh"); then
		notok "$name: building the cma_heap-as-module kernel failed"
		return 1
	fi
	mextra=$WORK/initramfs-extra-$name
	rm -rf "$mextra"
	mkdir -p "$mextra/tests.d"
	cp -a "$mout/modroot/lib" "$mextra/"
	cp "$script" "$mextra/tests.d/$as"
	extra_boot "$name" "$mout/arch/arm64/boot/Image" "$mextra"
}

# Kernel side: busybox modprobe loads the patched cma_heap.
name=lab-m-cmaheap-module
if runs61 "$name" && module_boot "$name" "$here/guest/module.sh" module.sh; then
	m=$RESULTS/$name/module
	check "$name: cma_heap not loaded and no reserved heap before modprobe" \
		"$(sed -n '/^--- before/,/^--- modprobe/p' "$m" | grep -c -e '^reserved$' -e '^cma_heap ')" 0
	check "$name: busybox modprobe cma_heap" "$(grep '^modprobe rc=' "$m")" "modprobe rc=0"
	check "$name: /dev/dma_heap/reserved after modprobe" \
		"$(sed -n '/^--- after/,$p' "$m" | grep -c '^reserved$')" 1
	check "$name: cma_heap in /proc/modules after modprobe" \
		"$(sed -n '/^--- after/,$p' "$m" | grep -c '^cma_heap ')" 1
fi

# cmactl side: `stress` without the module loaded says so (exit 5, names --load-module);
# `stress --load-module` inserts it through libkmod and allocates (guest/stress-module.sh).
# case_rc FILE CASE / case_body FILE CASE: the "--- rc N" / the output of one case.
case_rc() { awk -v c="--- case $2" '$0 == c {f = 1; next} f && /^--- rc / {print $3; exit}' "$1"; }
case_body() { awk -v c="--- case $2" '$0 == c {f = 1; next} f && /^--- / {exit} f' "$1"; }
name=lab-m2-stress-load-module
if runs61 "$name" && [ -f "$here/guest/stress-module.sh" ] && [ -n "$have_cmactl" ] &&
	module_boot "$name" "$here/guest/stress-module.sh" 0-stress-module.sh; then
	m=$RESULTS/$name/0-stress-module
	check "$name: stress before the module is loaded: exit 5 (could not run)" "$(case_rc "$m" before)" 5
	check "$name: ... and it names --load-module" "$(case_body "$m" before | grep -c -- '--load-module' | sed 's/^[1-9][0-9]*$/yes/')" yes
	check "$name: stress --load-module --size 1M --count 2: exit 0" "$(case_rc "$m" load-module)" 0
	check "$name: ... prints valid JSON" "$(case_body "$m" load-module | jq -e . >/dev/null 2>&1 && echo valid)" valid
	check "$name: cma_heap in /proc/modules and /dev/dma_heap/reserved afterwards" \
		"$(case_body "$m" proc-modules | grep -c -e '^cma_heap ' -e '^reserved$')" 2
fi

"$here/matrix.sh" "$CACHE/run.tap" >"$CACHE/matrix.md" 2>/dev/null
echo "# results in $RESULTS; total $(($(date +%s) - t0)) s; table: $CACHE/matrix.md (test/vm/matrix.sh)"
echo "1..$n"
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$n" -gt 0 ]
