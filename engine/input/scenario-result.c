/*
 * scenario-result.c - what follows a call's ')':
 *
 *   = 0x7f0000000000                     an address, 0 or a count
 *   = -1 ENOMEM (Cannot allocate memory) -errno, by its name
 *   = 3</etc/ld.so.cache>                an fd with strace -y's path
 *   = <void>                             free's, which returns nothing
 *   = ?, or no '=' at all                no result to check
 *   ... <0.000020>                       strace -T's time, after a value
 *
 * The value goes to op->expect, as the kernel returns it (-ENOMEM for
 * "-1 ENOMEM"), and op->has_expect says there was one. A skipped call
 * keeps its result when it reads and never fails on it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <string.h>

#include "trace/fail.h"
#include "scenario-int.h"
#include "kernel/vm.h"

/* errno names as strace prints them; values of Linux x86/arm (generic). */
static const struct scen_name scen_result_errnos[] = {
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

/* ---- reading a result -------------------------------------------------- */

/* "-1 ENOMEM": the errno name after the number. */
static int
scen_result_errno(const char **sp, const struct scen_op *op,
    unsigned long *v, char *msg, size_t msglen)
{
	const struct scen_name *e;
	const char *s = *sp;
	size_t n = 0;

	while (scen_lex_word(s[n]))
		n++;
	if ((e = scen_lex_lookup(scen_result_errnos, NELEM(scen_result_errnos),
	    s, n)) == NULL)
		return engine_fail(msg, msglen, "unknown errno name %.*s in "
		    "the result of %s", scen_lex_show(n), s, op->name);
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

	while (scen_lex_word(s[neg + n]))
		n++;
	rc = scen_lex_number(s + neg, n, v);
	if (rc == NUM_BAD)
		return engine_fail(msg, msglen, "expected a number after '=' "
		    "in the result of %s, found '%.*s'", op->name,
		    scen_lex_show(strlen(s)), s);
	if (rc == NUM_RANGE)
		return engine_fail(msg, msglen, "the result of %s is out of "
		    "range (more than 64 bits)", op->name);
	s += neg + n;
	if (neg) {
		*v = -*v;
		s = scen_lex_ws(s);
		if (scen_lex_upper(*s) &&
		    scen_result_errno(&s, op, v, msg, msglen) < 0)
			return -1;
	} else if (*s == '<') {
		size_t e = scen_lex_skip_quoted(s, strlen(s), 1, '>');

		if (e == NPOS)
			return engine_fail(msg, msglen, "expected '>' after "
			    "the file name in the result of %s", op->name);
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

	s = scen_lex_ws(s);
	if (*s == '(') {
		if ((e = scen_lex_close_paren(s, strlen(s), 0)) == NPOS)
			return engine_fail(msg, msglen, "expected ')' after "
			    "the note on the result of %s", op->name);
		s = scen_lex_ws(s + e + 1);
	}
	if (*s == '<') {
		e = 1 + strspn(s + 1, "0123456789.");
		if (e == 1 || s[e] != '>')
			return engine_fail(msg, msglen, "expected a time like "
			    "<0.000123> after the result of %s", op->name);
		s = scen_lex_ws(s + e + 1);
	}
	if (*s != '\0')
		return engine_fail(msg, msglen, "unexpected text after the "
		    "result of %s: '%.*s'", op->name, scen_lex_show(strlen(s)),
		    s);
	return 0;
}

/* What follows the call: nothing, "= ?", or "= value [note] [<time>]". */
static int
scen_result_read(const char *s, struct scen_op *op, char *msg,
    size_t msglen)
{
	unsigned long v;

	s = scen_lex_ws(s);
	if (*s == '\0')
		return 0;
	if (*s != '=')
		return engine_fail(msg, msglen, "expected '= result' after the "
		    "arguments of %s, found '%.*s'", op->name,
		    scen_lex_show(strlen(s)), s);
	s = scen_lex_ws(s + 1);
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
int
scen_result(struct scen_parser *p, struct scen_op *op, const char *s)
{
	char msg[SCEN_ERRLEN];

	if (scen_result_read(s, op, msg, sizeof msg) == 0)
		return 0;
	if (op->kind == OP_SKIP) {
		op->has_expect = 0;
		op->expect = 0;
		return 0;
	}
	return scen_fail(p, "%s", msg);
}
