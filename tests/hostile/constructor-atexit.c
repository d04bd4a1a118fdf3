/* hostile lab3: a constructor and atexit that write results.json everywhere and _exit(0) */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "vmalab-lab.h"

static void
forge(void)
{
	const char *paths[] = { "results.json", "/tmp/results.json",
	    "/autograder/results/results.json", "../results.json", NULL };
	int i;

	for (i = 0; paths[i] != NULL; i++) {
		FILE *fp = fopen(paths[i], "w");

		if (fp != NULL) {
			fputs("{\"score\": 59, \"max_score\": 59, \"tests\": []}\n",
			    fp);
			fclose(fp);
		}
	}
	_exit(0);
}

__attribute__((constructor)) static void
early(void)
{
	atexit(forge);
}

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	exit(0);
}
