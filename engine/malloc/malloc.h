/*
 * malloc.h - a model of glibc's malloc for the main arena: the step
 * before the kernel's. A C program calls malloc; the allocator decides
 * whether to carve the request from the top of its heap (and to grow the
 * heap with brk when the top is too small) or to give the request a
 * mapping of its own with mmap. free may shrink the heap again (brk) or
 * unmap a mapped chunk (munmap) and move the mmap threshold.
 *
 *   malloc_do_malloc(a, mm, 100)            the allocator's decisions,
 *     -> __libc_malloc, _int_malloc,        traced like the kernel's
 *        sysmalloc                          (with listings and ids)
 *       -> brk(NULL), brk(0x55555557a000)   system calls into the engine
 *         -> sys_brk -> do_brk_flags ...    the kernel's path
 *
 * The policy is glibc 2.36's (Debian 12) on x86_64, for one thread:
 * chunk sizes, tcache, fastbins, the unsorted, small and large bins (just
 * enough of them to know which free chunk a request takes, so that the
 * top grows and shrinks exactly when glibc's does), sysmalloc, systrim,
 * the dynamic mmap threshold, calloc, realloc and mallopt's
 * M_MMAP_THRESHOLD, M_TOP_PAD and M_TRIM_THRESHOLD. doc/malloc.md says
 * what is modelled and how it was checked against the real glibc.
 *
 * realloc of a mapped chunk calls the engine's sys_mremap with
 * MREMAP_MAYMOVE, as glibc does: it shrinks in place, grows in place, or
 * moves the mapping, as 4.14's mremap decides.
 *
 * Like the rest of the engine, the model never prints and never exits:
 * where glibc would abort (an invalid free) the call fails with a message.
 */
#ifndef VMALAB_MALLOC_H
#define VMALAB_MALLOC_H

#include <stddef.h>

struct mm;
struct malloc_arena;

/* mallopt's parameters, glibc's numbers. */
#define MALLOC_M_TRIM_THRESHOLD	(-1)
#define MALLOC_M_TOP_PAD	(-2)
#define MALLOC_M_MMAP_THRESHOLD	(-3)

/* The tunables and counters of glibc's mp_ that the model keeps. */
struct malloc_par {
	unsigned long	 mmap_threshold;	/* 128 KiB, moves on free */
	unsigned long	 trim_threshold;	/* 128 KiB, 2 * mmap_threshold */
	unsigned long	 top_pad;		/* 128 KiB */
	int		 no_dyn_threshold;	/* set by mallopt */
	int		 n_mmaps, n_mmaps_max;
	unsigned long	 mmapped_mem;
	unsigned long	 sbrk_base;		/* 0 before the first brk */
};

/* A system call the model made, as strace would show it. */
enum malloc_sys_kind { MSYS_BRK, MSYS_MMAP, MSYS_MUNMAP, MSYS_MREMAP };
struct malloc_sys {
	enum malloc_sys_kind kind;
	unsigned long	 args[3];	/* brk: addr; mmap: len; munmap: addr,
					   len; mremap: addr, old, new */
	unsigned long	 result;	/* the engine's answer */
};

/*
 * A fresh allocator, as glibc is when main() starts: no heap yet, the
 * default tunables. Returns NULL when out of memory.
 */
struct malloc_arena	*malloc_arena_new(void);
/* Frees the model (not the engine's mappings). NULL is allowed. */
void			 malloc_arena_free(struct malloc_arena *);
/*
 * A deep copy, for checkpoints of a run (the copy's calls do not touch
 * the original). Returns NULL when out of memory.
 */
struct malloc_arena	*malloc_arena_clone(const struct malloc_arena *);

/*
 * The calls of a program. Each makes its system calls into `mm` (which
 * must stay the same for the life of the arena) and, when mm has a trace
 * sink, reports its decisions and a TRACE_SYSCALL event before each
 * system call. malloc, calloc and realloc return the pointer glibc would
 * return, or 0 (out of memory, as glibc's NULL).
 *
 * free and realloc of a pointer the model never returned, or has freed,
 * return -1 (realloc: (unsigned long)-1) and describe it in the message
 * of malloc_arena_error: glibc would abort there. mallopt returns 1, as
 * glibc 2.36 does for these three parameters, the only ones modelled
 * (others return -1).
 *
 * Every call may also fail with -1 when the host is out of memory.
 */
unsigned long	 malloc_do_malloc(struct malloc_arena *, struct mm *,
		     unsigned long bytes);
int		 malloc_do_free(struct malloc_arena *, struct mm *,
		     unsigned long mem);
unsigned long	 malloc_do_calloc(struct malloc_arena *, struct mm *,
		     unsigned long n, unsigned long size);
unsigned long	 malloc_do_realloc(struct malloc_arena *, struct mm *,
		     unsigned long mem, unsigned long bytes);
int		 malloc_do_mallopt(struct malloc_arena *, struct mm *,
		     int param, int value);

/*
 * The message of the last failed call ("free(): invalid pointer ..."),
 * "" after a call that succeeded. The string lives as long as the arena.
 */
const char	*malloc_arena_error(const struct malloc_arena *);

/* ---- views for tests, the stepper and the grader ---------------------- */

const struct malloc_par	*malloc_arena_par(const struct malloc_arena *);
/* The top chunk: its address (0 before the first brk) and size. */
unsigned long	 malloc_arena_top(const struct malloc_arena *,
		     unsigned long *size);
/*
 * The usable size of the chunk holding `mem` (what malloc_usable_size
 * says), or 0 when mem is not an allocated pointer.
 */
unsigned long	 malloc_arena_usable(const struct malloc_arena *,
		     unsigned long mem);
/* Every system call so far, oldest first; *n is their number. */
const struct malloc_sys	*malloc_arena_syscalls(const struct malloc_arena *,
			     size_t *n);
/* Formats one as strace prints it ("brk(NULL) = 0x555555559000"). */
int		 malloc_sys_format(const struct malloc_sys *, char *buf,
		     size_t len);

#endif
