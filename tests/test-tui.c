/*
 * test-tui.c - the stepper without a terminal: the recorded run and its
 * seeks (engine/run/replay.c), the same steps and snapshots as vmalab dot
 * (engine/run/survey.c), moving like gdb (tui/nav.c), the screens
 * (tui/app.c and the panes), --keys.
 *
 * The run is the built-in lecture1 (and legacy): x86_64, the heap grown
 * twice by brk, three mmaps below the libraries, a munmap that opens a
 * hole, and a last mmap whose top-down search finds that hole:
 *
 *   555555554000 demo [heap]  ...  7ffff7c8f000 B  hole  7ffff7da1000 A
 *   7ffff7dd2000 libc ... ld.so  7ffff7fff000 mmap_base ... [stack]
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/listing.h"
#include "input/builtin.h"
#include "run/replay.h"
#include "run/survey.h"
#include "tui.h"

struct fixture {
	struct scenario	 sc;
	struct run	 r;
	struct tui_app	 app;
};

static void
fixture_start(struct fixture *f, const char *name, int predict)
{
	const struct builtin *b = builtin_find(name);
	struct tui_opts o = { .w = 100, .h = 30, .ascii = 1,
	    .predict = predict };
	char err[512];

	ck_assert_ptr_nonnull(b);
	ck_assert_msg(scenario_parse_string(b->text, name, &f->sc, err,
	    sizeof err) == 0, "%s", err);
	ck_assert_msg(run_start(&f->r, &f->sc, NULL, err, sizeof err) == 0,
	    "%s", err);
	ck_assert_msg(tui_app_init(&f->app, &f->r, &o) == 0, "%s",
	    f->app.m.err);
}

static void
fixture_end(struct fixture *f)
{
	tui_app_free(&f->app);
	run_end(&f->r);
	scenario_free(&f->sc);
}

static int
same_event(const struct trace_event *a, const struct trace_event *b)
{
	int i;

	if (a->kind != b->kind || a->fn != b->fn || a->line != b->line ||
	    a->depth != b->depth || a->decision != b->decision ||
	    a->outcome != b->outcome || a->nvals != b->nvals ||
	    (a->kind == TRACE_TREE && a->tree_op != b->tree_op))
		return 0;
	for (i = 0; i < a->nvals; i++)
		if (a->vals[i].value != b->vals[i].value ||
		    strcmp(a->vals[i].name, b->vals[i].name) != 0)
			return 0;
	return 1;
}

/* The built-ins (malloc and threshold replay the allocator model). */
static const char *const scenarios[] = {
	"lecture1", "legacy", "malloc", "threshold"
};
#define NSCENARIOS	((int)(sizeof scenarios / sizeof scenarios[0]))

/*
 * A seek plays one call again from a checkpoint: its events must be the
 * very events of a run traced from start to end.
 */
START_TEST(test_replay_same_events)
{
	struct fixture f;
	struct run r2;
	struct trace_rec rec;
	struct trace t;
	struct replay_view v;
	char err[512];
	size_t i, j, e = 0;

	if (builtin_find(scenarios[_i]) == NULL)
		return;		/* not built in (any more) */
	fixture_start(&f, scenarios[_i], 0);
	ck_assert_int_eq(run_start(&r2, &f.sc, NULL, err, sizeof err), 0);
	trace_rec_init(&rec);
	trace_rec_sink(&t, &rec);
	mm_trace_attach(r2.mm, &t);
	for (i = 0; i < f.sc.nops; i++)
		run_op(&r2, &f.sc.ops[i]);
	mm_trace_detach(r2.mm);
	ck_assert_int_eq(trace_rec_decode(&rec), 0);
	memset(&v, 0, sizeof v);
	for (i = 0; i < f.sc.nops; i++) {
		const struct replay_op *op = &f.app.m.rp.ops[i];

		ck_assert_int_eq(replay_seek(&f.app.m.rp, op->first +
		    op->nsteps - 1, &v, err, sizeof err), 0);
		for (j = 0; j < v.nev; j++, e++) {
			ck_assert_uint_lt(e, rec.n);
			ck_assert_msg(same_event(&v.ev[j], &rec.ev[e]),
			    "call %zu, event %zu differs", i, j);
		}
	}
	ck_assert_uint_eq(e, rec.n);
	replay_view_free(&v);
	trace_rec_free(&rec);
	run_end(&r2);
	fixture_end(&f);
}
END_TEST

/* The step table: every call starts with its SYSCALL step. */
START_TEST(test_replay_steps)
{
	struct fixture f;
	const struct replay *rp;
	size_t i;
	uint64_t total = 0;

	fixture_start(&f, "lecture1", 0);
	rp = &f.app.m.rp;
	ck_assert_uint_eq(rp->nops, f.sc.nops);
	for (i = 0; i < rp->nops; i++) {
		ck_assert_uint_eq(rp->ops[i].first, total);
		ck_assert_uint_ge(rp->ops[i].nsteps, 1);
		ck_assert(rp->steps[rp->ops[i].first].flags &
		    REPLAY_STEP_SYSCALL);
		ck_assert_int_eq(rp->steps[rp->ops[i].first].depth, 0);
		ck_assert_uint_eq(replay_op_of(rp, total), i);
		ck_assert_uint_eq(replay_op_of(rp, total + rp->ops[i].nsteps -
		    1), i);
		total += rp->ops[i].nsteps;
	}
	ck_assert_uint_eq(total, rp->nsteps);
	/* The engine's results, as vmalab run prints them. */
	for (i = 0; i < rp->nops; i++)
		if (f.sc.ops[i].has_expect && run_op_modelled(&f.sc.ops[i]))
			ck_assert_uint_eq(rp->ops[i].result, f.sc.ops[i].expect);
	fixture_end(&f);
}
END_TEST

/* A snapshot is the tree as linked: every child points back. */
START_TEST(test_snapshot_shape)
{
	struct fixture f;
	const struct snap *s;
	uint64_t step;
	int i, roots;

	fixture_start(&f, "lecture1", 0);
	for (step = 0; step < tui_model_nsteps(&f.app.m); step += 7) {
		ck_assert_int_eq(tui_model_seek(&f.app.m, step), 0);
		s = &f.app.m.v.snap;
		ck_assert_uint_gt(s->count, 0);
		for (i = 0, roots = 0; i < (int)s->count; i++) {
			if (i > 0)
				ck_assert_uint_le(s->n[i - 1].end,
				    s->n[i].start);
			if (s->n[i].left >= 0)
				ck_assert_int_eq(s->n[s->n[i].left].parent,
				    i);
			if (s->n[i].right >= 0)
				ck_assert_int_eq(s->n[s->n[i].right].parent,
				    i);
			roots += s->n[i].parent < 0;
		}
		ck_assert_int_eq(roots, 1);
		ck_assert_int_eq(s->n[s->root].parent, -1);
	}
	fixture_end(&f);
}
END_TEST

/* Two snapshots of the same moment: every field the same. */
static int
same_snap(const struct snap *a, const struct snap *b)
{
	const struct snap_node *x, *y;
	size_t i;

	if (a->count != b->count || a->root != b->root ||
	    a->height != b->height || a->map_count != b->map_count ||
	    a->highest_vm_end != b->highest_vm_end ||
	    a->mmap_base != b->mmap_base || a->task_size != b->task_size ||
	    a->stack_guard_gap != b->stack_guard_gap ||
	    a->start_brk != b->start_brk || a->brk != b->brk ||
	    a->layout != b->layout || a->broken != b->broken)
		return 0;
	for (i = 0; i < a->count; i++) {
		x = &a->n[i];
		y = &b->n[i];
		if (x->start != y->start || x->end != y->end ||
		    x->flags != y->flags || x->gap != y->gap ||
		    x->subtree_gap != y->subtree_gap || x->color != y->color ||
		    x->left != y->left || x->right != y->right ||
		    x->parent != y->parent || x->depth != y->depth ||
		    (x->name == NULL) != (y->name == NULL) ||
		    (x->name != NULL && strcmp(x->name, y->name) != 0))
			return 0;
	}
	return 1;
}

struct agree {
	struct tui_model *m;
	uint64_t	*steps;		/* [k]: the step of moment k */
	size_t		 seen;
};

/* At dot's moment k (step N), the stepper seeks to step N: the same. */
static int
agree_capture(void *ctx, size_t k, const struct snap *s,
    const struct trace_event *ev, const struct search *sr)
{
	struct agree *a = ctx;
	const struct replay_view *v = &a->m->v;

	(void)sr;
	ck_assert_ptr_nonnull(ev);
	ck_assert_int_eq(tui_model_seek(a->m, a->steps[k] - 1), 0);
	ck_assert_msg(same_event(ev, &v->ev[v->cur]), "step %llu: dot and "
	    "the stepper stop at different events",
	    (unsigned long long)a->steps[k]);
	ck_assert_msg(same_snap(s, &v->snap), "step %llu: dot and the "
	    "stepper take different snapshots",
	    (unsigned long long)a->steps[k]);
	a->seen++;
	return 0;
}

/*
 * vmalab dot --at N and the stepper at step N: the survey counts as many
 * steps as the stepper, and at every step N the snapshot dot takes is the
 * one the stepper's model holds.
 */
START_TEST(test_dot_agrees)
{
	struct fixture f;
	struct survey sv;
	struct agree a;
	struct run r;
	uint64_t *moments, n, k;
	char err[512];

	fixture_start(&f, scenarios[_i], 0);
	ck_assert_int_eq(run_start(&r, &f.sc, NULL, err, sizeof err), 0);
	ck_assert_msg(survey_run(&sv, &r, NULL, NULL, NULL, err,
	    sizeof err) == 0, "%s", err);
	run_end(&r);
	n = tui_model_nsteps(&f.app.m);
	ck_assert_uint_eq(sv.nsteps, n);
	ck_assert_int_eq(survey_at_step(&sv, n + 1, &k), -1);
	moments = calloc((size_t)n, sizeof *moments);
	a.steps = calloc((size_t)n, sizeof *a.steps);
	ck_assert(moments != NULL && a.steps != NULL);
	for (k = 0; k < n; k++) {
		a.steps[k] = k + 1;
		ck_assert_int_eq(survey_at_step(&sv, k + 1, &moments[k]), 0);
		if (k > 0)
			ck_assert_uint_gt(moments[k], moments[k - 1]);
	}
	a.m = &f.app.m;
	a.seen = 0;
	ck_assert_int_eq(run_start(&r, &f.sc, NULL, err, sizeof err), 0);
	ck_assert_msg(survey_capture(&r, moments, (size_t)n, agree_capture, &a,
	    err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(a.seen, n);
	run_end(&r);
	free(moments);
	free(a.steps);
	survey_free(&sv);
	fixture_end(&f);
}
END_TEST

static uint64_t
move(struct fixture *f, enum tui_move mv, int back)
{
	const char *why;

	return tui_nav_move(&f->app.m, mv, back, &why);
}

/*
 * gdb's habits: s then S, and n then N at the same depth, come back to
 * the same step; f lands shallower; N never lands deeper.
 */
START_TEST(test_nav_moves)
{
	struct fixture f;
	const struct replay_step *st;
	uint64_t a, b, n;

	if (builtin_find(scenarios[_i]) == NULL)
		return;
	fixture_start(&f, scenarios[_i], 0);
	st = f.app.m.rp.steps;
	n = tui_model_nsteps(&f.app.m);
	for (a = 0; a + 1 < n; a++) {
		f.app.m.step = a;
		b = move(&f, MOVE_STEP, 0);
		ck_assert_uint_eq(b, a + 1);
		f.app.m.step = b;
		ck_assert_uint_eq(move(&f, MOVE_STEP, 1), a);

		f.app.m.step = a;
		b = move(&f, MOVE_NEXT, 0);
		ck_assert_uint_gt(b, a);
		/* Nothing ahead at this depth: the last step. */
		if (st[a].depth > 0 && b != n - 1)
			ck_assert_int_le(st[b].depth, st[a].depth);
		if (st[b].depth == st[a].depth && b != n - 1) {
			f.app.m.step = b;
			ck_assert_uint_eq(move(&f, MOVE_NEXT, 1), a);
		}
		f.app.m.step = a;
		if (st[a].depth > 0) {
			b = move(&f, MOVE_FINISH, 0);
			if (b != n - 1)
				ck_assert_int_lt(st[b].depth, st[a].depth);
		}
	}
	fixture_end(&f);
}
END_TEST

/* c stops at a breakpoint, C goes back to one; none: the ends. */
START_TEST(test_nav_breakpoints)
{
	struct fixture f;
	const struct listing *l = listing_find("unmapped_area_topdown");
	unsigned fn = replay_listing_index(l);
	uint64_t s, n, hits = 0, i;
	const struct replay_step *st;

	fixture_start(&f, "lecture1", 0);
	st = f.app.m.rp.steps;
	n = tui_model_nsteps(&f.app.m);
	ck_assert_uint_eq(move(&f, MOVE_CONTINUE, 0), n - 1);
	/* The line of the go_left decision. */
	for (i = 0; i < n; i++)
		if (st[i].fn == fn && (st[i].flags & REPLAY_STEP_DECIDE) &&
		    strstr(l->lines[st[i].line - 1], "left->rb_subtree_gap"))
			break;
	ck_assert_uint_lt(i, n);
	ck_assert_int_eq(tui_model_bp_toggle(&f.app.m, fn, st[i].line), 1);
	for (s = 0;;) {
		f.app.m.step = s;
		s = move(&f, MOVE_CONTINUE, 0);
		if (s == n - 1 && !(st[s].fn == fn && st[s].line == st[i].line))
			break;
		ck_assert_int_eq(st[s].fn, fn);
		ck_assert_int_eq(st[s].line, st[i].line);
		hits++;
	}
	ck_assert_uint_ge(hits, 2);
	f.app.m.step = n - 1;
	s = move(&f, MOVE_CONTINUE, 1);
	ck_assert_int_eq(st[s].line, st[i].line);
	ck_assert_int_eq(tui_model_bp_toggle(&f.app.m, fn, st[i].line), 0);
	f.app.m.step = n - 1;
	ck_assert_uint_eq(move(&f, MOVE_CONTINUE, 1), 0);
	fixture_end(&f);
}
END_TEST

/* Copies of the screen at 100x30 (ascii). */
static char *
screen_text(struct fixture *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(tui_app_draw(&f->app, 100, 30), 0);
	tui_screen_dump(&f->app.scr, fp);
	fclose(fp);
	return buf;
}

static void
key(struct fixture *f, int code)
{
	struct tui_key k = { code, 0, 0 };

	tui_app_key(&f->app, &k);
}

/* n then N gives back exactly the screen before, wherever n stays level. */
START_TEST(test_screen_n_N)
{
	struct fixture f;
	const struct replay_step *st;
	uint64_t a, n, checked = 0;
	char *before, *after;

	fixture_start(&f, "lecture1", 0);
	st = f.app.m.rp.steps;
	n = tui_model_nsteps(&f.app.m);
	for (a = 0; a + 1 < n; a += 3) {
		uint64_t b;

		ck_assert_int_eq(tui_model_seek(&f.app.m, a), 0);
		before = screen_text(&f);
		key(&f, 'n');
		b = f.app.m.step;
		if (st[b].depth == st[a].depth && st[a].depth > 0 &&
		    b != n - 1) {
			key(&f, 'N');
			ck_assert_uint_eq(f.app.m.step, a);
			after = screen_text(&f);
			ck_assert_str_eq(before, after);
			free(after);
			checked++;
		}
		free(before);
	}
	ck_assert_uint_gt(checked, 50);
	fixture_end(&f);
}
END_TEST

/* Every size from 1x1 up draws without writing outside the screen. */
START_TEST(test_screen_sizes)
{
	struct fixture f;
	static const uint64_t steps[] = { 0, 3, 190, 600 };
	int w, h;
	size_t i;

	fixture_start(&f, "lecture1", 0);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		ck_assert_int_eq(tui_model_seek(&f.app.m, steps[i]), 0);
		for (w = 1; w <= 130; w += (w < 30 ? 1 : 7))
			for (h = 1; h <= 50; h += (h < 12 ? 1 : 5))
				ck_assert_int_eq(tui_app_draw(&f.app, w, h), 0);
	}
	fixture_end(&f);
}
END_TEST

/* The layout: inside the screen, no two panes overlapping. */
START_TEST(test_layout)
{
	struct tui_layout l;
	int w, h, p, q;

	for (w = 1; w <= 200; w++) {
		for (h = 1; h <= 70; h++) {
			tui_layout_compute(&l, w, h, 0);
			for (p = 0; p < PANE_NPANES; p++) {
				const struct tui_rect *a = &l.pane[p];

				if (a->h == 0)
					continue;
				ck_assert(a->x >= 0 && a->y >= 0 &&
				    a->x + a->w <= w && a->y + a->h <= l.status.y);
				for (q = p + 1; q < PANE_NPANES; q++) {
					const struct tui_rect *b = &l.pane[q];

					if (b->h == 0)
						continue;
					ck_assert(a->x + a->w <= b->x ||
					    b->x + b->w <= a->x ||
					    a->y + a->h <= b->y ||
					    b->y + b->h <= a->y);
				}
			}
		}
	}
	/* 80x24 shows every pane. */
	tui_layout_compute(&l, 80, 24, 0);
	for (p = 0; p < PANE_NPANES; p++)
		ck_assert_int_gt(l.pane[p].h, 1);
}
END_TEST

/* --predict: the outcome waits for y/n, forward moves wait too. */
START_TEST(test_predict)
{
	struct fixture f;
	uint64_t at;
	int taken;

	fixture_start(&f, "lecture1", 1);
	while (!tui_model_pending(&f.app.m))
		key(&f, 's');
	at = f.app.m.step;
	key(&f, 's');
	ck_assert_uint_eq(f.app.m.step, at);	/* refused */
	taken = !!(f.app.m.rp.steps[at].flags & REPLAY_STEP_TAKEN);
	key(&f, taken ? 'y' : 'n');
	ck_assert_uint_eq(f.app.m.right, 1);
	ck_assert_uint_eq(f.app.m.asked, 1);
	ck_assert(!tui_model_pending(&f.app.m));
	while (!tui_model_pending(&f.app.m))
		key(&f, 's');
	taken = !!(f.app.m.rp.steps[f.app.m.step].flags & REPLAY_STEP_TAKEN);
	key(&f, taken ? 'n' : 'y');
	ck_assert_uint_eq(f.app.m.right, 1);
	ck_assert_uint_eq(f.app.m.asked, 2);
	/* Back and forth again: answered steps are not asked twice. */
	key(&f, 'S');
	key(&f, 's');
	ck_assert(!tui_model_pending(&f.app.m));
	fixture_end(&f);
}
END_TEST

/* g, [ ], / and the prompt keys. */
START_TEST(test_keys_jumps)
{
	struct fixture f;
	const struct replay *rp;
	char *screen;

	fixture_start(&f, "lecture1", 0);
	rp = &f.app.m.rp;
	key(&f, 'g');
	key(&f, '1');
	key(&f, '2');
	key(&f, '0');
	key(&f, KEY_T_ENTER);
	ck_assert_uint_eq(f.app.m.step, 119);
	screen = screen_text(&f);
	ck_assert_ptr_nonnull(strstr(screen, " step 120 of "));
	free(screen);
	key(&f, ']');
	ck_assert_uint_eq(f.app.m.step, rp->ops[replay_op_of(rp, 119) +
	    1].first);
	key(&f, '[');
	ck_assert_uint_eq(f.app.m.step, rp->ops[replay_op_of(rp, 119)].first);
	key(&f, 'n');
	key(&f, '[');
	ck_assert_uint_eq(f.app.m.step, rp->ops[replay_op_of(rp, 119)].first);
	key(&f, '/');
	key(&f, 'g');
	key(&f, 'o');
	key(&f, '_');
	key(&f, 'r');
	key(&f, 'i');
	key(&f, 'g');
	key(&f, 'h');
	key(&f, 't');
	key(&f, KEY_T_ENTER);
	ck_assert_ptr_nonnull(f.app.m.now.decide);
	ck_assert_ptr_nonnull(strstr(f.app.m.now.decide->decision->id,
	    "go_right"));
	fixture_end(&f);
}
END_TEST

/* The local of that name in the locals pane's model, or NULL. */
static const struct tui_local *
now_local(const struct tui_model *m, const char *name)
{
	int i;

	for (i = 0; i < m->now.nlocals; i++)
		if (strcmp(m->now.locals[i].name, name) == 0)
			return &m->now.locals[i];
	return NULL;
}

/*
 * do_brk_flags: vma_merge's NULL is shown as vma 0; the fresh VMA of the
 * next line (a step with no value: its vm_start is not set yet) makes the
 * local "set at line 50" instead of a stale 0 beside `if (!vma)`, until
 * the next value for it.
 */
START_TEST(test_locals_set_at)
{
	const struct tui_local *l;
	struct fixture f;
	uint64_t step, n;
	int seen = 0;

	fixture_start(&f, "lecture1", 0);
	n = tui_model_nsteps(&f.app.m);
	for (step = 0; step < n && seen < 2; step++) {
		ck_assert_int_eq(tui_model_seek(&f.app.m, step), 0);
		if (f.app.m.now.fn == NULL ||
		    strcmp(f.app.m.now.fn->name, "do_brk_flags") != 0)
			continue;
		if (f.app.m.now.line == 46) {
			l = now_local(&f.app.m, "vma");
			ck_assert_ptr_nonnull(l);
			ck_assert_uint_eq(l->value, 0);
			ck_assert_int_eq(l->set_at, 0);
			seen = 1;
		} else if (f.app.m.now.line == 51 && seen == 1) {
			ck_assert_str_eq(f.app.m.now.fn->lines[49] +
			    strspn(f.app.m.now.fn->lines[49], " \t"),
			    "vma = kmem_cache_zalloc(vm_area_cachep, "
			    "GFP_KERNEL);");
			l = now_local(&f.app.m, "vma");
			ck_assert_ptr_nonnull(l);
			ck_assert_int_eq(l->set_at, 50);
			ck_assert(l->changed);
			seen = 2;
		}
	}
	ck_assert_int_eq(seen, 2);
	fixture_end(&f);
}
END_TEST

START_TEST(test_keys_parse)
{
	struct tui_key *k;
	char err[256];
	int n;

	n = tui_keys_parse("n n s N g 120 Enter Space C-c Resize:20x6 "
	    "Click:3,4 Up", &k, err, sizeof err);
	ck_assert_int_eq(n, 14);
	ck_assert_int_eq(k[0].code, 'n');
	ck_assert_int_eq(k[3].code, 'N');
	ck_assert_int_eq(k[5].code, '1');
	ck_assert_int_eq(k[7].code, '0');
	ck_assert_int_eq(k[8].code, KEY_T_ENTER);
	ck_assert_int_eq(k[9].code, ' ');
	ck_assert_int_eq(k[10].code, KEY_T_INTR);
	ck_assert_int_eq(k[11].code, KEY_T_RESIZE);
	ck_assert_int_eq(k[11].x, 20);
	ck_assert_int_eq(k[11].y, 6);
	free(k);
	n = tui_keys_parse("Click:3,4 Up", &k, err, sizeof err);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(k[0].code, KEY_T_CLICK);
	ck_assert_int_eq(k[0].x, 3);
	ck_assert_int_eq(k[0].y, 4);
	ck_assert_int_eq(k[1].code, KEY_T_UP);
	free(k);
	ck_assert_int_eq(tui_keys_parse("Resize:0x5", &k, err, sizeof err), -1);
	ck_assert_str_eq(err, "--keys: 'Resize:0x5': expected Resize:COLSxROWS");
	ck_assert_int_eq(tui_keys_parse("Click:a", &k, err, sizeof err), -1);
	ck_assert_int_eq(tui_keys_parse("", &k, err, sizeof err), 0);
	free(k);
}
END_TEST

/* A click on a listing line toggles its breakpoint. */
START_TEST(test_click_breakpoint)
{
	struct fixture f;
	struct tui_key k = { KEY_T_CLICK, 0, 0 };
	int y, line = 0;

	fixture_start(&f, "lecture1", 0);
	key(&f, 's');
	key(&f, 's');
	free(screen_text(&f));
	/* The first row of a line the run steps on. */
	for (y = f.app.lmap_y; y < f.app.lmap_y + f.app.lmap_n; y++)
		if ((line = tui_listing_line_at(&f.app, y)) > 0 &&
		    tui_model_is_step(&f.app.m, f.app.lmap_fn, line))
			break;
	ck_assert_int_lt(y, f.app.lmap_y + f.app.lmap_n);
	k.x = 5;
	k.y = y;
	tui_app_key(&f.app, &k);
	ck_assert(tui_model_bp_has(&f.app.m, f.app.lmap_fn, line));
	free(screen_text(&f));
	tui_app_key(&f.app, &k);
	ck_assert(!tui_model_bp_has(&f.app.m, f.app.lmap_fn, line));
	fixture_end(&f);
}
END_TEST

/* The search of the last mmap: it skips subtrees and finds the hole. */
START_TEST(test_search_view)
{
	struct fixture f;
	uint64_t last;
	int skipped = 0;

	fixture_start(&f, "lecture1", 0);
	last = f.app.m.rp.ops[f.app.m.rp.nops - 1].first;
	ck_assert_int_eq(tui_model_seek(&f.app.m, last), 0);
	while (f.app.m.step + 1 < tui_model_nsteps(&f.app.m)) {
		key(&f, 's');
		if (f.app.m.now.searching && f.app.m.now.nskipped > skipped)
			skipped = f.app.m.now.nskipped;
		if (f.app.m.now.searching)
			ck_assert_uint_eq(f.app.m.now.length, 0x80000);
	}
	ck_assert_int_ge(skipped, 1);
	fixture_end(&f);
}
END_TEST


/*
 * Seeks to the step of call op whose decision is `id` (step numbers move
 * when the engine traces more lines; this does not).
 */
static void
seek_decision(struct fixture *f, size_t op, const char *id)
{
	const struct replay_op *o = &f->app.m.rp.ops[op];
	uint64_t step;

	for (step = o->first; step < o->first + o->nsteps; step++) {
		ck_assert_int_eq(tui_model_seek(&f->app.m, step), 0);
		if (f->app.m.now.decide != NULL &&
		    f->app.m.now.decide->decision != NULL &&
		    strcmp(f->app.m.now.decide->decision->id, id) == 0)
			return;
	}
	ck_abort_msg("call %zu has no decision %s", op + 1, id);
}

/* Rows and columns the tree fills in its pane (title and key left out). */
static void
tree_extent(struct fixture *f, int w, int h, int *rows, int *cols)
{
	const struct tui_rect *r;
	int x, y, x0 = 10000, x1 = -1, y0 = 10000, y1 = -1;

	ck_assert_int_eq(tui_app_draw(&f->app, w, h), 0);
	r = &f->app.lay.pane[PANE_TREE];
	ck_assert_int_gt(r->h, 2);
	for (y = r->y + 1; y < r->y + r->h - 1; y++)
		for (x = r->x; x < r->x + r->w; x++)
			if (f->app.scr.cells[y * w + x].ch != ' ') {
				x0 = x < x0 ? x : x0;
				x1 = x > x1 ? x : x1;
				y0 = y < y0 ? y : y0;
				y1 = y > y1 ? y : y1;
			}
	*rows = y1 - y0 + 1;
	*cols = x1 - x0 + 1;
}

/* The screen drawn at w x h as text. */
static char *
screen_at(struct fixture *f, int w, int h)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(tui_app_draw(&f->app, w, h), 0);
	tui_screen_dump(&f->app.scr, fp);
	fclose(fp);
	return buf;
}

/*
 * The tree uses the room it has. At step 620 (the last mmap's search,
 * 23 VMAs, height 6): on a projector, 200x50, every node with its gaps,
 * 7 levels of 3 rows and their links (27 rows), 180-odd columns; at
 * 120x40, levels folded where subtrees do not matter; at 80x24, the part
 * around the search, with the folded levels said.
 */
START_TEST(test_tree_size)
{
	static const struct {
		int	 w, h, minrows, mincols;
	} sizes[] = {
		{ 200, 50, 22, 170 },
		{ 120, 40, 11, 45 },
		{ 80, 24, 6, 25 },
	};
	struct fixture f;
	int rows, cols;
	size_t i;
	char *scr;

	fixture_start(&f, "lecture1", 0);
	seek_decision(&f, f.app.m.rp.nops - 1, "unmapped_area_topdown.clip_high");
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		tree_extent(&f, sizes[i].w, sizes[i].h, &rows, &cols);
		ck_assert_msg(rows >= sizes[i].minrows && cols >=
		    sizes[i].mincols, "%dx%d: the tree fills %d rows and %d "
		    "columns", sizes[i].w, sizes[i].h, rows, cols);
		ck_assert_int_le(cols, f.app.lay.pane[PANE_TREE].w);
	}
	/* 200x50: the tree has the whole width, and every VMA shows. */
	tree_extent(&f, 200, 50, &rows, &cols);
	ck_assert_int_eq(f.app.lay.pane[PANE_TREE].w, 200);
	scr = screen_at(&f, 200, 50);
	ck_assert_ptr_null(strstr(scr, "folded"));
	ck_assert_ptr_nonnull(strstr(scr, "7ffffffde000"));	/* [stack] */
	ck_assert_ptr_nonnull(strstr(scr, "gap 964 KiB"));
	free(scr);
	/* 80x24: the node the search is at shows; what is folded is said. */
	scr = screen_at(&f, 80, 24);
	ck_assert_ptr_nonnull(strstr(scr, ">B 7ffff7da1000"));
	ck_assert_ptr_nonnull(strstr(scr, "levels above folded"));
	ck_assert_ptr_nonnull(strstr(scr, "[N] N VMAs folded"));
	free(scr);
	/* + gives the tree rows, - takes them back. */
	tui_app_draw(&f.app, 80, 24);
	rows = f.app.lay.pane[PANE_TREE].h;
	key(&f, '+');
	tui_app_draw(&f.app, 80, 24);
	ck_assert_int_gt(f.app.lay.pane[PANE_TREE].h, rows);
	key(&f, '-');
	key(&f, '-');
	tui_app_draw(&f.app, 80, 24);
	ck_assert_int_lt(f.app.lay.pane[PANE_TREE].h, rows);
	fixture_end(&f);
}
END_TEST

/*
 * The bar's labels never run into each other: at 80 columns, every step
 * of the last call, no label touches the next '^' ("^ga^at ^mmap_base").
 */
START_TEST(test_bar_labels)
{
	struct fixture f;
	const struct replay *rp;
	uint64_t s;
	int y, x, w = 80;

	fixture_start(&f, "lecture1", 0);
	rp = &f.app.m.rp;
	for (s = rp->ops[rp->nops - 1].first; s < rp->nsteps; s++) {
		ck_assert_int_eq(tui_model_seek(&f.app.m, s), 0);
		ck_assert_int_eq(tui_app_draw(&f.app, w, 24), 0);
		y = f.app.lay.pane[PANE_SPACE].y + 2;
		for (x = 1; x < w; x++) {
			uint32_t c = f.app.scr.cells[y * w + x].ch;
			uint32_t p = f.app.scr.cells[y * w + x - 1].ch;

			if (c == '^')
				ck_assert_msg(p == ' ' || x == 1,
				    "step %llu: a label runs into a '^' at "
				    "column %d", (unsigned long long)s + 1, x);
		}
	}
	fixture_end(&f);
}
END_TEST

/* Explanations wrap: the last word shows at 80 columns; ? is the legend. */
START_TEST(test_legend_wrap)
{
	struct fixture f;
	const char *ex, *last;
	char *scr;

	fixture_start(&f, "lecture1", 0);
	key(&f, 's');
	key(&f, 's');
	key(&f, 's');
	ck_assert_ptr_nonnull(f.app.m.now.decide);
	ck_assert_ptr_nonnull(f.app.m.now.decide->decision);
	/* The explanation's last word is on screen, though it is long. */
	ex = decision_explain(f.app.m.now.decide->decision,
	    f.app.m.now.decide->outcome);
	if (ex == NULL)
		ex = f.app.m.now.decide->decision->explain;
	ck_assert_uint_gt(strlen(ex), 50);	/* wider than the pane */
	last = strrchr(ex, ' ');
	ck_assert_ptr_nonnull(last);
	scr = screen_at(&f, 80, 24);
	ck_assert_msg(strstr(scr, last + 1) != NULL, "'%s' not shown:\n%s",
	    last + 1, scr);
	free(scr);
	key(&f, '?');
	scr = screen_at(&f, 80, 24);
	ck_assert_ptr_nonnull(strstr(scr, "rb_subtree_gap: the biggest gap"));
	free(scr);
	key(&f, KEY_T_PGDN);
	key(&f, KEY_T_PGDN);
	scr = screen_at(&f, 80, 24);
	ck_assert_ptr_nonnull(strstr(scr, "VMAs (two shades tell neighbours"));
	ck_assert_ptr_nonnull(strstr(scr, "KiB = 1024 bytes"));
	free(scr);
	key(&f, 'x');		/* closes the help */
	key(&f, 'x');		/* not a key */
	ck_assert_ptr_nonnull(strstr(f.app.msg, "? shows the keys"));
	fixture_end(&f);
}
END_TEST

static void
type(struct fixture *f, const char *s)
{
	for (; *s != '\0'; s++)
		key(f, (unsigned char)*s);
	key(f, KEY_T_ENTER);
}

/*
 * Breakpoints like gdb's: the cursor picks the line; a comment is
 * refused; :b with a decision and an outcome, and with a value.
 */
START_TEST(test_breakpoints_cursor)
{
	struct fixture f;
	const struct listing *l;
	unsigned fn;
	uint64_t last;
	int line;

	fixture_start(&f, "lecture1", 0);
	key(&f, 's');
	key(&f, 's');
	key(&f, 's');		/* sys_brk:15 */
	l = f.app.m.now.fn;
	fn = replay_listing_index(l);
	line = f.app.m.now.line;
	/* Down to the first line below that is a comment: refused. */
	while (strstr(l->lines[f.app.cursor > 0 ? f.app.cursor - 1 :
	    line - 1], "/*") == NULL)
		key(&f, KEY_T_DOWN);
	key(&f, ' ');
	ck_assert_uint_eq(f.app.m.nbp, 0);
	ck_assert_ptr_nonnull(strstr(f.app.msg, "is a comment"));
	/* Up to the current line: set, and c stops on it next call. */
	while (f.app.cursor != line)
		key(&f, KEY_T_UP);
	key(&f, ' ');
	ck_assert(tui_model_bp_has(&f.app.m, fn, line));
	key(&f, 'c');
	ck_assert_int_eq(f.app.m.now.line, line);
	ck_assert_uint_eq(f.app.m.v.op, 1);
	/* :b at the prompt; info b lists them; d deletes. */
	key(&f, ':');
	type(&f, "b unmapped_area_topdown:49");
	ck_assert_ptr_nonnull(strstr(f.app.msg, "is a comment"));
	ck_assert_uint_eq(f.app.m.nbp, 1);
	key(&f, ':');
	type(&f, "d");
	ck_assert_uint_eq(f.app.m.nbp, 0);
	key(&f, ':');
	type(&f, "b unmapped_area_topdown.go_left taken");
	ck_assert_uint_eq(f.app.m.nbp, 1);
	key(&f, 'c');
	ck_assert_ptr_nonnull(f.app.m.now.decide);
	ck_assert_str_eq(f.app.m.now.decide->decision->id,
	    "unmapped_area_topdown.go_left");
	ck_assert(f.app.m.now.decide->outcome);
	key(&f, ':');
	type(&f, "d 1");	/* numbers go on as gdb's: 1 was deleted */
	ck_assert_ptr_nonnull(strstr(f.app.msg, "no breakpoint 1"));
	key(&f, ':');
	type(&f, "d 2");
	ck_assert_uint_eq(f.app.m.nbp, 0);
	key(&f, ':');
	type(&f, "b length > 0x40000");
	ck_assert_uint_eq(f.app.m.nbp, 1);
	f.app.m.step = 0;
	tui_model_seek(&f.app.m, 0);
	key(&f, 'c');
	/* The first call asking for more than 256 KiB: 985084 bytes. */
	ck_assert_uint_eq(f.app.m.v.op, 5);
	last = f.app.m.step;
	key(&f, 'c');
	ck_assert_uint_eq(f.app.m.v.op, 9);
	key(&f, 'C');
	ck_assert_uint_eq(f.app.m.step, last);
	key(&f, ':');
	type(&f, "info b");
	ck_assert_int_gt(f.app.npopup, 2);
	ck_assert_ptr_nonnull(strstr(f.app.popup[2], "length > 0x40000"));
	fixture_end(&f);
}
END_TEST

/*
 * --predict hides what would give the answer away until it is given:
 * the values a branch reads, the address an mmap returns; it asks which
 * gap the search picks, in the tree, and keeps a score per kind.
 */
START_TEST(test_predict_hides)
{
	struct fixture f;
	char *scr;
	int node, guard;

	fixture_start(&f, "lecture1", 1);
	key(&f, 's');
	key(&f, 's');
	key(&f, 's');
	key(&f, 'n');
	key(&f, 's');
	key(&f, 's');		/* sys_brk:15, if (brk < min_brk) */
	ck_assert_int_eq(tui_model_question(&f.app.m), Q_BRANCH);
	scr = screen_at(&f, 100, 30);
	ck_assert_ptr_null(strstr(scr, "min_brk=0x555555559000"));
	ck_assert_ptr_null(strstr(scr, "min_brk 0x555555559000"));
	ck_assert_ptr_nonnull(strstr(scr, "hidden until you answer"));
	free(scr);
	key(&f, 'y');
	scr = screen_at(&f, 100, 30);
	ck_assert_ptr_nonnull(strstr(scr, "min_brk=0x555555559000"));
	free(scr);
	/* The second brk: where will the break be? (typed) */
	key(&f, ']');
	ck_assert_int_eq(tui_model_question(&f.app.m), Q_ADDR);
	ck_assert_int_eq(tui_model_addr_kind(&f.app.m), ADDR_BRK);
	ck_assert_uint_eq(tui_model_addr_answer(&f.app.m), 0x55555557a000UL);
	key(&f, ']');				/* refused */
	ck_assert_int_eq(tui_model_addr_kind(&f.app.m), ADDR_BRK);
	type(&f, "0x55555557a000");
	ck_assert_uint_eq(f.app.m.qright[Q_ADDR], 1);
	/* The third: picked on the bar. The heap's block holds the old
	 * break (its end) but not the new one: the gap above holds it. */
	key(&f, ']');
	ck_assert_int_eq(tui_model_addr_kind(&f.app.m), ADDR_BRK);
	ck_assert(!tui_model_addr_in(&f.app.m, 0x555555554000UL,
	    0x55555557a000UL));
	ck_assert(tui_model_addr_in(&f.app.m, 0x55555557a000UL,
	    0x7ffff7dd2000UL));
	scr = screen_at(&f, 100, 30);
	free(scr);
	key(&f, KEY_T_RIGHT);
	while (!tui_model_addr_in(&f.app.m, f.app.bar_gap[f.app.pick_gap].lo,
	    f.app.bar_gap[f.app.pick_gap].hi))
		key(&f, KEY_T_RIGHT);
	key(&f, KEY_T_ENTER);
	ck_assert_uint_eq(f.app.m.qright[Q_ADDR], 2);
	ck_assert_uint_eq(f.app.m.qasked[Q_ADDR], 2);
	/* The first mmap: where will it land? (typed) */
	key(&f, ']');
	ck_assert_int_eq(tui_model_question(&f.app.m), Q_ADDR);
	ck_assert_int_eq(tui_model_addr_kind(&f.app.m), ADDR_MAP);
	scr = screen_at(&f, 100, 30);
	ck_assert_ptr_null(strstr(scr, "7ffff7da1000"));
	free(scr);
	key(&f, 's');
	ck_assert_int_eq(tui_model_question(&f.app.m), Q_ADDR);  /* refused */
	type(&f, "0x7ffff7da1000");
	ck_assert_uint_eq(f.app.m.qright[Q_ADDR], 3);
	/* Into the search: which gap? Picked in the tree. */
	for (guard = 0; guard < 400 && tui_model_question(&f.app.m) !=
	    Q_GAP; guard++) {
		if (tui_model_question(&f.app.m) == Q_BRANCH)
			key(&f, 'y');
		else
			key(&f, 's');
	}
	ck_assert_int_eq(tui_model_question(&f.app.m), Q_GAP);
	node = tui_model_gap_answer(&f.app.m);
	ck_assert_int_ge(node, 0);
	key(&f, KEY_T_RIGHT);
	while (f.app.pick_node != node)
		key(&f, KEY_T_RIGHT);
	key(&f, KEY_T_ENTER);
	ck_assert_uint_eq(f.app.m.qright[Q_GAP], 1);
	ck_assert_uint_eq(f.app.m.qasked[Q_GAP], 1);
	ck_assert_int_ne(tui_model_question(&f.app.m), Q_GAP);
	ck_assert_uint_ge(f.app.m.qasked[Q_BRANCH], 1);
	fixture_end(&f);
}
END_TEST

/*
 * Every VMA at every step: the tree's nodes and the detached ones
 * (snap.h) never share a start, and lecture1's rotation at steps
 * 370-373 holds the heap's node and the new mapping apart:
 *
 *   before (369)          370-373                 after (374)
 *      ..558000              ..558000  detached:      ..559000
 *             \                          ..559000     /      \
 *        ..559000                               \  ..558000  7ffff7da1000
 *               \                       7ffff7da1000
 *         7ffff7da1000
 */
START_TEST(test_detached)
{
	struct fixture f;
	const struct snap *s, *d;
	uint64_t step;
	size_t i;
	int k, total;

	fixture_start(&f, scenarios[_i], 0);
	for (step = 0; step < tui_model_nsteps(&f.app.m); step++) {
		ck_assert_int_eq(tui_model_seek(&f.app.m, step), 0);
		s = &f.app.m.v.snap;
		total = (int)s->count;
		for (d = s->detached; d != NULL; d = d->detached) {
			total += (int)d->count;
			for (i = 0; i < d->count; i++)
				ck_assert_int_lt(snap_index(s, d->n[i].start),
				    0);
		}
		ck_assert_int_eq(total, (int)s->count + s->ndetached);
		if (strcmp(scenarios[_i], "lecture1") != 0 || step < 366 ||
		    step > 375)
			continue;
		ck_assert_int_eq(total, 22);
		k = step >= 369 && step <= 372;
		ck_assert_int_eq(s->ndetached, k ? 2 : 0);
		if (k) {
			d = s->detached;
			ck_assert_ptr_null(d->detached);
			ck_assert_uint_eq(d->n[d->root].start, 0x555555559000UL);
			ck_assert_int_eq(d->n[d->root].right, 1);
			ck_assert_uint_eq(d->n[1].start, 0x7ffff7da1000UL);
			/* the node rotating is marked where it is drawn */
			ck_assert_int_eq(f.app.m.now.nchanged_off, 1);
			ck_assert_uint_eq(f.app.m.now.changed_off[0],
			    0x555555559000UL);
		}
	}
	fixture_end(&f);
}
END_TEST

/* Answers the open branch question right. */
static void
answer_branch(struct fixture *f)
{
	key(f, f->app.m.rp.steps[f->app.m.step].flags & REPLAY_STEP_TAKEN ?
	    'y' : 'n');
}

/* Steps (answering branches) to the next address or gap question. */
static void
next_addr(struct fixture *f)
{
	int guard;

	for (guard = 0; guard < 2000; guard++) {
		if (tui_model_question(&f->app.m) == Q_BRANCH)
			answer_branch(f);
		else
			key(f, 's');
		if (tui_model_question(&f->app.m) == Q_ADDR ||
		    tui_model_question(&f->app.m) == Q_GAP)
			return;
	}
	ck_abort_msg("no address question within 2000 keys");
}

/*
 * The allocator (scenario malloc): malloc's pointer is asked first; then
 * the system calls it makes, at their own steps, with their own results:
 * brk(NULL) not (the bar's title shows the break), brk(0x55555557a000)
 * and the mmap of malloc(200000); then that mmap's gap; free asks none.
 */
START_TEST(test_predict_alloc)
{
	struct fixture f;

	fixture_start(&f, "malloc", 1);
	ck_assert_int_eq(tui_model_question(&f.app.m), Q_ADDR);
	ck_assert_int_eq(tui_model_addr_kind(&f.app.m), ADDR_PTR);
	ck_assert_uint_eq(tui_model_addr_answer(&f.app.m), 0x5555555592a0UL);
	type(&f, "0x555555559290");		/* the chunk, not its memory */
	ck_assert_uint_eq(f.app.m.qright[Q_ADDR], 0);
	ck_assert_uint_eq(f.app.m.qasked[Q_ADDR], 1);
	next_addr(&f);
	ck_assert_uint_eq(f.app.m.v.op, 0);
	ck_assert_ptr_nonnull(f.app.m.now.ev->text);
	ck_assert_str_eq(f.app.m.now.ev->text, "brk(0x55555557a000)");
	ck_assert_int_eq(tui_model_addr_kind(&f.app.m), ADDR_BRK);
	ck_assert_uint_eq(tui_model_addr_answer(&f.app.m), 0x55555557a000UL);
	type(&f, "55555557a000");
	ck_assert_uint_eq(f.app.m.qright[Q_ADDR], 1);
	next_addr(&f);
	ck_assert_uint_eq(f.app.m.v.op, 1);
	ck_assert_int_eq(tui_model_addr_kind(&f.app.m), ADDR_PTR);
	ck_assert_uint_eq(tui_model_addr_answer(&f.app.m), 0x7ffff7da1010UL);
	type(&f, "0x7ffff7da1010");
	next_addr(&f);
	ck_assert_int_eq(tui_model_addr_kind(&f.app.m), ADDR_MAP);
	ck_assert_uint_eq(tui_model_addr_answer(&f.app.m), 0x7ffff7da1000UL);
	ck_assert_int_gt(f.app.m.now.ev->depth, 0);
	type(&f, "0x7ffff7da1000");
	ck_assert_uint_eq(f.app.m.qright[Q_ADDR], 3);
	ck_assert_uint_eq(f.app.m.qasked[Q_ADDR], 4);
	/* Its search asks for the gap, with the mmap's result. */
	next_addr(&f);
	ck_assert_int_eq(tui_model_question(&f.app.m), Q_GAP);
	ck_assert_int_ge(tui_model_gap_answer(&f.app.m), 0);
	fixture_end(&f);
}
END_TEST

/*
 * u: [ and ] go only to the calls that search for space (the mmaps of
 * lecture1: calls 4, 6, 8 and 10), not the brks that only check.
 */
START_TEST(test_only_search)
{
	static const size_t want[] = { 3, 5, 7, 9 };
	struct fixture f;
	size_t i;

	fixture_start(&f, "lecture1", 0);
	key(&f, 'u');
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		key(&f, ']');
		ck_assert_uint_eq(f.app.m.v.op, want[i]);
		ck_assert_uint_eq(f.app.m.step, f.app.m.rp.ops[want[i]].first);
	}
	key(&f, ']');
	ck_assert_uint_eq(f.app.m.v.op, 9);
	ck_assert_ptr_nonnull(strstr(f.app.msg, "no call after this one"));
	key(&f, '[');
	ck_assert_uint_eq(f.app.m.v.op, 7);
	key(&f, 'u');
	key(&f, '[');
	ck_assert_uint_eq(f.app.m.v.op, 6);
	fixture_end(&f);
}
END_TEST

/* Is the VMA starting at `start` among the nodes this step changed? */
static int
tui_tree_in_changed(const struct tui_model *m, unsigned long start)
{
	int i;

	for (i = 0; i < m->now.nchanged; i++)
		if (m->v.snap.n[m->now.changed[i]].start == start)
			return 1;
	return 0;
}

/*
 * The tree's own work shows: the first brk that makes the heap inserts
 * its VMA (555555559000) and mends the gaps above it; the step after
 * marks those nodes '!' and the key names the work.
 */
START_TEST(test_tree_changes)
{
	struct fixture f;
	uint64_t step, n;
	char *scr;
	int found = 0;

	fixture_start(&f, "lecture1", 0);
	n = tui_model_nsteps(&f.app.m);
	for (step = 0; step < n && !found; step++) {
		ck_assert_int_eq(tui_model_seek(&f.app.m, step), 0);
		found = f.app.m.now.nchanged > 0 &&
		    strstr(f.app.m.now.change, "insert") != NULL;
	}
	ck_assert(found);
	ck_assert_int_eq(f.app.m.now.changed[0] >= 0, 1);
	ck_assert(tui_tree_in_changed(&f.app.m, 0x555555559000UL));
	scr = screen_at(&f, 120, 40);
	ck_assert_msg(strstr(scr, "!R 555555559000") != NULL, "%s", scr);
	ck_assert_ptr_nonnull(strstr(scr, "! this step's"));
	free(scr);
	fixture_end(&f);
}
END_TEST

/* --predict: a click on a node of the tree answers the gap question. */
START_TEST(test_predict_click_gap)
{
	struct fixture f;
	struct tui_key k = { KEY_T_CLICK, 0, 0 };
	int i, node;
	uint64_t step;

	fixture_start(&f, "lecture1", 1);
	/* The first mmap's search starts: which gap? */
	for (step = f.app.m.rp.ops[3].first; tui_model_question(&f.app.m) !=
	    Q_GAP; step++) {
		ck_assert_uint_lt(step, f.app.m.rp.ops[4].first);
		ck_assert_int_eq(tui_model_seek(&f.app.m, step), 0);
	}
	node = tui_model_gap_answer(&f.app.m);
	free(screen_at(&f, 200, 50));
	for (i = 0; i < f.app.ntree_hit; i++)
		if (f.app.tree_hit[i].node == node)
			break;
	ck_assert_int_lt(i, f.app.ntree_hit);
	k.x = f.app.tree_hit[i].x + 2;
	k.y = f.app.tree_hit[i].y;
	tui_app_key(&f.app, &k);
	ck_assert_uint_eq(f.app.m.qright[Q_GAP], 1);
	ck_assert_ptr_nonnull(strstr(f.app.msg, "right: the search chooses"));
	fixture_end(&f);
}
END_TEST

static Suite *
tui_suite(void)
{
	Suite *s = suite_create("tui");
	TCase *tc;

	tc = tcase_create("replay");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_replay_same_events, 0, NSCENARIOS);
	tcase_add_test(tc, test_replay_steps);
	tcase_add_test(tc, test_snapshot_shape);
	tcase_add_loop_test(tc, test_dot_agrees, 0, NSCENARIOS);
	suite_add_tcase(s, tc);

	tc = tcase_create("nav");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_nav_moves, 0, NSCENARIOS);
	tcase_add_test(tc, test_nav_breakpoints);
	suite_add_tcase(s, tc);

	tc = tcase_create("screen");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_screen_n_N);
	tcase_add_test(tc, test_screen_sizes);
	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_predict);
	tcase_add_test(tc, test_keys_jumps);
	tcase_add_test(tc, test_keys_parse);
	tcase_add_test(tc, test_locals_set_at);
	tcase_add_test(tc, test_click_breakpoint);
	tcase_add_test(tc, test_search_view);
	tcase_add_test(tc, test_tree_size);
	tcase_add_test(tc, test_bar_labels);
	tcase_add_test(tc, test_legend_wrap);
	tcase_add_test(tc, test_breakpoints_cursor);
	tcase_add_test(tc, test_predict_hides);
	tcase_add_test(tc, test_predict_alloc);
	tcase_add_loop_test(tc, test_detached, 0, NSCENARIOS);
	tcase_add_test(tc, test_only_search);
	tcase_add_test(tc, test_tree_changes);
	tcase_add_test(tc, test_predict_click_gap);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(tui_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
