
	/*
	 * TODO: find the lowest gap of at least info->length bytes (plus
	 * info->align_mask of slack) inside [info->low_limit,
	 * info->high_limit), as README.md describes:
	 *
	 *  1. Adjust the length and the limits; refuse (-ENOMEM) when they
	 *     leave no room: unmapped_area.length_overflow,
	 *     .high_below_length, .low_above_high.
	 *  2. An empty tree, or a root whose rb_subtree_gap is too small,
	 *     sends you straight to the gap above the last VMA:
	 *     .empty_tree, .root_gap_small.
	 *  3. Walk down from the root. Go left while the left subtree may
	 *     hold the lowest fit (.left_possible, .go_left); then look at the
	 *     gap just below the current VMA (.past_high_limit, .gap_fits);
	 *     then try the right subtree (.has_right, .go_right); when both
	 *     fail, climb until you come up from a left child (.at_root,
	 *     .up_from_left) and check that node's gap.
	 *  4. Above the last VMA: mm->highest_vm_end (.highest_past_limit).
	 *  5. Clip the gap's start to info->low_limit (.clip_low) and align
	 *     it: gap_start + ((info->align_offset - gap_start) &
	 *     info->align_mask).
	 *
	 * Write each condition as DECIDE("unmapped_area.<id>", condition,
	 * V(value), ...) so that the grader can compare your decisions with
	 * the kernel's, step by step.
	 */
	(void)vma;
	(void)length;
	(void)low_limit;
	(void)high_limit;
	(void)gap_start;
	(void)gap_end;
	RETURN(-ENOMEM);
