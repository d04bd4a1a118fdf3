/* hostile lab3: loops, then sleeps, then stops itself */
#include <signal.h>
#include <unistd.h>
#include "vmalab-lab.h"

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	static int n;

	if (n++ % 3 == 0)
		for (;;)
			;
	if (n % 3 == 1)
		raise(SIGSTOP);
	for (;;)
		pause();
}
