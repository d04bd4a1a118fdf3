/*
 * bruteforce.h - an independent model of the brk/mmap/munmap/mprotect/mremap
 * semantics of
 * Linux 4.14 (x86 and the generic hooks of arm64), written without trees:
 * the address space is a sorted array of intervals, and every search is a
 * plain scan of the gaps between them.
 *
 *   v[0]        v[1]              v[2]#          (# grows down)
 *   [----)      [--------)        [------)
 *   gap 0 | gap 1 |        gap 2   |    | gap 3 (up to infinity)
 *                          |<guard>|
 *
 * Gap i lies below v[i]: it starts at v[i-1].end (0 for i = 0) and ends at
 * vm_start_gap(v[i]), i.e. stack_guard_gap below the start of a mapping
 * that grows down. First fit is the lowest address of the first gap that
 * holds the request inside [low, high); last fit the highest address of
 * the last such gap.
 *
 * The model is the test's oracle (test-diff.c), so it is written to be
 * obviously right rather than fast: every operation is O(number of
 * mappings), and the counters the kernel keeps (total_vm, data_vm, ...)
 * are recounted from the array each time they are needed.
 *
 * Merging: the model merges a new mapping with its neighbours exactly when
 * vma_merge would: same flags (VM_SOFTDIRTY aside, and never VM_IO,
 * VM_PFNMAP, VM_MIXEDMAP or VM_DONTEXPAND), same file (0 for private
 * anonymous memory; every shared anonymous mapping has a file of its own)
 * and contiguous page offsets. mprotect merges a changed piece with the
 * mapping before it and the one after it on the same rule; mremap's
 * growth in place never merges. So its intervals are the engine's VMAs
 * one for one, and map_count is simply the number of intervals, which
 * makes the max_map_count checks comparable too.
 *
 * What the model deliberately does not reproduce: the pruning of the
 * kernel's tree walk. 4.14's unmapped_area skips a left subtree, and
 * unmapped_area_topdown stops, when vm_start_gap(vma) is below the low
 * limit; that assumes vm_start_gap grows with the address. A mapping that
 * grows down and whose guard gap reaches below the start of an earlier
 * mapping breaks the assumption, and then 4.14 (and the engine) may pass
 * over a gap that fits. bf_monotone() says whether a layout is free of
 * this; test-diff keeps its layouts so, and tests the quirk on its own.
 *
 * Failure contract: the system calls return what the kernel returns (an
 * address, 0, or a negated errno). The model is a test oracle: when memory
 * runs out it aborts the process rather than give a wrong answer.
 */
#ifndef VMALAB_BRUTEFORCE_H
#define VMALAB_BRUTEFORCE_H

#include <stddef.h>

#define BF_NRLIMITS	16

struct bf_vma {
	unsigned long	 start, end;	/* [start, end), page aligned */
	unsigned long	 flags;		/* VM_* without VM_SOFTDIRTY */
	unsigned long	 pgoff;		/* in pages */
	unsigned	 file;		/* 0: private anonymous memory */
};

/* Which get_unmapped_area hooks the architecture has. */
enum bf_hooks {
	BF_HOOKS_X86,		/* arch/x86/kernel/sys_x86_64.c */
	BF_HOOKS_GENERIC,	/* mm/mmap.c, used by arm64 */
};

struct bf_mm {
	struct bf_vma	*v;		/* sorted by start, never overlapping */
	size_t		 n, cap;

	/* The machine: set by the caller before the first call. */
	enum bf_hooks	 hooks;
	int		 topdown;	/* layout: 1 top-down, 0 legacy */
	int		 map_32bit;	/* x86_64: MAP_32BIT means [1G, 2G) */
	unsigned long	 task_size;
	unsigned long	 mmap_base;	/* top of the top-down area */
	unsigned long	 legacy_base;	/* bottom of the bottom-up area */
	unsigned long	 unmapped_base;	/* TASK_UNMAPPED_BASE (generic fallback) */
	unsigned long	 mmap_min_addr;
	unsigned long	 stack_guard_gap;
	int		 max_map_count;
	unsigned long	 def_flags;	/* VM_LOCKED after mlockall(MCL_FUTURE) */
	int		 cap_ipc_lock;

	/* The data segment and the break. */
	unsigned long	 start_data, end_data, start_brk, brk;

	unsigned long	 rlim_cur[BF_NRLIMITS], rlim_max[BF_NRLIMITS];

	unsigned	 next_file;	/* for shared anonymous mappings */
};

/* Counters as vm_stat_account keeps them, recounted. */
struct bf_counts {
	unsigned long	 total, data, exec, stack, locked;	/* pages */
};

/*
 * bf_init: an empty model with 4.14's defaults (x86 hooks, top-down,
 * every rlimit infinite but an 8 MiB stack and 64 KiB of locked memory,
 * max_map_count 65530, mmap_min_addr 65536, a 256-page guard gap). The
 * caller sets the machine fields. Cannot fail.
 */
void		 bf_init(struct bf_mm *);
void		 bf_free(struct bf_mm *);

/*
 * bf_copy: make dst an exact copy of src. dst must have been initialised
 * (or copied into) before; its array is reused. Cannot fail.
 */
void		 bf_copy(struct bf_mm *dst, const struct bf_mm *src);

/*
 * bf_add: an existing mapping, as exec or a /proc/PID/maps file left it.
 * Never merged with its neighbours (mm_add_vma does not merge either).
 * Returns 0, or -1 (model unchanged) if it overlaps another mapping, is
 * empty or unaligned, or reaches above task_size.
 */
int		 bf_add(struct bf_mm *, unsigned long start, unsigned long end,
		     unsigned long flags, unsigned long pgoff, unsigned file);

/* The system calls, with the kernel's results. */
unsigned long	 bf_brk(struct bf_mm *, unsigned long brk);
unsigned long	 bf_mmap(struct bf_mm *, unsigned long addr, unsigned long len,
		     unsigned long prot, unsigned long flags, unsigned long off);
unsigned long	 bf_munmap(struct bf_mm *, unsigned long addr,
		     unsigned long len);
long		 bf_setrlimit(struct bf_mm *, int resource, unsigned long cur,
		     unsigned long max);
/*
 * mprotect and mremap as 4.14 makes them (x86 and the generic hooks alike:
 * neither has an mremap of its own), on mappings that never faulted: a
 * moved private anonymous mapping takes the offset of its new address.
 * The task's personality is 0 (no READ_IMPLIES_EXEC).
 */
unsigned long	 bf_mprotect(struct bf_mm *, unsigned long start,
		     unsigned long len, unsigned long prot);
unsigned long	 bf_mremap(struct bf_mm *, unsigned long addr,
		     unsigned long old_len, unsigned long new_len,
		     unsigned long flags, unsigned long new_addr);

/* Where the free space below v[i] ends (vm_start_gap). */
unsigned long	 bf_start_gap(const struct bf_mm *, size_t i);

/*
 * bf_monotone: 1 when vm_start_gap never decreases from one mapping to
 * the next (the tree walk's pruning is then exact), else 0.
 */
int		 bf_monotone(const struct bf_mm *);

/* Recounts total_vm, data_vm, exec_vm, stack_vm and locked_vm. */
void		 bf_counts(const struct bf_mm *, struct bf_counts *);

/*
 * The model's own first fit and last fit in [low, high), exposed for the
 * exact tests. Return the address or -ENOMEM.
 */
unsigned long	 bf_first_fit(const struct bf_mm *, unsigned long len,
		     unsigned long low, unsigned long high);
unsigned long	 bf_last_fit(const struct bf_mm *, unsigned long len,
		     unsigned long low, unsigned long high);

#endif
