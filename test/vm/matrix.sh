#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The kernel x configuration table of test/vm/README.md, from the TAP lines of a run
# (run.sh writes them to $CACHE/run.tap):
#
#   matrix.sh [RUN.TAP]   -> markdown on stdout
#
# A cell is "kernel P/N · cmactl P/N": how many of that boot's kernel-side checks (what
# the kernel itself said: CmaTotal, its log lines, sysfs) and cmactl-side checks
# (cmactl's answer held against those) passed; "–" = not booted. Failed checks are
# listed below the table.
set -euo pipefail

CACHE=${CMACTL_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cmactl/vm}
tap=${1:-$CACHE/run.tap}
[ -f "$tap" ] || { echo "matrix.sh: no $tap (run make check-vm first)" >&2; exit 1; }

awk '
	# column of a boot name prefix, and its title
	BEGIN {
		ncol = split("k510 stock lab k612 k72 lab72 armhf1g armhf3g", col, " ")
		title["k510"] = "5.10 stock"; title["stock"] = "6.1 stock"; title["lab"] = "6.1 lab"
		title["k612"] = "6.12 stock"; title["k72"] = "7.2 stock"; title["lab72"] = "7.2 lab"
		title["armhf1g"] = "armhf 6.1 1 GiB"; title["armhf3g"] = "armhf 6.1 3 GiB"
	}
	/^(not )?ok [0-9]+ - / {
		pass = ($1 == "ok")
		line = $0; sub(/^(not )?ok [0-9]+ - /, "", line)
		if (line ~ / # SKIP/) next
		name = line; sub(/: .*/, "", name)
		check = line; sub(/^[^:]*: /, "", check)
		key = name; sub(/-.*/, "", key); row = name; sub(/^[^-]*-/, "", row)
		if (key == "rt") { # rt-stock-X, rt-lab-X -> row rt-X; rt-uboot(env|menu)-X (lab kernel) stays
			key = row; sub(/-.*/, "", key); row = name
			if (key ~ /^uboot(env|menu)?$/) key = "lab"
			else sub("^rt-" key "-", "rt-", row)
		}
		if (!(key in title)) next
		side = (check ~ /^(kernel|boots and powers off|no DONE marker|\/proc\/cmdline)/) ? "k" : "c"
		if (!((row) in seen)) { seen[row] = 1; rows[++nrow] = row }
		n[row, key, side]++
		if (pass) p[row, key, side]++
		else fails[++nfail] = "`" name "`: " check
		used[key] = 1
	}
	END {
		printf "| configuration |"
		for (i = 1; i <= ncol; i++) if (col[i] in used) printf " %s |", title[col[i]]
		printf "\n|---|"
		for (i = 1; i <= ncol; i++) if (col[i] in used) printf "---|"
		printf "\n"
		for (r = 1; r <= nrow; r++) {
			printf "| %s |", rows[r]
			for (i = 1; i <= ncol; i++) {
				c = col[i]
				if (!(c in used)) continue
				if (!(n[rows[r], c, "k"] + n[rows[r], c, "c"])) { printf " – |"; continue }
				printf " kernel %d/%d · cmactl %d/%d |", p[rows[r], c, "k"], n[rows[r], c, "k"],
					p[rows[r], c, "c"], n[rows[r], c, "c"]
			}
			printf "\n"
		}
		if (nfail) {
			printf "\nFailed checks (%d):\n\n", nfail
			for (i = 1; i <= nfail; i++) printf "- %s\n", fails[i]
		}
	}' "$tap"
