/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Raspberry Pi config.txt as far as CMA goes: the dtoverlay=/dtparam= lines
 * whose parameters the firmware writes into the DTB's linux,cma node before
 * the kernel starts. Pure: a buffer in.
 */
#ifndef CMACTL_MODEL_RPICONFIG_H
#define CMACTL_MODEL_RPICONFIG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The CMA parameter that counts: the last one given. */
struct rpi_cma {
	bool found;
	bool is_default;	/* cma-default: the overlay drops the size (the kernel's default) */
	uint64_t size;		/* bytes, when not is_default */
	size_t line;		/* 1-based line of config.txt */
	char param[48];		/* "cma-512", "cma-size=0x10000000" */
	char text[160];		/* the line as written */
};

/**
 * rpi_config_cma() - the CMA parameter config.txt gives: cma-512, -448, -384,
 * -320, -256, -192, -128, -96, -64 (MiB), cma-size=BYTES or cma-default, on
 * a dtoverlay= line of the vc4-kms-v3d, vc4-fkms-v3d or cma overlay, or on
 * a dtparam= line while one of those is the overlay last loaded (the
 * Raspberry Pi overlay README: parameters after an overlay apply to it).
 * Conditional sections ([pi4], [cm4], ...) are not told apart: every line
 * counts. @out->found false when none.
 */
void rpi_config_cma(const char *text, size_t len, struct rpi_cma *out);
#endif
