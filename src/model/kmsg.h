/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One /dev/kmsg record, "PRI,SEQ,USEC,FLAGS[,MORE];MESSAGE" (the 3.5+ format,
 * Documentation/ABI/testing/dev-kmsg), parsed from a buffer. Used by the
 * log summary (model/klog.c), by stress's log lines and by watch's follower.
 * Pure: no I/O.
 */
#ifndef CMACTL_MODEL_KMSG_H
#define CMACTL_MODEL_KMSG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kmsg_record {
	uint64_t prio;		/* syslog facility * 8 + level */
	uint64_t seq;		/* sequence number: a gap means records were lost */
	uint64_t usec;		/* CLOCK_MONOTONIC microseconds at printk time */
	const char *msg;	/* the message, up to the first '\n' (points into the record) */
	size_t msg_len;
};

/**
 * kmsg_parse() - split one record (or one line of it) into its fields.
 * @rec: the record, not necessarily NUL-terminated; a read() of /dev/kmsg
 *       returns one record, its dictionary lines (" KEY=value") after a '\n'.
 * Return: false when @rec is not a record's first line (a dictionary line,
 * plain text): the caller then treats it as text.
 */
bool kmsg_parse(const char *rec, size_t len, struct kmsg_record *out);

/**
 * kmsg_format_dmesg() - the record as dmesg prints it, "[%5u.%06u] MESSAGE",
 * cut to @outlen.
 */
void kmsg_format_dmesg(const struct kmsg_record *r, char *out, size_t outlen);
#endif
