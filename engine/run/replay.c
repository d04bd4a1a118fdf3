/*
 * replay.c - a run recorded once and revisited at any step (see replay.h
 * for the idea: a compact step table, checkpoints, and seeks that play a
 * single system call again from the checkpoint before it).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/fail.h"
#include "trace/listing.h"
#include "replay.h"

/* Checkpoint spacing: see replay_want_ckpt. */
#define REPLAY_CK_MIN_OPS	8
#define REPLAY_CK_MAX_EVENTS	20000
#define REPLAY_MAXDEPTH		64
#define REPLAY_VALIDATE_MAX	4096	/* VMAs */

/* Grows *p (of *cap elements of `size`) to hold `need`. 0 or -1. */
static int
replay_grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap != 0 ? *cap : 16;
	void *np;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	if ((np = realloc(*p, ncap * size)) == NULL)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

/* ---- steps ------------------------------------------------------------- */

int
replay_is_step(const struct trace_event *ev)
{
	switch (ev->kind) {
	case TRACE_SYSCALL:
	case TRACE_STEP:
		return 1;
	case TRACE_DECIDE:
		return ev->fn == NULL || !ev->fn->instrumented;
	case TRACE_CALL:
		/* A student build: the lab's own function is one step, its
		 * call, where the listing says "your lab: write this". */
		return ev->fn != NULL && ev->fn->student != NULL;
	default:
		return 0;
	}
}

const struct listing *
replay_listing(unsigned fn)
{
	unsigned i;

	if (fn == 0)
		return NULL;
	for (i = 0; listings[i] != NULL; i++)
		if (i + 1 == fn)
			return listings[i];
	return NULL;
}

unsigned
replay_listing_index(const struct listing *l)
{
	static const struct listing *last;
	static unsigned last_i;
	unsigned i;

	if (l == NULL)
		return 0;
	if (l == last)
		return last_i;
	for (i = 0; listings[i] != NULL; i++) {
		if (listings[i] == l) {
			last = l;
			last_i = i + 1;
			return last_i;
		}
	}
	return 0;
}

/* ---- copies of the state ----------------------------------------------- */

/*
 * A copy of the run's state that a call can be played on: its own mm (the
 * tree in the same shape) and file table. The names and the input stay
 * the original run's. Returns 0 or -1 (out of memory; *dst zeroed).
 */
static int
replay_state_copy(struct run *dst, const struct run *src)
{
	size_t i;

	*dst = *src;
	dst->names = NULL;
	dst->nnames = 0;
	dst->gates = NULL;
	dst->ngates = 0;
	dst->fds = NULL;
	dst->fdcap = dst->nfds = 0;
	dst->mm = NULL;
	if (run_alloc_copy(dst, src) < 0)
		goto fail;
	if ((dst->mm = mm_clone(src->mm)) == NULL)
		goto fail;
	if (src->nfds > 0) {
		if ((dst->fds = malloc(src->nfds * sizeof *dst->fds)) == NULL)
			goto fail;
		dst->nfds = dst->fdcap = src->nfds;
		for (i = 0; i < src->nfds; i++) {
			struct vfile *f;

			dst->fds[i].fd = src->fds[i].fd;
			dst->fds[i].file = NULL;
			for (f = dst->mm->files; f != NULL; f = f->next)
				if (src->fds[i].file != NULL &&
				    f->id == src->fds[i].file->id)
					dst->fds[i].file = f;
		}
	}
	return 0;
fail:
	run_alloc_free(dst);
	mm_free(dst->mm);
	free(dst->fds);
	memset(dst, 0, sizeof *dst);
	return -1;
}

static void
replay_state_free(struct run *st)
{
	run_alloc_free(st);
	mm_free(st->mm);
	free(st->fds);
	memset(st, 0, sizeof *st);
}

/* ---- playing calls ------------------------------------------------------- */

/* The kernel's debug checks on st after call `op`: 0, or -1 with err. */
static int
replay_check(const struct run *st, size_t op, char *err, size_t errlen)
{
	const char *bad;

	if ((bad = mm_validate(st->mm)) == NULL)
		return 0;
	return engine_fail(err, errlen, "%s:%d: internal error: after this "
	    "call the model is inconsistent: %s", st->sc->file,
	    st->sc->ops[op].lineno, bad);
}

struct replay_walk {
	struct replay_at at;
	replay_event_fn	 fn;
	void		*ctx;
	int		 stop;
};

static void
replay_walk_event(void *ctx, const struct trace_event *ev)
{
	struct replay_walk *w = ctx;

	w->at.is_step = replay_is_step(ev);
	if (w->at.is_step)
		w->at.step++;
	if (!w->stop && w->fn(w->ctx, &w->at, ev) != 0)
		w->stop = 1;
}

int
replay_play(struct run *st, size_t first, size_t last, uint64_t from,
    int check, replay_event_fn fn, void *ctx, unsigned long *results,
    char *err, size_t errlen)
{
	struct replay_walk w;
	struct trace sink;
	unsigned long result;
	size_t op;
	int rc = 0;

	memset(&w, 0, sizeof w);
	w.at.mm = st->mm;
	w.at.step = from;
	w.fn = fn;
	w.ctx = ctx;
	memset(&sink, 0, sizeof sink);
	sink.event = replay_walk_event;
	sink.ctx = &w;
	mm_trace_attach(st->mm, &sink);
	for (op = first; op <= last && op < st->sc->nops; op++) {
		w.at.op = op;
		result = run_op(st, &st->sc->ops[op]);
		if (results != NULL)
			results[op - first] = result;
		if (check == REPLAY_CHECK_EACH &&
		    replay_check(st, op, err, errlen) < 0) {
			rc = -1;
			break;
		}
		if (w.stop) {
			rc = 1;
			break;
		}
	}
	mm_trace_detach(st->mm);
	return rc;
}

/* ---- recording ------------------------------------------------------------ */

struct replay_rec {
	struct replay	*rp;
	size_t		 cap;		/* of rp->steps */
	uint64_t	 last[REPLAY_MAXDEPTH];	/* last step at each depth */
	uint64_t	 events;	/* since the last checkpoint */
	int		 failed;
};

/* Adds step at->step to the table, or marks its step with a decision. */
static int
replay_rec_event(void *ctx, const struct replay_at *at,
    const struct trace_event *ev)
{
	struct replay_rec *rc = ctx;
	struct replay *rp = rc->rp;
	struct replay_step *st;
	int d = ev->depth < 0 ? 0 : ev->depth;

	rc->events++;
	if (d >= REPLAY_MAXDEPTH)
		d = REPLAY_MAXDEPTH - 1;
	if (at->is_step) {
		if (replay_grow((void **)&rp->steps, &rc->cap, at->step,
		    sizeof *rp->steps) < 0) {
			rc->failed = 1;
			return 1;
		}
		st = &rp->steps[at->step - 1];
		st->depth = (uint8_t)d;
		st->line = (uint16_t)(ev->line > 0 ? ev->line : 0);
		st->fn = (uint16_t)replay_listing_index(ev->fn);
		st->flags = 0;
		if (ev->kind == TRACE_SYSCALL)
			st->flags |= REPLAY_STEP_SYSCALL;
		if (ev->kind == TRACE_DECIDE)
			st->flags |= REPLAY_STEP_DECIDE |
			    (ev->outcome ? REPLAY_STEP_TAKEN : 0);
		rc->last[d] = at->step - 1;
		rp->nsteps = at->step;
		return 0;
	}
	if (ev->kind == TRACE_DECIDE && rp->nsteps > 0) {
		/* The decision of the STEP that began its line. */
		st = &rp->steps[rc->last[d]];
		if (st->depth == d && st->line == ev->line &&
		    st->fn == replay_listing_index(ev->fn) &&
		    !(st->flags & REPLAY_STEP_DECIDE))
			st->flags |= REPLAY_STEP_DECIDE |
			    (ev->outcome ? REPLAY_STEP_TAKEN : 0);
	}
	return 0;
}

/*
 * A checkpoint before op i? A seek costs a copy of the checkpoint (one
 * pass over its VMAs) and the calls played since; memory costs a copy per
 * checkpoint. So: after max(8, map_count/8) calls, or after max(20000,
 * 16 * map_count) events, whichever comes first.
 */
static int
replay_want_ckpt(const struct replay *rp, const struct replay_rec *rc,
    const struct mm *mm, size_t i)
{
	size_t since, every = (size_t)mm->map_count / 8;
	uint64_t events = (uint64_t)mm->map_count * 16;

	if (rp->nck == 0)
		return 1;
	since = i - rp->ck[rp->nck - 1].op;
	if (every < REPLAY_CK_MIN_OPS)
		every = REPLAY_CK_MIN_OPS;
	if (events < REPLAY_CK_MAX_EVENTS)
		events = REPLAY_CK_MAX_EVENTS;
	return since >= every || rc->events >= events;
}

static int
replay_add_ckpt(struct replay *rp, size_t *cap, const struct run *r,
    size_t op)
{
	if (replay_grow((void **)&rp->ck, cap, rp->nck + 1, sizeof *rp->ck) < 0)
		return -1;
	if (replay_state_copy(&rp->ck[rp->nck].st, r) < 0)
		return -1;
	rp->ck[rp->nck++].op = op;
	return 0;
}

int
replay_record(struct replay *rp, struct run *r, char *err, size_t errlen)
{
	const struct scenario *sc = r->sc;
	struct replay_rec rc;
	size_t i, ckcap = 0;

	memset(rp, 0, sizeof *rp);
	memset(&rc, 0, sizeof rc);
	rp->sc = sc;
	rp->nops = sc->nops;
	if (sc->nops > 0 &&
	    (rp->ops = calloc(sc->nops, sizeof *rp->ops)) == NULL)
		goto oom;
	rc.rp = rp;
	for (i = 0; i < sc->nops; i++) {
		if (replay_want_ckpt(rp, &rc, r->mm, i)) {
			if (replay_add_ckpt(rp, &ckcap, r, i) < 0)
				goto oom;
			rc.events = 0;
		}
		rp->ops[i].first = rp->nsteps;
		rp->ops[i].ckpt = (uint32_t)(rp->nck - 1);
		(void)replay_play(r, i, i, rp->nsteps, REPLAY_CHECK_NONE,
		    replay_rec_event, &rc, &rp->ops[i].result, NULL, 0);
		if (rc.failed)
			goto oom;
		rp->ops[i].nsteps = (uint32_t)(rp->nsteps - rp->ops[i].first);
		/* The kernel's debug checks: after every call while cheap. */
		if ((r->mm->map_count <= REPLAY_VALIDATE_MAX ||
		    i + 1 == sc->nops) && replay_check(r, i, err, errlen) < 0) {
			replay_free(rp);
			return -1;
		}
	}
	return 0;
oom:
	replay_free(rp);
	return engine_fail(err, errlen, "out of memory recording the run");
}

void
replay_free(struct replay *rp)
{
	size_t i;

	for (i = 0; i < rp->nck; i++)
		replay_state_free(&rp->ck[i].st);
	if (rp->has_scratch)
		replay_state_free(&rp->scratch);
	free(rp->ck);
	free(rp->ops);
	free(rp->steps);
	free(rp->ev);
	memset(rp, 0, sizeof *rp);
}

size_t
replay_op_of(const struct replay *rp, uint64_t step)
{
	size_t lo = 0, hi = rp->nops, mid;

	/* The last op whose first step is <= step. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (rp->ops[mid].first <= step)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* ---- seeking ------------------------------------------------------------- */

/* A copy of the state before op `op`: its checkpoint, played forward. */
static int
replay_state_at(struct replay *rp, size_t op, struct run *st)
{
	const struct replay_ckpt *ck = &rp->ck[rp->ops[op].ckpt];
	size_t i;

	if (replay_state_copy(st, &ck->st) < 0)
		return -1;
	for (i = ck->op; i < op; i++)
		(void)run_op(st, &rp->sc->ops[i]);
	return 0;
}

/* A seek: keeps the call's events, and the snapshot at step `want`. */
struct replay_seeker {
	struct replay	*rp;
	struct replay_view *v;
	uint64_t	 want;		/* the step shown, from 1 */
	uint64_t	 first;		/* the call's SYSCALL step, from 1 */
	size_t		 prev_ev;	/* index in rp->ev of the last step */
	int		 failed;
};

static int
replay_seek_event(void *ctx, const struct replay_at *at,
    const struct trace_event *ev)
{
	struct replay_seeker *sk = ctx;
	struct replay *rp = sk->rp;
	struct snap s;

	if (replay_grow((void **)&rp->ev, &rp->evcap, rp->nev + 1,
	    sizeof *rp->ev) < 0) {
		sk->failed = 1;
		return 1;
	}
	rp->ev[rp->nev] = *ev;
	if (at->is_step && at->step == sk->want) {
		if (snap_take(&s, at->mm) < 0) {
			sk->failed = 1;
			return 1;
		}
		snap_free(&sk->v->snap);
		sk->v->snap = s;
		sk->v->cur = rp->nev;
		sk->v->prev = at->step > sk->first ? sk->prev_ev : rp->nev;
	}
	if (at->is_step)
		sk->prev_ev = rp->nev;
	rp->nev++;
	return 0;
}

int
replay_seek(struct replay *rp, uint64_t step, struct replay_view *v,
    char *err, size_t errlen)
{
	struct replay_seeker sk;
	struct run st;
	size_t op;

	if (step >= rp->nsteps)
		return engine_fail(err, errlen, "no step %llu (the run has "
		    "%llu)", (unsigned long long)step + 1,
		    (unsigned long long)rp->nsteps);
	op = replay_op_of(rp, step);
	if (replay_state_at(rp, op, &st) < 0)
		return engine_fail(err, errlen, "out of memory");
	memset(&sk, 0, sizeof sk);
	sk.rp = rp;
	sk.v = v;
	sk.want = step + 1;	/* the table counts from 0 */
	sk.first = rp->ops[op].first + 1;
	rp->nev = 0;
	(void)replay_play(&st, op, op, rp->ops[op].first, REPLAY_CHECK_NONE,
	    replay_seek_event, &sk, NULL, NULL, 0);
	/*
	 * The events may point into the state (the allocator keeps the
	 * texts of its system calls): it lives until the next seek.
	 */
	if (rp->has_scratch)
		replay_state_free(&rp->scratch);
	rp->scratch = st;
	rp->has_scratch = 1;
	if (sk.failed)
		return engine_fail(err, errlen, "out of memory");
	v->step = step;
	v->op = op;
	v->ev = rp->ev;
	v->nev = rp->nev;
	return 0;
}

void
replay_view_free(struct replay_view *v)
{
	snap_free(&v->snap);
	memset(v, 0, sizeof *v);
}

/*
 * A scan hands each event on with its step as the table counts them; an
 * event before its call's first step counts as that step.
 */
struct replay_scanner {
	const struct replay *rp;
	replay_scan_fn	 fn;
	void		*ctx;
};

static int
replay_scan_event(void *ctx, const struct replay_at *at,
    const struct trace_event *ev)
{
	struct replay_scanner *sc = ctx;
	uint64_t first = sc->rp->ops[at->op].first;

	return sc->fn(sc->ctx, ev, at->step > first ? at->step - 1 : first);
}

int
replay_scan(struct replay *rp, size_t first, size_t last, replay_scan_fn fn,
    void *ctx)
{
	struct replay_scanner sc = { rp, fn, ctx };
	struct run st;
	size_t op;
	int rc = 0;

	if (rp->nops == 0 || first >= rp->nops)
		return 0;
	if (last >= rp->nops)
		last = rp->nops - 1;
	if (first <= last) {
		/* Forwards: one copy, played on. */
		if (replay_state_at(rp, first, &st) < 0)
			return -1;
		rc = replay_play(&st, first, last, rp->ops[first].first,
		    REPLAY_CHECK_NONE, replay_scan_event, &sc, NULL, NULL, 0);
		replay_state_free(&st);
		return rc;
	}
	for (op = first + 1; op-- > last && rc == 0;) {
		if (replay_state_at(rp, op, &st) < 0)
			return -1;
		rc = replay_play(&st, op, op, rp->ops[op].first,
		    REPLAY_CHECK_NONE, replay_scan_event, &sc, NULL, NULL, 0);
		replay_state_free(&st);
	}
	return rc;
}
