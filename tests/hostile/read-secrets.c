/* hostile lab3: looks for the hidden tests and the reference on disk, /proc, the environment */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vmalab-lab.h"

extern char **environ;

static void
dump(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		printf("FOUND %s: %.80s\n", path, buf);
	}
	close(fd);
}

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	static const char *paths[] = { "/work/wt-grade/labs/lab3/hidden.c",
	    "../../labs/lab3/hidden.c", "/proc/self/exe", "/proc/1/cmdline",
	    "/proc/self/maps", "/etc/passwd", "/autograder/source/labs/lab3/hidden.c",
	    "/root/.bash_history", "/tmp", NULL };
	char **e;
	int i;

	for (i = 0; paths[i] != NULL; i++)
		dump(paths[i]);
	for (e = environ; e != NULL && *e != NULL; e++)
		printf("ENV %s\n", *e);
	return (unsigned long)-ENOMEM;
}
