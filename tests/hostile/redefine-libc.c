/* hostile lab3: redefines read and write (the harness's pipes) */
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "vmalab-lab.h"

ssize_t
read(int fd, void *buf, size_t n)
{
	/* whatever the grader asks: an empty, well-formed-looking frame */
	return syscall(SYS_read, fd, buf, n);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	char fake[4096];

	if (n > sizeof(fake))
		n = sizeof(fake);
	memset(fake, 'E', n);
	return syscall(SYS_write, fd, fd == 3 ? fake : buf, n);
}

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	return info->low_limit;
}
