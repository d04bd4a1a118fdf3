/*
 * instrument-macros.h - the instrumentation vocabulary: the macros that
 * turn a function into a traced one, written once for the engine's own
 * functions and for the labs' student code.
 *
 * A traced function opens with TRACE_FUNC(name, mm, args...), which names
 * its listing and reports the call. Inside an instrumented function (one
 * whose every line is a step):
 *
 *	STEP; goto out;                    a plain line
 *	SET(newbrk, PAGE_ALIGN(brk));      an assignment; reports the value
 *	if (DECIDE("sys_brk.below_min_brk", brk < min_brk, V(brk), V(min_brk)))
 *	RETURN(addr);                      a return; reports the result
 *	RETURN();                          the return of a void function
 *	GOTO(out);                         a goto (a statement, safe after if)
 *	DO(mm_populate(mm, a, n));         any other statement with a call
 *	TRACE_TREE(mm, TREE_GAP, V(...));  a change to the tree
 *
 * Functions that are only logged use TRACE_FUNC, DECIDE for the decisions
 * that change their outcome, and RETURN. V(x) is a value the event shows
 * under x's name, VN("name", x) under another; TRACE_VAL(x) is what it
 * shows: a VMA pointer as the VMA's start address (pointers differ from
 * run to run; addresses do not), a tree node as the start of the VMA that
 * holds it (0 for NULL; only VMA trees are traced), an mm pointer as 0 (a
 * run has one mm), anything else as an unsigned long.
 *
 * Every macro tests the function's trace once (TRACING); with none
 * attached that test is all it costs, and the condition of a DECIDE is
 * evaluated exactly once either way.
 *
 * Who writes the events is the includer's choice, made by defining these
 * emitters before including this file. Each may use `fn_` (what
 * INSTR_FUNC declares), `tmm_` (the function's mm) and `ttr_` (its trace,
 * not NULL when they run):
 *
 *	INSTR_FUNC(ident, name)     declares fn_ for the function `name`
 *	                            ("unmapped_area"); `ident` is the
 *	                            identifier listing_NAME to declare it by
 *	INSTR_CALL(line, vals...)              the call
 *	INSTR_STEP(line)                       a line
 *	INSTR_DECIDE(line, id, text, cond, vals...)  an expression: cond != 0,
 *	                            evaluating cond once, reported as `text`
 *	INSTR_SET_MARK(line)        before a SET's expression: a declaration
 *	                            or a statement (it may send the step)
 *	INSTR_SET_VALUE(line, text, value)     after it: the new value
 *	INSTR_RETURN(line, value)              the step and the result
 *	INSTR_TREE(mm, op, vals...)            a tree edit; mm has a trace
 *
 * The engine's emitters (kernel/instrument.h) record through sites into
 * trace/instr.h's fast paths; the labs' (labs/include/vmalab-lab.h) build
 * whole events with the student's file and line (grade-lab.c).
 *
 * engine/trace/mklisting.c knows these macros by name (TRACE_FUNC, STEP,
 * DECIDE, SET, RETURN, GOTO, DO): change one here and there together.
 */
#ifndef VMALAB_INSTRUMENT_MACROS_H
#define VMALAB_INSTRUMENT_MACROS_H

#if !defined(INSTR_FUNC) || !defined(INSTR_CALL) || !defined(INSTR_STEP) || \
    !defined(INSTR_DECIDE) || !defined(INSTR_SET_MARK) || \
    !defined(INSTR_SET_VALUE) || !defined(INSTR_RETURN) || \
    !defined(INSTR_TREE)
#error "define the INSTR_* emitters first (see kernel/instrument-macros.h)"
#endif

#include <stdint.h>

#include "mm.h"

#define TRACE_ON(mm)	__builtin_expect((mm)->trace != NULL, 0)
/* In a traced function: its trace, as it was when the function began. */
#define TRACING		__builtin_expect(ttr_ != NULL, 0)

static inline unsigned long
instr_vma_addr(const struct vma *vma)
{
	return vma != NULL ? vma->vm_start : 0;
}

/* A tree node is shown as its VMA's start: the traced trees are VMAs'. */
static inline unsigned long
instr_rb_addr(const struct rb_node *rb)
{
	return rb_vma_start(rb);
}

#define TRACE_VAL(x) _Generic((x), \
	struct vma *: instr_vma_addr((const struct vma *)(uintptr_t)(x)), \
	const struct vma *: instr_vma_addr((const struct vma *)(uintptr_t)(x)), \
	struct rb_node *: instr_rb_addr((const struct rb_node *)(uintptr_t)(x)), \
	const struct rb_node *: instr_rb_addr((const struct rb_node *)(uintptr_t)(x)), \
	struct mm *: 0UL, \
	const struct mm *: 0UL, \
	default: (unsigned long)(uintptr_t)(x))

#define V(x)		((struct trace_val){ #x, TRACE_VAL(x) })
#define VN(n, x)	((struct trace_val){ n, TRACE_VAL(x) })

/* The values given to a macro: how many, and as an array. */
#define TRACE_NVALS(...) \
	(sizeof((struct trace_val[]){ {0, 0}, ##__VA_ARGS__ }) / \
	 sizeof(struct trace_val) - 1)
#define TRACE_VALS(...)	((struct trace_val[]){ {0, 0}, ##__VA_ARGS__ } + 1)
/* As many as an event holds. */
#define TRACE_NV(...) \
	(TRACE_NVALS(__VA_ARGS__) < TRACE_MAXVALS ? \
	 (int)TRACE_NVALS(__VA_ARGS__) : TRACE_MAXVALS)

/*
 * TRACE_HIDDEN_(name): 1 when the build defines VMALAB_HIDE_name to 1 (a
 * student build, configure --enable-student=LAB, does so for each function
 * the lab's students write), else 0; a constant, so the compiler never
 * keeps the dead #cond. The test pastes the macro's value onto a name
 * that exists only for 1 and becomes two arguments, shifting the answer.
 */
#define TRACE_HIDDEN_(name)	TRACE_HIDDEN_VAL_(VMALAB_HIDE_##name)
#define TRACE_HIDDEN_VAL_(v)	TRACE_HIDDEN_IS_(v)
#define TRACE_HIDDEN_IS_(v)	TRACE_HIDDEN_PICK_(TRACE_HIDDEN_ONE_##v)
#define TRACE_HIDDEN_ONE_1	~, 1
#define TRACE_HIDDEN_PICK_(...)	TRACE_HIDDEN_2ND_(__VA_ARGS__, 0, ~)
#define TRACE_HIDDEN_2ND_(a, b, ...) b

/*
 * The names and texts are taken here (#name, #cond, #var), before an
 * argument is expanded on its way to an emitter: the trace shows what the
 * source says, and a lab's renamed function keeps the kernel's name.
 */
#define TRACE_FUNC(name, mm_arg, ...) \
	INSTR_FUNC(listing_##name, #name); \
	enum { thide_ = TRACE_HIDDEN_(name) }; \
	struct mm *const tmm_ = (mm_arg); \
	struct trace *const ttr_ = tmm_->trace; \
	do { \
		if (TRACING) \
			INSTR_CALL(__LINE__, __VA_ARGS__); \
	} while (0)

#define STEP \
	do { \
		if (TRACING) \
			INSTR_STEP(__LINE__); \
	} while (0)

/*
 * The step comes first: calls inside the condition belong to this line.
 * In a student build, a function of the lab keeps its condition's text
 * out of the program (thide_, below).
 */
#define DECIDE(id, cond, ...) \
	(TRACING ? INSTR_DECIDE(__LINE__, id, thide_ ? "" : #cond, cond, \
	    __VA_ARGS__) : ((cond) != 0))

#define SET(var, expr) \
	do { \
		INSTR_SET_MARK(__LINE__); \
		(var) = (expr); \
		if (TRACING) \
			INSTR_SET_VALUE(__LINE__, #var, TRACE_VAL(var)); \
	} while (0)

/*
 * RETURN(x) in a function with a result, RETURN() in a void one (its
 * event reports 0): both end the call in the trace.
 */
#define RETURN(...) \
	RETURN_PICK_(0 __VA_OPT__(, __VA_ARGS__), RETURN_VALUE_, \
	    RETURN_VOID_)(__VA_ARGS__)
#define RETURN_PICK_(zero_, one_, name_, ...) name_

#define RETURN_VALUE_(x) \
	do { \
		__typeof__(x) r_ = (x); \
		if (TRACING) \
			INSTR_RETURN(__LINE__, TRACE_VAL(r_)); \
		return r_; \
	} while (0)

#define RETURN_VOID_() \
	do { \
		if (TRACING) \
			INSTR_RETURN(__LINE__, 0UL); \
		return; \
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

/* A tree edit, from anywhere (no TRACE_FUNC needed). */
#define TRACE_TREE(mm_arg, op, ...) \
	do { \
		if (TRACE_ON(mm_arg)) \
			INSTR_TREE((mm_arg), (op), __VA_ARGS__); \
	} while (0)

#endif
