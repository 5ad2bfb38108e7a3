#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The DT reader against real boards: every arm64 DTB that Debian's 6.1
# kernel package ships (fetched by test/dtbs/fetch.sh into a cache outside
# the tree). build/dtdump prints what dt_parse() read; these tests rebuild
# the same answer independently with fdtget (dtc's tool) and the 6.1
# kernel rules (drivers/of/fdt.c), and compare.

# One dtdump process for the whole corpus (forks dominate the run time),
# split into $BATS_FILE_TMPDIR/<i>.out; <i>.out starts with "error" when
# dt_parse() rejected DTB number i. POOLED lists the DTBs that contain the
# bytes "shared-dma-pool" anywhere: only those can have a pool.

load test_helper
setup_file() {
	local cache=${CMACTL_DTB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cmactl/dtbs}
	local dtdump=${DTDUMP:-$BATS_TEST_DIRNAME/../build/dtdump} dtbs=()
	[ -d "$cache/dtbs" ] && [ -x "$dtdump" ] || return 0
	mapfile -t dtbs < <(find "$cache/dtbs" -name '*.dtb' | LC_ALL=C sort)
	[ "${#dtbs[@]}" -gt 0 ] || return 0
	"$dtdump" "${dtbs[@]}" 2>/dev/null |
		awk -v d="$BATS_FILE_TMPDIR" '/^file / { if (o) close(o); o = d "/" n++ ".out"; next }
					      { print > o }'
	grep -l -a -F shared-dma-pool "${dtbs[@]}" >"$BATS_FILE_TMPDIR/pooled" || true
}

setup() {
	CACHE=${CMACTL_DTB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cmactl/dtbs}
	DTDUMP=${DTDUMP:-$BATS_TEST_DIRNAME/../build/dtdump}
	if [ ! -d "$CACHE/dtbs" ]; then
		corpus_missing "no DTB corpus in $CACHE"
	fi
	[ -x "$DTDUMP" ] || skip "no $DTDUMP (run make build/dtdump)"
	command -v fdtget >/dev/null || skip "fdtget not installed (device-tree-compiler)"
	mapfile -t DTBS < <(find "$CACHE/dtbs" -name '*.dtb' | LC_ALL=C sort)
	[ "${#DTBS[@]}" -gt 0 ] || corpus_missing "no .dtb files under $CACHE/dtbs"
	declare -gA POOLED=()
	local f
	while read -r f; do POOLED[$f]=1; done <"$BATS_FILE_TMPDIR/pooled"
}

# same A B: compare two line arrays (names) without a subshell.
same() {
	local -n _a=$1 _b=$2
	local IFS=$'\n'
	[ "${_a[*]}" = "${_b[*]}" ]
}

# show_diff WANT GOT: print both sides of a mismatch.
show_diff() {
	local -n _w=$1 _g=$2
	diff <(printf '%s\n' "${_w[@]}") <(printf '%s\n' "${_g[@]}") || true
}

# dump I: dtdump's output for DTB number I, into the array OUT (no fork).
dump() {
	mapfile -t OUT <"$BATS_FILE_TMPDIR/$1.out"
}

# hexnum VAR NCELLS CELL...: VAR = 0x<value> when exactly NCELLS (1 or 2)
# hex cells are given, else "-". printf -v: no subshell per number.
hexnum() {
	local -n _v=$1; local n=$2; shift 2
	if [ "$#" -ne "$n" ] || [ "$n" -lt 1 ] || [ "$n" -gt 2 ]; then _v=-
	elif [ "$n" -eq 1 ]; then printf -v _v '0x%x' "0x$1"
	else printf -v _v '0x%x' $(( (0x$1 << 32) | 0x$2 )); fi
}

# firstpair VAR CELL...: VAR = "0x<base> 0x<size>" of the first entry when
# the cells are a whole, non-zero number of (AC, SC) pairs, else "- -".
firstpair() {
	local -n _p=$1; shift
	local t=$((AC + SC)) b s
	if [ "$#" -eq 0 ] || [ $(($# % t)) -ne 0 ] || [ "$AC" -gt 2 ] || [ "$SC" -gt 2 ] ||
	   [ "$AC" -lt 1 ] || [ "$SC" -lt 1 ]; then
		_p="- -"; return
	fi
	local cells=("$@")
	hexnum b "$AC" "${cells[@]:0:AC}"
	hexnum s "$SC" "${cells[@]:AC:SC}"
	_p="$b $s"
}

# flag VAR VALUE: 1 when fdtget found the property (not our MISSING default)
flag() { local -n _f=$1; [ "$2" = MISSING ] && _f=0 || _f=1; }

# expect_pools DTB: fills WANT with the "pools N" / "pool ..." lines dtdump
# should print, from 4 fdtget calls and the 6.1 rules: the root's cells
# (default 1/1), /reserved-memory needs the same cells and "ranges",
# children need "shared-dma-pool" in compatible and status okay/ok.
expect_pools() {
	local f=$1 rm=/reserved-memory kids=() hdr=() hx=() st=() q=() k i n=0 name pr x
	local size reg ar al def reu nom
	mapfile -t hdr < <(fdtget -t x -d MISSING "$f" / '#address-cells' / '#size-cells' \
		$rm '#address-cells' $rm '#size-cells' $rm ranges)
	AC=${hdr[0]/MISSING/1}; SC=${hdr[1]/MISSING/1}
	WANT=()
	if [ "${hdr[2]}" = "$AC" ] && [ "${hdr[3]}" = "$SC" ] && [ "${hdr[4]}" != MISSING ]; then
		mapfile -t kids < <(fdtget -l "$f" $rm)
		for k in "${kids[@]}"; do q+=("$rm/$k" compatible "$rm/$k" status); done
		[ "${#q[@]}" -eq 0 ] || mapfile -t st < <(fdtget -t s -d MISSING "$f" "${q[@]}")
		q=()
		for k in "${kids[@]}"; do
			for pr in size reg alloc-ranges alignment linux,cma-default reusable no-map; do
				q+=("$rm/$k" "$pr")
			done
		done
		[ "${#q[@]}" -eq 0 ] || mapfile -t hx < <(fdtget -t x -d MISSING "$f" "${q[@]}")
		for i in "${!kids[@]}"; do
			[[ " ${st[2 * i]} " == *" shared-dma-pool "* ]] || continue
			case ${st[2 * i + 1]} in okay|ok|MISSING) ;; *) continue;; esac
			[ "$n" -lt 32 ] || break
			x=("${hx[@]:7 * i:7}")
			# shellcheck disable=SC2086  # cells are split on purpose
			{ hexnum size "$SC" ${x[0]/MISSING/}; firstpair reg ${x[1]/MISSING/}
			  firstpair ar ${x[2]/MISSING/}; hexnum al "$AC" ${x[3]/MISSING/}; }
			flag def "${x[4]}"; flag reu "${x[5]}"; flag nom "${x[6]}"
			name=${kids[i]}
			WANT+=("pool ${name:0:63} $size $reg $def $reu $nom $ar $al")
			n=$((n + 1))
		done
	fi
	WANT=("pools $n" "${WANT[@]}")
}

# expect_header DTB: fills WANT with the model, compatible (first string),
# memory_bytes (reg sizes of the root's memory nodes: device_type "memory",
# or none and named memory[@...]; status okay) and bootargs presence lines.
expect_header() {
	local f=$1 kids=() q=() s=() r=() mem=() k i t j sz total=0 c
	mapfile -t kids < <(fdtget -l "$f" /)
	for k in "${kids[@]}"; do q+=("/$k" device_type "/$k" status); done
	mapfile -t s < <(fdtget -t s -d MISSING "$f" / model / compatible /chosen bootargs "${q[@]}")
	for i in "${!kids[@]}"; do
		k=${kids[i]}; t=${s[3 + 2 * i]}
		if [ "$t" != MISSING ]; then [ "$t" = memory ] || continue
		else [[ $k == memory || $k == memory@* ]] || continue; fi
		case ${s[4 + 2 * i]} in okay|ok|MISSING) mem+=("/$k" reg);; esac
	done
	mapfile -t r < <(fdtget -t x -d MISSING "$f" / '#address-cells' / '#size-cells' "${mem[@]}")
	AC=${r[0]/MISSING/1}; SC=${r[1]/MISSING/1}; t=$((AC + SC))
	for ((i = 2; i < ${#r[@]}; i++)); do
		# shellcheck disable=SC2206
		c=(${r[i]/MISSING/})
		for ((j = 0; j + t <= ${#c[@]}; j += t)); do
			hexnum sz "$SC" "${c[@]:j+AC:SC}"
			total=$((total + sz))
		done
	done
	WANT=("model ${s[0]/#MISSING/}" "compatible ${s[1]%% *}")
	[ "${s[1]}" != MISSING ] || WANT[1]="compatible "
	printf -v sz '0x%x' "$total"
	WANT+=("memory_bytes $sz")
	[ "${s[2]}" = MISSING ] && WANT+=("bootargs absent") || WANT+=("bootargs present")
}

@test "dt corpus: dtdump reads every Debian arm64 DTB" {
	local i bad=0 first
	for i in "${!DTBS[@]}"; do
		first=
		[ -f "$BATS_FILE_TMPDIR/$i.out" ] && read -r first <"$BATS_FILE_TMPDIR/$i.out"
		if [[ $first != model* ]]; then
			echo "dtdump failed on ${DTBS[i]}: $first"; bad=$((bad + 1))
		fi
	done
	echo "# ${#DTBS[@]} DTBs from $(<"$CACHE/PACKAGE")" >&3
	[ "$bad" -eq 0 ]
}

@test "dt corpus: shared-dma-pool nodes agree with fdtget" {
	local i l got=() bad=0 checked=0 cma=0 pooled=0
	declare -A cells=()
	for i in "${!DTBS[@]}"; do
		dump "$i"
		if [ -z "${POOLED[${DTBS[i]}]:-}" ]; then
			# the string is nowhere in the blob: there can be no pool
			[ "${OUT[4]}" = "pools 0" ] || { echo "pools without the string: ${DTBS[i]}"; bad=$((bad + 1)); }
			continue
		fi
		checked=$((checked + 1))
		expect_pools "${DTBS[i]}"
		got=("${OUT[@]:4}")
		if ! same got WANT; then
			echo "MISMATCH ${DTBS[i]#"$CACHE"/dtbs/}"; show_diff WANT got
			bad=$((bad + 1))
		fi
		[ "${OUT[4]}" = "pools 0" ] || pooled=$((pooled + 1))
		for l in "${OUT[@]:5}"; do
			if [[ $l == "pool linux,cma "* || $l == "pool linux,cma@"* ]]; then
				cma=$((cma + 1)); cells[$AC/$SC]=$(( ${cells[$AC/$SC]:-0} + 1 ))
				break
			fi
		done
	done
	l=""; for i in "${!cells[@]}"; do l+=" $i:${cells[$i]}"; done
	echo "# $checked DTBs mention shared-dma-pool, $pooled have such pools," \
	     "$cma with a linux,cma node; root cells (addr/size:count):$l" >&3
	[ "$checked" -gt 0 ]
	[ "$bad" -eq 0 ]
}

# Three fdtget calls per DTB: by default only for the DTBs that mention
# shared-dma-pool; CMACTL_DT_CORPUS_FULL=1 checks all of them.
@test "dt corpus: model, compatible, memory and bootargs agree with fdtget" {
	local i got=() bad=0 checked=0
	for i in "${!DTBS[@]}"; do
		[ -n "${CMACTL_DT_CORPUS_FULL:-}" ] || [ -n "${POOLED[${DTBS[i]}]:-}" ] || continue
		checked=$((checked + 1))
		dump "$i"
		got=("${OUT[@]:0:4}")
		got[3]=${got[3]%% 0x*}; got[3]=${got[3]%% -*}	# bootargs: presence only
		expect_header "${DTBS[i]}"
		if ! same got WANT; then
			echo "MISMATCH ${DTBS[i]#"$CACHE"/dtbs/}"; show_diff WANT got
			bad=$((bad + 1))
		fi
	done
	echo "# header lines checked on $checked DTBs" >&3
	[ "$bad" -eq 0 ]
}
