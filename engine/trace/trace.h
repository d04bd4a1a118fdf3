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
 * A sink: either `event`, called once per event, in order, or `rec`, an
 * in-memory recording the engine writes into directly (trace_rec_sink).
 */
struct trace_rec;
struct trace {
	void	(*event)(void *ctx, const struct trace_event *ev);
	void	 *ctx;
	uint64_t  seq;		/* next sequence number (`event` sinks) */
	int	  depth;	/* current call depth */
	struct trace_rec *rec;	/* set by trace_rec_sink */
	uint64_t *words;	/* rec's words (none for `event`) */
	size_t	  used;		/* words written */
	size_t	  lim;		/* below it, one more event of a site fits;
				   0 when none may be written directly */
};

/*
 * A site: one instrumentation point in the engine's source (one DECIDE,
 * SET, RETURN, ... of instrument.h), a static variable filled in the first
 * time it fires. Whatever an event from it always has (function, lines,
 * decision, condition text, value names) is kept here once, so that a
 * recording stores only a pointer to the site and the values.
 */
enum {
	SITE_NEW,		/* nothing is set yet */
	SITE_LOGGED,		/* fn is only logged: its lines are no steps */
	SITE_STEPS,		/* fn is instrumented: every line is a step */
};
struct trace_site {
	const struct listing	*fn;
	const struct decision	*decision;	/* DECIDE */
	const char		*text;		/* condition or variable */
	const char		*names[TRACE_MAXVALS];
	int			 src_line;
	int			 line;		/* in fn's listing */
	unsigned char		 kind;		/* enum trace_kind */
	unsigned char		 tree_op;	/* TREE */
	unsigned char		 nvals;
	unsigned char		 line_ready;	/* SITE_*: fn and lines are set */
	unsigned char		 ready;		/* everything is set */
	unsigned char		 apart;		/* the line makes events of its
						   own: record its step first */
} __attribute__((aligned(8)));

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
/* `s` as a JSON string, quotes and escapes included. */
void	trace_json_string(FILE *, const char *);

/* Names for kinds and tree operations ("step", "insert", ...). */
const char *trace_kind_name(enum trace_kind);
const char *trace_tree_op_name(enum trace_tree_op);

/*
 * An in-memory recording of a trace, for viewers, the grader and the
 * benchmark. The engine writes it as it runs in a compact form: one word
 * per event naming its site (a struct trace_site, with the kind of event in
 * the pointer's low bits), followed by the event's values; events that do
 * not come from a site (system calls, notes, the labs' student code) are
 * copied whole. trace_rec_decode turns what was written since the last
 * decode into struct trace_events in `ev` (numbered and given their depth
 * as an `event` sink would see them) and can be called as often as wanted.
 *
 * trace_rec_init attaches nothing; trace_rec_sink fills a struct trace that
 * records into `rec` (it must outlive the recording's use, up to
 * trace_rec_free). Recording or decoding may fail on memory exhaustion:
 * the recording then sets `failed` and stops growing.
 */
enum {
	TRACE_TAG_EVENT,	/* the site's event; outcome 0 for DECIDE */
	TRACE_TAG_TAKEN,	/* a DECIDE site's event, outcome 1 */
	TRACE_TAG_STEP,		/* the step of the site's line */
	TRACE_TAG_RAW,		/* a whole struct trace_event follows */
	TRACE_TAG_ALONE = 4,	/* with EVENT or TAKEN: the line's step is
				   recorded apart (see below) */
	TRACE_TAG_MASK = 7,
};
/*
 * A DECIDE, SET or RETURN site's event stands for two: the step of its
 * line, then the event itself, unless the function is only logged (no
 * steps) or the tag has TRACE_TAG_ALONE. ALONE is used when the condition
 * or the assigned expression made events of its own (it called a traced
 * function): those belong after the step, so the step is recorded before
 * them as a TRACE_TAG_STEP of the same site.
 */

struct trace_rec {
	uint64_t		*words;	/* the compact recording */
	size_t			 wcap;	/* words allocated */
	struct trace		*t;	/* the sink writing it: t->used
					   words are written */
	size_t			 decoded;	/* words decoded so far */
	uint64_t		 seq;	/* next decoded sequence number */
	int			 depth;	/* call depth while decoding */
	struct trace_event	*ev;	/* decoded: ev[0..n) */
	size_t			 n, cap;
	int			 failed;
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

/*
 * The slow paths of instrument.h's recording: a site's first event, a
 * recording that must grow, and `event` sinks. Private to the engine.
 */
uint64_t *trace_rec_room(struct trace *, size_t);
void	trace_site_line(struct trace_site *, const struct listing *, int);
/* instr_mark's answer when the step is recorded apart already. */
#define TRACE_APART	SIZE_MAX
void	trace_site_init(struct trace_site *, enum trace_kind,
	    const struct listing *, int, const char *, const char *, int,
	    const struct trace_val *);

/* A sink that writes each event to a FILE as text or JSON Lines. */
enum trace_format { TRACE_TEXT, TRACE_JSONL };
struct trace_file {
	FILE			*fp;
	enum trace_format	 format;
	int			 error;	/* set when a write failed */
};
void	trace_file_sink(struct trace *, struct trace_file *);

#endif
