#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Host-side checks of the `cmactl stress` lab cases (issue 5): reads the "stress" section
# that /tests.d/stress.sh (test/vm/guest/stress.sh) printed in a lab-kernel boot and
# prints TAP-like "ok/not ok - NAME: ..." lines; exit status 1 if any check failed.
#
#   stress-checks.sh RESULT_FILE NAME
#
# RESULT_FILE: the section file (run.sh stores it as $RESULTS/<config>/stress).
# The lab kernel: 16 MiB CMA = 4096 pages, 96 in use from boot (LAB.md section 9).
set -uo pipefail

out=${1:?usage: stress-checks.sh RESULT_FILE NAME}
name=${2:-stress}
fails=0
# shellcheck source=test/vm/checklib.sh
. "$(dirname "$0")/checklib.sh"
# body CASE: stress.sh prints no parts but stdout: the lines up to the next "--- "
body() { awk -v c="--- case $1" '$0 == c {f = 1; next} /^--- / {f = 0} f' "$out"; }
jqc() { body "$1" | jq -r "$2" 2>/dev/null; }

[ -s "$out" ] || { notok "no stress output at $out"; exit 1; }

c=size-4097p
check "$c: exit status 4 (allocation failed)" "$(rc $c)" 4
check "$c: verdict" "$(jqc $c .verdict.code)" larger-than-area
check "$c: ENOMEM" "$(jqc $c '.failures[0].error')" ENOMEM
check "$c: sysfs alloc_pages_fail +4097" "$(jqc $c .deltas.alloc_pages_fail)" 4097
check "$c: vmstat cma_alloc_fail +1" "$(jqc $c .deltas.vmstat_cma_alloc_fail)" 1
check "$c: no kernel log line (6.1)" "$(jqc $c '.kernel_log.watched, (.kernel_log.lines | length)' | paste -sd,)" true,0
check "$c: verdict says the kernel logged nothing" \
	"$(jqc $c '.verdict.text | test("logged nothing")')" true

c=size-4096p
check "$c: exit status 4" "$(rc $c)" 4
check "$c: verdict" "$(jqc $c .verdict.code)" exhausted
check "$c: quotes the kernel's alloc failed line" \
	"$(jqc $c '[.kernel_log.lines[] | select(test("cma: cma_alloc: reserved: alloc failed, req-size: 4096 pages, ret: -12$"))] | length')" 1
check "$c: parsed failure" "$(jqc $c '.kernel_log.alloc_failures[0] | "\(.area) \(.pages) \(.ret)"')" "reserved 4096 -12"
check "$c: sysfs alloc_pages_fail +4096" "$(jqc $c .deltas.alloc_pages_fail)" 4096
check "$c: each: the one allocation, failed ENOMEM" \
	"$(jqc $c '[.each[] | "\(.pages) \(.ok) \(.error)"] | join(",")')" "4096 false ENOMEM"

c=1M-x8
check "$c: exit status 0" "$(rc $c)" 0
check "$c: 8 succeeded" "$(jqc $c .allocations.succeeded)" 8
check "$c: CmaFree drops by 8 MiB while held" \
	"$(jqc $c '.before.cma_free_bytes - .at_peak.cma_free_bytes')" 8388608
check "$c: debugfs used +2048 pages at peak" \
	"$(jqc $c '.at_peak.debugfs_used_pages - .before.debugfs_used_pages')" 2048
check "$c: sysfs alloc_pages_success +2048" "$(jqc $c .deltas.alloc_pages_success)" 2048
check "$c: each: 8 entries of 256 pages, all ok, latencies > 0" \
	"$(jqc $c '[.each[] | select(.pages == 256 and .ok and .error == null and .latency_ns > 0)] | length')" 8
check "$c: each: none dropped, as many as attempted" \
	"$(jqc $c '"\(.each_dropped) \((.each | length) == .allocations.attempted)"')" "0 true"
check "$c: everything freed (debugfs used back)" \
	"$(jqc $c '.after.debugfs_used_pages == .before.debugfs_used_pages')" true

c=until-fail
check "$c: exit status 4" "$(rc $c)" 4
check "$c: stops near the area size (15 x 1 MiB of 4000 free pages)" "$(jqc $c .allocations.succeeded)" 15
check "$c: verdict" "$(jqc $c .verdict.code)" exhausted
check "$c: each: 15 ok, then the failure last" \
	"$(jqc $c '[.each[] | .ok] | "\(map(select(.)) | length) \(last)"')" "15 false"

c=jobs-2
check "$c: exit status 0" "$(rc $c)" 0
check "$c: 2 jobs x 4 succeeded" "$(jqc $c '"\(.plan.jobs) \(.allocations.succeeded)"')" "2 8"
check "$c: peak held 8 MiB" "$(jqc $c .peak_bytes_held)" 8388608
check "$c: each: 4 allocations from each job" \
	"$(jqc $c '[.each[] | .job] | group_by(.) | map(length) | join(",")')" "4,4"

c=sigint
check "$c: exit status 0" "$(rc $c)" 0
check "$c: interrupted, summary printed" "$(jqc $c .allocations.interrupted)" true
check "$c: everything freed" "$(jqc $c '.after.debugfs_used_pages == .before.debugfs_used_pages')" true

check "refused: exit status 5 (over CmaTotal without --force)" "$(rc refused)" 5
if grep -q '^--- case client$' "$out"; then
	check "client: exit status 4" "$(rc client)" 4
	check "client: one line per allocation" "$(body client | grep -c '^reserved ')" 3
	check "client: 4097p fails ENOMEM" "$(body client | grep -c '^reserved 16781312 bytes 4097 pages FAIL ENOMEM')" 1
	check "client-json: exit status 0 (touched)" "$(rc client-json)" 0
fi
[ "$fails" -eq 0 ]
