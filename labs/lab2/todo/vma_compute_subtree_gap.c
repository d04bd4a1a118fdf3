
	/*
	 * TODO: return the largest of
	 *   - the VMA's own gap: vm_start_gap(vma) - vm_end_gap(vma->vm_prev),
	 *     or vm_start_gap(vma) when there is no vm_prev; a stack's guard
	 *     gap may reach below vm_prev's end, and then the gap is 0, not a
	 *     huge unsigned number;
	 *   - the rb_subtree_gap stored in its left and right children (if
	 *     any). Read the stored values: do not walk the subtrees again.
	 */
	(void)max;
	(void)prev_end;
	(void)subtree_gap;
	return 0;
