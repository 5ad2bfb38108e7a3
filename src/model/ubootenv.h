/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `cmactl set --via ubootenv`: cma= in U-Boot's environment, given as
 * "name=value" lines (io/ubootenv.c reads them through libubootenv).
 * Pure: buffers in, malloc'd buffers out.
 */
#ifndef CMACTL_MODEL_UBOOTENV_H
#define CMACTL_MODEL_UBOOTENV_H
#include <stddef.h>

/*
 * Where the edit goes. NXP's and Boundary Devices' U-Boot environments build
 * bootargs in a script variable (mmcargs=setenv bootargs ... cma=${cma}) so
 * that "setenv cma 256M" changes it: the variable cma is edited then. Else
 * bootargs itself, which U-Boot passes to the kernel (when no extlinux.conf
 * APPEND or boot script replaces it).
 */
struct ubootenv_where {
	char var[64];		/* "cma" or "bootargs"; "" when neither applies */
	char ref[64];		/* the variable holding "cma=${cma}", "" when none */
};

/**
 * ubootenv_edit() - @text with cma= set to @arg ("cma=256M", NULL to take it
 * out): the value of cma when a variable holds "cma=${cma}" (or "cma=$cma"),
 * else cma= in bootargs (cmdline_edit()). A variable line is added at the end
 * when there is none. @where: what was edited.
 * Return: 0, or -1 with @err set: no bootargs and no cma=${cma} (the command
 * line is built elsewhere), or unset of a cma=${cma} (an empty cma= would
 * ask the kernel for no area at all).
 */
int ubootenv_edit(const char *text, size_t len, const char *arg, char **out, size_t *outlen,
		  struct ubootenv_where *where, char *err, size_t errlen);

/**
 * ubootenv_cmdline() - the command line the environment gives the kernel as
 * far as cma= goes: the variable holding cma=${cma} with it expanded, else
 * bootargs; "" when neither. @out: a new buffer.
 * Return: 0, or -1 when out of memory.
 */
int ubootenv_cmdline(const char *text, size_t len, char **out);
#endif
