#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make bench-watch: what `cmactl watch` costs. On the lab-b fixture tree (one area with
# sysfs and debugfs, meminfo, vmstat, a dev/kmsg file), a writer changes the counters
# every 50 ms while watch samples:
#  1. CPU: user + system seconds of `watch --interval 100ms` (10 Hz) over DURATION
#     seconds, from GNU time, as a share of one core;
#  2. memory and fds: `watch --interval 10ms` for LONG seconds (LONG x 100 samples, as
#     many as LONG x 10 s at 10 Hz); VmRSS and the open fds read from /proc every
#     second must stay flat.
# DURATION=60 LONG=60 by default; LONG=180 is 30 minutes' worth of 10 Hz samples.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cmactl=${CMACTL:-$top/cmactl}
duration=${DURATION:-60}
long=${LONG:-60}
work=$(mktemp -d)
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (scripts/deps.sh --bench)" >&2; exit 2; }

root=$work/root
cp -r "$top/fixtures/lab-b-cmdline-cma32M/." "$root"
mkdir -p "$root/dev"
: > "$root/dev/kmsg"
dbg=$root/sys/kernel/debug/cma/reserved

# the workload: counters move every 50 ms, a log record every second
writer() {
	local i=0
	while :; do
		echo $((i % 8000)) > "$dbg/used.tmp" && mv "$dbg/used.tmp" "$dbg/used"
		echo $((8192 - i % 8000)) > "$dbg/maxchunk.tmp" && mv "$dbg/maxchunk.tmp" "$dbg/maxchunk"
		[ $((i % 20)) -eq 0 ] && echo "6,$i,$i,-;usb 1-1: noise" >> "$root/dev/kmsg"
		i=$((i + 1))
		sleep 0.05
	done
}
writer &
wpid=$!
trap 'kill $wpid 2>/dev/null; rm -rf "$work"' EXIT

/usr/bin/time -f "%U %S %M" -o "$work/time" "$cmactl" --root "$root" watch --interval 100ms \
	--duration "$duration" > /dev/null
read -r user sys maxrss < "$work/time"
echo "| interval | duration (s) | user (s) | system (s) | share of one core | peak RSS (KiB) |"
echo "|---|---|---|---|---|---|"
awk -v u="$user" -v s="$sys" -v d="$duration" -v m="$maxrss" \
	'BEGIN { printf "| 100 ms | %d | %.2f | %.2f | %.2f %% | %d |\n", d, u, s, (u + s) * 100 / d, m }'

"$cmactl" --root "$root" watch --interval 10ms --duration "$long" > /dev/null &
pid=$!
echo
echo "| after (s) | samples at 10 ms (nominal) | VmRSS (KiB) | open fds |"
echo "|---|---|---|---|"
for t in $(seq 1 "$long"); do
	sleep 1
	[ -d "/proc/$pid" ] || break
	if [ "$t" -le 3 ] || [ $((t % (long / 6 > 0 ? long / 6 : 1))) -eq 0 ]; then
		rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
		fds=$(find "/proc/$pid/fd" -mindepth 1 | wc -l)
		echo "| $t | $((t * 100)) | $rss | $fds |"
	fi
done
wait "$pid"
