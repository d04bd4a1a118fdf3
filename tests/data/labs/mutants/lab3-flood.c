/* lab3-flood.c - a mutant: prints megabytes when asked for 2 pages. */
#include <stdio.h>

#include "vmalab-lab.h"

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	long i;

	if (info->length == 2 * PAGE_SIZE)
		for (i = 0; i < 4L << 20; i++)
			printf("debug: looking at the tree, step %ld\n", i);
	return -ENOMEM;
}
