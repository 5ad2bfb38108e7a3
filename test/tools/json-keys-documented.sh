#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every key of the status JSON goldens (test/expected/*.status.json) is named, as a whole word,
# in the JSON OUTPUT section of man/cmactl.8, which calls those keys a stable interface.
# Keys inside "sysfs" objects are the kernel's own file names (/sys/kernel/mm/cma/AREA/*),
# documented as such, and are not listed one by one. Prints each undocumented key; exit 1 if any.
set -euo pipefail
cd "$(dirname "$0")/../.."
words=$(awk '/^\.Sh JSON OUTPUT/ {on = 1; next} /^\.Sh / {on = 0} on' man/cmactl.8 |
	tr -c 'A-Za-z0-9_\n' '\n' | sort -u)
keys=$(jq -rs '[.[] | paths | . as $p | range(length) as $i
	| select(($p[$i] | type) == "string" and ($i == 0 or $p[$i - 1] != "sysfs")) | $p[$i]] | unique | .[]' \
	test/expected/*.status.json)
rc=0
for k in $keys; do
	grep -qxF -- "$k" <<<"$words" || { echo "undocumented JSON key: $k (add it to JSON OUTPUT in man/cmactl.8)"; rc=1; }
done
exit $rc
