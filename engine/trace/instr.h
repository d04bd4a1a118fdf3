/*
 * instr.h - the recording half of the instrumentation macros: what the
 * macros of kernel/instrument.h call to write an event, and the layout of
 * what they write. Private to the engine (not installed).
 *
 * A fast path writes a site's words into the recording directly; a slow
 * path (trace.c) handles a site's first event, a recording that must grow,
 * and a sink.
 */
#ifndef VMALAB_TRACE_INSTR_H
#define VMALAB_TRACE_INSTR_H

#include <stddef.h>
#include <stdint.h>

#include "listing.h"
#include "trace.h"

/* ---- sites ------------------------------------------------------------- */

/*
 * A site: one instrumentation point in the engine's source (one DECIDE,
 * SET, RETURN, ... of kernel/instrument.h), a static variable filled in the
 * first time it fires. Whatever an event from it always has (function,
 * lines, decision, condition text, value names) is kept here once, so that
 * a recording stores only a pointer to the site and the values.
 */
enum {
	SITE_NEW,		/* nothing is set yet */
	SITE_LOGGED,		/* fn is only logged: its lines are no steps */
	SITE_STEPS,		/* fn is instrumented: every line is a step */
};
struct trace_site {
	const struct listing	*fn;
	const struct decision	*decision;	/* DECIDE */
	const char		*text;		/* condition or variable */
	const char		*names[TRACE_MAXVALS];
	int			 src_line;
	int			 line;		/* in fn's listing */
	unsigned char		 kind;		/* enum trace_kind */
	unsigned char		 tree_op;	/* TREE */
	unsigned char		 nvals;
	unsigned char		 line_ready;	/* SITE_*: fn and lines are set */
	unsigned char		 ready;		/* everything is set */
	unsigned char		 apart;		/* the line makes events of its
						   own: record its step first */
} __attribute__((aligned(8)));

/* ---- the words ---------------------------------------------------------- */

/*
 * Every event is written as words: one naming its site (a struct
 * trace_site, with the kind of record in the pointer's low bits), then the
 * event's values; events that come from no site (system calls, notes, the
 * labs' student code) are copied whole. A recording keeps the words to
 * decode later; a sink has them decoded at once (trace.c).
 */
enum {
	TRACE_TAG_EVENT,	/* the site's event; outcome 0 for DECIDE */
	TRACE_TAG_TAKEN,	/* a DECIDE site's event, outcome 1 */
	TRACE_TAG_STEP,		/* the step of the site's line */
	TRACE_TAG_RAW,		/* a whole struct trace_event follows */
	TRACE_TAG_ALONE = 4,	/* with EVENT or TAKEN: the line's step is
				   recorded apart (see below) */
	TRACE_TAG_MASK = 7,
};
/*
 * A DECIDE, SET or RETURN site's event stands for two: the step of its
 * line, then the event itself, unless the function is only logged (no
 * steps) or the tag has TRACE_TAG_ALONE. ALONE is used when the condition
 * or the assigned expression made events of its own (it called a traced
 * function): those belong after the step, so the step is recorded before
 * them as a TRACE_TAG_STEP of the same site.
 */

/*
 * Where the fast paths write: a recording's words, with what is used of
 * them. A sink's struct trace points at trace_buf_none, where nothing fits
 * (lim 0), so that every event of a sink takes the slow path.
 */
struct trace_buf {
	size_t		 used;	/* words written */
	size_t		 lim;	/* below it, one more event of a site fits;
				   0 when none may be written directly */
	size_t		 cap;	/* words allocated */
	uint64_t	 words[];
};
extern struct trace_buf trace_buf_none;

/*
 * Makes t ready for the fast paths before it is attached: a sink that was
 * only zeroed gets trace_buf_none. Cannot fail.
 */
static inline void
instr_attach(struct trace *t)
{
	if (t->buf == NULL)
		t->buf = &trace_buf_none;
}

/* instr_mark's answer when the step is recorded apart already. */
#define TRACE_APART	SIZE_MAX

/* ---- the fast paths ----------------------------------------------------- */

/*
 * The first event of a site, a recording that must grow, or a sink:
 * trace.c. Each does what the fast path that calls it would have done.
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
 * for a sink, or when the recording must grow first.
 */
static inline int
instr_fits(const struct trace *t)
{
	return t->buf->used < t->buf->lim;
}

/* `n` words (n <= 1 + TRACE_MAXVALS) of a recording they fit in. */
static inline uint64_t *
instr_take(struct trace *t, int n)
{
	struct trace_buf *b = t->buf;
	uint64_t *p = b->words + b->used;

	b->used += (size_t)n;
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
	return t->buf->used == at;
}

/* The step of a line; nothing in a function that is only logged. */
static inline void
instr_line(struct trace *t, struct trace_site *s, const struct listing *fn,
    int src_line)
{
	if (s->line_ready == SITE_STEPS && instr_fits(t))
		t->buf->words[t->buf->used++] = (uint64_t)(uintptr_t)s |
		    TRACE_TAG_STEP;
	else if (s->line_ready != SITE_LOGGED)
		instr_line_slow(t, s, fn, src_line);
}

/*
 * Before the condition of a DECIDE or the expression of a SET: where the
 * recording stands, with room for one more event, so that the step can be
 * written with the event when nothing comes between. For a sink (lim 0)
 * the step is sent now.
 */
static inline size_t
instr_mark(struct trace *t, struct trace_site *s, const struct listing *fn,
    int src_line)
{
	if (!s->ready || s->apart || t->buf->used >= t->buf->lim)
		return instr_mark_slow(t, s, fn, src_line);
	return t->buf->used;
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
