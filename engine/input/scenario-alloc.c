/*
 * scenario-alloc.c - the allocator's calls: lines that are calls of the
 * program into glibc's malloc (engine/malloc models its main arena), not
 * system calls.
 *
 *   malloc(200000) = 0x7ffff7d8a010
 *   free(#1)                          #1: the result of allocator call 1
 *   calloc(4, 16)
 *   realloc(#3, 4096)
 *   mallopt(M_MMAP_THRESHOLD, 65536)
 *
 * The five kinds are numbered together from 1, in file order, in args[5]
 * (scenario.h has the conventions), so that a scenario can name a
 * pointer it never saw printed.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stddef.h>

#include "scenario-int.h"

static const struct scen_name scen_alloc_mallopt_names[] = {
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
scen_alloc_size(struct scen_parser *p, const struct scen_op *op,
    struct scen_str a, const char *field, unsigned long *out)
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
scen_alloc_ptr(struct scen_parser *p, struct scen_op *op, struct scen_str a)
{
	const struct scen_op *o = NULL;
	unsigned long n;
	size_t i;

	if (a.n == 0 || a.s[0] != '#')
		return scen_arg_num(p, op, a, "pointer", &op->args[0]);
	if (scen_lex_digits(a.s + 1, a.n - 1, 10, &n) != NUM_OK || n == 0)
		return scen_fail(p, "expected #N (N from 1) or an address for "
		    "the pointer of %s, found '%.*s'", op->name,
		    scen_lex_show(a.n), a.s);
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

int
scen_alloc_malloc(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
{
	op->kind = OP_MALLOC;
	scen_alloc_number(p, op);
	return scen_alloc_size(p, op, a[0], "size", &op->args[0]);
}

int
scen_alloc_free(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
{
	op->kind = OP_FREE;
	scen_alloc_number(p, op);
	return scen_alloc_ptr(p, op, a[0]);
}

int
scen_alloc_calloc(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
{
	op->kind = OP_CALLOC;
	scen_alloc_number(p, op);
	if (scen_alloc_size(p, op, a[0], "count", &op->args[0]) < 0 ||
	    scen_alloc_size(p, op, a[1], "size", &op->args[1]) < 0)
		return -1;
	return 0;
}

int
scen_alloc_realloc(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
{
	op->kind = OP_REALLOC;
	scen_alloc_number(p, op);
	if (scen_alloc_ptr(p, op, a[0]) < 0 ||
	    scen_alloc_size(p, op, a[1], "size", &op->args[1]) < 0)
		return -1;
	return 0;
}

/* mallopt(M_MMAP_THRESHOLD, 65536): the three parameters malloc.c models. */
int
scen_alloc_mallopt(struct scen_parser *p, struct scen_op *op,
    const struct scen_str *a)
{
	const struct scen_name *nm;
	unsigned long v;
	long value;

	op->kind = OP_MALLOPT;
	scen_alloc_number(p, op);
	if ((nm = scen_lex_lookup(scen_alloc_mallopt_names,
	    NELEM(scen_alloc_mallopt_names), a[0].s, a[0].n)) != NULL)
		op->args[0] = nm->value;
	else if (scen_lex_upper(a[0].s[0]))
		op->args[0] = 0;	/* a name it does not know */
	else if (scen_arg_num(p, op, a[0], "parameter", &op->args[0]) < 0)
		return -1;
	if ((long)op->args[0] > -1 || (long)op->args[0] < -3)
		return scen_fail(p, "mallopt parameter %.*s is not modelled; "
		    "expected M_MMAP_THRESHOLD, M_TOP_PAD or M_TRIM_THRESHOLD",
		    scen_lex_show(a[0].n), a[0].s);
	if (scen_arg_num(p, op, a[1], "value", &v) < 0)
		return -1;
	value = (long)v;
	if (value < INT_MIN || value > INT_MAX)
		return scen_fail(p, "the value of mallopt is an int: %.*s is "
		    "out of its range", scen_lex_show(a[1].n), a[1].s);
	op->args[1] = v;
	return 0;
}
