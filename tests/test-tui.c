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
			tui_layout_compute(&l, w, h);
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
	tui_layout_compute(&l, 80, 24);
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
	int y, line;

	fixture_start(&f, "lecture1", 0);
	key(&f, 's');
	key(&f, 's');
	free(screen_text(&f));
	y = f.app.lmap_y + 2;
	line = tui_listing_line_at(&f.app, y);
	ck_assert_int_gt(line, 0);
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
