/*
 * search.h - what one call of unmapped_area or unmapped_area_topdown did,
 * read back from its trace events: for a figure that overlays the search
 * on the tree, or for a viewer that marks it.
 *
 * Feed the events of the call in order, from its CALL event on; stop at
 * any point to get the search as it stands at that step:
 *
 *   visit[]   the VMAs the search's `vma` pointed at, in order (by
 *             vm_start): the root, each step down, each step back up;
 *   skip[]    the subtrees it did not enter, with the reason: their
 *             rb_subtree_gap was smaller than the length it needs
 *             (SEARCH_SKIP_GAP), or every gap in them lies below
 *             low_limit (bottom-up, SEARCH_SKIP_LOW) or above high_limit
 *             (top-down, SEARCH_SKIP_HIGH);
 *   state     running, found (chosen = the VMA just above the chosen gap,
 *             or `highest` for the gap above the last VMA), or failed;
 *   result    the address returned, once it has returned.
 *
 * Only the trace is read: the module works on a recording as well as live.
 * Libc only.
 */
#ifndef VMALAB_SEARCH_H
#define VMALAB_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "trace/trace.h"

enum search_why {
	SEARCH_SKIP_GAP,	/* rb_subtree_gap < length */
	SEARCH_SKIP_LOW,	/* bottom-up: all below low_limit */
	SEARCH_SKIP_HIGH,	/* top-down: all above high_limit */
};

struct search_skip {
	unsigned long	 start;		/* vm_start of the subtree's root */
	enum search_why	 why;
	unsigned long	 value;		/* rb_subtree_gap, or the gap bound */
	unsigned long	 limit;		/* length, low_limit or high_limit
					   as the search compared them */
};

enum search_state { SEARCH_RUNNING, SEARCH_FOUND, SEARCH_FAILED };

struct search {
	int		 topdown;
	int		 depth;		/* call depth of the traced call */
	uint64_t	 first_seq, last_seq;	/* events fed so far */
	/* info->length, low_limit, high_limit as passed in */
	unsigned long	 length, low_limit, high_limit;
	/* The locals as last assigned (0 until then). */
	unsigned long	 adj_length, adj_low, adj_high;
	int		 has_adj_length;
	unsigned long	 gap_start, gap_end;
	int		 has_gap_start, has_gap_end;

	unsigned long	*visit;
	size_t		 nvisit, visitcap;
	struct search_skip *skip;
	size_t		 nskip, skipcap;

	int		 has_current;
	unsigned long	 current;	/* vm_start of the search's `vma` */

	enum search_state state;
	const char	*why_failed;	/* the decision id that failed it */
	int		 highest;	/* FOUND: the gap above the last VMA */
	unsigned long	 chosen;	/* FOUND, !highest: the VMA above */
	unsigned long	 found_start, found_end;	/* FOUND: the gap */
	int		 returned;
	unsigned long	 result;

	/* The last decision fed, for captions. */
	const char	*last_id;
	int		 last_outcome;

	int		 nomem;		/* a list could not grow */
	/* Bookkeeping: the child the next go_* decision is about. */
	unsigned long	 pending_child;
};

/* Is `ev` the CALL event of unmapped_area or unmapped_area_topdown? */
int	search_is_call(const struct trace_event *ev);
/* Is `func` (may be NULL) one of those two functions? */
int	search_is_func(const char *func);

/* Starts a search from its CALL event. */
void	search_start(struct search *s, const struct trace_event *call);

/*
 * Feeds the next event. Returns 1 while the event belongs to the call,
 * 0 for an event after its RETURN (which is ignored). On memory
 * exhaustion a list stops growing and s->nomem is set.
 */
int	search_feed(struct search *s, const struct trace_event *ev);

/* Copies `from` into `to` (deep). Returns 0, or -1 out of memory. */
int	search_copy(struct search *to, const struct search *from);

void	search_free(struct search *s);

/* A name for a reason, "rb_subtree_gap < length" and so on. */
const char *search_why_text(enum search_why why);

#endif
