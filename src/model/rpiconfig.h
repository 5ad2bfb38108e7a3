/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Raspberry Pi config.txt as far as CMA goes: the dtoverlay=/dtparam= lines
 * whose parameters the firmware writes into the DTB's linux,cma node before
 * the kernel starts, the conditional sections ([pi4], [all], ...) they sit
 * in, and the edit of `cmactl set --via overlay`. Pure: a buffer in, a
 * malloc'd buffer out.
 */
#ifndef CMACTL_MODEL_RPICONFIG_H
#define CMACTL_MODEL_RPICONFIG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Does a line's conditional section apply on the board? */
enum rpi_applies { RPI_APPLIES = 0, RPI_MAYBE, RPI_NOT };

/* The CMA parameter that counts: the last one given that applies or may apply. */
struct rpi_cma {
	bool found;
	bool is_default;	/* cma-default: the overlay drops the size (the kernel's default) */
	uint64_t size;		/* bytes, when not is_default */
	size_t line;		/* 1-based line of config.txt */
	char param[48];		/* "cma-512", "cma-size=0x10000000" */
	char text[160];		/* the line as written */
	size_t off, plen;	/* the parameter's bytes in the text */
	int overlay;		/* the overlay it is for: index into rpi_overlay_name() */
	enum rpi_applies applies;	/* RPI_MAYBE: its section may not apply on the board */
	char section[64];	/* the filters in force at that line ("[pi4]"), "" for none */
	/* the last dtoverlay= line of a CMA overlay that applies or may apply */
	bool ovl_found;
	int ovl;		/* its overlay */
	size_t ovl_line, ovl_end;	/* its line, and the offset where its text ends */
	enum rpi_applies ovl_applies;
	bool end_filtered;	/* a filter is in force at the end of the file (no [all] after it) */
};

/**
 * rpi_overlay_name() - "vc4-kms-v3d", "vc4-fkms-v3d" or "cma" for @i (a
 * struct rpi_cma overlay index); "" when out of range.
 */
const char *rpi_overlay_name(int i);

/**
 * rpi_board_filters() - the model filters of config.txt that apply on the
 * board whose root compatible is @compatible ("raspberrypi,4-model-b":
 * "pi4"), blank-separated; NULL when the board is not one whose filters
 * are known for sure (then a model filter "may apply").
 */
const char *rpi_board_filters(const char *compatible);

/**
 * rpi_config_cma() - the CMA parameter config.txt gives: cma-512, -448, -384,
 * -320, -256, -192, -128, -96, -64 (MiB), cma-size=BYTES or cma-default, on
 * a dtoverlay= line of the vc4-kms-v3d, vc4-fkms-v3d or cma overlay, or on
 * a dtparam= line while one of those is the overlay last loaded (the
 * Raspberry Pi overlay README: parameters after an overlay apply to it).
 * Lines in a section whose filters do not apply on the board (@board: its
 * root compatible, NULL when unknown) do not count; a section that may
 * apply (a model filter on an unknown board, a filter other than a model
 * one) counts, marked RPI_MAYBE. @out->found false when none.
 */
void rpi_config_cma(const char *text, size_t len, const char *board, struct rpi_cma *out);

/* Where the firmware finds the DTB: os_prefix= and device_tree= (the last of each that counts). */
struct rpi_dtb {
	char os_prefix[256];	/* "" when none */
	size_t prefix_line;
	char device_tree[256];	/* "" when none */
	size_t dt_line;
	bool maybe;		/* one of them is under a filter that may not match the board */
};

/**
 * rpi_config_dtb() - the os_prefix= and device_tree= of config.txt, with
 * the conditional sections of rpi_config_cma(). The Raspberry Pi
 * config.txt documentation: os_prefix is put before the names of the
 * files the firmware loads (kernel, initramfs, cmdline.txt, .dtbs,
 * overlays) as written: a directory with its trailing '/', or the start
 * of the names ("test-"); device_tree names the DTB to load instead of the
 * board's default.
 */
void rpi_config_dtb(const char *text, size_t len, const char *board, struct rpi_dtb *out);

#define RPI_MAX_NOTES 4

/* What an edit did beyond the asked change, for the user. */
struct rpi_notes {
	int n;
	char note[RPI_MAX_NOTES][240];
};

/**
 * rpi_config_accepts() - is @text a config.txt at all: no NUL byte, no
 * control character, no line over 4096 bytes, every line blank, a comment,
 * a [filter] or NAME=VALUE / NAME VALUE? Return: 0, or -1 with @err saying
 * which line is not.
 */
int rpi_config_accepts(const char *text, size_t len, char *err, size_t errlen);

/**
 * rpi_config_edit() - config.txt with its CMA parameter set to @size, or
 * (@remove) taken out. Set: the parameter that counts is replaced; else the
 * last CMA overlay line gets one; else "dtoverlay=cma,cma-size=BYTES" is
 * added at the end (after an [all] when a filter is in force there). The
 * vc4 overlays take cma-NNN, the nearest at or above @size (more than 512
 * MiB is refused); the cma overlay takes cma-size, rounded up to 4 MiB.
 * Remove: every CMA parameter that applies or may apply leaves its line; a
 * dtparam= line left empty and every line loading the cma overlay (it does
 * nothing else) go; the vc4 overlays stay (the display driver).
 * @out: NULL (and 0) when nothing changes.
 * Return: 0, or -1 with @err set.
 */
int rpi_config_edit(const char *text, size_t len, const char *board, uint64_t size, bool remove,
		    char **out, size_t *outlen, struct rpi_notes *notes, char *err, size_t errlen);
#endif
