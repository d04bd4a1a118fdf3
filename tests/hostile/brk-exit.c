/* hostile lab5: kills its own process group and exits in sys_brk */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include "vmalab-lab.h"

unsigned long
sys_brk(struct mm *mm, unsigned long brk)
{
	kill(0, SIGKILL);
	kill(getppid(), SIGKILL);
	exit(0);
}
