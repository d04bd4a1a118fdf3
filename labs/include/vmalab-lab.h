/*
 * vmalab-lab.h - what your lab code includes.
 *
 * It gives you the engine's model (struct mm, struct vma, the rbtree and
 * rb_vma, the VMA API: find_vma, vm_start_gap, vm_end_gap, do_brk,
 * do_munmap, ...) and the engine's instrumentation macros, the very ones
 * the engine's own source uses. Write your conditions through them and
 * the grader can compare your decisions, one by one, with the kernel's:
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

/*
 * The macros are the engine's own (kernel/instrument-macros.h); here they
 * report through the grader (grade-lab.c), which stamps each event with
 * your file and line.
 */
#define INSTR_FUNC(ident, name) \
	static const struct lab_func ident = { name, __FILE__ }; \
	const struct lab_func *const fn_ = &ident

#define INSTR_CALL(line, ...) \
	lab_instr_call(tmm_, fn_, (line), TRACE_NVALS(__VA_ARGS__), \
	    TRACE_VALS(__VA_ARGS__))

#define INSTR_STEP(line)	lab_instr_step(tmm_, fn_, (line))

#define INSTR_DECIDE(line, id, text, cond, ...) \
	(lab_instr_step(tmm_, fn_, (line)), \
	 lab_instr_decide(tmm_, fn_, (line), id, text, (cond) != 0, \
	    TRACE_NVALS(__VA_ARGS__), TRACE_VALS(__VA_ARGS__)))

#define INSTR_SET_MARK(line) \
	if (TRACING) \
		lab_instr_step(tmm_, fn_, (line))

#define INSTR_SET_VALUE(line, text, value) \
	lab_instr_value(tmm_, fn_, (line), text, (value))

#define INSTR_RETURN(line, value) \
	lab_instr_return(tmm_, fn_, (line), (value))

#define INSTR_TREE(mm, op, ...) \
	lab_instr_tree((mm), (op), TRACE_NVALS(__VA_ARGS__), \
	    TRACE_VALS(__VA_ARGS__))

#include "kernel/instrument-macros.h"

/* ---- your functions: the kernel's names, renamed ------------------------ */

#define unmapped_area		lab_unmapped_area
#define unmapped_area_topdown	lab_unmapped_area_topdown
#define vma_compute_subtree_gap	lab_vma_compute_subtree_gap
#define vma_gap_propagate	lab_vma_gap_propagate
#define vma_gap_copy		lab_vma_gap_copy
#define vma_gap_rotate		lab_vma_gap_rotate
#define sys_brk			lab_sys_brk

#endif
