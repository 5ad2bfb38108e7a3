#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /tests.d/static.sh (issue 13): the static arm64 cmactl (STATIC=1 WITH_KMOD=0, the
# binary a user copies onto a board), shipped as /bin/cmactl-static, asked the same as
# the lab's dynamic /bin/cmactl, right after it; run.sh compares the two answers. The
# dynamic one runs again after it: CmaFree can move between two reads (see /init).
cmactl --json status >/tmp/dyn1.json 2>/tmp/dyn1.err
echo "--- dynamic-rc $?"
cmactl-static --json status >/tmp/static.json 2>/tmp/static.err
echo "--- static-rc $?"
cmactl --json status >/tmp/dyn2.json 2>/tmp/dyn2.err
echo "--- dynamic2-rc $?"
for f in dyn1 static dyn2; do
	echo "--- $f.json"
	cat /tmp/$f.json
	echo "--- $f.err"
	cat /tmp/$f.err
done
echo "--- end"
