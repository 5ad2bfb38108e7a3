#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /tests.d/stress.sh in a lab-kernel boot (16 MiB CMA, 96 pages in use from boot): the
# `cmactl stress` cases of issue 5. Every case prints "--- case NAME", its stdout, then
# "--- stderr" and its stderr, then "--- rc N". test/vm/stress-checks.sh reads this.
# Owned by the stress work; the lab harness only copies it into /tests.d/.

case_run() { # case_run NAME CMD...
	name=$1
	shift
	echo "--- case $name"
	"$@" 2>/tmp/stress.err
	rc=$?
	echo "--- stderr"
	cat /tmp/stress.err
	echo "--- rc $rc"
}

# The request larger than the whole area: ENOMEM and no kernel log line in 6.1.
case_run size-4097p cmactl --json stress --size 4097p
# The whole area while 96 pages are in use: ENOMEM with the kernel's "alloc failed" line.
case_run size-4096p cmactl --json stress --size 4096p
case_run size-4096p-text cmactl stress --size 4096p
# Eight 1 MiB buffers held at once: CmaFree drops by 8 MiB while held.
case_run 1M-x8 cmactl --json stress --size 1M --count 8 --hold 0.2
case_run 1M-x8-text cmactl stress --size 1M --count 8 --touch
case_run until-fail cmactl --json stress --until-fail --size 1M
case_run jobs-2 cmactl --json stress --jobs 2 --size 1M --count 4 --hold 0.2
case_run sizes cmactl --json stress --sizes 64K-2M --count 4 --duration 1 --seed 7
case_run refused cmactl stress --size 1M --count 17
# Ctrl-C mid-run: everything is freed and the summary is still printed.
sigint() {
	cmactl --json stress --size 1M --count 4 --hold 60 >/tmp/sigint.json &
	pid=$!
	sleep 3
	kill -INT "$pid"
	wait "$pid"
	rc=$?
	cat /tmp/sigint.json
	grep CmaFree /proc/meminfo >&2
	return "$rc"
}
case_run sigint sigint
if [ -x /bin/dmaheap-alloc ]; then
	case_run client dmaheap-alloc --heap reserved 4097p 1M 3000p
	case_run client-json dmaheap-alloc --json --touch 1M 1M
fi
echo "--- end"
