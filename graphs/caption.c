/*
 * caption.c - what a figure's caption says, in words: the call, the
 * moment (steps counted as the stepper counts them), the event a frame
 * shows. Plain text, wrapped; tree.c sets it in the figure.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "graphs.h"
#include "kernel/vm.h"
#include "trace/i18n.h"
#include "trace/units.h"

/* "call 4 of 7: mmap(NULL, ...) = 0x7ffff7da1000" */
void
graphs_op_line(const struct graphs_story *st, size_t op, char *buf,
    size_t len)
{
	const struct scen_op *o = &st->sc->ops[op];
	char res[96];

	if (o->kind == OP_SKIP) {
		snprintf(buf, len, _("call %zu of %zu: %s (skipped)"), op + 1,
		    st->sc->nops, o->text);
		return;
	}
	run_format_result(o, st->results[op], res, sizeof res);
	snprintf(buf, len, _("call %zu of %zu: %s = %s"), op + 1, st->sc->nops,
	    o->text, res);
}

/* The value called `name` in ev, or 0. */
static unsigned long
cap_val(const struct trace_event *ev, const char *name)
{
	int i;

	for (i = 0; i < ev->nvals; i++)
		if (strcmp(ev->vals[i].name, name) == 0)
			return ev->vals[i].value;
	return 0;
}

/* A tree edit in words. */
static void
cap_tree_line(const struct trace_event *ev, char *buf, size_t len)
{
	char size[32];

	switch (ev->tree_op) {
	case TREE_INSERT:
		snprintf(buf, len, _("tree insert: %lx-%lx is linked as a red "
		    "leaf; rebalancing follows"), cap_val(ev, "vm_start"),
		    cap_val(ev, "vm_end"));
		return;
	case TREE_ERASE:
		snprintf(buf, len, _("tree erase: %lx-%lx leaves the tree"),
		    cap_val(ev, "vm_start"), cap_val(ev, "vm_end"));
		return;
	case TREE_ROTATE:
		snprintf(buf, len, _("tree rotation: %lx goes up, %lx goes "
		    "down"),
		    cap_val(ev, "up"), cap_val(ev, "down"));
		return;
	case TREE_GAP:
		fmt_size(size, sizeof size, cap_val(ev, "rb_subtree_gap"));
		snprintf(buf, len, _("rb_subtree_gap of %lx becomes %s"),
		    cap_val(ev, "vm_start"), size);
		return;
	case TREE_RECOLOR:
		snprintf(buf, len, _("tree recolour of %lx"),
		    cap_val(ev, "vm_start"));
		return;
	}
	snprintf(buf, len, "tree %s", ev->text);
}

void
graphs_event_line(const struct trace_event *ev, char *buf, size_t len)
{
	const char *fn = ev->func != NULL ? ev->func : "";
	size_t n;
	int i;

	switch (ev->kind) {
	case TRACE_SYSCALL:
		snprintf(buf, len, "%s", _("the call begins"));
		return;
	case TRACE_CALL:
		n = (size_t)snprintf(buf, len, "%s(", fn);
		for (i = 0; i < ev->nvals && n < len; i++)
			n += (size_t)snprintf(buf + n, len - n, "%s%s=0x%lx",
			    i ? ", " : "", ev->vals[i].name,
			    ev->vals[i].value);
		if (n < len)
			snprintf(buf + n, len - n, ")");
		return;
	case TRACE_RETURN:
		if (IS_ERR_VALUE(ev->vals[0].value))
			snprintf(buf, len, _("%s returns -%lu"), fn,
			    -ev->vals[0].value);
		else
			snprintf(buf, len, _("%s returns 0x%lx"), fn,
			    ev->vals[0].value);
		return;
	case TRACE_DECIDE:
		n = (size_t)snprintf(buf, len, _("%s (line %d) %s"),
		    ev->decision != NULL ? ev->decision->id : "?", ev->line,
		    ev->outcome ? _("taken") : _("not taken"));
		for (i = 0; i < ev->nvals && n < len; i++)
			n += (size_t)snprintf(buf + n, len - n, "%s%s=0x%lx",
			    i ? ", " : ": ", ev->vals[i].name, ev->vals[i].value);
		return;
	case TRACE_VALUE:
		if (strcmp(ev->text, "vma") == 0 && search_is_func(fn))
			snprintf(buf, len, _("%s (line %d): the search moves "
			    "to the VMA at 0x%lx"), fn, ev->line, ev->vals[0].value);
		else
			snprintf(buf, len, _("%s (line %d): %s = 0x%lx"), fn,
			    ev->line, ev->text, ev->vals[0].value);
		return;
	case TRACE_TREE:
		cap_tree_line(ev, buf, len);
		return;
	case TRACE_STEP:
		snprintf(buf, len, "%s:%d", fn, ev->line);
		return;
	case TRACE_NOTE:
		snprintf(buf, len, _("note: %s"), ev->text);
		return;
	}
	snprintf(buf, len, "?");
}

/*
 * Columns of the UTF-8 sequence that starts with byte c: none for a
 * continuation byte, two for a three- or four-byte character (Hangul,
 * kana and kanji are double width), else one.
 */
static size_t
cap_cols(unsigned char c)
{
	if ((c & 0xc0) == 0x80)
		return 0;
	return c >= 0xe0 ? 2 : 1;
}

/*
 * Appends one character (its bytes) of p to buf; returns its length, 0
 * when buf is full.
 */
static size_t
cap_put_char(char *buf, size_t *n, size_t len, const char *p, size_t max)
{
	size_t k = 1;

	while (k < max && ((unsigned char)p[k] & 0xc0) == 0x80)
		k++;
	if (*n + k + 1 > len)
		return 0;
	memcpy(buf + *n, p, k);
	*n += k;
	return k;
}

/*
 * Words move whole to the next line; a word of double-width text longer
 * than a line (Japanese has no spaces) is broken between characters.
 */
void
graphs_wrap(char *buf, size_t len, const char *line, size_t width)
{
	size_t n = strlen(buf), col = 0, w, ww, i, k;
	const char *p = line, *sp;
	int wide;

	if (n > 0 && n + 1 < len)
		buf[n++] = '\n';
	while (*p != '\0' && n + 1 < len) {
		sp = strchr(p, ' ');
		w = sp != NULL ? (size_t)(sp - p) : strlen(p);
		for (ww = 0, wide = 0, i = 0; i < w; i++) {
			ww += cap_cols((unsigned char)p[i]);
			wide |= (unsigned char)p[i] >= 0xe0;
		}
		if (col > 0 && col + 1 + ww > width && (!wide || ww <= width)) {
			buf[n++] = '\n';
			col = 0;
		} else if (col > 0)
			buf[n++] = ' ', col++;
		while (w > 0 && n + 1 < len) {
			if (wide && col > 0 && col + cap_cols((unsigned char)*p) >
			    width && n + 2 < len) {
				buf[n++] = '\n';
				col = 0;
			}
			col += cap_cols((unsigned char)*p);
			if ((k = cap_put_char(buf, &n, len, p, w)) == 0)
				break;
			p += k;
			w -= k;
		}
		if (w > 0)
			break;
		while (*p == ' ')
			p++;
	}
	buf[n < len ? n : len - 1] = '\0';
}

void
graphs_figure_caption(const struct graphs_story *st, uint64_t step,
    const struct search *sr, char *buf, size_t len)
{
	const struct survey *sv = st->sv;
	size_t nops = st->sc->nops, op;
	char line[700], call[600];

	/* `step` is an event; the caption counts steps as the stepper. */
	if (step == 0)
		snprintf(line, sizeof line, _("%s: the start state"),
		    st->sc->file);
	else if (step > sv->nev)
		snprintf(line, sizeof line, _("%s: after all %zu calls "
		    "(%llu steps)"), st->sc->file, nops,
		    (unsigned long long)sv->nsteps);
	else if (sv->op_first[op = sv->op_of[step]] == step)
		snprintf(line, sizeof line, _("%s: after %zu of %zu calls "
		    "(step %lu of %llu)"), st->sc->file, op, nops,
		    (unsigned long)sv->stepno[step],
		    (unsigned long long)sv->nsteps);
	else
		snprintf(line, sizeof line, _("%s: during call %zu of %zu "
		    "(step %lu of %llu)"), st->sc->file, op + 1, nops,
		    (unsigned long)sv->stepno[step],
		    (unsigned long long)sv->nsteps);
	graphs_wrap(buf, len, line, GRAPHS_WRAP);
	if (sr != NULL) {
		graphs_op_line(st, sv->op_of[sr->first_seq + 1], call, sizeof call);
		snprintf(line, sizeof line, _("the search of %s"), call);
		graphs_wrap(buf, len, line, GRAPHS_WRAP);
	} else if (step > 0 && step <= sv->nev) {
		op = sv->op_of[step];
		if (sv->op_first[op] == step && op > 0)
			graphs_op_line(st, op - 1, call, sizeof call);
		else if (sv->op_first[op] != step)
			graphs_op_line(st, op, call, sizeof call);
		else
			return;
		graphs_wrap(buf, len, call, GRAPHS_WRAP);
	} else if (step > sv->nev && nops > 0) {
		graphs_op_line(st, nops - 1, call, sizeof call);
		graphs_wrap(buf, len, call, GRAPHS_WRAP);
	}
}

void
graphs_frame_caption(const struct graphs_story *st, size_t op,
    uint64_t step, const struct trace_event *ev, int brief, char *buf,
    size_t len)
{
	char line[600], e[400];

	buf[0] = '\0';
	if (!brief) {
		graphs_op_line(st, op, line, sizeof line);
		graphs_wrap(buf, len, line, GRAPHS_WRAP);
	}
	if (ev == NULL)
		snprintf(line, sizeof line, "%s", _("after the call"));
	else {
		graphs_event_line(ev, e, sizeof e);
		snprintf(line, sizeof line, _("step %lu: %s"),
		    (unsigned long)st->sv->stepno[step], e);
	}
	graphs_wrap(buf, len, line, GRAPHS_WRAP);
	if (ev != NULL && ev->kind == TRACE_DECIDE && ev->decision != NULL) {
		const char *own = decision_explain(ev->decision, ev->outcome);

		/* The outcome's own text; else what taking it would mean. */
		if (own != NULL)
			snprintf(line, sizeof line, "%s", i18n_str(own));
		else
			snprintf(line, sizeof line, "%s%s", _("Taken if: "),
			    i18n_str(ev->decision->explain));
		graphs_wrap(buf, len, line, GRAPHS_WRAP);
	}
}
