/*
 * survey.c - a run surveyed once (per event: its call, its step, whether
 * the picture changes; where the searches are), then played again to take
 * snapshots at chosen moments. See survey.h.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "trace/fail.h"
#include "survey.h"

/* The capacity to grow `cap` to so that index `need` fits. */
static size_t
survey_cap_for(size_t cap, uint64_t need)
{
	cap = cap ? 2 * cap : 4096;
	while (cap <= need)
		cap *= 2;
	return cap;
}

/* Reallocates *p to `n` elements of `size`. 0, or -1 (*p unchanged). */
static int
survey_resize(void **p, size_t n, size_t size)
{
	void *np;

	if ((np = realloc(*p, n * size)) == NULL)
		return -1;
	*p = np;
	return 0;
}

/*
 * Makes room for event number `event` in the per-event tables and step
 * number `step` in step_ev. 0, or -1 out of memory.
 */
static int
survey_grow(struct survey *sv, uint64_t event, uint64_t step)
{
	size_t cap;

	if (event >= sv->cap) {
		cap = survey_cap_for(sv->cap, event);
		if (survey_resize((void **)&sv->op_of, cap,
		    sizeof *sv->op_of) < 0 ||
		    survey_resize((void **)&sv->flags, cap, 1) < 0 ||
		    survey_resize((void **)&sv->stepno, cap,
		    sizeof *sv->stepno) < 0)
			return -1;
		memset(sv->flags + sv->cap, 0, cap - sv->cap);
		sv->cap = cap;
	}
	if (step >= sv->stepcap) {
		cap = survey_cap_for(sv->stepcap, step);
		if (survey_resize((void **)&sv->step_ev, cap,
		    sizeof *sv->step_ev) < 0)
			return -1;
		sv->stepcap = cap;
	}
	return 0;
}

/* Feeds ev to the live search; the flags when the search moved. */
static int
survey_search_feed(struct search *s, const struct trace_event *ev)
{
	size_t nv = s->nvisit, ns = s->nskip;
	enum search_state st = s->state;
	int ret = s->returned;

	search_feed(s, ev);
	if (nv != s->nvisit || ns != s->nskip || st != s->state ||
	    ret != s->returned)
		return SURVEY_CHANGE | SURVEY_SEARCH;
	return 0;
}

/* A search begins at `event`: note it. Returns 0 or -1. */
static int
survey_search_begin(struct survey *sv, uint64_t event, size_t op,
    const struct trace_event *ev)
{
	struct survey_search *grown;

	if (sv->nfound == sv->foundcap) {
		sv->foundcap = sv->foundcap ? 2 * sv->foundcap : 8;
		grown = realloc(sv->found, sv->foundcap * sizeof *grown);
		if (grown == NULL)
			return -1;
		sv->found = grown;
	}
	sv->found[sv->nfound++] = (struct survey_search){ event, event, op };
	search_start(&sv->live, ev);
	sv->in_search = 1;
	return 0;
}

/* Where the search is, and whether the picture changes at this event. */
static int
survey_search_flags(struct survey *sv, uint64_t event, size_t op,
    const struct trace_event *ev)
{
	int f;

	if (sv->in_search) {
		f = survey_search_feed(&sv->live, ev);
		if (sv->live.returned) {
			sv->found[sv->nfound - 1].ret = event;
			search_free(&sv->live);
			sv->in_search = 0;
		}
		return f;
	}
	if (!search_is_call(ev))
		return 0;
	if (survey_search_begin(sv, event, op, ev) < 0)
		return -1;
	return SURVEY_CHANGE | SURVEY_SEARCH;
}

static int
survey_event(void *ctx, const struct replay_at *at,
    const struct trace_event *ev)
{
	struct survey *sv = ctx;
	uint64_t event = ev->seq + 1;
	int f;

	if (survey_grow(sv, event, at->step) < 0) {
		sv->nomem = 1;
		return 1;
	}
	sv->nev = event;
	sv->op_of[event] = (uint32_t)at->op;
	if (at->is_step) {
		sv->step_ev[at->step] = event;
		sv->nsteps = at->step;
	}
	if (sv->each != NULL)
		sv->each(sv->each_ctx, at->is_step ? at->step : 0, ev);
	sv->stepno[event] = (uint32_t)at->step;
	if (ev->kind == TRACE_SYSCALL)
		sv->op_first[at->op] = event;
	if ((f = survey_search_flags(sv, event, at->op, ev)) < 0) {
		sv->nomem = 1;
		return 1;
	}
	if (ev->kind == TRACE_TREE)
		f |= SURVEY_CHANGE;
	sv->flags[event] = (unsigned char)f;
	return 0;
}

int
survey_run(struct survey *sv, struct run *r, unsigned long *results,
    survey_each_fn each, void *ctx, char *err, size_t errlen)
{
	size_t nops = r->sc->nops;
	int rc;

	memset(sv, 0, sizeof *sv);
	sv->each = each;
	sv->each_ctx = ctx;
	if ((sv->op_first = calloc(nops + 1, sizeof *sv->op_first)) == NULL)
		return engine_fail(err, errlen, "out of memory");
	rc = replay_play(r, 0, nops > 0 ? nops - 1 : 0, 0, REPLAY_CHECK_EACH,
	    survey_event, sv, results, err, errlen);
	if (sv->nomem)
		return engine_fail(err, errlen, "out of memory surveying the "
		    "run");
	return rc < 0 ? -1 : 0;
}

void
survey_free(struct survey *sv)
{
	free(sv->op_of);
	free(sv->flags);
	free(sv->stepno);
	free(sv->step_ev);
	free(sv->op_first);
	free(sv->found);
	search_free(&sv->live);
	memset(sv, 0, sizeof *sv);
}

/* ---- moments ----------------------------------------------------------- */

int
survey_at_step(const struct survey *sv, uint64_t step, uint64_t *moment)
{
	if (step > sv->nsteps)
		return -1;
	/* Step N is an event: the moment it is reported. */
	*moment = step == 0 ? 0 : sv->step_ev[step];
	return 0;
}

uint64_t
survey_after_call(const struct survey *sv, size_t k, size_t nops)
{
	/* The next call's first event changes nothing yet. */
	return k < nops ? sv->op_first[k] : survey_end(sv);
}

uint64_t
survey_end(const struct survey *sv)
{
	return sv->nev + 1;
}

uint64_t
survey_call_from(const struct survey *sv, uint64_t moment, size_t *op)
{
	*op = sv->op_of[moment + 1];
	return moment > 0 && sv->op_of[moment] == *op ? moment :
	    sv->op_first[*op];
}

uint64_t
survey_next_change(const struct survey *sv, uint64_t event, uint64_t end,
    int with_search)
{
	uint64_t e;

	for (e = event + 1; e < end && e <= sv->nev; e++)
		if ((sv->flags[e] & SURVEY_CHANGE) &&
		    (with_search || !(sv->flags[e] & SURVEY_SEARCH)))
			return e;
	return end;
}

const struct survey_search *
survey_search_near(const struct survey *sv, uint64_t moment)
{
	size_t k;

	for (k = 0; k < sv->nfound; k++)
		if ((sv->found[k].ret >= moment && moment >= 1) ||
		    sv->found[k].call > moment)
			return &sv->found[k];
	return NULL;
}

/* ---- captures: the second play ----------------------------------------- */

struct survey_cap {
	struct mm	*mm;		/* for the start and the end */
	const uint64_t	*moments;
	size_t		 n, next;
	survey_capture_fn fn;
	void		*ctx;
	struct search	 live;
	int		 in_search;
	int		 failed;
	char		*err;
	size_t		 errlen;
};

/* Takes the snapshots of every moment still due at `event`. */
static int
survey_cap_due(struct survey_cap *c, struct mm *mm, uint64_t event,
    const struct trace_event *ev)
{
	struct snap s;
	int rc;

	while (c->next < c->n && c->moments[c->next] <= event) {
		if (snap_take(&s, mm) < 0)
			return engine_fail(c->err, c->errlen, "out of memory "
			    "taking a snapshot");
		rc = c->fn(c->ctx, c->next, &s, ev, c->in_search ? &c->live :
		    NULL);
		snap_free(&s);
		if (rc < 0)
			return -1;
		c->next++;
	}
	return 0;
}

static int
survey_cap_event(void *ctx, const struct replay_at *at,
    const struct trace_event *ev)
{
	struct survey_cap *c = ctx;

	if (c->in_search) {
		search_feed(&c->live, ev);
	} else if (search_is_call(ev)) {
		search_start(&c->live, ev);
		c->in_search = 1;
	}
	if (survey_cap_due(c, at->mm, ev->seq + 1, ev) < 0) {
		c->failed = 1;
		return 1;
	}
	if (c->in_search && c->live.returned) {
		search_free(&c->live);
		c->in_search = 0;
	}
	return 0;
}

int
survey_capture(struct run *r, const uint64_t *moments, size_t n,
    survey_capture_fn fn, void *ctx, char *err, size_t errlen)
{
	struct survey_cap c;
	size_t nops = r->sc->nops;
	int rc = 0;

	memset(&c, 0, sizeof c);
	c.moments = moments;
	c.n = n;
	c.fn = fn;
	c.ctx = ctx;
	c.err = err;
	c.errlen = errlen;
	if (survey_cap_due(&c, r->mm, 0, NULL) < 0)
		rc = -1;
	else if (replay_play(r, 0, nops > 0 ? nops - 1 : 0, 0,
	    REPLAY_CHECK_EACH, survey_cap_event, &c, NULL, err, errlen) < 0 ||
	    c.failed)
		rc = -1;
	else if (survey_cap_due(&c, r->mm, UINT64_MAX, NULL) < 0)
		rc = -1;
	search_free(&c.live);
	return rc;
}
