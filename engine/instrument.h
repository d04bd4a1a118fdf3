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
 * The listing generator (mklisting) knows these macros by name: change them
 * here and there together.
 */
#ifndef VMALAB_INSTRUMENT_H
#define VMALAB_INSTRUMENT_H

#include "listing.h"
#include "trace.h"

#define TRACE_ON(mm)	__builtin_expect((mm)->trace != NULL, 0)

/*
 * The value a trace shows for x: a VMA pointer shows as the VMA's start
 * address (pointers differ from run to run; addresses do not), anything
 * else as an unsigned long.
 */
struct vma;
unsigned long	instr_vma_addr(const struct vma *);
#define TRACE_VAL(x) _Generic((x), \
	struct vma *: instr_vma_addr((const struct vma *)(uintptr_t)(x)), \
	const struct vma *: instr_vma_addr((const struct vma *)(uintptr_t)(x)), \
	default: (unsigned long)(uintptr_t)(x))

#define V(x)		((struct trace_val){ #x, TRACE_VAL(x) })
#define VN(n, x)	((struct trace_val){ n, TRACE_VAL(x) })

#define TRACE_NVALS(...) \
	(sizeof((struct trace_val[]){ {0, 0}, ##__VA_ARGS__ }) / \
	 sizeof(struct trace_val) - 1)

/* Report the call; `fn_` names the listing for the macros below. */
#define TRACE_FUNC(name, mm_arg, ...) \
	extern const struct listing listing_##name; \
	const struct listing *const fn_ = &listing_##name; \
	struct mm *const tmm_ = (mm_arg); \
	do { \
		if (TRACE_ON(tmm_)) \
			instr_call(tmm_, fn_, __LINE__, TRACE_NVALS(__VA_ARGS__), \
			    (struct trace_val[]){ {0, 0}, ##__VA_ARGS__ } + 1); \
	} while (0)

#define STEP \
	do { \
		if (TRACE_ON(tmm_)) \
			instr_step(tmm_, fn_, __LINE__); \
	} while (0)

/* The step comes first: calls inside the condition belong to this line. */
#define DECIDE(id, cond, ...) \
	(TRACE_ON(tmm_) ? \
	    (instr_step(tmm_, fn_, __LINE__), \
	    instr_decide(tmm_, fn_, __LINE__, id, #cond, (cond) != 0, \
		TRACE_NVALS(__VA_ARGS__), \
		(struct trace_val[]){ {0, 0}, ##__VA_ARGS__ } + 1)) : \
	    ((cond) != 0))

#define SET(var, expr) \
	do { \
		if (TRACE_ON(tmm_)) \
			instr_step(tmm_, fn_, __LINE__); \
		(var) = (expr); \
		if (TRACE_ON(tmm_)) \
			instr_value(tmm_, fn_, __LINE__, #var, \
			    TRACE_VAL(var)); \
	} while (0)

#define RETURN(x) \
	do { \
		__typeof__(x) r_ = (x); \
		if (TRACE_ON(tmm_)) \
			instr_return(tmm_, fn_, __LINE__, TRACE_VAL(r_)); \
		return r_; \
	} while (0)

#define GOTO(label) \
	do { \
		if (TRACE_ON(tmm_)) \
			instr_step(tmm_, fn_, __LINE__); \
		goto label; \
	} while (0)

#define DO(stmt) \
	do { \
		if (TRACE_ON(tmm_)) \
			instr_step(tmm_, fn_, __LINE__); \
		stmt; \
	} while (0)

/* A tree edit or a note, from anywhere in the engine. */
#define TRACE_TREE(mm, op, ...) \
	do { \
		if (TRACE_ON(mm)) \
			instr_tree((mm), (op), TRACE_NVALS(__VA_ARGS__), \
			    (struct trace_val[]){ {0, 0}, ##__VA_ARGS__ } + 1); \
	} while (0)

struct mm;
void	instr_call(struct mm *, const struct listing *, int, int,
	    const struct trace_val *);
void	instr_step(struct mm *, const struct listing *, int);
int	instr_decide(struct mm *, const struct listing *, int, const char *,
	    const char *, int, int, const struct trace_val *);
void	instr_value(struct mm *, const struct listing *, int, const char *,
	    unsigned long);
void	instr_return(struct mm *, const struct listing *, int, unsigned long);
void	instr_tree(struct mm *, enum trace_tree_op, int,
	    const struct trace_val *);
void	instr_note(struct mm *, const char *);

#endif
