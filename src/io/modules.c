// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libkmod behind --root (see modules.h), plus the kernel config's heap lines
 * read through zlib (which passes plain text through unchanged).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <zlib.h>
#include "model/lines.h"
#include "log.h"
#include "io/modules.h"

#ifndef CMACTL_NO_KMOD
#include <dlfcn.h>
#include <libkmod.h>
#endif

#define HEAP_MODULE "cma_heap"
#define CONFIG_MAX (16u << 20)

#ifndef CMACTL_NO_KMOD
/*
 * libkmod is opened when stress first needs it, not linked: it pulls in
 * libcrypto, libzstd and liblzma, whose loading (with -z now) was most of
 * the start-up time of every command (BENCHMARKS.md), and only stress asks
 * libkmod anything. The headers still type every call; systemd loads its
 * optional libraries, libkmod among them, the same way.
 */
#define LIBKMOD_SONAME "libkmod.so.2"
#define KMOD_CALLS(X) X(kmod_new) X(kmod_set_log_fn) X(kmod_unref) \
	X(kmod_module_new_from_lookup) X(kmod_module_new_from_name) \
	X(kmod_module_get_module) X(kmod_module_get_path) X(kmod_module_get_initstate) \
	X(kmod_module_probe_insert_module) X(kmod_module_unref) X(kmod_module_unref_list)

#define KMOD_POINTER(fn) __typeof__(fn) *(fn);
static struct {
	void *handle;
	KMOD_CALLS(KMOD_POINTER)
} kmod;

/* Return: 0, or -1 with @why saying what is missing. */
static int kmod_open(char *why, size_t whylen)
{
	void *h;

	if (kmod.handle)
		return 0;
	h = dlopen(LIBKMOD_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(why, whylen, "libkmod could not be loaded (%s)", dlerror());
		return -1;
	}
#define KMOD_RESOLVE(fn) \
	if (!(*(void **)&kmod.fn = dlsym(h, #fn))) { \
		snprintf(why, whylen, "%s has no %s", LIBKMOD_SONAME, #fn); \
		dlclose(h); \
		return -1; \
	}
	KMOD_CALLS(KMOD_RESOLVE)
#undef KMOD_RESOLVE
	kmod.handle = h;
	return 0;
}

/* libkmod's messages go to -v output, not to the user's stderr. */
static void kmod_log(void *data, int prio, const char *file, int line, const char *fn,
		     const char *fmt, va_list args)
{
	char msg[512];

	if (!log_verbose)
		return;
	vsnprintf(msg, sizeof(msg), fmt, args);
	msg[strcspn(msg, "\n")] = '\0';
	log_info("libkmod: %s", msg);
}

/* A context on <root>/lib/modules/<release> with no modprobe.d configuration of the host. */
static struct kmod_ctx *ctx_new(const struct cma_root *r, const char *release, char *dir,
				size_t dirlen, bool host_config)
{
	static const char *const no_config[] = { NULL };
	struct kmod_ctx *ctx;
	char rel[160];

	snprintf(rel, sizeof(rel), "lib/modules/%s", release);
	root_describe(r, rel, dir, dirlen);
	ctx = kmod.kmod_new(dir, host_config ? NULL : no_config);
	if (ctx)
		kmod.kmod_set_log_fn(ctx, kmod_log, NULL);
	return ctx;
}

static void probe_kmod(const struct cma_root *r, const char *release, struct heap_diag *d)
{
	struct kmod_list *list = NULL;
	struct kmod_module *mod;
	struct kmod_ctx *ctx;
	const char *path;
	char dir[160];
	int err;
	DIR *md;

	snprintf(dir, sizeof(dir), "lib/modules/%s", release);
	if (!(md = root_opendir(r, dir))) {
		root_describe(r, dir, d->mod_detail, sizeof(d->mod_detail));
		strncat(d->mod_detail, " does not exist", sizeof(d->mod_detail) -
			strlen(d->mod_detail) - 1);
		return;
	}
	closedir(md);
	if (kmod_open(d->mod_detail, sizeof(d->mod_detail)))
		return;
	ctx = ctx_new(r, release, dir, sizeof(dir), false);
	if (!ctx) {
		snprintf(d->mod_detail, sizeof(d->mod_detail), "kmod_new(%s) failed", dir);
		return;
	}
	err = kmod.kmod_module_new_from_lookup(ctx, HEAP_MODULE, &list);
	if (err < 0 || !list) {
		d->mod = err < 0 ? HEAPMOD_UNKNOWN : HEAPMOD_NONE;
		snprintf(d->mod_detail, sizeof(d->mod_detail), "%s%s%s", dir,
			 err < 0 ? ": " : "", err < 0 ? strerror(-err) : "");
		goto out;
	}
	mod = kmod.kmod_module_get_module(list);
	path = kmod.kmod_module_get_path(mod);
	if (path) {
		d->mod = HEAPMOD_MODULE;
		str_copy(d->mod_detail, sizeof(d->mod_detail), path);
	} else if (kmod.kmod_module_get_initstate(mod) == KMOD_MODULE_BUILTIN) {
		/* libkmod answers "builtin" from modules.builtin.bin before it would look
		 * at /sys/module, so this does not read the host under --root. */
		d->mod = HEAPMOD_BUILTIN;
		str_copy(d->mod_detail, sizeof(d->mod_detail), dir);
	} else {
		snprintf(d->mod_detail, sizeof(d->mod_detail), "%s: found, but neither a file "
			 "nor in modules.builtin", dir);
	}
	kmod.kmod_module_unref(mod);
	kmod.kmod_module_unref_list(list);
out:
	kmod.kmod_unref(ctx);
}

/* cma_heap and its dependencies through libkmod (never by running modprobe). */
static int insert_kmod(const struct cma_root *r, const char *release, char *err, size_t errlen)
{
	struct kmod_module *mod = NULL;
	struct kmod_ctx *ctx;
	char dir[160];
	int ret;

	if (kmod_open(err, errlen))
		return -ELIBACC;
	ctx = ctx_new(r, release, dir, sizeof(dir), true);
	if (!ctx) {
		snprintf(err, errlen, "kmod_new(%s) failed", dir);
		return -ENOMEM;
	}
	ret = kmod.kmod_module_new_from_name(ctx, HEAP_MODULE, &mod);
	if (ret == 0)
		ret = kmod.kmod_module_probe_insert_module(mod, 0, NULL, NULL, NULL, NULL);
	if (ret > 0)	/* a positive value: blacklisted or a modprobe.d command refused */
		ret = -EPERM;
	if (ret < 0)
		snprintf(err, errlen, "inserting %s from %s: %s", HEAP_MODULE, dir,
			 strerror(-ret));
	kmod.kmod_module_unref(mod);
	kmod.kmod_unref(ctx);
	return ret;
}
#else
/*
 * WITH_KMOD=0 (static builds: Buildroot forbids kmod with static libraries, Debian
 * ships no libkmod.a): no dlopen() at all; stress says what it could not ask.
 */
#define NO_KMOD_WHY "cmactl was built without libkmod (WITH_KMOD=0)"

static void probe_kmod(const struct cma_root *r, const char *release, struct heap_diag *d)
{
	(void)r, (void)release;
	str_copy(d->mod_detail, sizeof(d->mod_detail), NO_KMOD_WHY);
}
#endif

void heapmod_probe(const struct cma_root *r, const char *release, struct heap_diag *d)
{
	char *buf, state[32];
	size_t len;

	d->mod = HEAPMOD_UNKNOWN;
	if (!*release)
		str_copy(d->mod_detail, sizeof(d->mod_detail), "the kernel release is unknown "
			 "(no proc/sys/kernel/osrelease)");
	else
		probe_kmod(r, release, d);
	if (root_read(r, "proc/modules", 1u << 22, &buf, &len) < 0)
		return;
	d->loaded_known = true;
	d->loaded = proc_modules_find(buf, len, HEAP_MODULE, state, sizeof(state));
	free(buf);
}

int heapmod_load(const struct cma_root *r, const char *release, char *err, size_t errlen)
{
	if (!r->live) {
		snprintf(err, errlen, "--load-module works only on the running system, not "
			 "under --root %s", r->path);
		return -EPERM;
	}
#ifdef CMACTL_NO_KMOD
	snprintf(err, errlen, "%s", NO_KMOD_WHY);
	return -ENOTSUP;
#else
	return insert_kmod(r, release, err, errlen);
#endif
}
