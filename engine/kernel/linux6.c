/*
 * linux6.c - the 6.18 profile (--kernel 6.18): what Linux 6.13 to 6.18
 * do differently from 4.14 in the calls the engine models, so that a
 * recording made on a student's 6.x machine replays exactly. Two
 * differences, each a step the 4.14 code calls into when mm->kernel is
 * KERNEL_6_18:
 *
 * 1. Placement: one step of get_unmapped_area (mm/mmap.c's
 *    __get_unmapped_area) and the huge-page alignment it may ask for
 *    (mm/huge_memory.c):
 *
 *   get_unmapped_area -> get_area_6x (mm->get_unmapped_area in this profile)
 *       a file whose filesystem's file_operations name
 *       thp_get_unmapped_area (ext2/3/4, xfs, erofs): thp_get_unmapped_area
 *       shared anonymous memory, or a tmpfs file: shmem_get_unmapped_area,
 *         which adds nothing while shmem_enabled is "never" (the default)
 *       anonymous, no hint, a length that is a multiple of 2 MiB:
 *         thp_get_unmapped_area (since 6.7; only multiples since 6.12,
 *         only without a hint since 6.13)
 *       anything else: mm->get_unmapped_area, as 4.14
 *   thp_get_unmapped_area -> __thp_get_unmapped_area: search for len + 2 MiB
 *       and move the start up to where the file offset and the address
 *       agree modulo 2 MiB, so that a huge page can back the mapping;
 *       when that fails, the plain search for len
 *
 * 2. mprotect_fixup: taking write away from a private anonymous VMA
 *    that has no anon_vma (no page was ever written) also takes its
 *    VM_ACCOUNT away (6.x: "allow unfaulted VMAs to be unaccounted on
 *    mprotect()"), so that it may merge with a neighbour that never had
 *    it. The engine never faults a page in, so here every anonymous VMA
 *    counts as unfaulted: a program that wrote to a mapping before
 *    mprotect made it read-only keeps VM_ACCOUNT on 6.x (README.md).
 *
 * Everything else (the searches, the hooks, the layouts) is 4.14's. The
 * 6.x kernel keeps VMAs in a maple tree rather than the augmented rbtree;
 * the gap search here keeps the rbtree, since both return the same first
 * fitting gap. The other differences of 6.x (mremap's checks, a failed
 * MAP_FIXED leaving its splits) are not modelled: README.md names them.
 */
#include <string.h>

#include "instrument.h"
#include "mm.h"

#define PMD_SIZE	(1UL << 21)	/* x86_64: one huge page, 2 MiB */

/*
 * mm_get_unmapped_area: the layout's own search (6.x's name for asking
 * the arch hook), which 4.14 calls mm->get_unmapped_area; in this profile
 * mm->get_unmapped_area is get_area_6x.
 */
static unsigned long
mm_get_unmapped_area(struct mm *mm, struct vfile *file, unsigned long addr,
    unsigned long len, unsigned long pgoff, unsigned long flags)
{
	get_unmapped_area_fn search = mm->layout == LAYOUT_TOPDOWN ?
	    mm->arch->get_area_topdown : mm->arch->get_area_bottomup;

	return search(mm, file, addr, len, pgoff, flags);
}

/*
 * The filesystems whose regular files have thp_get_unmapped_area as
 * their get_unmapped_area (6.18's fs/ sources), by the names `vmalab
 * record` writes (statfs f_type). ext2 and ext3 share ext4's magic.
 */
static const char *const thp_fs_names[] = {
	"ext4", "ext2", "ext3", "xfs", "erofs",
};

/* tmpfs and its kin: shmem_get_unmapped_area. */
static const char *const shmem_fs_names[] = {
	"tmpfs", "shmem", "ramfs",
};

int
vfile_fs_kind(const char *fs)
{
	size_t i;

	for (i = 0; i < sizeof(thp_fs_names) / sizeof(thp_fs_names[0]); i++)
		if (strcmp(fs, thp_fs_names[i]) == 0)
			return VFS_THP;
	for (i = 0; i < sizeof(shmem_fs_names) / sizeof(shmem_fs_names[0]);
	    i++)
		if (strcmp(fs, shmem_fs_names[i]) == 0)
			return VFS_SHMEM;
	return VFS_PLAIN;
}

/*
 * __thp_get_unmapped_area: a place for len bytes at file offset off (in
 * bytes) whose address is congruent to off modulo size, found by asking
 * the layout's search for len + size and moving up inside that room.
 * Returns the address, or 0 when the alignment cannot help or the padded
 * search fails (the caller then searches for len alone).
 */
static unsigned long
__thp_get_unmapped_area(struct mm *mm, struct vfile *filp,
    unsigned long addr, unsigned long len, unsigned long off,
    unsigned long flags, unsigned long size)
{
	TRACE_FUNC(__thp_get_unmapped_area, mm, V(addr), V(len), V(off), V(flags), V(size));
	unsigned long off_end, off_align, len_pad, ret, off_sub;

	/* Not on 32-bit: too little room, too little entropy. */
	if (DECIDE("__thp_get_unmapped_area.not_64bit", mm->task_size <= 0xffffffffUL, VN("TASK_SIZE", mm->task_size)))
		RETURN(0);

	SET(off_end, off + len);
	SET(off_align, (off + size - 1) & ~(size - 1));
	/* The range must hold one whole aligned huge page of the file. */
	if (DECIDE("__thp_get_unmapped_area.no_huge_page", off_end <= off_align || (off_end - off_align) < size, V(off_end), V(off_align), V(size)))
		RETURN(0);

	SET(len_pad, len + size);
	if (DECIDE("__thp_get_unmapped_area.overflow", len_pad < len || (off + len_pad) < off, V(len_pad)))
		RETURN(0);

	SET(ret, mm_get_unmapped_area(mm, filp, addr, len_pad, off >> PAGE_SHIFT, flags));

	/*
	 * The failure might be due to length padding. The caller will retry
	 * without the padding.
	 */
	if (DECIDE("__thp_get_unmapped_area.padded_failed", IS_ERR_VALUE(ret), V(ret)))
		RETURN(0);

	/* Do not align when the hint (or MAP_FIXED) was granted as it is. */
	if (DECIDE("__thp_get_unmapped_area.hint_granted", ret == addr, V(ret), V(addr)))
		RETURN(addr);

	SET(off_sub, (off - ret) & (size - 1));

	/*
	 * Top-down, the padded room's start is already aligned: the
	 * mapping goes at its top end, right below where the search began.
	 */
	if (DECIDE("__thp_get_unmapped_area.topdown_aligned", mm->layout == LAYOUT_TOPDOWN && !off_sub, V(off_sub)))
		RETURN(ret + size);

	SET(ret, ret + off_sub);
	RETURN(ret);
}

/*
 * thp_get_unmapped_area: the huge-page-aligned place for a mapping of
 * len bytes at page pgoff, or, when there is none, the plain search's.
 * Returns the address or -errno.
 */
static unsigned long
thp_get_unmapped_area(struct mm *mm, struct vfile *filp, unsigned long addr,
    unsigned long len, unsigned long pgoff, unsigned long flags)
{
	TRACE_FUNC(thp_get_unmapped_area, mm, V(addr), V(len), V(pgoff), V(flags));
	unsigned long ret;

	SET(ret, __thp_get_unmapped_area(mm, filp, addr, len, pgoff << PAGE_SHIFT, flags, PMD_SIZE));
	if (DECIDE("thp_get_unmapped_area.aligned", ret, V(ret)))
		RETURN(ret);
	RETURN(mm_get_unmapped_area(mm, filp, addr, len, pgoff, flags));
}

/*
 * get_area_6x: which search __get_unmapped_area asks on 6.13 - 6.18: the
 * file's own hook, shmem's, the huge-page alignment of a large anonymous
 * mapping, or the layout's search. Returns the address or -errno.
 */
unsigned long
get_area_6x(struct mm *mm, struct vfile *file, unsigned long addr,
    unsigned long len, unsigned long pgoff, unsigned long flags)
{
	TRACE_FUNC(get_area_6x, mm, V(addr), V(len), V(pgoff), V(flags));

	/* ext4, xfs, ...: f_op->get_unmapped_area is thp_get_unmapped_area. */
	if (DECIDE("get_area_6x.file_thp", file != NULL && file->fs_kind != VFS_PLAIN && file->fs_kind != VFS_SHMEM, VN("file", file != NULL)))
		RETURN(thp_get_unmapped_area(mm, file, addr, len, pgoff, flags));

	/*
	 * tmpfs files and shared anonymous memory: shmem_get_unmapped_area,
	 * which with shmem_enabled "never" keeps the layout's answer.
	 */
	if (DECIDE("get_area_6x.shmem", (file != NULL && file->fs_kind == VFS_SHMEM) || (file == NULL && (flags & MAP_SHARED)), V(flags)))
		RETURN(mm_get_unmapped_area(mm, file, addr, len, pgoff, flags));

	/* Always treat pgoff as zero for anonymous memory. */
	SET(pgoff, file == NULL ? 0 : pgoff);

	/* Ensures that larger anonymous mappings are THP aligned. */
	if (DECIDE("get_area_6x.anon_thp", file == NULL && addr == 0 && (len & (PMD_SIZE - 1)) == 0, V(addr), V(len)))
		RETURN(thp_get_unmapped_area(mm, file, addr, len, pgoff, flags));

	/*
	 * The layout's search. 6.x walks a maple tree where 4.14 walks the
	 * augmented rbtree; this profile keeps the rbtree, since both find
	 * the same first fitting gap.
	 */
	RETURN(mm_get_unmapped_area(mm, file, addr, len, pgoff, flags));
}

/*
 * mprotect_unaccount_6x: the flags mprotect_fixup gives a VMA that loses
 * write on 6.x: without VM_ACCOUNT when it is anonymous and unfaulted.
 */
unsigned long
mprotect_unaccount_6x(struct mm *mm, struct vma *vma, unsigned long oldflags,
    unsigned long newflags)
{
	TRACE_FUNC(mprotect_unaccount_6x, mm, V(oldflags), V(newflags));

	/* No anon_vma: the engine never faults a page in. */
	if (DECIDE("mprotect_unaccount_6x.unaccount", (oldflags & VM_ACCOUNT) && vma->vm_file == NULL, V(oldflags), VN("file", vma->vm_file != NULL)))
		RETURN(newflags & ~VM_ACCOUNT);
	RETURN(newflags);
}
