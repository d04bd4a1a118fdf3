/*
 * scenario-call.c - one call, "name(args) = result", and the system calls
 * the engine models.
 *
 *   munmap(0x2aaaaaaea000, 4096) = 0
 *   `name' `---- arguments ---'  `- result
 *
 * scen_call_table names each call the engine models, how many arguments
 * it takes and the function that reads them into a struct scen_op (the
 * argument conventions are in scenario.h). The arguments are split at
 * top-level commas (scen_lex_split_args); their syntax is
 * scenario-arg.c's, the allocator's calls are scenario-alloc.c's, the
 * result is scenario-result.c's. Any other call is kept as OP_SKIP with
 * a note, so that a real strace log replays.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "scenario-int.h"
#include "kernel/vm.h"

/* ---- the modelled system calls ----------------------------------------- */

static int
scen_call_brk(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
{
	op->kind = OP_BRK;
	return scen_arg_num(p, op, a[0], "address", &op->args[0]);
}

/* mmap and mmap2 alike: strace prints mmap2's offset in bytes too. */
static int
scen_call_mmap(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
{
	op->kind = OP_MMAP;
	if (scen_arg_num(p, op, a[0], "address", &op->args[0]) < 0 ||
	    scen_arg_num(p, op, a[1], "length", &op->args[1]) < 0 ||
	    scen_arg_flags(p, op, a[2], &scen_arg_prot, &op->args[2]) < 0 ||
	    scen_arg_flags(p, op, a[3], &scen_arg_mapflags, &op->args[3]) < 0 ||
	    scen_arg_fd(p, op, a[4], 1, &op->args[4]) < 0 ||
	    scen_arg_num(p, op, a[5], "offset", &op->args[5]) < 0)
		return -1;
	return 0;
}

static int
scen_call_munmap(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
{
	op->kind = OP_MUNMAP;
	if (scen_arg_num(p, op, a[0], "address", &op->args[0]) < 0 ||
	    scen_arg_num(p, op, a[1], "length", &op->args[1]) < 0)
		return -1;
	return 0;
}

static int
scen_call_mprotect(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
{
	op->kind = OP_MPROTECT;
	if (scen_arg_num(p, op, a[0], "address", &op->args[0]) < 0 ||
	    scen_arg_num(p, op, a[1], "length", &op->args[1]) < 0 ||
	    scen_arg_flags(p, op, a[2], &scen_arg_mprot, &op->args[2]) < 0)
		return -1;
	return 0;
}

/*
 * mremap(old, old_len, new_len, flags[, new]): strace prints the fifth
 * argument only when the flags ask for a new address (MREMAP_FIXED); the
 * kernel reads it then and only then, so a line without it stores 0.
 */
static int
scen_call_mremap(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
{
	op->kind = OP_MREMAP;
	if (scen_arg_num(p, op, a[0], "old address", &op->args[0]) < 0 ||
	    scen_arg_num(p, op, a[1], "old length", &op->args[1]) < 0 ||
	    scen_arg_num(p, op, a[2], "new length", &op->args[2]) < 0 ||
	    scen_arg_flags(p, op, a[3], &scen_arg_mremapflags,
	    &op->args[3]) < 0)
		return -1;
	if (a[4].s == NULL) {
		if (op->args[3] & MREMAP_FIXED)
			return scen_fail(p, "mremap with MREMAP_FIXED takes "
			    "a new address as argument 5");
		return 0;
	}
	return scen_arg_num(p, op, a[4], "new address", &op->args[4]);
}

static int
scen_call_setrlimit(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
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
scen_call_prlimit64(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
{
	int rc;

	op->kind = OP_SETRLIMIT;
	if (scen_lex_number(a[0].s, a[0].n, &op->args[3]) != NUM_OK)
		return scen_fail(p, "expected a pid for prlimit64, found "
		    "'%.*s'", scen_lex_show(a[0].n), a[0].s);
	if (scen_arg_resource(p, op, a[1], &op->args[0]) < 0)
		return -1;
	if (scen_lex_eq(a[2], "NULL"))
		return scen_skip_note(p, op, "with no new limit only reads it");
	if ((rc = scen_arg_rlim(p, op, a[2])) < 0)
		return -1;
	return rc ? scen_skip_note(p, op, "shows no limits") : 0;
}

/* The access mode in open's flags: O_RDONLY 0, O_WRONLY 1, O_RDWR 2. */
static unsigned long
scen_call_accmode(struct scen_str a)
{
	struct scen_str t;
	const char *bar;
	unsigned long v;

	for (;;) {
		bar = memchr(a.s, '|', a.n);
		t = scen_lex_trim(a.s, bar ? (size_t)(bar - a.s) : a.n);
		if (scen_lex_eq(t, "O_WRONLY"))
			return 1;
		if (scen_lex_eq(t, "O_RDWR"))
			return 2;
		if (scen_lex_number(t.s, t.n, &v) == NUM_OK && (v & 3) != 0)
			return v & 3;
		if (bar == NULL)
			return 0;
		a.n -= (size_t)(bar + 1 - a.s);
		a.s = bar + 1;
	}
}

static int
scen_call_open_at(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
{
	int rc;

	op->kind = OP_OPEN;
	if ((rc = scen_arg_path(p, op, a[0])) < 0)
		return -1;
	if (rc == 1)
		return scen_skip_note(p, op, "shows no path");
	op->args[0] = scen_call_accmode(a[1]);
	return 0;
}

static int
scen_call_open(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
{
	return scen_call_open_at(p, op, a);
}

static int
scen_call_openat(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
{
	unsigned long dirfd;

	if (scen_arg_fd(p, op, a[0], 0, &dirfd) < 0)
		return -1;
	return scen_call_open_at(p, op, a + 1);
}

static int
scen_call_close(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
{
	op->kind = OP_CLOSE;
	return scen_arg_fd(p, op, a[0], 1, &op->args[0]);
}

/* ---- the table of modelled calls --------------------------------------- */

static const struct scen_call {
	const char	*name;
	int		 minargs, maxargs;
	int		(*parse)(struct scen_parser *, struct scen_op *,
			    const struct scen_str *);
} scen_call_table[] = {
	{ .name = "brk", .minargs = 1, .maxargs = 1, .parse = scen_call_brk },
	{ .name = "mmap", .minargs = 6, .maxargs = 6, .parse = scen_call_mmap },
	{ .name = "mmap2", .minargs = 6, .maxargs = 6,
	  .parse = scen_call_mmap },
	{ .name = "munmap", .minargs = 2, .maxargs = 2,
	  .parse = scen_call_munmap },
	{ .name = "mprotect", .minargs = 3, .maxargs = 3,
	  .parse = scen_call_mprotect },
	{ .name = "mremap", .minargs = 4, .maxargs = 5,
	  .parse = scen_call_mremap },
	{ .name = "setrlimit", .minargs = 2, .maxargs = 2,
	  .parse = scen_call_setrlimit },
	{ .name = "prlimit64", .minargs = 4, .maxargs = 4,
	  .parse = scen_call_prlimit64 },
	{ .name = "open", .minargs = 2, .maxargs = 3, .parse = scen_call_open },
	{ .name = "openat", .minargs = 3, .maxargs = 4,
	  .parse = scen_call_openat },
	{ .name = "close", .minargs = 1, .maxargs = 1,
	  .parse = scen_call_close },
	{ .name = "malloc", .minargs = 1, .maxargs = 1,
	  .parse = scen_alloc_malloc },
	{ .name = "free", .minargs = 1, .maxargs = 1,
	  .parse = scen_alloc_free },
	{ .name = "calloc", .minargs = 2, .maxargs = 2,
	  .parse = scen_alloc_calloc },
	{ .name = "realloc", .minargs = 2, .maxargs = 2,
	  .parse = scen_alloc_realloc },
	{ .name = "mallopt", .minargs = 2, .maxargs = 2,
	  .parse = scen_alloc_mallopt },
};

static const struct scen_call *
scen_call_find(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(scen_call_table); i++)
		if (strcmp(scen_call_table[i].name, name) == 0)
			return &scen_call_table[i];
	return NULL;
}

static int
scen_call_check_args(struct scen_parser *p, const struct scen_call *c,
    const struct scen_str *a, int n)
{
	int i;

	if (n < c->minargs || n > c->maxargs) {
		if (c->minargs == 1 && c->maxargs == 1)
			return scen_fail(p, "%s takes 1 argument, found %d",
			    c->name, n);
		if (c->minargs == c->maxargs)
			return scen_fail(p, "%s takes %d arguments, found %d",
			    c->name, c->minargs, n);
		return scen_fail(p, "%s takes %d or %d arguments, found %d",
		    c->name, c->minargs, c->maxargs, n);
	}
	for (i = 0; i < n; i++)
		if (a[i].n == 0)
			return scen_fail(p, "argument %d of %s is empty", i + 1,
			    c->name);
	return 0;
}

/* ---- the call ---------------------------------------------------------- */

/* The name before '(' into op->name; returns its length, or 0. */
size_t
scen_call_name(struct scen_parser *p, struct scen_op *op, const char *s)
{
	size_t n = 0;

	while (scen_lex_word(s[n]))
		n++;
	if (n == 0 || scen_lex_digit(s[0])) {
		scen_fail(p, "expected a system call, a directive (%%), a "
		    "/proc/PID/maps line or a comment, found '%.*s'",
		    scen_lex_show(strlen(s)), s);
		return 0;
	}
	if (s[n] != '(') {
		scen_fail(p, "expected '(' after the system call name %.*s",
		    scen_lex_show(n), s);
		return 0;
	}
	free(op->name);
	if ((op->name = scen_strndup(p, s, n)) == NULL)
		return 0;
	return n;
}

/* "name(args) = result" into op (kind, lineno and pid already set). */
int
scen_call_parse(struct scen_parser *p, struct scen_op *op, const char *s)
{
	struct scen_str args[SCEN_MAXARGS] = { { NULL, 0 } };
	const struct scen_call *c;
	size_t len = strlen(s), n, close;
	int nargs;

	if ((n = scen_call_name(p, op, s)) == 0)
		return -1;
	if ((close = scen_lex_close_paren(s, len, n)) == NPOS)
		return scen_fail(p, "expected ')' after the arguments of %s",
		    op->name);
	if ((op->text = scen_strndup(p, s, close + 1)) == NULL)
		return -1;
	if ((c = scen_call_find(op->name)) == NULL) {
		if (scen_skip_note(p, op, "is not modelled") < 0)
			return -1;
	} else {
		nargs = scen_lex_split_args(s + n + 1, close - n - 1, args);
		if (scen_call_check_args(p, c, args, nargs) < 0 ||
		    c->parse(p, op, args) < 0)
			return -1;
	}
	return scen_result(p, op, s + close + 1);
}
