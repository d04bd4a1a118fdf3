/*
 * scenario.c - scenario files parsed into a struct scenario: the reader.
 *
 * A scenario is what strace prints, with a start state in front:
 *
 *   # a comment                              ignored, like blank lines
 *   % layout legacy                          a directive: the start state
 *   555555554000-555555555000 r--p ...       a /proc/PID/maps line: a VMA
 *   [pid  12] 12:34:56.123456 mmap(NULL, 8192, ...) = 0x7f0000000000 <0.000020>
 *   `-- -f --' `---- -tt ---' `--- the call ---'   `- result -'    `- -T -'
 *
 * This file reads the lines, tells which kind each one is and hands it to
 * the part that knows it (scenario-int.h lists them): directives to
 * scenario-directive.c, maps lines to procfs.c, the rest to
 * scenario-strace.c. It owns the parser's state, its errors and the
 * storage of the struct scenario being built.
 *
 * Parsing is all or nothing: the first error stops it, everything built so
 * far is freed and the scenario is zeroed. Nothing here prints or exits.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "scenario-int.h"
#include "kernel/vm.h"
#include "trace/i18n.h"
#include "trace/readcap.h"

/*
 * The caps of a scenario read from a file or a pipe: generous (a recording
 * of a busy program is a few MiB; strace -s 4096 writes lines of a few
 * KiB; test-scenario's longest line is a number of 1 MiB), but an end to
 * /dev/zero or `yes | vmalab run -`.
 */
#define SCEN_MAX_BYTES	(256 * READCAP_MIB)
#define SCEN_MAX_LINE	(4 * READCAP_MIB)

/* ---- errors and storage ------------------------------------------------ */

/* Writes "file:line: message" into the caller's buffer; returns -1. */
int
scen_fail(struct scen_parser *p, const char *fmt, ...)
{
	char msg[SCEN_ERRLEN];
	va_list ap;

	if (p->err == NULL || p->errlen == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	/* Only the message is translated: file:line stays as tools read it. */
	snprintf(p->err, p->errlen, "%s:%d: %s", p->name, p->lineno, msg);
	return -1;
}

char *
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

static char *scen_printf(struct scen_parser *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

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

char *
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
int
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

void
scen_clear_op(struct scen_op *op)
{
	free(op->name);
	free(op->text);
	free(op->path);
	free(op->note);
	memset(op, 0, sizeof *op);
}

/* A new op at the current line, OP_SKIP until a parser says otherwise. */
struct scen_op *
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

int
scen_skip_note(struct scen_parser *p, struct scen_op *op, const char *note)
{
	op->kind = OP_SKIP;
	free(op->note);
	op->note = scen_printf(p, "%s %s; skipped", op->name, note);
	return op->note == NULL ? -1 : 0;
}

/* ---- resource names ---------------------------------------------------- */

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
	if (n > 7 && scen_lex_caseeq(name, 7, "RLIMIT_")) {
		name += 7;
		n -= 7;
	}
	for (i = 0; i < VM_RLIMIT_NLIMITS; i++)
		if (scen_lex_caseeq(name, n, scen_rlimit_names[i] + 7))
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

/* ---- maps lines and the line dispatcher ------------------------------- */

static int
scen_is_maps(const char *s)
{
	size_t n = 0;

	while (scen_lex_hexval(s[n]) >= 0)
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
	scen_lex_cut_comment(s);
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
	s = scen_lex_ws(s);
	if (*s == '\0' || *s == '#')
		return 0;
	if (*s == '%')
		return scen_dir_parse(p, s + 1);
	if (scen_is_maps(s))
		return scen_maps_line(p, s);
	return scen_strace_line(p, s);
}

/*
 * A line that "strace: Process N attached" cut (scen_strace_msg) keeps
 * its start in p->carry: the call goes on at the start of the next line.
 */
static int
scen_line_body(struct scen_parser *p, char *s)
{
	size_t cut;

	scen_lex_rtrim(s);
	if ((cut = scen_strace_msg(s)) == NPOS)
		return scen_logical_line(p, s);
	s[cut] = '\0';
	if (*scen_lex_ws(s) == '\0')
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
	sc->kernel = -1;
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
	if (rc == 0)
		rc = scen_strace_end(p);
	free(p->pend);
	free(p->carry);
	if (rc < 0) {
		scenario_free(p->sc);
		memset(p->sc, 0, sizeof *p->sc);
	}
	return rc;
}

/*
 * Parses a scenario from fp, at most SCEN_MAX_BYTES in lines of at most
 * SCEN_MAX_LINE. Returns 0, or -1 with "name:line: message" (or "name:
 * larger than N MiB: ...") in err, nothing allocated and *sc zeroed.
 */
int
scenario_parse(FILE *fp, const char *name, struct scenario *sc, char *err,
    size_t errlen)
{
	struct scen_parser p;
	struct readcap rd;
	ssize_t len = 0;
	int rc = scen_begin(&p, sc, name, err, errlen);

	readcap_init(&rd, p.name, "a scenario", SCEN_MAX_BYTES, SCEN_MAX_LINE);
	while (rc == 0 && (len = readcap_line(&rd, fp, err, errlen)) > 0) {
		p.lineno = (int)rd.lineno;
		rc = scen_line(&p, rd.line, (size_t)len);
	}
	if (rc == 0 && len < 0)
		rc = -1;	/* readcap_line wrote the message */
	readcap_free(&rd);
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
	free(sc->recorded_on);
	for (i = 0; i < sc->nfs; i++) {
		free(sc->fs[i].fs);
		free(sc->fs[i].path);
	}
	free(sc->fs);
	memset(sc, 0, sizeof *sc);
}
