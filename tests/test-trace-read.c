/*
 * test-trace-read.c - the JSON Lines trace reader (engine/trace/trace-read.c).
 *
 * Round trip: every built-in scenario is replayed with a recorder, each
 * event is written by trace_format_jsonl, read back by trace_read_line,
 * and written again from the reader's view: the two lines must be the
 * same bytes. Then a table of malformed lines, each with the message it
 * must give, and trace_read_file over a whole file.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check-util.h"
#include "input/builtin.h"
#include "run/run.h"
#include "trace/trace-read.h"

/* trace_format_jsonl into a new string. */
static char *
jsonl_of(const struct trace_event *ev, size_t *len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_ge(trace_format_jsonl(fp, ev), 0);
	ck_assert_int_eq(fclose(fp), 0);
	*len = size;
	return buf;
}

static void
round_trip(const struct builtin *b, unsigned long *nevents)
{
	struct scenario sc;
	struct run run;
	struct trace t;
	struct trace_rec rec;
	struct trace_read_event rev;
	struct trace_event view;
	char err[TRACE_READ_ERRLEN];
	size_t i, len, len2;
	char *a, *c;

	ck_assert_msg(scenario_parse_string(b->text, b->name, &sc, err,
	    sizeof(err)) == 0, "%s", err);
	ck_assert_msg(run_start(&run, &sc, NULL, err, sizeof(err)) == 0,
	    "%s", err);
	trace_rec_init(&rec);
	trace_rec_sink(&t, &rec);
	mm_trace_attach(run.mm, &t);
	for (i = 0; i < sc.nops; i++)
		run_op(&run, &sc.ops[i]);
	ck_assert_int_eq(trace_rec_decode(&rec), 0);
	ck_assert_uint_gt(rec.n, 100);
	for (i = 0; i < rec.n; i++) {
		a = jsonl_of(&rec.ev[i], &len);
		ck_assert_msg(trace_read_line(a, len, b->name, i + 1, &rev, err,
		    sizeof(err)) == 0, "%s\n%s", err, a);
		ck_assert_uint_eq(rev.seq, rec.ev[i].seq);
		ck_assert_int_eq(rev.kind, rec.ev[i].kind);
		if (rec.ev[i].kind == TRACE_DECIDE)
			ck_assert_ptr_eq(rev.decision, rec.ev[i].decision);
		trace_read_view(&rev, &view);
		if (rec.ev[i].func != NULL)
			ck_assert_ptr_eq(view.fn, rec.ev[i].fn);
		c = jsonl_of(&view, &len2);
		ck_assert_str_eq(a, c);
		free(a);
		free(c);
		trace_read_event_free(&rev);
	}
	*nevents += rec.n;
	trace_rec_free(&rec);
	run_end(&run);
	scenario_free(&sc);
}

START_TEST(test_round_trip_builtins)
{
	const struct builtin *const *b;
	unsigned long n = 0;

	for (b = builtins; *b != NULL; b++)
		round_trip(*b, &n);
	ck_assert_uint_gt(n, 1000);
}
END_TEST

/* JSON's other spellings of the same event read the same. */
START_TEST(test_spellings)
{
	static const char line[] =
	    " { \"vals\" : { \"a\\u0062\" : \"0X1F\" } , \"kind\":\"decide\","
	    "\"outcome\":true,\"id\":\"sys_brk.shrink\",\"cond\":"
	    "\"x\\t\\\"y\\\"\\/\\u00e9\\ud83d\\ude00\",\"depth\":2,"
	    "\"seq\":18446744073709551615,\"func\":\"sys_brk\",\"line\":0,"
	    "\"src_line\":7}\t\r\n";
	struct trace_read_event ev;
	char err[TRACE_READ_ERRLEN];

	ck_assert_msg(trace_read_line(line, strlen(line), "t", 1, &ev, err,
	    sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(ev.seq, UINT64_MAX);
	ck_assert_int_eq(ev.kind, TRACE_DECIDE);
	ck_assert_int_eq(ev.depth, 2);
	ck_assert_int_eq(ev.outcome, 1);
	ck_assert_ptr_eq(ev.decision, decision_find("sys_brk.shrink"));
	ck_assert_str_eq(ev.text, "x\t\"y\"/\xc3\xa9\xf0\x9f\x98\x80");
	ck_assert_int_eq(ev.nvals, 1);
	ck_assert_str_eq(ev.vals[0].name, "ab");
	ck_assert_uint_eq(ev.vals[0].value, 0x1f);
	trace_read_event_free(&ev);
	trace_read_event_free(&ev);	/* idempotent */
}
END_TEST

/* Malformed lines and the message each gives (after "t:3: "). */
static const struct {
	const char	*line;
	const char	*msg;
} bad[] = {
	{ "", "expected '{' at the start of an event, found the end of the "
	  "line (column 1)" },
	{ "\n", "expected '{' at the start of an event, found the end of the "
	  "line (column 1)" },
	{ "[]", "expected '{' at the start of an event, found '[' (column 1)" },
	{ "{}", "the event has no \"seq\" (column 3)" },
	{ "{\"seq\":1,\"kind\":\"step\"}", "the event has no \"depth\"" },
	{ "{\"seq\":1,\"depth\":0}", "the event has no \"kind\"" },
	{ "{\"seq\":-1,\"kind\":\"step\",\"depth\":0}",
	  "seq must not be negative" },
	{ "{\"seq\":18446744073709551616,\"kind\":\"step\",\"depth\":0}",
	  "seq is out of range" },
	{ "{\"seq\":01,\"kind\":\"step\",\"depth\":0}",
	  "seq: an integer must not start with 0" },
	{ "{\"seq\":1.5,\"kind\":\"step\",\"depth\":0}",
	  "seq must be a whole number" },
	{ "{\"seq\":1,\"kind\":\"step\",\"depth\":1025}",
	  "depth is out of range" },
	{ "{\"seq\":1,\"kind\":\"step\",\"depth\":-1}",
	  "depth must not be negative" },
	{ "{\"seq\":1,\"kind\":\"step\",\"depth\":0,\"func\":\"f\","
	  "\"line\":2147483648,\"src_line\":1}", "line is out of range" },
	{ "{\"seq\":1,\"kind\":\"jump\",\"depth\":0}", "unknown kind" },
	{ "{\"seq\":1,\"seq\":2,\"kind\":\"step\",\"depth\":0}",
	  "a key appears twice" },
	{ "{\"seq\":1,\"kind\":\"step\",\"depth\":0,\"color\":1}",
	  "unknown key \"color\"" },
	{ "{\"seq\":1,\"kind\":\"step\",\"depth\":0,\"func\":\"f\"}",
	  "\"func\", \"line\" and \"src_line\" go together" },
	{ "{\"seq\":1,\"kind\":\"decide\",\"depth\":0,\"id\":\"x\"}",
	  "a decide event needs \"id\" and \"outcome\"" },
	{ "{\"seq\":1,\"kind\":\"step\",\"depth\":0,\"outcome\":true}",
	  "only a decide event has \"id\", \"outcome\" or \"cond\"" },
	{ "{\"seq\":1,\"kind\":\"decide\",\"depth\":0,\"id\":\"x\","
	  "\"outcome\":1}", "outcome must be true or false, found '1'" },
	{ "{\"seq\":1,\"kind\":\"value\",\"depth\":0,\"text\":\"v\","
	  "\"cond\":\"c\"}", "an event has \"text\" or \"cond\", not both" },
	{ "{\"seq\":1,\"kind\":\"tree\",\"depth\":0}",
	  "a tree event needs \"op\"" },
	{ "{\"seq\":1,\"kind\":\"tree\",\"depth\":0,\"op\":\"spin\"}",
	  "unknown tree op" },
	{ "{\"seq\":1,\"kind\":\"note\",\"depth\":0,\"op\":\"gap\"}",
	  "only a tree event has \"op\"" },
	{ "{\"seq\":1,\"kind\":\"note\",\"depth\":0,\"text\":\"a\\qb\"}",
	  "unknown escape \\q in a string" },
	{ "{\"seq\":1,\"kind\":\"note\",\"depth\":0,\"text\":\"a\\u00\"}",
	  "a \\u escape needs four hex digits" },
	{ "{\"seq\":1,\"kind\":\"note\",\"depth\":0,\"text\":\"a\\u0000\"}",
	  "\\u0000 (a NUL byte) in a string" },
	{ "{\"seq\":1,\"kind\":\"note\",\"depth\":0,\"text\":\"\\ud800x\"}",
	  "a high surrogate without its low surrogate in a string" },
	{ "{\"seq\":1,\"kind\":\"note\",\"depth\":0,\"text\":\"\\udc00\"}",
	  "a lone low surrogate in a string" },
	{ "{\"seq\":1,\"kind\":\"note\",\"depth\":0,\"text\":\"a\tb\"}",
	  "a control character in a string (control characters must be "
	  "escaped)" },
	{ "{\"seq\":1,\"kind\":\"note\",\"depth\":0,\"text\":\"abc",
	  "a string is not closed" },
	{ "{\"seq\":1,\"kind\":\"value\",\"depth\":0,\"vals\":{\"v\":12}}",
	  "expected a string, found '1'" },
	{ "{\"seq\":1,\"kind\":\"value\",\"depth\":0,\"vals\":{\"v\":\"12\"}}",
	  "a value must be a string \"0x\" and hex digits" },
	{ "{\"seq\":1,\"kind\":\"value\",\"depth\":0,\"vals\":{\"v\":\"0x\"}}",
	  "a value must be a string \"0x\" and hex digits" },
	{ "{\"seq\":1,\"kind\":\"value\",\"depth\":0,\"vals\":"
	  "{\"v\":\"0x10000000000000000\"}}", "a value does not fit in 64 bits" },
	{ "{\"seq\":1,\"kind\":\"value\",\"depth\":0,\"vals\":{\"a\":\"0x1\","
	  "\"b\":\"0x1\",\"c\":\"0x1\",\"d\":\"0x1\",\"e\":\"0x1\",\"f\":\"0x1\","
	  "\"g\":\"0x1\",\"h\":\"0x1\",\"i\":\"0x1\"}}",
	  "more than 8 values in vals" },
	{ "{\"seq\":1,\"kind\":\"step\",\"depth\":0} x",
	  "'x' after the event (column 35)" },
	{ "{\"seq\":1,\"kind\":\"step\",\"depth\":0}\n\n",
	  "the end of the line after the event" },
	{ "{\"seq\":1,\"kind\":\"step\",\"depth\":0,}",
	  "expected a string, found '}'" },
	{ "{\"seq\":1 \"kind\":\"step\",\"depth\":0}",
	  "expected ',' or '}' after a member, found '\"'" },
};

START_TEST(test_malformed)
{
	struct trace_read_event ev;
	char err[TRACE_READ_ERRLEN], want[TRACE_READ_ERRLEN];
	const char *line = bad[_i].line;

	memset(&ev, 0x5a, sizeof(ev));
	ck_assert_int_eq(trace_read_line(line, strlen(line), "t", 3, &ev, err,
	    sizeof(err)), -1);
	snprintf(want, sizeof(want), "t:3: %s", bad[_i].msg);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0,
	    "line %s\n got: %s\nwant: %s", line, err, want);
	/* Nothing is left half-filled. */
	ck_assert_ptr_null(ev.func);
	ck_assert_ptr_null(ev.text);
	ck_assert_int_eq(ev.nvals, 0);
}
END_TEST

/* A NUL byte inside the line, which strlen would not see. */
START_TEST(test_nul_byte)
{
	static const char line[] = "{\"seq\":1,\"kind\":\"no\0te\",\"depth\":0}";
	struct trace_read_event ev;
	char err[TRACE_READ_ERRLEN];

	ck_assert_int_eq(trace_read_line(line, sizeof(line) - 1, NULL, 9, &ev,
	    err, sizeof(err)), -1);
	ck_assert_str_eq(err, "trace:9: a NUL byte in a string (control "
	    "characters must be escaped) (column 20)");
}
END_TEST

static int
count_event(void *ctx, const struct trace_read_event *ev)
{
	unsigned long *n = ctx;

	(*n)++;
	return ev->seq == 99 ? 7 : 0;
}

START_TEST(test_file)
{
	static const char ok[] =
	    "{\"seq\":0,\"kind\":\"syscall\",\"depth\":0,\"text\":\"brk(NULL)\"}\n"
	    "{\"seq\":1,\"kind\":\"return\",\"depth\":1,\"func\":\"sys_brk\","
	    "\"line\":0,\"src_line\":0,\"vals\":{\"result\":\"0x5000\"}}";
	static const char badfile[] =
	    "{\"seq\":0,\"kind\":\"syscall\",\"depth\":0}\n"
	    "\n"
	    "{\"seq\":2,\"kind\":\"syscall\",\"depth\":0}\n";
	static const char stop[] =
	    "{\"seq\":99,\"kind\":\"note\",\"depth\":0}\n"
	    "garbage\n";
	char err[TRACE_READ_ERRLEN];
	unsigned long n = 0;
	FILE *fp;

	fp = fmemopen((void *)ok, sizeof(ok) - 1, "r");
	ck_assert_int_eq(trace_read_file(fp, "ok.jsonl", count_event, &n, err,
	    sizeof(err)), 0);
	fclose(fp);
	ck_assert_uint_eq(n, 2);

	n = 0;
	fp = fmemopen((void *)badfile, sizeof(badfile) - 1, "r");
	ck_assert_int_eq(trace_read_file(fp, "bad.jsonl", count_event, &n, err,
	    sizeof(err)), -1);
	fclose(fp);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(err, "bad.jsonl:2: expected '{' at the start of an "
	    "event, found the end of the line (column 1)");

	n = 0;
	fp = fmemopen((void *)stop, sizeof(stop) - 1, "r");
	ck_assert_int_eq(trace_read_file(fp, "s", count_event, &n, err,
	    sizeof(err)), 7);
	fclose(fp);
	ck_assert_uint_eq(n, 1);
}
END_TEST

/*
 * The line cap: an endless line ends at 1 MiB with its message (it is
 * read in memory of that size, never more), and a line of exactly 1 MiB,
 * its newline included, still reads as far as the parser.
 */
START_TEST(test_caps)
{
	char err[TRACE_READ_ERRLEN], *text;
	size_t big = 1 << 20;
	unsigned long n = 0;
	FILE *fp;

	fp = endless_open("{");
	ck_assert_int_eq(trace_read_file(fp, "zero.jsonl", count_event, &n,
	    err, sizeof(err)), -1);
	fclose(fp);
	ck_assert_uint_eq(n, 0);
	ck_assert_str_eq(err, "zero.jsonl:1: a line longer than 1 MiB: too "
	    "long for a JSON Lines trace (is it the right file?)");

	text = malloc(big);
	ck_assert_ptr_nonnull(text);
	memset(text, ' ', big - 1);
	text[big - 1] = '\n';
	fp = fmemopen(text, big, "r");
	ck_assert_int_eq(trace_read_file(fp, "b", count_event, &n, err,
	    sizeof(err)), -1);
	fclose(fp);
	ck_assert_msg(strncmp(err, "b:1: expected '{'", 17) == 0, "%s", err);
	free(text);
}
END_TEST

static Suite *
trace_read_suite(void)
{
	Suite *s = suite_create("trace-read");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_round_trip_builtins);
	tcase_add_test(tc, test_spellings);
	tcase_add_loop_test(tc, test_malformed, 0,
	    (int)(sizeof(bad) / sizeof(bad[0])));
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_file);
	tcase_add_test(tc, test_caps);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(trace_read_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
