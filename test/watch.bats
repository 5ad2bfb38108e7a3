#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# cmactl watch on a --root fixture that changes under it: test/tools/cma-workload.sh,
# run as watch's COMMAND, moves lab-b's counters through known states. Every
# expected number below is one the workload wrote, never one cmactl computed.
load test_helper
bats_require_minimum_version 1.5.0

WORKLOAD=$BATS_TEST_DIRNAME/tools/cma-workload.sh
export W_STATES="96:8096 4000:4096 6000:1000 1024:7000" W_FAIL_PAGES=4096

setup() {
	ROOT=$(fixture_root lab-b-cmdline-cma32M)
	mkdir -p "$ROOT/dev"
	: > "$ROOT/dev/kmsg"
	# a record from before the watch started: it must not be reported
	echo '3,1,5,-;cma: cma_alloc: reserved: alloc failed, req-size: 77 pages, ret: -12' \
		>> "$ROOT/dev/kmsg"
}

# watch_workload [ARGS...]: the workload under watch --json, into $output
watch_workload() {
	run "$CMACTL" --root "$ROOT" --json watch --interval 50ms "$@" -- "$WORKLOAD" "$ROOT" 0.3 7
}

summary() {
	grep '^{"type":"summary"' <<<"$output" | jq -r "$1"
}

@test "watch -- COMMAND: the command's exit status is passed through" {
	watch_workload
	[ "$status" -eq 7 ]
	[ "$(summary .command_exit)" -eq 7 ]
}

@test "watch: peaks, minimum largest free run and minimum free are the workload's states" {
	watch_workload
	[ "$(summary '.areas[0].name')" = reserved ]
	[ "$(summary '.areas[0].size_pages')" -eq 8192 ]
	[ "$(summary '.areas[0].peak_used_pages')" -eq 6000 ]
	[ "$(summary '.areas[0].min_maxchunk_pages')" -eq 1000 ]
	[ "$(summary '.areas[0].min_free_pages')" -eq $((8192 - 6000)) ]
	[ "$(summary '.areas[0].used_pages')" -eq 1024 ]
	[ "$(summary .min_cma_free_bytes)" -eq $(((8192 - 6000) * 4096)) ]
	[ "$(summary .approximate)" = false ]
}

@test "watch: the logged failure is reported once, with the sample before it" {
	watch_workload
	[ "$(summary .failures_total)" -eq 1 ]
	[ "$(summary '.failures[0].source')" = kernel_log ]
	[ "$(summary '.failures[0].area')" = reserved ]
	[ "$(summary '.failures[0].pages')" -eq "$W_FAIL_PAGES" ]
	[ "$(summary '.failures[0].error')" = ENOMEM ]
	[ "$(summary '.failures[0].before.used_pages')" -eq 6000 ]
	[ "$(summary '.failures[0].before.maxchunk_pages')" -eq 1000 ]
	[ "$(summary '.areas[0].counter_growth.alloc_pages_fail')" -eq "$W_FAIL_PAGES" ]
	# the failure line also came as it happened, before the summary
	[ "$(grep -c '^{"type":"failure"' <<<"$output")" -eq 1 ]
}

@test "watch --json: NDJSON, a start line, one line per sample, the summary last" {
	watch_workload
	jq -e . <<<"$output" > /dev/null
	[ "$(head -n 1 <<<"$output" | jq -r .type)" = start ]
	[ "$(tail -n 1 <<<"$output" | jq -r .type)" = summary ]
	[ "$(grep -c '^{"type":"sample"' <<<"$output")" -eq "$(summary .samples)" ]
	# samples are in time order
	jq -s '[.[] | select(.type == "sample") | .t_ms] | . == sort' <<<"$output" | grep -qx true
}

@test "watch --record FILE: the same stream in the file, the text summary on stdout" {
	run "$CMACTL" --root "$ROOT" watch --interval 50ms --record "$BATS_TEST_TMPDIR/rec.ndjson" \
		-- "$WORKLOAD" "$ROOT" 0.2 0
	[ "$status" -eq 0 ]
	[[ "$output" == *"peak used:        23.4 MiB (6000 pages)"* ]]
	[[ "$output" == *"verdict:     1 CMA allocation failure(s)"* ]]
	[ "$(tail -n 1 "$BATS_TEST_TMPDIR/rec.ndjson" | jq -r '.areas[0].peak_used_pages')" -eq 6000 ]
}

@test "watch: not a terminal, so no live view (no escape sequences)" {
	run "$CMACTL" --root "$ROOT" watch --interval 50ms --duration 0.2
	[ "$status" -eq 0 ]
	run grep -c $'\e' <<<"$output"
	[ "$output" -eq 0 ]
}

@test "watch --duration stops it; SIGTERM stops it with a summary" {
	run timeout 5 "$CMACTL" --root "$ROOT" --json watch --interval 50ms --duration 0.3
	[ "$status" -eq 0 ]
	[ "$(summary .duration_ms)" -ge 300 ]
	"$CMACTL" --root "$ROOT" --json watch --interval 50ms > "$BATS_TEST_TMPDIR/out" &
	pid=$!
	# its first sample is out: the handlers are in place
	for _ in $(seq 100); do
		grep -q '"type":"sample"' "$BATS_TEST_TMPDIR/out" && break
		sleep 0.1
	done
	kill -TERM "$pid"
	wait "$pid"
	[ "$(tail -n 1 "$BATS_TEST_TMPDIR/out" | jq -r .signal)" -eq 15 ]
}

@test "watch on a kernel without CMA sysfs or debugfs: says so, approximate" {
	root=$(fixture_root stock-a-default)
	run "$CMACTL" --root "$root" watch --interval 50ms --duration 0.1
	[ "$status" -eq 0 ]
	[[ "$output" == *"missing:     no per-area counters"*"approximate"* ]]
	run "$CMACTL" --root "$root" --json watch --interval 50ms --duration 0.1
	[ "$(summary .approximate)" = true ]
	[ "$(summary .cma_total_bytes)" -eq $(($(meminfo_kb "$root" CmaTotal) * 1024)) ]
}

@test "watch without dev/kmsg: says the log is not followed" {
	rm "$ROOT/dev/kmsg"
	run "$CMACTL" --root "$ROOT" watch --interval 50ms --duration 0.1
	[ "$status" -eq 0 ]
	[[ "$output" == *"kernel log:  not followed (dev/kmsg under --root: No such file or directory)"* ]]
}

@test "watch: usage errors exit 2 naming the option; a missing command exits 127" {
	run "$CMACTL" --root "$ROOT" watch --interval 5x
	[ "$status" -eq 2 ]
	[[ "$output" == *"--interval: '5x' is not a time"* ]]
	run "$CMACTL" --root "$ROOT" watch --interval 1ms
	[ "$status" -eq 2 ]
	run "$CMACTL" --root "$ROOT" watch --duration 0
	[ "$status" -eq 2 ]
	run -127 "$CMACTL" --root "$ROOT" watch --interval 50ms -- /nonexistent/cmd
	[ "$status" -eq 127 ]
	[[ "$output" == *"/nonexistent/cmd: No such file or directory"* ]]
	: > "$BATS_TEST_TMPDIR/not-executable"
	run -126 "$CMACTL" --root "$ROOT" watch --interval 50ms -- "$BATS_TEST_TMPDIR/not-executable"
	[[ "$output" == *"not-executable: Permission denied"* ]]
}

@test "watch --record into a missing folder: exit 1, the file named, nothing run" {
	run "$CMACTL" --root "$ROOT" watch --record "$BATS_TEST_TMPDIR/no/such/rec" -- touch \
		"$BATS_TEST_TMPDIR/ran"
	[ "$status" -eq 1 ]
	[[ "$output" == *"--record $BATS_TEST_TMPDIR/no/such/rec: No such file or directory"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
}

@test "watch --svg: a timeline a real renderer draws (rsvg-convert), the failure marked" {
	command -v rsvg-convert > /dev/null || skip "rsvg-convert is not installed (librsvg2-bin)"
	run "$CMACTL" --root "$ROOT" watch --interval 50ms --svg "$BATS_TEST_TMPDIR/run.svg" \
		-- "$WORKLOAD" "$ROOT" 0.2 0
	[ "$status" -eq 0 ]
	# the area's size and the failed request (W_FAIL_PAGES x 4 KiB = 16 MiB), as written
	grep -F "area reserved, size 32 MiB" "$BATS_TEST_TMPDIR/run.svg"
	grep -F "16 MiB request failed" "$BATS_TEST_TMPDIR/run.svg"
	[ "$(grep -c '<polyline' "$BATS_TEST_TMPDIR/run.svg")" -eq 2 ]	# used, largest free run
	rsvg-convert -o "$BATS_TEST_TMPDIR/run.png" "$BATS_TEST_TMPDIR/run.svg"
	# a PNG of the SVG's size: 960 pixels wide
	[ "$(od -An -tu1 -j16 -N4 "$BATS_TEST_TMPDIR/run.png" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')" -eq 960 ]
}

@test "watch --svg into a missing folder: exit 1 before anything runs" {
	run "$CMACTL" --root "$ROOT" watch --svg "$BATS_TEST_TMPDIR/no/such/x.svg" -- touch \
		"$BATS_TEST_TMPDIR/ran"
	[ "$status" -eq 1 ]
	[[ "$output" == *"--svg $BATS_TEST_TMPDIR/no/such/x.svg"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
}
