// SPDX-License-Identifier: GPL-2.0-or-later
/* U-Boot's environment through libubootenv (ubootenv.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "io/ubootenv.h"
#include "model/sbuf.h"

#ifdef HAVE_UBOOTENV
#include <libuboot.h>

bool ubootenv_built(void)
{
	return true;
}

/* A context on @config with the environment loaded. */
static struct uboot_ctx *env_open(const char *config, char *err, size_t errlen)
{
	struct uboot_ctx *ctx = NULL;
	int r;

	if (access(config, R_OK) < 0) {
		snprintf(err, errlen, "%s: %s", config, strerror(errno));
		return NULL;
	}
	if (libuboot_initialize(&ctx, NULL) < 0) {
		snprintf(err, errlen, "libubootenv: cannot initialize");
		return NULL;
	}
	if ((r = libuboot_read_config(ctx, config)) < 0) {
		snprintf(err, errlen, "%s: not a usable fw_env.config (libubootenv: %s)", config,
			 strerror(-r));
		libuboot_exit(ctx);
		return NULL;
	}
	if ((r = libuboot_open(ctx)) < 0) {
		/* no copy with a good CRC: writing would start from an empty environment */
		snprintf(err, errlen, "%s: the environment it names cannot be read, or no copy "
			 "has a valid CRC (libubootenv: %s); nothing to edit", config,
			 strerror(-r));
		libuboot_exit(ctx);
		return NULL;
	}
	return ctx;
}

static void env_close(struct uboot_ctx *ctx)
{
	libuboot_close(ctx);
	libuboot_exit(ctx);
}

int ubootenv_read(const char *config, char **text, size_t *len, char *err, size_t errlen)
{
	struct uboot_ctx *ctx = env_open(config, err, errlen);
	struct sbuf b = { 0 };
	void *e = NULL;

	if (!ctx)
		return -1;
	while ((e = libuboot_iterator(ctx, e))) {
		const char *n = libuboot_getname(e), *v = libuboot_getvalue(e);

		if (strchr(n, '\n') || strchr(n, '=') || strchr(v, '\n')) {
			snprintf(err, errlen, "%s: variable %.64s holds a newline; cmactl cannot "
				 "show it as a line, so it edits nothing here", config, n);
			env_close(ctx);
			free(b.p);
			return -1;
		}
		sbuf_str(&b, n);
		sbuf_str(&b, "=");
		sbuf_str(&b, v);
		sbuf_str(&b, "\n");
	}
	env_close(ctx);
	if (sbuf_finish(&b, text, len))
		return snprintf(err, errlen, "out of memory"), -1;
	return 0;
}

/* The value of @name in the "name=value" lines of @t, or NULL; @vlen set. */
static const char *value_of(const char *t, size_t len, const char *name, size_t nlen,
			    size_t *vlen)
{
	const char *end = t + len, *p = t;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;

		if ((size_t)(le - p) > nlen && !memcmp(p, name, nlen) && p[nlen] == '=') {
			*vlen = (size_t)(le - p - (ptrdiff_t)nlen - 1);
			return p + nlen + 1;
		}
		p = nl ? nl + 1 : end;
	}
	return NULL;
}

/* The old environment, saved O_EXCL as CONFIG.env.cmactl-bak[.N]. */
static int save_backup(const char *config, const char *old, size_t len, char *saved,
		       size_t savedlen, char *err, size_t errlen)
{
	int fd = -1;

	for (int i = 0; i < 1000 && fd < 0; i++) {
		if (i)
			snprintf(saved, savedlen, "%s.env.cmactl-bak.%d", config, i);
		else
			snprintf(saved, savedlen, "%s.env.cmactl-bak", config);
		fd = open(saved, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0 || write(fd, old, len) != (ssize_t)len || fsync(fd) < 0) {
		snprintf(err, errlen, "%s: cannot save the environment as it was: %s", saved,
			 strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(saved);
		}
		return -1;
	}
	close(fd);
	return 0;
}

int ubootenv_write(const char *config, const char *oldtext, size_t oldlen, const char *newtext,
		   size_t newlen, char *saved, size_t savedlen, char *err, size_t errlen)
{
	struct uboot_ctx *ctx;
	const char *p, *end;
	int r = 0;

	saved[0] = '\0';
	if (!(ctx = env_open(config, err, errlen)))
		return -1;
	if (save_backup(config, oldtext, oldlen, saved, savedlen, err, errlen)) {
		env_close(ctx);
		return -1;
	}
	/* set what changed or is new, then delete what is gone */
	for (int pass = 0; pass < 2 && !r; pass++) {
		const char *t = pass ? oldtext : newtext, *o = pass ? newtext : oldtext;
		size_t tl = pass ? oldlen : newlen, ol = pass ? newlen : oldlen;

		for (p = t, end = t + tl; p < end && !r;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;
			const char *eq = memchr(p, '=', (size_t)(le - p)), *ov;
			size_t ovl = 0;
			char *name, *val;

			if (eq) {
				ov = value_of(o, ol, p, (size_t)(eq - p), &ovl);
				if (pass ? !ov : !ov || ovl != (size_t)(le - eq - 1) ||
						 memcmp(ov, eq + 1, ovl)) {
					name = strndup(p, (size_t)(eq - p));
					val = pass ? NULL : strndup(eq + 1, (size_t)(le - eq - 1));
					r = !name || (!pass && !val) ? -ENOMEM :
						libuboot_set_env(ctx, name, val);
					free(name), free(val);
				}
			}
			p = nl ? nl + 1 : end;
		}
	}
	if (!r)
		r = libuboot_env_store(ctx);
	env_close(ctx);
	if (r < 0)
		snprintf(err, errlen, "%s: the environment could not be stored (libubootenv: %s); "
			 "the one before is in %s", config, strerror(r == -1 ? EIO : -r), saved);
	return r < 0 ? (r == -1 ? -EIO : r) : 0;
}

#else

bool ubootenv_built(void)
{
	return false;
}

static int no_lib(char *err, size_t errlen)
{
	snprintf(err, errlen, "this cmactl was built without libubootenv (WITH_UBOOTENV=0): "
		 "--via ubootenv is not available");
	return -1;
}

int ubootenv_read(const char *config, char **text, size_t *len, char *err, size_t errlen)
{
	return no_lib(err, errlen);
}

int ubootenv_write(const char *config, const char *oldtext, size_t oldlen, const char *newtext,
		   size_t newlen, char *saved, size_t savedlen, char *err, size_t errlen)
{
	saved[0] = '\0';
	return no_lib(err, errlen);
}
#endif
