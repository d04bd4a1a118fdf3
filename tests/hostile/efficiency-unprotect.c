/* hostile lab3: opens the efficiency arena itself (mprotect, mremap), then walks the list */
/* hostile-bar: no-efficiency: its answers are right, its reads must all count */
#include <sys/mman.h>
#include "vmalab-lab.h"

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	struct vma *v;
	unsigned long base = (unsigned long)mm->mmap & ~4095UL, end, gs, ge;
	int i;

	/* every page near the first VMA: open them without faulting */
	for (i = -4096; i < 4096; i++)
		mprotect((void *)(base + (long)i * 4096), 4096, 3);
	gs = info->low_limit;
	for (v = mm->mmap; v != NULL; v = v->vm_next) {
		ge = v->vm_start;
		end = gs > info->low_limit ? gs : info->low_limit;
		if (ge >= end + info->length && ge - info->length <=
		    info->high_limit)
			return end;
		gs = v->vm_end;
	}
	end = gs > info->low_limit ? gs : info->low_limit;
	if (end + info->length <= info->high_limit)
		return end;
	return (unsigned long)-ENOMEM;
}
