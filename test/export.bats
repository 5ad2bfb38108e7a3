#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# `cmactl export`: every fixture's exposition passes promtool (Prometheus's own
# checker) and the OpenMetrics parser of prometheus_client; values match the
# fixtures' own files; --output never shows a reader a partial file.
load test_helper

# every fixture tree with a /proc, i.e. a capture of a board
fixture_names() {
	local d
	for d in "$FIXTURES"/*/; do
		[ -d "$d/proc" ] && basename "$d"
	done
}

# om_parse FILE: parse FILE as OpenMetrics 1.0 with prometheus_client (independent of cmactl).
om_parse() {
	/usr/bin/python3 - "$1" <<'EOF'
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
for fam in text_string_to_metric_families(open(sys.argv[1]).read()):
    for s in fam.samples:
        print(s.name, sorted(s.labels.items()), s.value)
EOF
}

# sample NAME LABELS: the value of one sample line of $output ("" if none).
sample() {
	awk -v want="$1$2" '$1 == want { print $2 }' <<<"$output"
}

@test "export: promtool check metrics passes on every fixture" {
	command -v promtool >/dev/null || skip "promtool not installed (scripts/deps.sh --test)"
	local n=0 f root
	for f in $(fixture_names); do
		root=$(fixture_root "$f")
		run "$CMACTL" --root "$root" export
		[ "$status" -eq 0 ] || { echo "$f: exit $status"; return 1; }
		promtool check metrics <<<"$output" || { echo "$f: promtool"; return 1; }
		# no timestamps: every sample line is NAME[{labels}] VALUE
		run awk '!/^#/ && NF != 2' <<<"$output"
		[ -z "$output" ] || { echo "$f: $output"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -ge 15 ]
}

@test "export --format openmetrics: prometheus_client parses every fixture; # EOF ends it" {
	/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null ||
		skip "python3-prometheus-client not installed (scripts/deps.sh --test)"
	local f root
	for f in $(fixture_names); do
		root=$(fixture_root "$f")
		"$CMACTL" --root "$root" export --format openmetrics >"$BATS_TEST_TMPDIR/om"
		run om_parse "$BATS_TEST_TMPDIR/om"
		[ "$status" -eq 0 ] || { echo "$f: $output"; return 1; }
		[ "$(tail -n 1 "$BATS_TEST_TMPDIR/om")" = "# EOF" ]
	done
	"$CMACTL" --root "$(fixture_root lab-a-kconfig16M)" export --format openmetrics \
		>"$BATS_TEST_TMPDIR/om"
	grep -qx '# UNIT cmactl_area_size_bytes bytes' "$BATS_TEST_TMPDIR/om"
	grep -qx '# TYPE cmactl info' "$BATS_TEST_TMPDIR/om"
	grep -qx '# TYPE cmactl_area_alloc_success_bytes counter' "$BATS_TEST_TMPDIR/om"
}

@test "export: area values are the fixture's debugfs and sysfs counters times the page size" {
	local root
	root=$(fixture_root lab-b-cmdline-cma32M)
	run "$CMACTL" --root "$root" export
	[ "$status" -eq 0 ]
	local d=$root/sys/kernel/debug/cma/reserved s=$root/sys/kernel/mm/cma/reserved
	[ "$(sample cmactl_area_size_bytes '{area="reserved"}')" -eq $(($(cat "$d/count") * 4096)) ]
	[ "$(sample cmactl_area_used_bytes '{area="reserved"}')" -eq $(($(cat "$d/used") * 4096)) ]
	[ "$(sample cmactl_area_available_bytes '{area="reserved"}')" -eq \
		$((($(cat "$d/count") - $(cat "$d/used")) * 4096)) ]
	[ "$(sample cmactl_area_largest_free_bytes '{area="reserved"}')" -eq \
		$(($(cat "$d/maxchunk") * 4096)) ]
	[ "$(sample cmactl_area_alloc_success_bytes_total '{area="reserved"}')" -eq \
		$(($(cat "$s/alloc_pages_success") * 4096)) ]
	[ "$(sample cmactl_area_alloc_fail_bytes_total '{area="reserved"}')" -eq \
		$(($(cat "$s/alloc_pages_fail") * 4096)) ]
	[ "$(sample cmactl_effective_size_bytes '')" -eq $(($(meminfo_kb "$root" CmaTotal) * 1024)) ]
}

@test "export: available comes from the bitmap, not CmaFree" {
	# The lab's stress run (README) saw CmaFree at 11.1 MiB after the run while debugfs
	# 'used' was back to 96 pages: freed pages wait on per-CPU lists. This copy of lab-a
	# gets that CmaFree; available must stay debugfs count - used.
	local root
	root=$(fixture_root lab-a-kconfig16M)
	sed -i 's/^CmaFree: .*/CmaFree:           11372 kB/' "$root/proc/meminfo"
	run "$CMACTL" --root "$root" export
	[ "$status" -eq 0 ]
	local d=$root/sys/kernel/debug/cma/reserved
	[ "$(sample cmactl_area_available_bytes '{area="reserved"}')" -eq \
		$((($(cat "$d/count") - $(cat "$d/used")) * 4096)) ]
	[ "$(sample cmactl_area_available_bytes '{area="reserved"}')" -ne $((11372 * 1024)) ]
	# node_exporter already exports CmaTotal and CmaFree: no sample repeats them
	run awk '!/^#/ && tolower($1) ~ /cmafree|cmatotal|memory_cma|^cmactl_(cma_)?(free|total)_bytes/' <<<"$output"
	[ -z "$output" ]
}

@test "export: unread sources give no metric, not a zero (stock kernel: no sysfs, no debugfs)" {
	local root
	root=$(fixture_root stock-a-default)
	run "$CMACTL" --root "$root" export
	[ "$status" -eq 0 ]
	[ -z "$(sample cmactl_area_used_bytes '{area="reserved"}')" ]
	[ -z "$(sample cmactl_area_alloc_fail_bytes_total '{area="reserved"}')" ]
	[ "$(sample cmactl_source_read '{source="debugfs"}')" = 0 ]
	[ "$(sample cmactl_source_read '{source="meminfo"}')" = 1 ]
}

@test "export: the output is deterministic and --output holds exactly what stdout shows" {
	local root
	root=$(fixture_root lab-g-dt-reg16M-unitaddr)
	"$CMACTL" --root "$root" export >"$BATS_TEST_TMPDIR/a"
	"$CMACTL" --root "$root" export >"$BATS_TEST_TMPDIR/b"
	cmp "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	run "$CMACTL" --root "$root" export --output "$BATS_TEST_TMPDIR/out.prom"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	cmp "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/out.prom"
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/out.prom")" = 644 ]
}

@test "export: label values are escaped (a DT node name with a quote and a backslash)" {
	local root
	root=$(fixture_root lab-a-kconfig16M)
	printf '[    0.1] cma: cma_alloc: we\\ird"name: alloc failed, req-size: 8 pages, ret: -12\n' \
		>"$BATS_TEST_TMPDIR/log"
	run "$CMACTL" --root "$root" --dmesg "$BATS_TEST_TMPDIR/log" export
	[ "$status" -eq 0 ]
	[[ $output == *'cmactl_log_alloc_failures_total{area="we\\ird\"name",error="ENOMEM"} 1'* ]]
	if command -v promtool >/dev/null; then
		promtool check metrics <<<"$output"
	fi
}

@test "export: bad --format, a stray argument and --json are usage errors" {
	run "$CMACTL" --root "$FIXTURES/lab-a-kconfig16M" export --format json
	[ "$status" -eq 2 ]
	[[ $output == *"--format 'json': expected prometheus or openmetrics"* ]]
	run "$CMACTL" --root "$FIXTURES/lab-a-kconfig16M" export extra
	[ "$status" -eq 2 ]
	[[ $output == *"unexpected argument 'extra'"* ]]
	run "$CMACTL" --root "$FIXTURES/lab-a-kconfig16M" --json export
	[ "$status" -eq 2 ]
	[[ $output == "cmactl: error: export: --json does not apply"* ]]
}

@test "export --output: a missing directory or a symlink is refused, naming the file" {
	run "$CMACTL" --root "$FIXTURES/lab-a-kconfig16M" export --output "$BATS_TEST_TMPDIR/no/such/x.prom"
	[ "$status" -eq 1 ]
	[[ $output == *"--output $BATS_TEST_TMPDIR/no/such/x.prom"* ]]
	echo keep >"$BATS_TEST_TMPDIR/target"
	ln -s target "$BATS_TEST_TMPDIR/link.prom"
	run "$CMACTL" --root "$FIXTURES/lab-a-kconfig16M" export --output "$BATS_TEST_TMPDIR/link.prom"
	[ "$status" -eq 1 ]
	[[ $output == *"link.prom is a symbolic link"* ]]
	[ "$(cat "$BATS_TEST_TMPDIR/target")" = keep ]
}

@test "export --output: a reader never sees a partial file (500 runs, 50 SIGKILLs)" {
	local a b dir=$BATS_TEST_TMPDIR/tf i runs=500 kills=50 min_reads=100
	# under a valgrind wrapper (not an ELF binary) each run takes ~100 times longer
	head -c 4 "$CMACTL" | grep -q ELF || runs=40 kills=10 min_reads=10
	mkdir -p "$dir"
	a=$(fixture_root lab-b-cmdline-cma32M)
	b=$(fixture_root lab-c-dt-size96M)
	"$CMACTL" --root "$a" export >"$BATS_TEST_TMPDIR/a.prom"
	"$CMACTL" --root "$b" export >"$BATS_TEST_TMPDIR/b.prom"
	cp "$BATS_TEST_TMPDIR/a.prom" "$dir/cmactl.prom"
	# the reader: every read must be one whole version; count reads and bad reads
	(
		reads=0 bad=0
		while [ ! -e "$BATS_TEST_TMPDIR/stop" ]; do
			if cat "$dir/cmactl.prom" >"$BATS_TEST_TMPDIR/read" 2>/dev/null; then
				reads=$((reads + 1))
				cmp -s "$BATS_TEST_TMPDIR/read" "$BATS_TEST_TMPDIR/a.prom" ||
					cmp -s "$BATS_TEST_TMPDIR/read" "$BATS_TEST_TMPDIR/b.prom" ||
					{ bad=$((bad + 1)); cp "$BATS_TEST_TMPDIR/read" "$BATS_TEST_TMPDIR/bad"; }
			else
				bad=$((bad + 1))	# the file must never be missing either
			fi
		done
		echo "$reads $bad" >"$BATS_TEST_TMPDIR/reader"
	) &
	local reader=$!
	for i in $(seq "$runs"); do
		[ $((i % 2)) -eq 0 ] && r=$a || r=$b
		"$CMACTL" --root "$r" export --output "$dir/cmactl.prom" || return 1
	done
	for i in $(seq "$kills"); do
		"$CMACTL" --root "$b" export --output "$dir/cmactl.prom" &
		sleep "0.00$((RANDOM % 10))"
		kill -KILL $! 2>/dev/null || true
		wait $! 2>/dev/null || true
	done
	touch "$BATS_TEST_TMPDIR/stop"
	wait "$reader"
	read -r reads bad <"$BATS_TEST_TMPDIR/reader"
	echo "reads=$reads bad=$bad"
	[ "$reads" -gt "$min_reads" ]
	[ "$bad" -eq 0 ]
	# a killed run may leave its temp file, which the textfile collector (*.prom) ignores
	run find "$dir" -name '*.prom' ! -name cmactl.prom
	[ -z "$output" ]
}

@test "contrib: the two alerts pass promtool check rules and fire as their unit test expects" {
	command -v promtool >/dev/null || skip "promtool not installed (scripts/deps.sh --test)"
	promtool check rules "$TOP/contrib/cmactl-alerts.yml"
	cd "$TOP/contrib"
	run promtool test rules cmactl-alerts.test.yml
	[ "$status" -eq 0 ]
	[[ $output == *SUCCESS* ]]
}

@test "contrib: the service and timer pass systemd-analyze verify; make install fills in BINDIR" {
	command -v systemd-analyze >/dev/null || skip "systemd-analyze not installed"
	local d=$BATS_TEST_TMPDIR/inst
	make -C "$TOP" -s install-contrib DESTDIR="$d" BINDIR="$(dirname "$CMACTL")"
	local unit=$d/usr/local/lib/systemd/system/cmactl-export.service
	grep -qx "ExecStart=$(dirname "$CMACTL")/cmactl export --output /var/lib/prometheus/node-exporter/cmactl.prom" "$unit"
	run systemd-analyze verify --man=no "$unit" "$d/usr/local/lib/systemd/system/cmactl-export.timer"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ -f "$d/usr/local/share/doc/cmactl/examples/cmactl-export.cron" ]
}

@test "contrib: the cron line's command writes the .prom file" {
	local cmd root
	root=$(fixture_root lab-a-kconfig16M)
	cmd=$(awk '!/^#/ && NF { $1 = $2 = $3 = $4 = $5 = $6 = ""; print }' "$TOP/contrib/cmactl-export.cron")
	[[ $cmd == *"cmactl export --output /var/lib/prometheus/node-exporter/cmactl.prom >/dev/null" ]]
	cmd=${cmd/cmactl export/\"\$CMACTL\" --root \"\$root\" export}
	cmd=${cmd//\/var\/lib\/prometheus\/node-exporter/$BATS_TEST_TMPDIR}
	eval "$cmd"
	grep -q '^cmactl_area_size_bytes{area="reserved"} 16777216$' "$BATS_TEST_TMPDIR/cmactl.prom"
}

@test "export: bash completes the command, its options and the formats" {
	[ -r /usr/share/bash-completion/bash_completion ] || skip "bash-completion not installed"
	complete_bash() {
		bash -c '
			source /usr/share/bash-completion/bash_completion
			source "$0"
			COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
			COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
			_cmactl cmactl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
			printf "%s\n" "${COMPREPLY[@]}"' "$TOP/completions/cmactl.bash" "$@"
	}
	run complete_bash cmactl exp
	[ "$output" = export ]
	run complete_bash cmactl export --form
	[ "$output" = --format ]
	run complete_bash cmactl export --format open
	[ "$output" = openmetrics ]
}

@test "export: Linux 7.2 (6.15+): available is sysfs available_pages, size total_pages" {
	local root s
	root=$(fixture_root lab72-a-kconfig16M)
	s=$root/sys/kernel/mm/cma/reserved
	run "$CMACTL" --root "$root" export
	[ "$status" -eq 0 ]
	[ "$(sample cmactl_area_available_bytes '{area="reserved"}')" -eq $(($(cat "$s/available_pages") * 4096)) ]
	[ "$(sample cmactl_area_size_bytes '{area="reserved"}')" -eq $(($(cat "$s/total_pages") * 4096)) ]
	[ "$(sample cmactl_area_release_success_bytes_total '{area="reserved"}')" -eq \
		$(($(cat "$s/release_pages_success") * 4096)) ]
	# the capture's log after its allocation test: __cma_alloc_frozen failures, EBUSY
	local log=$root/var/log/dmesg
	[ "$(sample cmactl_log_alloc_failures_total '{area="reserved",error="EBUSY"}')" -eq \
		"$(grep -c 'reserved: alloc failed, req-size: [0-9]* pages, ret: -16' "$log")" ]
	[ "$(sample cmactl_log_alloc_failure_lines_total '')" -eq "$(grep -c 'alloc failed, req-size' "$log")" ]
}

@test "export: default_heap is a heap the board really had (6.1: the area's name; 7.2: default_cma_region)" {
	# /dev/dma_heap as the guest listed it (ls -l) in the lab's captures:
	#   ../shared/captures/lab-a-kconfig16M/dma_heap.txt:  reserved system
	#   ../shared/captures-matrix/lab72-a-kconfig16M/dma_heap.txt:  default_cma_region reserved system
	local f heaps heap
	for f in "lab-a-kconfig16M:reserved system" "lab72-a-kconfig16M:default_cma_region reserved system"; do
		run "$CMACTL" --root "$(fixture_root "${f%%:*}")" export
		[ "$status" -eq 0 ]
		heap=$(sed -n 's/.*default_heap="\([^"]*\)".*/\1/p' <<<"$output")
		heaps=" ${f#*:} "
		[ -n "$heap" ] && [ "$heap" != system ] && [[ $heaps == *" $heap "* ]] ||
			{ echo "${f%%:*}: default_heap '$heap' is not one of:$heaps"; return 1; }
	done
	# 7.2 lists two heaps for the one area; cmactl names the fixed one
	[ "$heap" = default_cma_region ]
}
