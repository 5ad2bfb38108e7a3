#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# For the cma_heap-as-module boot (lab-m): `cmactl stress` before the module is loaded
# (exit 5, names the module and --load-module), then `--load-module` inserts it through
# libkmod and the allocations succeed. Must run before anything else loads cma_heap:
# install it as /tests.d/0-stress-module.sh (tests run in glob order).
echo "--- case before"
cmactl stress --size 1M 2>&1
echo "--- rc $?"
echo "--- case load-module"
cmactl --json stress --load-module --size 1M --count 2
echo "--- rc $?"
echo "--- case proc-modules"
grep '^cma_heap ' /proc/modules
ls /dev/dma_heap
echo "--- end"
