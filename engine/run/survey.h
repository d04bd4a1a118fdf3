/*
 * survey.h - a run surveyed once, then drawn at the moments chosen: the
 * engine side of vmalab dot.
 *
 * A figure is drawn at a moment of a run. A moment is an event number:
 * event k is the k-th event of the run, counted from 1 (ev->seq + 1 when
 * the whole run is played with one sink); moment 0 is the start state and
 * nev + 1 the end of the run. Tree edits (insert, erase, rotation, gap
 * update) are events inside a step, so a moment can fall between two
 * steps: that is how the frames of one call show each edit.
 *
 * The survey plays the run once (replay_play, which numbers the steps for
 * the stepper too) and keeps, per event, the call and the step it belongs
 * to, and whether the picture changes there; per step, the event that is
 * that step; per call, the event of its SYSCALL; and where each search
 * (unmapped_area, unmapped_area_topdown) begins and ends:
 *
 *   event    1        2      3     ...    40       41      ...
 *   kind     SYSCALL  CALL   STEP         DECIDE   TREE
 *   step     1        1      2            17       17
 *   op_of    0        0      0            0        0
 *
 * survey_capture then plays the same scenario again from its start and
 * takes a snapshot (snap.h) at each moment asked for. So `vmalab dot --at
 * N` and the stepper at step N count with the same code and take the same
 * snapshot (tests/test-tui.c checks it). Libc only.
 */
#ifndef VMALAB_SURVEY_H
#define VMALAB_SURVEY_H

#include <stddef.h>
#include <stdint.h>

#include "replay.h"
#include "search.h"
#include "snap.h"

#define SURVEY_CHANGE	0x1	/* the picture changes at this event */
#define SURVEY_SEARCH	0x2	/* ... because of the search */

/* One search of the run: the events of its CALL and RETURN. */
struct survey_search {
	uint64_t	 call, ret;
	size_t		 op;
};

/*
 * Called for each event as it is surveyed (vmalab dot --steps lists
 * them): `step` is the step's number when ev is a step, else 0.
 */
typedef void (*survey_each_fn)(void *ctx, uint64_t step,
    const struct trace_event *ev);

struct survey {
	uint64_t	 nev;		/* events in the run */
	uint64_t	 nsteps;	/* steps in the run */
	uint32_t	*op_of;		/* [event]: the call (0-based) */
	uint32_t	*stepno;	/* [event]: the step it belongs to */
	unsigned char	*flags;		/* [event]: SURVEY_* */
	uint64_t	*step_ev;	/* [step]: the event that is step N */
	uint64_t	*op_first;	/* [op]: the event of its SYSCALL */
	struct survey_search *found;	/* the searches, in order */
	size_t		 nfound;
	/* Bookkeeping while surveying. */
	size_t		 cap, stepcap, foundcap;
	struct search	 live;
	int		 in_search;
	int		 nomem;
	survey_each_fn	 each;
	void		*each_ctx;
};

/*
 * survey_run: plays every call of r's scenario on `r` (started with
 * run_start; it ends in the final state), checking the model after each
 * call, and fills *sv. `each` (may be NULL) sees every event. When
 * `results` is not NULL, results[k] receives what call k returned.
 * Returns 0, or -1 with a message in err (out of memory, or the model
 * broke an invariant); *sv must be freed either way.
 */
int	survey_run(struct survey *sv, struct run *r, unsigned long *results,
	    survey_each_fn each, void *ctx, char *err, size_t errlen);
void	survey_free(struct survey *sv);

/*
 * The moment of step `step` (from 1; 0 is the start state): the event
 * that is that step, as the stepper shows it. Returns 0, or -1 when the
 * run has fewer steps.
 */
int	survey_at_step(const struct survey *sv, uint64_t step,
	    uint64_t *moment);
/* The moment after the first `k` calls (k <= the number of calls). */
uint64_t survey_after_call(const struct survey *sv, size_t k, size_t nops);
/* The moment at the end of the run. */
uint64_t survey_end(const struct survey *sv);

/*
 * survey_call_from: the call in progress just after `moment` (< nev) in
 * *op, and the moment its frames begin: `moment` itself when it falls
 * within that call, else the call's first event.
 */
uint64_t survey_call_from(const struct survey *sv, uint64_t moment,
	    size_t *op);

/*
 * survey_next_change: the first event after `event` and before `end` at
 * which the picture changes (a tree edit; with_search: a move of the
 * search too), or `end` when there is none.
 */
uint64_t survey_next_change(const struct survey *sv, uint64_t event,
	    uint64_t end, int with_search);

/*
 * The search in progress at `moment`, or else the first one after it;
 * NULL when there is none.
 */
const struct survey_search *survey_search_near(const struct survey *sv,
	    uint64_t moment);

/*
 * Called at each moment of survey_capture: k is its index in the list,
 * s the snapshot (valid during the call), ev the event of the moment
 * (NULL at the start and the end of the run), sr the search in progress
 * or NULL. Returns 0 to go on, -1 to stop with a failure.
 */
typedef int (*survey_capture_fn)(void *ctx, size_t k, const struct snap *s,
    const struct trace_event *ev, const struct search *sr);

/*
 * survey_capture: plays every call of r's scenario on `r` (just started
 * with run_start, as the survey's run was) and calls fn with a snapshot
 * at each of the `n` moments (in increasing order; moments past the last
 * event are taken at the end of the run). Returns 0, or -1: fn failed,
 * or out of memory or the model broke (the message in err).
 */
int	survey_capture(struct run *r, const uint64_t *moments, size_t n,
	    survey_capture_fn fn, void *ctx, char *err, size_t errlen);

#endif
