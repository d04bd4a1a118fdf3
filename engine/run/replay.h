/*
 * replay.h - playing the calls of a run (replay_play, for every replay),
 * and a recorded run that can be revisited at any step: the engine side
 * of the stepper (libc only, like the rest of the engine).
 *
 * Recording a whole run event by event would cost some 200 bytes an event;
 * a million-step lecture would need half a gigabyte. Instead the run is
 * played once, keeping only
 *
 *   - a step table: 6 bytes a step (depth, listing, line, flags), enough
 *     to move like gdb (next, step, finish, continue) without the events;
 *   - per system call: where its steps begin in the table, its result;
 *   - checkpoints: copies of the state (the mm with its tree in exactly
 *     the same shape, and the file table) before some of the calls.
 *
 * To show step N, replay_seek copies the checkpoint at or before N's
 * system call, plays the calls in between without a trace, then plays
 * N's call (replay_play) keeping its events, and takes a snapshot of the
 * mm (snap_take, snap.h) when the event of step N goes by. The engine is
 * deterministic, so the events are the very ones of the first run
 * (tests/test-tui.c checks this for every call of the built-in
 * scenarios). A call of the allocator
 * (malloc, free...) is one scenario call that makes system calls of its
 * own: each of those is a TRACE_SYSCALL step inside it, at its depth.
 *
 *   recorded run:    ck0 op0 op1 op2 ck3 op3 op4 op5 ...
 *   seek(step in op4):  copy ck3, play op3 untraced, play op4 traced
 *
 * What a step is: the start of a system call (TRACE_SYSCALL), a line of an
 * instrumented function (TRACE_STEP), and a decision of a function that is
 * only logged (TRACE_DECIDE outside an instrumented function: its line
 * has no STEP of its own). In a student build (configure
 * --enable-student=LAB), the call of a function the lab's students write
 * is a step too, the one step of it: its listing's "your lab: write
 * this" line. See replay_is_step.
 */
#ifndef VMALAB_REPLAY_H
#define VMALAB_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/mm.h"
#include "run.h"
#include "snap.h"
#include "trace/trace.h"

/* ---- the step table ------------------------------------------------------ */

#define REPLAY_STEP_DECIDE	0x01	/* a decision belongs to this step */
#define REPLAY_STEP_TAKEN	0x02	/* ... and was taken */
#define REPLAY_STEP_SYSCALL	0x04	/* the start of a system call */

struct replay_step {
	uint8_t		 depth;		/* call depth, 0 for a SYSCALL */
	uint8_t		 flags;
	uint16_t	 line;		/* listing line, 0 for none */
	uint16_t	 fn;		/* 1 + index into listings[], 0: none */
} __attribute__((packed));

/* Is `ev` a step? (see above) */
int	replay_is_step(const struct trace_event *ev);

/* The listing of a step's fn field (NULL for 0), and the reverse. */
const struct listing	*replay_listing(unsigned fn);
unsigned		 replay_listing_index(const struct listing *);

/* ---- playing calls ------------------------------------------------------- */

/*
 * Every replay of a run goes through replay_play: the stepper's recording
 * and seeks, the survey of vmalab dot and its snapshots (survey.h). It
 * numbers the steps as it plays, so that "step N" is one thing everywhere:
 * the N-th event for which replay_is_step holds, counted from 1 over the
 * whole run (the stepper's "step N of M"; its step table is indexed from
 * 0, so step N is steps[N - 1]).
 *
 * What the callback gets with each event: the live mm in the state the
 * event describes (the place to take a snapshot), the call, and the step.
 */
struct replay_at {
	struct mm	*mm;
	size_t		 op;		/* the scenario call, 0-based */
	uint64_t	 step;		/* the step ev is or is in, from 1 */
	int		 is_step;	/* ev is step `step` itself */
};

typedef int (*replay_event_fn)(void *ctx, const struct replay_at *at,
    const struct trace_event *ev);

#define REPLAY_CHECK_NONE	0	/* trust the engine */
#define REPLAY_CHECK_EACH	1	/* mm_validate after every call */

/*
 * replay_play: plays calls first..last (inclusive) of st's scenario on
 * `st` with one trace sink attached (ev->seq counts from 0 over the
 * calls played), handing each event to fn; `from` is the number of steps
 * before call `first`. fn returns nonzero to stop: the call in progress
 * completes (the engine cannot be stopped within a call) and no more
 * events are handed over. When `results` is not NULL, results[k - first]
 * receives what call k returned. Returns 0 when every call ran, 1 when fn
 * stopped, -1 when REPLAY_CHECK_EACH found the model inconsistent after
 * a call (message in err).
 */
int	replay_play(struct run *st, size_t first, size_t last, uint64_t from,
	    int check, replay_event_fn fn, void *ctx, unsigned long *results,
	    char *err, size_t errlen);

/* ---- the recorded run ---------------------------------------------------- */

struct replay_op {
	uint64_t	 first;		/* its first step */
	uint32_t	 nsteps;	/* >= 1: the SYSCALL step at least */
	uint32_t	 ckpt;		/* the checkpoint to start from */
	unsigned long	 result;	/* what the engine returned */
};

struct replay_ckpt {
	size_t		 op;		/* the state before this call */
	struct run	 st;		/* own mm and fds; names, gates shared */
};

struct replay {
	const struct scenario *sc;
	struct replay_op *ops;		/* [sc->nops] */
	size_t		 nops;
	struct replay_step *steps;	/* [nsteps] */
	uint64_t	 nsteps;
	struct replay_ckpt *ck;
	size_t		 nck;
	/* Scratch for seeks: the events of one call, and the state they
	 * were played on (events may point into it). */
	struct trace_event *ev;
	size_t		 nev, evcap;
	struct run	 scratch;
	int		 has_scratch;
};

/*
 * replay_record: plays every call of r's scenario on `r` (which ends in
 * the final state) and fills *rp. `r` must have been started with
 * run_start and outlive *rp (checkpoints share its names). Returns 0, or
 * -1 with a message in err (out of memory; or the engine's model broke
 * an invariant, which mm_validate reports) and *rp zeroed.
 */
int	replay_record(struct replay *rp, struct run *r, char *err,
	    size_t errlen);
void	replay_free(struct replay *rp);

/* The call that step `step` belongs to (binary search). */
size_t	replay_op_of(const struct replay *rp, uint64_t step);

/* What one seek gives back. Zero it before the first seek. */
struct replay_view {
	uint64_t	 step;		/* the step shown */
	size_t		 op;		/* its system call */
	const struct trace_event *ev;	/* the call's events (rp->ev) */
	size_t		 nev;
	size_t		 cur;		/* index in ev of the step's event */
	size_t		 prev;		/* index in ev of the step before it
					   in the same call, or cur */
	struct snap	 snap;		/* the mm when ev[cur] was emitted */
};

/*
 * replay_seek: fills *v for step `step` (< rp->nsteps). The events stay
 * valid until the next seek. Returns 0, or -1 with a message in
 * err when out of memory (*v then keeps what it had).
 */
int	replay_seek(struct replay *rp, uint64_t step, struct replay_view *v,
	    char *err, size_t errlen);
void	replay_view_free(struct replay_view *v);

/*
 * replay_scan: plays calls first..last (inclusive; last < first scans
 * backwards one call at a time) with their events, calling fn for each
 * event with the step it belongs to. fn returns nonzero to stop. Returns
 * 1 when fn stopped the scan, 0 when it ran out of calls, -1 when out of
 * memory.
 */
typedef int (*replay_scan_fn)(void *ctx, const struct trace_event *ev,
    uint64_t step);
int	replay_scan(struct replay *rp, size_t first, size_t last,
	    replay_scan_fn fn, void *ctx);

#endif
