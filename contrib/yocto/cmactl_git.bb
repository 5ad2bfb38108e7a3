# SPDX-License-Identifier: GPL-2.0-or-later
SUMMARY = "Show and tune the Linux Contiguous Memory Allocator (CMA)"
DESCRIPTION = "cmactl reports which layer (Kconfig, cma=, device tree) set the CMA size, \
the areas and the allocation failures the kernel logged; status --check gives a verdict \
in the exit status. dmaheap-alloc allocates from /dev/dma_heap."
HOMEPAGE = "https://example.org/cmactl"
SECTION = "console/utils"
LICENSE = "GPL-2.0-or-later"
LIC_FILES_CHKSUM = "file://src/cmactl.c;beginline=1;endline=1;md5=7226e442a172bcf25807246d7ef1eba1"

# Point SRC_URI and SRCREV at the repository and commit to build.
SRC_URI = "git://example.org/cmactl.git;protocol=https;branch=main"
SRCREV = "${AUTOREV}"
PV = "0.1.0+git${SRCPV}"
S = "${WORKDIR}/git"

DEPENDS = "dtc json-c zlib"

inherit pkgconfig systemd

# cmactl export every minute for node_exporter's textfile collector; installed, not enabled
SYSTEMD_SERVICE:${PN} = "cmactl-export.service cmactl-export.timer"
SYSTEMD_AUTO_ENABLE = "disable"

# libkmod is optional: with it, stress can say whether cma_heap is a module (it is loaded
# at run time, so it is only an RDEPENDS); without it, WITH_KMOD=0.
PACKAGECONFIG ??= "kmod archive"
PACKAGECONFIG[kmod] = "WITH_KMOD=1,WITH_KMOD=0,kmod,libkmod"
# libarchive: cmactl collect and --root BUNDLE
PACKAGECONFIG[archive] = "WITH_LIBARCHIVE=1,WITH_LIBARCHIVE=0,libarchive"

# The Makefile honours CC, CFLAGS, CPPFLAGS, LDFLAGS and PKG_CONFIG from the environment,
# installs under DESTDIR+PREFIX and never strips (the -dbg package gets the symbols).
# The units go where systemd.bbclass looks for them (and removes them without systemd).
EXTRA_OEMAKE = "V=1 PREFIX=${prefix} SYSTEMDUNITDIR=${systemd_system_unitdir} \
    ${PACKAGECONFIG_CONFARGS}"

do_compile() {
    oe_runmake
}

do_install() {
    oe_runmake DESTDIR=${D} install
}

FILES:${PN} += "${datadir}/bash-completion ${datadir}/zsh ${datadir}/fish"
