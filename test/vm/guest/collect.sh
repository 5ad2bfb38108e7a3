#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /tests.d/collect.sh (issue 12 in the lab): `cmactl collect` in the guest, right after
# `cmactl --json status`; both and the bundle (base64) go to the console, and the host
# compares `cmactl --root BUNDLE --json status` with the guest's answer.
cmactl --json status >/tmp/collect-status.json 2>/tmp/collect-status.err
echo "--- status-rc $?"
cmactl collect -o /tmp/bundle.tar.gz 2>/tmp/collect.err
echo "--- collect-rc $?"
cat /tmp/collect.err
echo "--- status"
cat /tmp/collect-status.json
echo "--- bundle"
base64 /tmp/bundle.tar.gz
echo "--- end"
