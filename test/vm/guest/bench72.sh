#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /tests.d/bench72.sh in a 7.2 lab-kernel boot (issue 14, BENCHMARKS.md): what `cmactl
# stress` adds to one allocation. Interleaved, same heap, same sizes, same boot: the bare
# DMA_HEAP_IOCTL_ALLOC/close loop (/bin/bare-alloc, test/vm/bare-alloc.c), the same loop
# with stress's old pattern between two ioctls (mode "trip": a pipe round trip with a
# forked peer; "write": one pipe write to it; "self": a write and read back by the same
# process, no peer), and `cmactl stress --count 1 --duration`
# (allocate-free rounds); each prints its median. Then `stress --count 3`: the median
# latency by position in the round (position 0 follows the parent's wake-up, 1 and 2
# follow the job's own ioctl).
heap=default_cma_region
# latency_ns of stress's "each" list (pretty JSON, one key a line; no jq in the guest):
# "POSITION NS" lines, the position counted within a round
positions() {
	awk '/"each":/ {e = 1} /"each_dropped":/ {e = 0}
		e && /"round":/ {gsub(/[^0-9]/, ""); r = $0}
		e && /"latency_ns": *[0-9]/ {gsub(/[^0-9]/, "");
			p = (r == pr) ? p + 1 : 0; pr = r; print p, $0}' "$1"
}
# stress1 CMACTL LABEL: one --count 1 --duration 3 run, its summary on one line
stress1() {
	"$1" --json stress --heap "$heap" --size "$size" --count 1 --duration 3 >/tmp/s.json
	# no jq in the guest: the top-level "latency_ns": { ... } object (each[] entries
	# hold plain numbers) and the first "succeeded" (allocations')
	echo "$2 heap=$heap bytes=$size rep=$rep $(awk '
		/"succeeded":/ && !s {gsub(/[^0-9]/, ""); s = $0}
		/"latency_ns": *\{/ {l = 1; next}
		l && /\}/ {l = 0}
		l && /"(min|median|p99|max)":/ {gsub(/[" ,]/, ""); sub(/:/, "_ns="); o = o " " $0}
		END {print "rounds=" s o}' /tmp/s.json)"
}
median() { sort -n | awk '{v[NR] = $1} END {print (NR ? v[int((NR + 1) / 2)] : "none")}'; }
for size in 1048576 4194304; do
	for rep in 1 2 3; do
		bare-alloc "$heap" "$size" 300
		stress1 cmactl stress
		# an older cmactl beside it when the run was given one (CMACTL_VM_BEFORE)
		if command -v cmactl-before >/dev/null; then stress1 cmactl-before stress-before; fi
		bare-alloc "$heap" "$size" 300 trip
		bare-alloc "$heap" "$size" 300 write
		bare-alloc "$heap" "$size" 300 self
		cmactl --json stress --heap "$heap" --size "$size" --count 3 --duration 2 >/tmp/s.json
		positions /tmp/s.json >/tmp/pos
		echo "stresspos heap=$heap bytes=$size rep=$rep count=3 allocations=$(wc -l </tmp/pos)" \
			"pos0_median_ns=$(awk '$1 == 0 {print $2}' /tmp/pos | median)" \
			"pos1_median_ns=$(awk '$1 == 1 {print $2}' /tmp/pos | median)" \
			"pos2_median_ns=$(awk '$1 == 2 {print $2}' /tmp/pos | median)"
	done
done
