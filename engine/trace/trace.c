/*
 * trace.c - building events for the sink, and the sinks the engine
 * provides: an in-memory recording, and a file writer in two formats
 * (annotated text for people, JSON Lines for programs).
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "instr.h"

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

/* ---- the two roles ----------------------------------------------------- */

/*
 * The engine writes every event the same way, as the words of a recording
 * (instr.h): the site with its tag and the values, or a whole event. What
 * becomes of them is the role of the struct trace, and only out_room and
 * out_done tell the two apart:
 *
 *   a recording keeps the words in its buffer, for trace_rec_decode;
 *   a sink writes them to `scratch` on the caller's stack, and they are
 *   decoded at once, their events handed to its callback in order.
 *
 * (instr_mark_slow asks too: a sink's step cannot wait for its decision.)
 */

/* The words of a site's event at the most: the site, then its values. */
#define SITE_WORDS	(1 + TRACE_MAXVALS)
/* The words of a whole event, after the one that tags it. */
#define RAW_WORDS \
	((sizeof(struct trace_event) + sizeof(uint64_t) - 1) / sizeof(uint64_t))
/* The most one record takes: room for a sink's scratch words. */
#define OUT_WORDS	(1 + RAW_WORDS)

struct trace_buf trace_buf_none;	/* a sink's: nothing fits */

static uint64_t	*rec_room(struct trace *, size_t);
static void	 sink_deliver(struct trace *, const uint64_t *);

/* Room for `n` words of t's next record; NULL when a recording failed. */
static uint64_t *
out_room(struct trace *t, size_t n, uint64_t *scratch)
{
	return t->rec != NULL ? rec_room(t, n) : scratch;
}

/* The record at p is written: a sink gets its events now. */
static void
out_done(struct trace *t, const uint64_t *p)
{
	if (t->rec == NULL)
		sink_deliver(t, p);
}

/* ---- emitting whole events -------------------------------------------- */

/* trace_emit: a whole event, with its depth, as a record of its own. */
void
trace_emit(struct trace *t, struct trace_event *ev)
{
	uint64_t scratch[OUT_WORDS], *p;

	if (ev->depth < 0)
		ev->depth = t->depth;
	if ((p = out_room(t, OUT_WORDS, scratch)) == NULL)
		return;
	p[0] = (uint64_t)RAW_WORDS << 3 | TRACE_TAG_RAW;
	memcpy(p + 1, ev, sizeof(*ev));
	out_done(t, p);
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

/*
 * The emitters by kind. `ev` holds the header (function, lines) the
 * caller prepared; they fill in the rest and send it. The labs'
 * student-side instrumentation (grade-lab.c) uses them, so that its events
 * are built as the engine's are decoded. Cannot fail.
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
trace_note(struct trace *t, const char *text)
{
	struct trace_event ev;

	event_init(&ev, TRACE_NOTE, NULL, 0);
	ev.text = text;
	trace_emit(t, &ev);
}

/* ---- sites ------------------------------------------------------------ */

/* What every event of a site's line has: function, lines, steps. */
static void
site_line(struct trace_site *s, const struct listing *fn, int src_line)
{
	if (s->line_ready != SITE_NEW)
		return;
	s->fn = fn;
	s->src_line = src_line;
	s->line = fn != NULL ? listing_line(fn, src_line) : 0;
	s->line_ready = fn != NULL && fn->instrumented ? SITE_STEPS :
	    SITE_LOGGED;
}

/*
 * The rest, from the site's first event: its kind, its decision (`id`),
 * the condition or variable (`text`) and the names of its `n` values.
 */
static void
site_init(struct trace_site *s, enum trace_kind kind,
    const struct listing *fn, int src_line, const char *id, const char *text,
    int n, const struct trace_val *vals)
{
	int i;

	site_line(s, fn, src_line);
	if (n > TRACE_MAXVALS)
		n = TRACE_MAXVALS;
	s->kind = (unsigned char)kind;
	s->decision = id != NULL ? decision_find(id) : NULL;
	s->text = text;
	s->nvals = (unsigned char)n;
	for (i = 0; i < n; i++)
		s->names[i] = vals[i].name;
	if (kind == TRACE_CALL)		/* the signature, or in a student
					   build "your lab: write this" */
		s->line = fn != NULL && fn->student != NULL ? fn->nlines - 1 :
		    1;
	s->ready = 1;
}

/* An event of site `s` as a sink or the decoder sees it. */
static void
event_of_site(struct trace_event *ev, const struct trace_site *s,
    enum trace_kind kind)
{
	memset(ev, 0, offsetof(struct trace_event, vals));
	ev->kind = kind;
	ev->fn = s->fn;
	ev->func = s->fn != NULL ? s->fn->name : NULL;
	ev->src_line = s->src_line;
	ev->line = s->line;
	ev->depth = -1;
}

/*
 * Writes the site's record: the same words as the inline fast paths of
 * instr.h write, the values from `v` or else `value`. A recording that
 * cannot grow drops it. Cannot fail.
 */
static void
site_record(struct trace *t, const struct trace_site *s, unsigned tag, int n,
    const struct trace_val *v, unsigned long value)
{
	uint64_t scratch[OUT_WORDS], *p;
	int i;

	if ((p = out_room(t, 1 + (size_t)n, scratch)) == NULL)
		return;
	p[0] = (uint64_t)(uintptr_t)s | tag;
	for (i = 0; i < n; i++)
		p[1 + i] = v != NULL ? v[i].value : value;
	out_done(t, p);
}

/*
 * Writes the record of a DECIDE or SET site whose line began at word `at`
 * (instr_mark): with its step folded in when nothing was recorded since,
 * else with the step put back at `at`, before the events the line made.
 * A sink's step went out at the mark (`at` is TRACE_APART).
 */
static void
site_record_line(struct trace *t, struct trace_site *s, unsigned tag,
    size_t at, int n, const struct trace_val *v, unsigned long value)
{
	struct trace_buf *b;

	if (at == TRACE_APART)
		tag |= TRACE_TAG_ALONE;
	else if (s->line_ready == SITE_STEPS && t->buf->used != at) {
		if (rec_room(t, 1) == NULL)
			return;
		b = t->buf;
		memmove(b->words + at + 1, b->words + at,
		    (b->used - 1 - at) * sizeof(*b->words));
		b->words[at] = (uint64_t)(uintptr_t)s | TRACE_TAG_STEP;
		tag |= TRACE_TAG_ALONE;
		s->apart = 1;	/* from now on, the step goes first */
	}
	site_record(t, s, tag, n, v, value);
}

/*
 * The slow paths. The record goes out before the writer's depth moves:
 * a sink decodes it at once, and the decoder moves the depth itself.
 */
void
instr_call_slow(struct trace *t, struct trace_site *s,
    const struct listing *fn, int src_line, int n, const struct trace_val *v)
{
	if (!s->ready)
		site_init(s, TRACE_CALL, fn, src_line, NULL, NULL, n, v);
	site_record(t, s, TRACE_TAG_EVENT, s->nvals, v, 0);
	t->depth++;
}

void
instr_line_slow(struct trace *t, struct trace_site *s,
    const struct listing *fn, int src_line)
{
	site_line(s, fn, src_line);
	if (s->line_ready == SITE_STEPS)
		site_record(t, s, TRACE_TAG_STEP, 0, NULL, 0);
}

/*
 * instr_mark for a sink (the step is sent now), a recording that must grow
 * first, or a site not ready yet or whose line makes events of its own
 * (the step is recorded now, apart).
 */
size_t
instr_mark_slow(struct trace *t, struct trace_site *s,
    const struct listing *fn, int src_line)
{
	const size_t most = SITE_WORDS + 1;	/* then used < lim */

	if (t->rec != NULL && s->ready && !s->apart) {
		/* Room for the event at the mark: take it and give it back. */
		if (rec_room(t, most) == NULL)
			return TRACE_APART;	/* failed: nothing is kept */
		t->buf->used -= most;
		return t->buf->used;
	}
	instr_line(t, s, fn, src_line);
	return TRACE_APART;
}

int
instr_decide_slow(struct trace *t, struct trace_site *s,
    const struct listing *fn, int src_line, const char *id, const char *cond,
    int outcome, size_t at, int n, const struct trace_val *v)
{
	if (!s->ready)
		site_init(s, TRACE_DECIDE, fn, src_line, id, cond, n, v);
	site_record_line(t, s, outcome ? TRACE_TAG_TAKEN : TRACE_TAG_EVENT,
	    at, s->nvals, v, 0);
	return outcome;
}

void
instr_value_slow(struct trace *t, struct trace_site *s,
    const struct listing *fn, int src_line, const char *var,
    unsigned long value, size_t at)
{
	struct trace_val v = { var, value };

	if (!s->ready)
		site_init(s, TRACE_VALUE, fn, src_line, NULL, var, 1, &v);
	site_record_line(t, s, TRACE_TAG_EVENT, at, 1, NULL, value);
}

void
instr_return_slow(struct trace *t, struct trace_site *s,
    const struct listing *fn, int src_line, unsigned long value)
{
	struct trace_val v = { "result", value };

	if (!s->ready)
		site_init(s, TRACE_RETURN, fn, src_line, NULL, NULL, 1, &v);
	site_record(t, s, TRACE_TAG_EVENT, 1, NULL, value);
	t->depth--;
}

/* A site edits the tree with one operation; another one goes out whole. */
void
instr_tree_slow(struct trace *t, struct trace_site *s, enum trace_tree_op op,
    int n, const struct trace_val *v)
{
	if (!s->ready) {
		site_init(s, TRACE_TREE, NULL, 0, NULL, trace_tree_op_name(op),
		    n, v);
		s->tree_op = (unsigned char)op;
	}
	if (s->tree_op == op)
		site_record(t, s, TRACE_TAG_EVENT, s->nvals, v, 0);
	else
		trace_emit_tree(t, op, n, v);
}

/* ---- text ------------------------------------------------------------- */

/*
 * A value as people read it: small numbers in decimal, an errno the way
 * the kernel returns one (the top 4095 values, as IS_ERR_VALUE in
 * kernel/vm.h, which this layer sits below), the rest in hex.
 */
#define TRACE_MAX_ERRNO 4095UL
static int
print_value(FILE *fp, unsigned long v)
{
	if (v < 10)
		return fprintf(fp, "%lu", v);
	if (v == ~0UL)
		return fprintf(fp, "~0UL");
	if (v >= -TRACE_MAX_ERRNO)
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
	int n, ind = 4 * (ev->depth > 20 ? 19 : ev->depth > 0 ?
	    ev->depth - 1 : 0);
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

void
trace_json_string(FILE *fp, const char *s)
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
		trace_json_string(fp, ev->func);
		fprintf(fp, ",\"line\":%d,\"src_line\":%d", ev->line,
		    ev->src_line);
	}
	if (ev->kind == TRACE_DECIDE) {
		fputs(",\"id\":", fp);
		trace_json_string(fp, ev->decision != NULL ?
		    ev->decision->id : "?");
		fprintf(fp, ",\"outcome\":%s", ev->outcome ? "true" : "false");
	}
	if (ev->kind == TRACE_TREE)
		fprintf(fp, ",\"op\":\"%s\"", trace_tree_op_name(ev->tree_op));
	if (ev->text != NULL && ev->kind != TRACE_TREE) {
		fputs(ev->kind == TRACE_DECIDE ? ",\"cond\":" : ",\"text\":", fp);
		trace_json_string(fp, ev->text);
	}
	if (ev->nvals > 0) {
		fputs(",\"vals\":{", fp);
		for (i = 0; i < ev->nvals; i++) {
			fprintf(fp, "%s", i ? "," : "");
			trace_json_string(fp, ev->vals[i].name);
			fprintf(fp, ":\"0x%lx\"", ev->vals[i].value);
		}
		fputc('}', fp);
	}
	return fprintf(fp, "}\n");
}

/* ---- the recording ---------------------------------------------------- */

void
trace_rec_init(struct trace_rec *rec)
{
	memset(rec, 0, sizeof(*rec));
}

/* The words below which one more event of a site fits, as buf->lim. */
static size_t
rec_lim(const struct trace_rec *rec)
{
	return !rec->failed && rec->buf->cap > SITE_WORDS ?
	    rec->buf->cap - SITE_WORDS : 0;
}

/* A new sink starts writing at the recording's first word. */
void
trace_rec_sink(struct trace *t, struct trace_rec *rec)
{
	memset(t, 0, sizeof(*t));
	t->rec = rec;
	t->buf = &trace_buf_none;
	if (rec->buf != NULL) {
		rec->buf->used = 0;
		rec->buf->lim = rec_lim(rec);
		t->buf = rec->buf;
	}
	rec->t = t;
}

/*
 * rec_room: takes `n` words at the end of t's recording, growing it when
 * full. Returns them, or NULL when the recording could not grow (it is
 * then failed, and the fast paths stop trying).
 */
static uint64_t *
rec_room(struct trace *t, size_t n)
{
	struct trace_rec *rec = t->rec;
	struct trace_buf *b = rec->buf;
	size_t used = b != NULL ? b->used : 0, cap;

	if (rec->failed)
		return NULL;
	rec->t = t;
	if (b == NULL || b->cap - used < n) {
		cap = b != NULL ? 2 * b->cap : 8192;
		while (cap - used < n)
			cap *= 2;
		if ((b = realloc(b, sizeof(*b) + cap * sizeof(*b->words))) ==
		    NULL) {
			rec->failed = 1;
			if (rec->buf != NULL)
				rec->buf->lim = 0;
			return NULL;
		}
		rec->buf = b;
		b->cap = cap;
	}
	t->buf = b;
	b->used = used + n;
	b->lim = rec_lim(rec);
	return b->words + used;
}

static struct trace_event *
rec_push(struct trace_rec *rec)
{
	struct trace_event *grown;
	size_t cap;

	if (rec->n == rec->cap) {
		cap = rec->cap ? rec->cap * 2 : 1024;
		if ((grown = realloc(rec->ev, cap * sizeof(*grown))) == NULL) {
			rec->failed = 1;
			return NULL;
		}
		rec->ev = grown;
		rec->cap = cap;
	}
	return &rec->ev[rec->n++];
}
/* Numbers a decoded event and gives it its depth, as trace_emit would. */
static void
rec_place(struct trace_rec *rec, struct trace_event *ev)
{
	ev->seq = rec->seq++;
	if (ev->depth < 0)
		ev->depth = rec->depth;
}

/* Whether the event of `s` recorded with `tag` stands for its step too. */
static int
rec_folded_step(const struct trace_site *s, unsigned tag)
{
	return !(tag & TRACE_TAG_ALONE) && s->line_ready == SITE_STEPS &&
	    (s->kind == TRACE_DECIDE || s->kind == TRACE_VALUE ||
	    s->kind == TRACE_RETURN);
}

/*
 * Whether the event of `s` recorded with `tag` is one a student build
 * keeps out of sight: a step, decision or value of a function the lab's
 * students write. Their calls and returns, and the tree edits made under
 * them, are kept. The one place the whole of vmalab filters: every sink
 * and every recording is decoded here. Never so in the instructor's
 * build, whose listings have no `student`.
 */
static int
rec_hides(const struct trace_rec *rec, const struct trace_site *s,
    unsigned tag)
{
	if (s->fn == NULL || s->fn->student == NULL || rec->reveal)
		return 0;
	return tag == TRACE_TAG_STEP || s->kind == TRACE_DECIDE ||
	    s->kind == TRACE_VALUE;
}

/*
 * Decodes the event of site `s` recorded with `tag`, whose values are `w`.
 * Returns -1 when out of memory.
 */
static int
rec_decode_site(struct trace_rec *rec, const struct trace_site *s,
    unsigned tag, const uint64_t *w)
{
	struct trace_event *ev;
	int i;

	if (rec_hides(rec, s, tag))
		return 0;
	if (tag == TRACE_TAG_STEP || rec_folded_step(s, tag)) {
		if ((ev = rec_push(rec)) == NULL)
			return -1;
		event_of_site(ev, s, TRACE_STEP);
		rec_place(rec, ev);
		if (tag == TRACE_TAG_STEP)
			return 0;
	}
	if ((ev = rec_push(rec)) == NULL)
		return -1;
	event_of_site(ev, s, (enum trace_kind)s->kind);
	ev->nvals = s->nvals;
	for (i = 0; i < s->nvals; i++) {
		ev->vals[i].name = s->names[i];
		ev->vals[i].value = (unsigned long)w[i];
	}
	switch (s->kind) {
	case TRACE_CALL:
		rec->depth++;
		break;
	case TRACE_DECIDE:
		ev->decision = s->decision;
		ev->outcome = (tag & ~TRACE_TAG_ALONE) == TRACE_TAG_TAKEN;
		ev->text = s->text;
		break;
	case TRACE_VALUE:
		ev->text = s->text;
		break;
	case TRACE_TREE:
		ev->tree_op = (enum trace_tree_op)s->tree_op;
		ev->text = s->text;
		break;
	}
	rec_place(rec, ev);
	if (s->kind == TRACE_RETURN)
		rec->depth--;
	return 0;
}

/*
 * One record at w: its tag, and its site (NULL for a whole event, which
 * follows at w + 1). Returns the next record.
 */
static const uint64_t *
rec_next(const uint64_t *w, unsigned *tag, const struct trace_site **s)
{
	*tag = (unsigned)(*w & TRACE_TAG_MASK);
	if (*tag == TRACE_TAG_RAW) {
		*s = NULL;
		return w + 1 + (*w >> 3);
	}
	*s = (const struct trace_site *)(uintptr_t)(*w &
	    ~(uint64_t)TRACE_TAG_MASK);
	return w + 1 + (*tag == TRACE_TAG_STEP ? 0 : (*s)->nvals);
}

/*
 * Decodes the records in [w, end) into rec's events. Returns where it
 * stopped: `end`, or the record it could not decode (out of memory).
 */
static const uint64_t *
rec_decode_words(struct trace_rec *rec, const uint64_t *w,
    const uint64_t *end)
{
	const uint64_t *next;
	const struct trace_site *s;
	struct trace_event *ev;
	unsigned tag;

	for (; w < end && !rec->failed; w = next) {
		next = rec_next(w, &tag, &s);
		if (s != NULL) {
			if (rec_decode_site(rec, s, tag, w + 1) < 0)
				break;
			continue;
		}
		if ((ev = rec_push(rec)) == NULL)
			break;
		memcpy(ev, w + 1, sizeof(*ev));
		ev->seq = rec->seq++;
		/* The encoder's depth, from after a CALL's increment to
		 * before a RETURN's decrement. */
		rec->depth = ev->kind == TRACE_RETURN ? ev->depth - 1 :
		    ev->depth;
	}
	return w;
}

int
trace_rec_decode(struct trace_rec *rec)
{
	const uint64_t *w;

	if (rec->buf == NULL)		/* nothing recorded yet */
		return rec->failed ? -1 : 0;
	w = rec_decode_words(rec, rec->buf->words + rec->decoded,
	    rec->buf->words + rec->buf->used);
	rec->decoded = (size_t)(w - rec->buf->words);
	return rec->failed ? -1 : 0;
}

size_t
trace_rec_count(const struct trace_rec *rec)
{
	const uint64_t *w, *end;
	const struct trace_site *s;
	unsigned tag;
	size_t n = 0;

	if (rec->buf == NULL)
		return 0;
	end = rec->buf->words + rec->buf->used;
	for (w = rec->buf->words; w < end; n++) {
		w = rec_next(w, &tag, &s);
		if (s != NULL && tag != TRACE_TAG_STEP &&
		    rec_folded_step(s, tag))
			n++;
	}
	return n;
}

void
trace_rec_clear(struct trace_rec *rec)
{
	rec->decoded = 0;
	rec->n = 0;
	rec->failed = 0;
	if (rec->buf != NULL) {
		rec->buf->used = 0;
		rec->buf->lim = rec_lim(rec);
	}
}

/* The sink, if still attached, is left with no room: it would grow anew. */
void
trace_rec_free(struct trace_rec *rec)
{
	if (rec->t != NULL && rec->t->rec == rec)
		rec->t->buf = &trace_buf_none;
	free(rec->buf);
	free(rec->ev);
	trace_rec_init(rec);
}

/* ---- sinks ------------------------------------------------------------ */

/*
 * A sink's record, decoded as soon as it is written (out_done): into two
 * events on the stack (no record stands for more), numbered by the sink,
 * at the writer's depth before the record moves it.
 */
static void
sink_deliver(struct trace *t, const uint64_t *p)
{
	struct trace_event ev[2];
	struct trace_rec d = { .ev = ev, .cap = 2, .seq = t->seq,
	    .depth = t->depth, .reveal = t->reveal };
	unsigned tag;
	const struct trace_site *s;
	size_t i;

	rec_decode_words(&d, p, rec_next(p, &tag, &s));
	t->seq = d.seq;
	for (i = 0; i < d.n; i++)
		t->event(t->ctx, &ev[i]);
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
