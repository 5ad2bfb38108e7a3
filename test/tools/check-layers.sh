#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fails when a lower layer includes a higher one (STYLE.md: io/ reads, model/ decides,
# report/ prints, cmd-*.c wires). Allowed: model -> model, common.h;
# io -> io, model, common.h, log.h; report -> report, model, common.h.
# The top-level cmd.h/opts.h/log.h belong to the command layer (log.h is io's too: readers may
# warn). Usage: check-layers.sh [SRC_DIR]; prints FILE:LINE for each offence.
set -u
src=${1:-src}
rc=0
check() { # LAYER FORBIDDEN-REGEX
	local hit
	hit=$(find "$src/$1" -name '*.[ch]' -print0 | xargs -0 -r grep -nE "^#[[:space:]]*include[[:space:]]+\"($2)" || true)
	if [ -n "$hit" ]; then
		printf '%s\n' "$hit" | sed "s|\$|   <- $1/ must not include this|"
		rc=1
	fi
}
check model 'io/|report/|cmd\.h|opts\.h|log\.h'
check io 'report/|cmd\.h|opts\.h'
check report 'io/|cmd\.h|opts\.h|log\.h'
# every project include names its layer (or is a top-level header of src/)
bare=$(find "$src" -name '*.[ch]' -print0 | xargs -0 grep -nE '^#[[:space:]]*include[[:space:]]+"[^/"]+"' |
	grep -vE '"(common|cmd|opts|log)\.h"' || true)
if [ -n "$bare" ]; then
	printf '%s\n' "$bare" | sed 's|$|   <- name the layer: "model/X.h", "io/X.h", "report/X.h"|'
	rc=1
fi
[ "$rc" -eq 0 ] && echo "layers: ok ($(find "$src" -name '*.[ch]' | wc -l) files)"
exit $rc
