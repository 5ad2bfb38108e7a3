#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A refactor's proof: run two builds of cmactl (and dmaheap-alloc) over the same cases and
# compare stdout, stderr, exit status and every file the case wrote. Not part of `make check`
# (it needs an old build); run by hand before merging a change that should not change behaviour:
#   git worktree add /tmp/old <base> && make -C /tmp/old
#   test/tools/compare-builds.sh /tmp/old .        # directories holding cmactl, dmaheap-alloc
# Cases: status (text, --json, -v) on every fixture tree and log; set/unset --dry-run and -o on
# every file of fixtures/set/ and on the lab trees' DTBs; stress and dmaheap-alloc on
# fixtures/stress/; --help and usage errors. Prints one line per differing case, then a count.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
old=$(cd "${1:?usage: compare-builds.sh OLD_DIR NEW_DIR}" && pwd)
new=$(cd "${2:?usage: compare-builds.sh OLD_DIR NEW_DIR}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 diffs=0

# case NAME SETUP CMD...: in a fresh work dir per build (a copy of fixtures/ and the compiled
# DTBs), run CMD with $BIN/cmactl as `cmactl` on PATH; compare everything.
case_() {
	local name=$1 b dir
	shift
	n=$((n + 1))
	for b in old new; do
		dir=$tmp/$b
		rm -rf "$dir"
		mkdir -p "$dir/empty"
		cp -r fixtures "$dir/fx"
		for d in "$dir"/fx/*/sys/firmware/fdt.dts "$dir"/fx/set/*.dts; do
			[ -f "$d" ] || continue
			dtc -q -I dts -O dtb -o "${d%.dts}$( [ "${d##*/}" = fdt.dts ] || echo .dtb)" "$d"
		done
		mv "$dir"/fx/*/sys/firmware/fdt.dtb "$dir" 2>/dev/null || true
		local bin
		if [ $b = old ]; then bin=$old; else bin=$new; fi
		(cd "$dir" && PATH=$bin:$PATH "$@" >"$tmp/$b.out" 2>"$tmp/$b.err"; echo $? >"$tmp/$b.rc")
		sed -i "s|$tmp/$b|WORK|g" "$tmp/$b.out" "$tmp/$b.err"
	done
	if ! cmp -s "$tmp/old.out" "$tmp/new.out" || ! cmp -s "$tmp/old.err" "$tmp/new.err" ||
		! cmp -s "$tmp/old.rc" "$tmp/new.rc" || ! diff -r "$tmp/old" "$tmp/new" >/dev/null 2>&1; then
		echo "DIFFERS: $name"
		diff "$tmp/old.out" "$tmp/new.out" | head -n 5
		diff "$tmp/old.err" "$tmp/new.err" | head -n 5
		diff -r "$tmp/old" "$tmp/new" 2>&1 | head -n 5
		diffs=$((diffs + 1))
	fi
}

for d in fixtures/*/; do
	t=$(basename "$d")
	[ -d "$d/proc" ] || continue
	for g in "" "--json" "-v"; do
		# shellcheck disable=SC2086 # $g is one option or none
		case_ "status $g $t" cmactl $g --root "fx/$t" status
	done
	case_ "set dts $t" cmactl --root "fx/$t" set 128M --via dts --dtb "fx/$t/sys/firmware/fdt" -o out.dtb
	case_ "unset dts $t" cmactl --root "fx/$t" unset --via dts --dtb "fx/$t/sys/firmware/fdt" --dry-run
	case_ "set cmdline $t" cmactl --root "fx/$t" set 64M --via cmdline --file fx/set/extlinux.conf --dry-run
	case_ "stress $t" cmactl --root "fx/$t" stress
done
for f in fixtures/logs/*; do
	case $f in *.md) continue ;; esac
	case_ "status log $f" cmactl --root empty --dmesg "fx/logs/${f##*/}" status
	case_ "status --json log $f" cmactl --root empty --dmesg "fx/logs/${f##*/}" --json status
done
for f in fixtures/set/*; do
	b=${f##*/}
	case $b in
	*.dts)
		for s in 0 1M 128M 3G 1.5G; do
			case_ "set $s dts $b" cmactl --root empty set "$s" --via dts --dtb "fx/set/${b%.dts}.dtb" --mem 2G
			case_ "set --json $s dts $b" cmactl --root empty --json set "$s" --via dts --dtb "fx/set/${b%.dts}.dtb" --mem 2G
		done
		case_ "unset dts $b" cmactl --root empty unset --via dts --dtb "fx/set/${b%.dts}.dtb" ;;
	README) ;;
	*)
		for s in 64M 256 1G; do
			case_ "set $s cmdline $b" cmactl --root empty set "$s" --via cmdline --file "fx/set/$b"
			case_ "set $s cmdline $b -n" cmactl --root empty set "$s" --via cmdline --file "fx/set/$b" --dry-run
		done
		case_ "unset cmdline $b" cmactl --root empty unset --via cmdline --file "fx/set/$b" ;;
	esac
done
for r in fixtures/stress/*/; do
	r=${r%/}
	case_ "stress ${r##*/}" cmactl --root "fx/stress/${r##*/}" stress --size 1M
	case_ "dmaheap-alloc ${r##*/}" dmaheap-alloc --root "fx/stress/${r##*/}" 1M
done
for c in "" status set unset stress; do
	# shellcheck disable=SC2086
	case_ "help $c" cmactl $c --help
	# shellcheck disable=SC2086
	case_ "bad option $c" cmactl $c --no-such-option
done
case_ "version" cmactl --version
case_ "dmaheap-alloc help" dmaheap-alloc --help
echo "compare-builds: $n cases, $diffs differ"
[ "$diffs" -eq 0 ]
