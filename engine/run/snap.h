/*
 * snap.h - a snapshot of the VMA tree at one moment of a run: the one
 * copy of the address space that every viewer draws (the stepper's panes,
 * the Graphviz figures, the tests).
 *
 * A picture of the tree (a Graphviz figure, a test, a stepper pane) needs
 * the tree as plain data that outlives the moment it was taken: the engine
 * goes on editing, and VMAs are freed. A snapshot copies, for every node
 * reachable from the root, what a figure shows:
 *
 *   n[0] .. n[count-1]   the nodes in address order (the in-order walk),
 *                        so that n[i-1] is the VMA just below n[i];
 *   left, right, parent  indices into n[], -1 for none;
 *   gap                  the VMA's own gap: vm_start_gap(vma) less
 *                        vm_end_gap of the VMA below it in the tree,
 *                        0 when that is negative (vm_start_gap(vma) for the
 *                        lowest), exactly what vma_compute_subtree_gap
 *                        uses, as long as the tree and the list agree;
 *   subtree_gap          rb_subtree_gap as stored in the node. In the
 *                        middle of an edit it may be stale: that is the
 *                        truth of the moment, and a figure shows it.
 *
 * Snapshots are taken from the tree alone (rb_left, rb_right, the colour
 * bit), never from the vm_next/vm_prev list, so that a snapshot taken in
 * the middle of an insert or an erase shows the tree as it then is. The
 * list only says which VMAs the tree does not reach at that moment
 * (`detached`, below), so that a viewer can still show every VMA.
 *
 * A snapshot is taken while a run is played (replay_play in replay.h hands
 * every event over with the live mm): the stepper takes one at the step it
 * shows, vmalab dot at the moments it draws (survey.h). Libc only, like
 * the rest of the engine.
 */
#ifndef VMALAB_SNAP_H
#define VMALAB_SNAP_H

#include <stddef.h>

#include "kernel/mm.h"

struct snap_node {
	unsigned long	 start, end;	/* vm_start, vm_end */
	unsigned long	 flags;		/* vm_flags */
	unsigned long	 gap;		/* own gap below the VMA */
	unsigned long	 subtree_gap;	/* rb_subtree_gap */
	int		 color;		/* RB_RED or RB_BLACK */
	int		 left, right, parent;	/* -1: none */
	int		 depth;		/* root: 0 */
	char		*name;		/* run_vma_name(), NULL: anonymous */
};

struct snap {
	struct snap_node *n;		/* address order */
	size_t		 count;
	int		 root;		/* -1: empty tree */
	int		 height;	/* levels of nodes; 0 for an empty tree */
	int		 map_count;	/* mm->map_count at the moment */
	unsigned long	 highest_vm_end;
	unsigned long	 mmap_base, task_size, stack_guard_gap;
	unsigned long	 start_brk, brk;
	enum mm_layout	 layout;
	int		 broken;	/* the walk met a cycle or too many nodes */
	/*
	 * VMAs on the vm_next list that the walk from the root does not
	 * reach: in the middle of a rotation a subtree hangs from no node
	 * for a few lines, and between linking a VMA into the list and
	 * into the tree (or unlinking it) one VMA is on the list alone.
	 * Each such subtree is a snapshot of its own (its nodes' gaps
	 * against their vm_prev), chained; n[] and count are the tree's
	 * alone. NULL, 0: none (always, between calls).
	 */
	struct snap	*detached;
	int		 ndetached;	/* VMAs in the whole chain */
};

/*
 * snap_take: copies the tree of `mm` into `s`. Returns 0, or -1 when out
 * of memory (s is then empty and needs no snap_free). A tree whose walk
 * does not end within map_count + 64 nodes (only possible if the engine
 * were broken) is cut there and marks s->broken.
 */
int	snap_take(struct snap *s, const struct mm *mm);
void	snap_free(struct snap *s);

/*
 * snap_find: the index of the first node that ends above `addr`, as
 * find_vma finds it; -1 when every node ends at or below addr.
 */
int	snap_find(const struct snap *s, unsigned long addr);

/* snap_index: the node whose vm_start is `start`, or -1. */
int	snap_index(const struct snap *s, unsigned long start);

#endif
