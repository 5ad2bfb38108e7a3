/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UTF-8 checks for printers whose formats require valid UTF-8 (JSON, Prometheus labels). */
#ifndef CMACTL_REPORT_UTF8_H
#define CMACTL_REPORT_UTF8_H
#include <stddef.h>

/**
 * utf8_seq() - length of the valid UTF-8 sequence at @p (at most @n bytes,
 * @n > 0): 1 to 4, or 0 when the bytes there are not valid UTF-8 (overlong
 * forms, surrogates and values past U+10FFFF included).
 */
size_t utf8_seq(const unsigned char *p, size_t n);
#endif
