/*
 * mm.h - the model of a process address space (mm_struct, vm_area_struct)
 * and the public face of the engine: the system calls it re-enacts.
 *
 * Everything here mirrors Linux 4.14 mm/mmap.c on the chosen architecture.
 * Kernel-mirroring functions keep the kernel's names. Where the kernel
 * reads `current->mm`, the engine passes the mm explicitly.
 *
 * Failure contract, for every function returning an address: the result is
 * the address, or a negated errno value (test with IS_ERR_VALUE), exactly as
 * the kernel's function returns it. The engine never prints and never exits.
 */
#ifndef VMALAB_MM_H
#define VMALAB_MM_H

#include <stdbool.h>
#include <stdint.h>

#include "rbtree.h"
#include "trace/trace.h"
#include "vm.h"

struct mm;

/* A file that can be mapped: enough of struct file for mmap's checks. */
struct vfile {
	char		*path;
	unsigned	 id;		/* distinct per open file */
	int		 readable, writable;
	int		 refs;
	struct vfile	*next;		/* mm->files */
	int		 fs_kind;	/* VFS_*: what 6.x placement asks of
					   its filesystem (linux6.c) */
};

/* vfile.fs_kind; unknown counts as VFS_THP, as on ext4 (linux6.c). */
#define VFS_UNKNOWN	0
#define VFS_THP		1	/* get_unmapped_area = thp_get_unmapped_area */
#define VFS_SHMEM	2	/* tmpfs: shmem_get_unmapped_area */
#define VFS_PLAIN	3	/* no hook: the layout's search */

/*
 * What a search reads of each VMA it passes (bounds, flags for the guard
 * gap, vm_prev, the tree links and rb_subtree_gap) comes first: 64 bytes,
 * one cache line.
 */
struct vma {
	unsigned long	 vm_start;	/* first byte */
	unsigned long	 vm_end;	/* first byte after */
	struct vma	*vm_prev;	/* address order */
	unsigned long	 vm_flags;
	struct rb_node	 vm_rb;
	/*
	 * The largest free gap in bytes to the left of this VMA in its
	 * subtree: between this VMA and vm_prev, or between any VMA below
	 * it in the tree and that VMA's vm_prev.
	 */
	unsigned long	 rb_subtree_gap;
	struct vma	*vm_next;
	struct mm	*vm_mm;
	unsigned long	 vm_page_prot;	/* protection_map entry */
	unsigned long	 vm_pgoff;	/* in pages */
	struct vfile	*vm_file;	/* NULL: anonymous */
	const char	*vm_name;	/* "[heap]", "[stack]", ... or NULL */
};

/*
 * The VMA that holds tree node `rb`, or NULL; and its start, for traces
 * (0 for no node). The engine's functions and the labs' code use these.
 */
static inline struct vma *
rb_vma(const struct rb_node *rb)
{
	return rb == NULL ? NULL : rb_entry(rb, struct vma, vm_rb);
}

static inline unsigned long
rb_vma_start(const struct rb_node *rb)
{
	return rb == NULL ? 0 : rb_entry(rb, struct vma, vm_rb)->vm_start;
}

enum mm_layout { LAYOUT_LEGACY, LAYOUT_TOPDOWN };

struct arch;		/* arch.c: an architecture profile */

typedef unsigned long (*get_unmapped_area_fn)(struct mm *, struct vfile *,
    unsigned long addr, unsigned long len, unsigned long pgoff,
    unsigned long flags);

struct vm_unmapped_area_info;

/*
 * The functions a lab may replace: a student's version runs inside the
 * unchanged engine when an mm points at a table holding it. NULL entries
 * (and a NULL table) mean the engine's own function.
 */
struct mm_hooks {
	unsigned long	(*unmapped_area)(struct mm *,
			    const struct vm_unmapped_area_info *);
	unsigned long	(*unmapped_area_topdown)(struct mm *,
			    const struct vm_unmapped_area_info *);
	unsigned long	(*compute_subtree_gap)(const struct vma *);
	unsigned long	(*sys_brk)(struct mm *, unsigned long);
};

struct rlimit_pair {
	unsigned long	 cur, max;
};

struct mm {
	struct vma	*mmap;		/* list of VMAs in address order */
	struct rb_root	 mm_rb;
	int		 map_count;
	unsigned long	 highest_vm_end; /* vm_end_gap of the last VMA */

	get_unmapped_area_fn get_unmapped_area;
	unsigned long	 mmap_base;
	unsigned long	 mmap_legacy_base;
	unsigned long	 task_size;
	enum mm_layout	 layout;
	const struct arch *arch;

	unsigned long	 start_code, end_code, start_data, end_data;
	unsigned long	 start_brk, brk, start_stack;

	unsigned long	 total_vm;	/* pages mapped */
	unsigned long	 locked_vm;	/* pages VM_LOCKED */
	unsigned long	 data_vm;	/* VM_WRITE & ~VM_SHARED & ~VM_STACK */
	unsigned long	 exec_vm;	/* VM_EXEC & ~VM_WRITE & ~VM_STACK */
	unsigned long	 stack_vm;	/* VM_STACK */
	unsigned long	 def_flags;	/* VM_LOCKED after mlockall(MCL_FUTURE) */

	struct rlimit_pair rlim[VM_RLIMIT_NLIMITS];

	/* The task and the sysctls around the mm. */
	unsigned long	 personality;
	unsigned long	 mmap_min_addr;	/* vm.mmap_min_addr */
	int		 max_map_count;	/* vm.max_map_count */
	unsigned long	 stack_guard_gap;
	bool		 cap_ipc_lock;	/* CAP_IPC_LOCK */
	bool		 cap_sys_rawio;	/* may map below mmap_min_addr */
	bool		 cache_aliasing; /* arm: VIPT aliasing data cache */
	bool		 brk_randomized;
	bool		 compat_brk;	/* CONFIG_COMPAT_BRK */
	uint64_t	 aslr_seed;	/* 0: randomization off */
	uint64_t	 rnd_state;

	struct vfile	*files;
	unsigned	 next_file_id;

	unsigned long	 populated;	/* pages mm_populate faulted in */
	struct trace	*trace;		/* NULL: none (mm_trace_attach) */
	const struct mm_hooks *hooks;	/* NULL: the engine's own functions */
	int		 kernel;	/* KERNEL_*: the profile (linux6.c) */
};

/* mm.kernel: whose placement get_unmapped_area follows. */
#define KERNEL_4_14	0	/* the default: the readings' kernel */
#define KERNEL_6_18	1	/* 6.13 - 6.18 (linux6.c) */

/* ---- arch.c: architecture profiles and the layout ---------------------- */

struct arch {
	const char	*name;		/* "x86_64", "i386", "arm", "arm64" */
	unsigned long	 task_size;
	unsigned long	 unmapped_base;	/* TASK_UNMAPPED_BASE */
	unsigned long	 first_user_address;
	unsigned long	 shmlba;	/* arm: 4 * PAGE_SIZE */
	int		 mmap_rnd_bits;
	unsigned long	 stack_rnd_mask; /* in pages */
	unsigned long	 brk_rnd_range;	/* bytes */
	unsigned long	 (*mmap_base)(struct mm *, unsigned long rnd);
	int		 (*mmap_is_legacy)(struct mm *);
	get_unmapped_area_fn get_area_bottomup;
	get_unmapped_area_fn get_area_topdown;
	int		 (*mmap_check)(struct mm *, unsigned long addr,
			     unsigned long len, unsigned long flags);
};

/* Returns the profile called `name`, or NULL. */
const struct arch *arch_find(const char *name);
extern const struct arch *const arches[];	/* NULL-terminated */

void		 arch_pick_mmap_layout(struct mm *);
unsigned long	 arch_get_unmapped_area(struct mm *, struct vfile *,
		     unsigned long, unsigned long, unsigned long,
		     unsigned long);
unsigned long	 arch_get_unmapped_area_topdown(struct mm *, struct vfile *,
		     unsigned long, unsigned long, unsigned long,
		     unsigned long);
unsigned long	 arm_get_unmapped_area(struct mm *, struct vfile *,
		     unsigned long, unsigned long, unsigned long,
		     unsigned long);
unsigned long	 arm_get_unmapped_area_topdown(struct mm *, struct vfile *,
		     unsigned long, unsigned long, unsigned long,
		     unsigned long);
unsigned long	 generic_get_unmapped_area(struct mm *, struct vfile *,
		     unsigned long, unsigned long, unsigned long,
		     unsigned long);
unsigned long	 generic_get_unmapped_area_topdown(struct mm *,
		     struct vfile *, unsigned long, unsigned long,
		     unsigned long, unsigned long);
/* The seeded random source behind --aslr (splitmix64). */
unsigned long	 mm_random(struct mm *);
/*
 * The next value of the splitmix64 sequence in *state: what every seed of
 * vmalab's (--aslr, the grader's and the quiz's draws, the tests) feeds,
 * so that a seed means the same numbers everywhere.
 */
uint64_t	 splitmix64(uint64_t *state);

/* ---- linux6.c: the 6.18 profile --------------------------------------- */

/*
 * get_area_6x: the search 6.13 - 6.18's __get_unmapped_area chooses
 * (the file's thp_get_unmapped_area, shmem's, the huge-page alignment of
 * an anonymous mapping of a multiple of 2 MiB, or mm->get_unmapped_area).
 * Returns the address or -errno.
 */
unsigned long	 get_area_6x(struct mm *, struct vfile *, unsigned long addr,
		     unsigned long len, unsigned long pgoff,
		     unsigned long flags);
/*
 * mprotect_unaccount_6x: the new flags of a VMA losing write on 6.x
 * (without VM_ACCOUNT when anonymous: the engine never faults a page in).
 */
unsigned long	 mprotect_unaccount_6x(struct mm *, struct vma *,
		     unsigned long oldflags, unsigned long newflags);
/* VFS_THP, VFS_SHMEM or VFS_PLAIN for a filesystem's name ("ext4"). */
int		 vfile_fs_kind(const char *fs);

/* ---- mm.c: life cycle, loading, accounting, checking ------------------- */

/*
 * Creates an empty mm for `arch` (NULL: x86_64) with the 4.14 defaults:
 * 8 MiB stack rlimit, other rlimits infinite, max_map_count 65530,
 * mmap_min_addr 65536, stack_guard_gap 256 pages, layout not yet picked.
 * Returns NULL when out of memory.
 */
struct mm	*mm_new(const struct arch *arch);
void		 mm_free(struct mm *);

/*
 * Picks the layout (`layout` as given, or what arch_pick_mmap_layout
 * chooses when `layout` < 0) and the seed, and computes the bases.
 */
void		 mm_setup_layout(struct mm *, int layout, uint64_t aslr_seed);

/*
 * slab.c: the cache VMAs come from, as the kernel's vm_area_cachep. Every
 * struct vma of an mm comes from it and goes back to it (mm_free). Alloc
 * returns NULL when out of memory; `gfp` is for the kernel's spelling.
 */
struct kmem_cache;
extern struct kmem_cache *const vm_area_cachep;
#define GFP_KERNEL	0U
void	*kmem_cache_alloc(struct kmem_cache *, unsigned gfp);
void	*kmem_cache_zalloc(struct kmem_cache *, unsigned gfp);
void	 kmem_cache_free(struct kmem_cache *, void *);

/*
 * Adds an existing mapping, as loaded from /proc/PID/maps. It must not
 * overlap any VMA already present and must lie below task_size. Accounts
 * it in total_vm/data_vm/exec_vm/stack_vm (and locked_vm if VM_LOCKED).
 * Returns the VMA, or NULL with `*err` set to a message (overlap, range,
 * memory).
 */
struct vma	*mm_add_vma(struct mm *, unsigned long start,
		     unsigned long end, unsigned long flags,
		     unsigned long pgoff, struct vfile *file,
		     const char *name, const char **err);

/*
 * Returns the file for `path`, creating it (readable and writable) on
 * first use. NULL when out of memory.
 */
struct vfile	*mm_file(struct mm *, const char *path);

/*
 * A new file for a shared anonymous mapping (shmem_zero_setup's
 * "/dev/zero (deleted)"), distinct from every other. NULL when out of
 * memory.
 */
struct vfile	*mm_file_anon_shared(struct mm *);

/*
 * mm_trace_attach: from now on mm's calls report to `t`, a sink or a
 * recording (trace/trace.h), which must stay valid until it is detached;
 * NULL detaches. mm_trace_detach is mm_trace_attach(mm, NULL). Both return
 * the trace that was attached before (NULL for none), so that a caller can
 * put it back. Cannot fail.
 */
struct trace	*mm_trace_attach(struct mm *, struct trace *t);
struct trace	*mm_trace_detach(struct mm *);

/* Deep copy of an mm (VMAs, the tree in its shape, files), no trace sink. */
struct mm	*mm_clone(const struct mm *);

/*
 * The kernel's debug checks (validate_mm): list order equals the in-order
 * walk of the tree, no overlaps, red-black properties, every
 * rb_subtree_gap equals its recomputation, highest_vm_end, map_count, and
 * total_vm/data_vm/exec_vm/stack_vm/locked_vm against a recount.
 * Returns NULL when all hold, or a static message naming the first broken
 * one.
 */
const char	*mm_validate(const struct mm *);

/* vm_stat_account: adds `npages` (may be negative) to the counters. */
void		 vm_stat_account(struct mm *, unsigned long flags, long npages);

/* ---- vma.c: the VMA API ------------------------------------------------ */

/* vma_compute_subtree_gap, or the lab's replacement of it. */
unsigned long	 vma_subtree_gap_of(const struct vma *);

/*
 * Where the free space below `vma` ends: its start, less the guard gap of
 * a stack that grows down (clamped at 0), and where the free space above
 * it begins (no arch here grows up). Cannot fail. Inline: the gap
 * searches and the tree's gap updates call them for every node they
 * look at, from every file of the engine.
 */
static inline unsigned long
vm_start_gap(const struct vma *vma)
{
	unsigned long vm_start = vma->vm_start;

	if (vma->vm_flags & VM_GROWSDOWN) {
		vm_start -= vma->vm_mm->stack_guard_gap;
		if (vm_start > vma->vm_start)
			vm_start = 0;
	}
	return vm_start;
}

static inline unsigned long
vm_end_gap(const struct vma *vma)
{
	unsigned long vm_end = vma->vm_end;

	if (vma->vm_flags & VM_GROWSUP) {
		vm_end += vma->vm_mm->stack_guard_gap;
		if (vm_end < vma->vm_end)
			vm_end = -PAGE_SIZE;
	}
	return vm_end;
}

unsigned long	 vma_compute_subtree_gap(const struct vma *);
struct vma	*find_vma(struct mm *, unsigned long addr);
struct vma	*find_vma_prev(struct mm *, unsigned long addr,
		     struct vma **pprev);
struct vma	*find_vma_intersection(struct mm *, unsigned long start,
		     unsigned long end);
int		 find_vma_links(struct mm *, unsigned long addr,
		     unsigned long end, struct vma **pprev,
		     struct rb_node ***rb_link, struct rb_node **rb_parent);
void		 vma_link(struct mm *, struct vma *, struct vma *prev,
		     struct rb_node **rb_link, struct rb_node *rb_parent);
struct vma	*vma_merge(struct mm *, struct vma *prev, unsigned long addr,
		     unsigned long end, unsigned long vm_flags,
		     struct vfile *file, unsigned long pgoff);
int		 __split_vma(struct mm *, struct vma *, unsigned long addr,
		     int new_below);
int		 split_vma(struct mm *, struct vma *, unsigned long addr,
		     int new_below);
int		 do_munmap(struct mm *, unsigned long start,
		     unsigned long len);
unsigned long	 count_vma_pages_range(struct mm *, unsigned long addr,
		     unsigned long end);
unsigned long	 vm_get_page_prot(unsigned long vm_flags);
/*
 * vma_adjust: change `vma` to [start, end) at page offset `pgoff`, linking
 * `insert` when given. Returns 0, or -ENOMEM when linking fails.
 */
int		 vma_adjust(struct vma *, unsigned long start,
		     unsigned long end, unsigned long pgoff,
		     struct vma *insert);
/*
 * copy_vma: map [addr, addr+len) like *vmap from page `pgoff` on, merging
 * with a neighbour when it can (*vmap follows the source if that merge
 * swallowed it). Returns the VMA holding the range, or NULL when out of
 * memory.
 */
struct vma	*copy_vma(struct vma **vmap, unsigned long addr,
		     unsigned long len, unsigned long pgoff);

/* ---- mmap.c: the paths of brk and mmap --------------------------------- */

struct vm_unmapped_area_info {
#define VM_UNMAPPED_AREA_TOPDOWN 1
	unsigned long	 flags;
	unsigned long	 length;
	unsigned long	 low_limit;
	unsigned long	 high_limit;
	unsigned long	 align_mask;
	unsigned long	 align_offset;
};

unsigned long	 sys_brk(struct mm *, unsigned long brk);
/* sys_brk, or the lab's replacement of it (what the driver calls). */
unsigned long	 mm_sys_brk(struct mm *, unsigned long brk);
int		 check_data_rlimit(unsigned long rlim, unsigned long new,
		     unsigned long start, unsigned long end_data,
		     unsigned long start_data);
int		 do_brk_flags(struct mm *, unsigned long addr,
		     unsigned long request, unsigned long flags);
int		 do_brk(struct mm *, unsigned long addr, unsigned long len);
bool		 may_expand_vm(struct mm *, unsigned long flags,
		     unsigned long npages);
int		 mlock_future_check(struct mm *, unsigned long flags,
		     unsigned long len);
int		 mm_populate(struct mm *, unsigned long addr,
		     unsigned long len);
unsigned long	 get_unmapped_area(struct mm *, struct vfile *,
		     unsigned long addr, unsigned long len,
		     unsigned long pgoff, unsigned long flags);
unsigned long	 vm_unmapped_area(struct mm *,
		     const struct vm_unmapped_area_info *);
unsigned long	 unmapped_area(struct mm *,
		     const struct vm_unmapped_area_info *);
unsigned long	 unmapped_area_topdown(struct mm *,
		     const struct vm_unmapped_area_info *);
unsigned long	 do_mmap(struct mm *, struct vfile *, unsigned long addr,
		     unsigned long len, unsigned long prot,
		     unsigned long flags, unsigned long vm_flags,
		     unsigned long pgoff, unsigned long *populate);
unsigned long	 mmap_region(struct mm *, struct vfile *, unsigned long addr,
		     unsigned long len, unsigned long vm_flags,
		     unsigned long pgoff);

/*
 * The system calls as a user program makes them (x86_64 entry points).
 * sys_mmap: `file` is NULL for MAP_ANONYMOUS; `bad_fd` nonzero reports
 * -EBADF for a non-anonymous mapping without a file.
 */
unsigned long	 sys_mmap(struct mm *, unsigned long addr, unsigned long len,
		     unsigned long prot, unsigned long flags,
		     struct vfile *file, unsigned long off);
unsigned long	 sys_munmap(struct mm *, unsigned long addr,
		     unsigned long len);
/* PROT_* to VM_READ|VM_WRITE|VM_EXEC (mmap.c). Cannot fail. */
unsigned long	 calc_vm_prot_bits(unsigned long prot);

/* ---- mprotect.c, mremap.c ---------------------------------------------- */

/*
 * sys_mprotect: give [start, start+len) the protection `prot`, VMA by VMA
 * (mprotect_fixup). Returns 0 or -errno: -EINVAL (bad start or prot),
 * -ENOMEM (a hole in the range, or a limit), -EACCES (a permission the
 * mapping may not have). On an error the VMAs before the failing one
 * keep their new protection, as in the kernel.
 */
unsigned long	 sys_mprotect(struct mm *, unsigned long start,
		     unsigned long len, unsigned long prot);
/*
 * sys_mremap: resize the mapping at addr from old_len to new_len bytes, in
 * place or (MREMAP_MAYMOVE) elsewhere, or (MREMAP_FIXED) at new_addr.
 * Returns the mapping's address, or -errno: -EINVAL, -EFAULT (not one
 * mapping), -ENOMEM (no room, or a limit), -EAGAIN (RLIMIT_MEMLOCK).
 */
unsigned long	 sys_mremap(struct mm *, unsigned long addr,
		     unsigned long old_len, unsigned long new_len,
		     unsigned long flags, unsigned long new_addr);

/* Sets an rlimit; -EINVAL when cur > max or resource unknown, else 0. */
long		 sys_setrlimit(struct mm *, int resource, unsigned long cur,
		     unsigned long max);

#endif
