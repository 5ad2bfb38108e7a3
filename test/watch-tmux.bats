#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The live view of cmactl watch as a person sees it: run inside tmux
# (send-keys to start it and to press Ctrl-C, capture-pane to read the
# screen) on a fixture whose counters change under it.
load test_helper

setup() {
	command -v tmux > /dev/null || skip "tmux is not installed (scripts/deps.sh --test)"
	ROOT=$(fixture_root lab-b-cmdline-cma32M)
	SOCK=cmactl-watch-$$-$BATS_TEST_NUMBER
	tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 20 "env -i PATH=$PATH TERM=xterm-256color LANG=C.UTF-8 HOME=$BATS_TEST_TMPDIR sh"
}

teardown() {
	[ -n "${SOCK:-}" ] && tmux -L "$SOCK" kill-server 2> /dev/null || true
}

screen() {
	tmux -L "$SOCK" capture-pane -p
}

# wait_for TEXT: until the screen shows TEXT (at most 5 s)
wait_for() {
	for _ in $(seq 50); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	echo "screen never showed '$1':" >&2
	screen >&2
	return 1
}

put() {
	printf '%s\n' "$2" > "$1.tmp" && mv "$1.tmp" "$1"
}

@test "live view: values, redrawn in place, survives a resize, Ctrl-C restores the terminal" {
	dbg=$ROOT/sys/kernel/debug/cma/reserved
	tmux -L "$SOCK" send-keys "$CMACTL --root $ROOT watch --interval 100ms" Enter
	wait_for "AREA"
	# lab-b's own counters: 96 pages used (384 KiB) of 8192 (32 MiB)
	screen | grep -E '^reserved +32 MiB +384 KiB +384 KiB +31.6 MiB +31.6 MiB'
	put "$dbg/used" 6000
	put "$dbg/maxchunk" 1000
	wait_for "23.4 MiB"
	screen | grep -E '^reserved +32 MiB +23.4 MiB +23.4 MiB +3.9 MiB +3.9 MiB'
	put "$dbg/used" 1024
	put "$dbg/maxchunk" 7000
	wait_for " 4 MiB "
	# used 4 MiB now, the peak stays, the minimum run stays
	screen | grep -E '^reserved +32 MiB +4 MiB +23.4 MiB +27.3 MiB +3.9 MiB'
	# redrawn in place: one header, one row for the area
	[ "$(screen | grep -c '^AREA')" -eq 1 ]
	[ "$(screen | grep -c '^reserved')" -eq 1 ]
	# cursor hidden while it runs
	[ "$(tmux -L "$SOCK" display -p '#{cursor_flag}')" -eq 0 ]
	tmux -L "$SOCK" resize-window -x 70 -y 20
	sleep 0.5
	[ "$(screen | grep -c '^AREA')" -eq 1 ]
	[ "$(screen | grep -c '^reserved')" -eq 1 ]
	screen | awk 'length($0) > 70 { bad = 1 } END { exit bad }'
	tmux -L "$SOCK" send-keys C-c
	wait_for "verdict:"
	screen | grep -F "peak used:        23.4 MiB (6000 pages)"
	# the terminal is back: cursor visible, and the shell takes input again
	[ "$(tmux -L "$SOCK" display -p '#{cursor_flag}')" -eq 1 ]
	tmux -L "$SOCK" send-keys "echo back-\$((40 + 2))" Enter
	wait_for "back-42"
}
