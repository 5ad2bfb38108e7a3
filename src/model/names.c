// SPDX-License-Identifier: GPL-2.0-or-later
/* Stable names of the model's enums: these are JSON values scripts rely on. */
#include "model/cma.h"

const char *cma_source_name(enum cma_source s)
{
	switch (s) {
	case SRC_KCONFIG: return "kconfig";
	case SRC_CMDLINE: return "cmdline";
	case SRC_DEVICETREE: return "devicetree";
	case SRC_NONE: return "none";
	default: return "unknown";
	}
}

const char *cma_layer_name(enum cma_layer l)
{
	switch (l) {
	case LAYER_KCONFIG: return "kconfig";
	case LAYER_CMDLINE: return "cmdline";
	default: return "devicetree";
	}
}

const char *fact_strength_name(enum fact_strength s)
{
	switch (s) {
	case FS_KERNEL: return "kernel";
	case FS_LOG: return "log";
	case FS_ASKS: return "request";
	default: return NULL;
	}
}

const char *fact_strength_label(enum fact_strength s)
{
	switch (s) {
	case FS_KERNEL: return "kernel's own";
	case FS_LOG: return "log line";
	case FS_ASKS: return "request only";
	default: return "none";
	}
}

const char *layer_state_name(enum layer_state s)
{
	switch (s) {
	case LS_EFFECTIVE: return "effective";
	case LS_SHADOWED: return "shadowed";
	case LS_FAILED: return "failed";
	case LS_UNKNOWN: return "unknown";
	default: return "absent";
	}
}
