/*
 * scenario.c - scenario files parsed into a struct scenario.
 *
 * A scenario is what strace prints, with a start state in front:
 *
 *   # a comment                              ignored, like blank lines
 *   % layout legacy                          a directive: the start state
 *   555555554000-555555555000 r--p ...       a /proc/PID/maps line: a VMA
 *   [pid  12] 12:34:56.123456 mmap(NULL, 8192, ...) = 0x7f0000000000 <0.000020>
 *   `-- -f --' `---- -tt ---' `--- the call ---'   `- result -'    `- -T -'
 *
 * The strace side accepts what strace really prints: the pid prefix of -f
 * ("[pid N] " or "N " with -o), the timestamps of -t, -tt, -ttt and -r,
 * the fd paths of -y ("3</etc/ld.so.cache>", "AT_FDCWD</tmp>"), the times
 * of -T, "<unfinished ...>" / "<... mmap resumed>" pairs, signal and exit
 * lines, and "strace: Process N attached" wherever strace wrote it.
 *
 * Lexical rule used throughout: a "string" (with \ escapes), a <path>
 * that follows an fd or AT_FDCWD, and a comment are single units; commas,
 * parentheses and '#' inside them mean nothing (sc_skip_unit).
 *
 * Parsing is all or nothing: the first error stops it, everything built so
 * far is freed and the scenario is zeroed. Nothing here prints or exits.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "kernel/mm.h"
#include "scenario.h"
#include "kernel/vm.h"

#define NPOS		((size_t)-1)
#define SCEN_MAXARGS	8	/* more than any modelled call takes */
#define SCEN_SHOW	30	/* characters of bad input quoted in messages */
#define SCEN_NAMEMAX	32	/* longest rlimit or errno name */
#define AT_FDCWD_VALUE	(-100L)
#define MAP_HUGE_SHIFT	26

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])

/* An unfinished call waiting for its "<... name resumed>" line. */
struct scen_pending {
	int		 pid;
	size_t		 op;		/* index in sc->ops */
};

struct scen_parser {
	struct scenario	*sc;
	const char	*name;		/* file name for messages */
	int		 lineno;	/* the line being read */
	int		 op_lineno;	/* where the current logical line began */
	int		 first_op_line;	/* 0 until the first system call */
	char		*err;
	size_t		 errlen;
	size_t		 mapcap, opcap;
	struct scen_pending *pend;
	size_t		 npend, pendcap;
	char		*carry;		/* a call cut by a strace message */
	int		 carry_line;
	unsigned long	 nalloc;	/* allocator calls so far (#N) */
};

/* A piece of a line: not NUL-terminated. */
struct sc_str {
	const char	*s;
	size_t		 n;
};

enum { NUM_OK = 0, NUM_BAD = -1, NUM_RANGE = -2 };

/* ---- characters and pieces ------------------------------------------- */

static int
sc_space(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static int
sc_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
sc_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
sc_word(char c)
{
	return sc_digit(c) || sc_upper(c) || (c >= 'a' && c <= 'z') ||
	    c == '_';
}

static int
sc_hexval(char c)
{
	if (sc_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static char *
sc_ws(const char *s)
{
	while (sc_space(*s))
		s++;
	return (char *)s;
}

static void
sc_rtrim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && sc_space(s[n - 1]))
		s[--n] = '\0';
}

static int
sc_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static struct sc_str
sc_trim(const char *s, size_t n)
{
	struct sc_str r = { s, n };

	while (r.n > 0 && sc_space(r.s[0])) {
		r.s++;
		r.n--;
	}
	while (r.n > 0 && sc_space(r.s[r.n - 1]))
		r.n--;
	return r;
}

static int
sc_eq(struct sc_str a, const char *lit)
{
	return a.n == strlen(lit) && memcmp(a.s, lit, a.n) == 0;
}

/* ASCII case-insensitive equality of a piece and a literal. */
static int
sc_caseeq(const char *s, size_t n, const char *lit)
{
	size_t i;

	if (n != strlen(lit))
		return 0;
	for (i = 0; i < n; i++) {
		char a = s[i], b = lit[i];

		if (a >= 'a' && a <= 'z')
			a = (char)(a - 'a' + 'A');
		if (b >= 'a' && b <= 'z')
			b = (char)(b - 'a' + 'A');
		if (a != b)
			return 0;
	}
	return 1;
}

/* How much of a piece to quote in a message. */
static int
sc_show(size_t n)
{
	return n > SCEN_SHOW ? SCEN_SHOW : (int)n;
}

/* ---- numbers ----------------------------------------------------------- */

/* Digits in `base`, all of [s, s+n). NUM_BAD before NUM_RANGE. */
static int
sc_digits(const char *s, size_t n, unsigned base, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;
	int d;

	if (n == 0)
		return NUM_BAD;
	for (i = 0; i < n; i++)
		if ((d = sc_hexval(s[i])) < 0 || (unsigned)d >= base)
			return NUM_BAD;
	for (i = 0; i < n; i++) {
		d = sc_hexval(s[i]);
		if (v > (ULONG_MAX - (unsigned long)d) / base)
			return NUM_RANGE;
		v = v * base + (unsigned long)d;
	}
	*out = v;
	return NUM_OK;
}

/* "0x1f" (hex) or "31" (decimal). */
static int
sc_number(const char *s, size_t n, unsigned long *out)
{
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return sc_digits(s + 2, n - 2, 16, out);
	return sc_digits(s, n, 10, out);
}

/* Hex with or without "0x", as addresses are written in maps files. */
static int
sc_hexnum(const char *s, size_t n, unsigned long *out)
{
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return sc_digits(s + 2, n - 2, 16, out);
	return sc_digits(s, n, 16, out);
}

static int
sc_mul(unsigned long *v, unsigned long by)
{
	if (by != 0 && *v > ULONG_MAX / by)
		return NUM_RANGE;
	*v *= by;
	return NUM_OK;
}

/* One factor of a limit: a number, with a K, M or G suffix if allowed. */
static int
sc_rlim_factor(struct sc_str t, int suffixes, unsigned long *out)
{
	unsigned long scale = 1;
	int rc;

	if (suffixes && t.n > 1) {
		switch (t.s[t.n - 1]) {
		case 'K': case 'k': scale = 1UL << 10; t.n--; break;
		case 'M': case 'm': scale = 1UL << 20; t.n--; break;
		case 'G': case 'g': scale = 1UL << 30; t.n--; break;
		}
	}
	if ((rc = sc_number(t.s, t.n, out)) != NUM_OK)
		return rc;
	return sc_mul(out, scale);
}

/*
 * A resource limit: "unlimited", "infinity", RLIM_INFINITY or
 * RLIM64_INFINITY, or a product of factors ("8192*1024", as strace prints
 * multiples of 1024).
 */
static int
sc_rlim_value(const char *s, size_t n, int suffixes, unsigned long *out)
{
	struct sc_str a = sc_trim(s, n), t;
	unsigned long v = 1, f;
	const char *star;
	int rc;

	if (sc_eq(a, "unlimited") || sc_eq(a, "infinity") ||
	    sc_eq(a, "RLIM_INFINITY") || sc_eq(a, "RLIM64_INFINITY")) {
		*out = RLIM_INFINITY;
		return NUM_OK;
	}
	for (;;) {
		star = memchr(a.s, '*', a.n);
		t = sc_trim(a.s, star ? (size_t)(star - a.s) : a.n);
		if ((rc = sc_rlim_factor(t, suffixes, &f)) != NUM_OK ||
		    (rc = sc_mul(&v, f)) != NUM_OK)
			return rc;
		if (star == NULL)
			break;
		a = sc_trim(star + 1, a.n - (size_t)(star + 1 - a.s));
	}
	*out = v;
	return NUM_OK;
}

/* ---- the lexical units of strace output -------------------------------- */

/* Index just past the unescaped `close` at or after s[i], or NPOS. */
static size_t
sc_skip_quoted(const char *s, size_t len, size_t i, char close)
{
	while (i < len) {
		if (s[i] == '\\')
			i += 2;
		else if (s[i] == close)
			return i + 1;
		else
			i++;
	}
	return NPOS;
}

/* Does s[i] open the <path> of strace -y ("3</x>", "AT_FDCWD</tmp>")? */
static int
sc_fd_path_at(const char *s, size_t len, size_t i)
{
	return s[i] == '<' && i > 0 && sc_word(s[i - 1]) && i + 1 < len &&
	    s[i + 1] != '<';
}

/* Index just past the unit starting at s[i]; never more than len. */
static size_t
sc_skip_unit(const char *s, size_t len, size_t i)
{
	size_t e;

	if (s[i] == '"')
		e = sc_skip_quoted(s, len, i + 1, '"');
	else if (sc_fd_path_at(s, len, i))
		e = sc_skip_quoted(s, len, i + 1, '>');
	else if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
		for (e = i + 2; e + 1 < len; e++)
			if (s[e] == '*' && s[e + 1] == '/')
				break;
		e = e + 1 < len ? e + 2 : NPOS;
	} else
		return i + 1;
	return e == NPOS ? len : e;
}

/* The ')' closing the '(' at s[open], or NPOS (also on a wrong closer). */
static size_t
sc_close_paren(const char *s, size_t len, size_t open)
{
	size_t i = open;
	int depth = 0;

	while (i < len) {
		switch (s[i]) {
		case '(': case '[': case '{':
			depth++;
			break;
		case ')': case ']': case '}':
			if (--depth == 0)
				return s[i] == ')' ? i : NPOS;
			break;
		}
		i = sc_skip_unit(s, len, i);
	}
	return NPOS;
}

/*
 * A trimmed piece without strace's C comments: with -X verbose strace
 * writes a value and then its names in a comment, and execve's envp is
 * an address and then "20 vars" in a comment. The value comes first.
 */
static struct sc_str
sc_arg(const char *s, size_t n)
{
	struct sc_str a = sc_trim(s, n);
	size_t i = 0;
	int depth = 0;

	while (i < a.n) {
		if (a.s[i] == '(' || a.s[i] == '[' || a.s[i] == '{')
			depth++;
		else if (a.s[i] == ')' || a.s[i] == ']' || a.s[i] == '}')
			depth--;
		else if (depth == 0 && a.s[i] == '/' && i + 1 < a.n &&
		    a.s[i + 1] == '*')
			return sc_trim(a.s, i);
		i = sc_skip_unit(a.s, a.n, i);
	}
	return a;
}

/*
 * Splits [s, s+len) at top-level commas into trimmed pieces without
 * comments; stores at most SCEN_MAXARGS and returns how many there are
 * ("" has none).
 */
static int
sc_split_args(const char *s, size_t len, struct sc_str *out)
{
	size_t i = 0, start = 0;
	int depth = 0, n = 0;

	if (sc_trim(s, len).n == 0)
		return 0;
	for (;;) {
		if (i >= len || (s[i] == ',' && depth == 0)) {
			if (n < SCEN_MAXARGS)
				out[n] = sc_arg(s + start, (i < len ? i : len) -
				    start);
			n++;
			if (i >= len)
				return n;
			start = ++i;
			continue;
		}
		if (s[i] == '(' || s[i] == '[' || s[i] == '{')
			depth++;
		else if (s[i] == ')' || s[i] == ']' || s[i] == '}')
			depth--;
		i = sc_skip_unit(s, len, i);
	}
}

/*
 * Cuts a "# comment" outside strings and fd paths, then trailing blanks.
 * Inside a call's parentheses, '#' and a digit is no comment but an
 * allocator reference: free(#2).
 */
static void
sc_cut_call_comment(char *s)
{
	size_t len = strlen(s), i = 0;
	int depth = 0;

	while (i < len) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		else if (s[i] == '#' && !(depth > 0 && sc_digit(s[i + 1]))) {
			s[i] = '\0';
			break;
		}
		i = sc_skip_unit(s, len, i);
	}
	sc_rtrim(s);
}

/* Directives and maps lines: a comment is a '#' after a blank. */
static void
sc_cut_comment(char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (s[i] == '#' && (i == 0 || sc_space(s[i - 1]))) {
			s[i] = '\0';
			break;
		}
	sc_rtrim(s);
}

/* ---- errors and storage ------------------------------------------------ */

static int scen_fail(struct scen_parser *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
static int sc_msg(char *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));
static char *scen_printf(struct scen_parser *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes "file:line: message" into the caller's buffer; returns -1. */
static int
scen_fail(struct scen_parser *p, const char *fmt, ...)
{
	char msg[SCEN_ERRLEN];
	va_list ap;

	if (p->err == NULL || p->errlen == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%d: %s", p->name, p->lineno, msg);
	return -1;
}

static int
sc_msg(char *msg, size_t msglen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
	return -1;
}

static char *
scen_strndup(struct scen_parser *p, const char *s, size_t n)
{
	char *r = malloc(n + 1);

	if (r == NULL) {
		scen_fail(p, "out of memory");
		return NULL;
	}
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

static char *
scen_printf(struct scen_parser *p, const char *fmt, ...)
{
	char buf[SCEN_ERRLEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return scen_strndup(p, buf, strlen(buf));
}

static char *
scen_concat(struct scen_parser *p, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *r = malloc(na + nb + 1);

	if (r == NULL) {
		scen_fail(p, "out of memory");
		return NULL;
	}
	memcpy(r, a, na);
	memcpy(r + na, b, nb + 1);
	return r;
}

/* Grows *v (of *cap elements of size sz) to hold at least n + 1. */
static int
scen_grow(struct scen_parser *p, void **v, size_t *cap, size_t n, size_t sz)
{
	size_t ncap = *cap ? *cap : 16;
	void *nv;

	if (n < *cap)
		return 0;
	while (ncap <= n && ncap <= SIZE_MAX / 2)
		ncap *= 2;
	if (ncap <= n || ncap > SIZE_MAX / sz ||
	    (nv = realloc(*v, ncap * sz)) == NULL)
		return scen_fail(p, "out of memory");
	*v = nv;
	*cap = ncap;
	return 0;
}

static void
scen_clear_op(struct scen_op *op)
{
	free(op->name);
	free(op->text);
	free(op->path);
	free(op->note);
	memset(op, 0, sizeof *op);
}

/* A new op at the current line, OP_SKIP until a parser says otherwise. */
static struct scen_op *
scen_new_op(struct scen_parser *p, int pid)
{
	struct scenario *sc = p->sc;
	struct scen_op *op;

	if (scen_grow(p, (void **)&sc->ops, &p->opcap, sc->nops,
	    sizeof *op) < 0)
		return NULL;
	op = &sc->ops[sc->nops++];
	memset(op, 0, sizeof *op);
	op->kind = OP_SKIP;
	op->lineno = p->op_lineno;
	op->pid = pid;
	if (p->first_op_line == 0)
		p->first_op_line = p->op_lineno;
	return op;
}

/* ---- registries -------------------------------------------------------- */

struct scen_name {
	const char	*name;
	unsigned long	 value;
};

static const struct scen_name scen_prot_names[] = {
	{ .name = "PROT_NONE",		.value = PROT_NONE },
	{ .name = "PROT_READ",		.value = PROT_READ },
	{ .name = "PROT_WRITE",		.value = PROT_WRITE },
	{ .name = "PROT_EXEC",		.value = PROT_EXEC },
	{ .name = "PROT_SEM",		.value = PROT_SEM },
	{ .name = "PROT_GROWSDOWN",	.value = PROT_GROWSDOWN },
	{ .name = "PROT_GROWSUP",	.value = PROT_GROWSUP },
};

static const struct scen_name scen_map_names[] = {
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

/* A set of flag names and how messages call one of them. */
struct scen_flagset {
	const char		*what;		/* "unknown mmap flag X" */
	const char		*field;		/* "the flags of mmap" */
	const struct scen_name	*names;
	size_t			 n;
};

static const struct scen_flagset scen_prot_set = {
	.what = "mmap protection", .field = "protection",
	.names = scen_prot_names, .n = NELEM(scen_prot_names),
};

static const struct scen_flagset scen_map_set = {
	.what = "mmap flag", .field = "flags",
	.names = scen_map_names, .n = NELEM(scen_map_names),
};

/* errno names as strace prints them; values of Linux x86/arm (generic). */
static const struct scen_name scen_errnos[] = {
	{ .name = "EPERM",	.value = EPERM },
	{ .name = "ENOENT",	.value = 2 },
	{ .name = "ESRCH",	.value = 3 },
	{ .name = "EINTR",	.value = 4 },
	{ .name = "EIO",	.value = 5 },
	{ .name = "ENXIO",	.value = 6 },
	{ .name = "E2BIG",	.value = 7 },
	{ .name = "ENOEXEC",	.value = 8 },
	{ .name = "EBADF",	.value = EBADF },
	{ .name = "ECHILD",	.value = 10 },
	{ .name = "EAGAIN",	.value = EAGAIN },
	{ .name = "EWOULDBLOCK", .value = EAGAIN },
	{ .name = "ENOMEM",	.value = ENOMEM },
	{ .name = "EACCES",	.value = EACCES },
	{ .name = "EFAULT",	.value = 14 },
	{ .name = "EBUSY",	.value = 16 },
	{ .name = "EEXIST",	.value = EEXIST },
	{ .name = "EXDEV",	.value = 18 },
	{ .name = "ENODEV",	.value = ENODEV },
	{ .name = "ENOTDIR",	.value = 20 },
	{ .name = "EISDIR",	.value = 21 },
	{ .name = "EINVAL",	.value = EINVAL },
	{ .name = "ENFILE",	.value = 23 },
	{ .name = "EMFILE",	.value = 24 },
	{ .name = "ENOTTY",	.value = 25 },
	{ .name = "ETXTBSY",	.value = 26 },
	{ .name = "EFBIG",	.value = 27 },
	{ .name = "ENOSPC",	.value = ENOSPC },
	{ .name = "ESPIPE",	.value = 29 },
	{ .name = "EROFS",	.value = 30 },
	{ .name = "EMLINK",	.value = 31 },
	{ .name = "EPIPE",	.value = 32 },
	{ .name = "ERANGE",	.value = 34 },
	{ .name = "EDEADLK",	.value = 35 },
	{ .name = "ENAMETOOLONG", .value = 36 },
	{ .name = "ENOSYS",	.value = 38 },
	{ .name = "ELOOP",	.value = 40 },
	{ .name = "EOVERFLOW",	.value = EOVERFLOW },
	{ .name = "EOPNOTSUPP",	.value = 95 },
	{ .name = "ENOTSUP",	.value = 95 },
	{ .name = "ETIMEDOUT",	.value = 110 },
};

/* The architectures "% arch" accepts (the profiles of arch.c). */
static const char *const scen_arch_names[] = {
	"x86_64", "i386", "arm", "arm64",
};

/* Resource names, numbered as in <asm-generic/resource.h>. */
static const char *const scen_rlimit_names[VM_RLIMIT_NLIMITS] = {
	[0] = "RLIMIT_CPU",
	[1] = "RLIMIT_FSIZE",
	[VM_RLIMIT_DATA] = "RLIMIT_DATA",
	[VM_RLIMIT_STACK] = "RLIMIT_STACK",
	[4] = "RLIMIT_CORE",
	[5] = "RLIMIT_RSS",
	[6] = "RLIMIT_NPROC",
	[7] = "RLIMIT_NOFILE",
	[VM_RLIMIT_MEMLOCK] = "RLIMIT_MEMLOCK",
	[VM_RLIMIT_AS] = "RLIMIT_AS",
	[10] = "RLIMIT_LOCKS",
	[11] = "RLIMIT_SIGPENDING",
	[12] = "RLIMIT_MSGQUEUE",
	[13] = "RLIMIT_NICE",
	[14] = "RLIMIT_RTPRIO",
	[15] = "RLIMIT_RTTIME",
};

static const struct scen_name *
scen_lookup(const struct scen_name *v, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(v[i].name) == len && memcmp(v[i].name, s, len) == 0)
			return &v[i];
	return NULL;
}

/*
 * "RLIMIT_DATA", "DATA", "rlimit_data" or "data" -> 2. Returns -1 for
 * NULL or an unknown name.
 */
int
scenario_rlimit_id(const char *name)
{
	size_t n;
	int i;

	if (name == NULL)
		return -1;
	n = strlen(name);
	if (n > 7 && sc_caseeq(name, 7, "RLIMIT_")) {
		name += 7;
		n -= 7;
	}
	for (i = 0; i < VM_RLIMIT_NLIMITS; i++)
		if (sc_caseeq(name, n, scen_rlimit_names[i] + 7))
			return i;
	return -1;
}

/* 2 -> "RLIMIT_DATA"; NULL when id is out of range. */
const char *
scenario_rlimit_name(int id)
{
	if (id < 0 || id >= VM_RLIMIT_NLIMITS)
		return NULL;
	return scen_rlimit_names[id];
}

/* ---- arguments of the system calls ------------------------------------ */

/*
 * A number argument: NULL, hex or decimal, optionally negated. `field`
 * names it in messages ("the length of mmap").
 */
static int
scen_arg_num(struct scen_parser *p, const struct scen_op *op,
    struct sc_str a, const char *field, unsigned long *out)
{
	struct sc_str d = a;
	int neg = a.n > 0 && a.s[0] == '-', rc;

	if (sc_eq(a, "NULL")) {
		*out = 0;
		return 0;
	}
	if (neg) {
		d.s++;
		d.n--;
	}
	rc = sc_number(d.s, d.n, out);
	if (rc == NUM_BAD)
		return scen_fail(p, "expected a number for the %s of %s, "
		    "found '%.*s'", field, op->name, sc_show(a.n), a.s);
	if (rc == NUM_RANGE)
		return scen_fail(p, "the %s of %s is out of range "
		    "(more than 64 bits)", field, op->name);
	if (neg)
		*out = -*out;
	return 0;
}

/* One term of a flags expression: a name, a number or "21<<MAP_HUGE_SHIFT". */
static int
scen_flag_term(struct scen_parser *p, const struct scen_op *op,
    const struct scen_flagset *set, struct sc_str t, unsigned long *out)
{
	const struct scen_name *nm;
	const char *shift;
	unsigned long v;

	if (t.n == 0)
		return scen_fail(p, "empty term in the %s of %s", set->field,
		    op->name);
	if (!sc_digit(t.s[0])) {
		if ((nm = scen_lookup(set->names, set->n, t.s, t.n)) == NULL)
			return scen_fail(p, "unknown %s %.*s", set->what,
			    sc_show(t.n), t.s);
		*out = nm->value;
		return 0;
	}
	shift = NULL;
	if (t.n > 16 && memcmp(t.s + t.n - 16, "<<MAP_HUGE_SHIFT", 16) == 0)
		shift = t.s + t.n - 16;
	if (sc_number(t.s, shift ? (size_t)(shift - t.s) : t.n, &v) != NUM_OK ||
	    (shift != NULL && v >= 64))
		return scen_fail(p, "expected a number in the %s of %s, "
		    "found '%.*s'", set->field, op->name, sc_show(t.n), t.s);
	*out = shift ? v << MAP_HUGE_SHIFT : v;
	return 0;
}

/* "PROT_READ|PROT_WRITE", "MAP_PRIVATE|MAP_ANONYMOUS|0x80000", ... */
static int
scen_arg_flags(struct scen_parser *p, const struct scen_op *op,
    struct sc_str a, const struct scen_flagset *set, unsigned long *out)
{
	const char *bar;
	unsigned long v = 0, t = 0;
	struct sc_str rest = a;

	for (;;) {
		bar = memchr(rest.s, '|', rest.n);
		if (scen_flag_term(p, op, set, sc_trim(rest.s,
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
static char *
scen_unescape(struct scen_parser *p, const char *s, size_t n,
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
		} else if (s[i] == 'x' && i + 1 < n && sc_hexval(s[i + 1]) >= 0) {
			for (i++, v = 0, k = 0; k < 2 && i < n &&
			    sc_hexval(s[i]) >= 0; k++)
				v = v * 16 + (unsigned)sc_hexval(s[i++]);
		} else if ((e = strchr(from, s[i])) != NULL && *e != '\0') {
			v = (unsigned char)to[e - from];
			i++;
		} else
			v = (unsigned char)s[i++];
		if ((v & 0xff) == 0) {
			free(r);
			scen_fail(p, "the %s contains a NUL byte", what);
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
static int
scen_arg_fd(struct scen_parser *p, struct scen_op *op, struct sc_str a,
    int keep_path, unsigned long *out)
{
	const char *lt = memchr(a.s, '<', a.n);
	struct sc_str num = { a.s, lt ? (size_t)(lt - a.s) : a.n };
	size_t at = lt ? (size_t)(lt - a.s) : 0;
	char *path;

	if (sc_eq(num, "AT_FDCWD"))
		*out = (unsigned long)AT_FDCWD_VALUE;
	else if (num.n == 0)
		return scen_fail(p, "expected a file descriptor for %s, "
		    "found '%.*s'", op->name, sc_show(a.n), a.s);
	else if (scen_arg_num(p, op, num, "file descriptor", out) < 0)
		return -1;
	if (lt == NULL)
		return 0;
	if (sc_skip_quoted(a.s, a.n, at + 1, '>') != a.n)
		return scen_fail(p, "expected '>' after the file name in the "
		    "arguments of %s", op->name);
	if (!keep_path)
		return 0;
	if ((path = scen_unescape(p, lt + 1, a.n - at - 2, "file name")) ==
	    NULL)
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
static int
scen_arg_path(struct scen_parser *p, struct scen_op *op, struct sc_str a)
{
	unsigned long addr;
	size_t end;

	if (a.n == 0 || a.s[0] != '"') {
		if (sc_number(a.s, a.n, &addr) == NUM_OK)
			return 1;
		return scen_fail(p, "expected a quoted path in the arguments "
		    "of %s, found '%.*s'", op->name, sc_show(a.n), a.s);
	}
	end = sc_skip_quoted(a.s, a.n, 1, '"');
	if (end == NPOS || (end != a.n && !(end + 3 == a.n &&
	    memcmp(a.s + end, "...", 3) == 0)))
		return scen_fail(p, "expected a quoted path in the arguments "
		    "of %s, found '%.*s'", op->name, sc_show(a.n), a.s);
	free(op->path);
	op->path = scen_unescape(p, a.s + 1, end - 2, "path");
	return op->path == NULL ? -1 : 0;
}

/* RLIMIT_DATA (or a number, as strace -X raw writes it) -> 0..15. */
static int
scen_arg_resource(struct scen_parser *p, const struct scen_op *op,
    struct sc_str a, unsigned long *out)
{
	char name[SCEN_NAMEMAX];
	unsigned long v;
	int id = -1;

	if (sc_number(a.s, a.n, &v) == NUM_OK)
		id = v < VM_RLIMIT_NLIMITS ? (int)v : -1;
	else if (a.n < sizeof name) {
		memcpy(name, a.s, a.n);
		name[a.n] = '\0';
		id = scenario_rlimit_id(name);
	}
	if (id < 0)
		return scen_fail(p, "unknown resource limit '%.*s' in %s",
		    sc_show(a.n), a.s, op->name);
	*out = (unsigned long)id;
	return 0;
}

/* "rlim_cur=8192*1024" -> *out. */
static int
scen_rlim_field(struct scen_parser *p, const struct scen_op *op,
    struct sc_str f, const char *key, unsigned long *out)
{
	size_t k = strlen(key);
	int rc;

	if (f.n <= k || memcmp(f.s, key, k) != 0 || f.s[k] != '=')
		return scen_fail(p, "expected %s=... in %s, found '%.*s'", key,
		    op->name, sc_show(f.n), f.s);
	rc = sc_rlim_value(f.s + k + 1, f.n - k - 1, 0, out);
	if (rc == NUM_BAD)
		return scen_fail(p, "expected a number for %s of %s, "
		    "found '%.*s'", key, op->name, sc_show(f.n - k - 1),
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
static int
scen_arg_rlim(struct scen_parser *p, struct scen_op *op, struct sc_str a)
{
	struct sc_str f[SCEN_MAXARGS];
	unsigned long addr;

	if (a.n > 0 && a.s[0] != '{' &&
	    sc_number(a.s, a.n, &addr) == NUM_OK)
		return 1;
	if (a.n < 2 || a.s[0] != '{' || a.s[a.n - 1] != '}' ||
	    sc_split_args(a.s + 1, a.n - 2, f) != 2)
		return scen_fail(p, "expected {rlim_cur=..., rlim_max=...} "
		    "in %s, found '%.*s'", op->name, sc_show(a.n), a.s);
	if (scen_rlim_field(p, op, f[0], "rlim_cur", &op->args[1]) < 0 ||
	    scen_rlim_field(p, op, f[1], "rlim_max", &op->args[2]) < 0)
		return -1;
	return 0;
}

static int
scen_skip_note(struct scen_parser *p, struct scen_op *op, const char *note)
{
	op->kind = OP_SKIP;
	free(op->note);
	op->note = scen_printf(p, "%s %s; skipped", op->name, note);
	return op->note == NULL ? -1 : 0;
}

/* ---- the modelled system calls ----------------------------------------- */

static int
scen_do_brk(struct scen_parser *p, struct scen_op *op, const struct sc_str *a)
{
	op->kind = OP_BRK;
	return scen_arg_num(p, op, a[0], "address", &op->args[0]);
}

/* mmap and mmap2 alike: strace prints mmap2's offset in bytes too. */
static int
scen_do_mmap(struct scen_parser *p, struct scen_op *op,
    const struct sc_str *a)
{
	op->kind = OP_MMAP;
	if (scen_arg_num(p, op, a[0], "address", &op->args[0]) < 0 ||
	    scen_arg_num(p, op, a[1], "length", &op->args[1]) < 0 ||
	    scen_arg_flags(p, op, a[2], &scen_prot_set, &op->args[2]) < 0 ||
	    scen_arg_flags(p, op, a[3], &scen_map_set, &op->args[3]) < 0 ||
	    scen_arg_fd(p, op, a[4], 1, &op->args[4]) < 0 ||
	    scen_arg_num(p, op, a[5], "offset", &op->args[5]) < 0)
		return -1;
	return 0;
}

static int
scen_do_munmap(struct scen_parser *p, struct scen_op *op,
    const struct sc_str *a)
{
	op->kind = OP_MUNMAP;
	if (scen_arg_num(p, op, a[0], "address", &op->args[0]) < 0 ||
	    scen_arg_num(p, op, a[1], "length", &op->args[1]) < 0)
		return -1;
	return 0;
}

static int
scen_do_setrlimit(struct scen_parser *p, struct scen_op *op,
    const struct sc_str *a)
{
	int rc;

	op->kind = OP_SETRLIMIT;
	if (scen_arg_resource(p, op, a[0], &op->args[0]) < 0 ||
	    (rc = scen_arg_rlim(p, op, a[1])) < 0)
		return -1;
	return rc ? scen_skip_note(p, op, "shows no limits") : 0;
}

/* prlimit64(pid, resource, new or NULL, old or NULL) */
static int
scen_do_prlimit64(struct scen_parser *p, struct scen_op *op,
    const struct sc_str *a)
{
	int rc;

	op->kind = OP_SETRLIMIT;
	if (sc_number(a[0].s, a[0].n, &op->args[3]) != NUM_OK)
		return scen_fail(p, "expected a pid for prlimit64, found "
		    "'%.*s'", sc_show(a[0].n), a[0].s);
	if (scen_arg_resource(p, op, a[1], &op->args[0]) < 0)
		return -1;
	if (sc_eq(a[2], "NULL"))
		return scen_skip_note(p, op, "with no new limit only reads it");
	if ((rc = scen_arg_rlim(p, op, a[2])) < 0)
		return -1;
	return rc ? scen_skip_note(p, op, "shows no limits") : 0;
}

/* The access mode in open's flags: O_RDONLY 0, O_WRONLY 1, O_RDWR 2. */
static unsigned long
scen_accmode(struct sc_str a)
{
	struct sc_str t;
	const char *bar;
	unsigned long v;

	for (;;) {
		bar = memchr(a.s, '|', a.n);
		t = sc_trim(a.s, bar ? (size_t)(bar - a.s) : a.n);
		if (sc_eq(t, "O_WRONLY"))
			return 1;
		if (sc_eq(t, "O_RDWR"))
			return 2;
		if (sc_number(t.s, t.n, &v) == NUM_OK && (v & 3) != 0)
			return v & 3;
		if (bar == NULL)
			return 0;
		a.n -= (size_t)(bar + 1 - a.s);
		a.s = bar + 1;
	}
}

static int
scen_do_open_at(struct scen_parser *p, struct scen_op *op,
    const struct sc_str *a)
{
	int rc;

	op->kind = OP_OPEN;
	if ((rc = scen_arg_path(p, op, a[0])) < 0)
		return -1;
	if (rc == 1)
		return scen_skip_note(p, op, "shows no path");
	op->args[0] = scen_accmode(a[1]);
	return 0;
}

static int
scen_do_open(struct scen_parser *p, struct scen_op *op,
    const struct sc_str *a)
{
	return scen_do_open_at(p, op, a);
}

static int
scen_do_openat(struct scen_parser *p, struct scen_op *op,
    const struct sc_str *a)
{
	unsigned long dirfd;

	if (scen_arg_fd(p, op, a[0], 0, &dirfd) < 0)
		return -1;
	return scen_do_open_at(p, op, a + 1);
}

static int
scen_do_close(struct scen_parser *p, struct scen_op *op,
    const struct sc_str *a)
{
	op->kind = OP_CLOSE;
	return scen_arg_fd(p, op, a[0], 1, &op->args[0]);
}

/* ---- the allocator's calls (malloc.c) ------------------------------------ */

static const struct scen_name scen_mallopt_names[] = {
	{ .name = "M_TRIM_THRESHOLD",	.value = (unsigned long)-1L },
	{ .name = "M_TOP_PAD",		.value = (unsigned long)-2L },
	{ .name = "M_MMAP_THRESHOLD",	.value = (unsigned long)-3L },
};

/* Numbers an allocator call (from 1, all kinds together) in args[5]. */
static void
scen_alloc_number(struct scen_parser *p, struct scen_op *op)
{
	op->args[5] = ++p->nalloc;
}

/* A size: a number that is not negative. */
static int
scen_arg_size(struct scen_parser *p, const struct scen_op *op,
    struct sc_str a, const char *field, unsigned long *out)
{
	if (a.n > 0 && a.s[0] == '-')
		return scen_fail(p, "the %s of %s cannot be negative", field,
		    op->name);
	return scen_arg_num(p, op, a, field, out);
}

/*
 * A pointer for free or realloc: NULL, an address, or #N, the result of
 * allocator call N, an earlier malloc, calloc or realloc. Sets args[0]
 * (the address) or args[4] (N).
 */
static int
scen_arg_ptr(struct scen_parser *p, struct scen_op *op, struct sc_str a)
{
	const struct scen_op *o = NULL;
	unsigned long n;
	size_t i;

	if (a.n == 0 || a.s[0] != '#')
		return scen_arg_num(p, op, a, "pointer", &op->args[0]);
	if (sc_digits(a.s + 1, a.n - 1, 10, &n) != NUM_OK || n == 0)
		return scen_fail(p, "expected #N (N from 1) or an address for "
		    "the pointer of %s, found '%.*s'", op->name,
		    sc_show(a.n), a.s);
	if (n >= op->args[5])
		return scen_fail(p, "%s(#%lu): this is allocator call %lu; #N "
		    "must name an earlier one", op->name, n, op->args[5]);
	for (i = 0; i < p->sc->nops && o == NULL; i++)
		if (SCEN_OP_IS_ALLOC(p->sc->ops[i].kind) &&
		    p->sc->ops[i].args[5] == n)
			o = &p->sc->ops[i];
	if (o == NULL || (o->kind != OP_MALLOC && o->kind != OP_CALLOC &&
	    o->kind != OP_REALLOC))
		return scen_fail(p, "#%lu is %s (line %d), which returns no "
		    "pointer", n, o != NULL ? o->name : "no allocator call",
		    o != NULL ? o->lineno : 0);
	op->args[4] = n;
	return 0;
}

static int
scen_do_malloc(struct scen_parser *p, struct scen_op *op,
    const struct sc_str *a)
{
	op->kind = OP_MALLOC;
	scen_alloc_number(p, op);
	return scen_arg_size(p, op, a[0], "size", &op->args[0]);
}

static int
scen_do_free(struct scen_parser *p, struct scen_op *op,
    const struct sc_str *a)
{
	op->kind = OP_FREE;
	scen_alloc_number(p, op);
	return scen_arg_ptr(p, op, a[0]);
}

static int
scen_do_calloc(struct scen_parser *p, struct scen_op *op,
    const struct sc_str *a)
{
	op->kind = OP_CALLOC;
	scen_alloc_number(p, op);
	if (scen_arg_size(p, op, a[0], "count", &op->args[0]) < 0 ||
	    scen_arg_size(p, op, a[1], "size", &op->args[1]) < 0)
		return -1;
	return 0;
}

static int
scen_do_realloc(struct scen_parser *p, struct scen_op *op,
    const struct sc_str *a)
{
	op->kind = OP_REALLOC;
	scen_alloc_number(p, op);
	if (scen_arg_ptr(p, op, a[0]) < 0 ||
	    scen_arg_size(p, op, a[1], "size", &op->args[1]) < 0)
		return -1;
	return 0;
}

/* mallopt(M_MMAP_THRESHOLD, 65536): the three parameters malloc.c models. */
static int
scen_do_mallopt(struct scen_parser *p, struct scen_op *op,
    const struct sc_str *a)
{
	const struct scen_name *nm;
	unsigned long v;
	long value;

	op->kind = OP_MALLOPT;
	scen_alloc_number(p, op);
	if ((nm = scen_lookup(scen_mallopt_names, NELEM(scen_mallopt_names),
	    a[0].s, a[0].n)) != NULL)
		op->args[0] = nm->value;
	else if (sc_upper(a[0].s[0]))
		op->args[0] = 0;	/* a name it does not know */
	else if (scen_arg_num(p, op, a[0], "parameter", &op->args[0]) < 0)
		return -1;
	if ((long)op->args[0] > -1 || (long)op->args[0] < -3)
		return scen_fail(p, "mallopt parameter %.*s is not modelled; "
		    "expected M_MMAP_THRESHOLD, M_TOP_PAD or M_TRIM_THRESHOLD",
		    sc_show(a[0].n), a[0].s);
	if (scen_arg_num(p, op, a[1], "value", &v) < 0)
		return -1;
	value = (long)v;
	if (value < INT_MIN || value > INT_MAX)
		return scen_fail(p, "the value of mallopt is an int: %.*s is "
		    "out of its range", sc_show(a[1].n), a[1].s);
	op->args[1] = v;
	return 0;
}

static const struct scen_call {
	const char	*name;
	int		 minargs, maxargs;
	int		(*parse)(struct scen_parser *, struct scen_op *,
			    const struct sc_str *);
} scen_calls[] = {
	{ .name = "brk", .minargs = 1, .maxargs = 1, .parse = scen_do_brk },
	{ .name = "mmap", .minargs = 6, .maxargs = 6, .parse = scen_do_mmap },
	{ .name = "mmap2", .minargs = 6, .maxargs = 6, .parse = scen_do_mmap },
	{ .name = "munmap", .minargs = 2, .maxargs = 2,
	  .parse = scen_do_munmap },
	{ .name = "setrlimit", .minargs = 2, .maxargs = 2,
	  .parse = scen_do_setrlimit },
	{ .name = "prlimit64", .minargs = 4, .maxargs = 4,
	  .parse = scen_do_prlimit64 },
	{ .name = "open", .minargs = 2, .maxargs = 3, .parse = scen_do_open },
	{ .name = "openat", .minargs = 3, .maxargs = 4,
	  .parse = scen_do_openat },
	{ .name = "close", .minargs = 1, .maxargs = 1, .parse = scen_do_close },
	{ .name = "malloc", .minargs = 1, .maxargs = 1,
	  .parse = scen_do_malloc },
	{ .name = "free", .minargs = 1, .maxargs = 1, .parse = scen_do_free },
	{ .name = "calloc", .minargs = 2, .maxargs = 2,
	  .parse = scen_do_calloc },
	{ .name = "realloc", .minargs = 2, .maxargs = 2,
	  .parse = scen_do_realloc },
	{ .name = "mallopt", .minargs = 2, .maxargs = 2,
	  .parse = scen_do_mallopt },
};

static const struct scen_call *
scen_find_call(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(scen_calls); i++)
		if (strcmp(scen_calls[i].name, name) == 0)
			return &scen_calls[i];
	return NULL;
}

static int
scen_check_args(struct scen_parser *p, const struct scen_call *c,
    const struct sc_str *a, int n)
{
	int i;

	if (n < c->minargs || n > c->maxargs) {
		if (c->minargs == c->maxargs)
			return scen_fail(p, "%s takes %d argument%s, found %d",
			    c->name, c->minargs, c->minargs == 1 ? "" : "s", n);
		return scen_fail(p, "%s takes %d or %d arguments, found %d",
		    c->name, c->minargs, c->maxargs, n);
	}
	for (i = 0; i < n; i++)
		if (a[i].n == 0)
			return scen_fail(p, "argument %d of %s is empty", i + 1,
			    c->name);
	return 0;
}

/* ---- results ----------------------------------------------------------- */

/* "-1 ENOMEM": the errno name after the number. */
static int
scen_errno(const char **sp, const struct scen_op *op, unsigned long *v,
    char *msg, size_t msglen)
{
	const struct scen_name *e;
	const char *s = *sp;
	size_t n = 0;

	while (sc_word(s[n]))
		n++;
	if ((e = scen_lookup(scen_errnos, NELEM(scen_errnos), s, n)) == NULL)
		return sc_msg(msg, msglen, "unknown errno name %.*s in the "
		    "result of %s", sc_show(n), s, op->name);
	*v = -e->value;
	*sp = s + n;
	return 0;
}

/* The number after '=': an address, 0, a count, or -1 ERRNO. */
static int
scen_result_value(const char **sp, const struct scen_op *op,
    unsigned long *v, char *msg, size_t msglen)
{
	const char *s = *sp;
	int neg = *s == '-', rc;
	size_t n = 0;

	while (sc_word(s[neg + n]))
		n++;
	rc = sc_number(s + neg, n, v);
	if (rc == NUM_BAD)
		return sc_msg(msg, msglen, "expected a number after '=' in the "
		    "result of %s, found '%.*s'", op->name,
		    sc_show(strlen(s)), s);
	if (rc == NUM_RANGE)
		return sc_msg(msg, msglen, "the result of %s is out of range "
		    "(more than 64 bits)", op->name);
	s += neg + n;
	if (neg) {
		*v = -*v;
		s = sc_ws(s);
		if (sc_upper(*s) && scen_errno(&s, op, v, msg, msglen) < 0)
			return -1;
	} else if (*s == '<') {
		size_t e = sc_skip_quoted(s, strlen(s), 1, '>');

		if (e == NPOS)
			return sc_msg(msg, msglen, "expected '>' after the file "
			    "name in the result of %s", op->name);
		s += e;
	}
	*sp = s;
	return 0;
}

/* After the value: " (Cannot allocate memory)" and -T's " <0.000123>". */
static int
scen_result_tail(const char *s, const struct scen_op *op, char *msg,
    size_t msglen)
{
	size_t e;

	s = sc_ws(s);
	if (*s == '(') {
		if ((e = sc_close_paren(s, strlen(s), 0)) == NPOS)
			return sc_msg(msg, msglen, "expected ')' after the note "
			    "on the result of %s", op->name);
		s = sc_ws(s + e + 1);
	}
	if (*s == '<') {
		e = 1 + strspn(s + 1, "0123456789.");
		if (e == 1 || s[e] != '>')
			return sc_msg(msg, msglen, "expected a time like "
			    "<0.000123> after the result of %s", op->name);
		s = sc_ws(s + e + 1);
	}
	if (*s != '\0')
		return sc_msg(msg, msglen, "unexpected text after the result "
		    "of %s: '%.*s'", op->name, sc_show(strlen(s)), s);
	return 0;
}

/* What follows the call: nothing, "= ?", or "= value [note] [<time>]". */
static int
scen_result_parse(const char *s, struct scen_op *op, char *msg,
    size_t msglen)
{
	unsigned long v;

	s = sc_ws(s);
	if (*s == '\0')
		return 0;
	if (*s != '=')
		return sc_msg(msg, msglen, "expected '= result' after the "
		    "arguments of %s, found '%.*s'", op->name,
		    sc_show(strlen(s)), s);
	s = sc_ws(s + 1);
	if (*s == '?')
		return 0;
	if (op->kind == OP_FREE && strncmp(s, "<void>", 6) == 0)
		return scen_result_tail(s + 6, op, msg, msglen);
	if (scen_result_value(&s, op, &v, msg, msglen) < 0 ||
	    scen_result_tail(s, op, msg, msglen) < 0)
		return -1;
	op->has_expect = 1;
	op->expect = v;
	return 0;
}

/* Skipped calls keep their result when it parses and never fail on it. */
static int
scen_result(struct scen_parser *p, struct scen_op *op, const char *s)
{
	char msg[SCEN_ERRLEN];

	if (scen_result_parse(s, op, msg, sizeof msg) == 0)
		return 0;
	if (op->kind == OP_SKIP) {
		op->has_expect = 0;
		op->expect = 0;
		return 0;
	}
	return scen_fail(p, "%s", msg);
}

/* ---- system call lines ------------------------------------------------- */

/* The name before '(' into op->name; returns its length, or 0. */
static size_t
scen_call_name(struct scen_parser *p, struct scen_op *op, const char *s)
{
	size_t n = 0;

	while (sc_word(s[n]))
		n++;
	if (n == 0 || sc_digit(s[0])) {
		scen_fail(p, "expected a system call, a directive (%%), a "
		    "/proc/PID/maps line or a comment, found '%.*s'",
		    sc_show(strlen(s)), s);
		return 0;
	}
	if (s[n] != '(') {
		scen_fail(p, "expected '(' after the system call name %.*s",
		    sc_show(n), s);
		return 0;
	}
	free(op->name);
	if ((op->name = scen_strndup(p, s, n)) == NULL)
		return 0;
	return n;
}

/* "name(args) = result" into op (kind, lineno and pid already set). */
static int
scen_call(struct scen_parser *p, struct scen_op *op, const char *s)
{
	struct sc_str args[SCEN_MAXARGS];
	const struct scen_call *c;
	size_t len = strlen(s), n, close;
	int nargs;

	if ((n = scen_call_name(p, op, s)) == 0)
		return -1;
	if ((close = sc_close_paren(s, len, n)) == NPOS)
		return scen_fail(p, "expected ')' after the arguments of %s",
		    op->name);
	if ((op->text = scen_strndup(p, s, close + 1)) == NULL)
		return -1;
	if ((c = scen_find_call(op->name)) == NULL) {
		if (scen_skip_note(p, op, "is not modelled") < 0)
			return -1;
	} else {
		nargs = sc_split_args(s + n + 1, close - n - 1, args);
		if (scen_check_args(p, c, args, nargs) < 0 ||
		    c->parse(p, op, args) < 0)
			return -1;
	}
	return scen_result(p, op, s + close + 1);
}

/*
 * "[pid  12] " or "12 " (strace -f), then a timestamp of -t, -tt, -ttt or
 * -r ("12:34:56", "12:34:56.123456", "1700000000.123456", "0.000123").
 */
static int
scen_prefix(struct scen_parser *p, char **sp, int *pid)
{
	char *s = *sp;
	size_t n;
	unsigned long v;
	int bracket = sc_prefix(s, "[pid");

	if (bracket)
		s = sc_ws(s + 4);
	n = strspn(s, "0123456789");
	if (bracket || (n > 0 && sc_space(s[n]))) {
		if (n == 0)
			return scen_fail(p, "expected a pid after '[pid'");
		if (sc_digits(s, n, 10, &v) != NUM_OK || v > INT_MAX)
			return scen_fail(p, "the pid is out of range");
		*pid = (int)v;
		s = sc_ws(s + n);
		if (bracket && *s++ != ']')
			return scen_fail(p, "expected ']' after the pid");
		s = sc_ws(s);
	}
	n = strspn(s, "0123456789:.");
	if (n > 0 && (sc_space(s[n]) || s[n] == '\0') && strcspn(s, ":.") < n)
		s = sc_ws(s + n);
	*sp = s;
	return 0;
}

static size_t
scen_find_pending(const struct scen_parser *p, int pid)
{
	size_t i;

	for (i = 0; i < p->npend; i++)
		if (p->pend[i].pid == pid)
			return i;
	return NPOS;
}

/* A call that never came back in the log: kept as a skipped op. */
static int
scen_unresumed(struct scen_parser *p, size_t k, const char *why)
{
	struct scen_op *op = &p->sc->ops[p->pend[k].op];

	p->pend[k] = p->pend[--p->npend];
	return scen_skip_note(p, op, why);
}

static int
scen_drop_pending(struct scen_parser *p, int pid)
{
	size_t k = scen_find_pending(p, pid);

	if (k == NPOS)
		return 0;
	return scen_unresumed(p, k, "did not finish in the log");
}

/* "mmap(NULL, 8192, PROT_READ <unfinished ...>": the op waits. */
static int
scen_unfinished(struct scen_parser *p, int pid, char *s)
{
	struct scen_op *op;
	size_t idx;

	s[strlen(s) - strlen("<unfinished ...>")] = '\0';
	sc_rtrim(s);
	if ((op = scen_new_op(p, pid)) == NULL)
		return -1;
	idx = (size_t)(op - p->sc->ops);
	if (scen_call_name(p, op, s) == 0 ||
	    (op->text = scen_strndup(p, s, strlen(s))) == NULL ||
	    scen_grow(p, (void **)&p->pend, &p->pendcap, p->npend,
	    sizeof *p->pend) < 0)
		return -1;
	p->pend[p->npend].pid = pid;
	p->pend[p->npend++].op = idx;
	return 0;
}

/* The resumed part joins its unfinished start; the op keeps its line. */
static int
scen_join(struct scen_parser *p, size_t k, const char *rest)
{
	struct scen_op *op = &p->sc->ops[p->pend[k].op];
	int lineno = op->lineno, pid = op->pid, rc;
	char *full;

	if (sc_prefix(sc_ws(rest), "<unfinished ...>"))
		return scen_unresumed(p, k, "did not finish (its process "
		    "exited)");
	p->pend[k] = p->pend[--p->npend];
	if ((full = scen_concat(p, op->text, rest)) == NULL)
		return -1;
	scen_clear_op(op);
	op->kind = OP_SKIP;
	op->lineno = lineno;
	op->pid = pid;
	rc = scen_call(p, op, full);
	free(full);
	return rc;
}

/* "<... mmap resumed>, MAP_PRIVATE, -1, 0) = 0x7f0000000000" */
static int
scen_resumed(struct scen_parser *p, int pid, char *s)
{
	const char *name = sc_ws(s + 4), *r;
	struct scen_op *op;
	size_t n = 0, k;

	while (sc_word(name[n]))
		n++;
	r = sc_ws(name + n);
	if (n == 0 || !sc_prefix(r, "resumed>"))
		return scen_fail(p, "expected '<... NAME resumed>'");
	if ((k = scen_find_pending(p, pid)) == NPOS) {
		if ((op = scen_new_op(p, pid)) == NULL ||
		    (op->name = scen_strndup(p, name, n)) == NULL ||
		    (op->text = scen_strndup(p, s, strlen(s))) == NULL)
			return -1;
		return scen_skip_note(p, op, "resumed, but its start is not in "
		    "the log");
	}
	op = &p->sc->ops[p->pend[k].op];
	if (strlen(op->name) != n || memcmp(op->name, name, n) != 0)
		return scen_fail(p, "'<... %.*s resumed>' does not match the "
		    "unfinished %s of pid %d on line %d", sc_show(n), name,
		    op->name, pid, op->lineno);
	return scen_join(p, k, r + strlen("resumed>"));
}

static int
scen_syscall_line(struct scen_parser *p, char *s)
{
	struct scen_op *op;
	size_t n;
	int pid = 0;

	if (scen_prefix(p, &s, &pid) < 0)
		return -1;
	sc_cut_call_comment(s);
	if (*s == '\0')
		return scen_fail(p, "expected a system call after the pid or "
		    "the time");
	if (sc_prefix(s, "---"))
		return 0;			/* a signal */
	if (sc_prefix(s, "+++"))		/* the process is gone */
		return scen_drop_pending(p, pid);
	if (sc_prefix(s, "<..."))
		return scen_resumed(p, pid, s);
	if (scen_drop_pending(p, pid) < 0)
		return -1;
	n = strlen(s);
	if (n >= 16 && strcmp(s + n - 16, "<unfinished ...>") == 0)
		return scen_unfinished(p, pid, s);
	if ((op = scen_new_op(p, pid)) == NULL)
		return -1;
	return scen_call(p, op, s);
}

/* ---- directives -------------------------------------------------------- */

struct scen_directive;
typedef int (*scen_dir_fn)(struct scen_parser *,
    const struct scen_directive *, char **w, int nw, char *raw);

/* One "% name ..." directive: w holds nw words, raw the whole text. */
struct scen_directive {
	const char	*name;
	const char	*usage;		/* shown when the arguments are wrong */
	int		 minargs, maxargs;	/* words; maxargs -1: free text */
	scen_dir_fn	 parse;
	unsigned	 flag;		/* SCEN_F_* of an mm field */
	size_t		 offset;	/* the field in struct scenario */
};

/* A number for a directive: hex ("0x" optional) or 0x-hex/decimal. */
static int
scen_dir_num(struct scen_parser *p, const struct scen_directive *d,
    const char *w, int hex, unsigned long *out)
{
	int rc = hex ? sc_hexnum(w, strlen(w), out) :
	    sc_number(w, strlen(w), out);

	if (rc == NUM_BAD)
		return scen_fail(p, "expected %s for %% %s, found '%.*s'",
		    hex ? "a hex address" : "a number", d->name,
		    sc_show(strlen(w)), w);
	if (rc == NUM_RANGE)
		return scen_fail(p, "the value of %% %s is out of range "
		    "(more than 64 bits)", d->name);
	return 0;
}

static int
dir_layout(struct scen_parser *p, const struct scen_directive *d, char **w,
    int nw, char *raw)
{
	(void)d, (void)nw, (void)raw;
	if (strcmp(w[0], "legacy") == 0)
		p->sc->layout = LAYOUT_LEGACY;
	else if (strcmp(w[0], "topdown") == 0)
		p->sc->layout = LAYOUT_TOPDOWN;
	else
		return scen_fail(p, "unknown layout '%.*s'; expected legacy "
		    "or topdown", sc_show(strlen(w[0])), w[0]);
	return 0;
}

static int
dir_arch(struct scen_parser *p, const struct scen_directive *d, char **w,
    int nw, char *raw)
{
	size_t i;

	(void)d, (void)nw, (void)raw;
	for (i = 0; i < NELEM(scen_arch_names); i++)
		if (strcmp(w[0], scen_arch_names[i]) == 0)
			break;
	if (i == NELEM(scen_arch_names))
		return scen_fail(p, "unknown architecture '%.*s'; expected "
		    "x86_64, i386, arm or arm64", sc_show(strlen(w[0])), w[0]);
	free(p->sc->arch);
	p->sc->arch = scen_strndup(p, w[0], strlen(w[0]));
	return p->sc->arch == NULL ? -1 : 0;
}

static int
dir_aslr(struct scen_parser *p, const struct scen_directive *d, char **w,
    int nw, char *raw)
{
	unsigned long v;

	(void)nw, (void)raw;
	if (scen_dir_num(p, d, w[0], 0, &v) < 0)
		return -1;
	p->sc->has_aslr = 1;
	p->sc->aslr_seed = v;
	return 0;
}

static int
dir_rlim_value(struct scen_parser *p, const char *w, unsigned long *out)
{
	int rc = sc_rlim_value(w, strlen(w), 1, out);

	if (rc == NUM_BAD)
		return scen_fail(p, "expected a number (with K, M or G) or "
		    "unlimited for %% rlimit, found '%.*s'",
		    sc_show(strlen(w)), w);
	if (rc == NUM_RANGE)
		return scen_fail(p, "the value of %% rlimit is out of range "
		    "(more than 64 bits)");
	return 0;
}

/* % rlimit NAME CUR [MAX]; MAX defaults to unlimited. */
static int
dir_rlimit(struct scen_parser *p, const struct scen_directive *d, char **w,
    int nw, char *raw)
{
	unsigned long cur, max = RLIM_INFINITY;
	int id = scenario_rlimit_id(w[0]);

	(void)d, (void)raw;
	if (id < 0)
		return scen_fail(p, "unknown resource limit '%.*s'",
		    sc_show(strlen(w[0])), w[0]);
	if (dir_rlim_value(p, w[1], &cur) < 0 ||
	    (nw > 2 && dir_rlim_value(p, w[2], &max) < 0))
		return -1;
	if (cur > max)
		return scen_fail(p, "the soft limit of %s is above its hard "
		    "limit", scenario_rlimit_name(id));
	p->sc->rlim_set[id] = 1;
	p->sc->rlim_cur[id] = cur;
	p->sc->rlim_max[id] = max;
	return 0;
}

/* % brk, % start_brk, ... % mmap_base: an address into sc->mm. */
static int
dir_mmfield(struct scen_parser *p, const struct scen_directive *d,
    char **w, int nw, char *raw)
{
	unsigned long v;

	(void)nw, (void)raw;
	if (scen_dir_num(p, d, w[0], 1, &v) < 0)
		return -1;
	memcpy((char *)p->sc + d->offset, &v, sizeof v);
	p->sc->mm.set |= d->flag;
	return 0;
}

static int
dir_def_flags(struct scen_parser *p, const struct scen_directive *d,
    char **w, int nw, char *raw)
{
	(void)nw, (void)raw;
	if (strcmp(w[0], "locked") == 0 || strcmp(w[0], "VM_LOCKED") == 0)
		p->sc->mm.def_flags = VM_LOCKED;
	else if (strcmp(w[0], "0") == 0)
		p->sc->mm.def_flags = 0;
	else
		return scen_fail(p, "expected '%% %s'", d->usage);
	p->sc->mm.set |= SCEN_F_DEF_FLAGS;
	return 0;
}

static int
dir_personality(struct scen_parser *p, const struct scen_directive *d,
    char **w, int nw, char *raw)
{
	(void)nw, (void)raw;
	if (scen_dir_num(p, d, w[0], 1, &p->sc->personality) < 0)
		return -1;
	p->sc->personality_set = 1;
	return 0;
}

static int
dir_max_map_count(struct scen_parser *p, const struct scen_directive *d,
    char **w, int nw, char *raw)
{
	unsigned long v;

	(void)nw, (void)raw;
	if (scen_dir_num(p, d, w[0], 0, &v) < 0)
		return -1;
	if (v < 1 || v > INT_MAX)
		return scen_fail(p, "%% max_map_count must be between 1 and "
		    "%d", INT_MAX);
	p->sc->max_map_count = (int)v;
	return 0;
}

static int
dir_mmap_min_addr(struct scen_parser *p, const struct scen_directive *d,
    char **w, int nw, char *raw)
{
	(void)nw, (void)raw;
	if (scen_dir_num(p, d, w[0], 0, &p->sc->mmap_min_addr) < 0)
		return -1;
	p->sc->mmap_min_addr_set = 1;
	return 0;
}

/* % aliasing on|off, % cap_ipc_lock on|off: an int in struct scenario. */
static int
dir_onoff(struct scen_parser *p, const struct scen_directive *d, char **w,
    int nw, char *raw)
{
	int v;

	(void)nw, (void)raw;
	if (strcmp(w[0], "on") == 0)
		v = 1;
	else if (strcmp(w[0], "off") == 0)
		v = 0;
	else
		return scen_fail(p, "expected '%% %s'", d->usage);
	memcpy((char *)p->sc + d->offset, &v, sizeof v);
	return 0;
}

static int
dir_title(struct scen_parser *p, const struct scen_directive *d, char **w,
    int nw, char *raw)
{
	(void)d, (void)w, (void)nw;
	free(p->sc->title);
	p->sc->title = scen_strndup(p, raw, strlen(raw));
	return p->sc->title == NULL ? -1 : 0;
}

#define MMFIELD(n, f, fl) { .name = n, .usage = n " ADDR", .minargs = 1, \
	.maxargs = 1, .parse = dir_mmfield, .flag = fl, \
	.offset = offsetof(struct scenario, mm.f) }

static const struct scen_directive scen_directives[] = {
	{ .name = "layout", .usage = "layout legacy|topdown", .minargs = 1,
	  .maxargs = 1, .parse = dir_layout },
	{ .name = "arch", .usage = "arch x86_64|i386|arm|arm64", .minargs = 1,
	  .maxargs = 1, .parse = dir_arch },
	{ .name = "aslr", .usage = "aslr SEED", .minargs = 1, .maxargs = 1,
	  .parse = dir_aslr },
	{ .name = "rlimit", .usage = "rlimit NAME CUR [MAX]", .minargs = 2,
	  .maxargs = 3, .parse = dir_rlimit },
	MMFIELD("brk", brk, SCEN_F_BRK),
	MMFIELD("start_brk", start_brk, SCEN_F_START_BRK),
	MMFIELD("start_data", start_data, SCEN_F_START_DATA),
	MMFIELD("end_data", end_data, SCEN_F_END_DATA),
	MMFIELD("start_code", start_code, SCEN_F_START_CODE),
	MMFIELD("end_code", end_code, SCEN_F_END_CODE),
	MMFIELD("start_stack", start_stack, SCEN_F_START_STACK),
	MMFIELD("mmap_base", mmap_base, SCEN_F_MMAP_BASE),
	{ .name = "def_flags", .usage = "def_flags locked|0", .minargs = 1,
	  .maxargs = 1, .parse = dir_def_flags },
	{ .name = "personality", .usage = "personality HEX", .minargs = 1,
	  .maxargs = 1, .parse = dir_personality },
	{ .name = "max_map_count", .usage = "max_map_count N", .minargs = 1,
	  .maxargs = 1, .parse = dir_max_map_count },
	{ .name = "mmap_min_addr", .usage = "mmap_min_addr N", .minargs = 1,
	  .maxargs = 1, .parse = dir_mmap_min_addr },
	{ .name = "aliasing", .usage = "aliasing on|off", .minargs = 1,
	  .maxargs = 1, .parse = dir_onoff,
	  .offset = offsetof(struct scenario, aliasing) },
	{ .name = "cap_ipc_lock", .usage = "cap_ipc_lock on|off",
	  .minargs = 1, .maxargs = 1, .parse = dir_onoff,
	  .offset = offsetof(struct scenario, cap_ipc_lock) },
	{ .name = "title", .usage = "title TEXT", .minargs = 1, .maxargs = -1,
	  .parse = dir_title },
};

static const struct scen_directive *
scen_find_directive(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(scen_directives); i++)
		if (strcmp(scen_directives[i].name, name) == 0)
			return &scen_directives[i];
	return NULL;
}

/* Splits s in place at blanks; returns the count (max + 1: too many). */
static int
sc_words(char *s, char **w, int max)
{
	int n = 0;

	for (;;) {
		s = sc_ws(s);
		if (*s == '\0')
			return n;
		if (n == max)
			return max + 1;
		w[n++] = s;
		while (*s != '\0' && !sc_space(*s))
			s++;
		if (*s != '\0')
			*s++ = '\0';
	}
}

/* "% name args": the start state. A "# comment" after a blank is cut. */
static int
scen_directive(struct scen_parser *p, char *s)
{
	const struct scen_directive *d;
	char *name, *raw, *w[4];
	int nw;

	sc_cut_comment(s);
	name = sc_ws(s);
	raw = name + strcspn(name, " \t\v\f\r");
	if (*raw != '\0')
		*raw++ = '\0';
	raw = sc_ws(raw);
	if (*name == '\0')
		return scen_fail(p, "expected a directive name after '%%'");
	if ((d = scen_find_directive(name)) == NULL)
		return scen_fail(p, "unknown directive '%% %.*s'",
		    sc_show(strlen(name)), name);
	if (d->maxargs < 0)
		nw = *raw != '\0';
	else
		nw = sc_words(raw, w, d->maxargs);
	if (nw < d->minargs || (d->maxargs >= 0 && nw > d->maxargs))
		return scen_fail(p, "expected '%% %s'", d->usage);
	return d->parse(p, d, w, nw, raw);
}

/* ---- maps lines and the line dispatcher ------------------------------- */

static int
sc_is_maps(const char *s)
{
	size_t n = 0;

	while (sc_hexval(s[n]) >= 0)
		n++;
	return n > 0 && s[n] == '-';
}

static int
scen_maps_line(struct scen_parser *p, char *s)
{
	struct scenario *sc = p->sc;
	char msg[SCEN_ERRLEN];
	struct scen_map m;

	if (p->first_op_line != 0)
		return scen_fail(p, "a /proc/PID/maps line must come before the "
		    "system calls (the first is on line %d)", p->first_op_line);
	sc_cut_comment(s);
	if (procfs_parse_maps_line(s, &m, msg, sizeof msg) < 0)
		return scen_fail(p, "%s", msg);
	m.lineno = p->lineno;
	if (sc->nmaps > 0 && procfs_check_next(&sc->maps[sc->nmaps - 1], &m,
	    msg, sizeof msg) < 0) {
		free(m.path);
		return scen_fail(p, "%s", msg);
	}
	if (scen_grow(p, (void **)&sc->maps, &p->mapcap, sc->nmaps,
	    sizeof m) < 0) {
		free(m.path);
		return -1;
	}
	sc->maps[sc->nmaps++] = m;
	return 0;
}

/* One line, its newline, comments and strace's own messages removed. */
static int
scen_logical_line(struct scen_parser *p, char *s)
{
	s = sc_ws(s);
	if (*s == '\0' || *s == '#')
		return 0;
	if (*s == '%')
		return scen_directive(p, s + 1);
	if (sc_is_maps(s))
		return scen_maps_line(p, s);
	if (sc_prefix(s, "strace: ") || sc_prefix(s, "[ Process PID="))
		return 0;
	return scen_syscall_line(p, s);
}

/*
 * strace -f writing its messages to the same stream as the trace (2> file)
 * can put "strace: Process N attached" in the middle of a call; the call
 * goes on at the start of the next line. Returns where such a message
 * ends the line, or NPOS.
 */
static size_t
sc_strace_msg(const char *s)
{
	static const char tag[] = "strace: Process ";
	const char *m = NULL, *q = s;

	while ((q = strstr(q, tag)) != NULL)
		m = q++;
	if (m == NULL || m == s)
		return NPOS;
	q = m + strlen(tag);
	if (!sc_digit(*q))
		return NPOS;
	q += strspn(q, "0123456789");
	if (strcmp(q, " attached") != 0 && strcmp(q, " detached") != 0)
		return NPOS;
	return (size_t)(m - s);
}

static int
scen_line_body(struct scen_parser *p, char *s)
{
	size_t cut;

	sc_rtrim(s);
	if ((cut = sc_strace_msg(s)) == NPOS)
		return scen_logical_line(p, s);
	s[cut] = '\0';
	if (*sc_ws(s) == '\0')
		return 0;
	p->carry_line = p->op_lineno;
	return (p->carry = scen_strndup(p, s, cut)) == NULL ? -1 : 0;
}

/* One physical line of len bytes (newline included, if any). */
static int
scen_line(struct scen_parser *p, char *line, size_t len)
{
	char *joined = NULL;
	int rc;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (memchr(line, '\0', len) != NULL)
		return scen_fail(p, "the line contains a NUL byte");
	p->op_lineno = p->lineno;
	if (p->carry != NULL) {
		p->op_lineno = p->carry_line;
		joined = scen_concat(p, p->carry, line);
		free(p->carry);
		p->carry = NULL;
		if ((line = joined) == NULL)
			return -1;
	}
	rc = scen_line_body(p, line);
	free(joined);
	return rc;
}

/* ---- entry points ------------------------------------------------------ */

static int
scen_begin(struct scen_parser *p, struct scenario *sc, const char *name,
    char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	memset(sc, 0, sizeof *sc);
	sc->layout = -1;
	sc->aliasing = -1;
	sc->cap_ipc_lock = -1;
	p->sc = sc;
	p->name = name != NULL ? name : "scenario";
	p->err = err;
	p->errlen = errlen;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	sc->file = scen_strndup(p, p->name, strlen(p->name));
	return sc->file == NULL ? -1 : 0;
}

/* Finishes a cut call and unresumed calls; all or nothing on error. */
static int
scen_end(struct scen_parser *p, int rc)
{
	char *carry = p->carry;

	if (rc == 0 && carry != NULL) {
		p->carry = NULL;
		p->op_lineno = p->carry_line;
		rc = scen_logical_line(p, carry);
		free(carry);
	}
	while (rc == 0 && p->npend > 0)
		rc = scen_unresumed(p, 0, "did not finish in the log");
	free(p->pend);
	free(p->carry);
	if (rc < 0) {
		scenario_free(p->sc);
		memset(p->sc, 0, sizeof *p->sc);
	}
	return rc;
}

/*
 * Parses a scenario from fp. Returns 0, or -1 with "name:line: message"
 * in err, nothing allocated and *sc zeroed.
 */
int
scenario_parse(FILE *fp, const char *name, struct scenario *sc, char *err,
    size_t errlen)
{
	struct scen_parser p;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = scen_begin(&p, sc, name, err, errlen);

	while (rc == 0 && (len = getline(&line, &cap, fp)) >= 0) {
		p.lineno++;
		rc = scen_line(&p, line, (size_t)len);
	}
	if (rc == 0 && !feof(fp)) {
		p.lineno++;
		rc = scen_fail(&p, "cannot read the file");
	}
	free(line);
	return scen_end(&p, rc);
}

/*
 * Parses len arbitrary bytes. Returns 0, or -1 with "name:line: message"
 * in err, nothing allocated and *sc zeroed. Never reads outside the buffer.
 */
int
scenario_parse_mem(const void *buf, size_t len, const char *name,
    struct scenario *sc, char *err, size_t errlen)
{
	struct scen_parser p;
	const char *b = buf, *nl;
	char *line = NULL;
	size_t pos = 0, n, cap = 0;
	int rc = scen_begin(&p, sc, name, err, errlen);

	while (rc == 0 && pos < len) {
		nl = memchr(b + pos, '\n', len - pos);
		n = nl ? (size_t)(nl - (b + pos)) + 1 : len - pos;
		if ((rc = scen_grow(&p, (void **)&line, &cap, n, 1)) < 0)
			break;
		memcpy(line, b + pos, n);
		line[n] = '\0';
		pos += n;
		p.lineno++;
		rc = scen_line(&p, line, n);
	}
	free(line);
	return scen_end(&p, rc);
}

/* As scenario_parse_mem, on a C string; NULL is the empty scenario. */
int
scenario_parse_string(const char *text, const char *name,
    struct scenario *sc, char *err, size_t errlen)
{
	if (text == NULL)
		text = "";
	return scenario_parse_mem(text, strlen(text), name, sc, err, errlen);
}

/* Frees what a successful parse allocated and zeroes *sc. NULL is fine. */
void
scenario_free(struct scenario *sc)
{
	size_t i;

	if (sc == NULL)
		return;
	for (i = 0; i < sc->nops; i++)
		scen_clear_op(&sc->ops[i]);
	free(sc->ops);
	procfs_free_maps(sc->maps, sc->nmaps);
	free(sc->file);
	free(sc->arch);
	free(sc->title);
	memset(sc, 0, sizeof *sc);
}
