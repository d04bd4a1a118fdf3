/*
 * procfs.c - /proc/PID/maps and /proc/PID/stat, parsed into plain data.
 *
 * A maps line is one VMA, as fs/proc/task_mmu.c (show_map_vma) prints it:
 *
 *   7ffff7fc3000-7ffff7fc7000 r--p 00000000 00:00 0          [vvar]
 *   `--- start --'`-- end ---' |    `offset' `dev' inode     path
 *                              perms: r w x, then p(rivate) or s(hared)
 *
 * The numbers are hex without "0x", except the inode (decimal). The path
 * is everything after the padding: it may contain spaces and end in
 * " (deleted)". From the permissions we rebuild the vm_flags the kernel
 * had when it printed them (see maps_vm_flags below).
 *
 * Nothing here knows the architecture: entries at or above TASK_SIZE (the
 * x86_64 [vsyscall] page) are kept, and run.c filters them.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "trace/fail.h"
#include "trace/i18n.h"
#include "scenario-int.h"		/* scen_lex_hexval */
#include "kernel/vm.h"
#include "trace/readcap.h"

/*
 * The caps of the files read here. The largest process a default
 * vm.max_map_count allows has 65530 mappings of a few hundred bytes at
 * most; a stat file is one line of a few hundred bytes.
 */
#define PROCFS_MAPS_MAX_BYTES	(32 * READCAP_MIB)
#define PROCFS_MAPS_MAX_LINE	(64 * 1024)
#define PROCFS_STAT_MAX_BYTES	(1 * READCAP_MIB)

#define MAPS_MAX_HEX	16	/* digits in a 64-bit number */
#define MAPS_MAX_DEV	8	/* digits in a device major or minor */

static int
procfs_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Reads 1..maxdigits hex digits at *pp into *out and advances *pp.
 * Returns 0, -1 when there is no digit, -2 when there are too many.
 */
static int
procfs_hex(const char **pp, int maxdigits, unsigned long long *out)
{
	const char *p = *pp;
	unsigned long long v = 0;
	int n = 0, d;

	while ((d = scen_lex_hexval(*p)) >= 0) {
		if (++n > maxdigits)
			return -2;
		v = v << 4 | (unsigned)d;
		p++;
	}
	if (n == 0)
		return -1;
	*pp = p;
	*out = v;
	return 0;
}

/* A hex field that must fit an unsigned long; `what` names it in errors. */
static int
procfs_hex_field(const char **pp, const char *what, unsigned long *out,
    char *err, size_t errlen)
{
	unsigned long long v;

	switch (procfs_hex(pp, MAPS_MAX_HEX, &v)) {
	case -1:
		return engine_fail(err, errlen, "expected a hex %s", _(what));
	case -2:
		return engine_fail(err, errlen,
		    "the %s is out of range (more than 16 hex digits)",
		    _(what));
	}
	if (v > ULONG_MAX)
		return engine_fail(err, errlen, "the %s is out of range",
		    _(what));
	*out = (unsigned long)v;
	return 0;
}

/* Skips the blanks after a field; at least one is required. */
static int
procfs_sep(const char **pp, const char *after, char *err, size_t errlen)
{
	const char *p = *pp;

	if (!procfs_is_blank(*p))
		return engine_fail(err, errlen, "expected a space after the %s",
		    _(after));
	while (procfs_is_blank(*p))
		p++;
	*pp = p;
	return 0;
}

static int
procfs_range(const char **pp, struct scen_map *out, char *err, size_t errlen)
{
	if (procfs_hex_field(pp, N_("start address"), &out->start, err,
	    errlen) < 0)
		return -1;
	if (**pp != '-')
		return engine_fail(err, errlen,
		    "expected '-' after the start address");
	(*pp)++;
	if (procfs_hex_field(pp, N_("end address"), &out->end, err,
	    errlen) < 0)
		return -1;
	if (out->start >= out->end)
		return engine_fail(err, errlen,
		    "start 0x%lx is not below end 0x%lx", out->start, out->end);
	if (offset_in_page(out->start))
		return engine_fail(err, errlen,
		    "start 0x%lx is not page aligned", out->start);
	if (offset_in_page(out->end))
		return engine_fail(err, errlen,
		    "end 0x%lx is not page aligned", out->end);
	return procfs_sep(pp, N_("address range"), err, errlen);
}

/*
 * "rwxp" -> vm_flags. The kernel prints a VMA's VM_READ, VM_WRITE,
 * VM_EXEC and VM_MAYSHARE; the rest is what a VMA built by mmap() of that
 * kind carries: the VM_MAY* bits (we cannot see mprotect limits, so all
 * three), VM_SHARED with VM_MAYSHARE, and VM_ACCOUNT for a private
 * writable mapping (accountable_mapping() in mm/mmap.c).
 */
static int
procfs_perms(const char **pp, unsigned long *flags, char *err, size_t errlen)
{
	/* per column: the character that sets the bit, the one that does not */
	static const char want[4][3] = { "r-", "w-", "x-", "sp" };
	static const unsigned long bit[4] = { VM_READ, VM_WRITE, VM_EXEC,
	    VM_SHARED | VM_MAYSHARE };
	const char *p = *pp;
	unsigned long f = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	int i;

	for (i = 0; p[i] != '\0' && !procfs_is_blank(p[i]); i++)
		;
	if (i != 4)
		return engine_fail(err, errlen,
		    "expected permissions like r-xp");
	for (i = 0; i < 4; i++) {
		if (p[i] == want[i][0])
			f |= bit[i];
		else if (p[i] != want[i][1])
			return engine_fail(err, errlen,
			    "unknown permission character '%c' in '%.4s'",
			    p[i], p);
	}
	if ((f & (VM_WRITE | VM_SHARED)) == VM_WRITE)
		f |= VM_ACCOUNT;
	*flags = f;
	*pp = p + 4;
	return procfs_sep(pp, N_("permissions"), err, errlen);
}

static int
procfs_dev(const char **pp, struct scen_map *out, char *err, size_t errlen)
{
	unsigned long long maj, min;

	if (procfs_hex(pp, MAPS_MAX_DEV, &maj) < 0 || **pp != ':')
		return engine_fail(err, errlen, "expected a device like fe:01");
	(*pp)++;
	if (procfs_hex(pp, MAPS_MAX_DEV, &min) < 0)
		return engine_fail(err, errlen, "expected a device like fe:01");
	if (maj > UINT_MAX || min > UINT_MAX)
		return engine_fail(err, errlen, "the device is out of range");
	out->dev_major = (unsigned)maj;
	out->dev_minor = (unsigned)min;
	return procfs_sep(pp, N_("device"), err, errlen);
}

static int
procfs_inode(const char **pp, unsigned long *out, char *err, size_t errlen)
{
	const char *p = *pp;
	unsigned long v = 0;

	if (*p < '0' || *p > '9')
		return engine_fail(err, errlen,
		    "expected a decimal inode number");
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (ULONG_MAX - (unsigned long)(*p - '0')) / 10)
			return engine_fail(err, errlen,
			    "the inode number is out of range");
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (*p != '\0' && !procfs_is_blank(*p))
		return engine_fail(err, errlen,
		    "expected a space after the inode number");
	while (procfs_is_blank(*p))
		p++;
	*out = v;
	*pp = p;
	return 0;
}

/*
 * Parses one maps line (no newline). Returns 0 with *out filled
 * (out->path allocated, or NULL for an anonymous mapping; lineno 0), or
 * -1 with a message in err and nothing allocated.
 */
int
procfs_parse_maps_line(const char *line, struct scen_map *out, char *err,
    size_t errlen)
{
	const char *p = line;
	unsigned long off;

	memset(out, 0, sizeof *out);
	if (procfs_range(&p, out, err, errlen) < 0 ||
	    procfs_perms(&p, &out->vm_flags, err, errlen) < 0 ||
	    procfs_hex_field(&p, N_("offset"), &off, err, errlen) < 0)
		goto fail;
	if (offset_in_page(off)) {
		engine_fail(err, errlen, "offset 0x%lx is not page aligned",
		    off);
		goto fail;
	}
	out->pgoff = off >> PAGE_SHIFT;
	if (procfs_sep(&p, N_("offset"), err, errlen) < 0 ||
	    procfs_dev(&p, out, err, errlen) < 0 ||
	    procfs_inode(&p, &out->inode, err, errlen) < 0)
		goto fail;
	if (strcmp(p, "[stack]") == 0)
		out->vm_flags |= VM_GROWSDOWN;
	if (*p != '\0' && (out->path = strdup(p)) == NULL) {
		engine_fail(err, errlen, "out of memory");
		goto fail;
	}
	return 0;
fail:
	memset(out, 0, sizeof *out);
	return -1;
}

/*
 * Checks that `next` may follow `prev` in a maps file: it must start at
 * or above prev->end. Returns 0, or -1 with "... overlaps the mapping on
 * line N" or "... is below the mapping on line N ..." in err.
 */
int
procfs_check_next(const struct scen_map *prev, const struct scen_map *next,
    char *err, size_t errlen)
{
	if (next->start >= prev->end)
		return 0;
	if (next->end <= prev->start)
		return engine_fail(err, errlen,
		    "mapping %lx-%lx is below the mapping on line %d "
		    "(entries must be in increasing address order)",
		    next->start, next->end, prev->lineno);
	return engine_fail(err, errlen,
	    "mapping %lx-%lx overlaps the mapping on line %d",
	    next->start, next->end, prev->lineno);
}

/* Frees an array from procfs_parse_maps and its paths; NULL is fine. */
void
procfs_free_maps(struct scen_map *maps, size_t nmaps)
{
	size_t i;

	if (maps == NULL)
		return;
	for (i = 0; i < nmaps; i++)
		free(maps[i].path);
	free(maps);
}

/* A growing array of maps entries. */
struct maps_acc {
	struct scen_map	*v;
	size_t		 n, cap;
};

static int
maps_acc_push(struct maps_acc *acc, const struct scen_map *m)
{
	struct scen_map *nv;
	size_t ncap;

	if (acc->n == acc->cap) {
		ncap = acc->cap ? acc->cap * 2 : 64;
		if (ncap > SIZE_MAX / sizeof *nv)
			return -1;
		if ((nv = realloc(acc->v, ncap * sizeof *nv)) == NULL)
			return -1;
		acc->v = nv;
		acc->cap = ncap;
	}
	acc->v[acc->n++] = *m;
	return 0;
}

/* One line of a maps file: parse, check the order, append. */
static int
maps_acc_line(struct maps_acc *acc, char *line, size_t len, int lineno,
    char *msg, size_t msglen)
{
	struct scen_map m;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (len == 0)
		return 0;
	if (memchr(line, '\0', len) != NULL)
		return engine_fail(msg, msglen, "the line contains a NUL byte");
	if (procfs_parse_maps_line(line, &m, msg, msglen) < 0)
		return -1;
	m.lineno = lineno;
	if (acc->n > 0 &&
	    procfs_check_next(&acc->v[acc->n - 1], &m, msg, msglen) < 0) {
		free(m.path);
		return -1;
	}
	if (maps_acc_push(acc, &m) < 0) {
		free(m.path);
		return engine_fail(msg, msglen, "out of memory");
	}
	return 0;
}

/*
 * Parses a whole maps file (blank lines are skipped). Returns 0 with a new
 * array in *maps (NULL when there are no entries) and its length in
 * *nmaps, or -1 with "name:line: message" in err and *maps NULL, *nmaps 0.
 */
int
procfs_parse_maps(FILE *fp, const char *name, struct scen_map **maps,
    size_t *nmaps, char *err, size_t errlen)
{
	struct maps_acc acc = { 0 };
	struct readcap rd;
	char msg[SCEN_ERRLEN];
	ssize_t len;

	*maps = NULL;
	*nmaps = 0;
	readcap_init(&rd, name != NULL ? name : "maps",
	    "a /proc/PID/maps file", PROCFS_MAPS_MAX_BYTES,
	    PROCFS_MAPS_MAX_LINE);
	while ((len = readcap_line(&rd, fp, err, errlen)) > 0) {
		if (maps_acc_line(&acc, rd.line, (size_t)len, (int)rd.lineno,
		    msg, sizeof msg) < 0) {
			engine_fail(err, errlen, "%s:%lu: %s", rd.name,
			    rd.lineno, msg);
			goto fail;
		}
	}
	if (len < 0)
		goto fail;	/* readcap_line wrote the message */
	readcap_free(&rd);
	*maps = acc.v;
	*nmaps = acc.n;
	return 0;
fail:
	readcap_free(&rd);
	procfs_free_maps(acc.v, acc.n);
	return -1;
}

/* ---- /proc/PID/stat ---------------------------------------------------- */

/*
 * The mm fields of /proc/PID/stat, numbered from 1 as in proc(5). Fields
 * 48 to 51 came with Linux 3.5; older files stop at 47 and leave them 0.
 */
static const struct stat_field {
	int		 index;
	const char	*name;
	size_t		 offset;
} stat_fields[] = {
	{ .index = 26, .name = "startcode",
	  .offset = offsetof(struct proc_stat, start_code) },
	{ .index = 27, .name = "endcode",
	  .offset = offsetof(struct proc_stat, end_code) },
	{ .index = 28, .name = "startstack",
	  .offset = offsetof(struct proc_stat, start_stack) },
	{ .index = 45, .name = "start_data",
	  .offset = offsetof(struct proc_stat, start_data) },
	{ .index = 46, .name = "end_data",
	  .offset = offsetof(struct proc_stat, end_data) },
	{ .index = 47, .name = "start_brk",
	  .offset = offsetof(struct proc_stat, start_brk) },
	{ .index = 48, .name = "arg_start",
	  .offset = offsetof(struct proc_stat, arg_start) },
	{ .index = 49, .name = "arg_end",
	  .offset = offsetof(struct proc_stat, arg_end) },
	{ .index = 50, .name = "env_start",
	  .offset = offsetof(struct proc_stat, env_start) },
	{ .index = 51, .name = "env_end",
	  .offset = offsetof(struct proc_stat, env_end) },
};

#define STAT_MIN_FIELDS	47	/* up to start_brk */
#define STAT_MAX_FIELD	51

/* A whole decimal field; -1 if it is not one or does not fit. */
static int
stat_number(const char *s, size_t n, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' ||
		    v > (ULONG_MAX - (unsigned long)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/*
 * Splits the fields after the comm's closing parenthesis: field[i] is the
 * field numbered i (3 and up). Returns the number of the last field.
 */
static int
stat_split(const char *p, const char **field, size_t *flen)
{
	int idx = 2;

	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			return idx;
		idx++;
		if (idx <= STAT_MAX_FIELD) {
			field[idx] = p;
			flen[idx] = strcspn(p, " ");
		}
		p += strcspn(p, " ");
	}
}

static int
stat_fill(const char *rest, struct proc_stat *st, char *msg, size_t msglen)
{
	const char *field[STAT_MAX_FIELD + 1];
	size_t flen[STAT_MAX_FIELD + 1], i;
	int nfields = stat_split(rest, field, flen);

	if (nfields < STAT_MIN_FIELDS)
		return engine_fail(msg, msglen,
		    "found %d fields, but start_brk is field %d "
		    "(is this a /proc/PID/stat file?)", nfields,
		    STAT_MIN_FIELDS);
	for (i = 0; i < sizeof stat_fields / sizeof stat_fields[0]; i++) {
		const struct stat_field *f = &stat_fields[i];

		if (f->index > nfields)
			break;
		if (stat_number(field[f->index], flen[f->index],
		    (unsigned long *)((char *)st + f->offset)) < 0)
			return engine_fail(msg, msglen,
			    "field %d (%s) is not a number: '%.*s'", f->index,
			    f->name, (int)(flen[f->index] > 30 ? 30 :
			    flen[f->index]), field[f->index]);
	}
	return 0;
}

/* The first line of a stat file, newline included. */
static int
stat_line(char *line, size_t len, struct proc_stat *st, char *msg,
    size_t msglen)
{
	char *open, *close;

	if (memchr(line, '\0', len) != NULL)
		return engine_fail(msg, msglen, "the line contains a NUL byte");
	line[strcspn(line, "\r\n")] = '\0';
	open = strchr(line, '(');
	close = strrchr(line, ')');
	if (open == NULL || close == NULL || close < open)
		return engine_fail(msg, msglen,
		    "expected the command name in parentheses");
	return stat_fill(close + 1, st, msg, msglen);
}

/*
 * Parses /proc/PID/stat. The command name (field 2) is in parentheses and
 * may itself contain spaces and ')': the fields start after the LAST ')'.
 * Returns 0 with *st filled (0 for fields the file lacks), or -1 with
 * "name:1: message" in err and *st zeroed.
 */
int
procfs_parse_stat(FILE *fp, const char *name, struct proc_stat *st,
    char *err, size_t errlen)
{
	char msg[SCEN_ERRLEN];
	struct readcap rd;
	ssize_t len;
	int rc;

	memset(st, 0, sizeof *st);
	readcap_init(&rd, name != NULL ? name : "stat", "a /proc/PID/stat file",
	    PROCFS_STAT_MAX_BYTES, PROCFS_STAT_MAX_BYTES);
	if ((len = readcap_line(&rd, fp, err, errlen)) < 0) {
		readcap_free(&rd);
		return -1;	/* readcap_line wrote the message */
	}
	if (len == 0)
		rc = engine_fail(msg, sizeof msg, "the file is empty");
	else
		rc = stat_line(rd.line, (size_t)len, st, msg, sizeof msg);
	readcap_free(&rd);
	if (rc < 0) {
		memset(st, 0, sizeof *st);
		return engine_fail(err, errlen, "%s:1: %s", rd.name, msg);
	}
	return 0;
}
