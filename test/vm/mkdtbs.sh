#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Dump QEMU's own virt DTB (same -M/-cpu/-m as the boots) and make the CMA variants:
#   virt                      QEMU's DTB as is (no /reserved-memory, no bootargs)
#   virt-cma-size             /reserved-memory/linux,cma, size 96 MiB, linux,cma-default
#   virt-cma-reg              same node with reg = 80 MiB at 0x70000000 instead of size
#   virt-cma-reg16M-unitaddr  node linux,cma@60000000, reg 16 MiB at 0x60000000
#   virt-bootargs             no /reserved-memory; /chosen/bootargs = "cma=48M"
#   virt-cma-nondefault       /reserved-memory/mycma, size 96 MiB, NOT linux,cma-default:
#                             an area of its own beside the default one
#
#   mkdtbs.sh OUTDIR      -> OUTDIR/<variant>.dts and .dtb
# QEMU_SYSTEM, QEMU_CPU, QEMU_MEM (default qemu-system-aarch64, cortex-a57, 1024) pick
# the machine, e.g. the 32-bit ARM lab's qemu-system-arm, cortex-a15.
set -euo pipefail

out=${1:?usage: mkdtbs.sh OUTDIR}
mkdir -p "$out"
# -nic none: no network, and no need for the iPXE ROM (efi-virtio.rom) of the default NIC.
QEMU_MACHINE=(-M virt -cpu "${QEMU_CPU:-cortex-a57}" -m "${QEMU_MEM:-1024}" -nic none)
QEMU_SYSTEM=${QEMU_SYSTEM:-qemu-system-aarch64}

rm -f "$out/virt.dtb"
# -M given twice: the later machine options add to the first.
"$QEMU_SYSTEM" "${QEMU_MACHINE[@]}" -M virt,dumpdtb="$out/virt.dtb" -nographic \
	</dev/null >/dev/null 2>&1 || true # QEMU 7.2 exits non-zero after dumping
[ -s "$out/virt.dtb" ] || { echo "mkdtbs: qemu did not dump its DTB" >&2; exit 1; }
dtc -q -I dtb -O dts -o "$out/virt.dts" "$out/virt.dtb"

# insert_before_chosen VARIANT NODE_TEXT: add NODE_TEXT as a child of / before /chosen.
insert_before_chosen() {
	awk -v node="$2" '
		!done && /^\tchosen \{/ { print node; done = 1 }
		{ print }
		END { if (!done) exit 1 }' "$out/virt.dts" >"$out/$1.dts"
}

# cma_node NAME PROPS: a /reserved-memory node holding one shared-dma-pool child.
cma_node() {
	printf '\treserved-memory {\n\t\t#address-cells = <0x02>;\n\t\t#size-cells = <0x02>;\n\t\tranges;\n\n'
	printf '\t\t%s {\n\t\t\tcompatible = "shared-dma-pool";\n\t\t\treusable;\n' "$1"
	printf '\t\t\t%s\n' "${@:2}"
	printf '\t\t};\n\t};\n'
}

insert_before_chosen virt-cma-size \
	"$(cma_node linux,cma 'size = <0x00 0x6000000>;' 'linux,cma-default;')"
insert_before_chosen virt-cma-reg \
	"$(cma_node linux,cma 'reg = <0x00 0x70000000 0x00 0x5000000>;' 'linux,cma-default;')"
insert_before_chosen virt-cma-reg16M-unitaddr \
	"$(cma_node linux,cma@60000000 'reg = <0x00 0x60000000 0x00 0x1000000>;' 'linux,cma-default;')"
insert_before_chosen virt-cma-nondefault \
	"$(cma_node mycma 'size = <0x00 0x6000000>;')"
awk '{ print } /^\tchosen \{/ { print "\t\tbootargs = \"cma=48M\";"; n++ } END { if (!n) exit 1 }' \
	"$out/virt.dts" >"$out/virt-bootargs.dts"

for v in virt-cma-size virt-cma-reg virt-cma-reg16M-unitaddr virt-cma-nondefault virt-bootargs; do
	dtc -q -I dts -O dtb -o "$out/$v.dtb" "$out/$v.dts"
done
