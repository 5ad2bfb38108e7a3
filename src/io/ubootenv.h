/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * U-Boot's environment for `cmactl set --via ubootenv`, through libubootenv
 * (Debian's libubootenv-dev): the devices, offsets, sizes and redundancy
 * come from an fw_env.config, the format and CRC from the library. The
 * environment is shown to the model as text, one "name=value" per line.
 * A build without the library (WITH_UBOOTENV=0) says so.
 */
#ifndef CMACTL_IO_UBOOTENV_H
#define CMACTL_IO_UBOOTENV_H
#include <stdbool.h>
#include <stddef.h>

/** ubootenv_built() - was cmactl built with libubootenv? */
bool ubootenv_built(void);

/**
 * ubootenv_read() - the environment that @config (an fw_env.config) names,
 * as "name=value\n" lines in the library's order.
 * Return: 0, or -1 with @err set (no library, unreadable config or device,
 * no valid copy: libubootenv found no good CRC, a value holding a newline).
 */
int ubootenv_read(const char *config, char **text, size_t *len, char *err, size_t errlen);

/**
 * ubootenv_write() - make the environment hold @newtext's variables: the
 * ones whose value differs from @oldtext's are set, the ones gone from it
 * deleted, and libubootenv stores the result (the inactive copy first when
 * the config names two, then the flag). First the old environment is saved
 * beside @config as CONFIG.env.cmactl-bak (then .1, .2, ...: an older backup
 * is never replaced), in the "name=value" form `fw_setenv -s` reads.
 * @saved: that backup's path.
 * Return: 0, or -errno-like -1 with @err set (nothing stored).
 */
int ubootenv_write(const char *config, const char *oldtext, size_t oldlen, const char *newtext,
		   size_t newlen, char *saved, size_t savedlen, char *err, size_t errlen);
#endif
