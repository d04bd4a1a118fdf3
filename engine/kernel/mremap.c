/*
 * mremap.c - how mremap() grows, shrinks and moves a mapping: the Linux
 * 4.14 mm/mremap.c path, statement by statement.
 *
 *   sys_mremap -> MREMAP_FIXED:  mremap_to -> do_munmap of the target,
 *                                vma_to_resize, move_vma
 *              -> shrinking:     do_munmap of the tail
 *              -> growing:       vma_to_resize, then in place
 *                                (vma_expandable, vma_adjust), or with
 *                                MREMAP_MAYMOVE get_unmapped_area, move_vma
 *   move_vma   -> copy_vma (vma.c: vma_merge or a new VMA at the target)
 *              -> do_munmap of the old range
 *
 *     grow in place:    AAAA....BB    ->  AAAAAAA.BB
 *     move (MAYMOVE):   AAAABB......  ->  ....BBAAAAAA   (B is in the way)
 *
 * Every function here is instrumented in full (instrument.h); their
 * listings are generated from this file.
 *
 * What the model leaves out, because it cannot change a VMA or a result
 * here: the page tables (move_page_tables moves the PTEs; it cannot fail
 * without them, so move_vma's path that moves them back is not here),
 * hugetlbfs (no VMA is VM_HUGETLB), KSM, userfaultfd, the vm_ops->mremap
 * hook of special files, and the commit charge (security_vm_enough_memory
 * always agrees, so `charged` and vm_unacct_memory have nothing to count).
 * No anonymous page was ever touched, so no VMA has an anon_vma: copy_vma
 * always gives a private anonymous destination the page offset of its new
 * address, as 4.14 does for a VMA that never faulted.
 */
#include "instrument.h"
#include "mm.h"

/*
 * move_vma: move [old_addr, old_addr+old_len) of `vma` to a new mapping of
 * new_len bytes at new_addr, which is free (checked by the caller). Sets
 * *locked for VM_LOCKED memory. Returns new_addr, or -ENOMEM (too close to
 * max_map_count, or out of memory).
 */
static unsigned long
move_vma(struct mm *mm, struct vma *vma, unsigned long old_addr,
    unsigned long old_len, unsigned long new_len, unsigned long new_addr,
    bool *locked)
{
	TRACE_FUNC(move_vma, mm, V(old_addr), V(old_len), V(new_len), V(new_addr));
	struct vma *new_vma;
	unsigned long vm_flags, new_pgoff, excess;
	bool split;

	SET(vm_flags, vma->vm_flags);
	SET(excess, 0);
	SET(split, false);

	/*
	 * We'd prefer to avoid failure later on in do_munmap: which may
	 * split one vma into three before unmapping.
	 */
	if (DECIDE("move_vma.map_count", mm->map_count >= mm->max_map_count - 3, VN("map_count", mm->map_count), VN("max_map_count", mm->max_map_count)))
		RETURN(-ENOMEM);

	/* ksm_madvise(MADV_UNMERGEABLE): the model has no KSM pages. */

	SET(new_pgoff, vma->vm_pgoff + ((old_addr - vma->vm_start) >> PAGE_SHIFT));
	SET(new_vma, copy_vma(&vma, new_addr, new_len, new_pgoff));
	if (DECIDE("move_vma.no_copy", !new_vma, V(new_len)))
		RETURN(-ENOMEM);

	/* move_page_tables: no page tables in the model, nothing can fail. */

	/* Conceal VM_ACCOUNT so old reservation is not undone */
	if (DECIDE("move_vma.accounted", vm_flags & VM_ACCOUNT, V(vm_flags))) {
		SET(vma->vm_flags, vma->vm_flags & ~VM_ACCOUNT);
		SET(excess, vma->vm_end - vma->vm_start - old_len);
		if (DECIDE("move_vma.hole_in_middle", old_addr > vma->vm_start && old_addr + old_len < vma->vm_end, V(old_addr), VN("vma->vm_start", vma->vm_start), VN("vma->vm_end", vma->vm_end)))
			SET(split, true);
	}

	/*
	 * total_vm grows by new_len for a moment: do_munmap takes old_len
	 * back off.
	 */
	DO(vm_stat_account(mm, vma->vm_flags, (long)(new_len >> PAGE_SHIFT)));

	if (DECIDE("move_vma.munmap_failed", do_munmap(mm, old_addr, old_len) < 0, V(old_addr), V(old_len))) {
		/* OOM: unable to split vma, just get accounts right */
		SET(excess, 0);
	}

	/* Restore VM_ACCOUNT if one or two pieces of vma left */
	if (DECIDE("move_vma.pieces_left", excess, V(excess))) {
		SET(vma->vm_flags, vma->vm_flags | VM_ACCOUNT);
		if (DECIDE("move_vma.two_pieces", split, V(split)))
			SET(vma->vm_next->vm_flags, vma->vm_next->vm_flags | VM_ACCOUNT);
	}

	if (DECIDE("move_vma.locked", vm_flags & VM_LOCKED, V(vm_flags))) {
		SET(mm->locked_vm, mm->locked_vm + (new_len >> PAGE_SHIFT));
		DO(*locked = true);
	}

	RETURN(new_addr);
}

/*
 * vma_to_resize: the VMA that [addr, addr+old_len) lies in, if it may
 * grow to new_len bytes. 4.14 returns the VMA or an ERR_PTR; here the VMA
 * goes to *vmap and the result is 0 or -errno (so that a trace shows the
 * VMA by its address): -EFAULT (not all inside one VMA, or a VMA that may
 * not grow), -EINVAL (duplicating private memory), -EAGAIN
 * (RLIMIT_MEMLOCK), -ENOMEM (RLIMIT_AS or RLIMIT_DATA).
 */
static long
vma_to_resize(struct mm *mm, unsigned long addr, unsigned long old_len,
    unsigned long new_len, struct vma **vmap)
{
	TRACE_FUNC(vma_to_resize, mm, V(addr), V(old_len), V(new_len));
	struct vma *vma;
	unsigned long pgoff, locked, lock_limit;

	SET(vma, find_vma(mm, addr));
	if (DECIDE("vma_to_resize.not_mapped", !vma || vma->vm_start > addr, V(addr), VN("vma->vm_start", vma ? vma->vm_start : 0)))
		RETURN(-EFAULT);

	/*
	 * !old_len is a special case where an attempt is made to 'duplicate'
	 * a mapping. This makes no sense for private mappings as it will
	 * instead create a fresh/new mapping unrelated to the original.
	 */
	if (DECIDE("vma_to_resize.duplicate_private", !old_len && !(vma->vm_flags & (VM_SHARED | VM_MAYSHARE)), V(old_len), VN("vma->vm_flags", vma->vm_flags)))
		RETURN(-EINVAL);

	/* is_vm_hugetlb_page(vma): no hugetlbfs in the model. */

	/* We can't remap across vm area boundaries */
	if (DECIDE("vma_to_resize.past_end", old_len > vma->vm_end - addr, V(old_len), VN("vma->vm_end - addr", vma->vm_end - addr)))
		RETURN(-EFAULT);

	DO(*vmap = vma);
	if (DECIDE("vma_to_resize.same_len", new_len == old_len, V(new_len), V(old_len)))
		RETURN(0);

	/* Need to be careful about a growing mapping */
	SET(pgoff, (addr - vma->vm_start) >> PAGE_SHIFT);
	SET(pgoff, pgoff + vma->vm_pgoff);
	if (DECIDE("vma_to_resize.pgoff_overflow", pgoff + (new_len >> PAGE_SHIFT) < pgoff, V(pgoff), V(new_len)))
		RETURN(-EINVAL);

	if (DECIDE("vma_to_resize.dontexpand", vma->vm_flags & (VM_DONTEXPAND | VM_PFNMAP), VN("vma->vm_flags", vma->vm_flags)))
		RETURN(-EFAULT);

	if (DECIDE("vma_to_resize.locked", vma->vm_flags & VM_LOCKED, VN("vma->vm_flags", vma->vm_flags))) {
		SET(locked, mm->locked_vm << PAGE_SHIFT);
		SET(lock_limit, mm->rlim[VM_RLIMIT_MEMLOCK].cur);
		SET(locked, locked + new_len - old_len);
		if (DECIDE("vma_to_resize.mlock_limit", locked > lock_limit && !mm->cap_ipc_lock, V(locked), V(lock_limit)))
			RETURN(-EAGAIN);
	}

	if (DECIDE("vma_to_resize.may_expand_vm", !may_expand_vm(mm, vma->vm_flags, (new_len - old_len) >> PAGE_SHIFT), VN("npages", (new_len - old_len) >> PAGE_SHIFT)))
		RETURN(-ENOMEM);

	/* VM_ACCOUNT: security_vm_enough_memory_mm agrees; no charge to keep. */
	RETURN(0);
}

/*
 * mremap_to: MREMAP_FIXED. Unmap whatever is at [new_addr, new_addr +
 * new_len), shrink the old range first if it is longer, then move it
 * there. Returns new_addr or -errno (-EINVAL for a bad or overlapping
 * target, else what do_munmap, vma_to_resize, get_unmapped_area or
 * move_vma said).
 */
static unsigned long
mremap_to(struct mm *mm, unsigned long addr, unsigned long old_len,
    unsigned long new_addr, unsigned long new_len, bool *locked)
{
	TRACE_FUNC(mremap_to, mm, V(addr), V(old_len), V(new_addr), V(new_len));
	struct vma *vma;
	unsigned long ret, map_flags;
	long err;

	SET(ret, -EINVAL);
	if (DECIDE("mremap_to.unaligned", offset_in_page(new_addr), V(new_addr)))
		GOTO(out);

	if (DECIDE("mremap_to.too_high", new_len > mm->task_size || new_addr > mm->task_size - new_len, V(new_addr), V(new_len), VN("TASK_SIZE", mm->task_size)))
		GOTO(out);

	/* Ensure the old/new locations do not overlap */
	if (DECIDE("mremap_to.overlap", addr + old_len > new_addr && new_addr + new_len > addr, V(addr), V(old_len), V(new_addr), V(new_len)))
		GOTO(out);

	SET(ret, (unsigned long)(long)do_munmap(mm, new_addr, new_len));
	if (DECIDE("mremap_to.unmap_target_failed", ret, V(ret)))
		GOTO(out);

	if (DECIDE("mremap_to.shrink", old_len >= new_len, V(old_len), V(new_len))) {
		SET(ret, (unsigned long)(long)do_munmap(mm, addr + new_len, old_len - new_len));
		if (DECIDE("mremap_to.shrink_failed", ret && old_len != new_len, V(ret)))
			GOTO(out);
		SET(old_len, new_len);
	}

	SET(err, vma_to_resize(mm, addr, old_len, new_len, &vma));
	if (DECIDE("mremap_to.resize_refused", err, V(err))) {
		SET(ret, (unsigned long)err);
		GOTO(out);
	}

	SET(map_flags, MAP_FIXED);
	if (DECIDE("mremap_to.mayshare", vma->vm_flags & VM_MAYSHARE, VN("vma->vm_flags", vma->vm_flags)))
		SET(map_flags, map_flags | MAP_SHARED);

	SET(ret, get_unmapped_area(mm, vma->vm_file, new_addr, new_len, vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT), map_flags));
	if (DECIDE("mremap_to.no_area", offset_in_page(ret), V(ret)))
		GOTO(out);

	SET(ret, move_vma(mm, vma, addr, old_len, new_len, new_addr, locked));
	/* out1: vm_unacct_memory(charged) on failure; no charge in the model. */
out:
	RETURN(ret);
}

/*
 * vma_expandable: may `vma` grow by delta bytes where it is? Not if the
 * end wraps, the next VMA starts below the new end, or the address space
 * refuses the range (get_unmapped_area with MAP_FIXED). Returns 1 or 0.
 */
static int
vma_expandable(struct mm *mm, struct vma *vma, unsigned long delta)
{
	TRACE_FUNC(vma_expandable, mm, VN("vma", vma), V(delta));
	unsigned long end;

	SET(end, vma->vm_end + delta);
	if (DECIDE("vma_expandable.overflow", end < vma->vm_end, V(end), VN("vma->vm_end", vma->vm_end)))	/* overflow */
		RETURN(0);
	if (DECIDE("vma_expandable.next_in_the_way", vma->vm_next && vma->vm_next->vm_start < end, VN("vma->vm_next->vm_start", vma->vm_next ? vma->vm_next->vm_start : 0), V(end)))	/* intersection */
		RETURN(0);
	if (DECIDE("vma_expandable.no_area", get_unmapped_area(mm, NULL, vma->vm_start, end - vma->vm_start, 0, MAP_FIXED) & ~PAGE_MASK, VN("vma->vm_start", vma->vm_start), V(end)))
		RETURN(0);
	RETURN(1);
}

/*
 * sys_mremap: expand (or shrink) an existing mapping, potentially moving
 * it at the same time (MREMAP_MAYMOVE), or to new_addr (MREMAP_FIXED,
 * which needs MREMAP_MAYMOVE). See mm.h for the failure contract.
 */
unsigned long
sys_mremap(struct mm *mm, unsigned long addr, unsigned long old_len,
    unsigned long new_len, unsigned long flags, unsigned long new_addr)
{
	TRACE_FUNC(sys_mremap, mm, V(addr), V(old_len), V(new_len), V(flags), V(new_addr));
	struct vma *vma;
	unsigned long ret, map_flags;
	long err, pages;
	bool locked;

	SET(ret, -EINVAL);
	SET(locked, false);
	if (DECIDE("sys_mremap.bad_flags", flags & ~(unsigned long)(MREMAP_FIXED | MREMAP_MAYMOVE), V(flags)))
		RETURN(ret);

	if (DECIDE("sys_mremap.fixed_without_maymove", (flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE), V(flags)))
		RETURN(ret);

	if (DECIDE("sys_mremap.unaligned", offset_in_page(addr), V(addr)))
		RETURN(ret);

	SET(old_len, PAGE_ALIGN(old_len));
	SET(new_len, PAGE_ALIGN(new_len));

	/*
	 * We allow a zero old-len as a special case for DOS-emu "duplicate
	 * shm area" thing. But a zero new-len is nonsensical.
	 */
	if (DECIDE("sys_mremap.zero_new_len", !new_len, V(new_len)))
		RETURN(ret);

	if (DECIDE("sys_mremap.fixed", flags & MREMAP_FIXED, V(flags))) {
		SET(ret, mremap_to(mm, addr, old_len, new_addr, new_len, &locked));
		GOTO(out);
	}

	/*
	 * Always allow a shrinking remap: that just unmaps the unnecessary
	 * pages. do_munmap does all the needed commit accounting.
	 */
	if (DECIDE("sys_mremap.shrink", old_len >= new_len, V(old_len), V(new_len))) {
		SET(ret, (unsigned long)(long)do_munmap(mm, addr + new_len, old_len - new_len));
		if (DECIDE("sys_mremap.shrink_failed", ret && old_len != new_len, V(ret)))
			GOTO(out);
		SET(ret, addr);
		GOTO(out);
	}

	/* Ok, we need to grow.. */
	SET(err, vma_to_resize(mm, addr, old_len, new_len, &vma));
	if (DECIDE("sys_mremap.resize_refused", err, V(err))) {
		SET(ret, (unsigned long)err);
		GOTO(out);
	}

	/* old_len exactly to the end of the area.. */
	if (DECIDE("sys_mremap.to_vma_end", old_len == vma->vm_end - addr, V(old_len), VN("vma->vm_end - addr", vma->vm_end - addr))) {
		/* can we just expand the current mapping? */
		if (DECIDE("sys_mremap.expandable", vma_expandable(mm, vma, new_len - old_len), VN("delta", new_len - old_len))) {
			SET(pages, (long)((new_len - old_len) >> PAGE_SHIFT));

			if (DECIDE("sys_mremap.adjust_failed", vma_adjust(vma, vma->vm_start, addr + new_len, vma->vm_pgoff, NULL), VN("addr + new_len", addr + new_len))) {
				SET(ret, -ENOMEM);
				GOTO(out);
			}

			DO(vm_stat_account(mm, vma->vm_flags, pages));
			if (DECIDE("sys_mremap.grown_locked", vma->vm_flags & VM_LOCKED, VN("vma->vm_flags", vma->vm_flags))) {
				SET(mm->locked_vm, mm->locked_vm + (unsigned long)pages);
				SET(locked, true);
				SET(new_addr, addr);
			}
			SET(ret, addr);
			GOTO(out);
		}
	}

	/*
	 * We weren't able to just expand or shrink the area, we need to
	 * create a new one and move it..
	 */
	SET(ret, -ENOMEM);
	if (DECIDE("sys_mremap.maymove", flags & MREMAP_MAYMOVE, V(flags))) {
		SET(map_flags, 0);
		if (DECIDE("sys_mremap.mayshare", vma->vm_flags & VM_MAYSHARE, VN("vma->vm_flags", vma->vm_flags)))
			SET(map_flags, map_flags | MAP_SHARED);

		SET(new_addr, get_unmapped_area(mm, vma->vm_file, 0, new_len, vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT), map_flags));
		if (DECIDE("sys_mremap.no_area", offset_in_page(new_addr), V(new_addr))) {
			SET(ret, new_addr);
			GOTO(out);
		}

		SET(ret, move_vma(mm, vma, addr, old_len, new_len, new_addr, &locked));
	}
out:
	if (DECIDE("sys_mremap.failed", offset_in_page(ret), V(ret))) {
		/* vm_unacct_memory(charged): no charge in the model. */
		SET(locked, false);
	}
	if (DECIDE("sys_mremap.populate", locked && new_len > old_len, V(locked), V(old_len), V(new_len)))
		DO(mm_populate(mm, new_addr + old_len, new_len - old_len));
	RETURN(ret);
}
