/*
 * mmap.c - a fixture for test-listing-gen.sh: engine-like functions for
 * mklisting to list.  It is never compiled.
 */
#include "instrument.h"

/* Not traced: mklisting must ignore it, though it says STEP; and SET. */
static unsigned long
page_align(unsigned long x)
{
	MY_STEP; DECIDED = SET_SIZE;
	return (x + 4095) & ~4095UL;
}

/*
 * The return type on its own line, TRACE_FUNC over two lines, a DECIDE
 * over three, STEP; goto, SET, RETURN, GOTO, DO.
 */
unsigned long
sys_brk(struct mm *mm, unsigned long brk)
{
	unsigned long newbrk, oldbrk;
	TRACE_FUNC(sys_brk, mm,
	    V(brk));

	STEP; if (DECIDE("sys_brk.below_min_brk", brk < mm->min_brk &&
			 brk != 0, V(brk),
			 V(mm->min_brk)))
		STEP; goto out;

	SET(newbrk, PAGE_ALIGN(brk));	/* not DECIDE(a, b) here */
	SET(oldbrk,
	    PAGE_ALIGN(mm->brk));
	STEP; note(mm, "STEP; is not a step in a string");
	STEP; if (DECIDE("sys_brk.same", oldbrk == newbrk, V(oldbrk))) {
		SET(mm->brk, brk);	// a // comment: RETURN(x)
		GOTO(out);
	}
	DO(mm_populate(mm, oldbrk,
		       newbrk - oldbrk));
	STEP; RETURN(do_brk(mm, oldbrk, newbrk - oldbrk));
out:
	RETURN(mm->brk);
}

struct vma *
find_vma(struct mm *mm, unsigned long addr)
{
	TRACE_FUNC(find_vma, mm, V(addr));
	struct rb_node *n = mm->rb_root;	/* "DECIDE(" */

	while (n) {
		struct vma *v = rb_entry(n, struct vma, rb);

		if (DECIDE("find_vma.hit", v->start <= addr && f(',', ")", (g)(1, 2)),
		    VN("start", v->start)))
			RETURN(v);
		n = n->rb_left;
	}
	RETURN(NULL);
}
