/*
 * test-spawn.c - labs/grader/spawn.c, the one way the grader runs a child:
 * what it captures (stdout and stderr on one pipe, results on another, a
 * program's on fd 3), and each way a child can end (an exit status, a
 * signal, the deadline, a sink that has seen enough), the process group
 * killed behind it, a child's child dying with it, and the reaping of many
 * in the order they end (or until a signal, when the caller says stop).
 */
#include <check.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "grader/spawn.h"

/* A sink that keeps everything (up to 64 KiB) and can stop at `stop`. */
struct keep {
	char	 buf[64 * 1024];
	size_t	 len, total, stop;
};

static int
keep_sink(void *arg, const char *p, size_t n)
{
	struct keep *k = arg;
	size_t room = sizeof(k->buf) - 1 - k->len;

	memcpy(k->buf + k->len, p, n < room ? n : room);
	k->len += n < room ? n : room;
	k->buf[k->len] = '\0';
	k->total += n;
	return k->stop > 0 && k->total >= k->stop ? -1 : 0;
}

/* Is pid gone (or a zombie that only its new parent may reap)? */
static int
dead(pid_t pid)
{
	char path[64], buf[512], *paren;
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return 1;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	paren = strrchr(buf, ')');
	return paren == NULL || paren[1] == '\0' || paren[2] == 'Z' ||
	    paren[2] == 'X';
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A spawn of fn, its output into *out and its results into *res. */
static void
setup(struct spawn *s, int (*fn)(void *, int), struct keep *out,
    struct keep *res)
{
	memset(s, 0, sizeof(*s));
	s->fn = fn;
	if (out != NULL) {
		memset(out, 0, sizeof(*out));
		s->out.sink = keep_sink;
		s->out.arg = out;
	}
	if (res != NULL) {
		memset(res, 0, sizeof(*res));
		s->res.sink = keep_sink;
		s->res.arg = res;
		s->res.drain = 1;
	}
}

/* ---- the children ------------------------------------------------------- */

static int
c_exit7(void *arg, int resfd)
{
	(void)arg;
	printf("to stdout\n");
	fflush(stdout);
	fprintf(stderr, "to stderr\n");
	if (write(resfd, "R 1\n", 4) != 4)
		return 1;
	return 7;
}

static int
c_segv(void *arg, int resfd)
{
	(void)arg;
	(void)resfd;
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
	return 0;
}

static int
c_sleep(void *arg, int resfd)
{
	(void)arg;
	(void)resfd;
	for (;;)
		pause();
	return 0;
}

static int
c_flood(void *arg, int resfd)
{
	static const char line[] = "flooding the output\n";

	(void)arg;
	(void)resfd;
	for (;;)
		if (write(1, line, sizeof(line) - 1) < 0)
			return 1;
}

/* Leaves a grandchild behind, holding the output pipe, its pid on res. */
static int
c_orphan(void *arg, int resfd)
{
	char pid[32];
	pid_t g = fork();

	(void)arg;
	if (g == 0)
		for (;;)
			pause();
	snprintf(pid, sizeof(pid), "%ld\n", (long)g);
	if (write(resfd, pid, strlen(pid)) < 0)
		return 1;
	return 0;
}

static int
c_sleep_ms(void *arg, int resfd)
{
	int ms = *(const int *)arg;
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	(void)resfd;
	nanosleep(&ts, NULL);
	return ms / 100;
}

/*
 * Starts a grandchild that sleeps 30 s, in a group of its own (so the
 * group kill behind this child does not reach it), writes its pid to the
 * result pipe and exits without waiting: only its death with its parent
 * can end the grandchild early.
 */
static int
c_orphan_spawned(void *arg, int resfd)
{
	static char *const argv[] = { "sleep", "30", NULL };
	struct spawn g;

	(void)arg;
	memset(&g, 0, sizeof(g));
	g.argv = argv;
	g.group = 1;
	if (spawn_start(&g) < 0)
		return 2;
	dprintf(resfd, "%ld\n", (long)g.pid);
	return 0;
}

static void
on_alarm(int sig)
{
	(void)sig;
}

/* ---- the tests ----------------------------------------------------------- */

START_TEST(test_exit_status_and_pipes)
{
	struct keep out, res;
	struct spawn s;

	setup(&s, c_exit7, &out, &res);
	ck_assert_int_eq(spawn_run(&s), 0);
	ck_assert_int_eq(s.how, SPAWN_EXITED);
	ck_assert_int_eq(s.code, 7);
	ck_assert_str_eq(out.buf, "to stdout\nto stderr\n");
	ck_assert_str_eq(res.buf, "R 1\n");
	ck_assert_int_eq(s.running, 0);
}
END_TEST

START_TEST(test_signal)
{
	struct keep out;
	struct spawn s;

	setup(&s, c_segv, &out, NULL);
	ck_assert_int_eq(spawn_run(&s), 0);
	ck_assert_int_eq(s.how, SPAWN_SIGNALED);
	ck_assert_int_eq(s.code, SIGSEGV);
	ck_assert(WIFSIGNALED(s.status));
}
END_TEST

START_TEST(test_deadline)
{
	struct keep out;
	struct spawn s;
	double t0 = now();

	setup(&s, c_sleep, &out, NULL);
	s.timeout = 0.3;
	ck_assert_int_eq(spawn_run(&s), 0);
	ck_assert_int_eq(s.how, SPAWN_TIMEOUT);
	ck_assert_int_eq(s.code, SIGKILL);
	ck_assert(now() - t0 >= 0.25);
	ck_assert(now() - t0 < 3);
}
END_TEST

START_TEST(test_sink_stops)
{
	struct keep out;
	struct spawn s;

	setup(&s, c_flood, &out, NULL);
	out.stop = 100 * 1000;
	s.timeout = 20;
	ck_assert_int_eq(spawn_run(&s), 0);
	ck_assert_int_eq(s.how, SPAWN_STOPPED);
	ck_assert_int_eq(s.code, SIGKILL);
	ck_assert(out.total >= out.stop);
	ck_assert(out.total < out.stop + SPAWN_CHUNK);
}
END_TEST

START_TEST(test_program)
{
	char *const argv[] = { "sh", "-c", "echo out; echo err >&2; "
	    "echo res >&3; exit 3", NULL };
	struct keep out, res;
	struct spawn s;

	setup(&s, NULL, &out, &res);
	s.argv = argv;
	ck_assert_int_eq(spawn_run(&s), 0);
	ck_assert_int_eq(s.how, SPAWN_EXITED);
	ck_assert_int_eq(s.code, 3);
	ck_assert_str_eq(out.buf, "out\nerr\n");
	ck_assert_str_eq(res.buf, "res\n");
}
END_TEST

START_TEST(test_program_missing)
{
	char *const argv[] = { "/nonexistent/prog", NULL };
	struct keep out;
	struct spawn s;

	setup(&s, NULL, &out, NULL);
	s.argv = argv;
	ck_assert_int_eq(spawn_run(&s), 0);
	ck_assert_int_eq(s.how, SPAWN_EXITED);
	ck_assert_int_eq(s.code, 127);
	ck_assert_str_eq(out.buf, "cannot run /nonexistent/prog: No such "
	    "file or directory\n");
}
END_TEST

START_TEST(test_group_killed)
{
	struct keep out, res;
	struct spawn s;
	long g;
	int i;

	setup(&s, c_orphan, &out, &res);
	s.group = 1;
	s.timeout = 1;
	ck_assert_int_eq(spawn_run(&s), 0);
	/* The grandchild held the output pipe: only the deadline ended it. */
	ck_assert_int_eq(s.how, SPAWN_TIMEOUT);
	ck_assert_int_eq(sscanf(res.buf, "%ld", &g), 1);
	ck_assert(g > 0);
	for (i = 0; i < 100 && !dead((pid_t)g); i++)
		usleep(10000);	/* the signal may take a moment */
	ck_assert(dead((pid_t)g));
}
END_TEST

/*
 *   child 0  |------------------|          300 ms
 *   child 1  |------|                      100 ms
 *   child 2  |------------|                200 ms
 * reaped in the order 1, 2, 0, then NULL.
 */
START_TEST(test_wait_any)
{
	static const int ms[3] = { 300, 100, 200 };
	struct spawn s[3], *v[3], *got;
	int i;

	for (i = 0; i < 3; i++) {
		setup(&s[i], c_sleep_ms, NULL, NULL);
		s[i].arg = (void *)(uintptr_t)&ms[i];
		v[i] = &s[i];
		ck_assert_int_eq(spawn_start(&s[i]), 0);
		ck_assert_int_eq(s[i].running, 1);
	}
	got = spawn_wait_any(v, 3, NULL);
	ck_assert_ptr_eq(got, &s[1]);
	ck_assert_int_eq(got->code, 1);
	ck_assert_ptr_eq(spawn_wait_any(v, 3, NULL), &s[2]);
	ck_assert_int_eq(s[2].code, 2);
	ck_assert_ptr_eq(spawn_wait_any(v, 3, NULL), &s[0]);
	ck_assert_int_eq(s[0].code, 3);
	ck_assert_ptr_null(spawn_wait_any(v, 3, NULL));
}
END_TEST

/* A child's child dies with it: nothing outlives the one who started it. */
START_TEST(test_dies_with_parent)
{
	struct keep res;
	struct spawn s;
	double t0;
	long pid;

	setup(&s, c_orphan_spawned, NULL, &res);
	s.timeout = 10;
	ck_assert_int_eq(spawn_run(&s), 0);
	ck_assert_int_eq(s.code, 0);
	ck_assert_int_eq(sscanf(res.buf, "%ld", &pid), 1);
	t0 = now();
	while (!dead((pid_t)pid) && now() - t0 < 5)
		usleep(10000);
	ck_assert_msg(dead((pid_t)pid), "sleep %ld outlived its parent", pid);
}
END_TEST

/*
 * spawn_wait_any ends on a signal when *stop is set (the batch's SIGTERM),
 * and waits on through one when it is not.
 */
START_TEST(test_wait_any_stop)
{
	static const int ms = 1500;
	volatile sig_atomic_t stop = 0;
	struct sigaction sa;
	struct spawn s, *v[1] = { &s };
	double t0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART: waitpid sees EINTR */
	sigaction(SIGALRM, &sa, NULL);
	setup(&s, c_sleep_ms, NULL, NULL);
	s.arg = (void *)(uintptr_t)&ms;
	ck_assert_int_eq(spawn_start(&s), 0);
	ualarm(200000, 0);
	t0 = now();
	ck_assert_ptr_eq(spawn_wait_any(v, 1, &stop), &s);	/* not stopped */
	ck_assert(now() - t0 > 1.2);
	ck_assert_int_eq(spawn_start(&s), 0);
	stop = 1;
	ualarm(200000, 0);
	t0 = now();
	ck_assert_ptr_null(spawn_wait_any(v, 1, &stop));
	ck_assert(now() - t0 < 1.0);
	kill(s.pid, SIGKILL);
	ck_assert_ptr_eq(spawn_wait_any(v, 1, NULL), &s);
}
END_TEST

static Suite *
spawn_suite(void)
{
	Suite *s = suite_create("spawn");
	TCase *tc = tcase_create("spawn");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_exit_status_and_pipes);
	tcase_add_test(tc, test_signal);
	tcase_add_test(tc, test_deadline);
	tcase_add_test(tc, test_sink_stops);
	tcase_add_test(tc, test_program);
	tcase_add_test(tc, test_program_missing);
	tcase_add_test(tc, test_group_killed);
	tcase_add_test(tc, test_wait_any);
	tcase_add_test(tc, test_dies_with_parent);
	tcase_add_test(tc, test_wait_any_stop);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(spawn_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
