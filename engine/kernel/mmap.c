/*
 * mmap.c - how brk() and mmap() find, claim and give back virtual memory:
 * the Linux 4.14 mm/mmap.c path, statement by statement.
 *
 *   sys_brk -> do_brk -> do_brk_flags -> get_unmapped_area(MAP_FIXED)
 *   sys_mmap -> do_mmap -> get_unmapped_area -> mm->get_unmapped_area
 *            (arch_get_unmapped_area[_topdown], arch.c)
 *            -> vm_unmapped_area -> unmapped_area[_topdown]
 *            -> mmap_region -> vma_merge / vma_link
 *
 * sys_brk, do_brk_flags, unmapped_area and unmapped_area_topdown are
 * instrumented in full: every line is a step, every decision an event (see
 * instrument.h). Their numbered listings are generated from this file.
 * Where 4.14 differs from the older listings of the course readings
 * (4.0's do_brk with its munmap_back: loop), this file follows 4.14 and the
 * decision's explanation says so.
 */
#include <stdlib.h>

#include "instrument.h"
#include "mm.h"

/*
 * rb_vma_start(rb), the start of the VMA at a tree node for traces (0 for
 * no node), is kernel/mm.h's, beside rb_vma: the engine and the labs' code
 * share them. (This comment keeps the lines below where the listings and
 * the traces expect them.)
 */

/* ---- brk -------------------------------------------------------------- */

/*
 * check_data_rlimit: would a break at `new` make the data segment (the
 * heap from `start` plus the initialised data) larger than `rlim`?
 * Returns -ENOSPC if so, else 0.
 */
int
check_data_rlimit(unsigned long rlim, unsigned long new, unsigned long start,
    unsigned long end_data, unsigned long start_data)
{
	if (rlim < RLIM_INFINITY) {
		if (((new - start) + (end_data - start_data)) > rlim)
			return -ENOSPC;
	}
	return 0;
}

/*
 * sys_brk: move the program break to `brk`. Grows the heap with do_brk,
 * shrinks it with do_munmap. Returns the new break on success and the old
 * one on any failure: brk() reports errors only by not moving.
 */
unsigned long
sys_brk(struct mm *mm, unsigned long brk)
{
	TRACE_FUNC(sys_brk, mm, V(brk));
	unsigned long retval;
	unsigned long newbrk, oldbrk;
	struct vma *next;
	unsigned long min_brk;
	bool populate;

	/* With CONFIG_COMPAT_BRK an unrandomized heap may begin at end_data. */
	if (DECIDE("sys_brk.compat_brk", mm->compat_brk && !mm->brk_randomized, VN("compat_brk", mm->compat_brk), VN("brk_randomized", mm->brk_randomized)))
		SET(min_brk, mm->end_data);
	else
		SET(min_brk, mm->start_brk);
	if (DECIDE("sys_brk.below_min_brk", brk < min_brk, V(brk), V(min_brk)))
		GOTO(out);

	/*
	 * Check against rlimit here. If this check is done later after the
	 * test of oldbrk with newbrk then it can escape the test and let the
	 * data segment grow beyond its set limit in the case where the limit
	 * is not page aligned.
	 */
	if (DECIDE("sys_brk.rlimit_data", check_data_rlimit(mm->rlim[VM_RLIMIT_DATA].cur, brk, mm->start_brk, mm->end_data, mm->start_data), VN("rlimit(RLIMIT_DATA)", mm->rlim[VM_RLIMIT_DATA].cur), VN("brk - start_brk", brk - mm->start_brk), VN("end_data - start_data", mm->end_data - mm->start_data)))
		GOTO(out);

	SET(newbrk, PAGE_ALIGN(brk));
	SET(oldbrk, PAGE_ALIGN(mm->brk));
	if (DECIDE("sys_brk.same_page", oldbrk == newbrk, V(oldbrk), V(newbrk)))
		GOTO(set_brk);

	/* Always allow shrinking brk. */
	if (DECIDE("sys_brk.shrink", brk <= mm->brk, V(brk), VN("mm->brk", mm->brk))) {
		if (DECIDE("sys_brk.munmap_ok", !do_munmap(mm, newbrk, oldbrk - newbrk), V(newbrk), V(oldbrk)))
			GOTO(set_brk);
		GOTO(out);
	}

	/* Check against existing mmap mappings. */
	SET(next, find_vma(mm, oldbrk));
	if (DECIDE("sys_brk.next_too_close", next && newbrk + PAGE_SIZE > vm_start_gap(next), VN("newbrk + PAGE_SIZE", newbrk + PAGE_SIZE), VN("vm_start_gap(next)", next ? vm_start_gap(next) : 0)))
		GOTO(out);

	/* Ok, looks good - let it rip. */
	if (DECIDE("sys_brk.do_brk_failed", do_brk(mm, oldbrk, newbrk - oldbrk) < 0, V(oldbrk), VN("newbrk - oldbrk", newbrk - oldbrk)))
		GOTO(out);

set_brk:
	SET(mm->brk, brk);
	SET(populate, newbrk > oldbrk && (mm->def_flags & VM_LOCKED) != 0);
	if (DECIDE("sys_brk.populate", populate, V(populate)))
		DO(mm_populate(mm, oldbrk, newbrk - oldbrk));
	RETURN(brk);

out:
	SET(retval, mm->brk);
	RETURN(retval);
}

/*
 * do_brk_flags: map [addr, addr+request) as anonymous heap memory, by
 * growing the VMA below when it can. A simplified do_mmap for the heap.
 * Returns 0, or -ENOMEM, -EINVAL, -EAGAIN.
 */
int
do_brk_flags(struct mm *mm, unsigned long addr, unsigned long request, unsigned long flags)
{
	TRACE_FUNC(do_brk_flags, mm, V(addr), V(request), V(flags));
	struct vma *vma, *prev;
	unsigned long len, pgoff;
	struct rb_node **rb_link, *rb_parent;
	unsigned long error;

	SET(pgoff, addr >> PAGE_SHIFT);
	SET(len, PAGE_ALIGN(request));
	if (DECIDE("do_brk.overflow", len < request, V(len), V(request)))
		RETURN(-ENOMEM);
	if (DECIDE("do_brk.zero_len", !len, V(len)))
		RETURN(0);

	/* Until we need other flags, refuse anything except VM_EXEC. */
	if (DECIDE("do_brk.bad_flags", (flags & (~VM_EXEC)) != 0, V(flags)))
		RETURN(-EINVAL);
	SET(flags, flags | VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT | mm->def_flags);

	SET(error, get_unmapped_area(mm, NULL, addr, len, 0, MAP_FIXED));
	if (DECIDE("do_brk.no_area", offset_in_page(error), V(error)))
		RETURN((int)error);

	SET(error, mlock_future_check(mm, mm->def_flags, len));
	if (DECIDE("do_brk.mlock_limit", error, V(error)))
		RETURN((int)error);

	/* Clear old maps.  this also does some error checking for us */
	while (DECIDE("do_brk.overlap", find_vma_links(mm, addr, addr + len, &prev, &rb_link, &rb_parent), V(addr), VN("addr + len", addr + len))) {
		if (DECIDE("do_brk.munmap_failed", do_munmap(mm, addr, len), V(addr), V(len)))
			RETURN(-ENOMEM);
	}

	/* Check against address space limits *after* clearing old maps... */
	if (DECIDE("do_brk.may_expand_vm", !may_expand_vm(mm, flags, len >> PAGE_SHIFT), VN("npages", len >> PAGE_SHIFT), VN("total_vm", mm->total_vm), VN("data_vm", mm->data_vm)))
		RETURN(-ENOMEM);

	if (DECIDE("do_brk.map_count", mm->map_count > mm->max_map_count, VN("map_count", mm->map_count), VN("max_map_count", mm->max_map_count)))
		RETURN(-ENOMEM);

	/* security_vm_enough_memory_mm: the overcommit heuristic always agrees here. */

	/* Can we just expand an old private anonymous mapping? */
	SET(vma, vma_merge(mm, prev, addr, addr + len, flags, NULL, pgoff));
	if (DECIDE("do_brk.merged", vma, V(vma)))
		GOTO(out);

	/* create a vma struct for an anonymous mapping */
	DO(vma = kmem_cache_zalloc(vm_area_cachep, GFP_KERNEL));
	if (DECIDE("do_brk.no_memory", !vma, V(len)))
		RETURN(-ENOMEM);

	DO(vma->vm_mm = mm);
	SET(vma->vm_start, addr);
	SET(vma->vm_end, addr + len);
	SET(vma->vm_pgoff, pgoff);
	SET(vma->vm_flags, flags);
	SET(vma->vm_page_prot, vm_get_page_prot(flags));
	DO(vma_link(mm, vma, prev, rb_link, rb_parent));
out:
	SET(mm->total_vm, mm->total_vm + (len >> PAGE_SHIFT));
	SET(mm->data_vm, mm->data_vm + (len >> PAGE_SHIFT));
	if (DECIDE("do_brk.locked", flags & VM_LOCKED, V(flags)))
		SET(mm->locked_vm, mm->locked_vm + (len >> PAGE_SHIFT));
	SET(vma->vm_flags, vma->vm_flags | VM_SOFTDIRTY);
	RETURN(0);
}

unsigned long
mm_sys_brk(struct mm *mm, unsigned long brk)
{
	if (mm->hooks != NULL && mm->hooks->sys_brk != NULL)
		return mm->hooks->sys_brk(mm, brk);
	return sys_brk(mm, brk);
}

/*
 * do_brk: do_brk_flags with no extra flags, the wrapper 4.14 keeps for
 * sys_brk. (The Korean reading's do_brk, from 4.0, held the code itself:
 * 4.14 moved it into do_brk_flags so that vm_brk_flags could pass
 * VM_EXEC.)
 */
int
do_brk(struct mm *mm, unsigned long addr, unsigned long len)
{
	TRACE_FUNC(do_brk, mm, V(addr), V(len));

	STEP; RETURN(do_brk_flags(mm, addr, len, 0));
}

/* ---- limits ----------------------------------------------------------- */

/*
 * may_expand_vm: may the mm map `npages` more pages with these flags?
 * RLIMIT_AS caps total_vm; RLIMIT_DATA caps data_vm for private writable
 * mappings (since 4.7), with Valgrind's exception for a zero soft limit.
 * Returns true or false.
 */
bool
may_expand_vm(struct mm *mm, unsigned long flags, unsigned long npages)
{
	TRACE_FUNC(may_expand_vm, mm, V(flags), V(npages));

	if (DECIDE("may_expand_vm.rlimit_as", mm->total_vm + npages > mm->rlim[VM_RLIMIT_AS].cur >> PAGE_SHIFT, VN("total_vm", mm->total_vm), V(npages), VN("rlimit(RLIMIT_AS) >> PAGE_SHIFT", mm->rlim[VM_RLIMIT_AS].cur >> PAGE_SHIFT)))
		RETURN(false);

	if (DECIDE("may_expand_vm.rlimit_data", (flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE && mm->data_vm + npages > mm->rlim[VM_RLIMIT_DATA].cur >> PAGE_SHIFT, VN("data_vm", mm->data_vm), V(npages), VN("rlimit(RLIMIT_DATA) >> PAGE_SHIFT", mm->rlim[VM_RLIMIT_DATA].cur >> PAGE_SHIFT))) {
		/* Workaround for Valgrind */
		if (DECIDE("may_expand_vm.valgrind", mm->rlim[VM_RLIMIT_DATA].cur == 0 && mm->data_vm + npages <= mm->rlim[VM_RLIMIT_DATA].max >> PAGE_SHIFT, VN("rlimit(RLIMIT_DATA)", mm->rlim[VM_RLIMIT_DATA].cur)))
			RETURN(true);
		RETURN(false);
	}
	RETURN(true);
}

/*
 * mlock_future_check: a VM_LOCKED mapping of len bytes may not push the
 * locked pages over RLIMIT_MEMLOCK, unless the task has CAP_IPC_LOCK.
 * Returns 0 or -EAGAIN.
 */
int
mlock_future_check(struct mm *mm, unsigned long flags, unsigned long len)
{
	TRACE_FUNC(mlock_future_check, mm, V(flags), V(len));
	unsigned long locked, lock_limit;

	/*  mlock MCL_FUTURE? */
	if (flags & VM_LOCKED) {
		locked = len >> PAGE_SHIFT;
		locked += mm->locked_vm;
		lock_limit = mm->rlim[VM_RLIMIT_MEMLOCK].cur;
		lock_limit >>= PAGE_SHIFT;
		if (DECIDE("mlock_future_check.over", locked > lock_limit && !mm->cap_ipc_lock, V(locked), V(lock_limit)))
			RETURN(-EAGAIN);
	}
	RETURN(0);
}

/*
 * mm_populate: fault in (and, for VM_LOCKED, lock) the pages of
 * [addr, addr+len). The model has no pages: it counts them in
 * mm->populated, VMA by VMA, skipping VM_IO and VM_PFNMAP ones, as
 * __mm_populate walks them. Errors are ignored, as mm_populate does.
 * Returns the number of pages counted.
 */
int
mm_populate(struct mm *mm, unsigned long start, unsigned long len)
{
	TRACE_FUNC(mm_populate, mm, V(start), V(len));
	unsigned long end, nstart, nend;
	struct vma *vma = NULL;
	unsigned long pages = 0;

	end = start + len;
	for (nstart = start; nstart < end; nstart = nend) {
		/* Find the first VMA of [nstart; end). */
		if (!vma)
			vma = find_vma(mm, nstart);
		else if (nstart >= vma->vm_end)
			vma = vma->vm_next;
		if (!vma || vma->vm_start >= end)
			break;
		nend = end < vma->vm_end ? end : vma->vm_end;
		if (vma->vm_flags & (VM_IO | VM_PFNMAP))
			continue;
		if (nstart < vma->vm_start)
			nstart = vma->vm_start;
		pages += (nend - nstart) >> PAGE_SHIFT;
	}
	mm->populated += pages;
	RETURN((int)pages);
}

/* ---- finding free space ----------------------------------------------- */

/*
 * get_unmapped_area: choose where a mapping of len bytes goes (for
 * MAP_FIXED, check the given address). Asks the architecture's hook, then
 * checks what it answered. Returns a page-aligned address or -errno.
 */
unsigned long
get_unmapped_area(struct mm *mm, struct vfile *file, unsigned long addr,
    unsigned long len, unsigned long pgoff, unsigned long flags)
{
	TRACE_FUNC(get_unmapped_area, mm, V(addr), V(len), V(pgoff), V(flags));
	unsigned long error;

	SET(error, mm->arch->mmap_check(mm, addr, len, flags));
	if (DECIDE("get_unmapped_area.arch_check", error, V(error)))
		RETURN(error);

	/* Careful about overflows.. */
	if (DECIDE("get_unmapped_area.too_long", len > mm->task_size, V(len), VN("TASK_SIZE", mm->task_size)))
		RETURN(-ENOMEM);

	/*
	 * A shared anonymous mapping becomes a shmem file: shmem's hook
	 * (without huge pages) asks mm->get_unmapped_area with pgoff 0.
	 */
	if (DECIDE("get_unmapped_area.shared_anon", !file && (flags & MAP_SHARED), V(flags)))
		SET(pgoff, 0);
	SET(addr, mm->get_unmapped_area(mm, file, addr, len, pgoff, flags));
	if (DECIDE("get_unmapped_area.hook_failed", IS_ERR_VALUE(addr), V(addr)))
		RETURN(addr);

	if (DECIDE("get_unmapped_area.above_task_size", addr > mm->task_size - len, V(addr), VN("TASK_SIZE - len", mm->task_size - len)))
		RETURN(-ENOMEM);
	if (DECIDE("get_unmapped_area.unaligned", offset_in_page(addr), V(addr)))
		RETURN(-EINVAL);

	/* security_mmap_addr: below vm.mmap_min_addr only with CAP_SYS_RAWIO */
	if (DECIDE("get_unmapped_area.below_mmap_min_addr", addr < mm->mmap_min_addr && !mm->cap_sys_rawio, V(addr), VN("mmap_min_addr", mm->mmap_min_addr)))
		RETURN(-EPERM);
	RETURN(addr);
}

typedef unsigned long (*search_fn)(struct mm *,
    const struct vm_unmapped_area_info *);

/* unmapped_area, or the lab's replacement of it. */
static search_fn
bottomup_search(const struct mm *mm)
{
	if (mm->hooks != NULL && mm->hooks->unmapped_area != NULL)
		return mm->hooks->unmapped_area;
	return unmapped_area;
}

/* unmapped_area_topdown, or the lab's replacement of it. */
static search_fn
topdown_search(const struct mm *mm)
{
	if (mm->hooks != NULL && mm->hooks->unmapped_area_topdown != NULL)
		return mm->hooks->unmapped_area_topdown;
	return unmapped_area_topdown;
}

/*
 * vm_unmapped_area: search for an unmapped range that
 *  - does not intersect any VMA,
 *  - lies within [low_limit, high_limit),
 *  - is at least `length` long,
 *  - starts at an address a with (a & align_mask) == (align_offset & align_mask).
 * Bottom-up returns the lowest such range, top-down the highest.
 */
unsigned long
vm_unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	TRACE_FUNC(vm_unmapped_area, mm, VN("length", info->length), VN("low_limit", info->low_limit), VN("high_limit", info->high_limit), VN("align_mask", info->align_mask));

	if (DECIDE("vm_unmapped_area.bottomup", !(info->flags & VM_UNMAPPED_AREA_TOPDOWN), VN("flags", info->flags)))
		RETURN(bottomup_search(mm)(mm, info));
	else
		RETURN(topdown_search(mm)(mm, info));
}

/*
 * unmapped_area: the lowest fit. We look for a tree node that immediately
 * follows a suitable gap. That is,
 *  - gap_start = vm_end_gap(vma->vm_prev) <= info->high_limit - length;
 *  - gap_end   = vm_start_gap(vma)        >= info->low_limit  + length;
 *  - gap_end - gap_start >= length
 * The walk goes left whenever the left subtree's rb_subtree_gap promises
 * a gap that is long enough: the lowest fit is there if anywhere. Returns
 * the address or -ENOMEM.
 */
unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	TRACE_FUNC(unmapped_area, mm, VN("length", info->length), VN("low_limit", info->low_limit), VN("high_limit", info->high_limit));
	struct vma *vma;
	unsigned long length, low_limit, high_limit, gap_start, gap_end;

	/* Adjust search length to account for worst case alignment overhead */
	SET(length, info->length + info->align_mask);
	if (DECIDE("unmapped_area.length_overflow", length < info->length, V(length), VN("info->length", info->length)))
		RETURN(-ENOMEM);

	/* Adjust search limits by the desired length */
	if (DECIDE("unmapped_area.high_below_length", info->high_limit < length, VN("info->high_limit", info->high_limit), V(length)))
		RETURN(-ENOMEM);
	SET(high_limit, info->high_limit - length);

	if (DECIDE("unmapped_area.low_above_high", info->low_limit > high_limit, VN("info->low_limit", info->low_limit), V(high_limit)))
		RETURN(-ENOMEM);
	SET(low_limit, info->low_limit + length);

	/* Check if rbtree root looks promising */
	if (DECIDE("unmapped_area.empty_tree", RB_EMPTY_ROOT(&mm->mm_rb), VN("map_count", mm->map_count)))
		GOTO(check_highest);
	SET(vma, rb_entry(mm->mm_rb.rb_node, struct vma, vm_rb));
	if (DECIDE("unmapped_area.root_gap_small", vma->rb_subtree_gap < length, VN("vma->rb_subtree_gap", vma->rb_subtree_gap), V(length)))
		GOTO(check_highest);

	while (true) {
		/* Visit left subtree if it looks promising */
		SET(gap_end, vm_start_gap(vma));
		if (DECIDE("unmapped_area.left_possible", gap_end >= low_limit && vma->vm_rb.rb_left, V(gap_end), V(low_limit), VN("vma->vm_rb.rb_left", rb_vma_start(vma->vm_rb.rb_left)))) {
			STEP; struct vma *left = rb_entry(vma->vm_rb.rb_left, struct vma, vm_rb);
			if (DECIDE("unmapped_area.go_left", left->rb_subtree_gap >= length, VN("left->rb_subtree_gap", left->rb_subtree_gap), V(length))) {
				SET(vma, left);
				STEP; continue;
			}
		}

		SET(gap_start, vma->vm_prev ? vm_end_gap(vma->vm_prev) : 0);
check_current:
		/* Check if current node has a suitable gap */
		if (DECIDE("unmapped_area.past_high_limit", gap_start > high_limit, V(gap_start), V(high_limit)))
			RETURN(-ENOMEM);
		if (DECIDE("unmapped_area.gap_fits", gap_end >= low_limit && gap_end > gap_start && gap_end - gap_start >= length, V(gap_start), V(gap_end), V(low_limit), V(length)))
			GOTO(found);

		/* Visit right subtree if it looks promising */
		if (DECIDE("unmapped_area.has_right", vma->vm_rb.rb_right, VN("vma->vm_rb.rb_right", rb_vma_start(vma->vm_rb.rb_right)))) {
			STEP; struct vma *right = rb_entry(vma->vm_rb.rb_right, struct vma, vm_rb);
			if (DECIDE("unmapped_area.go_right", right->rb_subtree_gap >= length, VN("right->rb_subtree_gap", right->rb_subtree_gap), V(length))) {
				SET(vma, right);
				STEP; continue;
			}
		}

		/* Go back up the rbtree to find next candidate node */
		while (true) {
			STEP; struct rb_node *prev = &vma->vm_rb;
			if (DECIDE("unmapped_area.at_root", !rb_parent(prev), VN("vma", vma)))
				GOTO(check_highest);
			SET(vma, rb_entry(rb_parent(prev), struct vma, vm_rb));
			if (DECIDE("unmapped_area.up_from_left", prev == vma->vm_rb.rb_left, VN("child", rb_vma_start(prev)), VN("vma", vma))) {
				SET(gap_start, vm_end_gap(vma->vm_prev));
				SET(gap_end, vm_start_gap(vma));
				GOTO(check_current);
			}
		}
	}

check_highest:
	/* Check highest gap, which does not precede any rbtree node */
	SET(gap_start, mm->highest_vm_end);
	SET(gap_end, -1UL);		/* Only for the checks below */
	if (DECIDE("unmapped_area.highest_past_limit", gap_start > high_limit, V(gap_start), V(high_limit)))
		RETURN(-ENOMEM);

found:
	/* We found a suitable gap. Clip it with the original low_limit. */
	if (DECIDE("unmapped_area.clip_low", gap_start < info->low_limit, V(gap_start), VN("info->low_limit", info->low_limit)))
		SET(gap_start, info->low_limit);

	/* Adjust gap address to the desired alignment */
	SET(gap_start, gap_start + ((info->align_offset - gap_start) & info->align_mask));

	RETURN(gap_start);
}

/*
 * unmapped_area_topdown: the highest fit, the mirror image of
 * unmapped_area: check the space above the last VMA first, then walk the
 * tree preferring right subtrees. Returns the address or -ENOMEM.
 */
unsigned long
unmapped_area_topdown(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	TRACE_FUNC(unmapped_area_topdown, mm, VN("length", info->length), VN("low_limit", info->low_limit), VN("high_limit", info->high_limit));
	struct vma *vma;
	unsigned long length, low_limit, high_limit, gap_start, gap_end;

	/* Adjust search length to account for worst case alignment overhead */
	SET(length, info->length + info->align_mask);
	if (DECIDE("unmapped_area_topdown.length_overflow", length < info->length, V(length), VN("info->length", info->length)))
		RETURN(-ENOMEM);

	/*
	 * Adjust search limits by the desired length.
	 * See implementation comment at top of unmapped_area().
	 */
	SET(gap_end, info->high_limit);
	if (DECIDE("unmapped_area_topdown.high_below_length", gap_end < length, V(gap_end), V(length)))
		RETURN(-ENOMEM);
	SET(high_limit, gap_end - length);

	if (DECIDE("unmapped_area_topdown.low_above_high", info->low_limit > high_limit, VN("info->low_limit", info->low_limit), V(high_limit)))
		RETURN(-ENOMEM);
	SET(low_limit, info->low_limit + length);

	/* Check highest gap, which does not precede any rbtree node */
	SET(gap_start, mm->highest_vm_end);
	if (DECIDE("unmapped_area_topdown.highest_fits", gap_start <= high_limit, V(gap_start), V(high_limit)))
		GOTO(found_highest);

	/* Check if rbtree root looks promising */
	if (DECIDE("unmapped_area_topdown.empty_tree", RB_EMPTY_ROOT(&mm->mm_rb), VN("map_count", mm->map_count)))
		RETURN(-ENOMEM);
	SET(vma, rb_entry(mm->mm_rb.rb_node, struct vma, vm_rb));
	if (DECIDE("unmapped_area_topdown.root_gap_small", vma->rb_subtree_gap < length, VN("vma->rb_subtree_gap", vma->rb_subtree_gap), V(length)))
		RETURN(-ENOMEM);

	while (true) {
		/* Visit right subtree if it looks promising */
		SET(gap_start, vma->vm_prev ? vm_end_gap(vma->vm_prev) : 0);
		if (DECIDE("unmapped_area_topdown.right_possible", gap_start <= high_limit && vma->vm_rb.rb_right, V(gap_start), V(high_limit), VN("vma->vm_rb.rb_right", rb_vma_start(vma->vm_rb.rb_right)))) {
			STEP; struct vma *right = rb_entry(vma->vm_rb.rb_right, struct vma, vm_rb);
			if (DECIDE("unmapped_area_topdown.go_right", right->rb_subtree_gap >= length, VN("right->rb_subtree_gap", right->rb_subtree_gap), V(length))) {
				SET(vma, right);
				STEP; continue;
			}
		}

check_current:
		/* Check if current node has a suitable gap */
		SET(gap_end, vm_start_gap(vma));
		if (DECIDE("unmapped_area_topdown.below_low_limit", gap_end < low_limit, V(gap_end), V(low_limit)))
			RETURN(-ENOMEM);
		if (DECIDE("unmapped_area_topdown.gap_fits", gap_start <= high_limit && gap_end > gap_start && gap_end - gap_start >= length, V(gap_start), V(gap_end), V(high_limit), V(length)))
			GOTO(found);

		/* Visit left subtree if it looks promising */
		if (DECIDE("unmapped_area_topdown.has_left", vma->vm_rb.rb_left, VN("vma->vm_rb.rb_left", rb_vma_start(vma->vm_rb.rb_left)))) {
			STEP; struct vma *left = rb_entry(vma->vm_rb.rb_left, struct vma, vm_rb);
			if (DECIDE("unmapped_area_topdown.go_left", left->rb_subtree_gap >= length, VN("left->rb_subtree_gap", left->rb_subtree_gap), V(length))) {
				SET(vma, left);
				STEP; continue;
			}
		}

		/* Go back up the rbtree to find next candidate node */
		while (true) {
			STEP; struct rb_node *prev = &vma->vm_rb;
			if (DECIDE("unmapped_area_topdown.at_root", !rb_parent(prev), VN("vma", vma)))
				RETURN(-ENOMEM);
			SET(vma, rb_entry(rb_parent(prev), struct vma, vm_rb));
			if (DECIDE("unmapped_area_topdown.up_from_right", prev == vma->vm_rb.rb_right, VN("child", rb_vma_start(prev)), VN("vma", vma))) {
				SET(gap_start, vma->vm_prev ? vm_end_gap(vma->vm_prev) : 0);
				GOTO(check_current);
			}
		}
	}

found:
	/* We found a suitable gap. Clip it with the original high_limit. */
	if (DECIDE("unmapped_area_topdown.clip_high", gap_end > info->high_limit, V(gap_end), VN("info->high_limit", info->high_limit)))
		SET(gap_end, info->high_limit);

found_highest:
	/* Compute highest gap address at the desired alignment */
	SET(gap_end, gap_end - info->length);
	SET(gap_end, gap_end - ((gap_end - info->align_offset) & info->align_mask));

	RETURN(gap_end);
}

/* ---- mmap ------------------------------------------------------------- */

/* PROT_* to VM_*: the three bits line up. */
unsigned long
calc_vm_prot_bits(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) |
	    (prot & PROT_WRITE ? VM_WRITE : 0) |
	    (prot & PROT_EXEC ? VM_EXEC : 0);
}

/* MAP_* to VM_*. */
static unsigned long
calc_vm_flag_bits(unsigned long flags)
{
	return (flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0) |
	    (flags & MAP_DENYWRITE ? VM_DENYWRITE : 0) |
	    (flags & MAP_LOCKED ? VM_LOCKED : 0);
}

/*
 * round_hint_to_min: a hint below vm.mmap_min_addr is raised to it, so
 * that an ordinary mmap never trips the security check.
 */
static unsigned long
round_hint_to_min(struct mm *mm, unsigned long hint)
{
	hint &= PAGE_MASK;
	if (hint != 0 && hint < mm->mmap_min_addr)
		return PAGE_ALIGN(mm->mmap_min_addr);
	return hint;
}

/*
 * do_mmap: check the request, pick the address, turn prot and flags into
 * vm_flags, and map. *populate is set to len when the pages should be
 * faulted in now (MAP_POPULATE, VM_LOCKED). Returns the address or -errno.
 */
unsigned long
do_mmap(struct mm *mm, struct vfile *file, unsigned long addr,
    unsigned long len, unsigned long prot, unsigned long flags,
    unsigned long vm_flags, unsigned long pgoff, unsigned long *populate)
{
	TRACE_FUNC(do_mmap, mm, V(addr), V(len), V(prot), V(flags), V(pgoff));

	DO(*populate = 0);

	if (DECIDE("do_mmap.zero_len", !len, V(len)))
		RETURN(-EINVAL);

	/* Does the application expect PROT_READ to imply PROT_EXEC? */
	if (DECIDE("do_mmap.read_implies_exec", (prot & PROT_READ) && (mm->personality & READ_IMPLIES_EXEC), V(prot), VN("personality", mm->personality)))
		SET(prot, prot | PROT_EXEC);

	if (DECIDE("do_mmap.hint", !(flags & MAP_FIXED), V(flags), V(addr)))
		SET(addr, round_hint_to_min(mm, addr));

	/* Careful about overflows.. */
	SET(len, PAGE_ALIGN(len));
	if (DECIDE("do_mmap.len_overflow", !len, V(len)))
		RETURN(-ENOMEM);

	/* offset overflow? */
	if (DECIDE("do_mmap.pgoff_overflow", (pgoff + (len >> PAGE_SHIFT)) < pgoff, V(pgoff)))
		RETURN(-EOVERFLOW);

	/* Too many mappings? */
	if (DECIDE("do_mmap.map_count", mm->map_count > mm->max_map_count, VN("map_count", mm->map_count), VN("max_map_count", mm->max_map_count)))
		RETURN(-ENOMEM);

	/*
	 * Obtain the address to map to. we verify (or select) it and ensure
	 * that it represents a valid section of the address space.
	 */
	SET(addr, get_unmapped_area(mm, file, addr, len, pgoff, flags));
	if (DECIDE("do_mmap.no_area", offset_in_page(addr), V(addr)))
		RETURN(addr);

	SET(vm_flags, vm_flags | calc_vm_prot_bits(prot) | calc_vm_flag_bits(flags) | mm->def_flags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC);

	/* can_do_mlock: a zero RLIMIT_MEMLOCK forbids locking without CAP_IPC_LOCK */
	if (DECIDE("do_mmap.map_locked", flags & MAP_LOCKED, V(flags)))
		if (DECIDE("do_mmap.cannot_mlock", mm->rlim[VM_RLIMIT_MEMLOCK].cur == 0 && !mm->cap_ipc_lock, VN("rlimit(RLIMIT_MEMLOCK)", mm->rlim[VM_RLIMIT_MEMLOCK].cur)))
			RETURN(-EPERM);
	if (DECIDE("do_mmap.mlock_limit", mlock_future_check(mm, vm_flags, len), V(vm_flags), V(len)))
		RETURN(-EAGAIN);

	if (DECIDE("do_mmap.file", file != NULL, V(flags))) {
		switch (flags & MAP_TYPE) {
		case MAP_SHARED:
			if (DECIDE("do_mmap.shared_readonly_file", (prot & PROT_WRITE) && !file->writable, V(prot)))
				RETURN(-EACCES);
			SET(vm_flags, vm_flags | VM_SHARED | VM_MAYSHARE);
			if (DECIDE("do_mmap.file_readonly", !file->writable, VN("writable", file->writable)))
				SET(vm_flags, vm_flags & ~(VM_MAYWRITE | VM_SHARED));
			/* fall through */
		case MAP_PRIVATE:
			if (DECIDE("do_mmap.unreadable_file", !file->readable, VN("readable", file->readable)))
				RETURN(-EACCES);
			if (DECIDE("do_mmap.file_growsdown", vm_flags & (VM_GROWSDOWN | VM_GROWSUP), V(vm_flags)))
				RETURN(-EINVAL);
			STEP; break;
		default:
			(void)DECIDE("do_mmap.bad_type", 1, V(flags));
			RETURN(-EINVAL);
		}
	} else {
		switch (flags & MAP_TYPE) {
		case MAP_SHARED:
			if (DECIDE("do_mmap.anon_shared_growsdown", vm_flags & (VM_GROWSDOWN | VM_GROWSUP), V(vm_flags)))
				RETURN(-EINVAL);
			/* Ignore pgoff. */
			SET(pgoff, 0);
			SET(vm_flags, vm_flags | VM_SHARED | VM_MAYSHARE);
			STEP; break;
		case MAP_PRIVATE:
			/* Set pgoff according to addr for anon_vma. */
			SET(pgoff, addr >> PAGE_SHIFT);
			STEP; break;
		default:
			(void)DECIDE("do_mmap.bad_type", 1, V(flags));
			RETURN(-EINVAL);
		}
	}

	/*
	 * Set 'VM_NORESERVE' if we should not account for the memory use of
	 * this mapping (overcommit is heuristic, not "never").
	 */
	if (DECIDE("do_mmap.noreserve", flags & MAP_NORESERVE, V(flags)))
		SET(vm_flags, vm_flags | VM_NORESERVE);

	SET(addr, mmap_region(mm, file, addr, len, vm_flags, pgoff));
	if (DECIDE("do_mmap.populate", !IS_ERR_VALUE(addr) && ((vm_flags & VM_LOCKED) || (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE), V(addr), V(vm_flags), V(flags)))
		DO(*populate = len);
	RETURN(addr);
}

/*
 * do_mmap_pgoff: 4.14's inline wrapper (include/linux/mm.h) of do_mmap
 * with no extra vm_flags, which vm_mmap_pgoff calls. In the kernel the
 * Japanese reading reads (2.6, with exec-shield), do_mmap_pgoff held the
 * code and do_mmap was the wrapper; by 4.14 the roles are swapped.
 */
static unsigned long
do_mmap_pgoff(struct mm *mm, struct vfile *file, unsigned long addr,
    unsigned long len, unsigned long prot, unsigned long flags,
    unsigned long pgoff, unsigned long *populate)
{
	TRACE_FUNC(do_mmap_pgoff, mm, V(addr), V(len), V(prot), V(flags), V(pgoff));

	STEP; RETURN(do_mmap(mm, file, addr, len, prot, flags, 0, pgoff, populate));
}

/*
 * A private writable mapping is charged against the commit limit
 * (VM_ACCOUNT), unless it asked for VM_NORESERVE.
 */
static int
accountable_mapping(struct vfile *file, unsigned long vm_flags)
{
	(void)file;
	return (vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
}

/*
 * mmap_region: map [addr, addr+len) with vm_flags, first unmapping
 * whatever a MAP_FIXED request lands on, and extending a neighbour when
 * vma_merge can. Returns addr or -errno.
 */
unsigned long
mmap_region(struct mm *mm, struct vfile *file, unsigned long addr,
    unsigned long len, unsigned long vm_flags, unsigned long pgoff)
{
	TRACE_FUNC(mmap_region, mm, V(addr), V(len), V(vm_flags), V(pgoff));
	struct vma *vma, *prev;
	struct rb_node **rb_link, *rb_parent;
	unsigned long nr_pages;

	/* Check against address space limit. */
	if (DECIDE("mmap_region.over_limit", !may_expand_vm(mm, vm_flags, len >> PAGE_SHIFT), VN("npages", len >> PAGE_SHIFT))) {
		/*
		 * MAP_FIXED may remove pages of mappings that intersects with
		 * requested mapping. Account for the pages it would unmap.
		 */
		SET(nr_pages, count_vma_pages_range(mm, addr, addr + len));

		if (DECIDE("mmap_region.may_expand_vm", !may_expand_vm(mm, vm_flags, (len >> PAGE_SHIFT) - nr_pages), VN("npages", (len >> PAGE_SHIFT) - nr_pages)))
			RETURN(-ENOMEM);
	}

	/* Clear old maps */
	while (DECIDE("mmap_region.overlap", find_vma_links(mm, addr, addr + len, &prev, &rb_link, &rb_parent), V(addr), VN("addr + len", addr + len))) {
		if (DECIDE("mmap_region.munmap_failed", do_munmap(mm, addr, len), V(addr), V(len)))
			RETURN(-ENOMEM);
	}

	/*
	 * Private writable mapping: check memory availability (the
	 * overcommit heuristic always agrees here).
	 */
	if (DECIDE("mmap_region.accountable", accountable_mapping(file, vm_flags), V(vm_flags)))
		SET(vm_flags, vm_flags | VM_ACCOUNT);

	/*
	 * Can we just expand an old mapping? (A shared anonymous mapping
	 * never can: its neighbours are either private, or shared with a
	 * shmem file of their own.)
	 */
	SET(vma, vma_merge(mm, prev, addr, addr + len, vm_flags, file, pgoff));
	if (DECIDE("mmap_region.merged", vma, V(vma)))
		GOTO(out);

	/* Determine the object being mapped and call the appropriate specific mapper. */
	DO(vma = kmem_cache_zalloc(vm_area_cachep, GFP_KERNEL));
	if (DECIDE("mmap_region.no_memory", !vma, V(len)))
		RETURN(-ENOMEM);

	DO(vma->vm_mm = mm);
	SET(vma->vm_start, addr);
	SET(vma->vm_end, addr + len);
	SET(vma->vm_flags, vm_flags);
	SET(vma->vm_page_prot, vm_get_page_prot(vm_flags));
	SET(vma->vm_pgoff, pgoff);

	if (DECIDE("mmap_region.file", file != NULL, VN("file", file != NULL))) {
		DO(vma->vm_file = file);
		DO(file->refs++);
	} else if (DECIDE("mmap_region.shared_anon", vm_flags & VM_SHARED, V(vm_flags))) {
		/* shmem_zero_setup: a fresh /dev/zero file backs the mapping. */
		DO(vma->vm_file = mm_file_anon_shared(mm));
		if (DECIDE("mmap_region.no_shmem", vma->vm_file == NULL, V(len))) {
			DO(kmem_cache_free(vm_area_cachep, vma));
			RETURN(-ENOMEM);
		}
		DO(vma->vm_file->refs++);
	}

	DO(vma_link(mm, vma, prev, rb_link, rb_parent));
out:
	DO(vm_stat_account(mm, vm_flags, (long)(len >> PAGE_SHIFT)));
	if (DECIDE("mmap_region.locked", vm_flags & VM_LOCKED, V(vm_flags)))
		SET(mm->locked_vm, mm->locked_vm + (len >> PAGE_SHIFT));

	/*
	 * New (or expanded) vma always get soft dirty status. Otherwise user
	 * space soft-dirty page tracker won't be able to distinguish
	 * situation when vma area unmapped, then new mapped in-place (which
	 * must be aimed as a completely new data area).
	 */
	SET(vma->vm_flags, vma->vm_flags | VM_SOFTDIRTY);
	RETURN(addr);
}

/* ---- the system calls ------------------------------------------------- */

/*
 * sys_mmap (x86_64's, which calls sys_mmap_pgoff): the offset must be
 * page aligned; MAP_HUGETLB needs a hugetlbfs pool the model does not
 * have; then vm_mmap_pgoff: do_mmap_pgoff, and fault in what it asked to
 * populate.
 */
unsigned long
sys_mmap(struct mm *mm, unsigned long addr, unsigned long len,
    unsigned long prot, unsigned long flags, struct vfile *file,
    unsigned long off)
{
	TRACE_FUNC(sys_mmap, mm, V(addr), V(len), V(prot), V(flags), V(off));
	unsigned long ret, populate;

	if (DECIDE("sys_mmap.unaligned_offset", off & ~PAGE_MASK, V(off)))
		RETURN(-EINVAL);
	if (DECIDE("sys_mmap.file_backed", !(flags & MAP_ANONYMOUS), V(flags))) {
		if (DECIDE("sys_mmap.bad_fd", file == NULL, V(flags)))
			RETURN(-EBADF);
		if (DECIDE("sys_mmap.file_hugetlb", flags & MAP_HUGETLB, V(flags)))
			RETURN(-EINVAL);
	} else {
		DO(file = NULL);
		if (DECIDE("sys_mmap.hugetlb", flags & MAP_HUGETLB, V(flags)))
			RETURN(-ENOMEM);
	}
	SET(flags, flags & ~(unsigned long)(MAP_EXECUTABLE | MAP_DENYWRITE));

	/* vm_mmap_pgoff: do_mmap_pgoff under mmap_sem, then populate. */
	SET(ret, do_mmap_pgoff(mm, file, addr, len, prot, flags, off >> PAGE_SHIFT, &populate));
	if (DECIDE("sys_mmap.populate", populate, V(populate)))
		DO(mm_populate(mm, ret, populate));
	RETURN(ret);
}

/* sys_munmap: vm_munmap, which is do_munmap. */
unsigned long
sys_munmap(struct mm *mm, unsigned long addr, unsigned long len)
{
	return (unsigned long)(long)do_munmap(mm, addr, len);
}

long
sys_setrlimit(struct mm *mm, int resource, unsigned long cur,
    unsigned long max)
{
	if (resource < 0 || resource >= VM_RLIMIT_NLIMITS || cur > max)
		return -EINVAL;
	mm->rlim[resource].cur = cur;
	mm->rlim[resource].max = max;
	return 0;
}
