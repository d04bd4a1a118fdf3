/*
 * scenario-arg.c - the arguments of the modelled calls, as strace writes
 * them:
 *
 *   NULL, 0x2aaaaaaea000, 8192, -1       numbers (scen_arg_num)
 *   PROT_READ|PROT_WRITE, 21<<MAP_HUGE_SHIFT   flags (scen_arg_flags)
 *   MREMAP_MAYMOVE|MREMAP_FIXED          mremap's flags, the same way
 *   3</etc/ld.so.cache>, AT_FDCWD        fds, with strace -y's path
 *   "/etc/ld.so.cache"                   paths, C escapes decoded
 *   RLIMIT_DATA, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}
 *
 * Each reads one trimmed argument (scen_lex_split_args cut them) into the
 * op, or fails with a message that names the argument and the call.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "trace/i18n.h"
#include "scenario-int.h"
#include "kernel/vm.h"

#define SCEN_NAMEMAX	32	/* longest rlimit name */
#define AT_FDCWD_VALUE	(-100L)
#define MAP_HUGE_SHIFT	26

/* ---- flag names -------------------------------------------------------- */

static const struct scen_name scen_arg_prot_names[] = {
	{ .name = "PROT_NONE",		.value = PROT_NONE },
	{ .name = "PROT_READ",		.value = PROT_READ },
	{ .name = "PROT_WRITE",		.value = PROT_WRITE },
	{ .name = "PROT_EXEC",		.value = PROT_EXEC },
	{ .name = "PROT_SEM",		.value = PROT_SEM },
	{ .name = "PROT_GROWSDOWN",	.value = PROT_GROWSDOWN },
	{ .name = "PROT_GROWSUP",	.value = PROT_GROWSUP },
};

static const struct scen_name scen_arg_map_names[] = {
	{ .name = "MAP_SHARED",		.value = MAP_SHARED },
	{ .name = "MAP_PRIVATE",	.value = MAP_PRIVATE },
	{ .name = "MAP_SHARED_VALIDATE", .value = MAP_SHARED_VALIDATE },
	{ .name = "MAP_FIXED",		.value = MAP_FIXED },
	{ .name = "MAP_ANONYMOUS",	.value = MAP_ANONYMOUS },
	{ .name = "MAP_ANON",		.value = MAP_ANONYMOUS },
	{ .name = "MAP_FILE",		.value = 0 },
	{ .name = "MAP_32BIT",		.value = MAP_32BIT },
	{ .name = "MAP_GROWSDOWN",	.value = MAP_GROWSDOWN },
	{ .name = "MAP_DENYWRITE",	.value = MAP_DENYWRITE },
	{ .name = "MAP_EXECUTABLE",	.value = MAP_EXECUTABLE },
	{ .name = "MAP_LOCKED",		.value = MAP_LOCKED },
	{ .name = "MAP_NORESERVE",	.value = MAP_NORESERVE },
	{ .name = "MAP_POPULATE",	.value = MAP_POPULATE },
	{ .name = "MAP_NONBLOCK",	.value = MAP_NONBLOCK },
	{ .name = "MAP_STACK",		.value = MAP_STACK },
	{ .name = "MAP_HUGETLB",	.value = MAP_HUGETLB },
	{ .name = "MAP_SYNC",		.value = 0x80000 },	/* 4.15 */
	{ .name = "MAP_FIXED_NOREPLACE", .value = 0x100000 },	/* 4.17 */
	{ .name = "MAP_UNINITIALIZED",	.value = 0x4000000 },
	{ .name = "MAP_HUGE_2MB",	.value = 21UL << MAP_HUGE_SHIFT },
	{ .name = "MAP_HUGE_1GB",	.value = 30UL << MAP_HUGE_SHIFT },
};

/*
 * MREMAP_DONTUNMAP (5.7) is named so that a newer kernel's log parses; the
 * 4.14 model refuses it with EINVAL, as 4.14 did.
 */
static const struct scen_name scen_arg_mremap_names[] = {
	{ .name = "MREMAP_MAYMOVE",	.value = MREMAP_MAYMOVE },
	{ .name = "MREMAP_FIXED",	.value = MREMAP_FIXED },
	{ .name = "MREMAP_DONTUNMAP",	.value = 4 },
};

const struct scen_flagset scen_arg_prot = {
	.what = N_("mmap protection"), .field = "protection",
	.names = scen_arg_prot_names, .n = NELEM(scen_arg_prot_names),
};

const struct scen_flagset scen_arg_mapflags = {
	.what = N_("mmap flag"), .field = "flags",
	.names = scen_arg_map_names, .n = NELEM(scen_arg_map_names),
};

/* mprotect takes mmap's PROT_ names; its messages say mprotect. */
const struct scen_flagset scen_arg_mprot = {
	.what = N_("mprotect protection"), .field = "protection",
	.names = scen_arg_prot_names, .n = NELEM(scen_arg_prot_names),
};

const struct scen_flagset scen_arg_mremapflags = {
	.what = N_("mremap flag"), .field = "flags",
	.names = scen_arg_mremap_names, .n = NELEM(scen_arg_mremap_names),
};

/* ---- the arguments ------------------------------------------------------ */

/*
 * A number argument: NULL, hex or decimal, optionally negated. `field`
 * names it in messages ("the length of mmap").
 */
int
scen_arg_num(struct scen_parser *p, const struct scen_op *op,
    struct scen_str a, const char *field, unsigned long *out)
{
	struct scen_str d = a;
	int neg = a.n > 0 && a.s[0] == '-', rc;

	if (scen_lex_eq(a, "NULL")) {
		*out = 0;
		return 0;
	}
	if (neg) {
		d.s++;
		d.n--;
	}
	rc = scen_lex_number(d.s, d.n, out);
	if (rc == NUM_BAD)
		return scen_fail(p, "expected a number for the %s of %s, "
		    "found '%.*s'", field, op->name, scen_lex_show(a.n), a.s);
	if (rc == NUM_RANGE)
		return scen_fail(p, "the %s of %s is out of range "
		    "(more than 64 bits)", field, op->name);
	if (neg)
		*out = -*out;
	return 0;
}

/* One term of a flags expression: a name, a number or "21<<MAP_HUGE_SHIFT". */
static int
scen_arg_flag_term(struct scen_parser *p, const struct scen_op *op,
    const struct scen_flagset *set, struct scen_str t, unsigned long *out)
{
	const struct scen_name *nm;
	const char *shift;
	unsigned long v;

	if (t.n == 0)
		return scen_fail(p, "empty term in the %s of %s", set->field,
		    op->name);
	if (!scen_lex_digit(t.s[0])) {
		if ((nm = scen_lex_lookup(set->names, set->n, t.s, t.n)) ==
		    NULL)
			return scen_fail(p, "unknown %s %.*s", _(set->what),
			    scen_lex_show(t.n), t.s);
		*out = nm->value;
		return 0;
	}
	shift = NULL;
	if (t.n > 16 && memcmp(t.s + t.n - 16, "<<MAP_HUGE_SHIFT", 16) == 0)
		shift = t.s + t.n - 16;
	if (scen_lex_number(t.s, shift ? (size_t)(shift - t.s) : t.n,
	    &v) != NUM_OK || (shift != NULL && v >= 64))
		return scen_fail(p, "expected a number in the %s of %s, "
		    "found '%.*s'", set->field, op->name, scen_lex_show(t.n),
		    t.s);
	*out = shift ? v << MAP_HUGE_SHIFT : v;
	return 0;
}

/* "PROT_READ|PROT_WRITE", "MAP_PRIVATE|MAP_ANONYMOUS|0x80000", ... */
int
scen_arg_flags(struct scen_parser *p, const struct scen_op *op,
    struct scen_str a, const struct scen_flagset *set, unsigned long *out)
{
	const char *bar;
	unsigned long v = 0, t = 0;
	struct scen_str rest = a;

	for (;;) {
		bar = memchr(rest.s, '|', rest.n);
		if (scen_arg_flag_term(p, op, set, scen_lex_trim(rest.s,
		    bar ? (size_t)(bar - rest.s) : rest.n), &t) < 0)
			return -1;
		v |= t;
		if (bar == NULL)
			break;
		rest.n -= (size_t)(bar + 1 - rest.s);
		rest.s = bar + 1;
	}
	*out = v;
	return 0;
}

/*
 * Decodes the C escapes strace writes (\n \t \" \\ \ooo \xhh ...) in
 * [s, s+n) into a new string; a NUL byte is an error.
 */
char *
scen_arg_unescape(struct scen_parser *p, const char *s, size_t n,
    const char *what)
{
	static const char from[] = "abfnrtv", to[] = "\a\b\f\n\r\t\v";
	char *r = scen_strndup(p, s, n), *o = r;
	size_t i = 0, k;
	unsigned v;
	const char *e;

	if (r == NULL)
		return NULL;
	while (i < n) {
		if (s[i] != '\\' || i + 1 == n) {
			*o++ = s[i++];
			continue;
		}
		i++;
		if (s[i] >= '0' && s[i] <= '7') {
			for (v = 0, k = 0; k < 3 && i < n && s[i] >= '0' &&
			    s[i] <= '7'; k++)
				v = v * 8 + (unsigned)(s[i++] - '0');
		} else if (s[i] == 'x' && i + 1 < n &&
		    scen_lex_hexval(s[i + 1]) >= 0) {
			for (i++, v = 0, k = 0; k < 2 && i < n &&
			    scen_lex_hexval(s[i]) >= 0; k++)
				v = v * 16 + (unsigned)scen_lex_hexval(s[i++]);
		} else if ((e = strchr(from, s[i])) != NULL && *e != '\0') {
			v = (unsigned char)to[e - from];
			i++;
		} else
			v = (unsigned char)s[i++];
		if ((v & 0xff) == 0) {
			free(r);
			scen_fail(p, "the %s contains a NUL byte", _(what));
			return NULL;
		}
		*o++ = (char)v;
	}
	*o = '\0';
	return r;
}

/*
 * A file descriptor: "-1", "3", "3</path>" (strace -y; the path goes to
 * op->path when keep_path), or AT_FDCWD (-100) with or without a path.
 */
int
scen_arg_fd(struct scen_parser *p, struct scen_op *op, struct scen_str a,
    int keep_path, unsigned long *out)
{
	const char *lt = memchr(a.s, '<', a.n);
	struct scen_str num = { a.s, lt ? (size_t)(lt - a.s) : a.n };
	size_t at = lt ? (size_t)(lt - a.s) : 0;
	char *path;

	if (scen_lex_eq(num, "AT_FDCWD"))
		*out = (unsigned long)AT_FDCWD_VALUE;
	else if (num.n == 0)
		return scen_fail(p, "expected a file descriptor for %s, "
		    "found '%.*s'", op->name, scen_lex_show(a.n), a.s);
	else if (scen_arg_num(p, op, num, "file descriptor", out) < 0)
		return -1;
	if (lt == NULL)
		return 0;
	if (scen_lex_skip_quoted(a.s, a.n, at + 1, '>') != a.n)
		return scen_fail(p, "expected '>' after the file name in the "
		    "arguments of %s", op->name);
	if (!keep_path)
		return 0;
	if ((path = scen_arg_unescape(p, lt + 1, a.n - at - 2,
	    N_("file name"))) == NULL)
		return -1;
	free(op->path);
	op->path = path;
	return 0;
}

/*
 * A quoted path ("/etc/ld.so.cache", maybe followed by strace's "..."):
 * decoded into op->path. Returns 1 when strace printed an address
 * instead (it could not read the string).
 */
int
scen_arg_path(struct scen_parser *p, struct scen_op *op, struct scen_str a)
{
	unsigned long addr;
	size_t end;

	if (a.n == 0 || a.s[0] != '"') {
		if (scen_lex_number(a.s, a.n, &addr) == NUM_OK)
			return 1;
		return scen_fail(p, "expected a quoted path in the arguments "
		    "of %s, found '%.*s'", op->name, scen_lex_show(a.n), a.s);
	}
	end = scen_lex_skip_quoted(a.s, a.n, 1, '"');
	if (end == NPOS || (end != a.n && !(end + 3 == a.n &&
	    memcmp(a.s + end, "...", 3) == 0)))
		return scen_fail(p, "expected a quoted path in the arguments "
		    "of %s, found '%.*s'", op->name, scen_lex_show(a.n), a.s);
	free(op->path);
	op->path = scen_arg_unescape(p, a.s + 1, end - 2, N_("path"));
	return op->path == NULL ? -1 : 0;
}

/* RLIMIT_DATA (or a number, as strace -X raw writes it) -> 0..15. */
int
scen_arg_resource(struct scen_parser *p, const struct scen_op *op,
    struct scen_str a, unsigned long *out)
{
	char name[SCEN_NAMEMAX];
	unsigned long v;
	int id = -1;

	if (scen_lex_number(a.s, a.n, &v) == NUM_OK)
		id = v < VM_RLIMIT_NLIMITS ? (int)v : -1;
	else if (a.n < sizeof name) {
		memcpy(name, a.s, a.n);
		name[a.n] = '\0';
		id = scenario_rlimit_id(name);
	}
	if (id < 0)
		return scen_fail(p, "unknown resource limit '%.*s' in %s",
		    scen_lex_show(a.n), a.s, op->name);
	*out = (unsigned long)id;
	return 0;
}

/* "rlim_cur=8192*1024" -> *out. */
static int
scen_arg_rlim_field(struct scen_parser *p, const struct scen_op *op,
    struct scen_str f, const char *key, unsigned long *out)
{
	size_t k = strlen(key);
	int rc;

	if (f.n <= k || memcmp(f.s, key, k) != 0 || f.s[k] != '=')
		return scen_fail(p, "expected %s=... in %s, found '%.*s'", key,
		    op->name, scen_lex_show(f.n), f.s);
	rc = scen_lex_limit(f.s + k + 1, f.n - k - 1, 0, out);
	if (rc == NUM_BAD)
		return scen_fail(p, "expected a number for %s of %s, "
		    "found '%.*s'", key, op->name, scen_lex_show(f.n - k - 1),
		    f.s + k + 1);
	if (rc == NUM_RANGE)
		return scen_fail(p, "%s of %s is out of range "
		    "(more than 64 bits)", key, op->name);
	return 0;
}

/*
 * "{rlim_cur=X, rlim_max=Y}" -> args[1], args[2]. Returns 1 when strace
 * printed an address instead of the struct.
 */
int
scen_arg_rlim(struct scen_parser *p, struct scen_op *op, struct scen_str a)
{
	struct scen_str f[SCEN_MAXARGS];
	unsigned long addr;

	if (a.n > 0 && a.s[0] != '{' &&
	    scen_lex_number(a.s, a.n, &addr) == NUM_OK)
		return 1;
	if (a.n < 2 || a.s[0] != '{' || a.s[a.n - 1] != '}' ||
	    scen_lex_split_args(a.s + 1, a.n - 2, f) != 2)
		return scen_fail(p, "expected {rlim_cur=..., rlim_max=...} "
		    "in %s, found '%.*s'", op->name, scen_lex_show(a.n), a.s);
	if (scen_arg_rlim_field(p, op, f[0], "rlim_cur", &op->args[1]) < 0 ||
	    scen_arg_rlim_field(p, op, f[1], "rlim_max", &op->args[2]) < 0)
		return -1;
	return 0;
}
