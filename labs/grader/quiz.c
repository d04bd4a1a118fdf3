/*
 * quiz.c - lab 1's questions: a seeded scenario, the engine's answers,
 * and the scoring of a student's answers file. See quiz.h.
 *
 * The generator runs the engine as it writes: each call is parsed, run on
 * the live address space with a recorder attached, and its result and
 * deciding decision kept; the next call may then use what the last one
 * returned (munmap a mapping mmap made). The same seed always gives the
 * same quiz: the random source is splitmix64, nothing else is read.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "quiz.h"
#include "trace/i18n.h"
#include "run/run.h"
#include "input/scenario.h"
#include "trace/readcap.h"

/*
 * The caps of an answers file: a few lines of a few words each, so these
 * only stop a wrong file (a binary, /dev/zero) early and clearly.
 */
#define QUIZ_ANSWERS_MAX_BYTES	(4 * READCAP_MIB)
#define QUIZ_ANSWERS_MAX_LINE	1024

/* ---- a growing string ------------------------------------------------------ */

struct qbuf {
	char	*p;
	size_t	 len, cap;
	int	 nomem;
};

static void
qb_printf(struct qbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *np;

	if (b->nomem)
		return;
	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->p != NULL ? b->p + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->nomem = 1;
			return;
		}
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		if ((np = realloc(b->p, b->cap * 2 + (size_t)n + 256)) == NULL) {
			b->nomem = 1;
			return;
		}
		b->p = np;
		b->cap = b->cap * 2 + (size_t)n + 256;
	}
}

/* ---- randomness ------------------------------------------------------------ */

static uint64_t
q_next(uint64_t *s)
{
	return splitmix64(s);
}

static unsigned long
q_rnd(uint64_t *s, unsigned long n)
{
	return n == 0 ? 0 : (unsigned long)(q_next(s) % n);
}

/* ---- the deciding decision ------------------------------------------------- */

static const char *
ev_id(const struct trace_event *ev)
{
	return ev->decision != NULL ? ev->decision->id : "";
}

/* The last DECIDE of `func` in rec, skipping ids in `skip`; NULL if none. */
static const struct trace_event *
last_decide(const struct trace_rec *rec, const char *func,
    const char *const *skip, int taken_only)
{
	const struct trace_event *ev;
	size_t i;
	int k, skipped;

	for (i = rec->n; i-- > 0;) {
		ev = &rec->ev[i];
		if (ev->kind != TRACE_DECIDE || ev->func == NULL ||
		    strcmp(ev->func, func) != 0)
			continue;
		if (taken_only && !ev->outcome)
			continue;
		skipped = 0;
		for (k = 0; skip != NULL && skip[k] != NULL; k++)
			if (strcmp(ev_id(ev), skip[k]) == 0)
				skipped = 1;
		if (!skipped)
			return ev;
	}
	return NULL;
}

/* The function of the last DECIDE among `funcs`, or NULL. */
static const char *
last_of(const struct trace_rec *rec, const char *const *funcs)
{
	size_t i;
	int k;

	for (i = rec->n; i-- > 0;) {
		const struct trace_event *ev = &rec->ev[i];

		if (ev->kind != TRACE_DECIDE || ev->func == NULL)
			continue;
		for (k = 0; funcs[k] != NULL; k++)
			if (strcmp(ev->func, funcs[k]) == 0)
				return funcs[k];
	}
	return NULL;
}

const struct trace_event *
quiz_reason(const struct trace_rec *rec, int is_brk)
{
	static const char *const brk_skip[] = { "sys_brk.populate",
	    "sys_brk.compat_brk", NULL };
	static const char *const search_skip[] = { "unmapped_area.clip_low",
	    "unmapped_area_topdown.clip_high", NULL };
	static const char *const search_fns[] = { "unmapped_area",
	    "unmapped_area_topdown", NULL };
	static const char *const arch_fns[] = { "arch_get_unmapped_area",
	    "arch_get_unmapped_area_topdown", NULL };
	const struct trace_event *ev;
	const char *f;

	if (is_brk)
		return last_decide(rec, "sys_brk", brk_skip, 0);
	if ((f = last_of(rec, search_fns)) != NULL)
		return last_decide(rec, f, search_skip, 0);
	if ((f = last_of(rec, arch_fns)) != NULL)
		return last_decide(rec, f, NULL, 0);
	if ((ev = last_decide(rec, "get_unmapped_area", NULL, 1)) != NULL)
		return ev;
	if ((ev = last_decide(rec, "do_mmap", NULL, 1)) != NULL)
		return ev;
	return last_decide(rec, "sys_mmap", NULL, 1);
}

/* ---- the excerpt of a question's trace ------------------------------------- */

/* Around the deciding decision, at most this many decisions are shown. */
#define QUIZ_EXCERPT_BEFORE	10

static void
excerpt_value(struct qbuf *b, unsigned long v)
{
	if (v < 10)
		qb_printf(b, "%lu", v);
	else if (IS_ERR_VALUE(v))
		qb_printf(b, "-%lu", -v);
	else
		qb_printf(b, "0x%lx", v);
}

static void
excerpt_line(struct qbuf *b, const struct trace_event *ev, int mark)
{
	int j;

	qb_printf(b, "%s %s:%d  %s  %s", mark ? ">" : " ", ev->func != NULL ?
	    ev->func : "?", ev->line, ev_id(ev), ev->outcome ? _("taken") :
	    _("not taken"));
	for (j = 0; j < ev->nvals; j++) {
		qb_printf(b, "%s%s=", j ? " " : "  [", ev->vals[j].name);
		excerpt_value(b, ev->vals[j].value);
	}
	qb_printf(b, "%s\n", ev->nvals > 0 ? "]" : "");
}

/*
 * The decisions of one call, in order, up to and including the one that
 * decided it (the ones before it show the path; the later ones change
 * nothing), then what that decision means. A long search is shortened to
 * its last QUIZ_EXCERPT_BEFORE decisions before the deciding one.
 */
static char *
quiz_excerpt(const struct trace_rec *rec, const struct trace_event *why)
{
	struct qbuf b = { 0 };
	size_t i, n = 0, k = 0, last;

	last = rec->n;
	for (i = 0; i < rec->n; i++)
		if (&rec->ev[i] == why)
			last = i + 1;
	for (i = 0; i < last; i++)
		n += rec->ev[i].kind == TRACE_DECIDE;
	for (i = 0; i < last; i++) {
		const struct trace_event *ev = &rec->ev[i];

		if (ev->kind == TRACE_SYSCALL && ev->depth < 0)
			qb_printf(&b, _("  (the allocator calls %s)\n"),
			    ev->text);
		if (ev->kind != TRACE_DECIDE)
			continue;
		if (k++ == 0 && n > QUIZ_EXCERPT_BEFORE + 1)
			qb_printf(&b, _("  ... %zu decisions before these "
			    "...\n"),
			    n - QUIZ_EXCERPT_BEFORE - 1);
		if (k + QUIZ_EXCERPT_BEFORE + 1 <= n)
			continue;
		excerpt_line(&b, ev, ev == why);
	}
	if (why != NULL && why->decision != NULL)
		qb_printf(&b, _("  > decided it: %s, %s. %s\n"),
		    why->decision->id, why->outcome ? _("taken") :
		    _("not taken"), i18n_str(decision_explain(why->decision,
		    why->outcome) != NULL ? decision_explain(why->decision,
		    why->outcome) : why->decision->explain));
	if (b.nomem) {
		free(b.p);
		return NULL;
	}
	return b.p != NULL ? b.p : strdup("");
}

/* ---- generating ------------------------------------------------------------ */

struct gen {
	uint64_t	 rs;
	struct quiz	*qz;
	struct run	 run;
	struct scenario	 start;
	struct qbuf	 text, key;
	int		 nops;
	unsigned long	 mapped[QUIZ_MAXQ];	/* mmap results to munmap */
	unsigned long	 mappedlen[QUIZ_MAXQ];
	int		 nmapped;
	char		*err;
	size_t		 errlen;
};

#define RW_ANON	"PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0"

/*
 * Runs one call (its text, without result) on the live address space.
 * question: ask about it. Returns the result; sets g->err on failure.
 */
static unsigned long
gen_call(struct gen *g, int question, const char *fmt, ...)
{
	char line[256], out[400];
	struct scenario one;
	struct trace t;
	struct trace_rec rec;
	const struct trace_event *why;
	struct quiz_q *q;
	unsigned long res;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (g->err[0] != '\0')
		return 0;
	if (scenario_parse_string(line, "quiz", &one, g->err, g->errlen) < 0)
		return 0;
	if (one.nops != 1) {
		snprintf(g->err, g->errlen, "quiz: '%s' is not one call", line);
		scenario_free(&one);
		return 0;
	}
	trace_rec_init(&rec);
	rec.reveal = 1;		/* the same quiz in a student build */
	trace_rec_sink(&t, &rec);
	mm_trace_attach(g->run.mm, &t);
	res = run_op(&g->run, &one.ops[0]);
	mm_trace_detach(g->run.mm);
	(void)trace_rec_decode(&rec);	/* without it, no reason is given */
	run_format_line(&one.ops[0], res, out, sizeof(out));
	if (question && g->qz->nq < QUIZ_MAXQ) {
		q = &g->qz->q[g->qz->nq++];
		why = quiz_reason(&rec, one.ops[0].kind == OP_BRK);
		q->op = g->nops;
		q->call = strdup(line);
		q->answer = res;
		q->reason = why != NULL ? why->decision : NULL;
		q->outcome = why != NULL ? why->outcome : 0;
		if ((q->excerpt = quiz_excerpt(&rec, why)) == NULL)
			snprintf(g->err, g->errlen, "out of memory");
		qb_printf(&g->text, "# Q%d\n%s\n", g->qz->nq, line);
		qb_printf(&g->key, "# Q%d: %s, decided by %s (%s)\n#     %s\n%s\n",
		    g->qz->nq, strchr(out, '=') + 2, q->reason != NULL ?
		    q->reason->id : "?", q->outcome ? "taken" : "not taken",
		    q->reason != NULL ? q->reason->explain : "", out);
	} else {
		qb_printf(&g->text, "%s\n", out);
		qb_printf(&g->key, "%s\n", out);
	}
	g->nops++;
	trace_rec_free(&rec);
	scenario_free(&one);
	return res;
}

/* One line of the start state's maps. */
struct qmap {
	unsigned long	 start, end, off;
	const char	*perm, *dev, *path;
	unsigned	 inode;
};

static int
qmap_cmp(const void *a, const void *b)
{
	const struct qmap *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* The start state, written into both texts and loaded into g->run. */
static int
gen_start(struct gen *g)
{
	struct qbuf s = { 0 };
	struct qmap m[16];
	int legacy = g->qz->layout == LAYOUT_LEGACY, i, n = 0, part;
	unsigned long heap_pages = 1 + q_rnd(&g->rs, 3);
	unsigned long start_brk = 0x555555557000UL;
	unsigned long brk = start_brk + heap_pages * PAGE_SIZE -
	    (q_rnd(&g->rs, 2) ? 0 : 0x10 * (1 + q_rnd(&g->rs, 0xf0)));
	unsigned long a, len;
	static const char *const libs[] = { "/usr/lib/libq.so.1",
	    "/usr/lib/libz.so.1", "/usr/lib/ld-q.so.2" };

	qb_printf(&s, "%% title vmalab quiz, seed %llu\n%% arch x86_64\n"
	    "%% layout %s\n%% start_data 0x555555556000\n"
	    "%% end_data 0x555555556800\n%% start_brk 0x%lx\n%% brk 0x%lx\n",
	    (unsigned long long)g->qz->seed, legacy ? "legacy" : "topdown",
	    start_brk, brk);
	m[n++] = (struct qmap){ 0x555555554000UL, 0x555555555000UL, 0,
	    "r--p", "08:01", "/usr/bin/quiz", 4242 };
	m[n++] = (struct qmap){ 0x555555555000UL, 0x555555556000UL, 0x1000,
	    "r-xp", "08:01", "/usr/bin/quiz", 4242 };
	m[n++] = (struct qmap){ 0x555555556000UL, 0x555555557000UL, 0x2000,
	    "rw-p", "08:01", "/usr/bin/quiz", 4242 };
	m[n++] = (struct qmap){ start_brk, PAGE_ALIGN(brk), 0, "rw-p",
	    "00:00", "[heap]", 0 };
	if (q_rnd(&g->rs, 2)) {
		/* A mapping a few pages above the heap: brk may hit it. */
		a = PAGE_ALIGN(brk) + (2 + q_rnd(&g->rs, 3)) * PAGE_SIZE;
		m[n++] = (struct qmap){ a, a + PAGE_SIZE, 0, "r--p", "08:01",
		    "/usr/share/q/table", 77 };
	}
	/*
	 * Libraries: three, each a code and a data mapping, with holes of 0
	 * to 3 pages. Legacy: up from TASK_UNMAPPED_BASE; top-down: down
	 * from mmap_base.
	 */
	a = legacy ? 0x2aaaaaaab000UL + q_rnd(&g->rs, 3) * PAGE_SIZE :
	    0x7ffff7fff000UL - q_rnd(&g->rs, 3) * PAGE_SIZE;
	for (i = 0; i < 3; i++) {
		for (part = 0; part < 2; part++) {
			int k = legacy ? part : 1 - part;

			len = (k == 0 ? 2 + q_rnd(&g->rs, 4) : 1) * PAGE_SIZE;
			m[n].start = legacy ? a : a - len;
			m[n].end = m[n].start + len;
			a = legacy ? m[n].end + q_rnd(&g->rs, 4) * PAGE_SIZE :
			    m[n].start - q_rnd(&g->rs, 4) * PAGE_SIZE;
			m[n].perm = k == 0 ? "r-xp" : "rw-p";
			m[n].off = k == 0 ? 0 : 0x1000;
			m[n].dev = "08:01";
			m[n].path = libs[i];
			m[n].inode = 500 + (unsigned)i;
			n++;
		}
	}
	m[n++] = (struct qmap){ 0x7ffffffde000UL, 0x7ffffffff000UL, 0, "rw-p",
	    "00:00", "[stack]", 0 };
	qsort(m, (size_t)n, sizeof(m[0]), qmap_cmp);
	for (i = 0; i < n; i++)
		qb_printf(&s, "%012lx-%012lx %s %08lx %s %-8u %s\n", m[i].start,
		    m[i].end, m[i].perm, m[i].off, m[i].dev, m[i].inode,
		    m[i].path);
	if (s.nomem) {
		snprintf(g->err, g->errlen, "out of memory");
		free(s.p);
		return -1;
	}
	qb_printf(&g->text, "%s", s.p);
	qb_printf(&g->key, "%s", s.p);
	if (scenario_parse_string(s.p, "quiz", &g->start, g->err,
	    g->errlen) < 0 || run_start(&g->run, &g->start, NULL, g->err,
	    g->errlen) < 0) {
		free(s.p);
		return -1;
	}
	free(s.p);
	return 0;
}

enum { T_GROW, T_SAME, T_SHRINK, T_RLIMIT, T_MMAP, T_HOLE, T_HINT_FREE,
    T_HINT_BUSY, T_FIXED, T_BIG, T_NKINDS };

static void
gen_one(struct gen *g, int kind)
{
	struct mm *mm = g->run.mm;
	unsigned long b = mm->brk, x, len, r;
	const struct vma *v;
	int i;

	switch (kind) {
	case T_GROW:
		x = PAGE_ALIGN(b) + (1 + q_rnd(&g->rs, 3)) * PAGE_SIZE -
		    (q_rnd(&g->rs, 2) ? 0x100 * (1 + q_rnd(&g->rs, 15)) : 0);
		gen_call(g, 1, "brk(0x%lx)", x);
		break;
	case T_SAME:
		x = PAGE_ALIGN(b) - 0x10 * (1 + q_rnd(&g->rs, 0x7f));
		if (x == b)
			x -= 0x10;
		gen_call(g, 1, "brk(0x%lx)", x);
		break;
	case T_SHRINK:
		if (PAGE_ALIGN(b) - mm->start_brk < 2 * PAGE_SIZE)
			gen_call(g, 1, "brk(0x%lx)", PAGE_ALIGN(b) +
			    2 * PAGE_SIZE);
		b = mm->brk;
		x = PAGE_ALIGN(b) - PAGE_SIZE * (1 + q_rnd(&g->rs,
		    (PAGE_ALIGN(b) - mm->start_brk) / PAGE_SIZE - 1)) -
		    0x100 * q_rnd(&g->rs, 2);
		gen_call(g, 1, "brk(0x%lx)", x);
		break;
	case T_RLIMIT:
		x = (mm->end_data - mm->start_data) + (b - mm->start_brk) +
		    PAGE_SIZE;
		gen_call(g, 0, "setrlimit(RLIMIT_DATA, {rlim_cur=%lu, "
		    "rlim_max=RLIM64_INFINITY})", x);
		gen_call(g, 1, "brk(0x%lx)", PAGE_ALIGN(b) + 2 * PAGE_SIZE);
		gen_call(g, 0, "setrlimit(RLIMIT_DATA, {rlim_cur=RLIM64_INFINITY, "
		    "rlim_max=RLIM64_INFINITY})");
		break;
	case T_MMAP:
		len = (1 + q_rnd(&g->rs, 3)) * PAGE_SIZE;
		r = gen_call(g, 1, "mmap(NULL, %lu, " RW_ANON ")", len);
		if (!IS_ERR_VALUE(r) && g->nmapped < QUIZ_MAXQ) {
			g->mapped[g->nmapped] = r;
			g->mappedlen[g->nmapped++] = len;
		}
		break;
	case T_HOLE:
		/* Open a hole by unmapping part of a library's code. */
		i = 0;
		for (v = mm->mmap; v != NULL; v = v->vm_next)
			if (v->vm_file != NULL && (v->vm_flags & VM_EXEC) &&
			    v->vm_end - v->vm_start >= 3 * PAGE_SIZE &&
			    v->vm_start < 0x555555554000UL && i++ ==
			    (int)q_rnd(&g->rs, 2))
				break;
		if (v == NULL)
			for (v = mm->mmap; v != NULL; v = v->vm_next)
				if (v->vm_file != NULL &&
				    v->vm_end - v->vm_start >= 2 * PAGE_SIZE &&
				    v->vm_start < 0x555555554000UL)
					break;
		if (v == NULL) {
			gen_one(g, T_MMAP);
			return;
		}
		len = v->vm_end - v->vm_start >= 3 * PAGE_SIZE ?
		    2 * PAGE_SIZE : PAGE_SIZE;
		x = v->vm_start + PAGE_SIZE * (v->vm_end - v->vm_start >=
		    3 * PAGE_SIZE);
		gen_call(g, 0, "munmap(0x%lx, %lu)", x, len);
		gen_call(g, 1, "mmap(NULL, %lu, " RW_ANON ")", len);
		break;
	case T_HINT_FREE:
		x = 0x600000000000UL + q_rnd(&g->rs, 16) * 0x1000000UL;
		gen_call(g, 1, "mmap(0x%lx, %lu, " RW_ANON ")", x,
		    (1 + q_rnd(&g->rs, 2)) * PAGE_SIZE);
		break;
	case T_HINT_BUSY:
		for (v = mm->mmap; v != NULL; v = v->vm_next)
			if (v->vm_file != NULL && v->vm_start < 0x555555554000UL)
				break;
		x = v != NULL ? v->vm_start : 0x555555554000UL;
		gen_call(g, 1, "mmap(0x%lx, %lu, " RW_ANON ")", x,
		    (1 + q_rnd(&g->rs, 2)) * PAGE_SIZE);
		break;
	case T_FIXED:
		if (g->nmapped > 0) {
			i = (int)q_rnd(&g->rs, (unsigned long)g->nmapped);
			gen_call(g, 1, "mmap(0x%lx, %lu, PROT_READ|PROT_WRITE, "
			    "MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0)",
			    g->mapped[i], PAGE_SIZE);
		} else
			gen_call(g, 1, "mmap(0x7f0000000000, %lu, "
			    "PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED|"
			    "MAP_ANONYMOUS, -1, 0)", PAGE_SIZE);
		break;
	case T_BIG:
		gen_call(g, 1, "mmap(NULL, %lu, " RW_ANON ")",
		    0x800000000000UL);
		break;
	}
}

int
quiz_make(struct quiz *qz, uint64_t seed, int layout, char *err,
    size_t errlen)
{
	struct gen g;
	int kinds[T_NKINDS], i, j, t, n;

	memset(qz, 0, sizeof(*qz));
	memset(&g, 0, sizeof(g));
	err[0] = '\0';
	g.err = err;
	g.errlen = errlen;
	g.qz = qz;
	g.rs = seed ^ 0x71756979UL;	/* "quiz" */
	qz->seed = seed;
	qz->layout = layout >= 0 ? layout : (int)q_rnd(&g.rs, 2) ?
	    LAYOUT_TOPDOWN : LAYOUT_LEGACY;
	qb_printf(&g.text, "# vmalab quiz --seed %llu\n"
	    "#\n"
	    "# A process starts with the address space below (its /proc/PID/maps\n"
	    "# and, as %% lines, its mm fields) and makes the calls at the end, in\n"
	    "# order. For each call marked Qn, work out by hand what it returns\n"
	    "# and which decision of the kernel's path decided it (an id such as\n"
	    "# sys_brk.same_page or unmapped_area.gap_fits: see `vmalab listing`\n"
	    "# and the handout's table). Write one line per question:\n"
	    "#\n"
	    "#     Q1 0x555555559000 sys_brk.below_min_brk\n"
	    "#\n"
	    "# brk returns an address; mmap an address or -ENOMEM, -EINVAL ...\n"
	    "# Lines without Qn are given, with their results.\n",
	    (unsigned long long)seed);
	qb_printf(&g.key, "# vmalab quiz --seed %llu --answers\n"
	    "# The answers: each result, and the decision that decided it.\n",
	    (unsigned long long)seed);
	if (gen_start(&g) < 0)
		goto fail;
	gen_call(&g, 1, "brk(NULL)");
	for (i = 0; i < T_NKINDS; i++)
		kinds[i] = i;
	for (i = T_NKINDS - 1; i > 0; i--) {
		j = (int)q_rnd(&g.rs, (unsigned long)i + 1);
		t = kinds[i];
		kinds[i] = kinds[j];
		kinds[j] = t;
	}
	/* Seven more kinds, always one mmap early so that FIXED has one. */
	gen_one(&g, T_MMAP);
	for (i = 0, n = 0; i < T_NKINDS && n < 6; i++) {
		if (kinds[i] == T_MMAP)
			continue;
		gen_one(&g, kinds[i]);
		n++;
	}
	gen_one(&g, T_GROW);
	if (err[0] != '\0' || g.text.nomem || g.key.nomem)
		goto fail;
	qz->text = g.text.p;
	qz->key = g.key.p;
	run_end(&g.run);
	scenario_free(&g.start);
	return 0;
fail:
	if (err[0] == '\0')
		snprintf(err, errlen, "out of memory");
	if (g.run.mm != NULL)
		run_end(&g.run);
	scenario_free(&g.start);
	free(g.text.p);
	free(g.key.p);
	quiz_free(qz);
	return -1;
}

void
quiz_free(struct quiz *qz)
{
	int i;

	for (i = 0; i < qz->nq; i++) {
		free(qz->q[i].call);
		free(qz->q[i].excerpt);
	}
	free(qz->text);
	free(qz->key);
	memset(qz, 0, sizeof(*qz));
}

/* ---- answers ---------------------------------------------------------------- */

static const struct {
	const char	*name;
	int		 err;
} qerrs[] = {
	{ "EPERM", EPERM }, { "EBADF", EBADF }, { "ENOMEM", ENOMEM },
	{ "EACCES", EACCES }, { "EEXIST", EEXIST }, { "ENODEV", ENODEV },
	{ "EINVAL", EINVAL }, { "ENOSPC", ENOSPC }, { "EAGAIN", EAGAIN },
	{ "EOVERFLOW", EOVERFLOW },
};

int
quiz_parse_value(const char *s, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;
	char *end;

	if (s[0] == '-') {
		for (i = 0; i < sizeof(qerrs) / sizeof(qerrs[0]); i++)
			if (strcmp(s + 1, qerrs[i].name) == 0) {
				*out = (unsigned long)-(long)qerrs[i].err;
				return 0;
			}
		if (!isdigit((unsigned char)s[1]))
			return -1;
		v = strtoul(s + 1, &end, 10);
		if (*end != '\0' || v == 0 || v > MAX_ERRNO)
			return -1;
		*out = -v;
		return 0;
	}
	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (*end != '\0' || errno != 0)
		return -1;
	*out = v;
	return 0;
}

static int
qfail(char *err, size_t errlen, const char *name, int line, const char *fmt,
    ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), i18n_str(fmt), ap);
	va_end(ap);
	if (line > 0)
		snprintf(err, errlen, "%s:%d: %s", name, line, msg);
	else
		snprintf(err, errlen, "%s: %s", name, msg);
	return -1;
}

/*
 * One line of an answers file (a C string, modified): a seed, a layout or
 * an answer into *qa. Returns 0, or -1 with "name:line: message" in err.
 */
static int
quiz_answers_line(char *line, const char *name, int lineno,
    struct quiz_answers *qa, char *err, size_t errlen)
{
	char *w[8], *p, *save, *end;
	unsigned long long seed;
	unsigned long v;
	int nw, qn;

	if ((p = strchr(line, '#')) != NULL)
		*p = '\0';
	nw = 0;
	for (p = strtok_r(line, " \t\r\n", &save); p != NULL && nw < 8;
	    p = strtok_r(NULL, " \t\r\n", &save))
		w[nw++] = p;
	if (nw == 0)
		return 0;
	if (strcmp(w[0], "seed") == 0) {
		if (nw != 2)
			return qfail(err, errlen, name, lineno,
			    "expected 'seed N'");
		errno = 0;
		seed = strtoull(w[1], &end, 10);
		if (*end != '\0' || errno != 0 || !isdigit((unsigned char)w[1][0]))
			return qfail(err, errlen, name, lineno,
			    "'%s' is not a seed (a decimal number)",
			    w[1]);
		if (qa->has_seed)
			return qfail(err, errlen, name, lineno,
			    "a second 'seed' line");
		qa->has_seed = 1;
		qa->seed = seed;
		return 0;
	}
	if (strcmp(w[0], "layout") == 0) {
		if (nw != 2 || (strcmp(w[1], "legacy") != 0 &&
		    strcmp(w[1], "topdown") != 0))
			return qfail(err, errlen, name, lineno,
			    "expected 'layout legacy' or "
			    "'layout topdown'");
		qa->has_layout = 1;
		qa->layout = strcmp(w[1], "legacy") == 0 ?
		    LAYOUT_LEGACY : LAYOUT_TOPDOWN;
		return 0;
	}
	if ((w[0][0] != 'Q' && w[0][0] != 'q') ||
	    !isdigit((unsigned char)w[0][1]))
		return qfail(err, errlen, name, lineno, "expected "
		    "'Qn VALUE DECISION' (e.g. 'Q1 0x555555559000 "
		    "sys_brk.below_min_brk'), found '%s'", w[0]);
	qn = (int)strtol(w[0] + 1, &end, 10);
	if (*end == ':')
		end++;
	if (*end != '\0' || qn < 1 || qn > QUIZ_MAXQ)
		return qfail(err, errlen, name, lineno,
		    "'%s' is not a question number (Q1 to Q%d)", w[0],
		    QUIZ_MAXQ);
	if (nw != 3)
		return qfail(err, errlen, name, lineno, P_("Q%d needs "
		    "a value and a decision id, e.g. 'Q%d -ENOMEM "
		    "unmapped_area.highest_past_limit' (%d word found)",
		    "Q%d needs a value and a decision id, e.g. 'Q%d "
		    "-ENOMEM unmapped_area.highest_past_limit' (%d words "
		    "found)", nw), qn, qn, nw);
	v = 0;
	if (strcmp(w[1], "?") != 0 && quiz_parse_value(w[1], &v) < 0)
		return qfail(err, errlen, name, lineno, "'%s' is not "
		    "a value: write an address (0x2aaaaaaab000), a "
		    "number, or an error (-ENOMEM)", w[1]);
	if (qa->a[qn - 1].given)
		return qfail(err, errlen, name, lineno, "Q%d is "
		    "answered twice (first on line %d)", qn,
		    qa->a[qn - 1].line);
	if (strlen(w[2]) >= sizeof(qa->a[0].decision))
		return qfail(err, errlen, name, lineno,
		    "the decision id is too long");
	qa->a[qn - 1].given = 1;
	qa->a[qn - 1].line = lineno;
	qa->a[qn - 1].has_value = strcmp(w[1], "?") != 0;
	qa->a[qn - 1].has_decision = strcmp(w[2], "?") != 0;
	qa->a[qn - 1].value = v;
	strcpy(qa->a[qn - 1].decision, w[2]);
	return 0;
}

/*
 * Reads at most QUIZ_ANSWERS_MAX_BYTES in lines of at most
 * QUIZ_ANSWERS_MAX_LINE bytes: past either, the reader's message.
 */
int
quiz_parse_answers(FILE *fp, const char *name, struct quiz_answers *qa,
    char *err, size_t errlen)
{
	struct readcap rd;
	ssize_t len = 0;
	int rc = 0;

	memset(qa, 0, sizeof(*qa));
	readcap_init(&rd, name, "an answers file", QUIZ_ANSWERS_MAX_BYTES,
	    QUIZ_ANSWERS_MAX_LINE);
	while (rc == 0 && (len = readcap_line(&rd, fp, err, errlen)) > 0)
		rc = quiz_answers_line(rd.line, name, (int)rd.lineno, qa, err,
		    errlen);
	readcap_free(&rd);
	if (rc < 0 || len < 0)
		return -1;
	if (!qa->has_seed)
		return qfail(err, errlen, name, 0, "no 'seed N' line: which "
		    "quiz do these answers belong to?");
	return 0;
}

int
quiz_grade(const struct quiz *qz, const struct quiz_answers *qa, int reveal,
    struct grade_report *rep)
{
	char name[16], out[1024], b1[32], b2[32];
	const struct quiz_q *q;
	const struct quiz_answer *a;
	const struct decision *d;
	int i, score, n;

	for (i = 0; i < qz->nq; i++) {
		q = &qz->q[i];
		a = &qa->a[i];
		snprintf(name, sizeof(name), "Q%d", i + 1);
		score = 0;
		n = 0;
		out[0] = '\0';
		if (!a->given || (!a->has_value && !a->has_decision)) {
			n += snprintf(out + n, sizeof(out) - (size_t)n,
			    "%s: no answer%s.\n", q->call, a->given ?
			    " (? left blank)" : "");
		} else {
			n += snprintf(out + n, sizeof(out) - (size_t)n, "%s\n",
			    q->call);
			if (!a->has_value)
				n += snprintf(out + n, sizeof(out) - (size_t)n,
				    "  value: no answer (? left blank).\n");
			else if (a->value == q->answer) {
				score++;
				n += snprintf(out + n, sizeof(out) - (size_t)n,
				    "  value %s: right.\n", grade_fmt_result(
				    a->value, b1, sizeof(b1)));
			} else
				n += snprintf(out + n, sizeof(out) - (size_t)n,
				    "  value %s: not what the call returns%s%s"
				    "%s.\n", grade_fmt_result(a->value, b1,
				    sizeof(b1)), reveal ? " (it returns " : "",
				    reveal ? grade_fmt_result(q->answer, b2,
				    sizeof(b2)) : "", reveal ? ")" : "");
			d = decision_find(a->decision);
			if (!a->has_decision)
				n += snprintf(out + n, sizeof(out) - (size_t)n,
				    "  decision: no answer (? left blank).\n");
			else if (q->reason != NULL &&
			    strcmp(a->decision, q->reason->id) == 0) {
				score++;
				n += snprintf(out + n, sizeof(out) - (size_t)n,
				    "  decision %s: right.\n", a->decision);
			} else if (d == NULL)
				n += snprintf(out + n, sizeof(out) - (size_t)n,
				    "  decision %s: not a decision id (see "
				    "the handout's table).\n", a->decision);
			else
				n += snprintf(out + n, sizeof(out) - (size_t)n,
				    "  decision %s (\"%s\"): not the one that "
				    "decided this call.\n", a->decision,
				    d->explain);
		}
		if (reveal && score < 2 && q->reason != NULL && n >= 0 &&
		    (size_t)n < sizeof(out))
			snprintf(out + n, sizeof(out) - (size_t)n,
			    "  The answer: %s, decided by %s (%s): %s\n",
			    grade_fmt_result(q->answer, b2, sizeof(b2)),
			    q->reason->id, q->outcome ? "taken" : "not taken",
			    q->reason->explain);
		if (grade_report_add(rep, name, score, 2, GRADE_VISIBLE, 0,
		    out) < 0)
			return -1;
	}
	return 0;
}
