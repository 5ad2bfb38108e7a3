#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# cmactl recommend: from a watch record, from the kernel log, from planned
# streams. Expected sizes are worked out by hand in the comments from the
# inputs (the record's own numbers, the formats' bytes per pixel), never
# taken from cmactl.
load test_helper

WORKLOAD=$BATS_TEST_DIRNAME/tools/cma-workload.sh
export W_STATES="96:8096 4000:4096 6000:1000 1024:7000" W_FAIL_PAGES=4096
MiB=1048576

rec_json() {
	run "$CMACTL" --root "$1" --json recommend "${@:2}"
}

@test "recommend --from a watch record: use before the failure + request + headroom, rounded" {
	root=$(fixture_root lab-b-cmdline-cma32M)
	mkdir -p "$root/dev" && : > "$root/dev/kmsg"
	"$CMACTL" --root "$root" watch --interval 50ms --record "$BATS_TEST_TMPDIR/rec" \
		-- "$WORKLOAD" "$root" 0.2 0 > /dev/null
	rec_json "$root" --from "$BATS_TEST_TMPDIR/rec"
	[ "$status" -eq 0 ]
	# 6000 pages in use when a 4096-page request failed: (6000 + 4096) x 4 KiB =
	# 41353216 B; + 16 MiB headroom = 58130432 B = 55.4 MiB -> 56 MiB (4 MiB steps)
	[ "$(jqo .need_bytes)" -eq 41353216 ]
	[ "$(jqo .headroom_bytes)" -eq $((16 * MiB)) ]
	[ "$(jqo .size_bytes)" -eq $((56 * MiB)) ]
	# lab-b boots with cma=32M: the command line is the layer to change
	[ "$(jqo .via)" = cmdline ]
	[ "$(jqo .command)" = "cmactl set 56M --via cmdline" ]
	[ "$(jqo .current_bytes)" -eq $((32 * MiB)) ]
	[ "$(jqo '.derivation | length')" -ge 5 ]
	# the same as text, and nothing under the root changed
	before=$(find "$root" -type f -newer "$BATS_TEST_TMPDIR/rec" | wc -l)
	run "$CMACTL" --root "$root" recommend --from "$BATS_TEST_TMPDIR/rec"
	[ "$status" -eq 0 ]
	[[ "$output" == *$'run:\n  cmactl set 56M --via cmdline'* ]]
	[ "$(find "$root" -type f -newer "$BATS_TEST_TMPDIR/rec" | wc -l)" -eq "$before" ]
}

@test "recommend --stream: 8 x 1080p NV12 (V4L2 NV12: 1.5 bytes per pixel)" {
	root=$(fixture_root lab-b-cmdline-cma32M)
	rec_json "$root" --stream 1920x1080:NV12:8
	[ "$status" -eq 0 ]
	# 1920 x 1080 x 1.5 = 3110400 B -> 760 pages = 3112960 B; x 8 = 24903680;
	# + one buffer = 28016640 B = 26.7 MiB -> 28 MiB
	[ "$(jqo .need_bytes)" -eq $((8 * 3112960)) ]
	[ "$(jqo .size_bytes)" -eq $((28 * MiB)) ]
	[ "$(jqo .command)" = "cmactl set 28M --via cmdline" ]
}

@test "recommend --stream: streams add up; YUYV 720p is 2 bytes per pixel" {
	root=$(fixture_root lab-b-cmdline-cma32M)
	rec_json "$root" --stream 1280x720:YUYV:4 --stream 640x480:RGB888:2
	# 1280 x 720 x 2 = 1843200 = 450 pages exactly; 640 x 480 x 3 = 921600 = 225 pages
	[ "$(jqo .need_bytes)" -eq $((4 * 1843200 + 2 * 921600)) ]
	[ "$(jqo .headroom_bytes)" -eq 1843200 ]
}

@test "recommend --stream :hantro-h264: the decoder's aligned height and motion vectors count" {
	root=$(fixture_root lab-b-cmdline-cma32M)
	rec_json "$root" --stream 1920x1080:NV12:10:hantro-h264
	[ "$status" -eq 0 ]
	# linux-7.2 hantro_try_fmt(): 1080 rounds up to 1088 (MB_DIM 16), NV12 of 1920x1088 =
	# 3133440 B, + hantro_h264_mv_size() = 64 x 120 x 68 + 32 = 522272 B -> 3655712 B =
	# 893 pages = 3657728 B; x 10 = 36577280, + one buffer = 40235008 B = 38.4 MiB -> 40 MiB
	[ "$(jqo .need_bytes)" -eq 36577280 ]
	[ "$(jqo .size_bytes)" -eq $((40 * MiB)) ]
	[ "$(jqo .command)" = "cmactl set 40M --via cmdline" ]
	[[ "$(jqo '.derivation[0]')" == *"hantro-h264: made 1920x1088, + 522272 B motion vectors"* ]]
	# the frame alone would have said 36 MiB: 10 x 3112960 + 3112960 = 34242560 B = 32.7 MiB
	rec_json "$root" --stream 1920x1080:NV12:10
	[ "$(jqo .size_bytes)" -eq $((36 * MiB)) ]
	# the decoder's extra is only on its native NV12; an unknown decoder is named
	run "$CMACTL" --root "$root" recommend --stream 1920x1080:YUYV:10:hantro-h264
	[ "$status" -eq 2 ]
	[[ "$output" == *"hantro-h264 adds its motion vectors only to NV12 capture buffers"* ]]
	run "$CMACTL" --root "$root" recommend --stream 1920x1080:NV12:10:foo
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown decoder 'foo' (known: hantro-h264"* ]]
}

@test "recommend from the kernel log: the failures since boot, for the DT layer" {
	root=$(fixture_root lab-c-dt-size96M)
	rec_json "$root" --dmesg "$FIXTURES/logs/v6.18-cma_alloc-refactored.log"
	[ "$status" -eq 0 ]
	# the log's largest failure is 24576 pages (96 MiB) in the 96 MiB area:
	# 96 + 96 = 192 MiB, already a multiple of 4 MiB
	[ "$(jqo .failures)" -eq 3 ]
	[ "$(jqo .largest_failed_bytes)" -eq $((24576 * 4096)) ]
	[ "$(jqo .size_bytes)" -eq $((192 * MiB)) ]
	[ "$(jqo .via)" = dts ]
	[ "$(jqo .command)" = "cmactl set 192M --via dts" ]
}

@test "recommend from a log without failures: says so, no command" {
	root=$(fixture_root lab-b-cmdline-cma32M)
	rec_json "$root"
	[ "$status" -eq 0 ]
	[ "$(jqo .command)" = null ]
	[[ "$(jqo .note)" == "no CMA allocation failure since boot"* ]]
}

@test "recommend: more than the memory is refused, exit 1, no command" {
	root=$(fixture_root lab-b-cmdline-cma32M)
	rec_json "$root" --stream 3840x2160:P010:64
	[ "$status" -eq 1 ]
	[ "$(jqo .command)" = null ]
	[[ "$(jqo .refused)" == *"is not smaller than the memory"* ]]
}

@test "recommend: bad --stream and --from exit with the option named" {
	root=$(fixture_root lab-b-cmdline-cma32M)
	run "$CMACTL" --root "$root" recommend --stream 1920x1080:FOO:2
	[ "$status" -eq 2 ]
	[[ "$output" == *"--stream '1920x1080:FOO:2': unknown format 'FOO'"* ]]
	run "$CMACTL" --root "$root" recommend --stream 1920x1080:NV12
	[ "$status" -eq 2 ]
	run "$CMACTL" --root "$root" recommend --from "$BATS_TEST_TMPDIR/none"
	[ "$status" -eq 1 ]
	[[ "$output" == *"--from $BATS_TEST_TMPDIR/none: No such file or directory"* ]]
	printf '{"type":"start","page_size":4096}\nnot json\n' > "$BATS_TEST_TMPDIR/bad"
	run "$CMACTL" --root "$root" recommend --from "$BATS_TEST_TMPDIR/bad"
	[ "$status" -eq 1 ]
	[[ "$output" == *"--from $BATS_TEST_TMPDIR/bad:2: not a JSON object"* ]]
	printf '{"type":"sample","t_ms":"x"}\n' > "$BATS_TEST_TMPDIR/bad"
	run "$CMACTL" --root "$root" recommend --from "$BATS_TEST_TMPDIR/bad"
	[ "$status" -eq 1 ]
	[[ "$output" == *"bad:1: a sample field has the wrong type"* ]]
	: > "$BATS_TEST_TMPDIR/empty"
	run "$CMACTL" --root "$root" recommend --from "$BATS_TEST_TMPDIR/empty"
	[ "$status" -eq 1 ]
	[[ "$output" == *"no sample in it"* ]]
}
