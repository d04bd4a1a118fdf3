/* hostile lab3: allocates and touches memory without end */
#include <stdlib.h>
#include <string.h>
#include "vmalab-lab.h"

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	char *p;

	for (;;) {
		if ((p = malloc(64 << 20)) == NULL)
			continue;
		memset(p, 1, 64 << 20);
	}
}
