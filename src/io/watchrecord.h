/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading a `watch --record` file back into the watch model (recommend --from). */
#ifndef CMACTL_IO_WATCHRECORD_H
#define CMACTL_IO_WATCHRECORD_H
#include <stddef.h>
#include "model/watch.h"

/**
 * watch_record_replay() - feed every sample and failure of the NDJSON file
 * @path (relative to the cwd, "-" for stdin) into @w, initialised here with
 * the record's page size. Lines of other types are skipped; a line that is
 * not a JSON object, or a field of the wrong type, is an error.
 * Return: 0, or -1 with @err set ("FILE:LINE: what").
 */
int watch_record_replay(const char *path, struct watch_state *w, char *err, size_t errlen);
#endif
