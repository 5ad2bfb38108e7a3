# SPDX-License-Identifier: GPL-2.0-or-later
# Device-tree fixtures and tools: fixtures/dts/*.dts -> $(B)/dtb/*.dtb for
# the dt unit test, and $(B)/dtdump for test/dt-corpus.bats.

DTC ?= dtc
DT_FIXTURE_DTS := $(wildcard fixtures/dts/*.dts)
# The lab trees' device trees are read where they are, not copied into fixtures/dts/.
DT_TREE_NAMES  := lab-c-dt-size96M lab-e-dt-reg80M lab-g-dt-reg16M-unitaddr \
                  stock-a-default stock-f-dt-bootargs-cma48M
DT_FIXTURE_DTB := $(DT_FIXTURE_DTS:fixtures/dts/%.dts=$(B)/dtb/%.dtb) $(DT_TREE_NAMES:%=$(B)/dtb/%.dtb)

# -q: the lab captures are QEMU dumps and draw dtc warnings we don't care about.
$(B)/dtb/%.dtb: fixtures/dts/%.dts
	@mkdir -p $(dir $@)
	@echo "  DTC     $@"
	$(Q)$(DTC) -q -I dts -O dtb -o $@ $<

$(B)/dtb/%.dtb: fixtures/%/sys/firmware/fdt.dts
	@mkdir -p $(dir $@)
	@echo "  DTC     $@"
	$(Q)$(DTC) -q -I dts -O dtb -o $@ $<

dtbs: $(DT_FIXTURE_DTB)

# Order-only, so the generic unit rule's $^ (its link line) stays free of .dtb
# files; the test finds them through DTB_DIR.
$(B)/unit/test-dt: | $(DT_FIXTURE_DTB)
$(B)/unit/test-dt: override CFLAGS += -DDTB_DIR='"$(B)/dtb"'

# kernel_memparse(), used by cmdline.c, lives in size.c.
DTDUMP_OBJ := $(B)/src/model/dt.o $(B)/src/model/cmdline.o $(B)/src/model/size.o

$(B)/dtdump: test/tools/dtdump.c $(DTDUMP_OBJ)
	@mkdir -p $(dir $@)
	@echo "  CCLD    $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(FDT_LIBS)

dtdump: $(B)/dtdump

# test/dt-corpus.bats runs under `make check`.
check: $(B)/dtdump

# Debian's arm64 DTBs for test/dt-corpus.bats, cached outside the tree.
dtb-corpus:
	test/dtbs/fetch.sh

.PHONY: dtbs dtdump dtb-corpus
-include $(B)/dtdump.d
