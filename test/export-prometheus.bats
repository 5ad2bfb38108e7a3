#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# `cmactl export --output` read by the real engine: Debian's node_exporter
# (textfile collector) scraped by Debian's Prometheus, both on 127.0.0.1, both
# started here and stopped in teardown_file. Expected values come from the
# fixtures' own debugfs/sysfs files and kernel logs, never from cmactl.
load test_helper

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_ready URL: up to 30 s for a server to answer 200.
wait_ready() {
	local i
	for i in $(seq 300); do
		curl -fs -o /dev/null "$1" && return 0
		sleep 0.1
	done
	echo "not ready: $1" >&2
	return 1
}

setup_file() {
	local missing="" t
	for t in prometheus prometheus-node-exporter curl jq /usr/bin/python3; do
		command -v "$t" >/dev/null || missing="$missing $t"
	done
	if [ -n "$missing" ]; then
		export ENGINE_SKIP="not installed:$missing (scripts/deps.sh --test installs them)"
		return 0
	fi
	ENGINE=$(mktemp -d "${BATS_FILE_TMPDIR}/engine.XXXXXX")
	mkdir -p "$ENGINE/textfile" "$ENGINE/tsdb"
	NE_PORT=$(free_port)
	PROM_PORT=$(free_port)
	while [ "$PROM_PORT" = "$NE_PORT" ]; do PROM_PORT=$(free_port); done
	prometheus-node-exporter --web.listen-address="127.0.0.1:$NE_PORT" \
		--collector.disable-defaults --collector.textfile \
		--collector.textfile.directory="$ENGINE/textfile" >"$ENGINE/ne.log" 2>&1 &
	echo $! >"$ENGINE/ne.pid"
	cat >"$ENGINE/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$NE_PORT']
EOF
	prometheus --config.file="$ENGINE/prometheus.yml" --storage.tsdb.path="$ENGINE/tsdb" \
		--web.listen-address="127.0.0.1:$PROM_PORT" >"$ENGINE/prom.log" 2>&1 &
	echo $! >"$ENGINE/prom.pid"
	export ENGINE NE_PORT PROM_PORT
	wait_ready "http://127.0.0.1:$NE_PORT/metrics"
	wait_ready "http://127.0.0.1:$PROM_PORT/-/ready"
}

teardown_file() {
	local p
	[ -n "${ENGINE:-}" ] || return 0
	for p in ne prom; do
		[ -f "$ENGINE/$p.pid" ] || continue
		kill "$(cat "$ENGINE/$p.pid")" 2>/dev/null || true
		wait "$(cat "$ENGINE/$p.pid")" 2>/dev/null || true
	done
}

setup() {
	[ -z "${ENGINE_SKIP:-}" ] || skip "$ENGINE_SKIP"
}

# query EXPR: the value of an instant query's first series ("" if none).
query() {
	curl -fs --get --data-urlencode "query=$1" "http://127.0.0.1:$PROM_PORT/api/v1/query" |
		jq -r '.data.result[0].value[1] // ""'
}

# expect EXPR VALUE: Prometheus reports VALUE for EXPR within 20 s (a scrape is 1 s apart).
expect() {
	local i got=""
	for i in $(seq 200); do
		got=$(query "$1")
		[ "$got" = "$2" ] && return 0
		sleep 0.1
	done
	echo "$1: expected $2, Prometheus has '${got}'" >&2
	return 1
}

# debugfs_pages ROOT AREA FILE: a debugfs counter of the fixture, in pages.
debugfs_pages() {
	cat "$1/sys/kernel/debug/cma/$2/$3"
}

# publish ROOT [ARGS...]: export ROOT into the textfile directory.
publish() {
	local root=$1
	shift
	run "$CMACTL" --root "$root" "$@" export --output "$ENGINE/textfile/cmactl.prom"
	[ "$status" -eq 0 ]
	promtool check metrics <"$ENGINE/textfile/cmactl.prom"
}

@test "engine: lab-d (cma=32M beats the DT node) as Prometheus scrapes it" {
	local root
	root=$(fixture_root lab-d-dt-size96M-cmdline-cma32M)
	publish "$root"
	expect 'cmactl_area_size_bytes{area="reserved"}' \
		$(($(debugfs_pages "$root" reserved count) * 4096))
	expect 'cmactl_effective_size_bytes' $(($(meminfo_kb "$root" CmaTotal) * 1024))
	expect 'cmactl_area_used_bytes{area="reserved"}' \
		$(($(debugfs_pages "$root" reserved used) * 4096))
	expect 'cmactl_area_largest_free_bytes{area="reserved"}' \
		$(($(debugfs_pages "$root" reserved maxchunk) * 4096))
	expect 'cmactl_area_alloc_success_bytes_total{area="reserved"}' \
		$(($(cat "$root/sys/kernel/mm/cma/reserved/alloc_pages_success") * 4096))
	expect 'cmactl_info{source="cmdline",default_area="reserved",kernel="6.1.192"}' 1
	# the README's boot: cma=32M on the command line, the DT asks for 96 MiB and loses
	expect 'cmactl_layer_requested_bytes{layer="cmdline"}' $((32 * 1048576))
	expect 'cmactl_layer_requested_bytes{layer="devicetree"}' $((96 * 1048576))
	expect 'cmactl_layer_shadowed{layer="devicetree"}' 1
	expect 'cmactl_layer_shadowed{layer="cmdline"}' 0
	# the README's dashboard query: 1 - maxchunk / count, joined with the info labels
	local count maxchunk
	count=$(debugfs_pages "$root" reserved count)
	maxchunk=$(debugfs_pages "$root" reserved maxchunk)
	expect 'topk(10, 1 - cmactl_area_largest_free_bytes / cmactl_area_size_bytes)
		* on(instance) group_left(kernel, source) cmactl_info' \
		"$(awk -v c="$count" -v m="$maxchunk" 'BEGIN { printf "%.8g", 1 - m / c }')"
	expect 'node_textfile_scrape_error' 0
}

@test "engine: lab-c (DT 96 MiB) replaces lab-d's file; the old area's series go stale" {
	local root
	root=$(fixture_root lab-c-dt-size96M)
	publish "$root"
	expect 'cmactl_area_size_bytes{area="linux,cma"}' \
		$(($(debugfs_pages "$root" linux,cma count) * 4096))
	expect 'cmactl_info{source="devicetree",default_area="linux,cma"}' 1
	expect 'count(cmactl_area_size_bytes{area="reserved"})' ""
	expect 'node_textfile_scrape_error' 0
}

@test "engine: allocation failures from a 6.18 log, counted by area and error" {
	local root log=$FIXTURES/logs/v6.18-cma_alloc-refactored.log
	root=$(fixture_root lab-a-kconfig16M)
	publish "$root" --dmesg "$log"
	expect 'cmactl_log_alloc_failures_total{area="linux,cma",error="EBUSY"}' \
		"$(grep -c 'linux,cma: alloc failed, req-size: [0-9]* pages, ret: -16' "$log")"
	expect 'cmactl_log_alloc_failures_total{area="linux,cma",error="ENOMEM"}' \
		"$(grep -c 'linux,cma: alloc failed, req-size: [0-9]* pages, ret: -12' "$log")"
	expect 'cmactl_log_alloc_failure_lines_total' "$(grep -c 'alloc failed, req-size' "$log")"
	expect 'cmactl_log_largest_failed_request_bytes{area="linux,cma"}' \
		$(($(grep -o 'req-size: [0-9]*' "$log" | awk '$2 > m { m = $2 } END { print m }') * 4096))
	expect 'node_textfile_scrape_error' 0
}

@test "engine: a broken .prom file is what node_textfile_scrape_error reports (the check can fail)" {
	printf 'cmactl_broken{\n' >"$ENGINE/textfile/cmactl.prom"
	expect 'node_textfile_scrape_error' 1
	rm -f "$ENGINE/textfile/cmactl.prom"
	expect 'node_textfile_scrape_error' 0
}
