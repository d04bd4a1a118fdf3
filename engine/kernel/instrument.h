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

#include <stddef.h>
#include <stdint.h>

#include "mm.h"
#include "trace/instr.h"
#include "trace/listing.h"
#include "trace/trace.h"

#define TRACE_ON(mm)	__builtin_expect((mm)->trace != NULL, 0)
/* In a traced function: its sink, as it was when the function began. */
#define TRACING		__builtin_expect(ttr_ != NULL, 0)

/*
 * The value a trace shows for x: a VMA pointer shows as the VMA's start
 * address (pointers differ from run to run; addresses do not), an mm
 * pointer as 0 (a run has one mm), anything else as an unsigned long.
 */
static inline unsigned long
instr_vma_addr(const struct vma *vma)
{
	return vma != NULL ? vma->vm_start : 0;
}

#define TRACE_VAL(x) _Generic((x), \
	struct vma *: instr_vma_addr((const struct vma *)(uintptr_t)(x)), \
	const struct vma *: instr_vma_addr((const struct vma *)(uintptr_t)(x)), \
	struct mm *: 0UL, \
	const struct mm *: 0UL, \
	default: (unsigned long)(uintptr_t)(x))

#define V(x)		((struct trace_val){ #x, TRACE_VAL(x) })
#define VN(n, x)	((struct trace_val){ n, TRACE_VAL(x) })

#define TRACE_NVALS(...) \
	(sizeof((struct trace_val[]){ {0, 0}, ##__VA_ARGS__ }) / \
	 sizeof(struct trace_val) - 1)
#define TRACE_VALS(...)	((struct trace_val[]){ {0, 0}, ##__VA_ARGS__ } + 1)
/* As many as an event holds. */
#define TRACE_NV(...) \
	(TRACE_NVALS(__VA_ARGS__) < TRACE_MAXVALS ? \
	 (int)TRACE_NVALS(__VA_ARGS__) : TRACE_MAXVALS)

/*
 * The macros with values spell them twice, once for the fast path and once
 * for the slow one, so that the fast path's array is the compiler's to
 * take apart: it stores the values and nothing else.
 */

/* Report the call; `fn_` names the listing for the macros below. */
#define TRACE_FUNC(name, mm_arg, ...) \
	extern const struct listing listing_##name; \
	const struct listing *const fn_ = &listing_##name; \
	struct mm *const tmm_ = (mm_arg); \
	struct trace *const ttr_ = tmm_->trace; \
	do { \
		static struct trace_site call_site_; \
		if (!TRACING) \
			break; \
		if (call_site_.ready && instr_fits(ttr_)) { \
			ttr_->depth++; \
			instr_put(instr_take(ttr_, 1 + TRACE_NV(__VA_ARGS__)), \
			    &call_site_, TRACE_TAG_EVENT, \
			    TRACE_NV(__VA_ARGS__), TRACE_VALS(__VA_ARGS__)); \
		} else \
			instr_call_slow(ttr_, &call_site_, fn_, __LINE__, \
			    TRACE_NV(__VA_ARGS__), TRACE_VALS(__VA_ARGS__)); \
	} while (0)

#define STEP \
	do { \
		static struct trace_site step_site_; \
		if (TRACING) \
			instr_line(ttr_, &step_site_, fn_, __LINE__); \
	} while (0)

/*
 * The step comes first: calls inside the condition belong to this line.
 * Recording, the step is written with the decision unless the condition
 * recorded events of its own (instr_mark, instr_decide_slow).
 */
#define DECIDE(id, cond, ...) \
	(TRACING ? __extension__ ({ \
		static struct trace_site decide_site_; \
		size_t dat_ = instr_mark(ttr_, &decide_site_, fn_, __LINE__); \
		int dc_ = (cond) != 0; \
		if (instr_fits_at(ttr_, dat_)) \
			instr_put(instr_take(ttr_, 1 + TRACE_NV(__VA_ARGS__)), \
			    &decide_site_, dc_ ? TRACE_TAG_TAKEN : \
			    TRACE_TAG_EVENT, TRACE_NV(__VA_ARGS__), \
			    TRACE_VALS(__VA_ARGS__)); \
		else \
			instr_decide_slow(ttr_, &decide_site_, fn_, __LINE__, \
			    id, #cond, dc_, dat_, TRACE_NV(__VA_ARGS__), \
			    TRACE_VALS(__VA_ARGS__)); \
		dc_; \
	}) : ((cond) != 0))

#define SET(var, expr) \
	do { \
		static struct trace_site set_site_; \
		size_t at_ = 0; \
		if (TRACING) \
			at_ = instr_mark(ttr_, &set_site_, fn_, __LINE__); \
		(var) = (expr); \
		if (TRACING) \
			instr_value(ttr_, &set_site_, fn_, __LINE__, #var, \
			    TRACE_VAL(var), at_); \
	} while (0)

#define RETURN(x) \
	do { \
		static struct trace_site return_site_; \
		__typeof__(x) r_ = (x); \
		if (TRACING) \
			instr_return(ttr_, &return_site_, fn_, __LINE__, \
			    TRACE_VAL(r_)); \
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
		struct trace *t_; \
		if (!TRACE_ON(mm)) \
			break; \
		t_ = (mm)->trace; \
		if (tree_site_.ready && tree_site_.tree_op == (op) && \
		    instr_fits(t_)) \
			instr_put(instr_take(t_, 1 + TRACE_NV(__VA_ARGS__)), \
			    &tree_site_, TRACE_TAG_EVENT, \
			    TRACE_NV(__VA_ARGS__), TRACE_VALS(__VA_ARGS__)); \
		else \
			instr_tree_slow(t_, &tree_site_, (op), \
			    TRACE_NV(__VA_ARGS__), TRACE_VALS(__VA_ARGS__)); \
	} while (0)

/* A note in the trace, when one is attached. */
static inline void
instr_note(struct mm *mm, const char *text)
{
	if (TRACE_ON(mm))
		trace_note(mm->trace, text);
}

#endif
