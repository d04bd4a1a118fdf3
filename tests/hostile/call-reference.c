/* hostile lab3: calls the kernel's unmapped_area by name (must not link) */
#include "vmalab-lab.h"
#undef unmapped_area
unsigned long unmapped_area(struct mm *, const struct vm_unmapped_area_info *);

unsigned long
lab_unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	return unmapped_area(mm, info);
}
