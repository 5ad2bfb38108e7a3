#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The man page and the completions cover every command and option --help shows,
# and pass their own linters.
load test_helper

commands() {
	"$CMACTL" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p'
}

options() {
	{ "$CMACTL" --help; for c in $(commands); do "$CMACTL" "$c" --help; done; } |
		grep -o -- '--[a-z][a-z0-9-]*' | sort -u |
		grep -v -x -e --help -e --usage -e --version
}

@test "man page is clean under mandoc -Tlint" {
	run mandoc -Tlint -W warning "$TOP/man/cmactl.8"
	[ "$status" -eq 0 ]
}

@test "every command and option is in the man page" {
	local missing=""
	for w in $(commands) $(options); do
		grep -q -- "${w#--}" "$TOP/man/cmactl.8" || missing="$missing $w"
	done
	[ -z "$missing" ] || { echo "missing:$missing"; false; }
}

@test "every command and option is in the bash, zsh and fish completions" {
	local missing="" f
	for f in cmactl.bash _cmactl cmactl.fish; do
		for w in $(commands) $(options); do
			grep -q -- "${w#--}" "$TOP/completions/$f" || missing="$missing $f:$w"
		done
	done
	[ -z "$missing" ] || { echo "missing:$missing"; false; }
}

@test "completions pass shellcheck, zsh -n and fish -n" {
	shellcheck -s bash "$TOP/completions/cmactl.bash"
	if command -v zsh >/dev/null; then zsh -n "$TOP/completions/_cmactl"; fi
	if command -v fish >/dev/null; then fish -n "$TOP/completions/cmactl.fish"; fi
}

# complete WORDS...: run the bash completion function on a command line.
complete_bash() {
	bash -c '
		source /usr/share/bash-completion/bash_completion
		source "$0"
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_cmactl cmactl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' "$TOP/completions/cmactl.bash" "$@"
}

@test "bash completes the command and its options" {
	[ -r /usr/share/bash-completion/bash_completion ] || skip "bash-completion not installed"
	run complete_bash cmactl stat
	[ "$output" = status ]
	run complete_bash cmactl --root /tmp sta
	[ "$output" = status ]
	run complete_bash cmactl status --js
	[ "$output" = --json ]
}

@test "fish completes the command" {
	command -v fish >/dev/null || skip "fish not installed"
	run fish -c "source $TOP/completions/cmactl.fish; complete -C 'cmactl st'"
	[[ $output == status* ]]
}
