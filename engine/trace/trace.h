/*
 * trace.h - the instrumentation contract.
 *
 * The engine reports what it does as a stream of events to a sink: a small
 * struct of callbacks (the idea of the kernel's rbtree callbacks). With no
 * sink attached (mm->trace == NULL) every instrumentation point costs one
 * predictable branch and nothing else.
 *
 * Kinds of event:
 *   CALL     a traced function was entered; vals are its arguments
 *   RETURN   it returned; vals[0] is the result
 *   STEP     a line of an instrumented function is about to execute
 *   DECIDE   a decision on that line: outcome, condition text, values read
 *   VALUE    a local was assigned on that line; vals[0] is the new value
 *   TREE     an rbtree edit: insert, erase, rotate, gap update
 *   SYSCALL  the driver starts a system call (text is the strace line)
 *   NOTE     anything else worth a line in the trace
 *
 * Lines: `src_line` is the line in the engine's source file; `line` is the
 * line in the function's numbered listing (see listing.h), 0 where the
 * function has no listing.
 */
#ifndef VMALAB_TRACE_H
#define VMALAB_TRACE_H

#include <stdint.h>
#include <stdio.h>

#define TRACE_MAXVALS 8

enum trace_kind {
	TRACE_CALL,
	TRACE_RETURN,
	TRACE_STEP,
	TRACE_DECIDE,
	TRACE_VALUE,
	TRACE_TREE,
	TRACE_SYSCALL,
	TRACE_NOTE,
};

enum trace_tree_op {
	TREE_INSERT,
	TREE_ERASE,
	TREE_ROTATE,
	TREE_GAP,
	TREE_RECOLOR,
};

struct trace_val {
	const char	*name;
	unsigned long	 value;
};

struct decision;
struct listing;

struct trace_event {
	uint64_t		 seq;
	enum trace_kind		 kind;
	const struct listing	*fn;	/* NULL for functions without listing */
	const char		*func;
	int			 src_line;
	int			 line;
	int			 depth;	/* call depth, 0 = syscall driver */
	const struct decision	*decision;	/* DECIDE only */
	int			 outcome;	/* DECIDE: taken (1) or not (0) */
	const char		*text;	/* condition, variable, note, syscall */
	enum trace_tree_op	 tree_op;	/* TREE only */
	int			 nvals;
	struct trace_val	 vals[TRACE_MAXVALS];
};

/*
 * What a traced mm reports to (kernel/mm.h: mm_trace_attach). It plays one
 * of two roles, and the engine writes to both the same way (trace.c):
 *
 *   a sink of events: `event` is called once per event, in order, while
 *     the engine runs. Zero a struct trace and set `event` and `ctx` (or
 *     use trace_file_sink).
 *   a recording: trace_rec_sink makes it write into a struct trace_rec,
 *     whose events are decoded afterwards (trace_rec_decode).
 *
 * The other fields are the engine's own.
 */
struct trace_rec;
struct trace_buf;		/* the recording's words: private (instr.h) */
struct trace {
	void	(*event)(void *ctx, const struct trace_event *ev);
	void	 *ctx;
	struct trace_rec *rec;	/* the recording; NULL for a sink */
	struct trace_buf *buf;	/* where the fast paths write */
	uint64_t  seq;		/* next sequence number (a sink's) */
	int	  depth;	/* current call depth */
	int	  reveal;	/* a sink of a student build that sees the
				   lab's own functions (the grader; see
				   trace_rec) */
};

/* The decision registry: one entry per stable decision id. */
struct decision {
	const char	*id;		/* "sys_brk.below_min_brk" */
	const char	*func;		/* "sys_brk" */
	const char	*explain;	/* one line of plain English: taken */
	const char	*kernel;	/* kernel listing lines it mirrors */
	const char	*not_taken;	/* not taken, where that says more
					   than "not" (else NULL) */
};

/*
 * Returns the registry entry for `id`, or NULL when there is none.
 */
const struct decision *decision_find(const char *id);
/*
 * What an outcome of `d` means, one sentence: `explain` when taken; when
 * not taken, `not_taken`, or NULL when the registry has none (then the
 * caller says "not taken" beside decision_explain(d, 1)). Translated into
 * the user's language (gettext, po/): the table's own strings are the
 * English. Cannot fail.
 */
const char *decision_explain(const struct decision *d, int outcome);
/* The whole registry, terminated by an entry with id == NULL. */
extern const struct decision decisions[];

/*
 * Emitters of whole events, for those that come from no instrumentation
 * site (system calls, notes, the labs' student code). trace_emit numbers
 * the event (a depth < 0 is read as the current depth) and hands it to
 * the sink or the recording. Cannot fail; a recording out of memory drops
 * it (and is marked failed).
 */
void	trace_emit(struct trace *, struct trace_event *);
/* Emitters by kind, for a header (function, lines) the caller prepared. */
void	trace_emit_call(struct trace *, struct trace_event *, int,
	    const struct trace_val *);
int	trace_emit_decide(struct trace *, struct trace_event *,
	    const struct decision *, const char *, int, int,
	    const struct trace_val *);
void	trace_emit_value(struct trace *, struct trace_event *, const char *,
	    unsigned long);
void	trace_emit_return(struct trace *, struct trace_event *,
	    unsigned long);
void	trace_emit_tree(struct trace *, enum trace_tree_op, int,
	    const struct trace_val *);

/* Formatting. Both return the number of bytes written, or -1 on error. */
int	trace_format_text(FILE *, const struct trace_event *);
int	trace_format_jsonl(FILE *, const struct trace_event *);
/* `s` as a JSON string, quotes and escapes included. */
void	trace_json_string(FILE *, const char *);

/* Names for kinds and tree operations ("step", "insert", ...). */
const char *trace_kind_name(enum trace_kind);
const char *trace_tree_op_name(enum trace_tree_op);

/*
 * An in-memory recording of a trace, for viewers, the grader and the
 * benchmark. The engine writes it as it runs in a compact form (instr.h);
 * trace_rec_decode turns what was written since the last decode into
 * struct trace_events in `ev` (numbered and given their depth as a sink
 * would see them) and can be called as often as wanted.
 *
 * trace_rec_init attaches nothing; trace_rec_sink fills a struct trace that
 * records into `rec` (it must outlive the recording's use, up to
 * trace_rec_free). Recording or decoding may fail on memory exhaustion:
 * the recording then sets `failed` and stops growing.
 */
struct trace_rec {
	struct trace_event	*ev;	/* decoded: ev[0..n) */
	size_t			 n, cap;
	int			 failed;
	/* The recording's own: */
	struct trace_buf	*buf;	/* the compact words (instr.h) */
	struct trace		*t;	/* the sink writing them */
	size_t			 decoded;	/* words decoded so far */
	uint64_t		 seq;	/* next decoded sequence number */
	int			 depth;	/* call depth while decoding */
	/*
	 * Set by its owner: in a student build (configure
	 * --enable-student=LAB), keep the steps, decisions and values of
	 * the functions the lab's students write (listing.h: student).
	 * Left 0, a recording or sink keeps only their calls and returns,
	 * as every viewer of a student's vmalab shows them; the grader and
	 * the quiz, which need the reference's decisions, set it.
	 */
	int			 reveal;
};
void	trace_rec_init(struct trace_rec *);
void	trace_rec_sink(struct trace *, struct trace_rec *);
/* Decodes what is not decoded yet. Returns 0, or -1 when rec failed. */
int	trace_rec_decode(struct trace_rec *);
/* Events recorded since the last clear, decoded or not. Cannot fail. */
size_t	trace_rec_count(const struct trace_rec *);
/* Forgets the events, keeping the memory for the next ones. */
void	trace_rec_clear(struct trace_rec *);
void	trace_rec_free(struct trace_rec *);

/* A sink that writes each event to a FILE as text or JSON Lines. */
enum trace_format { TRACE_TEXT, TRACE_JSONL };
struct trace_file {
	FILE			*fp;
	enum trace_format	 format;
	int			 error;	/* set when a write failed */
};
void	trace_file_sink(struct trace *, struct trace_file *);

#endif
