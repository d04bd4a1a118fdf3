
	/*
	 * TODO: find the HIGHEST gap of at least info->length bytes (plus
	 * info->align_mask of slack) inside [info->low_limit,
	 * info->high_limit), the mirror image of unmapped_area (README.md):
	 *
	 *  1. Adjust the length and the limits; refuse (-ENOMEM) when they
	 *     leave no room: unmapped_area_topdown.length_overflow,
	 *     .high_below_length, .low_above_high.
	 *  2. The space above the last VMA (mm->highest_vm_end) is the
	 *     highest of all: if it fits, take it (.highest_fits).
	 *  3. An empty tree, or a root whose rb_subtree_gap is too small:
	 *     -ENOMEM (.empty_tree, .root_gap_small).
	 *  4. Walk down from the root. Go right while the right subtree may
	 *     hold the highest fit (.right_possible, .go_right); then look at
	 *     the gap just below the current VMA (.below_low_limit,
	 *     .gap_fits); then try the left subtree (.has_left, .go_left);
	 *     when both fail, climb until you come up from a right child
	 *     (.at_root, .up_from_right) and check that node's gap.
	 *  5. Clip the gap's end to info->high_limit (.clip_high), step down
	 *     by info->length and align downwards:
	 *     gap_end - ((gap_end - info->align_offset) & info->align_mask).
	 *
	 * Write each condition as DECIDE("unmapped_area_topdown.<id>",
	 * condition, V(value), ...) so that the grader can compare your
	 * decisions with the kernel's, step by step.
	 */
	(void)vma;
	(void)length;
	(void)low_limit;
	(void)high_limit;
	(void)gap_start;
	(void)gap_end;
	RETURN(-ENOMEM);
