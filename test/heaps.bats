#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Issue 10, heaps in `status`: heap -> area -> layer, each /dev/dma_heap node's owner,
# group and mode, the udev rule when the CMA heap is root-only. The trees are real
# boots with their heap listings as plain files (fixtures/heaps/README.md); names
# come from those listings and the DTB (fdtget), owners and modes from stat(1).
load test_helper

# heaps_root FIXTURE OVERLAY MODE: the tree with fixtures/heaps/OVERLAY on top, every
# node chmod MODE. Prints the root.
heaps_root() {
	local root
	root=$(fixture_root "$1")
	cp -r "$FIXTURES/heaps/$2/." "$root"
	chmod "$3" "$root"/dev/dma_heap/*
	echo "$root"
}

# default_dt_node ROOT: the /reserved-memory child with linux,cma-default, by fdtget.
default_dt_node() {
	local fdt=$1/sys/firmware/fdt n
	for n in $(fdtget -l "$fdt" /reserved-memory); do
		if fdtget -p "$fdt" "/reserved-memory/$n" | grep -qx linux,cma-default; then
			echo "$n"
		fi
	done
}

@test "7.2 (lab72-o): default_cma_region and its twin are one area, sized by the DT node" {
	root=$(heaps_root lab72-o-dt-default96M-plus-mycma32M lab72-o 600)
	def=$(default_dt_node "$root")
	[ "$def" = linux,cma ]
	status_json "$root"
	jqh() { jq -r ".dma_heap.heaps[] | select(.name == \"$1\") | $2" <<<"$output"; }
	[ "$(jq -r .dma_heap.listed <<<"$output")" = true ]
	# every listed node is in the report, and present
	for h in $(ls "$root/dev/dma_heap"); do [ "$(jqh "$h" .present)" = true ]; done
	[ "$(jq '[.dma_heap.heaps[] | select(.present)] | length' <<<"$output")" -eq \
	  "$(ls "$root/dev/dma_heap" | wc -l)" ]
	# heap -> area -> layer
	[ "$(jqh default_cma_region .area)" = "$def" ]
	[ "$(jqh "$def" .area)" = "$def" ]
	[ "$(jqh default_cma_region .twin)" = "$def" ]
	[ "$(jqh "$def" .twin)" = default_cma_region ]
	[ "$(jqh default_cma_region .layer)" = devicetree ]
	[ "$(jqh mycma .area)" = mycma ]
	[ "$(jqh mycma .role)" = region ]
	[ "$(jqh system .area)" = null ]
	[ "$(jqh default_cma_region .stress_default)" = true ]
	[ "$(jq '[.dma_heap.heaps[] | select(.stress_default)] | length' <<<"$output")" -eq 1 ]
	run "$CMACTL" --root "$root" status
	[[ $output == *"default_cma_region and $def are one area ($def)"* ]]
	grep -Eq "^ \*default_cma_region +$def +devicetree +file 0600 " <<<"$output"
}

@test "node owner, group and mode are the file's (stat), and root-only only when root owns a 0600 node" {
	root=$(heaps_root lab-c-dt-size96M lab-c 600)
	status_json "$root"
	for h in $(ls "$root/dev/dma_heap"); do
		node=$root/dev/dma_heap/$h
		[ "$(jq -r ".dma_heap.heaps[] | select(.name == \"$h\") | .node | \"\(.uid):\(.gid) \(.mode) \(.type)\"" <<<"$output")" = \
		  "$(stat -c '%u:%g %04a' "$node") file" ]
	done
	if [ "$(stat -c %u "$root/dev/dma_heap/linux,cma")" -eq 0 ]; then
		[ "$(jq -r '.dma_heap.heaps[] | select(.name == "linux,cma") | .node.root_only' <<<"$output")" = true ]
		[ "$(jq -r .dma_heap.udev_rule <<<"$output")" = \
		  'SUBSYSTEM=="dma_heap", KERNEL=="linux,cma", GROUP="video", MODE="0660"' ]
		run "$CMACTL" --root "$root" status
		[[ $output == *"Only root can open the CMA heap"* ]]
		[[ $output == *'SUBSYSTEM=="dma_heap", KERNEL=="linux,cma", GROUP="video", MODE="0660"'* ]]
	else
		[ "$(jq -r '.dma_heap.heaps[] | select(.name == "linux,cma") | .node.root_only' <<<"$output")" = false ]
	fi
	# a group that may read and write (what the udev rule makes): not root-only, no rule
	chmod 660 "$root"/dev/dma_heap/*
	status_json "$root"
	[ "$(jq -r '.dma_heap.heaps[] | select(.name == "linux,cma") | .node.mode' <<<"$output")" = 0660 ]
	[ "$(jq -r '.dma_heap.heaps[] | select(.name == "linux,cma") | .node.root_only' <<<"$output")" = false ]
	[ "$(jq -r .dma_heap.udev_rule <<<"$output")" = null ]
	run "$CMACTL" --root "$root" status
	[[ $output != *"Only root can open"* ]]
}

@test "no dev/dma_heap: not listed, the heaps the rule expects are marked so, nothing invented" {
	root=$(fixture_root lab72-o-dt-default96M-plus-mycma32M)
	[ ! -e "$root/dev/dma_heap" ]
	status_json "$root"
	[ "$(jq -r .dma_heap.listed <<<"$output")" = false ]
	[ "$(jq '[.dma_heap.heaps[] | select(.present or .node != null)] | length' <<<"$output")" -eq 0 ]
	# what the kernel made on that boot (fixtures/heaps/lab72-o) is what the rule expects
	[ "$(jq -r '[.dma_heap.heaps[] | select(.expected) | .name] | sort | join(" ")' <<<"$output")" = \
	  "$(ls "$FIXTURES/heaps/lab72-o/dev/dma_heap" | grep -vx system | sort | tr '\n' ' ' | sed 's/ $//')" ]
	run "$CMACTL" --root "$root" status
	[[ $output == *"/dev/dma_heap could not be listed; the rule expects these:"* ]]
}

@test "text and JSON list the same heaps (every fixture with a heap overlay)" {
	for pair in lab72-o-dt-default96M-plus-mycma32M:lab72-o lab-c-dt-size96M:lab-c; do
		root=$(heaps_root "${pair%%:*}" "${pair#*:}" 600)
		status_json "$root"
		json=$(jq -r '.dma_heap.heaps[].name' <<<"$output" | sort)
		run "$CMACTL" --root "$root" status
		text=$(sed -n '/^  HEAP /,/^  \*/p' <<<"$output" | sed '1d;$d' | awk '{ sub(/^\*/, "", $1); print $1 }' | sort)
		[ -n "$json" ]
		[ "$text" = "$json" ]
	done
}
