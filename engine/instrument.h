/*
 * instrument.h - the macros that turn an engine function into a traced one.
 * Private to the engine.
 *
 * A traced function opens with TRACE_FUNC(name, mm, args...), which names
 * its listing and reports the call. Inside an instrumented function (one
 * whose every line is a step: sys_brk, do_brk_flags, the arch search
 * functions and unmapped_area in both directions):
 *
 *	STEP; goto out;                    a plain line
 *	SET(newbrk, PAGE_ALIGN(brk));      an assignment; reports the value
 *	if (DECIDE("sys_brk.below_min_brk", brk < min_brk, V(brk), V(min_brk)))
 *	RETURN(addr);                      a return; reports the result
 *	GOTO(out);                         a goto (a statement, safe after if)
 *	DO(mm_populate(mm, a, n));         any other statement with a call
 *
 * Functions that are only logged use TRACE_FUNC, DECIDE for the decisions
 * that change their outcome, and RETURN.
 *
 * Every macro tests mm->trace once; with no sink that test is all it costs,
 * and the condition of a DECIDE is evaluated exactly once either way.
 * Each macro is a site (struct trace_site in trace.h): a static variable
 * that learns on its first event what every event from it has in common,
 * so that recording into memory (trace_rec) costs a few stores per event.
 * The listing generator (mklisting) knows these macros by name: change them
 * here and there together.
 */
#ifndef VMALAB_INSTRUMENT_H
#define VMALAB_INSTRUMENT_H

#include "listing.h"
#include "mm.h"
#include "trace.h"

#define TRACE_ON(mm)	__builtin_expect((mm)->trace != NULL, 0)

/*
 * The value a trace shows for x: a VMA pointer shows as the VMA's start
 * address (pointers differ from run to run; addresses do not), anything
 * else as an unsigned long.
 */
static inline unsigned long
instr_vma_addr(const struct vma *vma)
{
	return vma != NULL ? vma->vm_start : 0;
}

#define TRACE_VAL(x) _Generic((x), \
	struct vma *: instr_vma_addr((const struct vma *)(uintptr_t)(x)), \
	const struct vma *: instr_vma_addr((const struct vma *)(uintptr_t)(x)), \
	default: (unsigned long)(uintptr_t)(x))

#define V(x)		((struct trace_val){ #x, TRACE_VAL(x) })
#define VN(n, x)	((struct trace_val){ n, TRACE_VAL(x) })

#define TRACE_NVALS(...) \
	(sizeof((struct trace_val[]){ {0, 0}, ##__VA_ARGS__ }) / \
	 sizeof(struct trace_val) - 1)
#define TRACE_VALS(...)	((struct trace_val[]){ {0, 0}, ##__VA_ARGS__ } + 1)

/* Report the call; `fn_` names the listing for the macros below. */
#define TRACE_FUNC(name, mm_arg, ...) \
	extern const struct listing listing_##name; \
	const struct listing *const fn_ = &listing_##name; \
	struct mm *const tmm_ = (mm_arg); \
	do { \
		static struct trace_site call_site_; \
		if (TRACE_ON(tmm_)) \
			instr_call(tmm_->trace, &call_site_, fn_, __LINE__, \
			    TRACE_NVALS(__VA_ARGS__), TRACE_VALS(__VA_ARGS__)); \
	} while (0)

#define STEP \
	do { \
		static struct trace_site step_site_; \
		if (TRACE_ON(tmm_)) \
			instr_line(tmm_->trace, &step_site_, fn_, __LINE__); \
	} while (0)

/* The step comes first: calls inside the condition belong to this line. */
#define DECIDE(id, cond, ...) \
	(TRACE_ON(tmm_) ? __extension__ ({ \
		static struct trace_site decide_site_; \
		instr_line(tmm_->trace, &decide_site_, fn_, __LINE__); \
		instr_decide(tmm_->trace, &decide_site_, fn_, __LINE__, id, \
		    #cond, (cond) != 0, TRACE_NVALS(__VA_ARGS__), \
		    TRACE_VALS(__VA_ARGS__)); \
	}) : ((cond) != 0))

#define SET(var, expr) \
	do { \
		static struct trace_site set_site_; \
		if (TRACE_ON(tmm_)) \
			instr_line(tmm_->trace, &set_site_, fn_, __LINE__); \
		(var) = (expr); \
		if (TRACE_ON(tmm_)) \
			instr_value(tmm_->trace, &set_site_, fn_, __LINE__, \
			    #var, TRACE_VAL(var)); \
	} while (0)

#define RETURN(x) \
	do { \
		static struct trace_site return_site_; \
		__typeof__(x) r_ = (x); \
		if (TRACE_ON(tmm_)) \
			instr_return(tmm_->trace, &return_site_, fn_, \
			    __LINE__, TRACE_VAL(r_)); \
		return r_; \
	} while (0)

#define GOTO(label) \
	do { \
		STEP; \
		goto label; \
	} while (0)

#define DO(stmt) \
	do { \
		STEP; \
		stmt; \
	} while (0)

/* A tree edit or a note, from anywhere in the engine. */
#define TRACE_TREE(mm, op, ...) \
	do { \
		static struct trace_site tree_site_; \
		if (TRACE_ON(mm)) \
			instr_tree((mm)->trace, &tree_site_, (op), \
			    TRACE_NVALS(__VA_ARGS__), TRACE_VALS(__VA_ARGS__)); \
	} while (0)

void	instr_note(struct mm *, const char *);

/* ---- recording ---------------------------------------------------------- */

/*
 * The first event of a site, a recording that must grow, or an `event`
 * sink: trace.c. Each does what the inline function that calls it would
 * have done.
 */
void	instr_call_slow(struct trace *, struct trace_site *,
	    const struct listing *, int, int, const struct trace_val *);
void	instr_line_slow(struct trace *, struct trace_site *,
	    const struct listing *, int);
int	instr_decide_slow(struct trace *, struct trace_site *,
	    const struct listing *, int, const char *, const char *, int, int,
	    const struct trace_val *);
void	instr_value_slow(struct trace *, struct trace_site *,
	    const struct listing *, int, const char *, unsigned long);
void	instr_return_slow(struct trace *, struct trace_site *,
	    const struct listing *, int, unsigned long);
void	instr_tree_slow(struct trace *, struct trace_site *,
	    enum trace_tree_op, int, const struct trace_val *);

/* `n` free words of t's recording, now taken; NULL if not a recording. */
static inline uint64_t *
instr_room(struct trace *t, int n)
{
	struct trace_rec *r = t->rec;

	if (r == NULL || r->end - r->pos < n)
		return NULL;
	r->pos += n;
	return r->pos - n;
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

static inline void
instr_call(struct trace *t, struct trace_site *s, const struct listing *fn,
    int src_line, int n, const struct trace_val *v)
{
	uint64_t *p;

	if (n > TRACE_MAXVALS)
		n = TRACE_MAXVALS;
	if (s->ready && (p = instr_room(t, 1 + n)) != NULL) {
		t->depth++;
		instr_put(p, s, TRACE_TAG_EVENT, n, v);
	} else
		instr_call_slow(t, s, fn, src_line, n, v);
}

/* The step of a line; nothing in a function that is only logged. */
static inline void
instr_line(struct trace *t, struct trace_site *s, const struct listing *fn,
    int src_line)
{
	uint64_t *p;

	if (s->line_ready) {
		if (!s->steps)
			return;
		if ((p = instr_room(t, 1)) != NULL) {
			instr_put(p, s, TRACE_TAG_STEP, 0, NULL);
			return;
		}
	}
	instr_line_slow(t, s, fn, src_line);
}

static inline int
instr_decide(struct trace *t, struct trace_site *s, const struct listing *fn,
    int src_line, const char *id, const char *cond, int outcome, int n,
    const struct trace_val *v)
{
	uint64_t *p;

	if (n > TRACE_MAXVALS)
		n = TRACE_MAXVALS;
	if (s->ready && (p = instr_room(t, 1 + n)) != NULL) {
		instr_put(p, s, outcome ? TRACE_TAG_TAKEN : TRACE_TAG_EVENT, n,
		    v);
		return outcome;
	}
	return instr_decide_slow(t, s, fn, src_line, id, cond, outcome, n, v);
}

static inline void
instr_value(struct trace *t, struct trace_site *s, const struct listing *fn,
    int src_line, const char *var, unsigned long value)
{
	uint64_t *p;

	if (s->ready && (p = instr_room(t, 2)) != NULL) {
		p[0] = (uint64_t)(uintptr_t)s | TRACE_TAG_EVENT;
		p[1] = value;
	} else
		instr_value_slow(t, s, fn, src_line, var, value);
}

/* The step of the line, then the result. */
static inline void
instr_return(struct trace *t, struct trace_site *s, const struct listing *fn,
    int src_line, unsigned long value)
{
	uint64_t *p;

	if (s->ready && (p = instr_room(t, 2)) != NULL) {
		t->depth--;
		p[0] = (uint64_t)(uintptr_t)s | TRACE_TAG_EVENT;
		p[1] = value;
	} else
		instr_return_slow(t, s, fn, src_line, value);
}

static inline void
instr_tree(struct trace *t, struct trace_site *s, enum trace_tree_op op,
    int n, const struct trace_val *v)
{
	uint64_t *p;

	if (n > TRACE_MAXVALS)
		n = TRACE_MAXVALS;
	if (s->ready && s->tree_op == op && (p = instr_room(t, 1 + n)) != NULL)
		instr_put(p, s, TRACE_TAG_EVENT, n, v);
	else
		instr_tree_slow(t, s, op, n, v);
}

#endif
