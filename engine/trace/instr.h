/*
 * instr.h - the recording half of the instrumentation macros: what the
 * macros of kernel/instrument.h call to write an event. Private to the
 * engine (not installed).
 *
 * A fast path writes a site's words into the recording directly; a slow
 * path (trace.c) handles a site's first event, a recording that must grow,
 * and an `event` sink.
 */
#ifndef VMALAB_TRACE_INSTR_H
#define VMALAB_TRACE_INSTR_H

#include <stddef.h>
#include <stdint.h>

#include "listing.h"
#include "trace.h"

/* ---- recording ---------------------------------------------------------- */

/*
 * The first event of a site, a recording that must grow, or an `event`
 * sink: trace.c. Each does what the fast path that calls it would have
 * done.
 */
void	instr_call_slow(struct trace *, struct trace_site *,
	    const struct listing *, int, int, const struct trace_val *);
void	instr_line_slow(struct trace *, struct trace_site *,
	    const struct listing *, int);
size_t	instr_mark_slow(struct trace *, struct trace_site *,
	    const struct listing *, int);
int	instr_decide_slow(struct trace *, struct trace_site *,
	    const struct listing *, int, const char *, const char *, int,
	    size_t, int, const struct trace_val *);
void	instr_value_slow(struct trace *, struct trace_site *,
	    const struct listing *, int, const char *, unsigned long,
	    size_t);
void	instr_return_slow(struct trace *, struct trace_site *,
	    const struct listing *, int, unsigned long);
void	instr_tree_slow(struct trace *, struct trace_site *,
	    enum trace_tree_op, int, const struct trace_val *);

/*
 * Whether one more event of a site fits in t's recording as it is: false
 * for an `event` sink, or when the recording must grow first.
 */
static inline int
instr_fits(const struct trace *t)
{
	return t->used < t->lim;
}

/* `n` words (n <= 1 + TRACE_MAXVALS) of a recording they fit in. */
static inline uint64_t *
instr_take(struct trace *t, int n)
{
	uint64_t *p = t->words + t->used;

	t->used += (size_t)n;
	return p;
}

/* One recorded event: the site with its tag, then the values. */
static inline void
instr_put(uint64_t *p, const struct trace_site *s, unsigned tag, int n,
    const struct trace_val *v)
{
	int i;

	p[0] = (uint64_t)(uintptr_t)s | tag;
	for (i = 0; i < n; i++)
		p[1 + i] = v[i].value;
}

/* An event of one value: the site with its tag, then the value. */
static inline void
instr_put1(struct trace *t, const struct trace_site *s, unsigned long value)
{
	uint64_t *p = instr_take(t, 2);

	p[0] = (uint64_t)(uintptr_t)s | TRACE_TAG_EVENT;
	p[1] = value;
}

/*
 * Whether a line marked at `at` recorded nothing since: its event then
 * fits where the mark was (instr_mark made sure of the room).
 */
static inline int
instr_fits_at(const struct trace *t, size_t at)
{
	return t->used == at;
}

/* The step of a line; nothing in a function that is only logged. */
static inline void
instr_line(struct trace *t, struct trace_site *s, const struct listing *fn,
    int src_line)
{
	if (s->line_ready == SITE_STEPS && instr_fits(t))
		t->words[t->used++] = (uint64_t)(uintptr_t)s | TRACE_TAG_STEP;
	else if (s->line_ready != SITE_LOGGED)
		instr_line_slow(t, s, fn, src_line);
}

/*
 * Before the condition of a DECIDE or the expression of a SET: where the
 * recording stands, with room for one more event, so that the step can be
 * written with the event when nothing comes between. For an `event` sink
 * (lim 0) the step is sent now.
 */
static inline size_t
instr_mark(struct trace *t, struct trace_site *s, const struct listing *fn,
    int src_line)
{
	if (!s->ready || s->apart || t->used >= t->lim)
		return instr_mark_slow(t, s, fn, src_line);
	return t->used;
}

static inline void
instr_value(struct trace *t, struct trace_site *s, const struct listing *fn,
    int src_line, const char *var, unsigned long value, size_t at)
{
	if (instr_fits_at(t, at))
		instr_put1(t, s, value);
	else
		instr_value_slow(t, s, fn, src_line, var, value, at);
}

/* The step of the line, then the result. */
static inline void
instr_return(struct trace *t, struct trace_site *s, const struct listing *fn,
    int src_line, unsigned long value)
{
	if (s->ready && instr_fits(t)) {
		t->depth--;
		instr_put1(t, s, value);
	} else
		instr_return_slow(t, s, fn, src_line, value);
}

/* A note in the trace (no site: notes are rare). */
void	trace_note(struct trace *, const char *);

#endif
