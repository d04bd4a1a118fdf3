/*
 * vma.c - the VMA API: lookups, the augmented tree of VMAs, linking,
 * merging, splitting and unmapping (Linux 4.14 mm/mmap.c).
 *
 * An mm keeps its VMAs twice: in a list sorted by address (mm->mmap,
 * vm_next/vm_prev) and in a red-black tree keyed by address (mm->mm_rb).
 * Each tree node also carries rb_subtree_gap, the largest free gap to the
 * left of any VMA in its subtree:
 *
 *   address:  0 ...... [ A ]......[ B ]..[ C ]...........[ D ]  highest_vm_end
 *   own gap:   gap(A)        gap(B)   gap(C)    gap(D)
 *
 *                 B  rb_subtree_gap = max(gap(A..D))
 *                / \
 *               A   C  rb_subtree_gap = max(gap(C), gap(D))
 *                    \
 *                     D
 *
 * A VMA's own gap is vm_start_gap(vma) - vm_end_gap(vma->vm_prev): the
 * free space just below it, shrunk by the stack guard gap when the VMA is
 * a stack that grows down. The free space above the last VMA is not in the
 * tree; mm->highest_vm_end marks where it starts.
 */
#include <stdlib.h>
#include <string.h>

#include "instrument.h"
#include "mm.h"

/* ---- gaps ------------------------------------------------------------- */

/* vm_start_gap and vm_end_gap are inline, in mm.h. */

/*
 * rb_vma(rb), the VMA that holds a tree node (NULL for none), is
 * kernel/mm.h's, beside rb_vma_start: the engine and the labs' code share
 * them.
 */

/*
 * rb_subtree_gap of `vma` as it should be: the larger of its own gap and
 * its children's rb_subtree_gap. Reads only the children's stored values,
 * so it is correct once they are. Cannot fail.
 */
unsigned long
vma_compute_subtree_gap(const struct vma *vma)
{
	unsigned long max, prev_end, subtree_gap;

	/* A stack's guard gap may reach below the end of its vm_prev. */
	max = vm_start_gap(vma);
	if (vma->vm_prev != NULL) {
		prev_end = vm_end_gap(vma->vm_prev);
		if (max > prev_end)
			max -= prev_end;
		else
			max = 0;
	}
	if (vma->vm_rb.rb_left != NULL) {
		subtree_gap = rb_vma(vma->vm_rb.rb_left)->rb_subtree_gap;
		if (subtree_gap > max)
			max = subtree_gap;
	}
	if (vma->vm_rb.rb_right != NULL) {
		subtree_gap = rb_vma(vma->vm_rb.rb_right)->rb_subtree_gap;
		if (subtree_gap > max)
			max = subtree_gap;
	}
	return max;
}

unsigned long
vma_subtree_gap_of(const struct vma *vma)
{
	const struct mm_hooks *h = vma->vm_mm->hooks;

	if (h != NULL && h->compute_subtree_gap != NULL)
		return h->compute_subtree_gap(vma);
	return vma_compute_subtree_gap(vma);
}

/* ---- the augmentation callbacks --------------------------------------- */

/*
 * Recompute rb_subtree_gap from `rb` up to `stop`, stopping as soon as a
 * value does not change: everything above it was computed from it.
 */
static void
vma_gap_propagate(struct rb_node *rb, struct rb_node *stop)
{
	struct vma *vma;
	unsigned long gap;

	while (rb != stop) {
		vma = rb_vma(rb);
		gap = vma_subtree_gap_of(vma);
		if (vma->rb_subtree_gap == gap)
			break;
		vma->rb_subtree_gap = gap;
		TRACE_TREE(vma->vm_mm, TREE_GAP, VN("vm_start", vma->vm_start),
		    VN("rb_subtree_gap", gap));
		rb = rb_parent(&vma->vm_rb);
	}
}

static void
vma_gap_copy(struct rb_node *rb_old, struct rb_node *rb_new)
{
	rb_vma(rb_new)->rb_subtree_gap = rb_vma(rb_old)->rb_subtree_gap;
}

/* `new` moved above `old`: it now roots old's subtree. */
static void
vma_gap_rotate(struct rb_node *rb_old, struct rb_node *rb_new)
{
	struct vma *old = rb_vma(rb_old), *new = rb_vma(rb_new);

	new->rb_subtree_gap = old->rb_subtree_gap;
	old->rb_subtree_gap = vma_subtree_gap_of(old);
	TRACE_TREE(old->vm_mm, TREE_ROTATE, VN("down", old->vm_start),
	    VN("up", new->vm_start));
}

/* RB_DECLARE_CALLBACKS(static, vma_gap_callbacks, ...) in 4.14. */
static const struct rb_augment_callbacks vma_gap_callbacks = {
	.propagate = vma_gap_propagate,
	.copy = vma_gap_copy,
	.rotate = vma_gap_rotate,
	.vmas = 1,
};

/*
 * vma_gap_update: the gap below `vma` changed (its start, or its vm_prev's
 * end); mend rb_subtree_gap from it up to the root. The walk up is
 * vma_gap_propagate's (vma_gap_callbacks_propagate in 4.14): each node
 * whose value changes is a "gap" event; it stops at the first that does
 * not.
 */
static inline void
vma_gap_update(struct vma *vma)
{
	TRACE_FUNC(vma_gap_update, vma->vm_mm, V(vma), VN("rb_subtree_gap", vma->rb_subtree_gap));

	DO(vma_gap_propagate(&vma->vm_rb, NULL));
	RETURN();
}

/*
 * The successor that takes a node's place when it has two children (the
 * leftmost node of its right subtree), else NULL: what an "erase" event
 * tells the tree pane will move.
 */
static struct rb_node *
vma_rb_successor(const struct rb_node *rb)
{
	struct rb_node *n;

	if (rb->rb_left == NULL || rb->rb_right == NULL)
		return NULL;
	for (n = rb->rb_right; n->rb_left != NULL; n = n->rb_left)
		;
	return n;
}

/*
 * vma_rb_insert: `vma` is linked as a red leaf; rebalance the tree. The
 * "insert" event names the leaf, its parent and its side.
 */
static void
vma_rb_insert(struct vma *vma, struct rb_root *root)
{
	TRACE_TREE(vma->vm_mm, TREE_INSERT, VN("vm_start", vma->vm_start),
	    VN("vm_end", vma->vm_end),
	    VN("parent", rb_vma_start(rb_parent(&vma->vm_rb))),
	    VN("left", rb_parent(&vma->vm_rb) != NULL &&
	    rb_parent(&vma->vm_rb)->rb_left == &vma->vm_rb));
	rb_insert_augmented(&vma->vm_rb, root, &vma_gap_callbacks);
}

/* __vma_rb_erase in 4.14. The "erase" event names the successor, if any. */
static void
vma_rb_erase(struct vma *vma, struct rb_root *root)
{
	TRACE_TREE(vma->vm_mm, TREE_ERASE, VN("vm_start", vma->vm_start),
	    VN("vm_end", vma->vm_end),
	    VN("succ", rb_vma_start(vma_rb_successor(&vma->vm_rb))));
	rb_erase_augmented(&vma->vm_rb, root, &vma_gap_callbacks);
}

/* ---- lookups ---------------------------------------------------------- */

/*
 * find_vma: the first VMA that ends above `addr` (it may start above addr
 * too: addr can sit in the gap below it). NULL when every VMA ends at or
 * below addr.
 */
struct vma *
find_vma(struct mm *mm, unsigned long addr)
{
	TRACE_FUNC(find_vma, mm, V(addr));
	struct rb_node *rb_node;
	struct vma *vma = NULL, *tmp;

	rb_node = mm->mm_rb.rb_node;
	while (rb_node) {
		tmp = rb_entry(rb_node, struct vma, vm_rb);
		if (tmp->vm_end > addr) {
			vma = tmp;
			if (tmp->vm_start <= addr)
				break;		/* addr is inside tmp */
			rb_node = rb_node->rb_left;
		} else
			rb_node = rb_node->rb_right;
	}
	RETURN(vma);
}

/*
 * find_vma_prev: as find_vma, and *pprev is the VMA before the result (the
 * last VMA when the result is NULL; NULL when there is none).
 */
struct vma *
find_vma_prev(struct mm *mm, unsigned long addr, struct vma **pprev)
{
	TRACE_FUNC(find_vma_prev, mm, V(addr));
	struct vma *vma;
	struct rb_node *rb_node;

	vma = find_vma(mm, addr);
	if (vma) {
		*pprev = vma->vm_prev;
	} else {
		rb_node = mm->mm_rb.rb_node;
		*pprev = NULL;
		while (rb_node) {
			*pprev = rb_entry(rb_node, struct vma, vm_rb);
			rb_node = rb_node->rb_right;
		}
	}
	RETURN(vma);
}

/*
 * find_vma_intersection: the first VMA overlapping [start, end), or NULL.
 */
struct vma *
find_vma_intersection(struct mm *mm, unsigned long start, unsigned long end)
{
	TRACE_FUNC(find_vma_intersection, mm, V(start), V(end));
	struct vma *vma = find_vma(mm, start);

	if (vma && DECIDE("find_vma_intersection.above_end", end <= vma->vm_start, V(end), VN("vma->vm_start", vma->vm_start)))
		vma = NULL;
	RETURN(vma);
}

/*
 * find_vma_links: walk down the tree to where a VMA for [addr, end) would
 * be linked. Returns -ENOMEM when an existing VMA overlaps the range;
 * otherwise 0 with *pprev the VMA before the range (or NULL) and
 * *rb_link and *rb_parent the empty slot and its parent.
 */
int
find_vma_links(struct mm *mm, unsigned long addr, unsigned long end,
    struct vma **pprev, struct rb_node ***rb_link, struct rb_node **rb_parent)
{
	TRACE_FUNC(find_vma_links, mm, V(addr), V(end));
	struct rb_node **__rb_link, *__rb_parent, *rb_prev;
	struct vma *vma_tmp;

	__rb_link = &mm->mm_rb.rb_node;
	rb_prev = __rb_parent = NULL;
	while (*__rb_link) {
		__rb_parent = *__rb_link;
		vma_tmp = rb_entry(__rb_parent, struct vma, vm_rb);
		if (vma_tmp->vm_end > addr) {
			/* Fail if an existing vma overlaps the area */
			if (DECIDE("find_vma_links.overlap", vma_tmp->vm_start < end, VN("vma->vm_start", vma_tmp->vm_start), V(end)))
				RETURN(-ENOMEM);
			__rb_link = &__rb_parent->rb_left;
		} else {
			rb_prev = __rb_parent;
			__rb_link = &__rb_parent->rb_right;
		}
	}
	*pprev = NULL;
	if (rb_prev)
		*pprev = rb_entry(rb_prev, struct vma, vm_rb);
	*rb_link = __rb_link;
	*rb_parent = __rb_parent;
	RETURN(0);
}

/* ---- linking ---------------------------------------------------------- */

/* Put `vma` into the address-ordered list after `prev` (NULL: first). */
static void
__vma_link_list(struct mm *mm, struct vma *vma, struct vma *prev)
{
	TRACE_FUNC(__vma_link_list, mm, V(vma), V(prev));
	struct vma *next;

	DO(vma->vm_prev = prev);
	if (DECIDE("__vma_link_list.has_prev", prev != NULL, V(prev))) {
		SET(next, prev->vm_next);
		DO(prev->vm_next = vma);
	} else {
		SET(next, mm->mmap);
		DO(mm->mmap = vma);
	}
	DO(vma->vm_next = next);
	if (DECIDE("__vma_link_list.has_next", next != NULL, V(next)))
		DO(next->vm_prev = vma);
	RETURN();
}

/*
 * __vma_link_rb: link `vma` into the tree at the slot find_vma_links
 * found. The gap after the new VMA (its vm_next's own gap) shrinks, so that
 * is mended first; the new node goes in with a zero rb_subtree_gap (what
 * the walk down assumed), then gets its real value, then the tree is
 * rebalanced with every augmented value already correct.
 */
static void
__vma_link_rb(struct mm *mm, struct vma *vma, struct rb_node **rb_link,
    struct rb_node *rb_parent)
{
	TRACE_FUNC(__vma_link_rb, mm, V(vma), VN("rb_parent", rb_parent));

	/* Update tracking information for the gap following the new vma. */
	if (DECIDE("__vma_link_rb.has_next", vma->vm_next != NULL, VN("vm_next", vma->vm_next)))
		DO(vma_gap_update(vma->vm_next));
	else
		SET(mm->highest_vm_end, vm_end_gap(vma));

	/*
	 * The walk down to the slot could not know the new VMA's vm_prev,
	 * so it raised no rb_subtree_gap on its way. The leaf goes in with
	 * a gap of 0, which is what the walk assumed, gets its real value
	 * (propagated up), and only then is the tree rebalanced: every
	 * rotation then moves values that are already right.
	 */
	DO(rb_link_node(&vma->vm_rb, rb_parent, rb_link));
	SET(vma->rb_subtree_gap, 0);
	DO(vma_gap_update(vma));
	DO(vma_rb_insert(vma, &mm->mm_rb));
	RETURN();
}

/* __vma_link: a new VMA into the list, then into the tree. */
static inline void
__vma_link(struct mm *mm, struct vma *vma, struct vma *prev,
    struct rb_node **rb_link, struct rb_node *rb_parent)
{
	TRACE_FUNC(__vma_link, mm, V(vma), V(prev));

	DO(__vma_link_list(mm, vma, prev));
	DO(__vma_link_rb(mm, vma, rb_link, rb_parent));
	RETURN();
}

/*
 * vma_link: add a new VMA at the place find_vma_links found for it.
 * Cannot fail. (4.14 also links a file's VMA into its i_mmap tree, which
 * the model has no use for.)
 */
void
vma_link(struct mm *mm, struct vma *vma, struct vma *prev,
    struct rb_node **rb_link, struct rb_node *rb_parent)
{
	TRACE_FUNC(vma_link, mm, V(vma), V(prev), VN("rb_parent", rb_parent));

	DO(__vma_link(mm, vma, prev, rb_link, rb_parent));
	SET(mm->map_count, mm->map_count + 1);
	RETURN();
}

/*
 * __insert_vm_struct: link a VMA known not to overlap anything (the upper
 * or lower half of a split). Returns 0, or -ENOMEM if it would overlap.
 */
static int
__insert_vm_struct(struct mm *mm, struct vma *vma)
{
	struct vma *prev;
	struct rb_node **rb_link, *rb_parent;

	if (find_vma_links(mm, vma->vm_start, vma->vm_end, &prev, &rb_link,
	    &rb_parent))
		return -ENOMEM;
	__vma_link(mm, vma, prev, rb_link, rb_parent);
	mm->map_count++;
	return 0;
}

/* Unlink `vma`, whose predecessor in the list is `prev`. */
static void
__vma_unlink_prev(struct mm *mm, struct vma *vma, struct vma *prev)
{
	struct vma *next;

	vma_rb_erase(vma, &mm->mm_rb);
	next = vma->vm_next;
	if (prev != NULL)
		prev->vm_next = next;
	else
		mm->mmap = next;
	if (next != NULL)
		next->vm_prev = prev;
}

static void
vfile_put(struct vfile *f)
{
	if (f != NULL)
		f->refs--;
}

static void
vfile_get(struct vfile *f)
{
	if (f != NULL)
		f->refs++;
}

static void
vma_free(struct vma *vma)
{
	vfile_put(vma->vm_file);
	kmem_cache_free(vm_area_cachep, vma);
}

static int	vma_adjust_boundary(struct vma *, unsigned long, unsigned long, unsigned long, struct vma *);
/*
 * __vma_adjust: change `vma` to [start, end) with page offset `pgoff`, and
 * either link `insert` (a split's other half) or, when the new end swallows
 * the next VMA (merge cases 1, 7), remove that next VMA. The cases that
 * move the boundary between two VMAs (mprotect's 4, 5, 6, 8) are
 * vma_adjust_boundary's, at the end of this file. Returns 0, or -ENOMEM.
 */
static int
__vma_adjust(struct vma *vma, unsigned long start, unsigned long end,
    unsigned long pgoff, struct vma *insert, struct vma *expand)
{
	struct mm *mm = vma->vm_mm;
	struct vma *next = vma->vm_next;
	int remove_next = 0, start_changed = 0, end_changed = 0;

	if (next != NULL && insert == NULL && (end < vma->vm_end || end > next->vm_start) && (next == expand || end != next->vm_end))
		return vma_adjust_boundary(vma, start, end, pgoff, expand);
	if (next != NULL && insert == NULL && end >= next->vm_end) {
		remove_next = 1;	/* vma grows over all of next: cases 1, 7 */
	}
	if (start != vma->vm_start) {
		vma->vm_start = start;
		start_changed = 1;
	}
	if (end != vma->vm_end) {
		vma->vm_end = end;
		end_changed = 1;
	}
	vma->vm_pgoff = pgoff;

	if (remove_next) {
		__vma_unlink_prev(mm, next, vma);
	} else if (insert != NULL) {
		/* split_vma: the other half goes in beside vma. */
		if (__insert_vm_struct(mm, insert))
			return -ENOMEM;
	} else {
		if (start_changed)
			vma_gap_update(vma);
		if (end_changed) {
			if (next == NULL)
				mm->highest_vm_end = vm_end_gap(vma);
			else
				vma_gap_update(next);
		}
	}

	if (remove_next) {
		mm->map_count--;
		vma_free(next);
		next = vma->vm_next;
		if (next != NULL)
			vma_gap_update(next);
		else
			mm->highest_vm_end = vm_end_gap(vma);
		if (start_changed)
			vma_gap_update(vma);
	}
	return 0;
}

/* ---- merging ---------------------------------------------------------- */

/*
 * Can a new range with these flags and file sit beside `vma` in one VMA?
 * Flags must match (VM_SOFTDIRTY aside) and the file must be the same.
 */
static int
is_mergeable_vma(const struct vma *vma, const struct vfile *file,
    unsigned long vm_flags)
{
	if ((vma->vm_flags ^ vm_flags) & ~VM_SOFTDIRTY)
		return 0;
	if (vma->vm_file != file)
		return 0;
	return 1;
}

/* The new range ends where `vma` starts, with contiguous file offsets. */
static int
can_vma_merge_before(const struct vma *vma, unsigned long vm_flags,
    const struct vfile *file, unsigned long vm_pgoff)
{
	return is_mergeable_vma(vma, file, vm_flags) &&
	    vma->vm_pgoff == vm_pgoff;
}

/* The new range starts where `vma` ends, with contiguous file offsets. */
static int
can_vma_merge_after(const struct vma *vma, unsigned long vm_flags,
    const struct vfile *file, unsigned long vm_pgoff)
{
	return is_mergeable_vma(vma, file, vm_flags) &&
	    vma->vm_pgoff + ((vma->vm_end - vma->vm_start) >> PAGE_SHIFT) ==
	    vm_pgoff;
}

/*
 * vma_merge: the new range [addr, end) is about to be mapped right after
 * `prev` (NULL: at the bottom). If it can extend a neighbour instead of
 * needing a VMA of its own, do that:
 *
 *     case 1: PPPP    NNNN   ->  PPPPPPPPPPPP   prev, new and next as one
 *     case 2: PPPP    ....   ->  PPPPPPPP       prev grows up
 *     case 3: ....    NNNN   ->      NNNNNNNN   next grows down
 *
 * Returns the VMA that now covers the range, or NULL when nothing merged.
 * mprotect also merges a range that is part of a VMA already (cases 4-8,
 * drawn above vma_adjust_boundary). Anonymous memory has no anon_vma yet
 * and no mempolicy here, so only flags, file and offsets decide.
 */
struct vma *
vma_merge(struct mm *mm, struct vma *prev, unsigned long addr,
    unsigned long end, unsigned long vm_flags, struct vfile *file,
    unsigned long pgoff)
{
	TRACE_FUNC(vma_merge, mm, V(addr), V(end), V(vm_flags), V(pgoff));
	unsigned long pglen = (end - addr) >> PAGE_SHIFT;
	struct vma *area, *next;
	int err;

	if (DECIDE("vma_merge.special", vm_flags & VM_SPECIAL, V(vm_flags)))
		RETURN((struct vma *)NULL);

	if (prev)
		next = prev->vm_next;
	else
		next = mm->mmap;
	area = next;
	if (area && area->vm_end == end)		/* cases 6, 7, 8 */
		next = next->vm_next;

	/* Can it merge with the predecessor? */
	if (DECIDE("vma_merge.after_prev", prev && prev->vm_end == addr && can_vma_merge_after(prev, vm_flags, file, pgoff), VN("prev->vm_end", prev ? prev->vm_end : 0), V(addr))) {
		/* OK, it can.  Can we now merge in the successor as well? */
		if (DECIDE("vma_merge.and_next", next && end == next->vm_start && can_vma_merge_before(next, vm_flags, file, pgoff + pglen), V(end), VN("next->vm_start", next ? next->vm_start : 0))) {
			/* case 1 */
			err = __vma_adjust(prev, prev->vm_start, next->vm_end, prev->vm_pgoff, NULL, prev);
		} else {
			/* case 2 */
			err = __vma_adjust(prev, prev->vm_start, end, prev->vm_pgoff, NULL, prev);
		}
		if (err)
			RETURN((struct vma *)NULL);
		RETURN(prev);
	}

	/* Can this new request be merged in front of next? */
	if (DECIDE("vma_merge.before_next", next && end == next->vm_start && can_vma_merge_before(next, vm_flags, file, pgoff + pglen), V(end), VN("next->vm_start", next ? next->vm_start : 0))) {
		/* case 4: prev shrinks, next grows down; 3, 8: next grows down over the range */
		err = (prev && addr < prev->vm_end) ? __vma_adjust(prev, prev->vm_start, addr, prev->vm_pgoff, NULL, next) : __vma_adjust(area, addr, next->vm_end, next->vm_pgoff - pglen, NULL, next);
		if (err)
			RETURN((struct vma *)NULL);
		RETURN(next);
	}
	RETURN((struct vma *)NULL);
}

/* ---- splitting and unmapping ------------------------------------------ */

/*
 * __split_vma: cut `vma` in two at `addr`. With new_below the new VMA is
 * the lower part [vm_start, addr), else the upper part [addr, vm_end).
 * Returns 0, or -ENOMEM when out of memory (vma unchanged).
 */
int
__split_vma(struct mm *mm, struct vma *vma, unsigned long addr, int new_below)
{
	TRACE_FUNC(__split_vma, mm, VN("vm_start", vma->vm_start), VN("vm_end", vma->vm_end), V(addr), V(new_below));
	struct vma *new;
	int err;

	new = kmem_cache_alloc(vm_area_cachep, GFP_KERNEL);
	if (!new)
		RETURN(-ENOMEM);

	/* most fields are the same, copy all, and then fixup */
	*new = *vma;
	memset(&new->vm_rb, 0, sizeof(new->vm_rb));
	if (new_below)
		new->vm_end = addr;
	else {
		new->vm_start = addr;
		new->vm_pgoff += ((addr - vma->vm_start) >> PAGE_SHIFT);
	}
	vfile_get(new->vm_file);

	if (new_below)
		err = __vma_adjust(vma, addr, vma->vm_end, vma->vm_pgoff + ((addr - new->vm_start) >> PAGE_SHIFT), new, NULL);
	else
		err = __vma_adjust(vma, vma->vm_start, addr, vma->vm_pgoff, new, NULL);

	if (err) {
		vma_free(new);
		RETURN(err);
	}
	RETURN(0);
}

/*
 * split_vma: __split_vma, refused with -ENOMEM when the mm already holds
 * max_map_count VMAs.
 */
int
split_vma(struct mm *mm, struct vma *vma, unsigned long addr, int new_below)
{
	if (mm->map_count >= mm->max_map_count)
		return -ENOMEM;
	return __split_vma(mm, vma, addr, new_below);
}

/*
 * Take the VMAs from `vma` up to `end` out of the tree and the list. The
 * VMA after them gets a larger gap (or, at the top, highest_vm_end drops).
 */
static void
detach_vmas_to_be_unmapped(struct mm *mm, struct vma *vma, struct vma *prev,
    unsigned long end)
{
	struct vma **insertion_point, *tail_vma = NULL;

	insertion_point = prev ? &prev->vm_next : &mm->mmap;
	vma->vm_prev = NULL;
	do {
		vma_rb_erase(vma, &mm->mm_rb);
		mm->map_count--;
		tail_vma = vma;
		vma = vma->vm_next;
	} while (vma && vma->vm_start < end);
	*insertion_point = vma;
	if (vma) {
		vma->vm_prev = prev;
		vma_gap_update(vma);
	} else
		mm->highest_vm_end = prev ? vm_end_gap(prev) : 0;
	tail_vma->vm_next = NULL;
}

/* Free a detached list of VMAs and take them out of the counters. */
static void
remove_vma_list(struct mm *mm, struct vma *vma)
{
	struct vma *next;
	long nrpages;

	while (vma != NULL) {
		nrpages = (long)((vma->vm_end - vma->vm_start) >> PAGE_SHIFT);
		if (vma->vm_flags & VM_LOCKED)
			mm->locked_vm -= (unsigned long)nrpages;
		vm_stat_account(mm, vma->vm_flags, -nrpages);
		next = vma->vm_next;
		vma_free(vma);
		vma = next;
	}
}

/*
 * do_munmap: remove [start, start+len) from the address space, splitting
 * VMAs that straddle its ends.
 *
 *     before:   AAAAAAAA  BBBB  CCCCCCCC
 *     unmap:        [xxxxxxxxxxxxxxx)
 *     after:    AAAA                CCCC
 *
 * Returns 0 (also when nothing was mapped there), -EINVAL for a bad range,
 * or -ENOMEM when a split would exceed max_map_count or memory runs out.
 */
int
do_munmap(struct mm *mm, unsigned long start, unsigned long len)
{
	TRACE_FUNC(do_munmap, mm, V(start), V(len));
	unsigned long end;
	struct vma *vma, *prev, *last;
	int error;

	if (DECIDE("do_munmap.bad_range", offset_in_page(start) || start > mm->task_size || len > mm->task_size - start, V(start), V(len), VN("TASK_SIZE", mm->task_size)))
		RETURN(-EINVAL);

	len = PAGE_ALIGN(len);
	if (DECIDE("do_munmap.zero_len", len == 0, V(len)))
		RETURN(-EINVAL);

	/* Find the first overlapping VMA */
	vma = find_vma(mm, start);
	if (DECIDE("do_munmap.nothing_above", !vma, V(start)))
		RETURN(0);
	prev = vma->vm_prev;
	/* we have  start < vma->vm_end  */

	/* if it doesn't overlap, we have nothing.. */
	end = start + len;
	if (DECIDE("do_munmap.no_overlap", vma->vm_start >= end, VN("vma->vm_start", vma->vm_start), V(end)))
		RETURN(0);

	/*
	 * If we need to split any vma, do it now to save pain later.
	 */
	if (DECIDE("do_munmap.split_first", start > vma->vm_start, V(start), VN("vma->vm_start", vma->vm_start))) {
		/*
		 * Make sure that map_count on return from munmap() will
		 * not exceed its limit; but let map_count go just above
		 * its limit temporarily, to help free resources as expected.
		 */
		if (DECIDE("do_munmap.map_count", end < vma->vm_end && mm->map_count >= mm->max_map_count, VN("map_count", mm->map_count), VN("max_map_count", mm->max_map_count)))
			RETURN(-ENOMEM);

		error = __split_vma(mm, vma, start, 0);
		if (error)
			RETURN(error);
		prev = vma;
	}

	/* Does it split the last one? */
	last = find_vma(mm, end);
	if (DECIDE("do_munmap.split_last", last && end > last->vm_start, V(end), VN("last->vm_start", last ? last->vm_start : 0))) {
		error = __split_vma(mm, last, end, 1);
		if (error)
			RETURN(error);
	}
	vma = prev ? prev->vm_next : mm->mmap;

	/* Remove the vma's, and unmap the actual pages */
	detach_vmas_to_be_unmapped(mm, vma, prev, end);

	/* Fix up all other VM information */
	remove_vma_list(mm, vma);
	RETURN(0);
}

/*
 * count_vma_pages_range: pages of [addr, end) that are mapped now (what a
 * MAP_FIXED mapping there would unmap first).
 */
unsigned long
count_vma_pages_range(struct mm *mm, unsigned long addr, unsigned long end)
{
	unsigned long nr_pages = 0, overlap_len;
	struct vma *vma;

	/* Find first overlaping mapping */
	vma = find_vma_intersection(mm, addr, end);
	if (!vma)
		return 0;

	nr_pages = (((end < vma->vm_end) ? end : vma->vm_end) -
	    ((addr > vma->vm_start) ? addr : vma->vm_start)) >> PAGE_SHIFT;

	/* Iterate over the rest of the overlaps */
	for (vma = vma->vm_next; vma; vma = vma->vm_next) {
		if (vma->vm_start > end)
			break;
		overlap_len = ((end < vma->vm_end) ? end : vma->vm_end) -
		    vma->vm_start;
		nr_pages += overlap_len >> PAGE_SHIFT;
	}
	return nr_pages;
}

/* ---- page protections -------------------------------------------------- */

/*
 * x86's protection_map, indexed by VM_READ|VM_WRITE|VM_EXEC|VM_SHARED.
 * Private writable pages are mapped read-only (copy on write: PAGE_COPY),
 * shared writable ones writable (PAGE_SHARED). The values are the x86 page
 * table bits: _PAGE_PRESENT 0x1, _PAGE_RW 0x2, _PAGE_USER 0x4,
 * _PAGE_ACCESSED 0x20, _PAGE_NX bit 63.
 */
#define P_PRESENT	0x001UL
#define P_RW		0x002UL
#define P_USER		0x004UL
#define P_ACCESSED	0x020UL
#define P_NX		(1UL << 63)
#define PAGE_NONE_	(P_ACCESSED)		/* _PAGE_PROTNONE aside */
#define PAGE_RO		(P_PRESENT | P_USER | P_ACCESSED | P_NX)
#define PAGE_RO_EXEC	(P_PRESENT | P_USER | P_ACCESSED)
#define PAGE_COPY_	PAGE_RO
#define PAGE_COPY_EXEC	PAGE_RO_EXEC
#define PAGE_SHARED_	(P_PRESENT | P_RW | P_USER | P_ACCESSED | P_NX)
#define PAGE_SHARED_EXEC (P_PRESENT | P_RW | P_USER | P_ACCESSED)

static const unsigned long protection_map[16] = {
	[0x0] = PAGE_NONE_,	[0x1] = PAGE_RO,
	[0x2] = PAGE_COPY_,	[0x3] = PAGE_COPY_,
	[0x4] = PAGE_RO_EXEC,	[0x5] = PAGE_RO_EXEC,
	[0x6] = PAGE_COPY_EXEC,	[0x7] = PAGE_COPY_EXEC,
	[0x8] = PAGE_NONE_,	[0x9] = PAGE_RO,
	[0xa] = PAGE_SHARED_,	[0xb] = PAGE_SHARED_,
	[0xc] = PAGE_RO_EXEC,	[0xd] = PAGE_RO_EXEC,
	[0xe] = PAGE_SHARED_EXEC, [0xf] = PAGE_SHARED_EXEC,
};

/* vm_get_page_prot: the page-table protection for these vm_flags. */
unsigned long
vm_get_page_prot(unsigned long vm_flags)
{
	return protection_map[vm_flags &
	    (VM_READ | VM_WRITE | VM_EXEC | VM_SHARED)];
}

/* ---- moving a boundary, mremap's adjust and copy ----------------------- */

/*
 * vma_adjust_boundary: the merges of a range that is already mapped (an
 * mprotect piece, AAAA below), where __vma_adjust moves the boundary
 * between two VMAs or removes one in the middle:
 *
 *              AAAA               AAAA               AAAA
 *     case 4: PPPPPPNNNN  case 5: PPPPNNNNNN  case 6: PPPPNNNNXXXX
 *          -> PPNNNNNNNN       -> PPPPPPPPNN       -> PPPPPPPPPPPP
 *                                             case 8: PPPPNNNNXXXX
 *                                                  -> PPPPXXXXXXXX
 *
 * Case 4: vma (P) shrinks to `end` and its next grows down to it. Case 5:
 * vma (P) grows to `end` and its next shrinks from it (adjust_next in
 * 4.14). Case 6: vma (P) swallows next and the one after (4.14 removes
 * them in two passes). Case 8: vma (N) goes and its next (X, `expand`)
 * grows down over it, taking `start` and `pgoff`. Every VMA whose own gap
 * changed is mended once the list is final. Cannot fail (returns 0).
 */
static int
vma_adjust_boundary(struct vma *vma, unsigned long start, unsigned long end,
    unsigned long pgoff, struct vma *expand)
{
	struct mm *mm = vma->vm_mm;
	struct vma *next = vma->vm_next, *after;
	long shift;

	if (end >= next->vm_end && next == expand) {
		/* case 8 */
		next->vm_start = start;
		next->vm_pgoff = pgoff;
		__vma_unlink_prev(mm, vma, vma->vm_prev);
		mm->map_count--;
		vma_free(vma);
		vma_gap_update(next);
		return 0;
	}
	if (end >= next->vm_end) {
		/* case 6 */
		after = next->vm_next;
		__vma_unlink_prev(mm, next, vma);
		__vma_unlink_prev(mm, after, vma);
		mm->map_count -= 2;
		vma_free(next);
		vma_free(after);
		vma->vm_start = start;
		vma->vm_end = end;
		vma->vm_pgoff = pgoff;
		if (vma->vm_next != NULL)
			vma_gap_update(vma->vm_next);
		else
			mm->highest_vm_end = vm_end_gap(vma);
		return 0;
	}
	/* cases 4 and 5: the boundary moves by `shift` pages */
	shift = ((long)end - (long)next->vm_start) / (long)PAGE_SIZE;
	if (end < vma->vm_end)
		shift = -(long)((vma->vm_end - end) >> PAGE_SHIFT);
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	next->vm_start += (unsigned long)shift << PAGE_SHIFT;
	next->vm_pgoff += (unsigned long)shift;
	vma_gap_update(vma);
	vma_gap_update(next);
	return 0;
}

/*
 * vma_adjust: 4.14's vma_adjust, __vma_adjust without a merge to expand:
 * change `vma` to [start, end) at `pgoff` and link `insert` when given
 * (mremap grows a VMA in place with it). Returns 0, or -ENOMEM.
 */
int
vma_adjust(struct vma *vma, unsigned long start, unsigned long end,
    unsigned long pgoff, struct vma *insert)
{
	return __vma_adjust(vma, start, end, pgoff, insert, NULL);
}

/*
 * copy_vma: give [addr, addr+len) the mapping of *vmap from page `pgoff`
 * on (mremap's destination), by extending a neighbour when vma_merge can,
 * else with a new VMA. An anonymous VMA that never faulted takes the
 * offset of its new address instead, to merge more often; the model
 * never faults, so that is every private anonymous VMA. If the merge
 * swallowed the source itself (it was the neighbour), *vmap becomes the
 * merged VMA. Returns the VMA that holds the range, or NULL when out of
 * memory.
 */
struct vma *
copy_vma(struct vma **vmap, unsigned long addr, unsigned long len,
    unsigned long pgoff)
{
	TRACE_FUNC(copy_vma, (*vmap)->vm_mm, V(addr), V(len), V(pgoff));
	struct vma *vma;
	unsigned long vma_start;
	struct mm *mm;
	struct vma *new_vma, *prev;
	struct rb_node **rb_link, *rb_parent;

	SET(vma, *vmap);
	SET(vma_start, vma->vm_start);
	SET(mm, vma->vm_mm);
	/*
	 * If anonymous vma has not yet been faulted, update new pgoff to
	 * match new location, to increase its chance of merging.
	 */
	if (DECIDE("copy_vma.unfaulted_anon", vma->vm_file == NULL, VN("vm_file", vma->vm_file != NULL)))
		SET(pgoff, addr >> PAGE_SHIFT);

	if (DECIDE("copy_vma.overlap", find_vma_links(mm, addr, addr + len, &prev, &rb_link, &rb_parent), V(addr), V(len)))
		RETURN((struct vma *)NULL);	/* should never get here */
	SET(new_vma, vma_merge(mm, prev, addr, addr + len, vma->vm_flags, vma->vm_file, pgoff));
	if (DECIDE("copy_vma.merged", new_vma, V(new_vma))) {
		/* Source vma may have been merged into new_vma */
		if (DECIDE("copy_vma.merged_self", vma_start >= new_vma->vm_start && vma_start < new_vma->vm_end, V(vma_start), VN("new_vma->vm_end", new_vma->vm_end)))
			DO(*vmap = vma = new_vma);
	} else {
		DO(new_vma = kmem_cache_alloc(vm_area_cachep, GFP_KERNEL));
		if (DECIDE("copy_vma.no_memory", !new_vma, V(len)))
			RETURN((struct vma *)NULL);
		DO(*new_vma = *vma);
		DO(memset(&new_vma->vm_rb, 0, sizeof(new_vma->vm_rb)));
		SET(new_vma->vm_start, addr);
		SET(new_vma->vm_end, addr + len);
		SET(new_vma->vm_pgoff, pgoff);
		DO(vfile_get(new_vma->vm_file));
		DO(vma_link(mm, new_vma, prev, rb_link, rb_parent));
	}
	RETURN(new_vma);
}
