/*
 * mprotect.c - how mprotect() changes the protection of a range: the Linux
 * 4.14 mm/mprotect.c path, statement by statement.
 *
 *   sys_mprotect (do_mprotect_pkey) -> for each VMA of the range:
 *       mprotect_fixup -> vma_merge (vma.c), or split_vma at the range's
 *                         ends, then the new flags and the counters
 *
 * The range may cover several VMAs, with no hole between them; each piece
 * gets its own new flags (prot replaces VM_READ|VM_WRITE|VM_EXEC, the
 * other bits stay) and either merges with a neighbour that now matches or
 * is split off its VMA:
 *
 *     AAAAAAAAAAAA   mprotect(middle, PROT_READ)    AAAAaaaaAAAA  (split)
 *     aaaaAAAAAAAA   mprotect(head of A, PROT_READ) aaaaaaaaAAAA  (case 5)
 *
 * Both functions are instrumented in full: every line is a step, every
 * decision an event (instrument.h), and their listings are generated from
 * this file.
 *
 * What the model leaves out, because it cannot change a VMA or a result
 * here: the page tables (change_protection rewrites the PTEs of the
 * range), protection keys (pkey is always -1, the x86 default key), the
 * security hook security_file_mprotect (no policy: it allows), the commit
 * charge (security_vm_enough_memory_mm always agrees, as in do_brk), and
 * the L1TF check of PROT_NONE over VM_PFNMAP memory (the model maps no
 * device memory). Anonymous memory has no anon_vma (no page was ever
 * touched), so vma_merge compares flags, files and offsets only.
 */
#include "instrument.h"
#include "mm.h"

/* x86's arch_validate_prot is the generic one: only these four bits. */
static int
arch_validate_prot(unsigned long prot)
{
	return (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC |
	    PROT_SEM)) == 0;
}

/*
 * mprotect_fixup: give [start, end), a piece of `vma`, the flags
 * `newflags`. *pprev is the VMA before the piece on entry (vma itself when
 * the piece starts inside it) and, on return, the VMA that now holds the
 * piece. Returns 0, or -ENOMEM (RLIMIT_DATA, or a split over
 * max_map_count).
 */
static int
mprotect_fixup(struct mm *mm, struct vma *vma, struct vma **pprev,
    unsigned long start, unsigned long end, unsigned long newflags)
{
	TRACE_FUNC(mprotect_fixup, mm, VN("vma", vma), V(start), V(end), V(newflags));
	unsigned long oldflags, pgoff;
	long nrpages;
	int error;

	SET(oldflags, vma->vm_flags);
	SET(nrpages, (long)((end - start) >> PAGE_SHIFT));
	if (DECIDE("mprotect_fixup.same_flags", newflags == oldflags, V(newflags), V(oldflags))) {
		DO(*pprev = vma);
		RETURN(0);
	}

	/*
	 * If we make a private mapping writable we increase our commit;
	 * but (without finer accounting) cannot reduce our commit if we
	 * make it unwritable again.
	 */
	if (DECIDE("mprotect_fixup.writable", newflags & VM_WRITE, V(newflags))) {
		/* Check space limits when area turns into data. */
		if (DECIDE("mprotect_fixup.may_expand_vm", !may_expand_vm(mm, newflags, (unsigned long)nrpages) && may_expand_vm(mm, oldflags, (unsigned long)nrpages), V(nrpages), VN("data_vm", mm->data_vm)))
			RETURN(-ENOMEM);
		if (DECIDE("mprotect_fixup.charge", !(oldflags & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE)), V(oldflags))) {
			/* security_vm_enough_memory_mm: the overcommit heuristic agrees. */
			SET(newflags, newflags | VM_ACCOUNT);
		}
	} else if (mm->kernel == KERNEL_6_18)	/* linux6.c */
		SET(newflags, mprotect_unaccount_6x(mm, vma, oldflags, newflags));
	/* First try to merge with previous and/or next vma. */
	SET(pgoff, vma->vm_pgoff + ((start - vma->vm_start) >> PAGE_SHIFT));
	SET(*pprev, vma_merge(mm, *pprev, start, end, newflags, vma->vm_file, pgoff));
	if (DECIDE("mprotect_fixup.merged", *pprev, VN("*pprev", *pprev))) {
		SET(vma, *pprev);
		GOTO(success);
	}

	DO(*pprev = vma);

	if (DECIDE("mprotect_fixup.split_start", start != vma->vm_start, V(start), VN("vma->vm_start", vma->vm_start))) {
		SET(error, split_vma(mm, vma, start, 1));
		if (DECIDE("mprotect_fixup.split_start_failed", error, V(error)))
			GOTO(fail);
	}

	if (DECIDE("mprotect_fixup.split_end", end != vma->vm_end, V(end), VN("vma->vm_end", vma->vm_end))) {
		SET(error, split_vma(mm, vma, end, 0));
		if (DECIDE("mprotect_fixup.split_end_failed", error, V(error)))
			GOTO(fail);
	}

success:
	/* vm_flags and vm_page_prot are protected by the mmap_sem held in write mode. */
	SET(vma->vm_flags, newflags);
	SET(vma->vm_page_prot, vm_get_page_prot(newflags));
	/* change_protection(vma, start, end, ...) rewrites the page tables: the model has none. */

	/* Private VM_LOCKED VMA becoming writable: trigger COW to avoid major fault on access. */
	if (DECIDE("mprotect_fixup.locked_cow", (oldflags & (VM_WRITE | VM_SHARED | VM_LOCKED)) == VM_LOCKED && (newflags & VM_WRITE), V(oldflags), V(newflags)))
		SET(mm->populated, mm->populated + (unsigned long)nrpages);

	DO(vm_stat_account(mm, oldflags, -nrpages));
	DO(vm_stat_account(mm, newflags, nrpages));
	RETURN(0);

fail:
	/* vm_unacct_memory(charged): the model keeps no commit charge. */
	RETURN(error);
}

/*
 * sys_mprotect: 4.14's do_mprotect_pkey with pkey -1. Checks the request,
 * then walks the VMAs of [start, start+len) with mprotect_fixup, stopping
 * at the first hole. See mm.h for the failure contract.
 */
unsigned long
sys_mprotect(struct mm *mm, unsigned long start, unsigned long len, unsigned long prot)
{
	TRACE_FUNC(sys_mprotect, mm, V(start), V(len), V(prot));
	unsigned long nstart, end, tmp, reqprot, newflags, grows;
	struct vma *vma, *prev;
	bool rier;
	int error;

	SET(grows, prot & (PROT_GROWSDOWN | PROT_GROWSUP));
	SET(rier, (mm->personality & READ_IMPLIES_EXEC) && (prot & PROT_READ));
	SET(prot, prot & ~(unsigned long)(PROT_GROWSDOWN | PROT_GROWSUP));
	if (DECIDE("sys_mprotect.grows_both", grows == (PROT_GROWSDOWN | PROT_GROWSUP), V(grows)))	/* can't be both */
		RETURN(-EINVAL);

	if (DECIDE("sys_mprotect.unaligned", start & ~PAGE_MASK, V(start)))
		RETURN(-EINVAL);
	if (DECIDE("sys_mprotect.zero_len", !len, V(len)))
		RETURN(0);
	SET(len, PAGE_ALIGN(len));
	SET(end, start + len);
	if (DECIDE("sys_mprotect.wraps", end <= start, V(start), V(end)))
		RETURN(-ENOMEM);
	if (DECIDE("sys_mprotect.bad_prot", !arch_validate_prot(prot), V(prot)))
		RETURN(-EINVAL);

	SET(reqprot, prot);

	SET(vma, find_vma(mm, start));
	SET(error, -ENOMEM);
	if (DECIDE("sys_mprotect.no_vma", !vma, V(start)))
		GOTO(out);
	SET(prev, vma->vm_prev);
	if (DECIDE("sys_mprotect.growsdown", grows & PROT_GROWSDOWN, V(grows))) {
		if (DECIDE("sys_mprotect.growsdown_above_end", vma->vm_start >= end, VN("vma->vm_start", vma->vm_start), V(end)))
			GOTO(out);
		SET(start, vma->vm_start);
		SET(error, -EINVAL);
		if (DECIDE("sys_mprotect.not_growsdown", !(vma->vm_flags & VM_GROWSDOWN), VN("vma->vm_flags", vma->vm_flags)))
			GOTO(out);
	} else {
		if (DECIDE("sys_mprotect.hole_at_start", vma->vm_start > start, VN("vma->vm_start", vma->vm_start), V(start)))
			GOTO(out);
		if (DECIDE("sys_mprotect.growsup", grows & PROT_GROWSUP, V(grows))) {
			SET(end, vma->vm_end);
			SET(error, -EINVAL);
			if (DECIDE("sys_mprotect.not_growsup", !(vma->vm_flags & VM_GROWSUP), VN("vma->vm_flags", vma->vm_flags)))
				GOTO(out);
		}
	}
	if (DECIDE("sys_mprotect.start_inside", start > vma->vm_start, V(start), VN("vma->vm_start", vma->vm_start)))
		SET(prev, vma);

	SET(nstart, start);
	while (true) {
		/* Here we know that vma->vm_start <= nstart < vma->vm_end. */

		/* Does the application expect PROT_READ to imply PROT_EXEC */
		if (DECIDE("sys_mprotect.read_implies_exec", rier && (vma->vm_flags & VM_MAYEXEC), V(rier)))
			SET(prot, prot | PROT_EXEC);

		/*
		 * Each mprotect() call explicitly passes r/w/x permissions.
		 * If a permission is not passed to mprotect(), it must be
		 * cleared from the VMA.
		 */
		SET(newflags, calc_vm_prot_bits(prot));
		SET(newflags, newflags | (vma->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)));

		/* newflags >> 4 shift VM_MAY% in place of VM_% */
		if (DECIDE("sys_mprotect.not_permitted", (newflags & ~(newflags >> 4)) & (VM_READ | VM_WRITE | VM_EXEC), V(newflags))) {
			SET(error, -EACCES);
			GOTO(out);
		}

		/* security_file_mprotect: no security module, so it allows. */

		SET(tmp, vma->vm_end);
		if (DECIDE("sys_mprotect.ends_inside", tmp > end, V(tmp), V(end)))
			SET(tmp, end);
		SET(error, mprotect_fixup(mm, vma, &prev, nstart, tmp, newflags));
		if (DECIDE("sys_mprotect.fixup_failed", error, V(error)))
			GOTO(out);
		SET(nstart, tmp);

		if (DECIDE("sys_mprotect.merged_past", nstart < prev->vm_end, V(nstart), VN("prev->vm_end", prev->vm_end)))
			SET(nstart, prev->vm_end);
		if (DECIDE("sys_mprotect.done", nstart >= end, V(nstart), V(end)))
			GOTO(out);

		SET(vma, prev->vm_next);
		if (DECIDE("sys_mprotect.hole", !vma || vma->vm_start != nstart, VN("vma->vm_start", vma ? vma->vm_start : 0), V(nstart))) {
			SET(error, -ENOMEM);
			GOTO(out);
		}
		SET(prot, reqprot);
	}
out:
	RETURN((unsigned long)(long)error);
}
