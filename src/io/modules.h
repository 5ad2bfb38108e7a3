/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The only user of libkmod. libkmod opens /proc/modules and /sys/module by
 * absolute path, which would read the host under --root; so it is only
 * given <root>/lib/modules/<release> (kmod_new(), like modprobe --dirname),
 * and whether a module is loaded is read from <root>/proc/modules here.
 */
#ifndef CMACTL_IO_MODULES_H
#define CMACTL_IO_MODULES_H
#include <stddef.h>
#include "common.h"
#include "io/root.h"
#include "model/stress.h"

/**
 * heapmod_probe() - fill d->mod/mod_detail (libkmod: cma_heap built in,
 * a module, or neither) and d->loaded_known/loaded (<root>/proc/modules).
 * @release: the kernel release whose modules directory is read.
 */
void heapmod_probe(const struct cma_root *r, const char *release, struct heap_diag *d);

/**
 * heapmod_load() - insert cma_heap and its dependencies through libkmod
 * (kmod_module_probe_insert_module(), never by running modprobe). Only on
 * the running system. @err gets the reason on failure.
 * Return: 0 (inserted, or already loaded) or -errno.
 */
int heapmod_load(const struct cma_root *r, const char *release, char *err, size_t errlen);

#endif
