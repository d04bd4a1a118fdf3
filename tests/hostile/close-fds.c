/* hostile lab3: closes every descriptor, then returns a constant */
#include <unistd.h>
#include "vmalab-lab.h"

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	int fd;

	for (fd = 0; fd < 1024; fd++)
		close(fd);
	return (unsigned long)-ENOMEM;
}
