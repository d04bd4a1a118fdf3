/* hostile lab3: prints without end */
#include <stdio.h>
#include "vmalab-lab.h"

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	for (;;)
		printf("Score: 59/59 PASS PASS PASS PASS PASS PASS PASS\n");
}
