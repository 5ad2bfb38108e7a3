#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/mklog.sh OUT [MiB]: a synthetic kernel log of about MiB (default 32) mebibytes.
# Real lines: the lab-a capture's dmesg-after-alloc (fixtures/logs is too small), repeated
# as if the board rebooted, interleaved with driver noise lines of realistic length,
# some of which mention "cma" without being CMA lines (so grep -c cma counts them too).
set -euo pipefail
out=${1:?usage: mklog.sh OUT [MiB]}
mib=${2:-32}
top=$(cd "$(dirname "$0")/.." && pwd)
real=$top/fixtures/lab-a-kconfig16M/var/log/dmesg

awk -v target=$((mib * 1048576)) -v realfile="$real" '
BEGIN {
	while ((getline l < realfile) > 0) real[n++] = l
	srand(42)
	noise[0] = "usb 1-1.2: new high-speed USB device number %d using dwc2"
	noise[1] = "mmc0: new ultra high speed SDR104 SDHC card at address %04x"
	noise[2] = "EXT4-fs (mmcblk0p2): mounted filesystem with ordered data mode. Quota mode: none."
	noise[3] = "brcmfmac: brcmf_c_preinit_dcmds: Firmware: BCM4345/6 wl0: Oct 28 2021 %d"
	noise[4] = "vc4-drm gpu: [drm] Using dmacma buffer pool for plane %d"
	noise[5] = "audit: type=1400 audit(%d.123:2): apparmor=\"STATUS\" operation=\"profile_load\""
	noise[6] = "hantro-vpu fdea0000.video-codec: missing multi-planar format %d"
	noise[7] = "v4l2loopback: module taints kernel (cma test %d)"
	size = 0; t = 0
	while (size < target) {
		for (i = 0; i < n && size < target; i++) {
			l = real[i]; print l; size += length(l) + 1
			for (j = 0; j < 40; j++) {
				t += 0.000731
				l = sprintf("[%12.6f] " noise[int(rand() * 8)], t, int(rand() * 65536))
				print l; size += length(l) + 1
			}
		}
	}
}' > "$out"
