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

# golden_names: the name of every fixture tree and log, as goldens.sh writes them
golden_names() {
	local d f
	for d in "$FIXTURES"/*/; do
		[ -d "$d/proc" ] && basename "$d"
	done
	for f in "$FIXTURES"/logs/*; do
		case $f in *.md) ;; *) echo "logs-$(basename "$f")" ;; esac
	done
}

@test "goldens: every export golden passes promtool check metrics (Prometheus's own linter)" {
	command -v promtool >/dev/null || skip "promtool not installed (scripts/deps.sh --test)"
	local n=0 name f
	for name in $(golden_names); do
		f=$TOP/test/expected/$name.export.prom
		[ -s "$f" ] || { echo "missing or empty: $f"; return 1; }
		grep -q '^cmactl_info{' "$f" || { echo "$name: no cmactl_info sample"; return 1; }
		run promtool check metrics <"$f"
		[ "$status" -eq 0 ] || { echo "$name: $output"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -ge 20 ]
}

@test "goldens: every OpenMetrics export golden parses with prometheus_client and ends in # EOF" {
	/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null ||
		skip "python3-prometheus-client not installed (scripts/deps.sh --test)"
	local n=0 name f
	for name in $(golden_names); do
		f=$TOP/test/expected/$name.export.openmetrics
		[ -s "$f" ] || { echo "missing or empty: $f"; return 1; }
		[ "$(tail -n 1 "$f")" = "# EOF" ] || { echo "$name: no # EOF at the end"; return 1; }
		run /usr/bin/python3 -c '
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
print(sum(len(f.samples) for f in text_string_to_metric_families(open(sys.argv[1]).read())))
' "$f"
		[ "$status" -eq 0 ] || { echo "$name: $output"; return 1; }
		[ "$output" -gt 0 ]
		n=$((n + 1))
	done
	[ "$n" -ge 20 ]
}

@test "goldens: every JSON key is documented in cmactl(8) JSON OUTPUT" {
	run "$TOP"/test/tools/json-keys-documented.sh
	echo "$output"
	[ "$status" -eq 0 ]
}
