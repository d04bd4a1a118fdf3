/*
 * run.h - the driver: applies a parsed scenario to an mm, one system call
 * at a time, and says what the kernel would have returned.
 *
 *   struct scenario (scenario.h)  --run_start-->  struct run { mm, fds }
 *   each scen_op                  --run_op----->  result in the kernel's
 *                                                 form (address, 0, -errno)
 *
 * Like the rest of the engine, the driver never prints and never exits:
 * failures come back as -1 and a "file:line: message" in the caller's
 * buffer. Formatting a result the way strace prints it is here too, so
 * that every front end (the CLI, the stepper, the grader) agrees.
 *
 * The built-in scenarios (builtin.c) are declared at the end.
 */
#ifndef VMALAB_RUN_H
#define VMALAB_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/mm.h"
#include "input/scenario.h"
#include "trace/trace.h"

#define RUN_ERRLEN	SCEN_ERRLEN

/*
 * What the command line adds to (and overrides in) a scenario. Zero it
 * and set what was given: for the start state, an option beats a
 * directive, and a directive beats the default.
 */
struct run_opts {
	const char	*arch;		/* NULL: "% arch", else x86_64 */
	int		 has_kernel;
	int		 kernel;	/* --kernel: KERNEL_*, else "% kernel",
					   else KERNEL_4_14 */
	int		 has_layout;
	enum mm_layout	 layout;	/* else "% layout", else the arch picks */
	int		 has_aslr;
	uint64_t	 aslr_seed;	/* 0 keeps randomization off */
	int		 has_brk;
	unsigned long	 brk;		/* --brk: the current break */
	int		 has_mmap_base;
	unsigned long	 mmap_base;	/* --mmap-base, set after the layout */
	/* --maps FILE, parsed by procfs_parse_maps; maps_name for messages. */
	const struct scen_map *maps;
	size_t		 nmaps;
	const char	*maps_name;
	/* --stat FILE, parsed by procfs_parse_stat; NULL when not given. */
	const struct proc_stat *stat;
};

/* An open file of the replayed program: open() adds, close() removes. */
struct run_fd {
	long		 fd;
	struct vfile	*file;
};

struct run {
	struct mm	*mm;
	const struct scenario *sc;
	struct run_fd	*fds;
	size_t		 nfds, fdcap;
	char		**names;	/* vm_name strings the run owns */
	size_t		 nnames;
	const struct scen_map **gates;	/* entries skipped as not VMAs */
	size_t		 ngates;
	/* The input mappings, for their device and inode numbers. */
	const struct scen_map *maps[2];
	size_t		 nmaps[2];
	/*
	 * The allocator (malloc.h), made by the first allocator call, and
	 * the results of the allocator calls so far, for #N (N - 1 indexes).
	 */
	struct malloc_arena *arena;
	unsigned long	*aresults;
	size_t		 naresults, arescap;
};

/*
 * run_start: builds the start state of `sc` with `opts` (NULL: none) into
 * a new mm:
 *   - the arch and the sysctl-like directives (rlimits, personality,
 *     max_map_count, mmap_min_addr, aliasing, cap_ipc_lock, def_flags);
 *   - the layout (mm_setup_layout), then --mmap-base / "% mmap_base";
 *   - the mappings of opts->maps, then those of the scenario; a special
 *     mapping at or above TASK_SIZE (the gate page: x86_64's [vsyscall],
 *     arm's [vectors]) is kept aside in r->gates, not mapped, and any
 *     other mapping above TASK_SIZE is an error;
 *   - the mm fields: default, then directives, then --stat, then --brk.
 *     With no word about the break: start_brk = start of [heap] and brk =
 *     its end; with no heap, both are the page after the first run of
 *     mappings of one file (the program), or 0x555555559000 when there is
 *     none; with ASLR on, that default is moved up by a random number of
 *     pages within the arch's brk range and brk_randomized is set.
 * Returns 0 with *r ready, or -1 with "file:line: message" in err and *r
 * zeroed, nothing left allocated. `sc` must outlive the run.
 */
int	run_start(struct run *r, const struct scenario *sc,
	    const struct run_opts *opts, char *err, size_t errlen);

/* Frees the mm and everything the run holds; *r is zeroed. */
void	run_end(struct run *r);

/*
 * run_op: performs one system call. When the mm has a trace sink, a
 * TRACE_SYSCALL event carrying op->text comes first (and a TRACE_NOTE for
 * a skipped call). Returns the result in the kernel's form: an address,
 * 0, or a negated errno. open() and close() are not modelled beyond the
 * file table: they return what the scenario says (open: the expected fd,
 * else the lowest free one from 3). OP_SKIP returns 0 and touches nothing.
 * Cannot fail otherwise (an out-of-memory file table returns -ENOMEM).
 *
 * The allocator's calls go to the model of glibc's malloc (malloc.h),
 * which makes its own brk/mmap/munmap calls into the engine: malloc,
 * calloc and realloc return the pointer (0 for NULL), free 0, mallopt 1
 * (glibc 2.36 accepts every value). A call glibc would abort on (free of a pointer that was never
 * allocated, or twice) returns -EINVAL and leaves the model as it was;
 * run_alloc_error says why.
 */
unsigned long	run_op(struct run *r, const struct scen_op *op);

/* Is the call's result computed by the engine (and so checked)? */
int	run_op_modelled(const struct scen_op *op);

/*
 * The allocator's part of a run, for a copy of it (the stepper's
 * checkpoints copy a struct run): run_alloc_copy gives `dst`, a copy of
 * `src` made with *dst = *src, an allocator and results of its own;
 * returns 0, or -1 when out of memory (dst's allocator part is then
 * empty). run_alloc_free frees that part of a copy (run_end frees it for
 * a run).
 */
int	run_alloc_copy(struct run *dst, const struct run *src);
void	run_alloc_free(struct run *r);

/*
 * The message of the last allocator call that failed (free of a pointer
 * that was never allocated...), or "" when there is none.
 */
const char	*run_alloc_error(const struct run *r);

/*
 * run_format_result: the result as strace prints it after "= ":
 * "0x7ffff7fd0000", "0", "3", or "-1 ENOMEM (Cannot allocate memory)".
 * brk always prints an address. Returns the length snprintf would have
 * written (the output is always terminated when len > 0).
 */
int	run_format_result(const struct scen_op *op, unsigned long result,
	    char *buf, size_t len);

/*
 * run_format_line: the whole strace line without newline: op->text, then
 * "= result" from column 40 as strace aligns it.
 */
int	run_format_line(const struct scen_op *op, unsigned long result,
	    char *buf, size_t len);

/* "ENOMEM", "Cannot allocate memory"; NULL for an errno not in the table. */
const char	*run_errno_name(int err);
const char	*run_strerror(int err);

/*
 * run_check: does `result` match the scenario's expectation? Returns 1
 * when the op has no expectation or is not modelled, 1 on a match, 0 on
 * a mismatch (with "file:line: mmap returned X, the scenario expects Y"
 * in msg).
 */
int	run_check(const struct run *r, const struct scen_op *op,
	    unsigned long result, char *msg, size_t msglen);

/*
 * run_vma_name: the pathname column of /proc/PID/maps for `vma`, as
 * show_map_vma computes it: the file's path, "[heap]" for a VMA that
 * touches start_brk..brk, "[stack]" for the one holding start_stack (or,
 * with start_stack unknown, the VMA that grows down), else vm_name, else
 * NULL.
 */
const char	*run_vma_name(const struct mm *mm, const struct vma *vma);

/*
 * run_vma_dev: the device and inode /proc showed for the VMA's file in
 * the input, or 0s (a file the replay opened, or an anonymous mapping).
 */
void	run_vma_dev(const struct run *r, const struct vma *vma,
	    unsigned *major, unsigned *minor, unsigned long *inode);

#endif
