/*
 * diffop.h - a call of the differential tests (test-diff, soak): made by
 * the engine and by the brute-force model (tests/bruteforce.c) alike, and
 * written as strace would write it.
 */
#ifndef VMALAB_DIFFOP_H
#define VMALAB_DIFFOP_H

#include <stddef.h>

#include "bruteforce.h"
#include "kernel/mm.h"

enum dop_kind { DOP_BRK, DOP_MMAP, DOP_MUNMAP, DOP_SETRLIMIT, DOP_MAXMAP,
	DOP_MPROTECT, DOP_MREMAP };

struct dop {
	enum dop_kind	 kind;
	unsigned long	 a[6];	/* brk: a0; mmap: addr len prot flags off;
				   munmap: addr len; setrlimit: res cur max;
				   max_map_count: a0; mprotect: start len
				   prot; mremap: addr old_len new_len flags
				   new_addr */
};

/* The call's result on each side. */
unsigned long	dop_engine(struct mm *, const struct dop *);
unsigned long	dop_model(struct bf_mm *, const struct dop *);

/*
 * A start state on both sides. dop_add_both adds one mapping: `path` NULL
 * for anonymous memory (pgoff then start >> PAGE_SHIFT, as do_mmap gives
 * it), else the file and its model id. Returns 0; -1 when it does not fit
 * the model (overlap, or a layout that is not monotone), nothing added; 1
 * when the engine refused it, with *err set. `scratch` is the model's
 * working copy.
 */
int	dop_add_both(struct mm *, struct bf_mm *, struct bf_mm *scratch,
	    unsigned long start, unsigned long end, unsigned long flags,
	    unsigned long pgoff, const char *path, unsigned file_id,
	    const char **err);

/* The flags of a start mapping: read-only, text, data, a stack. */
#define F_R	(VM_READ | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define F_RX	(F_R | VM_EXEC)
#define F_RW	(F_R | VM_WRITE | VM_ACCOUNT)
#define F_STACK	(F_RW | VM_GROWSDOWN)

/*
 * A program or shared object of `path` at `at`: its r--, r-x, r-- and rw-
 * segments (2, 12, 4 and 2 pages), each through dop_add_both. Stops at the
 * first that does not go in and returns dop_add_both's result for it (0
 * when all four went in); *end is where the last one added ends.
 */
int	dop_add_object(struct mm *, struct bf_mm *, struct bf_mm *scratch,
	    unsigned long at, const char *path, unsigned file_id,
	    unsigned long *end, const char **err);

/*
 * Gives the model the process the engine's mm was set up as (after
 * mm_setup_layout with `asked`): the arch's hooks, limits and bases.
 * Returns the layout the engine must have picked: `asked`, except that
 * off x86 an unlimited stack means legacy.
 */
int	dop_model_layout(struct bf_mm *, const struct mm *, int asked);

/*
 * The call as a line: "mmap(0x10000, 8192, PROT_READ, MAP_PRIVATE|
 * MAP_ANONYMOUS, -1, 0)", truncated to fit `size`. Returns buf.
 */
char	*dop_format(char *buf, size_t size, const struct dop *);

#endif
