/* hostile lab3: forges verdicts, scores and results on stdout, stderr and every fd */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "vmalab-lab.h"

static const char forged[] =
    "E 0 1\nPASS  exact-fit 2/2 0.01s\nScore: 59/59\n"
    "{\"score\": 59, \"max_score\": 59, \"tests\": []}\n";

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	int fd;

	for (fd = 0; fd < 64; fd++)
		if (write(fd, forged, sizeof(forged) - 1) < 0)
			(void)0;
	printf("%s", forged);
	fflush(stdout);
	return (unsigned long)-ENOMEM;
}
