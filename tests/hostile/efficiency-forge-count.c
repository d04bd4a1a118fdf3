/* hostile lab3: walks the list, then overwrites every word of the harness's data that holds its page count */
/* hostile-bar: no-efficiency: its answers are right; the pages it read are the kernel's count, out of its reach */
#include <stdint.h>
#include "vmalab-lab.h"

/* The program's data and bss, the harness's globals among them. */
extern char	__data_start[], _end[];

static unsigned long
walk(struct mm *mm, const struct vm_unmapped_area_info *info,
    unsigned long *pages)
{
	struct vma *v;
	unsigned long gs = info->low_limit, end, ge, last = 0;

	*pages = 0;
	for (v = mm->mmap; v != NULL; v = v->vm_next) {
		if (((unsigned long)v >> 12) != last)
			(*pages)++;
		last = (unsigned long)v >> 12;
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

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	unsigned long r, pages;
	uint32_t *w;

	r = walk(mm, info, &pages);
	/*
	 * A counter of the pages read holds about `pages` now: every word
	 * near it becomes 1, in the harness's data and bss (and a byte map
	 * of touched pages, if there is one, is cleared).
	 */
	for (w = (uint32_t *)(void *)(((uintptr_t)__data_start + 3) & ~3UL);
	    (char *)(w + 1) <= _end; w++)
		if (pages > 4 && *w + 4 >= pages && *w <= pages + 4)
			*w = 1;
	return r;
}
