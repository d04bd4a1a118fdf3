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

/* A sink. `event` is called once per event, in order. */
struct trace {
	void	(*event)(void *ctx, const struct trace_event *ev);
	void	 *ctx;
	uint64_t  seq;		/* next sequence number */
	int	  depth;	/* current call depth */
};

/* The decision registry: one entry per stable decision id. */
struct decision {
	const char	*id;		/* "sys_brk.below_min_brk" */
	const char	*func;		/* "sys_brk" */
	const char	*explain;	/* one line of plain English */
	const char	*kernel;	/* kernel listing lines it mirrors */
};

/*
 * Returns the registry entry for `id`, or NULL when there is none.
 */
const struct decision *decision_find(const char *id);
/* The whole registry, terminated by an entry with id == NULL. */
extern const struct decision decisions[];

/* Emitters used by the instrumentation macros in instrument.h. */
struct mm;
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

/* Names for kinds and tree operations ("step", "insert", ...). */
const char *trace_kind_name(enum trace_kind);
const char *trace_tree_op_name(enum trace_tree_op);

/*
 * An in-memory recording of a trace, for viewers and the grader.
 * trace_rec_init attaches nothing; trace_rec_sink fills a struct trace
 * whose events are appended to the recording. Appending may fail on memory
 * exhaustion: the recording then sets `failed` and stops growing.
 */
struct trace_rec {
	struct trace_event	*ev;
	size_t			 n, cap;
	int			 failed;
};
void	trace_rec_init(struct trace_rec *);
void	trace_rec_sink(struct trace *, struct trace_rec *);
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
