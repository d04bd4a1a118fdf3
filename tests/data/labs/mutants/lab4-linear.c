/*
 * lab4-linear.c - a mutant for tests/labs.sh: unmapped_area_topdown by a
 * walk down the VMA list from the last VMA. Right answers (on the
 * grader's monotone layouts), O(n) reads: it must lose the efficiency
 * tests and nothing else.
 */
#include "vmalab-lab.h"

unsigned long
unmapped_area_topdown(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	TRACE_FUNC(unmapped_area_topdown, mm, VN("length", info->length));
	struct vma *vma, *last = NULL;
	unsigned long length, low_limit, high_limit, gap_start, gap_end;

	length = info->length + info->align_mask;
	if (length < info->length)
		RETURN(-ENOMEM);
	gap_end = info->high_limit;
	if (gap_end < length)
		RETURN(-ENOMEM);
	high_limit = gap_end - length;
	if (info->low_limit > high_limit)
		RETURN(-ENOMEM);
	low_limit = info->low_limit + length;

	gap_start = mm->highest_vm_end;
	if (gap_start <= high_limit)
		goto found_highest;
	for (vma = mm->mmap; vma != NULL; vma = vma->vm_next)
		last = vma;
	for (vma = last; vma != NULL; vma = vma->vm_prev) {
		gap_start = vma->vm_prev ? vm_end_gap(vma->vm_prev) : 0;
		gap_end = vm_start_gap(vma);
		if (gap_end < low_limit)
			RETURN(-ENOMEM);
		if (gap_start <= high_limit && gap_end > gap_start &&
		    gap_end - gap_start >= length)
			goto found;
	}
	RETURN(-ENOMEM);
found:
	if (gap_end > info->high_limit)
		gap_end = info->high_limit;
found_highest:
	gap_end -= info->length;
	gap_end -= (gap_end - info->align_offset) & info->align_mask;
	RETURN(gap_end);
}
