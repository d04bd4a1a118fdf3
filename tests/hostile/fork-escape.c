/* hostile lab3: fork, vfork, clone(CLONE_VM) + setsid, exec: something that outlives grading */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "vmalab-lab.h"

static char stack[65536];

static int
linger(void *arg)
{
	(void)arg;
	setsid();
	for (;;)
		pause();
	return 0;
}

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	char *argv[] = { "/bin/sh", "-c", "sleep 1000", NULL };

	clone(linger, stack + sizeof(stack), CLONE_VM | SIGCHLD, NULL);
	syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (fork() == 0) {
		setsid();
		execv(argv[0], argv);
		for (;;)
			pause();
	}
	if (vfork() == 0)
		_exit(0);
	execv(argv[0], argv);
	return (unsigned long)-ENOMEM;
}
