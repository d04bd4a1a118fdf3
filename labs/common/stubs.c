/*
 * stubs.c - stand-ins for the functions a lab asks for, linked into every
 * lab's grader. They are weak: the student's own function replaces its
 * stub. So a grader always links, whichever lab the tests are for and
 * whatever the student handed in; a test of a function the student did
 * not write fails like a wrong answer.
 */
#include "grader/grade.h"

#define WEAK	__attribute__((weak))

WEAK unsigned long
lab_unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	(void)mm;
	(void)info;
	return (unsigned long)-ENOMEM;
}

WEAK unsigned long
lab_unmapped_area_topdown(struct mm *mm,
    const struct vm_unmapped_area_info *info)
{
	(void)mm;
	(void)info;
	return (unsigned long)-ENOMEM;
}

WEAK unsigned long
lab_vma_compute_subtree_gap(const struct vma *vma)
{
	(void)vma;
	return 0;
}

WEAK void
lab_vma_gap_propagate(struct rb_node *rb, struct rb_node *stop)
{
	(void)rb;
	(void)stop;
}

WEAK void
lab_vma_gap_copy(struct rb_node *rb_old, struct rb_node *rb_new)
{
	(void)rb_old;
	(void)rb_new;
}

WEAK void
lab_vma_gap_rotate(struct rb_node *rb_old, struct rb_node *rb_new)
{
	(void)rb_old;
	(void)rb_new;
}

WEAK unsigned long
lab_sys_brk(struct mm *mm, unsigned long brk)
{
	(void)brk;
	return mm->brk;
}
