/*
 * search.c - an unmapped_area / unmapped_area_topdown call, read back
 * from its events.
 *
 * The two functions are instrumented line by line (mmap.c), so their
 * trace says everything a figure needs:
 *
 *   VALUE vma = S               the search now stands at the VMA at S
 *   DECIDE left_possible  no    with a left child: all of the left
 *                               subtree lies below low_limit
 *   DECIDE go_left        no    the left child's rb_subtree_gap < length
 *   DECIDE has_right, go_right  the same on the right
 *   DECIDE gap_fits       yes   found: the gap just below `vma`
 *   DECIDE ..._limit, at_root   failed (or, bottom-up, on to the highest
 *                               gap above the last VMA)
 *   RETURN                      the address
 *
 * The decision ids are those of mmap.c's DECIDE lines; a change there
 * must be mirrored here (tests/test-dot.c replays searches both ways).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "trace/listing.h"

#define UA	"unmapped_area"
#define UAT	"unmapped_area_topdown"

int
search_is_func(const char *func)
{
	return func != NULL && (strcmp(func, UA) == 0 ||
	    strcmp(func, UAT) == 0);
}

int
search_is_call(const struct trace_event *ev)
{
	return ev->kind == TRACE_CALL && search_is_func(ev->func);
}

/* The value called `name` among the event's values; 0 when absent. */
static int
search_val(const struct trace_event *ev, const char *name,
    unsigned long *out)
{
	int i;

	for (i = 0; i < ev->nvals; i++)
		if (strcmp(ev->vals[i].name, name) == 0) {
			*out = ev->vals[i].value;
			return 1;
		}
	*out = 0;
	return 0;
}

static unsigned long
search_v(const struct trace_event *ev, const char *name)
{
	unsigned long v;

	search_val(ev, name, &v);
	return v;
}

void
search_start(struct search *s, const struct trace_event *call)
{
	memset(s, 0, sizeof *s);
	s->topdown = strcmp(call->func, UAT) == 0;
	s->depth = call->depth;
	s->first_seq = s->last_seq = call->seq;
	s->length = search_v(call, "length");
	s->low_limit = search_v(call, "low_limit");
	s->high_limit = search_v(call, "high_limit");
	s->state = SEARCH_RUNNING;
}

static void
search_visit(struct search *s, unsigned long start)
{
	unsigned long *grown;
	size_t cap;

	s->has_current = 1;
	s->current = start;
	if (s->nvisit == s->visitcap) {
		cap = s->visitcap ? 2 * s->visitcap : 16;
		if ((grown = realloc(s->visit, cap * sizeof *grown)) == NULL) {
			s->nomem = 1;
			return;
		}
		s->visit = grown;
		s->visitcap = cap;
	}
	s->visit[s->nvisit++] = start;
}

static void
search_skipped(struct search *s, unsigned long start, enum search_why why,
    unsigned long value, unsigned long limit)
{
	struct search_skip *grown;
	size_t cap;

	if (start == 0)		/* no such child */
		return;
	if (s->nskip == s->skipcap) {
		cap = s->skipcap ? 2 * s->skipcap : 8;
		if ((grown = realloc(s->skip, cap * sizeof *grown)) == NULL) {
			s->nomem = 1;
			return;
		}
		s->skip = grown;
		s->skipcap = cap;
	}
	s->skip[s->nskip++] = (struct search_skip){ start, why, value, limit };
}

static void
search_value(struct search *s, const struct trace_event *ev)
{
	unsigned long v = ev->vals[0].value;

	if (strcmp(ev->text, "vma") == 0)
		search_visit(s, v);
	else if (strcmp(ev->text, "length") == 0) {
		s->adj_length = v;
		s->has_adj_length = 1;
	}
	else if (strcmp(ev->text, "low_limit") == 0)
		s->adj_low = v;
	else if (strcmp(ev->text, "high_limit") == 0)
		s->adj_high = v;
	else if (strcmp(ev->text, "gap_start") == 0) {
		s->gap_start = v;
		s->has_gap_start = 1;
	} else if (strcmp(ev->text, "gap_end") == 0) {
		s->gap_end = v;
		s->has_gap_end = 1;
	}
}

static void
search_found(struct search *s, int highest)
{
	s->state = SEARCH_FOUND;
	s->highest = highest;
	s->chosen = highest ? 0 : s->current;
	s->found_start = s->gap_start;
	s->found_end = s->gap_end;
}

static void
search_failed(struct search *s, const char *id)
{
	s->state = SEARCH_FAILED;
	s->why_failed = id;
}

/* The decisions of unmapped_area (bottom-up), after the "unmapped_area." */
static void
search_decide_up(struct search *s, const char *d, const struct trace_event *ev)
{
	int yes = ev->outcome;

	if (strcmp(d, "root_gap_small") == 0 && yes)
		search_skipped(s, s->current, SEARCH_SKIP_GAP,
		    search_v(ev, "vma->rb_subtree_gap"), search_v(ev, "length"));
	else if (strcmp(d, "left_possible") == 0) {
		s->pending_child = search_v(ev, "vma->vm_rb.rb_left");
		if (!yes && search_v(ev, "gap_end") < search_v(ev, "low_limit"))
			search_skipped(s, s->pending_child, SEARCH_SKIP_LOW,
			    search_v(ev, "gap_end"), search_v(ev, "low_limit"));
	} else if (strcmp(d, "go_left") == 0 && !yes)
		search_skipped(s, s->pending_child, SEARCH_SKIP_GAP,
		    search_v(ev, "left->rb_subtree_gap"), search_v(ev, "length"));
	else if (strcmp(d, "has_right") == 0)
		s->pending_child = search_v(ev, "vma->vm_rb.rb_right");
	else if (strcmp(d, "go_right") == 0 && !yes)
		search_skipped(s, s->pending_child, SEARCH_SKIP_GAP,
		    search_v(ev, "right->rb_subtree_gap"),
		    search_v(ev, "length"));
	else if (strcmp(d, "gap_fits") == 0 && yes)
		search_found(s, 0);
	else if (strcmp(d, "highest_past_limit") == 0) {
		if (yes)
			search_failed(s, ev->decision->id);
		else
			search_found(s, 1);
	} else if (yes && (strcmp(d, "past_high_limit") == 0 ||
	    strcmp(d, "length_overflow") == 0 ||
	    strcmp(d, "high_below_length") == 0 ||
	    strcmp(d, "low_above_high") == 0))
		search_failed(s, ev->decision->id);
}

/* The decisions of unmapped_area_topdown, the mirror image. */
static void
search_decide_down(struct search *s, const char *d,
    const struct trace_event *ev)
{
	int yes = ev->outcome;

	if (strcmp(d, "highest_fits") == 0 && yes)
		search_found(s, 1);
	else if (strcmp(d, "root_gap_small") == 0 && yes) {
		search_skipped(s, s->current, SEARCH_SKIP_GAP,
		    search_v(ev, "vma->rb_subtree_gap"), search_v(ev, "length"));
		search_failed(s, ev->decision->id);
	} else if (strcmp(d, "right_possible") == 0) {
		s->pending_child = search_v(ev, "vma->vm_rb.rb_right");
		if (!yes && search_v(ev, "gap_start") > search_v(ev,
		    "high_limit"))
			search_skipped(s, s->pending_child, SEARCH_SKIP_HIGH,
			    search_v(ev, "gap_start"),
			    search_v(ev, "high_limit"));
	} else if (strcmp(d, "go_right") == 0 && !yes)
		search_skipped(s, s->pending_child, SEARCH_SKIP_GAP,
		    search_v(ev, "right->rb_subtree_gap"),
		    search_v(ev, "length"));
	else if (strcmp(d, "has_left") == 0)
		s->pending_child = search_v(ev, "vma->vm_rb.rb_left");
	else if (strcmp(d, "go_left") == 0 && !yes)
		search_skipped(s, s->pending_child, SEARCH_SKIP_GAP,
		    search_v(ev, "left->rb_subtree_gap"), search_v(ev, "length"));
	else if (strcmp(d, "gap_fits") == 0 && yes)
		search_found(s, 0);
	else if (yes && (strcmp(d, "below_low_limit") == 0 ||
	    strcmp(d, "at_root") == 0 || strcmp(d, "empty_tree") == 0 ||
	    strcmp(d, "length_overflow") == 0 ||
	    strcmp(d, "high_below_length") == 0 ||
	    strcmp(d, "low_above_high") == 0))
		search_failed(s, ev->decision->id);
}

static void
search_decide(struct search *s, const struct trace_event *ev)
{
	const char *id = ev->decision != NULL ? ev->decision->id : NULL;
	const char *fn = s->topdown ? UAT "." : UA ".";
	size_t n = strlen(fn);

	if (id == NULL || strncmp(id, fn, n) != 0)
		return;
	s->last_id = id;
	s->last_outcome = ev->outcome;
	if (s->topdown)
		search_decide_down(s, id + n, ev);
	else
		search_decide_up(s, id + n, ev);
}

int
search_feed(struct search *s, const struct trace_event *ev)
{
	if (s->returned)
		return 0;
	s->last_seq = ev->seq;
	if (ev->seq == s->first_seq)	/* the CALL itself */
		return 1;
	if (ev->depth != s->depth || ev->func == NULL ||
	    strcmp(ev->func, s->topdown ? UAT : UA) != 0)
		return 1;	/* a callee's event, or a tree event */
	switch (ev->kind) {
	case TRACE_VALUE:
		search_value(s, ev);
		break;
	case TRACE_DECIDE:
		search_decide(s, ev);
		break;
	case TRACE_RETURN:
		s->returned = 1;
		s->result = ev->vals[0].value;
		if (s->state == SEARCH_RUNNING && ev->fn != NULL &&
		    ev->fn->student != NULL && s->result < -4095UL) {
			/* A student build shows no decision of the lab's
			 * search: only what it returned, the gap's start. */
			s->state = SEARCH_FOUND;
			s->found_start = s->result;
			s->found_end = s->result + s->length;
		} else if (s->state == SEARCH_RUNNING)
			search_failed(s, NULL);
		break;
	default:
		break;
	}
	return 1;
}

int
search_copy(struct search *to, const struct search *from)
{
	*to = *from;
	to->visit = NULL;
	to->skip = NULL;
	to->visitcap = from->nvisit;
	to->skipcap = from->nskip;
	if (from->nvisit > 0) {
		if ((to->visit = malloc(from->nvisit * sizeof *to->visit)) ==
		    NULL)
			goto fail;
		memcpy(to->visit, from->visit, from->nvisit * sizeof *to->visit);
	}
	if (from->nskip > 0) {
		if ((to->skip = malloc(from->nskip * sizeof *to->skip)) == NULL)
			goto fail;
		memcpy(to->skip, from->skip, from->nskip * sizeof *to->skip);
	}
	return 0;
fail:
	free(to->visit);
	memset(to, 0, sizeof *to);
	return -1;
}

void
search_free(struct search *s)
{
	free(s->visit);
	free(s->skip);
	memset(s, 0, sizeof *s);
}

const char *
search_why_text(enum search_why why)
{
	switch (why) {
	case SEARCH_SKIP_GAP:
		return "rb_subtree_gap < length";
	case SEARCH_SKIP_LOW:
		return "every gap here ends below low_limit";
	case SEARCH_SKIP_HIGH:
		return "every gap here starts above high_limit";
	}
	return "?";
}
