#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# status on every fixture, compared whole with test/expected/ (test/tools/goldens.sh says what a
# fixture is). A change of output shows here as a diff; if it is intended, `make goldens` and
# review the golden diff like code.

load test_helper

@test "goldens: status text and JSON of every fixture tree and log match test/expected/" {
	CMACTL=$CMACTL "$TOP"/test/tools/goldens.sh "$BATS_TEST_TMPDIR/now"
	run diff -ru "$TOP"/test/expected "$BATS_TEST_TMPDIR/now"
	if [ "$status" -ne 0 ]; then
		echo "$output" | head -n 200
		echo "# intended? run: make goldens, and review the diff of test/expected/"
	fi
	[ "$status" -eq 0 ]
}

@test "goldens: there is one for every fixture tree and log, and each JSON one parses" {
	local n=0 d f
	for d in "$FIXTURES"/*/; do
		[ -d "$d/proc" ] || continue
		[ -f "$TOP/test/expected/$(basename "$d").status.json" ]
		[ -f "$TOP/test/expected/$(basename "$d").status.txt" ]
		n=$((n + 1))
	done
	for f in "$FIXTURES"/logs/*; do
		case $f in *.md) continue ;; esac
		[ -f "$TOP/test/expected/logs-$(basename "$f").status.json" ]
		n=$((n + 1))
	done
	[ "$n" -ge 20 ]
	for f in "$TOP"/test/expected/*.status.json; do
		jq -e 'type == "object" and .schema_version == 1' "$f" >/dev/null
	done
}

@test "goldens: every JSON key is documented in cmactl(8) JSON OUTPUT" {
	run "$TOP"/test/tools/json-keys-documented.sh
	echo "$output"
	[ "$status" -eq 0 ]
}
