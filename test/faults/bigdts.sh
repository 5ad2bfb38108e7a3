#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A board DTS with a linux,cma pool and N filler devices (default 6000, about
# 1.5 MiB as a DTB), so that `cmactl set` on it takes long enough for
# test/faults.bats to kill it at different steps. Usage: bigdts.sh [N]
n=${1:-6000}
cat <<'HEAD'
/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	model = "cmactl fault-injection board";
	compatible = "cmactl,faults";
	memory@40000000 {
		device_type = "memory";
		reg = <0x0 0x40000000 0x0 0x80000000>;
	};
	chosen {
		bootargs = "console=ttyAMA0 root=/dev/vda rw";
	};
	reserved-memory {
		#address-cells = <2>;
		#size-cells = <2>;
		ranges;
		linux,cma {
			compatible = "shared-dma-pool";
			reusable;
			size = <0x0 0x4000000>;
			linux,cma-default;
		};
	};
	soc {
		#address-cells = <1>;
		#size-cells = <1>;
		ranges;
HEAD
awk -v n="$n" 'BEGIN {
	for (i = 0; i < n; i++) {
		printf "\t\tdev@%x {\n\t\t\tcompatible = \"cmactl,filler-%d\", \"simple-bus\";\n", i * 4096, i
		printf "\t\t\treg = <0x%x 0x1000>;\n\t\t\tinterrupts = <0 %d 4>;\n", i * 4096, i % 1000
		printf "\t\t\tlabel = \"filler device number %d of the fault-injection board\";\n", i
		printf "\t\t\tstatus = \"okay\";\n\t\t};\n"
	}
}'
printf '\t};\n};\n'
