/* hostile lab3: a constructor's thread copies the arena between calls (where no fault would be counted), the search walks the copy */
/* hostile-bar: skeleton: the grader measures only a process that is one thread, so every test fails */
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include "vmalab-lab.h"

#define PG	4096UL

static volatile unsigned long	arena;	/* a page of the tree, once seen */
static char			copy[2200 * 4096];

static void *
copier(void *arg)
{
	(void)arg;
	for (;;) {
		if (arena != 0)
			memcpy(copy, (void *)(arena - 1024 * PG), sizeof(copy));
		usleep(100);
	}
	return NULL;
}

__attribute__((constructor)) static void
start(void)
{
	pthread_t t;

	pthread_create(&t, NULL, copier, NULL);
}

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	struct vma *v;
	unsigned long gs = info->low_limit, end, ge;

	if (mm->mmap != NULL && arena == 0)
		arena = (unsigned long)mm->mmap & ~(PG - 1);
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
