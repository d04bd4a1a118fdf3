/* lab3-exit.c - a mutant: calls exit(0) in the middle of the search. */
#include <stdlib.h>

#include "vmalab-lab.h"

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	if (info->length > 2 * PAGE_SIZE)
		exit(0);
	return -ENOMEM;
}
