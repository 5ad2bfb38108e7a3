#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make bench: time `cmactl status --dmesg` on a 32 MiB synthetic log against `grep -c cma`
# and the manual pipeline users run today, side by side in one hyperfine run; then peak
# RSS with GNU time for 32 and 128 MiB logs. Prints a Markdown table for BENCHMARKS.md.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cmactl=${CMACTL:-$top/cmactl}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (scripts/deps.sh --bench)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (scripts/deps.sh --bench)" >&2; exit 2; }

"$top/bench/mklog.sh" "$work/log32" 32
"$top/bench/mklog.sh" "$work/log128" 128
root=$work/root
cp -r "$top/fixtures/lab-a-kconfig16M/." "$root"
rm -f "$root/var/log/dmesg"
manual="grep -i cma $work/log32; grep -i cma $root/proc/meminfo; zcat $root/proc/config.gz | grep CMA"

# BASELINE=path/to/an/older/cmactl adds it to the same hyperfine run, side by side.
baseline=()
[ -n "${BASELINE:-}" ] && baseline=(-n "baseline: cmactl --root root --dmesg log32 status"
	"$BASELINE --root $root --dmesg $work/log32 status")
hyperfine --warmup 3 --runs 20 --export-json "$work/h.json" -N \
	-n "grep -c cma log32" "grep -c cma $work/log32" \
	-n "cmactl --root root --dmesg log32 status" "$cmactl --root $root --dmesg $work/log32 status" \
	"${baseline[@]}" >/dev/null
hyperfine --warmup 3 --runs 20 --export-json "$work/m.json" \
	"$manual" >/dev/null

rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }
echo "| command | median (ms) | ratio to grep -c |"
echo "|---|---|---|"
jq -r -s '(.[0].results + .[1].results) as $r | ($r[0].median) as $g |
	$r[] | "| `\(.command | gsub("/tmp/[^ ]*/"; ""))` | \(.median * 1000 | . * 10 | round / 10) | \(.median / $g | . * 100 | round / 100) |"' \
	"$work/h.json" "$work/m.json"
echo
echo "| log size | cmactl peak RSS (KiB) | grep -c peak RSS (KiB) |"
echo "|---|---|---|"
for n in 32 128; do
	echo "| $n MiB | $(rss "$cmactl" --root "$root" --dmesg "$work/log$n" status) | $(rss grep -c cma "$work/log$n") |"
done
