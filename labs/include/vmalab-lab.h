/*
 * vmalab-lab.h - what your lab code includes.
 *
 * It gives you the engine's model (struct mm, struct vma, the rbtree, the
 * VMA API: find_vma, vm_start_gap, vm_end_gap, do_brk, do_munmap, ...) and
 * the engine's instrumentation macros, under the same names the engine's
 * own source uses. Write your conditions through them and the grader can
 * compare your decisions, one by one, with the kernel's:
 *
 *   TRACE_FUNC(name, mm, V(arg)...);   first line of a traced function
 *   if (DECIDE("unmapped_area.go_left", cond, V(x), VN("label", y)))
 *                                      a decision: its id (see the table in
 *                                      the handout), the condition, and the
 *                                      values it reads (up to 8)
 *   SET(var, expr);                    an assignment the trace shows
 *   RETURN(x);                         a return
 *   GOTO(label);                       a goto
 *   DO(stmt);                          any other statement
 *   STEP;                              a plain line
 *   TRACE_TREE(mm, TREE_GAP, V(...))   a change to the tree (lab 2)
 *
 * Each macro costs one test of mm->trace when nobody is watching, and the
 * condition of a DECIDE is evaluated exactly once either way, so you can
 * write any C you like inside it.
 *
 * The kernel's function names are renamed (unmapped_area becomes
 * lab_unmapped_area): you write the kernel's names, and the grader links
 * your function beside the engine's own, which is the reference. If the
 * compiler or linker ever mentions lab_unmapped_area, it means your
 * unmapped_area.
 */
#ifndef VMALAB_LAB_H
#define VMALAB_LAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/mm.h"
#include "grader/grade.h"

/* ---- the instrumentation ------------------------------------------------ */

#define TRACE_ON(mm)	__builtin_expect((mm)->trace != NULL, 0)

/* A VMA pointer shows as its start address; anything else as a number. */
#define TRACE_VAL(x) _Generic((x), \
	struct vma *: lab_vma_addr((const struct vma *)(uintptr_t)(x)), \
	const struct vma *: lab_vma_addr((const struct vma *)(uintptr_t)(x)), \
	default: (unsigned long)(uintptr_t)(x))

#define V(x)		((struct trace_val){ #x, TRACE_VAL(x) })
#define VN(n, x)	((struct trace_val){ n, TRACE_VAL(x) })

#define TRACE_NVALS(...) \
	(sizeof((struct trace_val[]){ {0, 0}, ##__VA_ARGS__ }) / \
	 sizeof(struct trace_val) - 1)

#define TRACE_FUNC(name, mm_arg, ...) \
	static const struct lab_func lab_fn_##name = { #name, __FILE__ }; \
	const struct lab_func *const fn_ = &lab_fn_##name; \
	struct mm *const tmm_ = (mm_arg); \
	do { \
		if (TRACE_ON(tmm_)) \
			lab_instr_call(tmm_, fn_, __LINE__, \
			    TRACE_NVALS(__VA_ARGS__), \
			    (struct trace_val[]){ {0, 0}, ##__VA_ARGS__ } + 1); \
	} while (0)

#define STEP \
	do { \
		if (TRACE_ON(tmm_)) \
			lab_instr_step(tmm_, fn_, __LINE__); \
	} while (0)

#define DECIDE(id, cond, ...) \
	(TRACE_ON(tmm_) ? \
	    (lab_instr_step(tmm_, fn_, __LINE__), \
	    lab_instr_decide(tmm_, fn_, __LINE__, id, #cond, (cond) != 0, \
		TRACE_NVALS(__VA_ARGS__), \
		(struct trace_val[]){ {0, 0}, ##__VA_ARGS__ } + 1)) : \
	    ((cond) != 0))

#define SET(var, expr) \
	do { \
		if (TRACE_ON(tmm_)) \
			lab_instr_step(tmm_, fn_, __LINE__); \
		(var) = (expr); \
		if (TRACE_ON(tmm_)) \
			lab_instr_value(tmm_, fn_, __LINE__, #var, \
			    TRACE_VAL(var)); \
	} while (0)

#define RETURN(x) \
	do { \
		__typeof__(x) r_ = (x); \
		if (TRACE_ON(tmm_)) \
			lab_instr_return(tmm_, fn_, __LINE__, TRACE_VAL(r_)); \
		return r_; \
	} while (0)

#define GOTO(label) \
	do { \
		if (TRACE_ON(tmm_)) \
			lab_instr_step(tmm_, fn_, __LINE__); \
		goto label; \
	} while (0)

#define DO(stmt) \
	do { \
		if (TRACE_ON(tmm_)) \
			lab_instr_step(tmm_, fn_, __LINE__); \
		stmt; \
	} while (0)

#define TRACE_TREE(mm_arg, op, ...) \
	do { \
		if (TRACE_ON(mm_arg)) \
			lab_instr_tree((mm_arg), (op), TRACE_NVALS(__VA_ARGS__), \
			    (struct trace_val[]){ {0, 0}, ##__VA_ARGS__ } + 1); \
	} while (0)

/* ---- small helpers the engine's own functions use ---------------------- */

/* The VMA that holds tree node `rb`, or NULL. */
static inline struct vma *
rb_vma(const struct rb_node *rb)
{
	return rb == NULL ? NULL : rb_entry(rb, struct vma, vm_rb);
}

/* The start of the VMA at a tree node, for traces; 0 for no node. */
static inline unsigned long
rb_vma_start(const struct rb_node *rb)
{
	return rb == NULL ? 0 : rb_entry(rb, struct vma, vm_rb)->vm_start;
}

/* ---- your functions: the kernel's names, renamed ------------------------ */

#define unmapped_area		lab_unmapped_area
#define unmapped_area_topdown	lab_unmapped_area_topdown
#define vma_compute_subtree_gap	lab_vma_compute_subtree_gap
#define vma_gap_propagate	lab_vma_gap_propagate
#define vma_gap_copy		lab_vma_gap_copy
#define vma_gap_rotate		lab_vma_gap_rotate
#define sys_brk			lab_sys_brk

#endif
