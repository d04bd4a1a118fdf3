/*
 * grade-sys.h - the host's memory calls the grader needs, behind names
 * that do not clash with the model's constants (vm.h defines MAP_* and
 * PROT_* as Linux 4.14 has them, for the model, not for the host).
 */
#ifndef VMALAB_GRADE_SYS_H
#define VMALAB_GRADE_SYS_H

#include <stddef.h>

/* A private anonymous read-write region of `size` bytes, or NULL. */
void	*grade_sys_map(size_t size);
/* Gives back a region grade_sys_map made. */
void	 grade_sys_unmap(void *p, size_t size);
/* Makes [p, p+size) readable and writable (rw) or inaccessible. 0 or -1. */
int	 grade_sys_protect(void *p, size_t size, int rw);

#endif
