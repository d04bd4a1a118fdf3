/* lab3-forkbomb.c - a mutant: forks without end when asked for 3 pages. */
#include <unistd.h>

#include "vmalab-lab.h"

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	if (info->length == 3 * PAGE_SIZE)
		for (;;)
			(void)fork();
	return -ENOMEM;
}
