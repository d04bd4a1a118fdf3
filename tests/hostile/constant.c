/* hostile lab3: returns low_limit whatever the tree (a constant answer) */
#include "vmalab-lab.h"

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	return info->length > info->high_limit ? (unsigned long)-ENOMEM :
	    info->low_limit;
}
