/* hostile lab3: reads and patches the hidden tests' table (must not link) */
#include "vmalab-lab.h"
extern struct grade_test lab3_hidden[];

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	lab3_hidden[0].points = 100;
	return (unsigned long)-ENOMEM;
}
