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
	# VP8 adds nothing after the planes (hantro_try_fmt()), only the 16-pixel steps:
	# 1920 x 1088 x 1.5 = 3133440 B = 765 pages exactly; x 10 = 31334400 B
	rec_json "$root" --stream 1920x1080:NV12:10:hantro-vp8
	[ "$(jqo .need_bytes)" -eq 31334400 ]
	[[ "$(jqo '.derivation[0]')" == *"hantro-vp8: made 1920x1088, + 0 B extra data"* ]]
	# the decoder's extra is only on its native NV12; an unknown decoder is named
	run "$CMACTL" --root "$root" recommend --stream 1920x1080:YUYV:10:hantro-h264
	[ "$status" -eq 2 ]
	[[ "$output" == *"hantro-h264 sizes only its NV12 capture buffers"* ]]
	run "$CMACTL" --root "$root" recommend --stream 1920x1080:NV12:10:foo
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown decoder 'foo' (known: hantro-h264"* ]]
}

# stream_needs ROOT STREAM BYTES [MADE]: the stream alone needs BYTES (its buffers in
# whole pages), and the derivation's first line names the size the driver MADE
stream_needs() {
	rec_json "$1" --stream "$2"
	[ "$status" -eq 0 ] || return 1
	[ "$(jqo .need_bytes)" -eq "$3" ] || return 1
	[ -z "${4:-}" ] || [[ "$(jqo '.derivation[0]')" == *"${2##*:}: made $4, + "* ]]
}

# stream_refused ROOT STREAM TEXT: a usage error (2) whose message has TEXT
stream_refused() {
	run "$CMACTL" --root "$1" recommend --stream "$2"
	[ "$status" -eq 2 ] || return 1
	[[ "$output" == *"$3"* ]]
}

@test "recommend --stream :hantro-hevc/-vp9/-av1: NV12_4L4 with the G2's and VPU981's own steps" {
	root=$(fixture_root lab-b-cmdline-cma32M)
	# linux-7.2 imx8m_vpu_hw.c: G2 NV12_4L4 steps 8 x 32, so 2160 -> 2176 (68 x 32);
	# planes 3840 x 2176 + 1920 x 1088 x 2 = 12533760 B, + hantro_hevc_mv_size() =
	# 3840 x 2176 / 16 = 522240 B -> 13056000 B = 3187.5 pages -> 3188 = 13058048 B;
	# x 4 = 52232192, + one buffer = 65290240 B = 62.3 MiB -> 64 MiB
	stream_needs "$root" 3840x2160:NV12_4L4:4:hantro-hevc 52232192 3840x2176
	[ "$(jqo .size_bytes)" -eq $((64 * MiB)) ]
	[ "$(jqo .command)" = "cmactl set 64M --via cmdline" ]
	[[ "$(jqo '.derivation[0]')" == *"+ 522240 B motion vectors"* ]]
	# linux-6.1: steps 4 x 4, 2160 stays; 12441600 + 518400 = 12960000 B -> 3165 pages =
	# 12963840 B; x 4 = 51855360
	stream_needs "$root" 3840x2160:NV12_4L4:4:hantro-hevc-6.1 51855360 3840x2160
	# VP9, Allwinner H6 (sunxi_vpu_hw.c, steps 32 x 32): 720 -> 736; 1280 x 736 x 1.5 =
	# 1413120 B, + hantro_vp9_mv_size() = 20 x 12 superblocks x 64 x 16 = 245760 B ->
	# 1658880 B = 405 pages exactly; x 3 = 4976640 B
	stream_needs "$root" 1280x720:NV12_4L4:3:hantro-vp9-h6 4976640 1280x736
	# VP9, i.MX8MQ on 7.2: 1080 -> 1088; 3133440 + 30 x 17 x 1024 = 3655680 B -> 893 pages
	stream_needs "$root" 1920x1080:NV12_4L4:2:hantro-vp9 $((2 * 893 * 4096)) 1920x1088
	# VPU981 AV1 4K: 12441600 + hantro_av1_mv_size() = 60 x 34 superblocks x 384 =
	# 783360, x 2 + 512 = 1567232 B -> 14008832 B = 3421 pages = 14012416 B; x 6 =
	# 84074496, + one buffer = 98086912 B = 93.5 MiB -> 96 MiB
	stream_needs "$root" 3840x2160:NV12_4L4:6:hantro-av1 84074496 3840x2160
	[ "$(jqo .size_bytes)" -eq $((96 * MiB)) ]
}

@test "recommend --stream :rkvdec-*: NV12 + 128 B per macroblock; 6.1 and 7.2 round H.264 apart" {
	root=$(fixture_root lab-b-cmdline-cma32M)
	# rkvdec.c rkvdec_try_capture_fmt(), linux-7.2 (H264_SLICE steps 64 x 16): 1366 ->
	# 1408, NV12 1408 x 768 x 1.5 = 1622016 B, + 128 x 88 x 48 = 540672 B -> 2162688 B =
	# 528 pages exactly; x 8 = 17301504 B, + one buffer = 19464192 B = 18.6 MiB -> 20 MiB
	stream_needs "$root" 1366x768:NV12:8:rkvdec-h264 17301504 1408x768
	[ "$(jqo .size_bytes)" -eq $((20 * MiB)) ]
	# linux-6.1 staging rkvdec (steps 16 x 16): 1376 x 768 x 1.5 = 1585152 B, + 128 x 86
	# x 48 = 528384 B -> 2113536 B = 516 pages exactly; x 8 = 16908288 B
	stream_needs "$root" 1366x768:NV12:8:rkvdec-h264-6.1 16908288 1376x768
	# VP9 4K (steps 64 x 64): 2160 -> 2176; 12533760 + 128 x 240 x 136 = 4177920 B ->
	# 16711680 B = 4080 pages exactly; x 2
	stream_needs "$root" 3840x2160:NV12:2:rkvdec-vp9 $((2 * 16711680)) 3840x2176
	# HEVC 4K (7.2, steps 64 x 16): 12441600 + 128 x 240 x 135 = 4147200 B = 16588800 B
	stream_needs "$root" 3840x2160:NV12:1:rkvdec-hevc 16588800 3840x2160
}

@test "recommend --stream DECODER refusals: a format it does not write, a frame above its limit" {
	root=$(fixture_root lab-b-cmdline-cma32M)
	# the G2 writes NV12_4L4, not NV12; rkvdec's 4:2:2 output is not sized
	stream_refused "$root" 1920x1080:NV12:4:hantro-hevc \
		"hantro-hevc sizes only its NV12_4L4 capture buffers"
	stream_refused "$root" 1920x1080:NV16:2:rkvdec-h264 "rkvdec-h264 sizes only its NV12"
	# the G2 takes up to FMT_UHD, VPU981 FMT_4K, rkvdec H.264 4096x2560
	stream_refused "$root" 4096x2160:NV12_4L4:4:hantro-vp9 "hantro-vp9 takes frames up to 3840x2160"
	stream_refused "$root" 4096x2305:NV12_4L4:4:hantro-av1 "hantro-av1 takes frames up to 4096x2304"
	stream_refused "$root" 4096x2561:NV12:2:rkvdec-h264 "rkvdec-h264 takes frames up to 4096x2560"
	stream_refused "$root" 1920x1089:NV12:2:hantro-mpeg2 "hantro-mpeg2 takes frames up to 1920x1088"
	# an unknown decoder: every known one is named
	stream_refused "$root" 1920x1080:NV12_4L4:4:hevc "known: hantro-h264, hantro-vp8, \
hantro-mpeg2, hantro-hevc, hantro-hevc-6.1, hantro-vp9, hantro-vp9-6.1, hantro-vp9-h6, hantro-av1, \
rkvdec-h264, rkvdec-h264-6.1, rkvdec-vp9, rkvdec-hevc;"
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
