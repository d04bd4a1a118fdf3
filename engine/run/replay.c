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

#include "input/fail.h"
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

/* ---- snapshots ----------------------------------------------------------- */

/* Appends a copy of `s` to the snapshot's name pool; its offset or -1. */
static long
replay_snap_name(struct replay_snap *s, const char *name)
{
	size_t n = strlen(name) + 1;
	long off;

	if (replay_grow((void **)&s->names, &s->names_cap, s->names_len + n,
	    1) < 0)
		return -1;
	off = (long)s->names_len;
	memcpy(s->names + s->names_len, name, n);
	s->names_len += n;
	return off;
}

int
replay_snap_find(const struct replay_snap *s, unsigned long start)
{
	int lo = 0, hi = s->n - 1, mid;

	while (lo <= hi) {
		mid = lo + (hi - lo) / 2;
		if (s->vma[mid].start == start)
			return mid;
		if (s->vma[mid].start < start)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int
replay_snap_node(const struct replay_snap *s, const struct rb_node *rb)
{
	if (rb == NULL)
		return -1;
	return replay_snap_find(s, rb_entry(rb, struct vma, vm_rb)->vm_start);
}

/* Depths from the root, iteratively (the tree may be deep when broken). */
static void
replay_snap_depths(struct replay_snap *s)
{
	int i, d, guard;

	s->height = 0;
	for (i = 0; i < s->n; i++) {
		d = 0;
		guard = s->n;
		for (int p = s->vma[i].parent; p >= 0 && guard-- > 0;
		    p = s->vma[p].parent)
			d++;
		s->vma[i].depth = d;
		if (d + 1 > s->height)
			s->height = d + 1;
	}
}

int
replay_snap_take(struct replay_snap *s, const struct mm *mm)
{
	const struct vma *v, *prev = NULL;
	const char *name;
	size_t cap = (size_t)s->cap;
	long off;
	int i, n = 0, limit = mm->map_count + 16;
	int failed = 0;

	s->n = 0;
	s->root = -1;
	s->height = 0;
	s->names_len = 0;
	s->highest_vm_end = mm->highest_vm_end;
	s->start_brk = mm->start_brk;
	s->brk = mm->brk;
	s->mmap_base = mm->mmap_base;
	s->task_size = mm->task_size;
	s->layout = (int)mm->layout;
	for (v = mm->mmap; v != NULL && n < limit; prev = v, v = v->vm_next) {
		struct replay_vma *r;
		unsigned long lo, hi;

		if (replay_grow((void **)&s->vma, &cap, (size_t)n + 1,
		    sizeof *s->vma) < 0) {
			failed = 1;
			break;
		}
		s->cap = (int)cap;
		r = &s->vma[n++];
		memset(r, 0, sizeof *r);
		r->start = v->vm_start;
		r->end = v->vm_end;
		r->flags = v->vm_flags;
		r->pgoff = v->vm_pgoff;
		hi = vm_start_gap(v);
		lo = prev != NULL ? vm_end_gap(prev) : 0;
		r->gap = hi > lo ? hi - lo : 0;
		r->subtree_gap = v->rb_subtree_gap;
		r->color = rb_color(&v->vm_rb);
		name = run_vma_name(mm, v);
		off = name != NULL ? replay_snap_name(s, name) : -1;
		r->name = (const char *)(intptr_t)(off + 1);	/* fixed below */
		if (name != NULL && off < 0)
			failed = 1;
	}
	s->n = n;
	for (i = 0; i < n; i++) {
		off = (long)(intptr_t)s->vma[i].name - 1;
		s->vma[i].name = off >= 0 ? s->names + off : NULL;
	}
	/* The tree's shape, as indices. */
	i = 0;
	for (v = mm->mmap; v != NULL && i < n; v = v->vm_next, i++) {
		s->vma[i].left = replay_snap_node(s, v->vm_rb.rb_left);
		s->vma[i].right = replay_snap_node(s, v->vm_rb.rb_right);
		s->vma[i].parent = replay_snap_node(s, rb_parent(&v->vm_rb));
	}
	s->root = replay_snap_node(s, mm->mm_rb.rb_node);
	replay_snap_depths(s);
	return failed ? -1 : 0;
}

void
replay_snap_free(struct replay_snap *s)
{
	free(s->vma);
	free(s->names);
	memset(s, 0, sizeof *s);
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

/* ---- recording ------------------------------------------------------------ */

struct replay_rec {
	struct replay	*rp;
	size_t		 cap;		/* of rp->steps */
	uint64_t	 last[REPLAY_MAXDEPTH];	/* last step at each depth */
	uint64_t	 events;	/* since the last checkpoint */
	int		 failed;
};

static void
replay_rec_event(void *ctx, const struct trace_event *ev)
{
	struct replay_rec *rc = ctx;
	struct replay *rp = rc->rp;
	struct replay_step *st;
	int d = ev->depth < 0 ? 0 : ev->depth;

	rc->events++;
	if (rc->failed)
		return;
	if (d >= REPLAY_MAXDEPTH)
		d = REPLAY_MAXDEPTH - 1;
	if (replay_is_step(ev)) {
		if (replay_grow((void **)&rp->steps, &rc->cap, rp->nsteps + 1,
		    sizeof *rp->steps) < 0) {
			rc->failed = 1;
			return;
		}
		st = &rp->steps[rp->nsteps];
		st->depth = (uint8_t)d;
		st->line = (uint16_t)(ev->line > 0 ? ev->line : 0);
		st->fn = (uint16_t)replay_listing_index(ev->fn);
		st->flags = 0;
		if (ev->kind == TRACE_SYSCALL)
			st->flags |= REPLAY_STEP_SYSCALL;
		if (ev->kind == TRACE_DECIDE)
			st->flags |= REPLAY_STEP_DECIDE |
			    (ev->outcome ? REPLAY_STEP_TAKEN : 0);
		rc->last[d] = rp->nsteps++;
		return;
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
	struct trace sink;
	size_t i, ckcap = 0;
	const char *bad;

	memset(rp, 0, sizeof *rp);
	memset(&rc, 0, sizeof rc);
	rp->sc = sc;
	rp->nops = sc->nops;
	if (sc->nops > 0 &&
	    (rp->ops = calloc(sc->nops, sizeof *rp->ops)) == NULL)
		goto oom;
	rc.rp = rp;
	memset(&sink, 0, sizeof sink);
	sink.event = replay_rec_event;
	sink.ctx = &rc;
	for (i = 0; i < sc->nops; i++) {
		if (replay_want_ckpt(rp, &rc, r->mm, i)) {
			if (replay_add_ckpt(rp, &ckcap, r, i) < 0)
				goto oom;
			rc.events = 0;
		}
		rp->ops[i].first = rp->nsteps;
		rp->ops[i].ckpt = (uint32_t)(rp->nck - 1);
		mm_trace_attach(r->mm, &sink);
		rp->ops[i].result = run_op(r, &sc->ops[i]);
		mm_trace_detach(r->mm);
		if (rc.failed)
			goto oom;
		rp->ops[i].nsteps = (uint32_t)(rp->nsteps - rp->ops[i].first);
		/* The kernel's debug checks: after every call while cheap. */
		if ((r->mm->map_count <= REPLAY_VALIDATE_MAX ||
		    i + 1 == sc->nops) && (bad = mm_validate(r->mm)) != NULL) {
			engine_fail(err, errlen, "%s:%d: internal error: after "
			    "this call the model is inconsistent: %s", sc->file,
			    sc->ops[i].lineno, bad);
			replay_free(rp);
			return -1;
		}
	}
	return 0;
oom:
	mm_trace_detach(r->mm);
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

struct replay_play {
	struct replay	*rp;
	struct run	*st;
	int64_t		 ordinal;	/* steps seen in this call, minus 1 */
	/* seek */
	struct replay_view *v;
	int64_t		 want;		/* the step to snapshot, or -1 */
	size_t		 prev_ev;
	/* scan */
	replay_scan_fn	 fn;
	void		*ctx;
	uint64_t	 first;
	int		 stop;
	int		 failed;
};

static void
replay_play_event(void *ctx, const struct trace_event *ev)
{
	struct replay_play *p = ctx;
	struct replay *rp = p->rp;
	int step = replay_is_step(ev);

	if (step)
		p->ordinal++;
	if (p->failed || p->stop)
		return;
	if (p->fn != NULL) {
		if (p->fn(p->ctx, ev, p->first + (uint64_t)(p->ordinal < 0 ?
		    0 : p->ordinal)))
			p->stop = 1;
		return;
	}
	if (replay_grow((void **)&rp->ev, &rp->evcap, rp->nev + 1,
	    sizeof *rp->ev) < 0) {
		p->failed = 1;
		return;
	}
	rp->ev[rp->nev] = *ev;
	if (step && p->ordinal == p->want) {
		p->v->cur = rp->nev;
		p->v->prev = p->ordinal > 0 ? p->prev_ev : rp->nev;
		if (replay_snap_take(&p->v->snap, p->st->mm) < 0)
			p->failed = 1;
	}
	if (step)
		p->prev_ev = rp->nev;
	rp->nev++;
}

/* Plays op `op` on st with the play sink attached. */
static void
replay_play_op(struct replay_play *p, size_t op)
{
	struct trace sink;

	memset(&sink, 0, sizeof sink);
	sink.event = replay_play_event;
	sink.ctx = p;
	p->ordinal = -1;
	p->first = p->rp->ops[op].first;
	mm_trace_attach(p->st->mm, &sink);
	(void)run_op(p->st, &p->rp->sc->ops[op]);
	mm_trace_detach(p->st->mm);
}

int
replay_seek(struct replay *rp, uint64_t step, struct replay_view *v,
    char *err, size_t errlen)
{
	struct replay_play p;
	struct run st;
	size_t op;

	if (step >= rp->nsteps)
		return engine_fail(err, errlen, "no step %llu (the run has "
		    "%llu)", (unsigned long long)step + 1,
		    (unsigned long long)rp->nsteps);
	op = replay_op_of(rp, step);
	if (replay_state_at(rp, op, &st) < 0)
		return engine_fail(err, errlen, "out of memory");
	memset(&p, 0, sizeof p);
	p.rp = rp;
	p.st = &st;
	p.v = v;
	p.want = (int64_t)(step - rp->ops[op].first);
	rp->nev = 0;
	replay_play_op(&p, op);
	/*
	 * The events may point into the state (the allocator keeps the
	 * texts of its system calls): it lives until the next seek.
	 */
	if (rp->has_scratch)
		replay_state_free(&rp->scratch);
	rp->scratch = st;
	rp->has_scratch = 1;
	if (p.failed)
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
	replay_snap_free(&v->snap);
	memset(v, 0, sizeof *v);
}

int
replay_scan(struct replay *rp, size_t first, size_t last, replay_scan_fn fn,
    void *ctx)
{
	struct replay_play p;
	struct run st;
	size_t op;

	if (rp->nops == 0 || first >= rp->nops)
		return 0;
	if (last >= rp->nops)
		last = rp->nops - 1;
	memset(&p, 0, sizeof p);
	p.rp = rp;
	p.st = &st;
	p.fn = fn;
	p.ctx = ctx;
	p.want = -1;
	if (first <= last) {
		/* Forwards: one copy, played on. */
		if (replay_state_at(rp, first, &st) < 0)
			return -1;
		for (op = first; op <= last && !p.stop; op++)
			replay_play_op(&p, op);
		replay_state_free(&st);
		return p.stop;
	}
	for (op = first + 1; op-- > last && !p.stop;) {
		if (replay_state_at(rp, op, &st) < 0)
			return -1;
		replay_play_op(&p, op);
		replay_state_free(&st);
	}
	return p.stop;
}
