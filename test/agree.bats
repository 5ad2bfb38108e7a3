#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Text and JSON are two printers of one model (issue 10): on every fixture
# tree, and on every log in fixtures/logs alone, they must say the same.
load test_helper

# agree ROOT [ARGS...]: compare `status` text and --json for ROOT.
agree() {
	local root=$1 text json
	shift
	run "$CMACTL" --root "$root" "$@" status
	[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
	text=$output
	run "$CMACTL" --root "$root" --json "$@" status
	[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
	json=$output
	first=${text%%$'\n'*}
	enabled=$(jq -r .cma_enabled <<<"$json")
	source=$(jq -r .effective.source <<<"$json")
	case $enabled in
	null) [[ $first == "CMA: unknown"* ]] ;;
	false) [[ $first == "CMA: not available"* ]] ;;
	true)
		[[ $first == "CMA: "* ]]
		[[ $first != "CMA: unknown"* && $first != "CMA: not available"* ]]
		if [ "$source" = none ]; then [[ $first == *": no default area"* ]]
		elif [ "$source" = unknown ]; then [[ $first == *"set by an unknown layer"* ]]
		else [[ $first == *"set by $source"* ]]; fi
		# the size: known in both or in neither
		if [ "$(jq -r .effective.size_bytes <<<"$json")" = null ]; then
			[[ $first == "CMA: -"* ]]
		else
			[[ $first != "CMA: -"* ]]
		fi
		# each layer row's state is the JSON one
		for l in kconfig cmdline devicetree; do
			st=$(jq -r ".layers[] | select(.layer==\"$l\") | .state" <<<"$json")
			row=$(grep -E "^  $l +" <<<"$text")
			[ "$(awk '{ print ($2 == "-") ? $3 : $4 }' <<<"$row")" = "$st" ]
		done
		# as many area rows as areas
		n=$(jq '.areas | length' <<<"$json")
		if [ "$n" -gt 0 ]; then
			[ "$(sed -n '/^Areas:/,/^$/p' <<<"$text" | grep -c '^  [^ ]' )" -eq $((n + 1)) ]
		fi ;;
	esac
	adv=$(jq -r '.advice // empty' <<<"$json")
	if [ -n "$adv" ]; then
		# the advice wraps at 80 columns: compare with the line breaks undone
		[[ $(tr -s ' \n' ' ' <<<"$text") == *"Advice: $(tr -s ' ' <<<"$adv")"* ]]
	else
		run grep -q '^Advice:' <<<"$text"
		[ "$status" -ne 0 ]
	fi
	[ "$(jq '.notes | length' <<<"$json")" -eq "$(grep -c '^  - ' <<<"$text" || true)" ]
	total=$(jq -r .failures_total <<<"$json")
	if [ "$total" -gt 0 ]; then
		grep -qF "Allocation failures in the kernel log ($total):" <<<"$text"
	fi
}

@test "text and JSON agree on every fixture tree" {
	for d in "$FIXTURES"/*/; do
		name=$(basename "$d")
		[ -d "$d/proc" ] || [ -d "$d/var" ] || continue
		root=$(fixture_root "$name")
		echo "fixture: $name"	# shown when an assertion below fails
		agree "$root"
	done
}

@test "text and JSON agree on every log alone; no 'no CMA' where a line proves CMA; no shrinking advice" {
	mkdir -p "$BATS_TEST_TMPDIR/empty"
	for log in "$FIXTURES"/logs/*.log "$FIXTURES"/logs/*.txt "$FIXTURES"/*/var/log/dmesg; do
		echo "log: $log"	# shown when an assertion below fails
		agree "$BATS_TEST_TMPDIR/empty" --dmesg "$log"
		run "$CMACTL" --root "$BATS_TEST_TMPDIR/empty" --json --dmesg "$log" status
		if grep -qE 'cma: (Reserved|Failed)|CMA memory pool|alloc failed|[1-9][0-9]*K cma-reserved' "$log"; then
			[ "$(jqo .cma_enabled)" = true ]
		fi
		size=$(jqo '.effective.size_bytes // 0')
		want=$(jqo '.advice // ""' | sed -n 's/.*cmactl set \([0-9]*\)M.*/\1/p')
		if [ -n "$want" ]; then
			[ $((want * 1048576)) -gt "$size" ]
		fi
	done
}
