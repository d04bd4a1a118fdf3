/* hostile lab3: hooks off, then the engine's vm_unmapped_area (it can only reach the student's own) */
#include "vmalab-lab.h"

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	static int depth;
	unsigned long r;

	mm->hooks = NULL;
	if (depth > 0)
		return (unsigned long)-ENOMEM;
	depth++;
	r = vm_unmapped_area(mm, info);
	depth--;
	return r;
}
