/*
 * nav.c - moving through the run the way gdb users expect, over the step
 * table alone (engine/run/replay.h): no event is played again to decide where
 * a move lands, so a move over a million steps is a scan of 6-byte
 * records.
 *
 *   s / S   the next / previous step, into calls
 *   n / N   the next / previous step at the same depth or shallower:
 *           over calls (at a system call's first step, n enters it)
 *   f / F   the first step after the current function returns / the
 *           line that called it
 *   c / C   the next / previous step on a breakpoint (else the last /
 *           first step)
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "trace/listing.h"
#include "trace/i18n.h"
#include "tui.h"

static int
tui_nav_depth(const struct tui_model *m, uint64_t i)
{
	return m->rp.steps[i].depth;
}

static int
tui_nav_bp(const struct tui_model *m, uint64_t i)
{
	const struct replay_step *s = &m->rp.steps[i];

	return s->fn != 0 && tui_model_bp_has(m, s->fn, s->line);
}

/* The first step after (dir 1) or before (dir -1) `from` that `ok`s. */
static int
tui_nav_find(const struct tui_model *m, uint64_t from, int dir, int maxdepth,
    int bp, uint64_t *out)
{
	uint64_t n = m->rp.nsteps, i = from;

	for (;;) {
		if (dir > 0) {
			if (i + 1 >= n)
				return 0;
			i++;
		} else {
			if (i == 0)
				return 0;
			i--;
		}
		if (bp ? tui_nav_bp(m, i) : tui_nav_depth(m, i) <= maxdepth) {
			*out = i;
			return 1;
		}
	}
}

uint64_t
tui_nav_move(const struct tui_model *m, enum tui_move mv, int back,
    const char **why)
{
	uint64_t cur = m->step, to = cur, last = m->rp.nsteps - 1;
	int dir = back ? -1 : 1, d = tui_nav_depth(m, cur);

	*why = NULL;
	switch (mv) {
	case MOVE_STEP:
		if (!tui_nav_find(m, cur, dir, 255, 0, &to))
			*why = back ? _("at the first step") : _("at the last step");
		break;
	case MOVE_NEXT:
		/*
		 * At a system call there is nothing to step over: enter it.
		 * With no step left at this depth (the rest of the run is
		 * deeper), go to the end.
		 */
		if (!tui_nav_find(m, cur, dir, d == 0 ? 255 : d, 0, &to)) {
			to = back ? 0 : last;
			if (to == cur)
				*why = back ? _("at the first step") :
				    _("at the last step");
		}
		break;
	case MOVE_FINISH:
		if (d == 0) {
			*why = _("not in a function: use [ and ] for system calls");
		} else if (!tui_nav_find(m, cur, dir, d - 1, 0, &to)) {
			to = back ? 0 : last;
			if (to == cur)
				*why = back ? _("at the first step") :
				    _("at the last step");
		}
		break;
	case MOVE_CONTINUE:
		if (!tui_nav_find(m, cur, dir, 0, 1, &to)) {
			to = back ? 0 : last;
			*why = back ? _("no breakpoint before: at the first step") :
			    _("no breakpoint ahead: at the last step");
		}
		break;
	}
	return to;
}

uint64_t
tui_nav_syscall(const struct tui_model *m, int dir)
{
	const struct replay *rp = &m->rp;
	size_t op = replay_op_of(rp, m->step);

	if (dir > 0)
		return op + 1 < rp->nops ? rp->ops[op + 1].first :
		    rp->nsteps - 1;
	if (m->step > rp->ops[op].first)
		return rp->ops[op].first;
	return op > 0 ? rp->ops[op - 1].first : 0;
}

/*
 * Does call `op` search for space: a step in unmapped_area[_topdown],
 * which get_unmapped_area reaches through vm_unmapped_area? (brk and
 * MAP_FIXED go through get_unmapped_area too, but only to check.)
 */
int
tui_nav_searches(const struct tui_model *m, size_t op)
{
	const struct replay *rp = &m->rp;
	const struct replay_op *o = &rp->ops[op];
	const struct listing *l;
	uint64_t i;

	for (i = o->first; i < o->first + o->nsteps; i++) {
		if (rp->steps[i].fn == 0)
			continue;
		l = replay_listing(rp->steps[i].fn);
		if (l != NULL && search_is_func(l->name))
			return 1;
	}
	return 0;
}

/*
 * [ and ] with the filter on: the first step of the call before (-1) or
 * after (+1) that searches for space. Returns 1 with *to, 0 for none.
 */
int
tui_nav_search_call(const struct tui_model *m, int dir, uint64_t *to)
{
	const struct replay *rp = &m->rp;
	size_t op = replay_op_of(rp, m->step), k;

	if (dir > 0) {
		for (k = op + 1; k < rp->nops; k++)
			if (tui_nav_searches(m, k)) {
				*to = rp->ops[k].first;
				return 1;
			}
		return 0;
	}
	if (m->step > rp->ops[op].first && tui_nav_searches(m, op)) {
		*to = rp->ops[op].first;
		return 1;
	}
	for (k = op; k-- > 0;)
		if (tui_nav_searches(m, k)) {
			*to = rp->ops[k].first;
			return 1;
		}
	return 0;
}

/* ---- search ----------------------------------------------------------- */

void
tui_nav_event_text(const struct trace_event *ev, char *buf, size_t len)
{
	size_t n = 0;
	int i;

#define ADD(...) do { \
		if (n < len) \
			n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__); \
	} while (0)
	buf[0] = '\0';
	if (ev->func != NULL)
		ADD("%s:%d ", ev->func, ev->line);
	ADD("%s", trace_kind_name(ev->kind));
	if (ev->decision != NULL)
		ADD(" %s %s", ev->decision->id, ev->outcome ? "taken" :
		    "not taken");
	if (ev->text != NULL)
		ADD(" %s", ev->text);
	for (i = 0; i < ev->nvals; i++) {
		char v[32];

		tui_fmt_value(v, sizeof v, ev->vals[i].value);
		ADD(" %s=%s", ev->vals[i].name, v);
	}
#undef ADD
}

struct tui_search {
	const char	*pat;
	uint64_t	 after;		/* matches must be past this step */
	uint64_t	 before;	/* ... and before this one */
	uint64_t	 found;
};

static int
tui_nav_match(const char *hay, const char *pat)
{
	size_t i, j;

	for (i = 0; hay[i] != '\0'; i++) {
		for (j = 0; pat[j] != '\0' && hay[i + j] != '\0'; j++)
			if (tolower((unsigned char)hay[i + j]) !=
			    tolower((unsigned char)pat[j]))
				break;
		if (pat[j] == '\0')
			return 1;
	}
	return 0;
}

static int
tui_nav_search_event(void *ctx, const struct trace_event *ev, uint64_t step)
{
	struct tui_search *s = ctx;
	char text[1024];

	if (step <= s->after && s->after != UINT64_MAX)
		return 0;
	if (step >= s->before)
		return 1;	/* past the window: stop */
	tui_nav_event_text(ev, text, sizeof text);
	if (!tui_nav_match(text, s->pat))
		return 0;
	s->found = step;
	return 1;
}

int
tui_nav_search(struct tui_model *m, const char *pat, uint64_t *found,
    int *wrapped)
{
	struct tui_search s;
	size_t op = replay_op_of(&m->rp, m->step);
	int rc;

	*wrapped = 0;
	s.pat = pat;
	s.after = m->step;
	s.before = UINT64_MAX;
	s.found = UINT64_MAX;
	rc = replay_scan(&m->rp, op, m->rp.nops - 1, tui_nav_search_event, &s);
	if (rc < 0)
		return -1;
	if (s.found == UINT64_MAX) {
		/* Wrap around: from the first step up to the current one. */
		s.after = UINT64_MAX;
		s.before = m->step + 1;
		rc = replay_scan(&m->rp, 0, op, tui_nav_search_event, &s);
		if (rc < 0)
			return -1;
		*wrapped = 1;
	}
	if (s.found == UINT64_MAX)
		return 1;
	*found = s.found;
	return 0;
}
