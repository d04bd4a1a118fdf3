/*
 * lab3-linear.c - a mutant for tests/labs.sh: unmapped_area by a walk
 * along the VMA list. Right answers (on the grader's monotone layouts),
 * O(n) reads: it must lose the efficiency tests and nothing else.
 */
#include "vmalab-lab.h"

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	TRACE_FUNC(unmapped_area, mm, VN("length", info->length));
	struct vma *vma;
	unsigned long length, low_limit, high_limit, gap_start, gap_end;

	length = info->length + info->align_mask;
	if (length < info->length)
		RETURN(-ENOMEM);
	if (info->high_limit < length)
		RETURN(-ENOMEM);
	high_limit = info->high_limit - length;
	if (info->low_limit > high_limit)
		RETURN(-ENOMEM);
	low_limit = info->low_limit + length;

	for (vma = mm->mmap; vma != NULL; vma = vma->vm_next) {
		gap_start = vma->vm_prev ? vm_end_gap(vma->vm_prev) : 0;
		gap_end = vm_start_gap(vma);
		if (gap_start > high_limit)
			RETURN(-ENOMEM);
		if (gap_end >= low_limit && gap_end > gap_start &&
		    gap_end - gap_start >= length)
			goto found;
	}
	gap_start = mm->highest_vm_end;
	if (gap_start > high_limit)
		RETURN(-ENOMEM);
found:
	if (gap_start < info->low_limit)
		gap_start = info->low_limit;
	gap_start += (info->align_offset - gap_start) & info->align_mask;
	RETURN(gap_start);
}
