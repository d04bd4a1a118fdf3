/*
 * test-trace.c - the compact in-memory recording (trace_rec) against the
 * events an `event` sink is sent.
 *
 * A trace_rec is written by the fast paths of instrument.h, one word per
 * site and its values, with a line's step folded into its DECIDE, SET or
 * RETURN unless the line made events of its own. Decoded, it must give the
 * very events a callback sees, field by field: the built-in scenarios and
 * random ones over every architecture and both layouts (with conditions
 * and assignments that call traced functions, system call lines and
 * notes), decoded at the end, after every call, or cleared between calls.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/builtin.h"
#include "run/run.h"
#include "trace/instr.h"

/* ---- an `event` sink that keeps copies ----------------------------------- */

struct copies {
	struct trace_event	*ev;
	size_t			 n, cap;
};

static void
copy_event(void *ctx, const struct trace_event *ev)
{
	struct copies *c = ctx;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 1024;
		c->ev = realloc(c->ev, c->cap * sizeof(*c->ev));
		ck_assert_ptr_nonnull(c->ev);
	}
	c->ev[c->n++] = *ev;
}

static int
same_text(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Every field an event has, or the first that differs. */
static const char *
differs(const struct trace_event *a, const struct trace_event *b)
{
	int i;

	if (a->seq != b->seq)
		return "seq";
	if (a->kind != b->kind)
		return "kind";
	if (a->fn != b->fn || !same_text(a->func, b->func))
		return "function";
	if (a->src_line != b->src_line || a->line != b->line)
		return "line";
	if (a->depth != b->depth)
		return "depth";
	if (a->kind == TRACE_DECIDE && (a->decision != b->decision ||
	    a->outcome != b->outcome))
		return "decision";
	if (!same_text(a->text, b->text))
		return "text";
	if (a->kind == TRACE_TREE && a->tree_op != b->tree_op)
		return "tree op";
	if (a->nvals != b->nvals)
		return "nvals";
	for (i = 0; i < a->nvals; i++)
		if (a->vals[i].value != b->vals[i].value ||
		    !same_text(a->vals[i].name, b->vals[i].name))
			return "values";
	return NULL;
}

/* ---- playing a scenario both ways ------------------------------------- */

enum how { AT_END, EVERY_CALL, CLEARED };

static void
parse(const char *text, const char *name, struct scenario *sc)
{
	char err[512];

	ck_assert_msg(scenario_parse_string(text, name, sc, err,
	    sizeof(err)) == 0, "%s", err);
}

/*
 * The events of `sc` as an `event` sink sees them. The run is left for
 * the caller to end: the texts of malloc's events live in it.
 */
static void
play_copies(const struct scenario *sc, struct run *run, struct copies *c)
{
	struct trace t;
	char err[512];
	size_t i;

	ck_assert_msg(run_start(run, sc, NULL, err, sizeof(err)) == 0, "%s",
	    err);
	memset(c, 0, sizeof(*c));
	memset(&t, 0, sizeof(t));
	t.event = copy_event;
	t.ctx = c;
	mm_trace_attach(run->mm, &t);
	for (i = 0; i < sc->nops; i++)
		run_op(run, &sc->ops[i]);
	mm_trace_detach(run->mm);
}

/*
 * Plays `sc` into a recording, decoded `how`, and checks each event
 * against the copies. Returns the number of events.
 */
static size_t
check_recording(const struct scenario *sc, const struct copies *c,
    enum how how)
{
	struct run run;
	struct trace t;
	struct trace_rec rec;
	char err[512];
	const char *d;
	size_t i, j, e = 0, counted;

	ck_assert_msg(run_start(&run, sc, NULL, err, sizeof(err)) == 0, "%s",
	    err);
	trace_rec_init(&rec);
	trace_rec_sink(&t, &rec);
	mm_trace_attach(run.mm, &t);
	for (i = 0; i < sc->nops; i++) {
		if (how == CLEARED)
			trace_rec_clear(&rec);
		run_op(&run, &sc->ops[i]);
		if (how == AT_END)
			continue;
		counted = trace_rec_count(&rec);
		ck_assert_int_eq(trace_rec_decode(&rec), 0);
		ck_assert_uint_eq(trace_rec_count(&rec), counted);
		if (how != CLEARED)
			continue;
		ck_assert_uint_eq(rec.n, counted);
		for (j = 0; j < rec.n; j++, e++) {
			ck_assert_uint_lt(e, c->n);
			d = differs(&rec.ev[j], &c->ev[e]);
			ck_assert_msg(d == NULL, "%s: call %zu, event %zu: "
			    "the %s differs", sc->file, i + 1, e, d);
		}
	}
	mm_trace_detach(run.mm);
	if (how != CLEARED) {
		counted = trace_rec_count(&rec);
		ck_assert_int_eq(trace_rec_decode(&rec), 0);
		ck_assert_uint_eq(rec.n, counted);
		ck_assert_uint_eq(rec.n, c->n);
		for (e = 0; e < rec.n; e++) {
			d = differs(&rec.ev[e], &c->ev[e]);
			ck_assert_msg(d == NULL, "%s: event %zu (%s %s:%d): the "
			    "%s differs", sc->file, e,
			    trace_kind_name(c->ev[e].kind),
			    c->ev[e].func != NULL ? c->ev[e].func : "",
			    c->ev[e].line, d);
		}
	}
	ck_assert_uint_eq(e, c->n);
	ck_assert_int_eq(t.depth, 0);
	trace_rec_free(&rec);
	ck_assert_ptr_eq(t.buf, &trace_buf_none);
	run_end(&run);
	return e;
}

static void
check_scenario(const char *text, const char *name)
{
	struct scenario sc;
	struct copies c;
	struct run run;

	parse(text, name, &sc);
	play_copies(&sc, &run, &c);
	ck_assert_uint_gt(c.n, 0);
	check_recording(&sc, &c, AT_END);
	check_recording(&sc, &c, EVERY_CALL);
	check_recording(&sc, &c, CLEARED);
	run_end(&run);
	free(c.ev);
	scenario_free(&sc);
}

START_TEST(test_builtins)
{
	const struct builtin *const *b;

	for (b = builtins; *b != NULL; b++)
		check_scenario((*b)->text, (*b)->name);
}
END_TEST

/* ---- random scenarios --------------------------------------------------- */

struct gen {
	char		*buf;
	size_t		 len, cap;
	unsigned long	 x;		/* xorshift state */
	int		 nalloc;	/* allocator calls so far */
	int		 live[64];	/* their #N, not freed yet */
	int		 nlive;
};

static unsigned long
rnd(struct gen *g, unsigned long n)
{
	g->x ^= g->x << 13;
	g->x ^= g->x >> 7;
	g->x ^= g->x << 17;
	return g->x % n;
}

static void
put(struct gen *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
put(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(g->buf + g->len, g->cap - g->len, fmt, ap);
		va_end(ap);
		ck_assert_int_ge(n, 0);
		if ((size_t)n < g->cap - g->len)
			break;
		g->cap = 2 * g->cap + (size_t)n;
		g->buf = realloc(g->buf, g->cap);
		ck_assert_ptr_nonnull(g->buf);
	}
	g->len += (size_t)n;
}

static const char *const prots[] = {
	"PROT_READ", "PROT_READ|PROT_WRITE", "PROT_READ|PROT_EXEC",
	"PROT_NONE",
};

/* One random call; addresses fall in a window where mappings crowd. */
static void
gen_call(struct gen *g, unsigned long base)
{
	unsigned long a = base + rnd(g, 512) * 4096, len = (1 + rnd(g, 8)) *
	    4096;
	int k;

	switch (rnd(g, 9)) {
	case 0:
	case 1:
		put(g, "mmap(NULL, %lu, %s, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)"
		    "\n", len, prots[rnd(g, 4)]);
		break;
	case 2:
		put(g, "mmap(0x%lx, %lu, %s, MAP_PRIVATE|MAP_ANONYMOUS%s, -1, "
		    "0)\n", a, len, prots[rnd(g, 4)], rnd(g, 2) ?
		    "|MAP_FIXED" : "");
		break;
	case 3:
		put(g, "mmap(NULL, %lu, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|"
		    "MAP_GROWSDOWN, -1, 0)\n", len);
		break;
	case 4:
		put(g, "munmap(0x%lx, %lu)\n", a, len);
		break;
	case 5:
		put(g, "brk(NULL)\n");
		break;
	case 6:
		put(g, "brk(0x%lx)\n", base / 2 + rnd(g, 64) * 4096);
		break;
	case 7:
		g->nalloc++;
		if (g->nlive < 64)
			g->live[g->nlive++] = g->nalloc;
		put(g, "malloc(%lu)\n", rnd(g, 2) ? 1 + rnd(g, 4000) :
		    100000 + rnd(g, 300000));
		break;
	case 8:
		if (g->nlive == 0) {
			put(g, "setrlimit(RLIMIT_AS, {rlim_cur=%lu, "
			    "rlim_max=RLIM_INFINITY})\n", rnd(g, 2) ?
			    (64UL + rnd(g, 64)) << 20 : ~0UL);
			break;
		}
		k = (int)rnd(g, (unsigned long)g->nlive);
		g->nalloc++;
		put(g, "free(#%d)\n", g->live[k]);
		g->live[k] = g->live[--g->nlive];
		break;
	}
}

static const struct {
	const char	*arch, *layout;
	unsigned long	 base;	/* where the calls aim */
} setups[] = {
	{ "x86_64", "topdown", 0x7ffff0000000UL },
	{ "x86_64", "legacy", 0x2aaaaaa00000UL },
	{ "i386", "topdown", 0xb7000000UL },
	{ "i386", "legacy", 0x40000000UL },
	{ "arm", "topdown", 0xb6000000UL },
	{ "arm", "legacy", 0x40000000UL },
	{ "arm64", "topdown", 0x7ff0000000UL },
	{ "arm64", "legacy", 0x5500000000UL },
};

START_TEST(test_random)
{
	struct gen g;
	char name[64];
	int i;

	memset(&g, 0, sizeof(g));
	g.x = 0x9e3779b97f4a7c15UL ^ (unsigned long)_i;
	put(&g, "%% arch %s\n%% layout %s\n", setups[_i].arch,
	    setups[_i].layout);
	for (i = 0; i < 400; i++)
		gen_call(&g, setups[_i].base);
	snprintf(name, sizeof(name), "random-%s-%s", setups[_i].arch,
	    setups[_i].layout);
	check_scenario(g.buf, name);
	free(g.buf);
}
END_TEST

/* Freeing a recording detaches it: its sink then records into a new one. */
START_TEST(test_free_detaches)
{
	struct scenario sc;
	struct run run;
	struct trace t;
	struct trace_rec rec;
	char err[512];

	parse(builtin_find("lecture1")->text, "lecture1", &sc);
	ck_assert_int_eq(run_start(&run, &sc, NULL, err, sizeof(err)), 0);
	trace_rec_init(&rec);
	trace_rec_sink(&t, &rec);
	mm_trace_attach(run.mm, &t);
	run_op(&run, &sc.ops[0]);
	ck_assert_uint_gt(trace_rec_count(&rec), 0);
	trace_rec_free(&rec);
	/* The sink is left with nothing to write into, and grows anew. */
	ck_assert_ptr_eq(t.buf, &trace_buf_none);
	ck_assert_uint_eq(t.buf->used, 0);
	ck_assert_int_eq(instr_fits(&t), 0);
	run_op(&run, &sc.ops[1]);
	ck_assert_uint_gt(trace_rec_count(&rec), 0);
	ck_assert_int_eq(trace_rec_decode(&rec), 0);
	ck_assert_int_eq(rec.ev[0].kind, TRACE_SYSCALL);
	mm_trace_detach(run.mm);
	trace_rec_free(&rec);
	run_end(&run);
	scenario_free(&sc);
}
END_TEST

static Suite *
trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc = tcase_create("recording");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_builtins);
	tcase_add_loop_test(tc, test_random, 0,
	    (int)(sizeof(setups) / sizeof(setups[0])));
	tcase_add_test(tc, test_free_detaches);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(trace_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
