#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /tests.d/bench72.sh in a 7.2 lab-kernel boot (issue 14, BENCHMARKS.md): what `cmactl
# stress` adds to one allocation. Interleaved, same heap, same sizes, same boot: the bare
# DMA_HEAP_IOCTL_ALLOC/close loop (/bin/bare-alloc, test/vm/bare-alloc.c) and
# `cmactl stress --count 1 --duration` (allocate-free rounds); each prints its median.
heap=default_cma_region
for size in 1048576 4194304; do
	for rep in 1 2 3; do
		bare-alloc "$heap" "$size" 300
		cmactl --json stress --heap "$heap" --size "$size" --count 1 --duration 3 >/tmp/s.json
		# no jq in the guest: the top-level "latency_ns": { ... } object (each[] entries
		# hold plain numbers) and the first "succeeded" (allocations')
		echo "stress heap=$heap bytes=$size rep=$rep $(awk '
			/"succeeded":/ && !s {gsub(/[^0-9]/, ""); s = $0}
			/"latency_ns": *\{/ {l = 1; next}
			l && /\}/ {l = 0}
			l {gsub(/[" ,]/, ""); sub(/:/, "_ns="); o = o " " $0}
			END {print "rounds=" s o}' /tmp/s.json)"
	done
done
