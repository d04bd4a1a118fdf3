/*
 * cmd-grade.c - vmalab grade: grade a lab submission, or a folder of them.
 *
 *   vmalab grade LAB [DIR [TEST...]]   one submission (DIR: default .)
 *   vmalab grade --batch DIR [-j N] [--csv FILE] [--reports DIR] LAB
 *   vmalab grade --list                the labs
 *
 * Lab 1 (the quiz) is scored here from DIR/answers.txt. Labs 2-5 are
 * programs: the student's file(s) from DIR are compiled with the lab's
 * tests (labs/LAB/tests.c, and hidden.c where present) and linked with
 * libvmalab.a into a grader (grade_main, labs/grader/grade.c), which is run.
 * The in-tree build uses the source tree and engine/libvmalab.a next to
 * this program; an installed vmalab uses $(pkgdatadir)/labs, the
 * installed headers and libvmalab.a. --labs DIR picks another labs tree
 * (the Gradescope autograder passes the one with the hidden tests).
 *
 * Exit status: 0 at full marks, 1 below full marks (or bad input: a
 * malformed answers file), 2 on a usage error or when the grader could
 * not run at all.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "grade-config.h"
#include "vmalab.h"
#include "grader/quiz.h"

static int	cmd_grade_exec(const struct cmd_entry *, int, char **);

enum {
	OPT_LIST = 1, OPT_JSON, OPT_TSV, OPT_VISIBLE, OPT_VERBOSE, OPT_REVEAL,
	OPT_CPU, OPT_LABS, OPT_KEEP, OPT_BATCH, OPT_JOBS, OPT_CSV, OPT_REPORTS,
};

static const struct vmalab_opt grade_opts[] = {
	{ "list", OPT_LIST, NULL, NULL, NULL },
	{ "json", OPT_JSON, "FILE", NULL, NULL },
	{ "tsv", OPT_TSV, "FILE", NULL, NULL },
	{ "visible", OPT_VISIBLE, NULL, NULL, NULL },
	{ "verbose", OPT_VERBOSE, NULL, NULL, NULL },
	{ "reveal", OPT_REVEAL, NULL, NULL, NULL },
	{ "cpu", OPT_CPU, "SECONDS", NULL, NULL },
	{ "labs", OPT_LABS, "DIR", NULL, NULL },
	{ "keep", OPT_KEEP, NULL, NULL, NULL },
	{ "batch", OPT_BATCH, "DIR", NULL, NULL },
	{ "jobs", OPT_JOBS, "N", NULL, NULL },
	{ "csv", OPT_CSV, "FILE", NULL, NULL },
	{ "reports", OPT_REPORTS, "DIR", NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

const struct cmd_entry cmd_grade_entry = {
	.name = "grade",
	.usage = "LAB [DIR [TEST...]] | --batch DIR [-j N] LAB | --list",
	.summary = "grade a lab submission (or a folder of them)",
	.help =
	    "Grades the submission in DIR (default: the current directory) "
	    "for LAB:\na line per test (PASS/FAIL, points, time), feedback "
	    "under each failure,\nand \"Score: x/y\". TEST operands pick "
	    "tests by name (shell patterns).\n\n"
	    "  --list           list the labs\n"
	    "  --json FILE      also write Gradescope's results.json to FILE\n"
	    "  --tsv FILE       also write a line per test to FILE\n"
	    "  --visible        run the visible tests only (a student's view)\n"
	    "  --verbose        show the feedback of passing tests too\n"
	    "  --reveal         lab1: show the right answers\n"
	    "  --cpu SECONDS    CPU time per test, e.g. 0.5 (default: each "
	    "test's own)\n"
	    "  --labs DIR       the labs tree to use (tests, headers)\n"
	    "  --keep           keep the build directory and say where it is\n"
	    "  --batch DIR      grade every subdirectory of DIR (one per "
	    "student)\n"
	    "  -j, --jobs N     with --batch: N submissions at a time\n"
	    "  --csv FILE       with --batch: the table (default: stdout)\n"
	    "  --reports DIR    with --batch: each submission's report, as "
	    "DIR/NAME.txt\n\n"
	    "Labs 2-5 compile the student's file with the lab's tests and "
	    "run each test in\na child process with limits on time, memory, "
	    "files and processes. Exit\nstatus: 0 at full marks, 1 below, 2 "
	    "when grading could not run.\n",
	.opts = grade_opts,
	.exec = cmd_grade_exec,
};

/* ---- the labs ------------------------------------------------------------ */

struct lab_info {
	const char	*name;
	const char	*title;
	const char	*files[4];	/* what the student hands in */
	int		 quiz;
};

static const struct lab_info grade_labs[] = {
	{ .name = "lab1", .title = "Reading the address space (a quiz)",
	  .files = { "answers.txt" }, .quiz = 1 },
	{ .name = "lab2", .title = "The augmented gap: rb_subtree_gap and "
	  "its callbacks", .files = { "gap.c" } },
	{ .name = "lab3", .title = "unmapped_area, bottom-up",
	  .files = { "unmapped_area.c" } },
	{ .name = "lab4", .title = "unmapped_area_topdown",
	  .files = { "unmapped_area_topdown.c" } },
	{ .name = "lab5", .title = "sys_brk",
	  .files = { "sys_brk.c" } },
	{ .name = NULL }
};

static const struct lab_info *
grade_lab_find(const char *name)
{
	const struct lab_info *l;

	for (l = grade_labs; l->name != NULL; l++)
		if (strcmp(l->name, name) == 0)
			return l;
	return NULL;
}

/* ---- options --------------------------------------------------------------- */

struct grade_args {
	const struct lab_info *lab;
	const char	*dir;
	char		**tests;
	int		 ntests;
	const char	*json, *tsv, *labs, *batch, *csv, *reports;
	int		 visible, verbose, reveal, keep, jobs;
	const char	*cpu;		/* --cpu, passed on as given */
};

/* Where the lab sources, the engine headers and libvmalab.a are. */
struct grade_paths {
	char		 labs[PATH_MAX];
	const char	*inc;		/* the engine's headers */
	const char	*inc_labs;	/* the grader's (grader/grade.h) */
	const char	*lib;		/* libvmalab.a */
	const char	*grader;	/* libgrader.a */
};

/* ---- paths ----------------------------------------------------------------- */

/*
 * snprintf for paths: returns 0, or -1 when the result did not fit (the
 * buffer then holds an empty string, never a cut path).
 */
static int __attribute__((format(printf, 3, 4)))
grade_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len) {
		buf[0] = '\0';
		return -1;
	}
	return 0;
}

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
is_file(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Is this the vmalab of the build tree (not an installed copy)? */
static int
grade_in_tree(void)
{
	char self[PATH_MAX], built[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return 0;
	self[n] = '\0';
	if (realpath(GRADE_BUILD_EXE, built) == NULL)
		return 0;
	return strcmp(self, built) == 0 && is_file(GRADE_BUILD_LIB);
}

static int
grade_find_paths(const struct grade_args *a, struct grade_paths *p)
{
	const char *env = getenv("VMALAB_LABDIR");
	int tree = grade_in_tree();
	const char *labs = a->labs != NULL ? a->labs : env != NULL && *env ?
	    env : tree ? GRADE_SRC_LABS : GRADE_INST_LABS;

	if (realpath(labs, p->labs) == NULL || !is_dir(p->labs)) {
		vmalab_error("%s: no labs tree there (%s)", labs,
		    errno ? strerror(errno) : "not a directory");
		return -1;
	}
	p->inc = tree ? GRADE_SRC_INC : GRADE_INST_INC;
	p->inc_labs = tree ? GRADE_SRC_INC_LABS : GRADE_INST_INC;
	p->lib = tree ? GRADE_BUILD_LIB : GRADE_INST_LIB;
	p->grader = tree ? GRADE_BUILD_GRADER : GRADE_INST_GRADER;
	if (!is_file(p->lib) || !is_file(p->grader)) {
		vmalab_error("%s: missing (build vmalab, or make install)",
		    is_file(p->lib) ? p->grader : p->lib);
		return -1;
	}
	return 0;
}

/* ---- running a program and capturing its output ----------------------------- */

/*
 * Runs argv with stdout and stderr into *out (at most `keep` bytes kept),
 * killing it after `secs` seconds. Returns its wait status, or -1 when it
 * could not be started.
 */
static int
grade_capture(char *const argv[], char **out, size_t keep, int secs)
{
	int p[2], status = -1;
	size_t len = 0;
	char buf[4096], *o;
	pid_t pid;
	ssize_t r;
	time_t end = time(NULL) + secs;
	struct pollfd pf;

	if ((o = malloc(keep + 1)) == NULL)
		return -1;
	o[0] = '\0';
	*out = o;
	if (pipe(p) < 0)
		return -1;
	fflush(stdout);
	if ((pid = fork()) < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[1]);
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(p[1]);
	pf.fd = p[0];
	pf.events = POLLIN;
	for (;;) {
		int left = (int)(end - time(NULL));

		if (left <= 0) {
			kill(pid, SIGKILL);
			break;
		}
		if (poll(&pf, 1, left * 1000) < 0 && errno != EINTR)
			break;
		r = read(p[0], buf, sizeof(buf));
		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			break;
		}
		if (len < keep) {
			size_t n = (size_t)r < keep - len ? (size_t)r : keep - len;

			memcpy(o + len, buf, n);
			len += n;
			o[len] = '\0';
		}
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

/* ---- building a lab's grader -------------------------------------------------- */

#define GRADE_MAXARGS	48

struct grade_build {
	char		*owned[8];		/* words split off for argv */
	int		 nowned;
	char		 tmp[PATH_MAX];
	char		 exe[PATH_MAX];
	char		 preamble[PATH_MAX];	/* compiler warnings, or "" */
	char		*msg;			/* why it failed, or NULL */
	int		 hidden;		/* hidden.c was used */
};

static void
grade_push(char **argv, int *n, const char *s)
{
	if (*n < GRADE_MAXARGS - 1)
		argv[(*n)++] = (char *)(uintptr_t)s;
	argv[*n] = NULL;
}

/* Splits the words of `s` onto argv; b keeps the copy until cleanup. */
static void
grade_push_words(struct grade_build *b, char **argv, int *n, const char *s)
{
	char *copy, *w, *save;

	if (b->nowned == (int)(sizeof(b->owned) / sizeof(b->owned[0])) ||
	    (copy = strdup(s)) == NULL)
		return;
	b->owned[b->nowned++] = copy;
	for (w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save))
		grade_push(argv, n, w);
}

static int
grade_write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

/*
 * Compiles the lab's grader in a new temporary directory. With
 * `with_student` 0, only the tests and the stubs (for a report that fails
 * every test). Returns 0 when the program was built; else -1 with b->msg
 * saying why (the compiler's words).
 */
static int
grade_compile(const struct lab_info *lab, const char *dir,
    const struct grade_paths *p, const struct grade_args *a,
    struct grade_build *b, int with_student)
{
	char *argv[GRADE_MAXARGS], *out = NULL;
	char inc1[PATH_MAX + 3], inc2[PATH_MAX + 3], inc3[PATH_MAX + 3],
	    tests[PATH_MAX],
	    hidden[PATH_MAX], stubs[PATH_MAX], files[4][PATH_MAX];
	const char *cc = getenv("CC");
	int n = 0, i, st;

	if (b->tmp[0] == '\0') {
		const char *t = getenv("TMPDIR");

		snprintf(b->tmp, sizeof(b->tmp), "%s/vmalab-grade.XXXXXX",
		    t != NULL && *t ? t : "/tmp");
		if (mkdtemp(b->tmp) == NULL) {
			b->msg = strdup("cannot make a temporary directory");
			b->tmp[0] = '\0';
			return -1;
		}
	}
	if (grade_path(b->exe, sizeof(b->exe), "%s/grade-%s", b->tmp,
	    lab->name) < 0 ||
	    grade_path(inc1, sizeof(inc1), "-I%s/include", p->labs) < 0 ||
	    grade_path(inc2, sizeof(inc2), "-I%s", p->inc) < 0 ||
	    grade_path(inc3, sizeof(inc3), "-I%s", p->inc_labs) < 0 ||
	    grade_path(tests, sizeof(tests), "%s/%s/tests.c", p->labs,
	    lab->name) < 0 ||
	    grade_path(hidden, sizeof(hidden), "%s/%s/hidden.c", p->labs,
	    lab->name) < 0 ||
	    grade_path(stubs, sizeof(stubs), "%s/common/stubs.c", p->labs) < 0) {
		b->msg = strdup("a path is too long");
		return -1;
	}
	if (!is_file(tests)) {
		char m[PATH_MAX + 64];

		snprintf(m, sizeof(m), "%s: the lab's tests are missing", tests);
		b->msg = strdup(m);
		return -1;
	}
	b->hidden = !a->visible && is_file(hidden);
	grade_push_words(b, argv, &n, cc != NULL && *cc ? cc : GRADE_CC);
	grade_push_words(b, argv, &n, "-std=gnu11 -O1 -g -Wall -Wextra "
	    "-Wno-unused-parameter -Wno-sign-compare -Wno-unused-function");
	if (GRADE_SAN_CFLAGS[0] != '\0')
		grade_push_words(b, argv, &n, GRADE_SAN_CFLAGS);
	grade_push(argv, &n, inc1);
	grade_push(argv, &n, inc2);
	grade_push(argv, &n, inc3);
	grade_push(argv, &n, "-o");
	grade_push(argv, &n, b->exe);
	for (i = 0; with_student && lab->files[i] != NULL; i++) {
		snprintf(files[i], sizeof(files[i]), "%s/%s", dir, lab->files[i]);
		grade_push(argv, &n, files[i]);
	}
	grade_push(argv, &n, tests);
	if (b->hidden)
		grade_push(argv, &n, hidden);
	grade_push(argv, &n, stubs);
	grade_push(argv, &n, p->grader);
	grade_push(argv, &n, p->lib);
	st = grade_capture(argv, &out, 16 * 1024, 120);
	if (st == 0) {
		if (out != NULL && out[0] != '\0') {
			char *pre;
			size_t len = strlen(out) + 128;

			if (grade_path(b->preamble, sizeof(b->preamble),
			    "%s/compiler.txt", b->tmp) == 0 &&
			    (pre = malloc(len)) != NULL) {
				snprintf(pre, len, "The compiler warned (fix "
				    "these first: they are often the bug):\n%s",
				    out);
				grade_write_text(b->preamble, pre);
				free(pre);
			}
		}
		free(out);
		return 0;
	}
	if (out == NULL || out[0] == '\0') {
		free(out);
		out = strdup("the compiler could not be run");
	}
	b->msg = out;
	return -1;
}

static void
grade_cleanup(struct grade_build *b, int keep)
{
	char path[PATH_MAX + 32];

	while (b->nowned > 0)
		free(b->owned[--b->nowned]);
	if (b->tmp[0] == '\0')
		return;
	if (keep) {
		fprintf(stderr, "vmalab: the build is kept in %s\n", b->tmp);
		return;
	}
	{
		DIR *d = opendir(b->tmp);
		struct dirent *e;

		while (d != NULL && (e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			if (grade_path(path, sizeof(path), "%s/%s", b->tmp,
			    e->d_name) == 0)
				unlink(path);
		}
		if (d != NULL)
			closedir(d);
	}
	rmdir(b->tmp);
	b->tmp[0] = '\0';
}

/* Runs the built grader; its report goes to our stdout. */
static int
grade_run(const struct grade_build *b, const struct grade_args *a,
    const char *fail_all)
{
	char *argv[GRADE_MAXARGS];
	int n = 0, i, st;
	pid_t pid;

	grade_push(argv, &n, b->exe);
	if (a->json != NULL) {
		grade_push(argv, &n, "--json");
		grade_push(argv, &n, a->json);
	}
	if (a->tsv != NULL) {
		grade_push(argv, &n, "--tsv");
		grade_push(argv, &n, a->tsv);
	}
	if (a->visible)
		grade_push(argv, &n, "--visible");
	if (a->verbose)
		grade_push(argv, &n, "--verbose");
	if (a->cpu != NULL) {
		grade_push(argv, &n, "--cpu");
		grade_push(argv, &n, a->cpu);
	}
	if (b->preamble[0] != '\0') {
		grade_push(argv, &n, "--preamble");
		grade_push(argv, &n, b->preamble);
	}
	if (fail_all != NULL) {
		grade_push(argv, &n, "--fail-all");
		grade_push(argv, &n, fail_all);
	}
	for (i = 0; i < a->ntests; i++)
		grade_push(argv, &n, a->tests[i]);
	fflush(stdout);
	if ((pid = fork()) < 0)
		return 2;
	if (pid == 0) {
		/*
		 * A sanitizer build: the grader's children end with _exit, or
		 * in the student's exit(), where a leak report is only noise.
		 */
		if (GRADE_SAN_CFLAGS[0] != '\0') {
			const char *o = getenv("ASAN_OPTIONS");
			char opts[1024];

			snprintf(opts, sizeof(opts), "%s%sdetect_leaks=0",
			    o != NULL ? o : "", o != NULL && *o ? ":" : "");
			setenv("ASAN_OPTIONS", opts, 1);
			/*
			 * UBSan must not stop a student's NULL dereference
			 * before it crashes: the crash is what the test
			 * reports.
			 */
			o = getenv("UBSAN_OPTIONS");
			snprintf(opts, sizeof(opts), "%s%shalt_on_error=0",
			    o != NULL ? o : "", o != NULL && *o ? ":" : "");
			setenv("UBSAN_OPTIONS", opts, 1);
		}
		execv(argv[0], argv);
		fprintf(stderr, "vmalab: cannot run %s: %s\n", argv[0],
		    strerror(errno));
		_exit(2);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st))
		return 2;
	return WEXITSTATUS(st);
}

/* Grades a code lab (2-5) in `dir`. Returns the exit status. */
static int
grade_code(const struct lab_info *lab, const char *dir,
    const struct grade_args *a)
{
	struct grade_paths p;
	struct grade_build b;
	char why[PATH_MAX + 256], path[PATH_MAX];
	int i, st;

	if (grade_find_paths(a, &p) < 0)
		return 2;
	memset(&b, 0, sizeof(b));
	why[0] = '\0';
	for (i = 0; lab->files[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, lab->files[i]);
		if (!is_file(path)) {
			snprintf(why, sizeof(why), "%s has no %s: hand in the "
			    "file the handout gave you, with that name.", dir,
			    lab->files[i]);
			break;
		}
	}
	if (why[0] == '\0' && grade_compile(lab, dir, &p, a, &b, 1) == 0) {
		st = grade_run(&b, a, NULL);
		grade_cleanup(&b, a->keep);
		return st;
	}
	if (why[0] == '\0') {
		snprintf(why, sizeof(why), "Your code did not compile, so no "
		    "test could run. The compiler said:\n");
		strncat(why, b.msg != NULL ? b.msg : "", sizeof(why) -
		    strlen(why) - 1);
	}
	free(b.msg);
	b.msg = NULL;
	/* Build the tests alone, to report every test as failed. */
	if (grade_compile(lab, dir, &p, a, &b, 0) < 0) {
		vmalab_error("%s: the lab's tests do not build: %s", lab->name,
		    b.msg != NULL ? b.msg : "?");
		free(b.msg);
		grade_cleanup(&b, a->keep);
		return 2;
	}
	b.preamble[0] = '\0';
	st = grade_run(&b, a, why);
	grade_cleanup(&b, a->keep);
	return st == 0 ? 1 : st;
}

/* ---- lab 1: the quiz ------------------------------------------------------------ */

static int
grade_write_report(const char *path, const struct grade_report *rep,
    int (*fn)(FILE *, const struct grade_report *))
{
	FILE *fp;

	if (path == NULL)
		return 0;
	if ((fp = fopen(path, "w")) == NULL) {
		vmalab_error("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fn(fp, rep) != 0 || fclose(fp) != 0) {
		vmalab_error("%s: write error", path);
		return -1;
	}
	return 0;
}

static int
grade_quiz(const struct lab_info *lab, const char *dir,
    const struct grade_args *a)
{
	char path[PATH_MAX], err[QUIZ_ERRLEN], name[PATH_MAX];
	struct quiz_answers qa;
	struct grade_report rep;
	struct quiz qz;
	FILE *fp;
	int score, max, rc;

	if (is_dir(dir))
		snprintf(path, sizeof(path), "%s/answers.txt", dir);
	else
		snprintf(path, sizeof(path), "%s", dir);
	snprintf(name, sizeof(name), "%s", path);
	if (strncmp(name, "./", 2) == 0)
		memmove(name, name + 2, strlen(name) - 1);
	memset(&rep, 0, sizeof(rep));
	rep.lab = lab->name;
	rep.title = lab->title;
	printf("%s: %s (%s)\n", lab->name, lab->title, name);
	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, sizeof(err), "%s: %s", name, strerror(errno));
		rc = -1;
	} else {
		rc = quiz_parse_answers(fp, name, &qa, err, sizeof(err));
		fclose(fp);
	}
	if (rc < 0) {
		vmalab_error("%s", err);
		if ((rep.preamble = malloc(strlen(err) + 128)) != NULL)
			sprintf(rep.preamble, "The answers file could not be "
			    "read: %s\nFix it and grade again.\n", err);
		grade_report_add(&rep, "answers.txt", 0, 1, GRADE_VISIBLE, 0,
		    rep.preamble);
		grade_write_report(a->json, &rep, grade_report_json);
		grade_write_report(a->tsv, &rep, grade_report_tsv);
		grade_report_free(&rep);
		return EXIT_INPUT;
	}
	if (quiz_make(&qz, qa.seed, qa.has_layout ? qa.layout : -1, err,
	    sizeof(err)) < 0) {
		vmalab_error("quiz %llu: %s", (unsigned long long)qa.seed, err);
		return 2;
	}
	if (quiz_grade(&qz, &qa, a->reveal, &rep) < 0) {
		vmalab_error("out of memory");
		quiz_free(&qz);
		return 2;
	}
	grade_report_text(stdout, &rep, a->verbose);
	rc = 0;
	if (grade_write_report(a->json, &rep, grade_report_json) < 0 ||
	    grade_write_report(a->tsv, &rep, grade_report_tsv) < 0)
		rc = 2;
	grade_report_total(&rep, &score, &max);
	grade_report_free(&rep);
	quiz_free(&qz);
	if (rc != 0)
		return rc;
	return score == max ? 0 : 1;
}

static int
grade_one(const struct lab_info *lab, const char *dir,
    const struct grade_args *a)
{
	if (lab->quiz)
		return grade_quiz(lab, dir, a);
	return grade_code(lab, dir, a);
}

/* ---- batch ------------------------------------------------------------------------ */

struct batch_sub {
	char		*name;
	pid_t		 pid;
	int		 status;
	char		 tsv[PATH_MAX];
};

static int
batch_cmp(const void *x, const void *y)
{
	const struct batch_sub *a = x, *b = y;

	return strcmp(a->name, b->name);
}

/* CSV quoting: always quote, double the quotes. */
static void
csv_field(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static void
batch_start(const struct lab_info *lab, const struct grade_args *a,
    struct batch_sub *s, const char *tmp)
{
	struct grade_args one = *a;
	char dir[PATH_MAX], rep[PATH_MAX];
	int fd;

	if (grade_path(s->tsv, sizeof(s->tsv), "%s/%s.tsv", tmp, s->name) < 0)
		s->tsv[0] = '\0';
	fflush(stdout);
	fflush(stderr);
	if ((s->pid = fork()) != 0)
		return;
	/* The child: grade one submission, report into a file. */
	snprintf(dir, sizeof(dir), "%s/%s", a->batch, s->name);
	if (a->reports != NULL)
		snprintf(rep, sizeof(rep), "%s/%s.txt", a->reports, s->name);
	else
		snprintf(rep, sizeof(rep), "/dev/null");
	if ((fd = open(rep, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
		_exit(2);
	dup2(fd, 1);
	dup2(fd, 2);
	close(fd);
	one.tsv = s->tsv;
	one.json = NULL;
	one.batch = NULL;
	_exit(grade_one(lab, dir, &one));
}

static int
grade_batch(const struct lab_info *lab, const struct grade_args *a)
{
	struct batch_sub *subs = NULL;
	size_t nsubs = 0, i, next = 0, running = 0, k;
	char tmp[PATH_MAX], line[1024], path[PATH_MAX + 256];
	char **names = NULL;
	size_t nnames = 0;
	const char *t = getenv("TMPDIR");
	struct dirent *e;
	FILE *csv = stdout, *fp;
	DIR *d;
	int st, jobs = a->jobs > 0 ? a->jobs : 1;
	pid_t pid;

	if ((d = opendir(a->batch)) == NULL) {
		vmalab_error("%s: %s", a->batch, strerror(errno));
		return 2;
	}
	while ((e = readdir(d)) != NULL) {
		struct batch_sub *ns;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", a->batch, e->d_name);
		if (!is_dir(path))
			continue;
		if ((ns = realloc(subs, (nsubs + 1) * sizeof(*subs))) == NULL)
			break;
		subs = ns;
		memset(&subs[nsubs], 0, sizeof(subs[nsubs]));
		subs[nsubs++].name = strdup(e->d_name);
	}
	closedir(d);
	if (nsubs == 0) {
		vmalab_error("%s: no submissions (one subdirectory per "
		    "student)", a->batch);
		free(subs);
		return 2;
	}
	qsort(subs, nsubs, sizeof(*subs), batch_cmp);
	if (a->reports != NULL && !is_dir(a->reports) &&
	    mkdir(a->reports, 0755) < 0) {
		vmalab_error("%s: %s", a->reports, strerror(errno));
		return 2;
	}
	snprintf(tmp, sizeof(tmp), "%s/vmalab-batch.XXXXXX",
	    t != NULL && *t ? t : "/tmp");
	if (mkdtemp(tmp) == NULL) {
		vmalab_error("cannot make a temporary directory");
		return 2;
	}
	while (next < nsubs || running > 0) {
		while (next < nsubs && running < (size_t)jobs) {
			batch_start(lab, a, &subs[next++], tmp);
			running++;
		}
		if ((pid = wait(&st)) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < nsubs; i++)
			if (subs[i].pid == pid) {
				subs[i].status = st;
				running--;
			}
	}
	/* The columns: every test name, in the order first seen. */
	for (i = 0; i < nsubs; i++) {
		if ((fp = fopen(subs[i].tsv, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), fp) != NULL) {
			char *tab = strchr(line, '\t');

			if (tab == NULL)
				continue;
			*tab = '\0';
			for (k = 0; k < nnames; k++)
				if (strcmp(names[k], line) == 0)
					break;
			if (k == nnames) {
				char **nn = realloc(names, (nnames + 1) *
				    sizeof(*names));

				if (nn == NULL)
					break;
				names = nn;
				names[nnames++] = strdup(line);
			}
		}
		fclose(fp);
	}
	if (a->csv != NULL && (csv = fopen(a->csv, "w")) == NULL) {
		vmalab_error("%s: %s", a->csv, strerror(errno));
		return 2;
	}
	fputs("submission,score,max_score,status", csv);
	for (k = 0; k < nnames; k++) {
		fputc(',', csv);
		csv_field(csv, names[k]);
	}
	fputc('\n', csv);
	for (i = 0; i < nsubs; i++) {
		int *score = calloc(nnames + 1, sizeof(int)), total = 0, max = 0;
		int ok = WIFEXITED(subs[i].status) &&
		    WEXITSTATUS(subs[i].status) <= 1, got = 0;

		if ((fp = fopen(subs[i].tsv, "r")) != NULL) {
			char tname[512], status[32];
			int sc, mx;

			while (fgets(line, sizeof(line), fp) != NULL) {
				if (sscanf(line, "%511[^\t]\t%d\t%d\t%31s", tname,
				    &sc, &mx, status) != 4)
					continue;
				got = 1;
				total += sc;
				max += mx;
				for (k = 0; k < nnames && score != NULL; k++)
					if (strcmp(names[k], tname) == 0)
						score[k] = sc;
			}
			fclose(fp);
			unlink(subs[i].tsv);
		}
		csv_field(csv, subs[i].name);
		fprintf(csv, ",%d,%d,%s", total, max, !got ? "error" :
		    ok ? (total == max ? "full" : "graded") : "error");
		for (k = 0; k < nnames; k++)
			fprintf(csv, ",%d", score != NULL ? score[k] : 0);
		fputc('\n', csv);
		free(score);
	}
	rmdir(tmp);
	if (csv != stdout && fclose(csv) != 0) {
		vmalab_error("%s: write error", a->csv);
		return 2;
	}
	for (i = 0; i < nsubs; i++)
		free(subs[i].name);
	for (k = 0; k < nnames; k++)
		free(names[k]);
	free(names);
	free(subs);
	return 0;
}

/* ---- the command ---------------------------------------------------------------- */

static void
grade_list(void)
{
	const struct lab_info *l;

	for (l = grade_labs; l->name != NULL; l++)
		printf("%-6s %-45s hand in: %s\n", l->name, l->title,
		    l->files[0]);
}

static int
cmd_grade_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	struct grade_args a;
	struct vmalab_getopt g;
	char **av, jbuf[32];
	const char *labname = NULL;
	int id, i, n = 0, list = 0, rc;
	unsigned long long v;
	double d;
	char *end;

	memset(&a, 0, sizeof(a));
	/* -j N and -jN are --jobs N. */
	if ((av = calloc((size_t)argc * 2 + 1, sizeof(*av))) == NULL)
		return 2;
	if ((a.tests = calloc((size_t)argc + 1, sizeof(*a.tests))) == NULL) {
		free(av);
		return 2;
	}
	for (i = 0; i < argc; i++) {
		if (strncmp(argv[i], "-j", 2) == 0 && argv[i][1] != '-') {
			av[n++] = (char *)(uintptr_t)"--jobs";
			if (argv[i][2] != '\0') {
				snprintf(jbuf, sizeof(jbuf), "%s", argv[i] + 2);
				av[n++] = jbuf;
			}
		} else
			av[n++] = argv[i];
	}
	vmalab_getopt_init(&g, cmd, n, av);
	rc = -1;
	while (rc < 0 && (id = vmalab_getopt_next(&g)) !=
	    VMALAB_OPT_END) {
		switch (id) {
		case VMALAB_OPT_HELP:
			rc = vmalab_cmd_help(cmd, stdout);
			break;
		case VMALAB_OPT_ERROR:
			rc = EXIT_USAGE;
			break;
		case VMALAB_OPT_OPERAND:
			if (labname == NULL && a.batch == NULL)
				labname = g.arg;
			else if (labname == NULL)
				labname = g.arg;
			else if (a.dir == NULL && a.batch == NULL)
				a.dir = g.arg;
			else if (a.batch == NULL)
				a.tests[a.ntests++] = (char *)(uintptr_t)g.arg;
			else
				rc = vmalab_usage_error(cmd, "with --batch, "
				    "give only the lab");
			break;
		case OPT_LIST: list = 1; break;
		case OPT_JSON: a.json = g.arg; break;
		case OPT_TSV: a.tsv = g.arg; break;
		case OPT_VISIBLE: a.visible = 1; break;
		case OPT_VERBOSE: a.verbose = 1; break;
		case OPT_REVEAL: a.reveal = 1; break;
		case OPT_LABS: a.labs = g.arg; break;
		case OPT_KEEP: a.keep = 1; break;
		case OPT_BATCH: a.batch = g.arg; break;
		case OPT_CSV: a.csv = g.arg; break;
		case OPT_REPORTS: a.reports = g.arg; break;
		case OPT_CPU:
			d = strtod(g.arg, &end);
			if (*end != '\0' || d < 0.05 || d > 600)
				rc = vmalab_usage_error(cmd, "--cpu wants 0.05 to "
				    "600 seconds, not '%s'", g.arg);
			a.cpu = g.arg;
			break;
		case OPT_JOBS:
			if (vmalab_parse_ulong(g.arg, &v) < 0 || v < 1 ||
			    v > 256)
				rc = vmalab_usage_error(cmd, "%s wants a number "
				    "from 1 to 256", g.opt);
			else
				a.jobs = (int)v;
			break;
		}
	}
	if (rc < 0 && list) {
		grade_list();
		rc = 0;
	}
	if (rc < 0 && labname == NULL)
		rc = vmalab_usage_error(cmd, "which lab? (vmalab grade --list "
		    "shows them)");
	if (rc < 0 && (a.lab = grade_lab_find(labname)) == NULL)
		rc = vmalab_usage_error(cmd, "no lab called '%s' (vmalab grade "
		    "--list shows them)", labname);
	if (rc < 0 && a.batch == NULL && (a.jobs > 0 || a.csv != NULL ||
	    a.reports != NULL))
		rc = vmalab_usage_error(cmd, "--jobs, --csv and --reports go "
		    "with --batch");
	if (rc < 0 && a.batch != NULL)
		rc = grade_batch(a.lab, &a);
	if (rc < 0) {
		if (a.dir == NULL)
			a.dir = ".";
		if (!a.lab->quiz && !is_dir(a.dir))
			rc = vmalab_usage_error(cmd, "%s is not a directory",
			    a.dir);
		else
			rc = grade_one(a.lab, a.dir, &a);
	}
	free(av);
	free(a.tests);
	return rc;
}
