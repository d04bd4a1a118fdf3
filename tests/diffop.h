/*
 * diffop.h - a call of the differential tests (test-diff, soak): made by
 * the engine and by the brute-force model (tests/bruteforce.c) alike, and
 * written as strace would write it.
 */
#ifndef VMALAB_DIFFOP_H
#define VMALAB_DIFFOP_H

#include <stddef.h>

#include "bruteforce.h"
#include "mm.h"

enum dop_kind { DOP_BRK, DOP_MMAP, DOP_MUNMAP, DOP_SETRLIMIT, DOP_MAXMAP };

struct dop {
	enum dop_kind	 kind;
	unsigned long	 a[6];	/* brk: a0; mmap: addr len prot flags off;
				   munmap: addr len; setrlimit: res cur max;
				   max_map_count: a0 */
};

/* The call's result on each side. */
unsigned long	dop_engine(struct mm *, const struct dop *);
unsigned long	dop_model(struct bf_mm *, const struct dop *);

/*
 * The call as a line: "mmap(0x10000, 8192, PROT_READ, MAP_PRIVATE|
 * MAP_ANONYMOUS, -1, 0)", truncated to fit `size`. Returns buf.
 */
char	*dop_format(char *buf, size_t size, const struct dop *);

#endif
