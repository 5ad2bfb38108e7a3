# SPDX-License-Identifier: GPL-2.0-or-later
# dmaheap-alloc, cmactl's companion dma-heap client (src/dmaheap-client.c; cmactl(8),
# DMAHEAP-ALLOC). Built with cmactl by `make`; honours B= and the cross flags like BIN=:
#   make B=build-arm64 BIN=build-arm64/cmactl CLIENT_BIN=build-arm64/dmaheap-alloc \
#        CC=aarch64-linux-gnu-gcc PKG_CONFIG=aarch64-linux-gnu-pkg-config STATIC=1 \
#        build-arm64/cmactl build-arm64/dmaheap-alloc

CLIENT_BIN ?= dmaheap-alloc
# The client needs the heap library, the --root door, and the pure size/seconds parsers.
CLIENT_MODEL := stress heaps size meminfo areas kconfig suggest
CLIENT_OBJ := $(B)/src/dmaheap-client.o $(B)/src/helpopt.o $(B)/src/log.o $(B)/src/io/dmaheap.o $(B)/src/io/root.o \
              $(CLIENT_MODEL:%=$(B)/src/model/%.o)
# Only json-c: no libkmod or libfdt (Debian ships neither as a static archive for
# arm64), so STATIC=1 cross builds of the client work.
CLIENT_LIBS := $(shell $(PKG_CONFIG) $(PKG_STATIC) --libs json-c 2>/dev/null || echo -ljson-c)

all: $(CLIENT_BIN)

$(CLIENT_BIN): $(CLIENT_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS)

client: $(CLIENT_BIN)

install: install-client
install-client: $(CLIENT_BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(CLIENT_BIN) $(DESTDIR)$(BINDIR)/dmaheap-alloc
	install -m 0644 man/dmaheap-alloc.1 $(DESTDIR)$(MANDIR)/man1/dmaheap-alloc.1

uninstall: uninstall-client
uninstall-client:
	rm -f $(DESTDIR)$(BINDIR)/dmaheap-alloc $(DESTDIR)$(MANDIR)/man1/dmaheap-alloc.1

clean: clean-client
clean-client:
	rm -f dmaheap-alloc

# The stress suite runs the client too.
check: $(CLIENT_BIN)

.PHONY: client install-client uninstall-client clean-client
-include $(B)/src/dmaheap-client.d
