
	/*
	 * TODO: from `rb` up towards the root, stopping before `stop`:
	 * recompute each node's gap (vma_subtree_gap_of) and store it in
	 * rb_subtree_gap, reporting each change with
	 * TRACE_TREE(vma->vm_mm, TREE_GAP, VN("vm_start", ...),
	 * VN("rb_subtree_gap", ...)). Stop early as soon as a value does not
	 * change: everything above was computed from it.
	 */
	(void)rb;
	(void)stop;
	(void)vma;
	(void)gap;
