# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by setup.sh and run.sh: one lab run at a time per cache.  Two runs at once
# corrupt each other (same work/, results/, initramfs, kernel build directories: seen in
# the lab), so each takes an exclusive flock(1) on $CACHE/.lock for its whole life and a
# second one waits (CMACTL_VM_LOCK_WAIT seconds, default 2 h) instead of writing.
# Children (kconfigkernel.sh, modkernel.sh, stock-kernels.sh) run under the parent's
# lock: the fd is inherited and CMACTL_VM_LOCKED says it is held.  The lock goes away
# with the process (also on kill -9), so a crashed run leaves nothing to clean up.

# cache_lock WHO: take the lock (or return at once if a parent holds it).
cache_lock() {
	[ "${CMACTL_VM_LOCKED:-}" = "$CACHE" ] && return 0
	mkdir -p "$CACHE"
	exec 9>>"$CACHE/.lock"
	if ! flock -n 9; then
		printf '%s: waiting for the lab run holding %s (%s)\n' "$1" "$CACHE/.lock" \
			"$(cat "$CACHE/.lock.owner" 2>/dev/null || echo 'owner unknown')" >&2
		if ! flock -w "${CMACTL_VM_LOCK_WAIT:-7200}" 9; then
			printf '%s: gave up waiting for %s\n' "$1" "$CACHE/.lock" >&2
			exit 1
		fi
	fi
	printf 'pid %s, %s, since %s\n' "$$" "$1" "$(date -u +%FT%TZ)" >"$CACHE/.lock.owner"
	export CMACTL_VM_LOCKED=$CACHE
}
