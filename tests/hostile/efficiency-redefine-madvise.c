/* hostile lab3: redefines madvise and sigprocmask as no-ops (so a libc drop of the arena would not happen), then walks the list */
/* hostile-bar: no-efficiency: its answers are right; the harness drops the arena by a raw system call */
#include <signal.h>
#include <stddef.h>
#include "vmalab-lab.h"

int
madvise(void *addr, size_t len, int advice)
{
	(void)addr;
	(void)len;
	(void)advice;
	return 0;
}

int
sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	(void)how;
	(void)set;
	(void)old;
	return 0;
}

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	struct vma *v;
	unsigned long gs = info->low_limit, end, ge;

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
