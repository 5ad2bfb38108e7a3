#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The expected output of `status` on every fixture: test/expected/<name>.status.txt (text, with
# stderr and the exit status) and <name>.status.json (stdout of --json), compared whole; and of
# `export`: <name>.export.prom (Prometheus text) and <name>.export.openmetrics (stdout only, so
# that promtool and an OpenMetrics parser can check the file itself).
#   goldens.sh OUTDIR     write the current outputs into OUTDIR (used by the check)
#   goldens.sh --update   rewrite test/expected/ (`make goldens`); review the diff like code
# A fixture is a --root tree under fixtures/ (one with a proc/ directory; its DTS compiled with
# dtc into sys/firmware/fdt, as the kernel exposes it) or a kernel log under fixtures/logs/ read
# alone (`--root EMPTY --dmesg LOG`; the empty directory is written EMPTY). Names: the tree's name; logs-<file name> for a log.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${CMACTL:=./cmactl}"
out=${1:?usage: goldens.sh OUTDIR | --update}
[ "$out" = --update ] && out=test/expected
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/empty"

# run NAME ARGS...: both outputs of `cmactl ARGS status`. The tree's temporary path is written
# as fixtures/NAME, so the goldens do not depend on where the copy was made.
run() {
	local name=$1 rc=0
	shift
	"$CMACTL" "$@" status >"$out/$name.status.txt" 2>&1 || rc=$?
	echo "[exit $rc]" >>"$out/$name.status.txt"
	rc=0
	"$CMACTL" "$@" --json status >"$out/$name.status.json" 2>"$tmp/stderr" || rc=$?
	"$CMACTL" "$@" export >"$out/$name.export.prom" 2>"$tmp/stderr" || rc=$?
	"$CMACTL" "$@" export --format openmetrics >"$out/$name.export.openmetrics" \
		2>"$tmp/stderr" || rc=$?
	sed -i -e "s|$tmp/root|fixtures|g" -e "s|$tmp/empty|EMPTY|g" "$out/$name.status.txt" \
		"$out/$name.status.json" "$out/$name.export.prom" "$out/$name.export.openmetrics"
}

for d in fixtures/*/; do
	name=$(basename "$d")
	[ -d "$d/proc" ] || continue
	mkdir -p "$tmp/root"
	rm -rf "${tmp:?}/root/$name"
	cp -r "$d" "$tmp/root/$name"
	if [ -f "$tmp/root/$name/sys/firmware/fdt.dts" ]; then
		dtc -q -I dts -O dtb -o "$tmp/root/$name/sys/firmware/fdt" "$tmp/root/$name/sys/firmware/fdt.dts"
	fi
	run "$name" --root "$tmp/root/$name"
done
for f in fixtures/logs/*; do
	case $f in *.md) continue ;; esac
	run "logs-$(basename "$f")" --root "$tmp/empty" --dmesg "$f"
done
