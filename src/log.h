/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Messages to stderr, prefixed with the program name. Never exits. */
#ifndef CMACTL_LOG_H
#define CMACTL_LOG_H
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int log_verbose;
#endif
