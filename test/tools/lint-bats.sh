#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Finds Bats assertions that can never fail: a command negated with `!` that is not the last
# command of its @test. Bash's errexit ignores a `!` pipeline, so only the last one (whose status
# is the test's) counts (bats-core documents this under "Writing tests"). Use `run ! cmd`,
# `[ "$status" -ne 0 ]` or `if cmd; then false; fi` instead. Prints FILE:LINE for each and exits
# 1 if any; also shellchecks nothing, reads only.
set -u
rc=0
for f in "$@"; do
	awk -v file="$f" '
	function flush() {
		if (neg && neg != last) { printf "%s:%d: `!` is not the last command of the test, so it cannot fail it: %s\n", file, neg, negtext; bad = 1 }
		neg = 0
	}
	/^@test / { intest = 1; neg = 0; last = 0; next }
	intest && /^}/ { flush(); intest = 0; next }
	intest {
		line = $0; sub(/^[ \t]+/, "", line)
		if (line == "" || line ~ /^#/) next
		if (line ~ /^(done|fi|esac|then|else|do|\}|;;)/) next
		last = NR
		if (line ~ /^! /) { if (neg) flush(); neg = NR; negtext = line }
	}
	END { exit bad }' "$f" || rc=1
done
exit $rc
