/*
 * test-grade.c - the grader's own parts: the isolated runner (a crash, a
 * loop, an exit, a fork, a flood each fail one test with a reason), the
 * reports (results.json within Gradescope's limits), the comparison of
 * decisions, the search helpers with the engine itself as the "student",
 * and lab 1's quiz (reproducible, self-consistent, its answers parser).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grader/grade.h"
#include "grader/grade-int.h"
#include "trace/listing.h"
#include "grader/quiz.h"
#include "run/run.h"
#include "input/scenario.h"

/* ---- a lab whose "student" is the engine itself ------------------------- */

static unsigned long
wrong_search(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	(void)mm;
	return info->low_limit;	/* always the bottom: often wrong */
}

static int
t_pass(struct grade_ctx *ctx, const void *arg)
{
	(void)arg;
	grade_say(ctx, "fine\n");
	return 1;
}

static int
t_fail(struct grade_ctx *ctx, const void *arg)
{
	(void)arg;
	grade_say(ctx, "a reason\n");
	return 0;
}

static int
t_crash(struct grade_ctx *ctx, const void *arg)
{
	(void)ctx;
	return *(volatile int *)(uintptr_t)arg;	/* arg is NULL */
}

static int
t_loop(struct grade_ctx *ctx, const void *arg)
{
	volatile unsigned long n = 0;

	(void)ctx;
	(void)arg;
	for (;;)
		n++;
	return 0;
}

static int
t_exit(struct grade_ctx *ctx, const void *arg)
{
	(void)ctx;
	(void)arg;
	exit(0);
}

/*
 * A test that leaves a child behind and never ends: the runner stops
 * it at its deadline and its process group with it. (A test body is the
 * grader's own code now: student code, and its fork bombs, run in the
 * sandboxed test program, tested by tests/hostile.sh.)
 */
static int
t_fork(struct grade_ctx *ctx, const void *arg)
{
	(void)ctx;
	(void)arg;
	if (fork() == 0)
		for (;;)
			pause();
	for (;;)
		pause();
	return 1;
}

static int
t_flood(struct grade_ctx *ctx, const void *arg)
{
	long i;

	(void)ctx;
	(void)arg;
	for (i = 0; i < 1L << 20; i++)
		printf("flooding the output, line %ld\n", i);
	return 1;
}

static int
t_abort(struct grade_ctx *ctx, const void *arg)
{
	(void)ctx;
	(void)arg;
	abort();
}

static const struct grade_test runner_tests[] = {
	{ .name = "pass", .points = 1, .run = t_pass },
	{ .name = "fail", .points = 2, .run = t_fail },
	{ .name = "crash", .points = 3, .run = t_crash },
	{ .name = "loop", .points = 4, .run = t_loop, .cpu_seconds = 1 },
	{ .name = "exit", .points = 5, .run = t_exit },
	{ .name = "fork", .points = 6, .run = t_fork, .cpu_seconds = 1 },
	{ .name = "flood", .points = 7, .run = t_flood },
	{ .name = "abort", .points = 8, .run = t_abort },
	{ .name = "hidden-pass", .points = 9, .run = t_pass,
	  .vis = GRADE_HIDDEN },
	{ .name = NULL }
};

static const struct grade_lab runner_lab = {
	.name = "runner", .title = "the runner's own tests", .files = "-",
	.tests = runner_tests,
};

/* Runs grade_main with argv and returns the TSV lines it wrote. */
static char *
run_main(const struct grade_lab *lab, const char *const *args, int *status)
{
	char tsv[] = "/tmp/test-grade-XXXXXX", *argv[16], *buf;
	int fd, n = 0, i;
	FILE *fp;
	size_t len;

	fd = mkstemp(tsv);
	ck_assert_int_ge(fd, 0);
	close(fd);
	argv[n++] = (char *)"grade-test";
	argv[n++] = (char *)"--tsv";
	argv[n++] = tsv;
	for (i = 0; args[i] != NULL; i++)
		argv[n++] = (char *)(uintptr_t)args[i];
	argv[n] = NULL;
	*status = grade_main(lab, n, argv);
	fp = fopen(tsv, "r");
	ck_assert_ptr_nonnull(fp);
	buf = calloc(1, 65536);
	len = fread(buf, 1, 65535, fp);
	buf[len] = '\0';
	fclose(fp);
	unlink(tsv);
	return buf;
}

START_TEST(test_runner_isolation)
{
	static const char *const none[] = { NULL };
	char *out;
	int st;

	out = run_main(&runner_lab, none, &st);
	ck_assert_int_eq(st, 1);
	ck_assert_ptr_nonnull(strstr(out, "pass\t1\t1\tpassed\n"));
	ck_assert_ptr_nonnull(strstr(out, "fail\t0\t2\tfailed\n"));
	ck_assert_ptr_nonnull(strstr(out, "crash\t0\t3\tfailed\n"));
	ck_assert_ptr_nonnull(strstr(out, "loop\t0\t4\tfailed\n"));
	ck_assert_ptr_nonnull(strstr(out, "exit\t0\t5\tfailed\n"));
	ck_assert_ptr_nonnull(strstr(out, "fork\t0\t6\tfailed\n"));
	ck_assert_ptr_nonnull(strstr(out, "flood\t0\t7\tfailed\n"));
	ck_assert_ptr_nonnull(strstr(out, "abort\t0\t8\tfailed\n"));
	ck_assert_ptr_nonnull(strstr(out, "hidden-pass\t9\t9\tpassed\n"));
	free(out);
}
END_TEST

START_TEST(test_runner_filter)
{
	static const char *const args[] = { "pass", "ab*", NULL };
	static const char *const vis[] = { "--visible", "*pass", NULL };
	char *out;
	int st;

	out = run_main(&runner_lab, args, &st);
	/* "pass" picks pass and nothing else it does not begin; ab* abort */
	ck_assert_str_eq(out, "pass\t1\t1\tpassed\nabort\t0\t8\tfailed\n");
	free(out);
	out = run_main(&runner_lab, vis, &st);
	ck_assert_str_eq(out, "pass\t1\t1\tpassed\n");
	ck_assert_int_eq(st, 0);
	free(out);
}
END_TEST

/* ---- reports ------------------------------------------------------------- */

START_TEST(test_report_json)
{
	struct grade_report rep;
	char *big = malloc(200 * 1024), *json = NULL;
	size_t len = 0, i;
	FILE *fp;
	int score, max;

	memset(&rep, 0, sizeof(rep));
	rep.lab = "lab9";
	rep.title = "a \"quoted\" title";
	memset(big, 'x', 200 * 1024 - 1);
	big[200 * 1024 - 1] = '\0';
	big[10] = '\n';
	big[11] = '\x01';
	big[12] = (char)0xe9;	/* not UTF-8 on its own */
	for (i = 0; i < 20; i++) {
		char name[16];

		snprintf(name, sizeof(name), "t%zu", i);
		ck_assert_int_eq(grade_report_add(&rep, name, i % 2 ? 2 : 0, 2,
		    i == 3 ? GRADE_HIDDEN : GRADE_VISIBLE, 0.5, big), 0);
	}
	grade_report_total(&rep, &score, &max);
	ck_assert_int_eq(score, 20);
	ck_assert_int_eq(max, 40);
	fp = open_memstream(&json, &len);
	ck_assert_int_eq(grade_report_json(fp, &rep), 0);
	fclose(fp);
	ck_assert_uint_lt(len, 100 * 1024);
	ck_assert_ptr_nonnull(strstr(json, "\"score\": 20,"));
	ck_assert_ptr_nonnull(strstr(json, "\"max_score\": 40,"));
	ck_assert_ptr_nonnull(strstr(json, "\"visibility\": \"hidden\""));
	ck_assert_ptr_nonnull(strstr(json, "\"status\": \"failed\""));
	ck_assert_ptr_nonnull(strstr(json, "\"status\": \"passed\""));
	ck_assert_ptr_nonnull(strstr(json, "a \\\"quoted\\\" title"));
	ck_assert_ptr_nonnull(strstr(json, "\\n\\u0001?"));
	for (i = 0; i < len; i++)
		ck_assert((unsigned char)json[i] < 0x80);
	free(json);
	free(big);
	grade_report_free(&rep);
}
END_TEST

/* ---- the helpers, with the engine as the student ------------------------- */

static int
say_to_pipe(int (*run)(struct grade_ctx *, const void *), const void *arg,
    const struct grade_lab *lab, char *out, size_t outlen)
{
	struct grade_ctx ctx;
	int p[2], ok;
	ssize_t n;

	ck_assert_int_eq(pipe(p), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.lab = lab;
	ctx.fd = p[1];
	ok = run(&ctx, arg);
	close(p[1]);
	n = read(p[0], out, outlen - 1);
	out[n > 0 ? n : 0] = '\0';
	close(p[0]);
	return ok;
}

static const struct grade_lab engine_lab = {
	.name = "engine", .title = "the engine as the student", .files = "-",
	.student = {
		.unmapped_area = unmapped_area,
		.unmapped_area_topdown = unmapped_area_topdown,
		.sys_brk = sys_brk,
		.compute_subtree_gap = vma_compute_subtree_gap,
	},
};

static const struct grade_lab wrong_lab = {
	.name = "wrong", .title = "a wrong search", .files = "-",
	.student = { .unmapped_area = wrong_search },
};

START_TEST(test_helpers_reference_passes)
{
	static const struct grade_search s1 = { .pic = "AAA..BB....CC",
	    .len = 2, .low = 0, .high = 13 };
	static const struct grade_search s2 = { .pic = "AA....BB..CC",
	    .len = 2, .low = 0, .high = 12, .topdown = 1 };
	static const struct grade_random r1 = { .seed = 9, .rounds = 50,
	    .maxcols = 30, .stacks = 1 };
	static const struct grade_efficiency e1 = { .n = 2000 };
	static const struct grade_brk b1 = { .pic = "AAA.HHH......BB",
	    .arg = 2 * (long)PAGE_SIZE };
	static const struct grade_gap g1 = { .pic = "A.B..C...D", .poison = 1 };
	char out[8192];

	ck_assert(say_to_pipe(grade_run_search, &s1, &engine_lab, out,
	    sizeof(out)));
	ck_assert(say_to_pipe(grade_run_search, &s2, &engine_lab, out,
	    sizeof(out)));
	ck_assert(say_to_pipe(grade_run_search_random, &r1, &engine_lab, out,
	    sizeof(out)));
	ck_assert(say_to_pipe(grade_run_search_efficiency, &e1, &engine_lab,
	    out, sizeof(out)));
	ck_assert(say_to_pipe(grade_run_brk, &b1, &engine_lab, out,
	    sizeof(out)));
	ck_assert(say_to_pipe(grade_run_gap, &g1, &engine_lab, out,
	    sizeof(out)));
}
END_TEST

START_TEST(test_helpers_wrong_fails_with_words)
{
	static const struct grade_search s1 = { .pic = "AAA..BB....CC",
	    .len = 2, .low = 0, .high = 13 };
	char out[16384];

	ck_assert(!say_to_pipe(grade_run_search, &s1, &wrong_lab, out,
	    sizeof(out)));
	ck_assert_msg(strstr(out, "yours returns 0x10000000; the kernel's "
	    "returns 0x10003000") != NULL, "%s", out);
	/* A picture with both answers. */
	ck_assert_msg(strstr(out, "VMAs          AAA  BB    CC") != NULL, "%s",
	    out);
	ck_assert_msg(strstr(out, "kernel's         ==") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "yours         ==") != NULL, "%s", out);
}
END_TEST

/* A call of unmapped_area with one decision, emitted by hand. */
static void
emit_one_decision(struct trace *t, const char *cond, int outcome, int n,
    const struct trace_val *vals, unsigned long result)
{
	struct trace_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.func = "unmapped_area";
	ev.fn = listing_find("unmapped_area");
	ev.line = 1;
	trace_emit_call(t, &ev, 0, NULL);
	trace_emit_decide(t, &ev, decision_find("unmapped_area.gap_fits"),
	    cond, outcome, n, vals);
	trace_emit_return(t, &ev, result);
}

/* What grade_diff_decisions says of the kernel's `ref` and the student's. */
static void
diff_say(struct grade_rec *ref, struct grade_rec *stu, char *out, size_t len)
{
	struct grade_lab lab = engine_lab;
	struct grade_ctx ctx;
	ssize_t n;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.lab = &lab;
	ctx.fd = p[1];
	ck_assert(!grade_diff_decisions(&ctx, "unmapped_area", &ref->rec,
	    &stu->rec));
	close(p[1]);
	n = read(p[0], out, len - 1);
	out[n > 0 ? n : 0] = '\0';
	close(p[0]);
}

/*
 * Why a decision went the other way: a value of one name that differs is
 * named with both values; a condition over other values than the
 * kernel's is called a different condition, with both sides' names.
 */
START_TEST(test_diff_why)
{
	static const struct trace_val kernel[] = {
		{ "gap_end", 0x10005000 }, { "low_limit", 0x10003000 },
	};
	static const struct trace_val same_name[] = {
		{ "gap_end", 0x10004000 }, { "low_limit", 0x10003000 },
	};
	static const struct trace_val other[] = { { "gap_start", 0x10004000 } };
	struct trace ta, tb;
	struct grade_rec ra, rb;
	char out[8192];

	grade_rec_sink(&ta, &ra, 100);
	grade_rec_sink(&tb, &rb, 100);
	emit_one_decision(&ta, "gap_end >= low_limit", 1, 2, kernel,
	    0x10003000);
	emit_one_decision(&tb, "gap_end > low_limit", 0, 2, same_name,
	    -ENOMEM);
	diff_say(&ra, &rb, out, sizeof(out));
	ck_assert_msg(strstr(out, "The values differ (gap_end: yours "
	    "0x10004000, the kernel's 0x10005000)") != NULL, "%s", out);
	trace_rec_free(&rb.rec);

	grade_rec_sink(&tb, &rb, 100);
	emit_one_decision(&tb, "gap_start > low_limit", 0, 1, other,
	    -ENOMEM);
	diff_say(&ra, &rb, out, sizeof(out));
	ck_assert_msg(strstr(out, "Your condition reads gap_start; the "
	    "kernel's reads gap_end and low_limit, and no value of the same "
	    "name differs") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "The values differ") == NULL, "%s", out);
	trace_rec_free(&ra.rec);
	trace_rec_free(&rb.rec);
}
END_TEST

/* Two recordings of the engine's unmapped_area on different requests. */
START_TEST(test_diff_first_difference)
{
	struct grade_lab lab = engine_lab;
	struct grade_ctx ctx;
	struct vm_unmapped_area_info a = { .length = 2 * PAGE_SIZE,
	    .low_limit = GRADE_BASE, .high_limit = GRADE_BASE + 13 * PAGE_SIZE };
	struct vm_unmapped_area_info b = a;
	struct trace ta, tb;
	struct grade_rec ra, rb;
	char err[128], out[8192];
	struct mm *mm = grade_pic_mm("AAA..BB....CC", GRADE_BASE, PAGE_SIZE,
	    LAYOUT_LEGACY, err, sizeof(err));
	int p[2], ok;
	ssize_t n;

	ck_assert_ptr_nonnull(mm);
	b.length = 3 * PAGE_SIZE;
	grade_rec_sink(&ta, &ra, 1000);
	grade_rec_sink(&tb, &rb, 1000);
	mm_trace_attach(mm, &ta);
	unmapped_area(mm, &a);
	mm_trace_attach(mm, &tb);
	unmapped_area(mm, &b);
	mm_trace_detach(mm);
	ck_assert_int_eq(pipe(p), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.lab = &lab;
	ctx.fd = p[1];
	ok = grade_diff_decisions(&ctx, "unmapped_area", &ra.rec, &rb.rec);
	close(p[1]);
	n = read(p[0], out, sizeof(out) - 1);
	out[n > 0 ? n : 0] = '\0';
	close(p[0]);
	ck_assert(!ok);
	ck_assert_msg(strstr(out, "unmapped_area.gap_fits") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "taken") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "The values differ") != NULL, "%s", out);
	mm_free(mm);
	trace_rec_free(&ra.rec);
	trace_rec_free(&rb.rec);
}
END_TEST

/* ---- lab 1: the quiz ------------------------------------------------------ */

START_TEST(test_quiz_reproducible)
{
	struct quiz a, b;
	char err[QUIZ_ERRLEN];

	ck_assert_int_eq(quiz_make(&a, 42, -1, err, sizeof(err)), 0);
	ck_assert_int_eq(quiz_make(&b, 42, -1, err, sizeof(err)), 0);
	ck_assert_str_eq(a.text, b.text);
	ck_assert_str_eq(a.key, b.key);
	ck_assert_int_ge(a.nq, 6);
	quiz_free(&b);
	ck_assert_int_eq(quiz_make(&b, 43, -1, err, sizeof(err)), 0);
	ck_assert_str_ne(a.text, b.text);
	quiz_free(&a);
	quiz_free(&b);
}
END_TEST

/*
 * The key is a scenario with every result written: replayed by the
 * engine, every result matches, for many seeds and both layouts. Every
 * question has a registered deciding decision.
 */
START_TEST(test_quiz_key_checks)
{
	struct quiz qz;
	struct scenario sc;
	struct run r;
	char err[QUIZ_ERRLEN], msg[512];
	unsigned long res;
	size_t i;
	int q;

	ck_assert_int_eq(quiz_make(&qz, (uint64_t)_i, _i % 3 == 0 ? -1 :
	    _i % 3 - 1, err, sizeof(err)), 0);
	for (q = 0; q < qz.nq; q++)
		ck_assert_msg(qz.q[q].reason != NULL &&
		    decision_find(qz.q[q].reason->id) == qz.q[q].reason,
		    "seed %d Q%d: no reason", _i, q + 1);
	ck_assert_int_eq(scenario_parse_string(qz.key, "key", &sc, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(run_start(&r, &sc, NULL, err, sizeof(err)), 0);
	for (i = 0; i < sc.nops; i++) {
		res = run_op(&r, &sc.ops[i]);
		ck_assert_msg(run_check(&r, &sc.ops[i], res, msg, sizeof(msg)),
		    "seed %d: %s", _i, msg);
	}
	run_end(&r);
	scenario_free(&sc);
	quiz_free(&qz);
}
END_TEST

static int
parse_answers(const char *text, struct quiz_answers *qa, char *err,
    size_t errlen)
{
	FILE *fp = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	int rc;

	ck_assert_ptr_nonnull(fp);
	rc = quiz_parse_answers(fp, "answers.txt", qa, err, errlen);
	fclose(fp);
	return rc;
}

static const struct {
	const char	*text;
	const char	*err;
} bad_answers[] = {
	{ "Q1 0x1000 sys_brk.same_page\n",
	  "answers.txt: no 'seed N' line" },
	{ "seed 4\nseed 5\n", "answers.txt:2: a second 'seed' line" },
	{ "seed x\n", "answers.txt:1: 'x' is not a seed" },
	{ "seed 4\n\nfoo bar baz\n", "answers.txt:3: expected 'Qn VALUE "
	  "DECISION'" },
	{ "seed 4\nQ1 0x1000\n", "answers.txt:2: Q1 needs a value and a "
	  "decision id" },
	{ "seed 4\nQ1 0xzz sys_brk.shrink\n", "answers.txt:2: '0xzz' is not "
	  "a value" },
	{ "seed 4\nQ99 0x1 sys_brk.shrink\n", "answers.txt:2: 'Q99' is not "
	  "a question number" },
	{ "seed 4\nQ1 1 a.b\n# c\nQ1 2 a.b\n", "answers.txt:4: Q1 is "
	  "answered twice (first on line 2)" },
	{ "seed 4\nlayout sideways\n", "answers.txt:2: expected 'layout "
	  "legacy' or 'layout topdown'" },
};

START_TEST(test_quiz_answers_errors)
{
	struct quiz_answers qa;
	char err[QUIZ_ERRLEN];

	ck_assert_int_eq(parse_answers(bad_answers[_i].text, &qa, err,
	    sizeof(err)), -1);
	ck_assert_msg(strncmp(err, bad_answers[_i].err,
	    strlen(bad_answers[_i].err)) == 0, "got \"%s\", want \"%s...\"",
	    err, bad_answers[_i].err);
}
END_TEST

START_TEST(test_quiz_grading)
{
	struct quiz qz;
	struct quiz_answers qa;
	struct grade_report rep;
	char err[QUIZ_ERRLEN], text[4096], b[32];
	int q, n, score, max;

	ck_assert_int_eq(quiz_make(&qz, 7, -1, err, sizeof(err)), 0);
	n = snprintf(text, sizeof(text), "# my answers\nseed 7\n");
	for (q = 0; q < qz.nq; q++)
		n += snprintf(text + n, sizeof(text) - (size_t)n,
		    "Q%d %s %s\n", q + 1, grade_fmt_result(qz.q[q].answer, b,
		    sizeof(b)), q == 0 ? "sys_brk.shrink" : qz.q[q].reason->id);
	ck_assert_int_eq(parse_answers(text, &qa, err, sizeof(err)), 0);
	memset(&rep, 0, sizeof(rep));
	ck_assert_int_eq(quiz_grade(&qz, &qa, 0, &rep), 0);
	grade_report_total(&rep, &score, &max);
	ck_assert_int_eq(max, 2 * qz.nq);
	ck_assert_int_eq(score, max - 1);	/* Q1's decision is wrong */
	ck_assert_ptr_nonnull(strstr(rep.r[0].output, "not the one that "
	    "decided this call"));
	grade_report_free(&rep);
	quiz_free(&qz);
}
END_TEST

static Suite *
grade_suite(void)
{
	Suite *s = suite_create("grade");
	TCase *tc;

	tc = tcase_create("runner");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_runner_isolation);
	tcase_add_test(tc, test_runner_filter);
	tcase_add_test(tc, test_report_json);
	suite_add_tcase(s, tc);

	tc = tcase_create("helpers");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_helpers_reference_passes);
	tcase_add_test(tc, test_helpers_wrong_fails_with_words);
	tcase_add_test(tc, test_diff_first_difference);
	tcase_add_test(tc, test_diff_why);
	suite_add_tcase(s, tc);

	tc = tcase_create("quiz");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_quiz_reproducible);
	tcase_add_loop_test(tc, test_quiz_key_checks, 1, 61);
	tcase_add_loop_test(tc, test_quiz_answers_errors, 0,
	    (int)(sizeof(bad_answers) / sizeof(bad_answers[0])));
	tcase_add_test(tc, test_quiz_grading);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(grade_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
