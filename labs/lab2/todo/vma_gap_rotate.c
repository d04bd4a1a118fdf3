
	/*
	 * TODO: a rotation moved `new` up to where `old` was (old is now its
	 * child): new's subtree is old's former subtree, so new takes old's
	 * value; old's subtree lost part of itself, so recompute old's.
	 * Report the rotation with TRACE_TREE(old->vm_mm, TREE_ROTATE,
	 * VN("down", old->vm_start), VN("up", new->vm_start)).
	 */
	(void)old;
	(void)new;
