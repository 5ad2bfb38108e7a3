/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading what a target system's files say about the kernel it will boot
 * (model/target.h): the bootloader's kernel line, the kernel images and
 * modules directories, and that kernel's config, all under --root.
 */
#ifndef CMACTL_IO_TARGET_H
#define CMACTL_IO_TARGET_H
#include <stdbool.h>
#include "io/inputs.h"
#include "io/root.h"
#include "model/target.h"

/**
 * target_named_is_system() - is the file @named (a path from the cwd, on
 * the live system) one of this system's boot files: under /boot or /etc
 * once resolved? A copy elsewhere (an SD card mounted under /media, a file
 * in the home directory) is another system's.
 */
bool target_named_is_system(const char *named);

/**
 * target_gather() - fill @t for the files edited under @r. @foreign: the
 * files are not the running system's, though @r is the live root (then no
 * file of @r speaks for the target: only --kernel-version does). Under a
 * --root DIR, the root's boot files name the kernel (@label: the extlinux
 * label edited, NULL for the default) and its config is read next to it;
 * --config, when given, is the config. On the running system, nothing is
 * replaced (@t->replace false).
 */
void target_gather(const struct cma_root *r, const struct global_opts *g,
		   const struct cma_sources *now, bool foreign, const char *label,
		   struct target_facts *t);
#endif
