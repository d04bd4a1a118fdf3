/*
 * fuzz-scenario.c - the scenario parser (scenario_parse_mem), and what
 * the driver then does with a scenario that parsed.
 *
 * A scenario that parses is replayed (its first FUZZ_MAXOPS calls) on a
 * fresh mm with a trace sink attached; the mm's invariants (mm_validate)
 * must hold at the end, and every event must survive the JSON Lines round
 * trip: trace_format_jsonl, trace_read_line, trace_format_jsonl again
 * gives the same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kernel/mm.h"
#include "run/run.h"
#include "input/scenario.h"
#include "trace/trace-read.h"

#define FUZZ_MAXOPS	64

struct rt {
	char	*buf;
	size_t	 size;
	FILE	*fp;
};

static void
rt_event(void *ctx, const struct trace_event *ev)
{
	struct rt *rt = ctx;
	struct trace_read_event rev;
	struct trace_event view;
	char err[TRACE_READ_ERRLEN];
	char *first;
	size_t n;

	rewind(rt->fp);
	trace_format_jsonl(rt->fp, ev);
	fflush(rt->fp);
	n = (size_t)ftell(rt->fp);
	if ((first = malloc(n + 1)) == NULL)
		abort();
	memcpy(first, rt->buf, n);
	first[n] = '\0';
	if (trace_read_line(first, n, "trace", 1, &rev, err, sizeof(err)) != 0)
		fuzz_die("trace_read_line refused what trace_format_jsonl "
		    "wrote", err);
	trace_read_view(&rev, &view);
	rewind(rt->fp);
	trace_format_jsonl(rt->fp, &view);
	fflush(rt->fp);
	if ((size_t)ftell(rt->fp) != n || memcmp(first, rt->buf, n) != 0)
		fuzz_die("the JSON Lines round trip changed an event", first);
	trace_read_event_free(&rev);
	free(first);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scenario sc;
	struct run run;
	struct trace t;
	struct rt rt;
	char err[SCEN_ERRLEN];
	const char *bad;
	size_t i;

	memset(err, 0x7f, sizeof(err));
	if (scenario_parse_mem(data, size, FUZZ_NAME, &sc, err,
	    sizeof(err)) != 0) {
		fuzz_check_msg(err, sizeof(err), 1);
		fuzz_check_zero(&sc, sizeof(sc), "struct scenario");
		return 0;
	}
	memset(err, 0x7f, sizeof(err));
	if (run_start(&run, &sc, NULL, err, sizeof(err)) != 0) {
		/* About the whole start state, perhaps: no line then. */
		fuzz_check_msg(err, sizeof(err), 0);
		fuzz_check_zero(&run, sizeof(run), "struct run");
		scenario_free(&sc);
		return 0;
	}
	if ((bad = mm_validate(run.mm)) != NULL)
		fuzz_die("mm_validate after run_start", bad);
	memset(&rt, 0, sizeof(rt));
	if ((rt.fp = open_memstream(&rt.buf, &rt.size)) == NULL)
		abort();
	memset(&t, 0, sizeof(t));
	t.event = rt_event;
	t.ctx = &rt;
	mm_trace_attach(run.mm, &t);
	for (i = 0; i < sc.nops && i < FUZZ_MAXOPS; i++)
		run_op(&run, &sc.ops[i]);
	mm_trace_detach(run.mm);
	if ((bad = mm_validate(run.mm)) != NULL)
		fuzz_die("mm_validate after the calls", bad);
	fclose(rt.fp);
	free(rt.buf);
	run_end(&run);
	scenario_free(&sc);
	return 0;
}
