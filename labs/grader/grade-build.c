/*
 * grade-build.c - one submission graded (see grade-build.h).
 *
 * Lab 1 (the quiz) is scored here from DIR/answers.txt. Labs 2-5 are
 * programs: the student's file(s) from DIR are compiled with the lab's
 * tests (labs/LAB/tests.c, and hidden.c where present) and linked with
 * libgrader.a and libvmalab.a into a grader (grade_main, grade.c) in a
 * new temporary directory, which is then run with the report going to
 * our stdout. A submission that does not compile still gets a report:
 * the tests are built alone (labs/common/stubs.c stands in for the
 * student) and run with --fail-all, every test failed with the
 * compiler's words.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "grade-build.h"
#include "grade.h"
#include "quiz.h"
#include "spawn.h"

/* ---- the labs ------------------------------------------------------------ */

const struct grade_build_lab grade_build_labs[] = {
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

const struct grade_build_lab *
grade_build_find_lab(const char *name)
{
	const struct grade_build_lab *l;

	for (l = grade_build_labs; l->name != NULL; l++)
		if (strcmp(l->name, name) == 0)
			return l;
	return NULL;
}

/* ---- paths ----------------------------------------------------------------- */

int __attribute__((format(printf, 3, 4)))
grade_build_path(char *buf, size_t len, const char *fmt, ...)
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

int
grade_build_is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
grade_build_is_file(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The conf, with the labs tree resolved to an absolute path. */
struct grade_build_paths {
	const struct grade_build_conf *c;
	char		 labs[PATH_MAX];
};

static int
grade_build_find_paths(const struct grade_build_conf *c,
    struct grade_build_paths *p)
{
	p->c = c;
	if (realpath(c->labs, p->labs) == NULL ||
	    !grade_build_is_dir(p->labs)) {
		c->error("%s: no labs tree there (%s)", c->labs,
		    errno ? strerror(errno) : "not a directory");
		return -1;
	}
	if (!grade_build_is_file(c->lib) || !grade_build_is_file(c->grader)) {
		c->error("%s: missing (build vmalab, or make install)",
		    grade_build_is_file(c->lib) ? c->grader : c->lib);
		return -1;
	}
	return 0;
}

/* ---- building a lab's grader -------------------------------------------------- */

#define GRADE_BUILD_MAXARGS	48
#define GRADE_BUILD_CC_KEEP	(16 * 1024)	/* compiler output kept */
#define GRADE_BUILD_CC_SECS	120		/* the compiler's deadline */

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
grade_build_push(char **argv, int *n, const char *s)
{
	if (*n < GRADE_BUILD_MAXARGS - 1)
		argv[(*n)++] = (char *)(uintptr_t)s;
	argv[*n] = NULL;
}

/* Splits the words of `s` onto argv; b keeps the copy until cleanup. */
static void
grade_build_push_words(struct grade_build *b, char **argv, int *n,
    const char *s)
{
	char *copy, *w, *save;

	if (b->nowned == (int)(sizeof(b->owned) / sizeof(b->owned[0])) ||
	    (copy = strdup(s)) == NULL)
		return;
	b->owned[b->nowned++] = copy;
	for (w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save))
		grade_build_push(argv, n, w);
}

static int
grade_build_write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

/* The compiler's words: the first GRADE_BUILD_CC_KEEP bytes. */
struct grade_build_out {
	char		*p;
	size_t		 len;
};

static int
grade_build_sink(void *arg, const char *p, size_t n)
{
	struct grade_build_out *o = arg;

	if (o->len < GRADE_BUILD_CC_KEEP) {
		if (n > GRADE_BUILD_CC_KEEP - o->len)
			n = GRADE_BUILD_CC_KEEP - o->len;
		memcpy(o->p + o->len, p, n);
		o->len += n;
		o->p[o->len] = '\0';
	}
	return 0;
}

/*
 * Runs the compiler (argv) with its stdout and stderr into *out, killing
 * it past its deadline. Returns its wait status, or -1 when it could not
 * be started (*out then holds what is known, maybe nothing, or is NULL).
 */
static int
grade_build_capture(char *const argv[], char **out)
{
	struct grade_build_out o = { NULL, 0 };
	struct spawn s;

	*out = NULL;
	if ((o.p = malloc(GRADE_BUILD_CC_KEEP + 1)) == NULL)
		return -1;
	o.p[0] = '\0';
	*out = o.p;
	memset(&s, 0, sizeof(s));
	s.argv = argv;
	s.out.sink = grade_build_sink;
	s.out.arg = &o;
	s.timeout = GRADE_BUILD_CC_SECS;
	if (spawn_run(&s) < 0)
		return -1;
	return s.status;
}

/* Puts the compiler's warnings where the grader shows them first. */
static void
grade_build_warned(struct grade_build *b, const char *out)
{
	char *pre;
	size_t len = strlen(out) + 128;

	if (grade_build_path(b->preamble, sizeof(b->preamble),
	    "%s/compiler.txt", b->tmp) == 0 && (pre = malloc(len)) != NULL) {
		snprintf(pre, len, "The compiler warned (fix these first: "
		    "they are often the bug):\n%s", out);
		grade_build_write_text(b->preamble, pre);
		free(pre);
	}
}

/*
 * Compiles the lab's grader in a new temporary directory. With
 * `with_student` 0, only the tests and the stubs (for a report that fails
 * every test). Returns 0 when the program was built; else -1 with b->msg
 * saying why (the compiler's words).
 */
static int
grade_build_compile(const struct grade_build_lab *lab, const char *dir,
    const struct grade_build_paths *p, const struct grade_build_args *a,
    struct grade_build *b, int with_student)
{
	char *argv[GRADE_BUILD_MAXARGS], *out = NULL;
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
	if (grade_build_path(b->exe, sizeof(b->exe), "%s/grade-%s", b->tmp,
	    lab->name) < 0 ||
	    grade_build_path(inc1, sizeof(inc1), "-I%s/include",
	    p->labs) < 0 ||
	    grade_build_path(inc2, sizeof(inc2), "-I%s", p->c->inc) < 0 ||
	    grade_build_path(inc3, sizeof(inc3), "-I%s", p->c->inc_labs) < 0 ||
	    grade_build_path(tests, sizeof(tests), "%s/%s/tests.c", p->labs,
	    lab->name) < 0 ||
	    grade_build_path(hidden, sizeof(hidden), "%s/%s/hidden.c",
	    p->labs, lab->name) < 0 ||
	    grade_build_path(stubs, sizeof(stubs), "%s/common/stubs.c",
	    p->labs) < 0) {
		b->msg = strdup("a path is too long");
		return -1;
	}
	if (!grade_build_is_file(tests)) {
		char m[PATH_MAX + 64];

		snprintf(m, sizeof(m), "%s: the lab's tests are missing", tests);
		b->msg = strdup(m);
		return -1;
	}
	b->hidden = !a->visible && grade_build_is_file(hidden);
	grade_build_push_words(b, argv, &n, cc != NULL && *cc ? cc : p->c->cc);
	grade_build_push_words(b, argv, &n, "-std=gnu11 -O1 -g -Wall -Wextra "
	    "-Wno-unused-parameter -Wno-sign-compare -Wno-unused-function");
	if (p->c->san_cflags[0] != '\0')
		grade_build_push_words(b, argv, &n, p->c->san_cflags);
	grade_build_push(argv, &n, inc1);
	grade_build_push(argv, &n, inc2);
	grade_build_push(argv, &n, inc3);
	grade_build_push(argv, &n, "-o");
	grade_build_push(argv, &n, b->exe);
	for (i = 0; with_student && lab->files[i] != NULL; i++) {
		snprintf(files[i], sizeof(files[i]), "%s/%s", dir, lab->files[i]);
		grade_build_push(argv, &n, files[i]);
	}
	grade_build_push(argv, &n, tests);
	if (b->hidden)
		grade_build_push(argv, &n, hidden);
	grade_build_push(argv, &n, stubs);
	grade_build_push(argv, &n, p->c->grader);
	grade_build_push(argv, &n, p->c->lib);
	st = grade_build_capture(argv, &out);
	if (st == 0) {
		if (out != NULL && out[0] != '\0')
			grade_build_warned(b, out);
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
grade_build_cleanup(const struct grade_build_conf *c, struct grade_build *b,
    int keep)
{
	char path[PATH_MAX + 32];
	struct dirent *e;
	DIR *d;

	while (b->nowned > 0)
		free(b->owned[--b->nowned]);
	if (b->tmp[0] == '\0')
		return;
	if (keep) {
		c->error("the build is kept in %s", b->tmp);
		return;
	}
	d = opendir(b->tmp);
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (grade_build_path(path, sizeof(path), "%s/%s", b->tmp,
		    e->d_name) == 0)
			unlink(path);
	}
	if (d != NULL)
		closedir(d);
	rmdir(b->tmp);
	b->tmp[0] = '\0';
}

/* ---- running it ------------------------------------------------------------------ */

/* Appends ":word" (or "word") to the environment variable `name`. */
static void
grade_build_setenv_add(const char *name, const char *word)
{
	const char *o = getenv(name);
	char opts[1024];

	snprintf(opts, sizeof(opts), "%s%s%s", o != NULL ? o : "",
	    o != NULL && *o ? ":" : "", word);
	setenv(name, opts, 1);
}

struct grade_build_exec {
	const struct grade_build_conf *c;
	char		**argv;
};

/* In the child: the built grader, its report on our stdout. */
static int
grade_build_exec(void *arg, int resfd)
{
	const struct grade_build_exec *x = arg;

	(void)resfd;
	/*
	 * A sanitizer build: the grader's children end with _exit, or in
	 * the student's exit(), where a leak report is only noise. UBSan
	 * must not stop a student's NULL dereference before it crashes:
	 * the crash is what the test reports.
	 */
	if (x->c->san_cflags[0] != '\0') {
		grade_build_setenv_add("ASAN_OPTIONS", "detect_leaks=0");
		grade_build_setenv_add("UBSAN_OPTIONS", "halt_on_error=0");
	}
	execv(x->argv[0], x->argv);
	x->c->error("cannot run %s: %s", x->argv[0], strerror(errno));
	return 2;
}

/* Runs the built grader. Returns its exit status; 2 when it did not exit. */
static int
grade_build_run(const struct grade_build_conf *c, const struct grade_build *b,
    const struct grade_build_args *a, const char *fail_all)
{
	char *argv[GRADE_BUILD_MAXARGS];
	struct grade_build_exec x = { c, argv };
	struct spawn s;
	int n = 0, i;

	grade_build_push(argv, &n, b->exe);
	if (a->json != NULL) {
		grade_build_push(argv, &n, "--json");
		grade_build_push(argv, &n, a->json);
	}
	if (a->tsv != NULL) {
		grade_build_push(argv, &n, "--tsv");
		grade_build_push(argv, &n, a->tsv);
	}
	if (a->visible)
		grade_build_push(argv, &n, "--visible");
	if (a->verbose)
		grade_build_push(argv, &n, "--verbose");
	if (a->cpu != NULL) {
		grade_build_push(argv, &n, "--cpu");
		grade_build_push(argv, &n, a->cpu);
	}
	if (b->preamble[0] != '\0') {
		grade_build_push(argv, &n, "--preamble");
		grade_build_push(argv, &n, b->preamble);
	}
	if (fail_all != NULL) {
		grade_build_push(argv, &n, "--fail-all");
		grade_build_push(argv, &n, fail_all);
	}
	for (i = 0; i < a->ntests; i++)
		grade_build_push(argv, &n, a->tests[i]);
	memset(&s, 0, sizeof(s));
	s.fn = grade_build_exec;
	s.arg = &x;
	if (spawn_run(&s) < 0 || s.how != SPAWN_EXITED)
		return 2;
	return s.code;
}

/* ---- the submission ------------------------------------------------------------------ */

/* Says why nothing can run when a file is not handed in; "" when all are. */
static void
grade_build_missing(const struct grade_build_lab *lab, const char *dir,
    char *why, size_t len)
{
	char path[PATH_MAX];
	int i;

	why[0] = '\0';
	for (i = 0; lab->files[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, lab->files[i]);
		if (!grade_build_is_file(path)) {
			snprintf(why, len, "%s has no %s: hand in the file the "
			    "handout gave you, with that name.", dir,
			    lab->files[i]);
			return;
		}
	}
}

/* Grades a code lab (2-5) in `dir`. Returns the exit status. */
static int
grade_build_code(const struct grade_build_conf *c,
    const struct grade_build_args *a, const char *dir)
{
	const struct grade_build_lab *lab = a->lab;
	struct grade_build_paths p;
	struct grade_build b;
	char why[PATH_MAX + 256];
	int st;

	if (grade_build_find_paths(c, &p) < 0)
		return 2;
	memset(&b, 0, sizeof(b));
	grade_build_missing(lab, dir, why, sizeof(why));
	if (why[0] == '\0' && grade_build_compile(lab, dir, &p, a, &b, 1) == 0) {
		st = grade_build_run(c, &b, a, NULL);
		grade_build_cleanup(c, &b, a->keep);
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
	if (grade_build_compile(lab, dir, &p, a, &b, 0) < 0) {
		c->error("%s: the lab's tests do not build: %s", lab->name,
		    b.msg != NULL ? b.msg : "?");
		free(b.msg);
		grade_build_cleanup(c, &b, a->keep);
		return 2;
	}
	b.preamble[0] = '\0';
	st = grade_build_run(c, &b, a, why);
	grade_build_cleanup(c, &b, a->keep);
	return st == 0 ? 1 : st;
}

/* ---- lab 1: the quiz ------------------------------------------------------------ */

static int
grade_build_write_report(const struct grade_build_conf *c, const char *path,
    const struct grade_report *rep,
    int (*fn)(FILE *, const struct grade_report *))
{
	FILE *fp;

	if (path == NULL)
		return 0;
	if ((fp = fopen(path, "w")) == NULL) {
		c->error("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fn(fp, rep) != 0 || fclose(fp) != 0) {
		c->error("%s: write error", path);
		return -1;
	}
	return 0;
}

/* Writes the --json and --tsv files. Returns 0, or -1 (said). */
static int
grade_build_write_reports(const struct grade_build_conf *c,
    const struct grade_build_args *a, const struct grade_report *rep)
{
	if (grade_build_write_report(c, a->json, rep, grade_report_json) < 0 ||
	    grade_build_write_report(c, a->tsv, rep, grade_report_tsv) < 0)
		return -1;
	return 0;
}

/* An answers file that cannot be read: one failed line says why. */
static int
grade_build_bad_answers(const struct grade_build_conf *c,
    const struct grade_build_args *a, struct grade_report *rep,
    const char *err)
{
	c->error("%s", err);
	if ((rep->preamble = malloc(strlen(err) + 128)) != NULL)
		sprintf(rep->preamble, "The answers file could not be read: "
		    "%s\nFix it and grade again.\n", err);
	grade_report_add(rep, "answers.txt", 0, 1, GRADE_VISIBLE, 0,
	    rep->preamble);
	grade_build_write_report(c, a->json, rep, grade_report_json);
	grade_build_write_report(c, a->tsv, rep, grade_report_tsv);
	grade_report_free(rep);
	return 1;
}

static int
grade_build_quiz(const struct grade_build_conf *c,
    const struct grade_build_args *a, const char *dir)
{
	char path[PATH_MAX], err[QUIZ_ERRLEN], name[PATH_MAX];
	struct quiz_answers qa;
	struct grade_report rep;
	struct quiz qz;
	FILE *fp;
	int score, max, rc;

	if (grade_build_is_dir(dir))
		snprintf(path, sizeof(path), "%s/answers.txt", dir);
	else
		snprintf(path, sizeof(path), "%s", dir);
	snprintf(name, sizeof(name), "%s", path);
	if (strncmp(name, "./", 2) == 0)
		memmove(name, name + 2, strlen(name) - 1);
	memset(&rep, 0, sizeof(rep));
	rep.lab = a->lab->name;
	rep.title = a->lab->title;
	printf("%s: %s (%s)\n", a->lab->name, a->lab->title, name);
	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, sizeof(err), "%s: %s", name, strerror(errno));
		rc = -1;
	} else {
		rc = quiz_parse_answers(fp, name, &qa, err, sizeof(err));
		fclose(fp);
	}
	if (rc < 0)
		return grade_build_bad_answers(c, a, &rep, err);
	if (quiz_make(&qz, qa.seed, qa.has_layout ? qa.layout : -1, err,
	    sizeof(err)) < 0) {
		c->error("quiz %llu: %s", (unsigned long long)qa.seed, err);
		return 2;
	}
	if (quiz_grade(&qz, &qa, a->reveal, &rep) < 0) {
		c->error("out of memory");
		quiz_free(&qz);
		return 2;
	}
	grade_report_text(stdout, &rep, a->verbose);
	rc = grade_build_write_reports(c, a, &rep) < 0 ? 2 : 0;
	grade_report_total(&rep, &score, &max);
	grade_report_free(&rep);
	quiz_free(&qz);
	if (rc != 0)
		return rc;
	return score == max ? 0 : 1;
}

int
grade_build_one(const struct grade_build_conf *c,
    const struct grade_build_args *a, const char *dir)
{
	if (a->lab->quiz)
		return grade_build_quiz(c, a, dir);
	return grade_build_code(c, a, dir);
}
