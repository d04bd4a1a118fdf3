/*
 * scenario-strace.c - a line of strace output, around the call itself.
 *
 *   [pid  12] 12:34:56.123456 mmap(NULL, 8192, ...) = 0x7f0000000000 <0.000020>
 *   `-- -f --' `---- -tt ---' `------------- scenario-call.c --------------'
 *
 * The strace side accepts what strace really prints: the pid prefix of -f
 * ("[pid N] " or "N " with -o), the timestamps of -t, -tt, -ttt and -r,
 * "<unfinished ...>" / "<... mmap resumed>" pairs, signal and exit lines,
 * and "strace: Process N attached" wherever strace wrote it. The call
 * between them ("name(args) = result", with -y's fd paths and -T's time)
 * is scenario-call.c's.
 *
 * A call cut in two by another process waits in p->pend, one per pid,
 * until its "resumed>" line: the two halves are joined and parsed as one
 * call on the line where it began. A call that never comes back is kept
 * as a skipped op that says so.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "scenario-int.h"

/*
 * "[pid  12] " or "12 " (strace -f), then a timestamp of -t, -tt, -ttt or
 * -r ("12:34:56", "12:34:56.123456", "1700000000.123456", "0.000123").
 */
static int
scen_strace_prefix(struct scen_parser *p, char **sp, int *pid)
{
	char *s = *sp;
	size_t n;
	unsigned long v;
	int bracket = scen_lex_prefix(s, "[pid");

	if (bracket)
		s = scen_lex_ws(s + 4);
	n = strspn(s, "0123456789");
	if (bracket || (n > 0 && scen_lex_space(s[n]))) {
		if (n == 0)
			return scen_fail(p, "expected a pid after '[pid'");
		if (scen_lex_digits(s, n, 10, &v) != NUM_OK || v > INT_MAX)
			return scen_fail(p, "the pid is out of range");
		*pid = (int)v;
		s = scen_lex_ws(s + n);
		if (bracket && *s++ != ']')
			return scen_fail(p, "expected ']' after the pid");
		s = scen_lex_ws(s);
	}
	n = strspn(s, "0123456789:.");
	if (n > 0 && (scen_lex_space(s[n]) || s[n] == '\0') &&
	    strcspn(s, ":.") < n)
		s = scen_lex_ws(s + n);
	*sp = s;
	return 0;
}

static size_t
scen_strace_find_pending(const struct scen_parser *p, int pid)
{
	size_t i;

	for (i = 0; i < p->npend; i++)
		if (p->pend[i].pid == pid)
			return i;
	return NPOS;
}

/* A call that never came back in the log: kept as a skipped op. */
static int
scen_strace_unresumed(struct scen_parser *p, size_t k, const char *why)
{
	struct scen_op *op = &p->sc->ops[p->pend[k].op];

	p->pend[k] = p->pend[--p->npend];
	return scen_skip_note(p, op, why);
}

static int
scen_strace_drop_pending(struct scen_parser *p, int pid)
{
	size_t k = scen_strace_find_pending(p, pid);

	if (k == NPOS)
		return 0;
	return scen_strace_unresumed(p, k, "did not finish in the log");
}

/* "mmap(NULL, 8192, PROT_READ <unfinished ...>": the op waits. */
static int
scen_strace_unfinished(struct scen_parser *p, int pid, char *s)
{
	struct scen_op *op;
	size_t idx;

	s[strlen(s) - strlen("<unfinished ...>")] = '\0';
	scen_lex_rtrim(s);
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
scen_strace_join(struct scen_parser *p, size_t k, const char *rest)
{
	struct scen_op *op = &p->sc->ops[p->pend[k].op];
	int lineno = op->lineno, pid = op->pid, rc;
	char *full;

	if (scen_lex_prefix(scen_lex_ws(rest), "<unfinished ...>"))
		return scen_strace_unresumed(p, k, "did not finish (its "
		    "process exited)");
	p->pend[k] = p->pend[--p->npend];
	if ((full = scen_concat(p, op->text, rest)) == NULL)
		return -1;
	scen_clear_op(op);
	op->kind = OP_SKIP;
	op->lineno = lineno;
	op->pid = pid;
	rc = scen_call_parse(p, op, full);
	free(full);
	return rc;
}

/* "<... mmap resumed>, MAP_PRIVATE, -1, 0) = 0x7f0000000000" */
static int
scen_strace_resumed(struct scen_parser *p, int pid, char *s)
{
	const char *name = scen_lex_ws(s + 4), *r;
	struct scen_op *op;
	size_t n = 0, k;

	while (scen_lex_word(name[n]))
		n++;
	r = scen_lex_ws(name + n);
	if (n == 0 || !scen_lex_prefix(r, "resumed>"))
		return scen_fail(p, "expected '<... NAME resumed>'");
	if ((k = scen_strace_find_pending(p, pid)) == NPOS) {
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
		    "unfinished %s of pid %d on line %d", scen_lex_show(n),
		    name, op->name, pid, op->lineno);
	return scen_strace_join(p, k, r + strlen("resumed>"));
}

/*
 * One line of strace output (comments not yet cut): strace's own
 * messages, a signal, an exit, half a call or a whole call.
 */
int
scen_strace_line(struct scen_parser *p, char *s)
{
	struct scen_op *op;
	size_t n;
	int pid = 0;

	if (scen_lex_prefix(s, "strace: ") ||
	    scen_lex_prefix(s, "[ Process PID="))
		return 0;
	if (scen_strace_prefix(p, &s, &pid) < 0)
		return -1;
	scen_lex_cut_call_comment(s);
	if (*s == '\0')
		return scen_fail(p, "expected a system call after the pid or "
		    "the time");
	if (scen_lex_prefix(s, "---"))
		return 0;			/* a signal */
	if (scen_lex_prefix(s, "+++"))		/* the process is gone */
		return scen_strace_drop_pending(p, pid);
	if (scen_lex_prefix(s, "<..."))
		return scen_strace_resumed(p, pid, s);
	if (scen_strace_drop_pending(p, pid) < 0)
		return -1;
	n = strlen(s);
	if (n >= 16 && strcmp(s + n - 16, "<unfinished ...>") == 0)
		return scen_strace_unfinished(p, pid, s);
	if ((op = scen_new_op(p, pid)) == NULL)
		return -1;
	return scen_call_parse(p, op, s);
}

/*
 * strace -f writing its messages to the same stream as the trace (2> file)
 * can put "strace: Process N attached" in the middle of a call; the call
 * goes on at the start of the next line. Returns where such a message
 * ends the line, or NPOS.
 */
size_t
scen_strace_msg(const char *s)
{
	static const char tag[] = "strace: Process ";
	const char *m = NULL, *q = s;

	while ((q = strstr(q, tag)) != NULL)
		m = q++;
	if (m == NULL || m == s)
		return NPOS;
	q = m + strlen(tag);
	if (!scen_lex_digit(*q))
		return NPOS;
	q += strspn(q, "0123456789");
	if (strcmp(q, " attached") != 0 && strcmp(q, " detached") != 0)
		return NPOS;
	return (size_t)(m - s);
}

/* At the end of the log: the calls still waiting never came back. */
int
scen_strace_end(struct scen_parser *p)
{
	int rc = 0;

	while (rc == 0 && p->npend > 0)
		rc = scen_strace_unresumed(p, 0, "did not finish in the log");
	return rc;
}
