# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash disable=SC2154 # out, name: set by the sourcing script
# The helpers the host-side checks of guest output share (stress-checks.sh,
# stress-checks72.sh, watch-checks.sh source this). The caller sets:
#   out    the section file the guest script printed ("--- case NAME" ... "--- rc N")
#   name   the boot's name, the prefix of every line
#   fails  0; notok counts here, and the caller ends with [ "$fails" -eq 0 ]
# Lines are TAP-like "ok - NAME: ..." / "not ok - NAME: ...": run.sh numbers them.

ok() { echo "ok - $name: $*"; }
notok() { echo "not ok - $name: $*"; fails=$((fails + 1)); }
# check WHAT GOT WANT
check() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1 (got '$2', want '$3')"; fi; }
# part CASE PART: the lines of one part of a case ("" = its stdout, up to the first
# "--- X" line; else the lines after "--- PART"), up to the case's "--- rc" line
part() {
	awk -v c="--- case $1" -v p="${2:+--- $2}" '
		$0 == c {f = 1; in_p = (p == ""); next}
		f && /^--- rc / {exit}
		f && /^--- / {in_p = ($0 == p); next}
		f && in_p' "$out"
}
# rc CASE: the exit status the guest recorded for the case
rc() { awk -v c="--- case $1" '$0 == c {f = 1} f && /^--- rc / {print $3; exit}' "$out"; }
