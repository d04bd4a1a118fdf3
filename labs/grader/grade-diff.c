/*
 * grade-diff.c - where the student's decisions part from the reference's.
 *
 * Both runs are recorded (struct trace_rec). From each recording the
 * grader keeps the steps of one function that matter for the comparison:
 * its decisions (DECIDE: id and outcome) and its returns (RETURN: the
 * value), in order. The two sequences are walked side by side; the first
 * step where they differ is told in words:
 *
 *   The first difference is at decision 5 of unmapped_area.
 *     unmapped_area.gap_fits: <the registry's one-line explanation>
 *     reference, engine listing line 47 (the reading's unmapped_area
 *     listing 41-44):
 *         taken       gap_start=0x10002000 gap_end=0x10004000 ...
 *     yours, unmapped_area.c:58:
 *         not taken   gap_start=0x10002000 gap_end=0x10004000 ...
 *         your condition: gap_end - gap_start > length
 *     Both sides read the same values, so the condition itself differs.
 *
 * The reference's condition is never shown: it is the answer. Its values
 * are, by the names the engine gives them.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "grade-int.h"
#include "trace/i18n.h"
#include "trace/listing.h"

/* ---- a capped recording --------------------------------------------------- */

static void
grade_rec_event(void *ctx, const struct trace_event *ev)
{
	struct grade_rec *g = ctx;
	struct trace_event *grown;
	size_t cap;

	if (g->rec.n >= g->max) {
		g->truncated = 1;
		return;
	}
	if (g->rec.failed)
		return;
	if (g->rec.n == g->rec.cap) {
		cap = g->rec.cap ? g->rec.cap * 2 : 1024;
		grown = realloc(g->rec.ev, cap * sizeof(*grown));
		if (grown == NULL) {
			g->rec.failed = 1;
			return;
		}
		g->rec.ev = grown;
		g->rec.cap = cap;
	}
	g->rec.ev[g->rec.n++] = *ev;
}

void
grade_rec_sink(struct trace *t, struct grade_rec *g, size_t max)
{
	memset(g, 0, sizeof(*g));
	trace_rec_init(&g->rec);
	g->max = max;
	memset(t, 0, sizeof(*t));
	t->event = grade_rec_event;
	t->ctx = g;
	t->reveal = 1;	/* the reference's decisions, in a student build too */
}

/* ---- values --------------------------------------------------------------- */

static const struct {
	int		 err;
	const char	*name;
} errnames[] = {
	{ EPERM, "EPERM" }, { EBADF, "EBADF" }, { ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" }, { EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
	{ EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" }, { EAGAIN, "EAGAIN" },
	{ EOVERFLOW, "EOVERFLOW" },
};

const char *
grade_fmt_result(unsigned long v, char *buf, size_t len)
{
	size_t i;

	if (IS_ERR_VALUE(v)) {
		for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
			if ((unsigned long)-(long)errnames[i].err == v) {
				snprintf(buf, len, "-%s", errnames[i].name);
				return buf;
			}
		snprintf(buf, len, "-%lu", -v);
	} else if (v < 10)
		snprintf(buf, len, "%lu", v);
	else
		snprintf(buf, len, "0x%lx", v);
	return buf;
}

static void
say_vals(struct grade_ctx *ctx, const struct trace_event *ev)
{
	char b[32];
	int i;

	for (i = 0; i < ev->nvals; i++)
		grade_say(ctx, "%s%s=%s", i ? " " : "", ev->vals[i].name,
		    grade_fmt_result(ev->vals[i].value, b, sizeof(b)));
}

/*
 * The first value both events show under one name that differs between
 * them (its index in a, *bi in b), or -1 when none does.
 */
static int
differing_val(const struct trace_event *a, const struct trace_event *b,
    int *bi)
{
	int i, j;

	for (i = 0; i < a->nvals; i++)
		for (j = 0; j < b->nvals; j++)
			if (strcmp(a->vals[i].name, b->vals[j].name) == 0 &&
			    a->vals[i].value != b->vals[j].value) {
				*bi = j;
				return i;
			}
	return -1;
}

/* The names of ev's values, "a, b and c", into buf. */
static void
val_names(const struct trace_event *ev, char *buf, size_t len)
{
	size_t at = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < ev->nvals && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i == 0 ? "" :
		    i == ev->nvals - 1 ? _(" and ") : ", ", ev->vals[i].name);
	if (ev->nvals == 0)
		snprintf(buf, len, "%s", _("none"));
}

static int
same_vals(const struct trace_event *a, const struct trace_event *b)
{
	int i;

	if (a->nvals != b->nvals)
		return 0;
	for (i = 0; i < a->nvals; i++)
		if (strcmp(a->vals[i].name, b->vals[i].name) != 0 ||
		    a->vals[i].value != b->vals[i].value)
			return 0;
	return 1;
}

/* ---- the steps of one function -------------------------------------------- */

struct steps {
	const struct trace_event **ev;
	size_t n;
};

static int
collect(const struct trace_rec *rec, const char *func, struct steps *s)
{
	size_t i;

	s->n = 0;
	s->ev = calloc(rec->n + 1, sizeof(*s->ev));
	if (s->ev == NULL)
		return -1;
	for (i = 0; i < rec->n; i++) {
		const struct trace_event *ev = &rec->ev[i];

		if (ev->func == NULL || strcmp(ev->func, func) != 0)
			continue;
		if (ev->kind == TRACE_DECIDE || ev->kind == TRACE_RETURN)
			s->ev[s->n++] = ev;
	}
	return 0;
}

static const char *
decision_id(const struct trace_event *ev)
{
	return ev->decision != NULL ? ev->decision->id : "(unregistered)";
}

static int
same_step(const struct trace_event *a, const struct trace_event *b)
{
	if (a->kind != b->kind)
		return 0;
	if (a->kind == TRACE_RETURN)
		return a->vals[0].value == b->vals[0].value;
	return strcmp(decision_id(a), decision_id(b)) == 0 &&
	    a->outcome == b->outcome;
}

static const char *
base_name(const char *path)
{
	const char *s;

	if (path == NULL)
		return _("your code");
	s = strrchr(path, '/');
	return s != NULL ? s + 1 : path;
}

/* "engine listing line 47 (the reading's unmapped_area listing 41-44)" */
static void
say_ref_where(struct grade_ctx *ctx, const struct trace_event *ev)
{
	if (ev->line > 0)
		grade_say(ctx, _("the kernel's, at line %d of `vmalab listing "
		    "%s`"), ev->line, ev->func != NULL ? ev->func : "?");
	else	/* a student build keeps the lab's listings to itself */
		grade_say(ctx, _("the kernel's, in %s"),
		    ev->func != NULL ? ev->func : "?");
	if (ev->kind == TRACE_DECIDE && ev->decision != NULL &&
	    ev->decision->kernel != NULL && ev->decision->kernel[0] != '\0')
		grade_say(ctx, _(" (the reading: %s)"), ev->decision->kernel);
	grade_say(ctx, ":\n");
}

static void
say_stu_where(struct grade_ctx *ctx, const struct trace_event *ev)
{
	grade_say(ctx, _("yours, at %s:%d:\n"),
	    base_name(ev->fn != NULL ? ev->fn->file : NULL), ev->line);
}

/*
 * What the outcome of decision event `ev` means: its own sentence when the
 * registry has one for that outcome, else what taking it would mean.
 */
static void
say_why(struct grade_ctx *ctx, const struct trace_event *ev)
{
	const char *own;

	if (ev->decision == NULL)
		return;
	if ((own = decision_explain(ev->decision, ev->outcome)) != NULL)
		grade_say(ctx, "        (%s)\n", own);
	else
		grade_say(ctx, _("        (taken means: %s)\n"),
		    decision_explain(ev->decision, 1));
}

static void
say_step(struct grade_ctx *ctx, const struct trace_event *ev, int yours)
{
	const char *o;
	char b[32];
	int w;

	if (ev->kind == TRACE_RETURN) {
		grade_say(ctx, _("        returns %s\n"),
		    grade_fmt_result(ev->vals[0].value, b, sizeof(b)));
		return;
	}
	/* Padded by columns: 成立 is two characters, four columns. */
	o = ev->outcome ? _("taken") : _("not taken");
	w = 10 - grade_cols(o);
	grade_say(ctx, "        %-30s %s%*s ", decision_id(ev), o,
	    w > 0 ? w : 0, "");
	say_vals(ctx, ev);
	grade_say(ctx, "\n");
	if (yours && ev->text != NULL)
		grade_say(ctx, _("        your condition: %s\n"), ev->text);
	if (yours && lab_decision_unknown(ev->decision))
		grade_say(ctx, _("        '%s' is not a decision id of the "
		    "engine: check its spelling against the handout's "
		    "table.\n"), decision_id(ev));
}

static void
say_agreed(struct grade_ctx *ctx, const struct steps *s, size_t k)
{
	size_t i, from = k > 3 ? k - 3 : 0;

	if (k == 0) {
		grade_say(ctx, _("  It is the very first decision.\n"));
		return;
	}
	if (k - from == 1)
		grade_say(ctx, P_("  Up to there %zu step agreed; the last was:",
		    "  Up to there %zu steps agreed; the last was:", k), k);
	else
		grade_say(ctx, P_("  Up to there %zu step agreed; the last "
		    "were:", "  Up to there %zu steps agreed; the last were:",
		    k), k);
	for (i = from; i < k; i++) {
		const struct trace_event *ev = s->ev[i];

		if (ev->kind == TRACE_RETURN)
			grade_say(ctx, _(" a return%s"), i + 1 < k ? "," : ".\n");
		else
			grade_say(ctx, " %s %s%s", decision_id(ev),
			    ev->outcome ? _("taken") : _("not taken"),
			    i + 1 < k ? "," : ".\n");
	}
}

int
grade_diff_decisions(struct grade_ctx *ctx, const char *func,
    const struct trace_rec *ref, const struct trace_rec *stu)
{
	struct steps r, s;
	const struct trace_event *a, *b;
	size_t k, ndec = 0, sdec = 0, i;
	char b1[32], b2[32], n1[160], n2[160];
	int ok = 1, vi, vj;

	if (collect(ref, func, &r) < 0 || collect(stu, func, &s) < 0) {
		grade_say(ctx, _("(out of memory comparing the traces)\n"));
		free(r.ev);
		return 0;
	}
	for (i = 0; i < s.n; i++)
		sdec += s.ev[i]->kind == TRACE_DECIDE;
	if (sdec == 0 && r.n > 0) {
		grade_say(ctx, _("Your %s took no decision the grader could see "
		    "(no DECIDE ran)"), func);
		if (s.n > 0 && s.ev[s.n - 1]->kind == TRACE_RETURN)
			grade_say(ctx, _("; it returned %s at %s:%d"),
			    grade_fmt_result(s.ev[s.n - 1]->vals[0].value, b1,
			    sizeof(b1)), base_name(s.ev[s.n - 1]->fn != NULL ?
			    s.ev[s.n - 1]->fn->file : NULL),
			    s.ev[s.n - 1]->line);
		grade_say(ctx, ".\n");
		if (r.ev[0]->kind == TRACE_DECIDE) {
			grade_say(ctx, _("The kernel's first decision here:\n  "));
			say_ref_where(ctx, r.ev[0]);
			say_step(ctx, r.ev[0], 0);
			say_why(ctx, r.ev[0]);
		}
		grade_say(ctx, _("Write each condition as DECIDE(\"id\", "
		    "condition, V(value)...) with the ids of the handout's "
		    "table (and keep the TRACE_FUNC line): then the grader "
		    "shows where your steps and the kernel's part.\n"));
		free(r.ev);
		free(s.ev);
		return 0;
	}
	for (k = 0; k < r.n && k < s.n; k++)
		if (!same_step(r.ev[k], s.ev[k]))
			break;
	if (k == r.n && k == s.n)
		goto out;
	ok = 0;
	for (i = 0; i < k; i++)
		ndec += r.ev[i]->kind == TRACE_DECIDE;
	a = k < r.n ? r.ev[k] : NULL;
	b = k < s.n ? s.ev[k] : NULL;
	if (a == NULL) {
		grade_say(ctx, _("After the kernel's last step yours went on:"
		    "\n"));
		say_stu_where(ctx, b);
		say_step(ctx, b, 1);
		say_agreed(ctx, &r, k);
		goto out;
	}
	if (b == NULL) {
		grade_say(ctx, _("Your %s stopped reporting steps where the "
		    "kernel went on (did it return without RETURN()?):\n"),
		    func);
		say_ref_where(ctx, a);
		say_step(ctx, a, 0);
		say_agreed(ctx, &r, k);
		goto out;
	}
	if (a->kind == TRACE_RETURN && b->kind == TRACE_RETURN) {
		grade_say(ctx, _("All %zu decisions agreed, but the results "
		    "differ: yours returns %s at %s:%d, the kernel's returns %s. "
		    "Look at what your code computes after its last decision."
		    "\n"), ndec, grade_fmt_result(b->vals[0].value, b1,
		    sizeof(b1)), base_name(b->fn != NULL ? b->fn->file : NULL),
		    b->line, grade_fmt_result(a->vals[0].value, b2,
		    sizeof(b2)));
		goto out;
	}
	grade_say(ctx, _("The first difference is at step %zu of %s "
	    "(decision %zu):\n"), k + 1, func, ndec + 1);
	if (a->kind == TRACE_DECIDE && b->kind == TRACE_DECIDE &&
	    strcmp(decision_id(a), decision_id(b)) == 0) {
		if (a->decision != NULL)
			grade_say(ctx, "  %s: %s\n", decision_id(a),
			    decision_explain(a->decision, 1));
		grade_say(ctx, "  ");
		say_ref_where(ctx, a);
		say_step(ctx, a, 0);
		grade_say(ctx, "  ");
		say_stu_where(ctx, b);
		say_step(ctx, b, 1);
		if (same_vals(a, b))
			grade_say(ctx, _("  Both sides read the same values, so "
			    "the condition itself differs.\n"));
		else if ((vi = differing_val(a, b, &vj)) >= 0)
			grade_say(ctx, _("  The values differ (%s: yours %s, the "
			    "kernel's %s): something your code computed before "
			    "this decision differs from the kernel.\n"),
			    a->vals[vi].name, grade_fmt_result(b->vals[vj].value,
			    b1, sizeof(b1)), grade_fmt_result(a->vals[vi].value,
			    b2, sizeof(b2)));
		else {
			val_names(b, n1, sizeof(n1));
			val_names(a, n2, sizeof(n2));
			grade_say(ctx, _("  Your condition reads %s; the "
			    "kernel's reads %s, and no value of the same name "
			    "differs: compare your condition with the kernel's "
			    "line.\n"), n1, n2);
		}
	} else {
		grade_say(ctx, "  ");
		say_ref_where(ctx, a);
		say_step(ctx, a, 0);
		if (a->kind == TRACE_DECIDE)
			say_why(ctx, a);
		grade_say(ctx, "  ");
		say_stu_where(ctx, b);
		say_step(ctx, b, 1);
		if (a->kind == TRACE_DECIDE && b->kind == TRACE_RETURN)
			grade_say(ctx, _("  Your function returned where the "
			    "kernel still had a decision to take.\n"));
		else if (a->kind == TRACE_RETURN)
			grade_say(ctx, _("  The kernel returns here; your "
			    "function went on.\n"));
		else
			grade_say(ctx, _("  The kernel asks a different "
			    "question at this point.\n"));
	}
	say_agreed(ctx, &r, k);
out:
	free(r.ev);
	free(s.ev);
	return ok;
}
