# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
# /tests.lib/caselib.sh: what guest/stress72.sh and guest/watch72.sh share (run.sh's
# stress_extra ships it outside /tests.d, so /init does not run it as a test).
# The sourcing script defines counters() (the kernel's counters, "KEY VALUE" lines, read
# with cat) and sets CASE_LABEL (the name of the counters' parts: sysfs, counters).
#
# case_run NAME CMD...: "--- case NAME", CMD's stdout, "--- stderr", the counters before
# and after ("--- $CASE_LABEL-before", "--- $CASE_LABEL-after"), "--- rc N".
case_run() {
	name=$1
	shift
	echo "--- case $name"
	counters >/tmp/counters.before
	"$@" 2>/tmp/case.err
	rc=$?
	echo "--- stderr"
	cat /tmp/case.err
	echo "--- $CASE_LABEL-before"
	cat /tmp/counters.before
	echo "--- $CASE_LABEL-after"
	counters
	echo "--- rc $rc"
}
