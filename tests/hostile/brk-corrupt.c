/* hostile lab5: sys_brk that leaves a cyclic list and a corrupt tree */
#include "vmalab-lab.h"

unsigned long
sys_brk(struct mm *mm, unsigned long brk)
{
	if (mm->mmap != NULL) {
		mm->mmap->vm_next = mm->mmap;
		mm->mmap->vm_rb.rb_left = &mm->mmap->vm_rb;
	}
	mm->brk = brk;
	return brk;
}
