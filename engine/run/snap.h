/*
 * snap.h - a snapshot of the VMA tree at one moment of a run, and the
 * replay that reaches that moment.
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
 * the middle of an insert or an erase shows the tree as it then is.
 *
 * The replay (snap_replay) applies a scenario with a trace sink attached
 * and hands every event, with the live mm, to a callback: that is where a
 * caller takes the snapshots it wants (at one step, or at each step of a
 * system call). Libc only, like the rest of the engine.
 */
#ifndef VMALAB_SNAP_H
#define VMALAB_SNAP_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/mm.h"
#include "run.h"
#include "trace/trace.h"

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

/*
 * The replay. For each operation of the scenario (in order), run_op is
 * called with a recording sink attached to r->mm; each event is handed to
 * `fn` as it happens, with the mm in the state the event describes and
 * `op` the index of the operation (0-based); ev->seq counts the events
 * from 0 over the whole run. `fn` returns 0 to go on, or nonzero to stop
 * the replay after the current operation completes (the engine cannot be
 * stopped in the middle of a call).
 *
 * When `results` is not NULL, results[k] receives the result of operation
 * k (room for r->sc->nops values).
 *
 * Returns 0 when every operation ran, 1 when fn asked to stop, -1 when
 * the engine's checks (mm_validate) failed after an operation, with the
 * message in err.
 */
typedef int (*snap_event_fn)(void *ctx, struct mm *mm, size_t op,
	    const struct trace_event *ev);
int	snap_replay(struct run *r, snap_event_fn fn, void *ctx,
	    unsigned long *results, char *err, size_t errlen);

#endif
