/*
 * model.c - the stepper's model: the recorded run (engine/run/replay.h), the
 * step on screen, and what the panes show of it, all derived from the
 * events of the step's system call:
 *
 *   ev[0]   SYSCALL "mmap(NULL, 200000, ...)"        step
 *   ev[1]   CALL sys_mmap(addr=0, len=0x30d40 ...)    frame pushed
 *   ev[2]   DECIDE sys_mmap.unaligned_offset          step (sys_mmap is logged)
 *   ...
 *   ev[k]   STEP unmapped_area_topdown:23             step  <- cur
 *   ev[k+1] DECIDE unmapped_area_topdown.go_right     the decision of ev[k]
 *
 * The stack comes from CALL/RETURN before cur, the locals from the
 * arguments of the innermost CALL and the VALUE events of that frame (and
 * the STEPs whose line assigns a local no VALUE follows: "set at line N"),
 * "changed" from those between the previous step and cur, the decision
 * from the DECIDE that follows a STEP on its line, and the search from the
 * events of an unmapped_area[_topdown] frame, read back by
 * engine/run/search.c as the figures read it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/listing.h"
#include "trace/i18n.h"
#include "tui.h"

static void	tui_now_call(struct tui_now *, const struct tui_model *);

void
tui_fmt_value(char *buf, size_t len, unsigned long v)
{
	const char *name;

	if (v < 10)
		snprintf(buf, len, "%lu", v);
	else if (IS_ERR_VALUE(v) && (name = run_errno_name((int)-v)) != NULL)
		snprintf(buf, len, "-%s", name);
	else
		snprintf(buf, len, "0x%lx", v);
}

/* ---- deriving the panes ---------------------------------------------- */

static void
tui_now_stack(struct tui_now *n, const struct trace_event *ev, size_t cur)
{
	size_t i;

	n->nframes = 0;
	for (i = 0; i <= cur; i++) {
		if (ev[i].kind == TRACE_CALL) {
			if (n->nframes < TUI_MAXFRAMES) {
				n->frames[n->nframes].call = &ev[i];
				n->frames[n->nframes].func = ev[i].func;
				n->frames[n->nframes].depth = ev[i].depth;
				n->nframes++;
			}
		} else if (ev[i].kind == TRACE_RETURN && n->nframes > 0 &&
		    n->frames[n->nframes - 1].depth == ev[i].depth) {
			n->nframes--;
		}
	}
}

static struct tui_local *
tui_now_local(struct tui_now *n, const char *name)
{
	int i;

	for (i = 0; i < n->nlocals; i++)
		if (strcmp(n->locals[i].name, name) == 0)
			return &n->locals[i];
	if (n->nlocals == TUI_MAXLOCALS)
		return NULL;
	memset(&n->locals[n->nlocals], 0, sizeof n->locals[0]);
	n->locals[n->nlocals].name = name;
	return &n->locals[n->nlocals++];
}

/*
 * The local a step's listing line assigns as a whole (`name = ...;`), when
 * the trace shows it: the step of a SET is followed by the value, the step
 * of a plain statement (DO) is not, and the local's last value is stale.
 */
static struct tui_local *
tui_now_assigned(struct tui_now *n, const struct trace_event *ev)
{
	const char *s, *e;
	int i;

	if (ev->fn == NULL || ev->line < 1 || ev->line > ev->fn->nlines)
		return NULL;
	for (s = ev->fn->lines[ev->line - 1]; *s == ' ' || *s == '\t'; s++)
		;
	for (e = s; *e == '_' || (*e >= 'a' && *e <= 'z') ||
	    (*e >= 'A' && *e <= 'Z') || (e > s && *e >= '0' && *e <= '9'); e++)
		;
	if (e == s || strncmp(e, " = ", 3) != 0)
		return NULL;
	for (i = 0; i < n->nlocals; i++)
		if (strncmp(n->locals[i].name, s, (size_t)(e - s)) == 0 &&
		    n->locals[i].name[e - s] == '\0')
			return &n->locals[i];
	return NULL;
}

/* The locals of the innermost frame, and which changed since `prev`. */
static void
tui_now_locals(struct tui_now *n, const struct trace_event *ev, size_t cur,
    size_t prev)
{
	const struct tui_frame *f;
	struct tui_local *l;
	size_t start, i;
	int j;

	n->nlocals = 0;
	if (n->nframes == 0 || n->nframes > TUI_MAXFRAMES)
		return;
	f = &n->frames[n->nframes - 1];
	start = (size_t)(f->call - ev);
	for (j = 0; j < f->call->nvals; j++) {
		if ((l = tui_now_local(n, f->call->vals[j].name)) == NULL)
			break;
		l->value = f->call->vals[j].value;
		l->arg = 1;
	}
	for (i = start + 1; i < cur; i++) {
		if (ev[i].depth != f->depth)
			continue;
		if (ev[i].kind == TRACE_STEP) {
			/* Leaving step `prev` ran its line. */
			if ((l = tui_now_assigned(n, &ev[i])) != NULL) {
				l->changed = i >= prev && prev != cur;
				l->set_at = ev[i].line;
			}
			continue;
		}
		if (ev[i].kind != TRACE_VALUE || ev[i].nvals < 1)
			continue;
		if ((l = tui_now_local(n, ev[i].vals[0].name)) == NULL)
			continue;
		l->changed = i > prev && prev != cur;
		l->value = ev[i].vals[0].value;
		l->set_at = 0;
	}
}

/* The DECIDE that belongs to the step at cur, or NULL. */
static const struct trace_event *
tui_now_decide(const struct trace_event *ev, size_t nev, size_t cur)
{
	const struct trace_event *s = &ev[cur];
	size_t i;

	if (s->kind == TRACE_DECIDE)
		return s;
	if (s->kind != TRACE_STEP)
		return NULL;
	for (i = cur + 1; i < nev; i++) {
		if (ev[i].depth > s->depth)
			continue;
		if (ev[i].kind == TRACE_DECIDE && ev[i].depth == s->depth &&
		    ev[i].fn == s->fn && ev[i].line == s->line)
			return &ev[i];
		break;
	}
	return NULL;
}

static void
tui_now_add(int *set, int *n, int idx)
{
	int i;

	if (idx < 0)
		return;
	for (i = 0; i < *n; i++)
		if (set[i] == idx)
			return;
	if (*n < TUI_MAXSKIP)
		set[(*n)++] = idx;
}

/*
 * The search of the innermost unmapped_area[_topdown] frame, read back
 * by engine/run/search.c from its events up to `upto` (the last event to
 * take into account), as nodes of the snapshot: the node at hand, the
 * nodes before it, the subtrees it skipped because their rb_subtree_gap
 * is smaller than the length, the gap it is looking at.
 */
static void
tui_now_search(struct tui_now *n, const struct replay_view *v, size_t upto)
{
	const struct snap *s = &v->snap;
	const struct tui_frame *f = NULL;
	struct search sr;
	unsigned long lo, hi;
	size_t i;
	int k;

	n->searching = 0;
	n->visited = -1;
	n->nskipped = n->npath = 0;
	n->has_cand = 0;
	for (k = n->nframes - 1; k >= 0 && k < TUI_MAXFRAMES && f == NULL; k--)
		if (search_is_func(n->frames[k].func))
			f = &n->frames[k];
	if (f == NULL)
		return;
	n->searching = 1;
	search_start(&sr, f->call);
	for (i = (size_t)(f->call - v->ev) + 1; i <= upto && i < v->nev; i++)
		search_feed(&sr, &v->ev[i]);
	n->length = sr.has_adj_length ? sr.adj_length : sr.length;
	for (i = 0; i + 1 < sr.nvisit; i++)
		tui_now_add(n->path, &n->npath, snap_index(s, sr.visit[i]));
	for (i = 0; i < sr.nskip; i++)
		if (sr.skip[i].why == SEARCH_SKIP_GAP)
			tui_now_add(n->skipped, &n->nskipped,
			    snap_index(s, sr.skip[i].start));
	if (sr.has_current)
		n->visited = snap_index(s, sr.current);
	if (sr.has_gap_start && sr.has_gap_end) {
		lo = sr.gap_start;
		hi = sr.gap_end == ~0UL ? s->task_size : sr.gap_end;
		if (lo < hi) {
			n->has_cand = 1;
			n->cand_lo = lo;
			n->cand_hi = hi;
		}
	}
	search_free(&sr);
}

/* A node the tree's work touched: in the tree, or detached from it. */
static void
tui_now_touched(struct tui_now *n, const struct snap *s, unsigned long start)
{
	int idx = snap_index(s, start), i;

	if (idx >= 0) {
		tui_now_add(n->changed, &n->nchanged, idx);
		return;
	}
	for (i = 0; i < n->nchanged_off; i++)
		if (n->changed_off[i] == start)
			return;
	if (s->detached != NULL && n->nchanged_off < 8)
		n->changed_off[n->nchanged_off++] = start;
}

/*
 * The tree's own work since the step before (an insert, a rotation, a
 * recolouring, a gap recomputed): the TRACE_TREE events from just after
 * the previous step up to this one, and the nodes they name.
 */
static void
tui_now_changes(struct tui_now *n, const struct replay_view *v)
{
	size_t i, from = v->prev < v->cur ? v->prev + 1 : v->cur;
	int k;

	const char *op;
	size_t len;

	n->nchanged = n->nchanged_off = 0;
	n->change[0] = '\0';
	for (i = from; i <= v->cur && i < v->nev; i++) {
		const struct trace_event *e = &v->ev[i];

		if (e->kind != TRACE_TREE)
			continue;
		/* "insert, gap": each kind of work once, in order. */
		op = trace_tree_op_name(e->tree_op);
		len = strlen(n->change);
		if (strstr(n->change, op) == NULL && len + strlen(op) + 3 <
		    sizeof n->change)
			snprintf(n->change + len, sizeof n->change - len, "%s%s",
			    len > 0 ? ", " : "", op);
		for (k = 0; k < e->nvals; k++)
			if (strcmp(e->vals[k].name, "vm_start") == 0 ||
			    strcmp(e->vals[k].name, "up") == 0 ||
			    strcmp(e->vals[k].name, "down") == 0 ||
			    strcmp(e->vals[k].name, "node") == 0)
				tui_now_touched(n, &v->snap,
				    e->vals[k].value);
	}
}

/*
 * Inside rb_rotate_left/right, before the rotation is done: the two nodes
 * it turns (x and, once read, its child y) are marked and the tree
 * centres on them, so that the class sees them before and after (the
 * step of the rotation marks them again, moved).
 */
static void
tui_now_rotating(struct tui_now *n, const struct replay_view *v)
{
	const char *f;
	int i;

	if (n->nchanged > 0 || n->nchanged_off > 0 || n->nframes == 0)
		return;
	f = n->frames[n->nframes - 1].func;
	if (strcmp(f, "rb_rotate_left") != 0 && strcmp(f, "rb_rotate_right") != 0)
		return;
	for (i = 0; i < n->nlocals; i++)
		if ((strcmp(n->locals[i].name, "x") == 0 ||
		    strcmp(n->locals[i].name, "y") == 0) &&
		    n->locals[i].set_at == 0)
			tui_now_touched(n, &v->snap, n->locals[i].value);
	if (n->nchanged > 0 || n->nchanged_off > 0)
		snprintf(n->change, sizeof n->change, "%s",
		    _("rotation to come"));
}

static void
tui_model_derive(struct tui_model *m)
{
	struct tui_now *n = &m->now;
	const struct replay_view *v = &m->v;
	const struct replay_op *op = &m->rp.ops[v->op];
	size_t upto;

	n->ev = &v->ev[v->cur];
	n->fn = n->ev->kind == TRACE_SYSCALL ? NULL : n->ev->fn;
	n->line = n->ev->line;
	n->depth = n->ev->depth;
	n->decide = tui_now_decide(v->ev, v->nev, v->cur);
	n->finished = m->step + 1 == op->first + op->nsteps;
	tui_now_stack(n, v->ev, v->cur);
	tui_now_locals(n, v->ev, v->cur, v->prev);
	tui_now_search(n, v, v->cur);
	tui_now_call(n, m);
	m->hide_values = tui_model_question(m) != Q_NONE;
	/* The outcome on screen counts for the tree too, once revealed. */
	if (n->decide != NULL && !tui_model_pending(m)) {
		upto = (size_t)(n->decide - v->ev);
		tui_now_search(n, v, upto);
	}
	tui_now_changes(n, v);
	tui_now_rotating(n, v);
}

/* ---- the model -------------------------------------------------------- */

int
tui_model_init(struct tui_model *m, struct run *r, int predict)
{
	int q;

	memset(m, 0, sizeof *m);
	m->sc = r->sc;
	m->predict = predict;
	if (replay_record(&m->rp, r, m->err, sizeof m->err) < 0)
		return -1;
	if (m->rp.nsteps == 0) {
		snprintf(m->err, sizeof m->err, _("%s: no system calls to step "
		    "through"), r->sc->file);
		replay_free(&m->rp);
		return -1;
	}
	for (q = 0; predict && q < TUI_NQ; q++) {
		if ((m->answered[q] = calloc((size_t)(m->rp.nsteps / 8 + 1),
		    1)) == NULL) {
			snprintf(m->err, sizeof m->err, _("out of memory"));
			tui_model_free(m);
			return -1;
		}
	}
	if (tui_bp_init(m) < 0) {
		snprintf(m->err, sizeof m->err, _("out of memory"));
		tui_model_free(m);
		return -1;
	}
	if (tui_model_seek(m, 0) < 0) {
		tui_model_free(m);
		return -1;
	}
	return 0;
}

void
tui_model_free(struct tui_model *m)
{
	int q;

	replay_view_free(&m->v);
	replay_free(&m->rp);
	tui_bp_free(m);
	for (q = 0; q < TUI_NQ; q++)
		free(m->answered[q]);
	memset(m, 0, sizeof *m);
}

uint64_t
tui_model_nsteps(const struct tui_model *m)
{
	return m->rp.nsteps;
}

int
tui_model_seek(struct tui_model *m, uint64_t step)
{
	if (step >= m->rp.nsteps)
		step = m->rp.nsteps - 1;
	if (replay_seek(&m->rp, step, &m->v, m->err, sizeof m->err) < 0)
		return -1;
	m->step = step;
	tui_model_derive(m);
	return 0;
}

/* ---- --predict ----------------------------------------------------------- */

const char *
tui_q_name(int q)
{
	static const char *const names[TUI_NQ] = {
		[Q_BRANCH] = N_("branches"), [Q_ADDR] = N_("addresses"),
		[Q_GAP] = N_("gaps"),
	};

	return q >= 0 && q < TUI_NQ ? _(names[q]) : "?";
}

static int
tui_model_done(const struct tui_model *m, int q)
{
	return (m->answered[q][m->step / 8] >> (m->step % 8)) & 1;
}

unsigned long
tui_model_addr_answer(const struct tui_model *m)
{
	return m->now.call_result;
}

int
tui_model_addr_kind(const struct tui_model *m)
{
	return m->now.call_kind;
}

/*
 * A break is the end of the heap: a break at a block's end is in the
 * block (the call left it there), not in the gap above. Any other answer
 * is a start: at a gap's start, it is in the gap.
 */
int
tui_model_addr_in(const struct tui_model *m, unsigned long lo,
    unsigned long hi)
{
	unsigned long at = m->now.call_result;

	if (m->now.call_kind == ADDR_BRK)
		return at > lo && at <= hi;
	return at >= lo && at < hi;
}

/* What a system call's text asks: "mmap(...", "brk(0x...)". */
static int
tui_call_kind_text(const char *t)
{
	if (strncmp(t, "mmap(", 5) == 0 || strncmp(t, "mmap2(", 6) == 0 ||
	    strncmp(t, "mremap(", 7) == 0)
		return ADDR_MAP;
	/* brk(NULL) asks where the break is, and the bar's title says it:
	 * no question. Any other brk: will it move, and how far? */
	if (strncmp(t, "brk(", 4) == 0 && strcmp(t, "brk(NULL)") != 0 &&
	    strcmp(t, "brk(0)") != 0)
		return ADDR_BRK;
	return ADDR_NONE;
}

/* The same for the scenario's call: an allocator's pointer too. */
static int
tui_call_kind_op(const struct scen_op *o, unsigned long result)
{
	switch (o->kind) {
	case OP_MMAP:
	case OP_MREMAP:
		return IS_ERR_VALUE(result) ? ADDR_NONE : ADDR_MAP;
	case OP_BRK:
		return o->args[0] == 0 ? ADDR_NONE : ADDR_BRK;
	case OP_MALLOC:
	case OP_CALLOC:
	case OP_REALLOC:
		/* NULL (no memory, realloc to 0) is no address. */
		return result == 0 ? ADDR_NONE : ADDR_PTR;
	default:
		return ADDR_NONE;
	}
}

/*
 * The call the step at v->cur is in: walking back, the first SYSCALL
 * event all of whose events since are deeper. One the allocator makes
 * returns through its function one level down (sys_brk, sys_mmap).
 */
static void
tui_now_call(struct tui_now *n, const struct tui_model *m)
{
	const struct replay_view *v = &m->v;
	const struct trace_event *ev = v->ev, *sys;
	size_t i = v->cur;
	int mind = ev[i].depth + 1;

	n->call_kind = ADDR_NONE;
	n->call_result = 0;
	for (; i > 0; i--) {
		if (ev[i].kind == TRACE_SYSCALL && ev[i].depth < mind)
			break;
		if (ev[i].depth < mind)
			mind = ev[i].depth;
	}
	sys = &ev[i];
	if (i == 0 || sys->depth == 0) {
		n->call_result = m->rp.ops[v->op].result;
		n->call_kind = tui_call_kind_op(&m->sc->ops[v->op],
		    n->call_result);
		return;
	}
	for (i++; i < v->nev && ev[i].depth > sys->depth; i++)
		if (ev[i].kind == TRACE_RETURN && ev[i].depth ==
		    sys->depth + 1 && ev[i].nvals > 0) {
			n->call_result = ev[i].vals[0].value;
			n->call_kind = tui_call_kind_text(sys->text);
			break;
		}
	if (n->call_kind == ADDR_MAP && IS_ERR_VALUE(n->call_result))
		n->call_kind = ADDR_NONE;
}

int
tui_model_gap_answer(const struct tui_model *m)
{
	const struct snap *s = &m->v.snap;
	unsigned long at = tui_model_addr_answer(m);
	int i;

	for (i = 0; i < (int)s->count; i++)
		if (at < s->n[i].start)
			return i > 0 && at < s->n[i - 1].end ? -1 : i;
	return -1;
}

int
tui_model_question(const struct tui_model *m)
{
	const struct replay_step *st;

	if (!m->predict || m->answered[0] == NULL)
		return Q_NONE;
	st = &m->rp.steps[m->step];
	if ((st->flags & REPLAY_STEP_SYSCALL) &&
	    m->now.call_kind != ADDR_NONE && !tui_model_done(m, Q_ADDR))
		return Q_ADDR;
	/* The search's first step: which gap will it choose? */
	if (m->now.searching && m->step > 0 && m->now.fn != NULL &&
	    search_is_func(m->now.fn->name) &&
	    m->rp.steps[m->step - 1].depth < st->depth &&
	    m->now.call_kind == ADDR_MAP && tui_model_gap_answer(m) >= 0 &&
	    !tui_model_done(m, Q_GAP))
		return Q_GAP;
	if ((st->flags & REPLAY_STEP_DECIDE) && !tui_model_done(m, Q_BRANCH))
		return Q_BRANCH;
	return Q_NONE;
}

int
tui_model_pending(const struct tui_model *m)
{
	return tui_model_question(m) == Q_BRANCH;
}

int
tui_model_record(struct tui_model *m, int right)
{
	int q = tui_model_question(m);

	if (q == Q_NONE)
		return right;
	m->answered[q][m->step / 8] |= (uint8_t)(1u << (m->step % 8));
	m->qasked[q]++;
	m->qright[q] += (unsigned)!!right;
	m->asked++;
	m->right += (unsigned)!!right;
	tui_model_derive(m);
	return right;
}

int
tui_model_answer(struct tui_model *m, int taken)
{
	return tui_model_record(m, !!(m->rp.steps[m->step].flags &
	    REPLAY_STEP_TAKEN) == !!taken);
}

/*
 * Is the value of `name` hidden? While a question is open, the values
 * the decision reads would give the answer away wherever they show: a
 * local "high_limit" is the decision's "info->high_limit".
 */
int
tui_model_hidden(const struct tui_model *m, const char *name)
{
	const struct trace_event *d = m->now.decide;
	size_t nl = strlen(name), vl;
	const char *v;
	int i;

	if (!m->hide_values || d == NULL)
		return 0;
	for (i = 0; i < d->nvals; i++) {
		v = d->vals[i].name;
		vl = strlen(v);
		if (strcmp(v, name) == 0)
			return 1;
		if (vl > nl + 1 && strcmp(v + vl - nl, name) == 0 &&
		    (v[vl - nl - 1] == '>' || v[vl - nl - 1] == '.'))
			return 1;
	}
	return 0;
}
