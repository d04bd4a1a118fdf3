/*
 * grade-sys.c - the host's mmap and mprotect for the grader's arena (see
 * grade-check.c). This file includes no engine header: the model's
 * MAP_* and PROT_* are the kernel's values for the model, and must not
 * meet the host's.
 */
#include <sys/mman.h>

#include "grade-sys.h"

void *
grade_sys_map(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void
grade_sys_unmap(void *p, size_t size)
{
	munmap(p, size);
}

int
grade_sys_protect(void *p, size_t size, int rw)
{
	return mprotect(p, size, rw ? PROT_READ | PROT_WRITE : PROT_NONE);
}
