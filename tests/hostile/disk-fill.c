/* hostile lab3: fills the disk, where it can write */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "vmalab-lab.h"

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	static char buf[1 << 16];
	const char *dirs[] = { "/tmp", ".", "/dev/shm", "/var/tmp", NULL };
	char path[64];
	int i, k, fd;

	memset(buf, 'x', sizeof(buf));
	for (i = 0; dirs[i] != NULL; i++)
		for (k = 0; k < 64; k++) {
			snprintf(path, sizeof(path), "%s/hostile-fill-%d", dirs[i], k);
			if ((fd = open(path, O_WRONLY | O_CREAT, 0644)) < 0)
				break;
			while (write(fd, buf, sizeof(buf)) > 0)
				;
			close(fd);
		}
	return (unsigned long)-ENOMEM;
}
