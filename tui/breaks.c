/*
 * breaks.c - breakpoints like gdb's, typed at the ':' prompt or set with
 * Space on the listing's cursor line:
 *
 *   b sys_brk:15                      a line (only a line that is a step)
 *   b 15                              a line of the function on screen
 *   b unmapped_area.gap_fits taken    a decision, and an outcome or not
 *   b length > 0x10000                a traced value: stops where `length`
 *                                     is traced with a value that holds,
 *                                     the first time in a system call and
 *                                     again when it changes
 *   info b                            the list;  d N  deletes one, d all
 *
 * Line breakpoints are found on the step table alone (nav.c); the others
 * need the events, so `c` with one of them plays the calls ahead again
 * (replay_scan), as / does.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/listing.h"
#include "trace/i18n.h"
#include "tui.h"

/* ---- which lines are steps ---------------------------------------------- */

/* The lines the run steps on, per listing: built once from the table. */
int
tui_bp_init(struct tui_model *m)
{
	uint64_t i;
	size_t n;

	for (n = 0; listings[n] != NULL; n++)
		;
	m->nlistings = n;
	if ((m->steplines = calloc(n + 1, sizeof *m->steplines)) == NULL)
		return -1;
	for (i = 0; i < m->rp.nsteps; i++) {
		const struct replay_step *s = &m->rp.steps[i];
		const struct listing *l;

		if (s->fn == 0 || s->fn > n || s->line == 0)
			continue;
		if (m->steplines[s->fn] == NULL) {
			l = replay_listing(s->fn);
			if (l == NULL || (m->steplines[s->fn] =
			    calloc((size_t)l->nlines + 1, 1)) == NULL)
				continue;
		}
		if (s->line <= replay_listing(s->fn)->nlines)
			m->steplines[s->fn][s->line] = 1;
	}
	return 0;
}

void
tui_bp_free(struct tui_model *m)
{
	size_t i;

	if (m->steplines != NULL)
		for (i = 0; i <= m->nlistings; i++)
			free(m->steplines[i]);
	free(m->steplines);
	free(m->bp);
	m->steplines = NULL;
	m->bp = NULL;
	m->nbp = m->bpcap = 0;
}

int
tui_model_is_step(const struct tui_model *m, unsigned fn, int line)
{
	if (m->steplines == NULL || fn == 0 || fn > m->nlistings ||
	    m->steplines[fn] == NULL || line < 1 ||
	    line > replay_listing(fn)->nlines)
		return 0;
	return m->steplines[fn][line];
}

/* Why a line is no step: _("is a comment"), _("is blank")... */
const char *
tui_bp_why_not(const struct listing *l, int line)
{
	const char *s;
	size_t len;

	if (l == NULL || line < 1 || line > l->nlines)
		return _("is not in the listing");
	for (s = l->lines[line - 1]; *s == ' ' || *s == '\t'; s++)
		;
	len = strlen(s);
	if (len == 0)
		return _("is blank");
	if (s[0] == '/' || s[0] == '*')
		return _("is a comment");
	if (strcmp(s, "{") == 0 || strcmp(s, "}") == 0 || strcmp(s, "};") == 0)
		return _("is a brace");
	if (s[len - 1] == ':' && strchr(s, ' ') == NULL)
		return _("is a label");
	if (line == 1)
		return _("is the function's signature");
	return _("never runs in this run");
}

/* ---- the list ------------------------------------------------------------ */

int
tui_model_bp_has(const struct tui_model *m, unsigned fn, int line)
{
	size_t i;

	for (i = 0; i < m->nbp; i++)
		if (m->bp[i].kind == BP_LINE && m->bp[i].fn == fn &&
		    m->bp[i].line == line)
			return 1;
	return 0;
}

int
tui_model_bp_add(struct tui_model *m, const struct tui_bp *bp)
{
	struct tui_bp *grown;

	if (m->nbp == m->bpcap) {
		size_t cap = m->bpcap ? m->bpcap * 2 : 8;

		if ((grown = realloc(m->bp, cap * sizeof *grown)) == NULL)
			return -1;
		m->bp = grown;
		m->bpcap = cap;
	}
	m->bp[m->nbp] = *bp;
	m->bp[m->nbp].num = ++m->bpnum;
	return m->bp[m->nbp++].num;
}

int
tui_model_bp_delete(struct tui_model *m, int num)
{
	size_t i;

	if (num == 0) {
		m->nbp = 0;
		return 0;
	}
	for (i = 0; i < m->nbp; i++) {
		if (m->bp[i].num == num) {
			memmove(&m->bp[i], &m->bp[i + 1], (m->nbp - i - 1) *
			    sizeof m->bp[0]);
			m->nbp--;
			return 0;
		}
	}
	return -1;
}

int
tui_model_bp_toggle(struct tui_model *m, unsigned fn, int line)
{
	struct tui_bp bp;
	size_t i;

	for (i = 0; i < m->nbp; i++)
		if (m->bp[i].kind == BP_LINE && m->bp[i].fn == fn &&
		    m->bp[i].line == line)
			return tui_model_bp_delete(m, m->bp[i].num);
	memset(&bp, 0, sizeof bp);
	bp.kind = BP_LINE;
	bp.fn = (uint16_t)fn;
	bp.line = (uint16_t)line;
	return tui_model_bp_add(m, &bp) < 0 ? -1 : 1;
}

/* Any breakpoint that needs the events (a decision, a value)? */
int
tui_model_bp_conds(const struct tui_model *m)
{
	size_t i;
	int n = 0;

	for (i = 0; i < m->nbp; i++)
		n += m->bp[i].kind != BP_LINE;
	return n;
}

static const char *const tui_cmp_names[] = {
	[CMP_LT] = "<", [CMP_LE] = "<=", [CMP_GT] = ">", [CMP_GE] = ">=",
	[CMP_EQ] = "==", [CMP_NE] = "!=",
};

void
tui_bp_describe(const struct tui_bp *bp, char *buf, size_t len)
{
	const struct listing *l;

	switch (bp->kind) {
	case BP_LINE:
		l = replay_listing(bp->fn);
		snprintf(buf, len, _("%d  line   %s:%d"), bp->num, l != NULL ?
		    l->name : "?", bp->line);
		break;
	case BP_DECIDE:
		snprintf(buf, len, bp->outcome < 0 ? _("%d  branch %s") :
		    bp->outcome ? _("%d  branch %s taken") :
		    _("%d  branch %s not taken"), bp->num, bp->dec->id);
		break;
	default:
		snprintf(buf, len, _("%d  value  %s %s 0x%lx"), bp->num, bp->name,
		    tui_cmp_names[bp->cmp], bp->value);
		break;
	}
}

/* ---- parsing ------------------------------------------------------------- */

static int
tui_bp_cmp_parse(const char *s, int *cmp)
{
	int i;

	for (i = CMP_NE; i >= 0; i--)
		if (strcmp(s, tui_cmp_names[i]) == 0) {
			*cmp = i;
			return 0;
		}
	if (strcmp(s, "=") == 0) {
		*cmp = CMP_EQ;
		return 0;
	}
	return -1;
}

/* "FUNC:LINE" or "LINE" (in `here`, the function on screen). */
static int
tui_bp_parse_line(const struct tui_model *m, const char *w,
    const struct listing *here, struct tui_bp *bp, char *err, size_t errlen)
{
	const struct listing *l = here;
	const char *colon = strrchr(w, ':'), *num = w;
	char name[64], *end;
	long line;

	if (colon != NULL) {
		snprintf(name, sizeof name, "%.*s", (int)(colon - w), w);
		if ((l = listing_find(name)) == NULL) {
			snprintf(err, errlen, _("no listing called %s (vmalab "
			    "listing shows them)"), name);
			return -1;
		}
		num = colon + 1;
	}
	line = strtol(num, &end, 10);
	if (*num == '\0' || *end != '\0' || line < 1) {
		snprintf(err, errlen, _("b: expected FUNC:LINE, LINE, a decision "
		    "id or NAME > VALUE, found '%s'"), w);
		return -1;
	}
	if (l == NULL) {
		snprintf(err, errlen, _("b %ld: no function on screen; say "
		    "which, e.g. b sys_brk:15"), line);
		return -1;
	}
	if (!tui_model_is_step(m, replay_listing_index(l), (int)line)) {
		snprintf(err, errlen, _("%s:%ld %s; breakpoints go on lines "
		    "that run"), l->name, line,
		    tui_bp_why_not(l, (int)line));
		return -1;
	}
	bp->kind = BP_LINE;
	bp->fn = (uint16_t)replay_listing_index(l);
	bp->line = (uint16_t)line;
	return 0;
}

/*
 * Parses what follows "b": fills *bp, or returns -1 with a message. The
 * words are split on blanks (at most 4 matter).
 */
int
tui_bp_parse(const struct tui_model *m, const char *args,
    const struct listing *here, struct tui_bp *bp, char *err, size_t errlen)
{
	char buf[128], *w[5], *p, *end;
	int n = 0;

	memset(bp, 0, sizeof *bp);
	snprintf(buf, sizeof buf, "%s", args);
	for (p = strtok(buf, " \t"); p != NULL && n < 5; p = strtok(NULL,
	    " \t"))
		w[n++] = p;
	if (n == 0) {
		snprintf(err, errlen, _("b: what? b FUNC:LINE, b DECISION "
		    "[taken|not taken], b NAME > VALUE"));
		return -1;
	}
	if (n >= 3 && tui_bp_cmp_parse(w[1], &bp->cmp) == 0) {
		bp->kind = BP_VALUE;
		snprintf(bp->name, sizeof bp->name, "%s", w[0]);
		bp->value = strtoul(w[2], &end, 0);
		if (*end != '\0' || n > 3) {
			snprintf(err, errlen, _("b %s %s: expected a number "
			    "(0x10000 or 65536), found '%s'"), w[0], w[1],
			    w[2]);
			return -1;
		}
		return 0;
	}
	if (strchr(w[0], '.') != NULL) {
		if ((bp->dec = decision_find(w[0])) == NULL) {
			snprintf(err, errlen, _("no decision %s (vmalab "
			    "listing --decisions lists them)"), w[0]);
			return -1;
		}
		bp->kind = BP_DECIDE;
		bp->outcome = -1;
		if (n == 2 && strcmp(w[1], "taken") == 0)
			bp->outcome = 1;
		else if ((n == 2 && strcmp(w[1], "not") == 0) || (n == 3 &&
		    strcmp(w[1], "not") == 0 && strcmp(w[2], "taken") == 0))
			bp->outcome = 0;
		else if (n > 1) {
			snprintf(err, errlen, _("b %s: after the id, taken or "
			    "not taken (or nothing: either)"), w[0]);
			return -1;
		}
		return 0;
	}
	if (n > 1) {
		snprintf(err, errlen, _("b: expected NAME > VALUE (with < <= > "
		    ">= == !=), found '%s'"), args);
		return -1;
	}
	return tui_bp_parse_line(m, w[0], here, bp, err, errlen);
}

/* ---- matching events ------------------------------------------------------ */

static int
tui_bp_name_is(const char *traced, const char *name)
{
	size_t tl = strlen(traced), nl = strlen(name);

	if (strcmp(traced, name) == 0)
		return 1;
	return tl > nl + 1 && strcmp(traced + tl - nl, name) == 0 &&
	    (traced[tl - nl - 1] == '>' || traced[tl - nl - 1] == '.');
}

static int
tui_bp_holds(const struct tui_bp *bp, unsigned long v)
{
	switch (bp->cmp) {
	case CMP_LT: return v < bp->value;
	case CMP_LE: return v <= bp->value;
	case CMP_GT: return v > bp->value;
	case CMP_GE: return v >= bp->value;
	case CMP_EQ: return v == bp->value;
	default: return v != bp->value;
	}
}

struct tui_bp_scan {
	struct tui_model *m;
	uint64_t	 from;		/* matches must be past this step */
	uint64_t	 upto;		/* ... and before this one */
	int		 back;		/* keep the last match, not the first */
	uint64_t	 found;
	unsigned long	*last;		/* per value breakpoint: last seen */
	uint8_t		*seen;
};

/* Does event ev (of step `step`) hit breakpoint k? */
static int
tui_bp_event(struct tui_bp_scan *sc, size_t k, const struct trace_event *ev)
{
	const struct tui_bp *bp = &sc->m->bp[k];
	int i, hit = 0;

	switch (bp->kind) {
	case BP_LINE:
		return replay_is_step(ev) && ev->fn != NULL &&
		    replay_listing_index(ev->fn) == bp->fn &&
		    ev->line == bp->line;
	case BP_DECIDE:
		return ev->kind == TRACE_DECIDE && ev->decision == bp->dec &&
		    (bp->outcome < 0 || !!ev->outcome == bp->outcome);
	}
	if (ev->kind == TRACE_SYSCALL)
		sc->seen[k] = 0;	/* a new call: the first time again */
	for (i = 0; i < ev->nvals; i++) {
		if (!tui_bp_name_is(ev->vals[i].name, bp->name))
			continue;
		if (tui_bp_holds(bp, ev->vals[i].value) && (!sc->seen[k] ||
		    sc->last[k] != ev->vals[i].value))
			hit = 1;
		sc->seen[k] = 1;
		sc->last[k] = ev->vals[i].value;
	}
	return hit;
}

static int
tui_bp_scan_event(void *ctx, const struct trace_event *ev, uint64_t step)
{
	struct tui_bp_scan *sc = ctx;
	size_t k;
	int hit = 0;

	if (step >= sc->upto)
		return 1;
	for (k = 0; k < sc->m->nbp; k++)
		hit |= tui_bp_event(sc, k, ev);
	if (!hit || (!sc->back && step <= sc->from))
		return 0;
	sc->found = step;
	return !sc->back;
}

/*
 * c and C with breakpoints that need the events: the first step after
 * (or the last before) the current one where any breakpoint hits. Returns
 * 1 with *to, 0 when none, -1 when out of memory.
 */
int
tui_nav_continue_events(struct tui_model *m, int back, uint64_t *to)
{
	struct tui_bp_scan sc;
	size_t op = replay_op_of(&m->rp, m->step);
	int rc;

	memset(&sc, 0, sizeof sc);
	sc.m = m;
	sc.back = back;
	sc.found = UINT64_MAX;
	sc.last = calloc(m->nbp + 1, sizeof *sc.last);
	sc.seen = calloc(m->nbp + 1, 1);
	if (sc.last == NULL || sc.seen == NULL) {
		free(sc.last);
		free(sc.seen);
		return -1;
	}
	if (back) {
		/* From the start up to the current step: the last hit. */
		sc.upto = m->step;
		rc = m->step == 0 ? 0 : replay_scan(&m->rp, 0, op,
		    tui_bp_scan_event, &sc);
	} else {
		sc.from = m->step;
		sc.upto = UINT64_MAX;
		rc = replay_scan(&m->rp, op, m->rp.nops - 1, tui_bp_scan_event,
		    &sc);
	}
	free(sc.last);
	free(sc.seen);
	if (rc < 0)
		return -1;
	if (sc.found == UINT64_MAX)
		return 0;
	*to = sc.found;
	return 1;
}
