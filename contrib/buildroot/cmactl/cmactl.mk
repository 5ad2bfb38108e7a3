################################################################################
#
# cmactl
#
################################################################################

CMACTL_VERSION = 0.1.0
CMACTL_SITE = https://example.org/cmactl/releases
CMACTL_LICENSE = GPL-2.0+
CMACTL_DEPENDENCIES = host-pkgconf dtc json-c zlib

# libkmod only when kmod is built (it cannot be with BR2_STATIC_LIBS)
ifeq ($(BR2_PACKAGE_KMOD),y)
CMACTL_DEPENDENCIES += kmod
CMACTL_KMOD = WITH_KMOD=1
else
CMACTL_KMOD = WITH_KMOD=0
endif

# libarchive (collect, --root BUNDLE) only when it is built: never picked up by chance
ifeq ($(BR2_PACKAGE_LIBARCHIVE),y)
CMACTL_DEPENDENCIES += libarchive
CMACTL_ARCHIVE = WITH_LIBARCHIVE=1
else
CMACTL_ARCHIVE = WITH_LIBARCHIVE=0
endif

ifeq ($(BR2_STATIC_LIBS),y)
CMACTL_STATIC = STATIC=1
endif

# The Makefile takes CC, CFLAGS, LDFLAGS and PKG_CONFIG as given and never strips
# (Buildroot strips the target files itself).
CMACTL_MAKE_OPTS = \
	$(TARGET_CONFIGURE_OPTS) \
	PKG_CONFIG="$(PKG_CONFIG_HOST_BINARY)" \
	PREFIX=/usr V=1 $(CMACTL_KMOD) $(CMACTL_ARCHIVE) $(CMACTL_STATIC)

define CMACTL_BUILD_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(CMACTL_MAKE_OPTS)
endef

define CMACTL_INSTALL_TARGET_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(CMACTL_MAKE_OPTS) DESTDIR=$(TARGET_DIR) install
endef

$(eval $(generic-package))
