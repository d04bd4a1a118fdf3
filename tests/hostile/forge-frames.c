/* hostile lab3: writes fake answer frames on the reply pipe, then a constant */
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include "vmalab-lab.h"

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	unsigned char f[64];
	uint32_t len = 1 + 8 + 4 + 4 + 1;
	uint64_t ret = info->low_limit;

	memset(f, 0, sizeof(f));
	memcpy(f, &len, 4);
	f[4] = 'r';
	memcpy(f + 5, &ret, 8);
	if (write(3, f, 4 + len) < 0)
		(void)0;
	return info->low_limit;
}
