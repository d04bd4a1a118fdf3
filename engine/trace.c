/*
 * trace.c - building events for the sink, and the sinks the engine
 * provides: an in-memory recording, and a file writer in two formats
 * (annotated text for people, JSON Lines for programs).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "instrument.h"
#include "mm.h"

static const char *const kind_names[] = {
	[TRACE_CALL] = "call",
	[TRACE_RETURN] = "return",
	[TRACE_STEP] = "step",
	[TRACE_DECIDE] = "decide",
	[TRACE_VALUE] = "value",
	[TRACE_TREE] = "tree",
	[TRACE_SYSCALL] = "syscall",
	[TRACE_NOTE] = "note",
};

static const char *const tree_op_names[] = {
	[TREE_INSERT] = "insert",
	[TREE_ERASE] = "erase",
	[TREE_ROTATE] = "rotate",
	[TREE_GAP] = "gap",
	[TREE_RECOLOR] = "recolor",
};

const char *
trace_kind_name(enum trace_kind k)
{
	return (unsigned)k < sizeof(kind_names) / sizeof(kind_names[0]) ?
	    kind_names[k] : "?";
}

const char *
trace_tree_op_name(enum trace_tree_op op)
{
	return (unsigned)op < sizeof(tree_op_names) / sizeof(tree_op_names[0]) ?
	    tree_op_names[op] : "?";
}

/* ---- emitting --------------------------------------------------------- */

/* trace_emit: number the event and hand it to the sink. */
void
trace_emit(struct trace *t, struct trace_event *ev)
{
	ev->seq = t->seq++;
	if (ev->depth < 0)
		ev->depth = t->depth;
	t->event(t->ctx, ev);
}

static void
event_init(struct trace_event *ev, enum trace_kind kind,
    const struct listing *fn, int src_line)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->fn = fn;
	ev->func = fn != NULL ? fn->name : NULL;
	ev->src_line = src_line;
	ev->line = fn != NULL ? listing_line(fn, src_line) : 0;
	ev->depth = -1;
}

static void
event_vals(struct trace_event *ev, int n, const struct trace_val *vals)
{
	if (n > TRACE_MAXVALS)
		n = TRACE_MAXVALS;
	ev->nvals = n;
	if (n > 0)
		memcpy(ev->vals, vals, (size_t)n * sizeof(*vals));
}

unsigned long
instr_vma_addr(const struct vma *vma)
{
	return vma != NULL ? vma->vm_start : 0;
}

/*
 * The emitters by kind. `ev` holds the header (function, lines) the
 * caller prepared; they fill in the rest and send it. The engine's
 * instr_* below and the labs' student-side twins (grade-lab.c) both use
 * them, so an event means the same whoever made it. Cannot fail.
 */
void
trace_emit_call(struct trace *t, struct trace_event *ev, int n,
    const struct trace_val *vals)
{
	t->depth++;
	ev->kind = TRACE_CALL;
	event_vals(ev, n, vals);
	trace_emit(t, ev);
}

int
trace_emit_decide(struct trace *t, struct trace_event *ev,
    const struct decision *d, const char *cond, int outcome, int n,
    const struct trace_val *vals)
{
	ev->kind = TRACE_DECIDE;
	ev->decision = d;
	ev->outcome = outcome;
	ev->text = cond;
	event_vals(ev, n, vals);
	trace_emit(t, ev);
	return outcome;
}

void
trace_emit_value(struct trace *t, struct trace_event *ev, const char *var,
    unsigned long value)
{
	ev->kind = TRACE_VALUE;
	ev->text = var;
	ev->nvals = 1;
	ev->vals[0].name = var;
	ev->vals[0].value = value;
	trace_emit(t, ev);
}

void
trace_emit_return(struct trace *t, struct trace_event *ev,
    unsigned long value)
{
	ev->kind = TRACE_RETURN;
	ev->nvals = 1;
	ev->vals[0].name = "result";
	ev->vals[0].value = value;
	trace_emit(t, ev);
	t->depth--;
}

void
trace_emit_tree(struct trace *t, enum trace_tree_op op, int n,
    const struct trace_val *vals)
{
	struct trace_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = TRACE_TREE;
	ev.depth = -1;
	ev.tree_op = op;
	ev.text = trace_tree_op_name(op);
	event_vals(&ev, n, vals);
	trace_emit(t, &ev);
}

void
instr_call(struct mm *mm, const struct listing *fn, int src_line, int n,
    const struct trace_val *vals)
{
	struct trace_event ev;

	event_init(&ev, TRACE_CALL, fn, src_line);
	ev.line = 1;		/* the signature */
	trace_emit_call(mm->trace, &ev, n, vals);
}

void
instr_step(struct mm *mm, const struct listing *fn, int src_line)
{
	struct trace_event ev;

	if (!fn->instrumented)
		return;
	event_init(&ev, TRACE_STEP, fn, src_line);
	trace_emit(mm->trace, &ev);
}

int
instr_decide(struct mm *mm, const struct listing *fn, int src_line,
    const char *id, const char *cond, int outcome, int n,
    const struct trace_val *vals)
{
	struct trace_event ev;

	event_init(&ev, TRACE_DECIDE, fn, src_line);
	return trace_emit_decide(mm->trace, &ev, decision_find(id), cond,
	    outcome, n, vals);
}

void
instr_value(struct mm *mm, const struct listing *fn, int src_line,
    const char *var, unsigned long value)
{
	struct trace_event ev;

	event_init(&ev, TRACE_VALUE, fn, src_line);
	trace_emit_value(mm->trace, &ev, var, value);
}

void
instr_return(struct mm *mm, const struct listing *fn, int src_line,
    unsigned long value)
{
	struct trace_event ev;

	instr_step(mm, fn, src_line);
	event_init(&ev, TRACE_RETURN, fn, src_line);
	trace_emit_return(mm->trace, &ev, value);
}

void
instr_tree(struct mm *mm, enum trace_tree_op op, int n,
    const struct trace_val *vals)
{
	trace_emit_tree(mm->trace, op, n, vals);
}

void
instr_note(struct mm *mm, const char *text)
{
	struct trace_event ev;

	if (!TRACE_ON(mm))
		return;
	event_init(&ev, TRACE_NOTE, NULL, 0);
	ev.text = text;
	trace_emit(mm->trace, &ev);
}

/* ---- text ------------------------------------------------------------- */

/* A value as people read it: small numbers in decimal, the rest in hex. */
static int
print_value(FILE *fp, unsigned long v)
{
	if (v < 10)
		return fprintf(fp, "%lu", v);
	if (v == ~0UL)
		return fprintf(fp, "~0UL");
	if (IS_ERR_VALUE(v))
		return fprintf(fp, "-%lu", -v);
	return fprintf(fp, "0x%lx", v);
}

static int
print_vals(FILE *fp, const struct trace_event *ev, const char *sep)
{
	int i, n = 0;

	for (i = 0; i < ev->nvals; i++) {
		n += fprintf(fp, "%s%s=", i ? sep : "", ev->vals[i].name);
		n += print_value(fp, ev->vals[i].value);
	}
	return n;
}

static const char *
listing_text(const struct trace_event *ev)
{
	if (ev->fn == NULL || ev->line < 1 || ev->line > ev->fn->nlines)
		return "";
	return ev->fn->lines[ev->line - 1];
}

/* Skip the leading blanks of a listing line. */
static const char *
trimmed(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/*
 * trace_format_text: one line per event, four columns deeper per call:
 *
 *   -> sys_brk(brk=0x55555557a000)
 *      sys_brk:15   if (brk < min_brk)
 *        => not taken sys_brk.below_min_brk  [brk=0x55555557a000 ...]
 *      sys_brk:27   newbrk = PAGE_ALIGN(brk);
 *          newbrk = 0x55555557a000
 *      sys_brk:40   next = find_vma(mm, oldbrk);
 *       -> find_vma(addr=0x555555559000)
 */
int
trace_format_text(FILE *fp, const struct trace_event *ev)
{
	/* Deeper than 20 calls would not fit a line: read as 20. */
	int n, ind = 4 * (ev->depth > 0 ? (ev->depth > 20 ? 19 : ev->depth - 1) : 0);
	const char *fn = ev->func != NULL ? ev->func : "";

	switch (ev->kind) {
	case TRACE_SYSCALL:
		return fprintf(fp, "== %s\n", ev->text);
	case TRACE_CALL:
		n = fprintf(fp, "%*s-> %s(", ind, "", fn);
		n += print_vals(fp, ev, ", ");
		return n + fprintf(fp, ")\n");
	case TRACE_RETURN:
		n = fprintf(fp, "%*s<- %s = ", ind, "", fn);
		n += print_value(fp, ev->vals[0].value);
		return n + fprintf(fp, "\n");
	case TRACE_STEP:
		return fprintf(fp, "%*s   %s:%-4d %s\n", ind, "", fn, ev->line,
		    trimmed(listing_text(ev)));
	case TRACE_DECIDE:
		n = fprintf(fp, "%*s     %s %s  [", ind, "",
		    ev->outcome ? "=> TAKEN    " : "=> not taken",
		    ev->decision != NULL ? ev->decision->id : "?");
		n += print_vals(fp, ev, " ");
		return n + fprintf(fp, "]\n");
	case TRACE_VALUE:
		n = fprintf(fp, "%*s       %s = ", ind, "", ev->text);
		n += print_value(fp, ev->vals[0].value);
		return n + fprintf(fp, "\n");
	case TRACE_TREE:
		n = fprintf(fp, "%*s     [tree %s ", ind, "", ev->text);
		n += print_vals(fp, ev, " ");
		return n + fprintf(fp, "]\n");
	case TRACE_NOTE:
		return fprintf(fp, "%*s   note: %s\n", ind, "", ev->text);
	}
	return -1;
}

/* ---- JSON Lines ------------------------------------------------------- */

static void
json_string(FILE *fp, const char *s)
{
	const unsigned char *p;

	fputc('"', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(fp, "\\u%04x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

/*
 * trace_format_jsonl: one JSON object per line. Addresses and other values
 * are strings in hex ("0x7ffff7fff000"), since JSON numbers lose precision
 * above 2^53.
 */
int
trace_format_jsonl(FILE *fp, const struct trace_event *ev)
{
	int i;

	fprintf(fp, "{\"seq\":%" PRIu64 ",\"kind\":\"%s\",\"depth\":%d",
	    ev->seq, trace_kind_name(ev->kind), ev->depth);
	if (ev->func != NULL) {
		fputs(",\"func\":", fp);
		json_string(fp, ev->func);
		fprintf(fp, ",\"line\":%d,\"src_line\":%d", ev->line,
		    ev->src_line);
	}
	if (ev->kind == TRACE_DECIDE) {
		fputs(",\"id\":", fp);
		json_string(fp, ev->decision != NULL ? ev->decision->id : "?");
		fprintf(fp, ",\"outcome\":%s", ev->outcome ? "true" : "false");
	}
	if (ev->kind == TRACE_TREE)
		fprintf(fp, ",\"op\":\"%s\"", trace_tree_op_name(ev->tree_op));
	if (ev->text != NULL && ev->kind != TRACE_TREE) {
		fputs(ev->kind == TRACE_DECIDE ? ",\"cond\":" : ",\"text\":", fp);
		json_string(fp, ev->text);
	}
	if (ev->nvals > 0) {
		fputs(",\"vals\":{", fp);
		for (i = 0; i < ev->nvals; i++) {
			fprintf(fp, "%s", i ? "," : "");
			json_string(fp, ev->vals[i].name);
			fprintf(fp, ":\"0x%lx\"", ev->vals[i].value);
		}
		fputc('}', fp);
	}
	return fprintf(fp, "}\n");
}

/* ---- sinks ------------------------------------------------------------ */

void
trace_rec_init(struct trace_rec *rec)
{
	memset(rec, 0, sizeof(*rec));
}

static void
rec_event(void *ctx, const struct trace_event *ev)
{
	struct trace_rec *rec = ctx;
	struct trace_event *grown;
	size_t cap;

	if (rec->failed)
		return;
	if (rec->n == rec->cap) {
		cap = rec->cap ? rec->cap * 2 : 1024;
		grown = realloc(rec->ev, cap * sizeof(*grown));
		if (grown == NULL) {
			rec->failed = 1;
			return;
		}
		rec->ev = grown;
		rec->cap = cap;
	}
	rec->ev[rec->n++] = *ev;
}

void
trace_rec_sink(struct trace *t, struct trace_rec *rec)
{
	memset(t, 0, sizeof(*t));
	t->event = rec_event;
	t->ctx = rec;
}

void
trace_rec_clear(struct trace_rec *rec)
{
	rec->n = 0;
	rec->failed = 0;
}

void
trace_rec_free(struct trace_rec *rec)
{
	free(rec->ev);
	trace_rec_init(rec);
}

static void
file_event(void *ctx, const struct trace_event *ev)
{
	struct trace_file *tf = ctx;
	int n;

	if (tf->format == TRACE_JSONL)
		n = trace_format_jsonl(tf->fp, ev);
	else
		n = trace_format_text(tf->fp, ev);
	if (n < 0)
		tf->error = 1;
}

void
trace_file_sink(struct trace *t, struct trace_file *tf)
{
	memset(t, 0, sizeof(*t));
	t->event = file_event;
	t->ctx = tf;
}
