#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /tests.d/module.sh in the cma_heap-as-module boot (lab-m): load the CMA heap module
# with busybox modprobe and show what changed.  Output is checked by test/vm/run.sh.
echo "--- before"
ls /dev/dma_heap
grep '^cma_heap ' /proc/modules
echo "--- modprobe"
modprobe cma_heap
echo "modprobe rc=$?"
echo "--- after"
ls /dev/dma_heap
grep '^cma_heap ' /proc/modules
