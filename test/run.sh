#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run the unit tests and the Bats suites; end with one "N passed, N failed" line.
# Usage: test/run.sh UNIT_BINARY... ; CMACTL selects the binary under test, BATS_FILES the
# suites (default: all of test/).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

pass=0 fail=0 skip=0 log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$@"; do
	"$t" | tee -a "$log"
	[ "${PIPESTATUS[0]}" -eq 0 ] || echo "unit binary $t failed" >> "$log"
done
while read -r p f; do
	pass=$((pass + p)) fail=$((fail + f))
done < <(sed -n 's/^unit [a-z-]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log")
fail=$((fail + $(grep -c '^unit binary' "$log")))

# shellcheck disable=SC2086 # BATS_FILES is a list of files
bats --tap ${BATS_FILES:-test/} | tee "$log"
pass=$((pass + $(grep -c '^ok ' "$log") - $(grep -c '^ok .* # skip' "$log")))
skip=$((skip + $(grep -c '^ok .* # skip' "$log")))
fail=$((fail + $(grep -c '^not ok ' "$log")))

echo "${pass} passed, ${fail} failed, ${skip} skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
