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
	{ .name = "lab1", .title = N_("Reading the address space (a quiz)"),
	  .files = { "answers.txt" }, .quiz = 1 },
	{ .name = "lab2", .title = N_("The augmented gap: rb_subtree_gap and "
	  "its callbacks"), .files = { "gap.c" } },
	{ .name = "lab3", .title = N_("unmapped_area, bottom-up"),
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
		c->error(_("%s: no labs tree there (%s)"), c->labs,
		    errno ? strerror(errno) : "not a directory");
		return -1;
	}
	if (!grade_build_is_file(c->lib) || !grade_build_is_file(c->grader)) {
		c->error(_("%s: missing (build vmalab, or make install)"),
		    grade_build_is_file(c->lib) ? c->grader : c->lib);
		return -1;
	}
	return 0;
}

/* ---- building a lab's grader -------------------------------------------------- */

#define GRADE_BUILD_MAXARGS	48
#define GRADE_BUILD_CC_KEEP	(16 * 1024)	/* compiler output kept */
#define GRADE_BUILD_CC_SECS	120		/* the compiler's deadline */
#define GRADE_BUILD_DEADLINE	600		/* the whole run's, seconds */
#define GRADE_BUILD_DEADLINE_S	"600"

struct grade_build {
	char		*owned[16];		/* words split off for argv */
	int		 nowned;
	char		 tmp[PATH_MAX];
	char		 exe[PATH_MAX];
	char		 preamble[PATH_MAX];	/* compiler warnings, or "" */
	char		 stu[PATH_MAX];		/* the student's test program */
	char		 bwrap[PATH_MAX];	/* bubblewrap, or "" */
	int		 static_stu;		/* it is linked statically */
	char		*msg;			/* why it failed, or NULL */
	int		 hidden;		/* hidden.c was used */
	int		 refused;		/* msg: the file is not run */
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

/*
 * What a child says on its stdout and stderr, growing as it comes up to
 * `cap` bytes: past it, the first `cap` are kept (`cut`), or the reading
 * stops.
 */
struct grade_build_out {
	char		*p;
	size_t		 len, size, cap;
	int		 cut;
};

static int
grade_build_sink(void *arg, const char *p, size_t n)
{
	struct grade_build_out *o = arg;
	size_t want;
	char *np;

	if (o->len + n > o->cap) {
		if (!o->cut)
			return -1;
		n = o->cap - o->len;
	}
	if (o->len + n + 1 > o->size) {
		want = 2 * (o->len + n + 1);
		if (want > o->cap + 1)
			want = o->cap + 1;
		if ((np = realloc(o->p, want)) == NULL)
			return -1;
		o->p = np;
		o->size = want;
	}
	memcpy(o->p + o->len, p, n);
	o->len += n;
	o->p[o->len] = '\0';
	return 0;
}

/*
 * Runs argv with its stdout and stderr into *out (the first cap bytes
 * with `cut`; all of it, or nothing, without), killing it past its
 * deadline. Returns its wait status; -1 when it could not be started or,
 * without `cut`, did not exit or said more than cap (*out is then NULL
 * without `cut`, and what is known, maybe "", with it).
 */
static int
grade_build_run_tool(char *const argv[], char **out, size_t cap, int cut)
{
	struct grade_build_out o = { NULL, 0, 0, cap, cut };
	struct spawn s;
	int bad;

	memset(&s, 0, sizeof(s));
	s.argv = argv;
	s.out.sink = grade_build_sink;
	s.out.arg = &o;
	s.timeout = GRADE_BUILD_CC_SECS;
	bad = spawn_run(&s) < 0 || (!cut && s.how != SPAWN_EXITED);
	if (bad && !cut) {
		free(o.p);
		*out = NULL;
		return -1;
	}
	*out = o.p != NULL ? o.p : strdup("");
	return bad ? -1 : s.status;
}

/* The compiler's words: the first GRADE_BUILD_CC_KEEP bytes. */
static int
grade_build_capture(char *const argv[], char **out)
{
	return grade_build_run_tool(argv, out, GRADE_BUILD_CC_KEEP, 1);
}

/* A tool's whole output (readelf, nm), up to 4 MiB. */
static int
grade_build_capture_all(char *const argv[], char **out)
{
	return grade_build_run_tool(argv, out, 4 * 1024 * 1024, 0);
}

/* Puts the compiler's warnings where the grader shows them first. */
static void
grade_build_warned(struct grade_build *b, const char *out)
{
	char *pre;
	const char *fmt = _("The compiler warned (fix these first: they "
	    "are often the bug):\n%s");
	size_t len = strlen(out) + strlen(fmt) + 1;

	if (grade_build_path(b->preamble, sizeof(b->preamble),
	    "%s/compiler.txt", b->tmp) == 0 && (pre = malloc(len)) != NULL) {
		snprintf(pre, len, fmt, out);
		grade_build_write_text(b->preamble, pre);
		free(pre);
	}
}

/* Makes b->tmp, once. Returns 0 or -1 (b->msg says why). */
static int
grade_build_tmp(struct grade_build *b)
{
	const char *t = getenv("TMPDIR");

	if (b->tmp[0] != '\0')
		return 0;
	snprintf(b->tmp, sizeof(b->tmp), "%s/vmalab-grade.XXXXXX",
	    t != NULL && *t ? t : "/tmp");
	if (mkdtemp(b->tmp) == NULL) {
		b->msg = strdup("cannot make a temporary directory");
		b->tmp[0] = '\0';
		return -1;
	}
	return 0;
}

/* The compiler and its common flags onto argv (no sanitizer's). */
static void
grade_build_cc_plain(struct grade_build *b, const struct grade_build_paths *p,
    char **argv, int *n)
{
	const char *cc = getenv("CC");

	grade_build_push_words(b, argv, n, cc != NULL && *cc ? cc : p->c->cc);
	grade_build_push_words(b, argv, n, "-std=gnu11 -O1 -g -Wall -Wextra "
	    "-Wno-unused-parameter -Wno-sign-compare -Wno-unused-function");
}

/* The compiler, its common flags and the build's sanitizers onto argv. */
static void
grade_build_cc(struct grade_build *b, const struct grade_build_paths *p,
    char **argv, int *n)
{
	grade_build_cc_plain(b, p, argv, n);
	if (p->c->san_cflags[0] != '\0')
		grade_build_push_words(b, argv, n, p->c->san_cflags);
}

/*
 * Compiles the lab's grader: its tests (and hidden tests) with
 * libgrader.a and libvmalab.a. No student code goes in: the student's
 * functions are grade-proxy.c's, which call the test program.
 */
static int
grade_build_grader(const struct grade_build_lab *lab,
    const struct grade_build_paths *p, const struct grade_build_args *a,
    struct grade_build *b)
{
	char *argv[GRADE_BUILD_MAXARGS], *out = NULL;
	char inc2[PATH_MAX + 3], inc3[PATH_MAX + 3], tests[PATH_MAX],
	    hidden[PATH_MAX];
	int n = 0, st;

	if (grade_build_tmp(b) < 0)
		return -1;
	if (grade_build_path(b->exe, sizeof(b->exe), "%s/grade-%s", b->tmp,
	    lab->name) < 0 ||
	    grade_build_path(inc2, sizeof(inc2), "-I%s", p->c->inc) < 0 ||
	    grade_build_path(inc3, sizeof(inc3), "-I%s", p->c->inc_labs) < 0 ||
	    grade_build_path(tests, sizeof(tests), "%s/%s/tests.c", p->labs,
	    lab->name) < 0 ||
	    grade_build_path(hidden, sizeof(hidden), "%s/%s/hidden.c",
	    p->labs, lab->name) < 0) {
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
	grade_build_cc(b, p, argv, &n);
	grade_build_push(argv, &n, inc2);
	grade_build_push(argv, &n, inc3);
	grade_build_push(argv, &n, "-o");
	grade_build_push(argv, &n, b->exe);
	grade_build_push(argv, &n, tests);
	if (b->hidden)
		grade_build_push(argv, &n, hidden);
	grade_build_push(argv, &n, p->c->grader);
	grade_build_push(argv, &n, p->c->lib);
	st = grade_build_capture(argv, &out);
	if (st == 0) {
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

/* ---- the student's test program ------------------------------------------- */

/*
 * The functions a lab may cut out of the engine, with the prototype of
 * what replaces them (the student's).
 */
static const struct {
	const char	*name;
	const char	*proto;
	int		 engine_uses;	/* other engine files call it */
} grade_build_cuts[] = {
	{ "unmapped_area", "unsigned long lab_unmapped_area(struct mm *, "
	  "const struct vm_unmapped_area_info *);", 0 },
	{ "unmapped_area_topdown", "unsigned long lab_unmapped_area_topdown("
	  "struct mm *, const struct vm_unmapped_area_info *);", 0 },
	{ "vma_compute_subtree_gap", "unsigned long "
	  "lab_vma_compute_subtree_gap(const struct vma *);", 1 },
	{ "vma_gap_propagate", "void lab_vma_gap_propagate(struct rb_node *, "
	  "struct rb_node *);", 0 },
	{ "vma_gap_copy", "void lab_vma_gap_copy(struct rb_node *, "
	  "struct rb_node *);", 0 },
	{ "vma_gap_rotate", "void lab_vma_gap_rotate(struct rb_node *, "
	  "struct rb_node *);", 0 },
	{ "sys_brk", "unsigned long lab_sys_brk(struct mm *, "
	  "unsigned long);", 0 },
	{ NULL, NULL, 0 }
};

/* The lab's "func FILE SOURCE NAME" lines: sources and names. */
struct grade_build_funcs {
	char		 src[2][256];	/* "kernel/mmap.c" */
	int		 nsrc;
	char		 name[8][128];
	int		 src_of[8];
	int		 n;
};

static int
grade_build_read_funcs(const struct grade_build_paths *p,
    const struct grade_build_lab *lab, struct grade_build_funcs *f)
{
	char path[PATH_MAX], line[512], w[4][128];
	FILE *fp;
	int i;

	memset(f, 0, sizeof(*f));
	if (grade_build_path(path, sizeof(path), "%s/%s/lab.conf", p->labs,
	    lab->name) < 0 || (fp = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL && f->n < 8) {
		if (sscanf(line, "%127s %127s %127s %127s", w[0], w[1], w[2],
		    w[3]) != 4 || strcmp(w[0], "func") != 0)
			continue;
		if (strncmp(w[2], "engine/", 7) != 0)
			continue;
		for (i = 0; i < f->nsrc; i++)
			if (strcmp(f->src[i], w[2] + 7) == 0)
				break;
		if (i == f->nsrc) {
			if (f->nsrc == 2)
				continue;
			snprintf(f->src[f->nsrc++], sizeof(f->src[0]), "%s",
			    w[2] + 7);
		}
		snprintf(f->name[f->n], sizeof(f->name[0]), "%s", w[3]);
		f->src_of[f->n++] = i;
	}
	fclose(fp);
	return f->n > 0 ? 0 : -1;
}

/*
 * The engine's source `in` without the functions `names`, into `out`:
 * each goes with its comment, its signature and its body (the
 * boundaries mklab.sh uses), and every use of its name is sent to the
 * student's function. Returns 0, or -1.
 */
static int
grade_build_cut(const char *in, const char *out,
    const struct grade_build_funcs *f, int src)
{
	FILE *fi, *fo;
	char **lines = NULL, **nl, buf[4096];
	size_t n = 0, cap = 0, i, j, k, len;
	unsigned char *drop;
	int c, found, rc = 0;

	if ((fi = fopen(in, "r")) == NULL)
		return -1;
	while (fgets(buf, sizeof(buf), fi) != NULL) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			if ((nl = realloc(lines, cap * sizeof(*lines))) == NULL)
				break;
			lines = nl;
		}
		if ((lines[n] = strdup(buf)) == NULL)
			break;
		n++;
	}
	fclose(fi);
	if ((drop = calloc(n + 1, 1)) == NULL)
		rc = -1;
	for (c = 0; rc == 0 && c < f->n; c++) {
		if (f->src_of[c] != src)
			continue;
		len = strlen(f->name[c]);
		found = 0;
		for (k = 1; k < n && !found; k++) {
			if (strncmp(lines[k], f->name[c], len) != 0 ||
			    lines[k][len] != '(')
				continue;
			found = 1;
			i = k - 1;	/* the return type's line */
			if (i > 0 && strstr(lines[i - 1], "*/") != NULL) {
				j = i - 1;
				while (j > 0 && strncmp(lines[j], "/*", 2) != 0)
					j--;
				i = j;
			}
			for (j = k; j < n && lines[j][0] != '}'; j++)
				;
			while (i <= j && i < n)
				drop[i++] = 1;
		}
		if (!found)
			rc = -1;
	}
	if (rc == 0 && (fo = fopen(out, "w")) != NULL) {
		fprintf(fo, "/* %s without the lab's functions (vmalab grade) */"
		    "\nstruct mm;\nstruct vma;\nstruct rb_node;\n"
		    "struct vm_unmapped_area_info;\n", in);
		for (c = 0; c < f->n; c++)
			for (k = 0; grade_build_cuts[k].name != NULL; k++)
				if (strcmp(grade_build_cuts[k].name,
				    f->name[c]) == 0)
					fprintf(fo, "#define %s lab_%s\n%s\n",
					    f->name[c], f->name[c],
					    grade_build_cuts[k].proto);
		fprintf(fo, "#line 1 \"%s\"\n", in);
		for (i = 0; i < n; i++)
			fputs(drop[i] ? "\n" : lines[i], fo);
		if (fclose(fo) != 0)
			rc = -1;
	} else
		rc = -1;
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	free(drop);
	return rc;
}

/*
 * libvmalab.a without the members the cut sources replace, as `out`:
 * so nothing of the reference is left for the student's code to link.
 */
static int
grade_build_lib_without(struct grade_build *b, const char *lib,
    const char *out, const struct grade_build_funcs *f)
{
	char *argv[8], *list = NULL, *line, *save, *o2 = NULL;
	char base[128], *dot;
	FILE *fi, *fo;
	char buf[8192];
	size_t r;
	int i, n, st;

	(void)b;
	if ((fi = fopen(lib, "rb")) == NULL || (fo = fopen(out, "wb")) == NULL) {
		if (fi != NULL)
			fclose(fi);
		return -1;
	}
	while ((r = fread(buf, 1, sizeof(buf), fi)) > 0)
		fwrite(buf, 1, r, fo);
	fclose(fi);
	if (fclose(fo) != 0)
		return -1;
	n = 0;
	grade_build_push(argv, &n, "ar");
	grade_build_push(argv, &n, "t");
	grade_build_push(argv, &n, out);
	if (grade_build_capture(argv, &list) != 0 || list == NULL) {
		free(list);
		return -1;
	}
	for (line = strtok_r(list, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		for (i = 0; i < f->nsrc; i++) {
			const char *s = strrchr(f->src[i], '/');

			snprintf(base, sizeof(base), "%s", s ? s + 1 : f->src[i]);
			if ((dot = strrchr(base, '.')) != NULL)
				strcpy(dot, ".o");
			r = strlen(line);
			if (strcmp(line, base) == 0 || (r > strlen(base) &&
			    line[r - strlen(base) - 1] == '-' &&
			    strcmp(line + r - strlen(base), base) == 0)) {
				n = 0;
				grade_build_push(argv, &n, "ar");
				grade_build_push(argv, &n, "d");
				grade_build_push(argv, &n, out);
				grade_build_push(argv, &n, line);
				st = grade_build_capture(argv, &o2);
				free(o2);
				o2 = NULL;
				if (st != 0) {
					free(list);
					return -1;
				}
			}
		}
	}
	free(list);
	return 0;
}

/* Says, above the linker's words, why a lab's function is not there. */
static char *
grade_build_explain_link(const struct grade_build_funcs *f, char *out)
{
	char pat[160], *msg;
	size_t len;
	int c;

	for (c = 0; c < f->n; c++) {
		snprintf(pat, sizeof(pat), "undefined reference to `%s'",
		    f->name[c]);
		if (strstr(out, pat) == NULL)
			continue;
		len = strlen(out) + 512;
		if ((msg = malloc(len)) == NULL)
			return out;
		snprintf(msg, len, _("Your code calls %s, the function this lab "
		    "asks you to write. Your test program holds no copy of the "
		    "kernel's %s (the reference is only in the grader), so it "
		    "cannot link: write it yourself.\n%s"), f->name[c],
		    f->name[c], out);
		free(out);
		return msg;
	}
	return out;
}

/*
 * What a lab's file may not hold, since the test program it is linked
 * into measures it: code that runs before or after the harness's own (a
 * constructor or destructor, an IFUNC resolved at start-up), and a
 * definition of a function of the C library, which the harness would
 * then call instead of libc's (read, write, madvise...), or of a name
 * C reserves (a leading underscore). The object is compiled apart and
 * read with readelf; the C library's names are its libc.so's.
 */
static const char *const grade_build_vet_sections[] = {
	".init_array", ".preinit_array", ".fini_array", ".ctors", ".dtors",
	".init", ".fini", NULL
};

/* Is `name` a function or object libc.so exports? (nm -D, once.) */
static int
grade_build_libc_has(struct grade_build *b, const struct grade_build_paths *p,
    const char *name)
{
	static char *names;	/* "\nname\nname\n...", or "" */
	char *argv[GRADE_BUILD_MAXARGS], *out = NULL, key[300], *w, *e;
	const char *cc = getenv("CC");
	int n = 0;

	if (names == NULL) {
		char *pf[4] = { NULL, "-print-file-name=libc.so.6", NULL };
		char so[PATH_MAX];

		pf[0] = (char *)(uintptr_t)(cc != NULL && *cc ? cc : p->c->cc);
		so[0] = '\0';
		if (strchr(pf[0], ' ') == NULL &&
		    grade_build_capture(pf, &out) == 0 && out != NULL) {
			out[strcspn(out, "\n")] = '\0';
			snprintf(so, sizeof(so), "%s", out);
		}
		free(out);
		out = NULL;
		grade_build_push(argv, &n, "nm");
		grade_build_push(argv, &n, "-D");
		grade_build_push(argv, &n, "--defined-only");
		grade_build_push(argv, &n, so[0] == '/' ? so :
		    "/lib/x86_64-linux-gnu/libc.so.6");
		names = strdup("\n");
		if (grade_build_capture_all(argv, &out) == 0 && out != NULL &&
		    names != NULL) {
			/* "ADDR T name@@GLIBC_2.2.5": keep "name". */
			size_t len = 1;
			char *q = malloc(strlen(out) + 2);

			if (q != NULL) {
				q[0] = '\n';
				for (w = strtok_r(out, "\n", &e); w != NULL;
				    w = strtok_r(NULL, "\n", &e)) {
					char *sp = strrchr(w, ' ');

					if (sp == NULL)
						continue;
					sp++;
					sp[strcspn(sp, "@")] = '\0';
					len += (size_t)sprintf(q + len, "%s\n", sp);
				}
				free(names);
				names = q;
			}
		}
		free(out);
	}
	(void)b;
	snprintf(key, sizeof(key), "\n%s\n", name);
	return names != NULL && strstr(names, key) != NULL;
}

/*
 * Vets one file of the student's (its path) compiled with argv (ending in
 * "-c -o OBJ FILE"). Returns 0, or -1 with b->msg saying what is not
 * allowed and b->refused set. A file that does not compile passes: the
 * link that follows says the compiler's words.
 */
static int
grade_build_vet(struct grade_build *b, const struct grade_build_paths *p,
    char **argv, const char *obj, const char *file)
{
	char *rargv[8] = { "readelf", "-S", "-s", "-W", NULL, NULL };
	char *out = NULL, *w, *e, m[1024], tok[8][128];
	const char *base = strrchr(file, '/') != NULL ?
	    strrchr(file, '/') + 1 : file;
	int i, nt;

	if (grade_build_capture(argv, &out) != 0) {
		free(out);
		return 0;
	}
	free(out);
	out = NULL;
	rargv[4] = (char *)(uintptr_t)obj;
	if (grade_build_capture_all(rargv, &out) != 0 || out == NULL) {
		free(out);
		return 0;	/* no readelf: the sandbox still holds */
	}
	m[0] = '\0';
	for (w = strtok_r(out, "\n", &e); w != NULL && m[0] == '\0';
	    w = strtok_r(NULL, "\n", &e)) {
		/* A section: "  [ 5] .init_array  INIT_ARRAY  ..." */
		char *br = strchr(w, ']');

		if (w[0] == ' ' && w[1] == ' ' && w[2] == '[' && br != NULL) {
			char name[128];

			if (sscanf(br + 1, "%127s", name) != 1)
				continue;
			for (i = 0; grade_build_vet_sections[i] != NULL; i++) {
				size_t l = strlen(grade_build_vet_sections[i]);

				if (strncmp(name, grade_build_vet_sections[i],
				    l) == 0 && (name[l] == '\0' ||
				    name[l] == '.'))
					snprintf(m, sizeof(m), _("%s has a "
					    "constructor or a destructor (a %s "
					    "section): code of yours that runs "
					    "before or after the grader's own "
					    "is not allowed in a lab. Remove "
					    "__attribute__((constructor)) or "
					    "((destructor))."), base, name);
			}
			continue;
		}
		/* A symbol: "  Num: Value Size Type Bind Vis Ndx Name" */
		nt = sscanf(w, "%127s %127s %127s %127s %127s %127s %127s "
		    "%127s", tok[0], tok[1], tok[2], tok[3], tok[4], tok[5],
		    tok[6], tok[7]);
		if (nt != 8 || strchr(tok[0], ':') == NULL)
			continue;
		if (strcmp(tok[3], "IFUNC") == 0)
			snprintf(m, sizeof(m), _("%s defines %s as an IFUNC, "
			    "resolved when the program starts, before the "
			    "grader: not allowed in a lab."), base, tok[7]);
		else if ((strcmp(tok[4], "GLOBAL") == 0 ||
		    strcmp(tok[4], "WEAK") == 0) && strcmp(tok[6], "UND") != 0 &&
		    (strcmp(tok[3], "FUNC") == 0 ||
		    strcmp(tok[3], "OBJECT") == 0 ||
		    strcmp(tok[3], "NOTYPE") == 0) &&
		    (tok[7][0] == '_' || grade_build_libc_has(b, p, tok[7])))
			snprintf(m, sizeof(m), _("%s defines %s, a name of the "
			    "C library (or one C reserves) that the grader's "
			    "own code uses: rename it, or make it static."),
			    base, tok[7]);
	}
	free(out);
	if (m[0] == '\0')
		return 0;
	b->msg = strdup(m);
	b->refused = 1;
	return -1;
}

/*
 * Compiles the student's test program: their file(s), grade-stu.c and
 * grade-wire.c, the engine's sources the lab's functions were cut from,
 * and libvmalab.a without those sources' objects. Statically linked
 * when it can be (only the program then goes into the sandbox).
 */
static int
grade_build_student(const struct grade_build_lab *lab, const char *dir,
    const struct grade_build_paths *p, struct grade_build *b)
{
	char *argv[GRADE_BUILD_MAXARGS], *out = NULL;
	char inc1[PATH_MAX + 3], inc2[PATH_MAX + 3], inc3[PATH_MAX + 3],
	    inc4[PATH_MAX + 3], inc5[PATH_MAX + 3], stu[PATH_MAX],
	    wire[PATH_MAX], sys[PATH_MAX], lib[PATH_MAX], src[PATH_MAX], cut[2][PATH_MAX],
	    files[4][PATH_MAX], defsym[8][320];
	struct grade_build_funcs f;
	int n, i, st = -1, stat;

	if (grade_build_tmp(b) < 0)
		return -1;
	if (grade_build_read_funcs(p, lab, &f) < 0) {
		b->msg = strdup("the lab's lab.conf names no engine function");
		return -1;
	}
	if (grade_build_path(b->stu, sizeof(b->stu), "%s/test-%s", b->tmp,
	    lab->name) < 0 ||
	    grade_build_path(inc1, sizeof(inc1), "-I%s/include",
	    p->labs) < 0 ||
	    grade_build_path(inc2, sizeof(inc2), "-I%s", p->c->inc) < 0 ||
	    grade_build_path(inc3, sizeof(inc3), "-I%s", p->c->inc_labs) < 0 ||
	    grade_build_path(inc4, sizeof(inc4), "-I%s/kernel",
	    p->c->inc) < 0 ||
	    grade_build_path(inc5, sizeof(inc5), "-I%s/grader", p->labs) < 0 ||
	    grade_build_path(stu, sizeof(stu), "%s/grader/grade-stu.c",
	    p->labs) < 0 ||
	    grade_build_path(wire, sizeof(wire), "%s/grader/grade-wire.c",
	    p->labs) < 0 ||
	    grade_build_path(sys, sizeof(sys), "%s/grader/grade-sys.c",
	    p->labs) < 0 ||
	    grade_build_path(lib, sizeof(lib), "%s/libengine.a", b->tmp) < 0) {
		b->msg = strdup("a path is too long");
		return -1;
	}
	for (i = 0; i < f.nsrc; i++) {
		if (grade_build_path(src, sizeof(src), "%s/%s", p->c->inc,
		    f.src[i]) < 0 || !grade_build_is_file(src))
			grade_build_path(src, sizeof(src), "%s/engine/%s",
			    p->labs, f.src[i]);
		grade_build_path(cut[i], sizeof(cut[i]), "%s/cut-%d.c", b->tmp,
		    i);
		if (grade_build_cut(src, cut[i], &f, i) < 0) {
			char m[PATH_MAX + 128];

			snprintf(m, sizeof(m), "%s: cannot cut the lab's "
			    "functions out of the engine's source", src);
			b->msg = strdup(m);
			return -1;
		}
	}
	if (grade_build_lib_without(b, p->c->lib, lib, &f) < 0) {
		b->msg = strdup("cannot copy libvmalab.a without the lab's "
		    "functions (is ar installed?)");
		return -1;
	}
	for (i = 0; lab->files[i] != NULL; i++) {
		char obj[PATH_MAX];

		snprintf(files[i], sizeof(files[i]), "%s/%s", dir,
		    lab->files[i]);
		if (grade_build_path(obj, sizeof(obj), "%s/vet-%d.o", b->tmp,
		    i) < 0)
			continue;
		/* Without the sanitizers: they add constructors of theirs. */
		n = 0;
		grade_build_cc_plain(b, p, argv, &n);
		grade_build_push(argv, &n, inc1);
		grade_build_push(argv, &n, inc2);
		grade_build_push(argv, &n, inc3);
		grade_build_push(argv, &n, inc4);
		grade_build_push(argv, &n, inc5);
		grade_build_push(argv, &n, "-c");
		grade_build_push(argv, &n, "-o");
		grade_build_push(argv, &n, obj);
		grade_build_push(argv, &n, files[i]);
		if (grade_build_vet(b, p, argv, obj, files[i]) < 0)
			return -1;
	}
	for (stat = p->c->san_cflags[0] == '\0'; stat >= 0; stat--) {
		n = 0;
		grade_build_cc(b, p, argv, &n);
		if (stat)
			grade_build_push(argv, &n, "-static");
		grade_build_push(argv, &n, inc1);
		grade_build_push(argv, &n, inc2);
		grade_build_push(argv, &n, inc3);
		grade_build_push(argv, &n, inc4);
		grade_build_push(argv, &n, inc5);
		grade_build_push(argv, &n, "-o");
		grade_build_push(argv, &n, b->stu);
		for (i = 0; lab->files[i] != NULL; i++) {
			snprintf(files[i], sizeof(files[i]), "%s/%s", dir,
			    lab->files[i]);
			grade_build_push(argv, &n, files[i]);
		}
		grade_build_push(argv, &n, stu);
		grade_build_push(argv, &n, wire);
		grade_build_push(argv, &n, sys);
		for (i = 0; i < f.nsrc; i++)
			grade_build_push(argv, &n, cut[i]);
		grade_build_push(argv, &n, lib);
		/*
		 * The engine's own callers of a cut function (mm.c's check
		 * of the gaps) call the student's: it computes nothing of
		 * the reference.
		 */
		for (i = 0; i < f.n; i++) {
			int k;

			for (k = 0; grade_build_cuts[k].name != NULL; k++)
				if (grade_build_cuts[k].engine_uses &&
				    strcmp(grade_build_cuts[k].name,
				    f.name[i]) == 0) {
					snprintf(defsym[i], sizeof(defsym[i]),
					    "-Wl,--defsym=%s=lab_%s", f.name[i],
					    f.name[i]);
					grade_build_push(argv, &n, defsym[i]);
				}
		}
		free(out);
		out = NULL;
		st = grade_build_capture(argv, &out);
		if (st == 0)
			break;
		/* No static libc here: the same, dynamically linked. */
		if (stat && out != NULL && strstr(out, "cannot find -l") !=
		    NULL)
			continue;
		break;
	}
	if (st == 0) {
		b->static_stu = stat > 0;
		if (out != NULL && out[0] != '\0')
			grade_build_warned(b, out);
		free(out);
		return 0;
	}
	if (out == NULL || out[0] == '\0') {
		free(out);
		out = strdup("the compiler could not be run");
	}
	b->msg = grade_build_explain_link(&f, out);
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
		c->error(_("the build is kept in %s"), b->tmp);
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
	x->c->error(_("cannot run %s: %s"), x->argv[0], strerror(errno));
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
	if (b->stu[0] != '\0' && fail_all == NULL) {
		grade_build_push(argv, &n, "--student");
		grade_build_push(argv, &n, b->stu);
		if (b->bwrap[0] != '\0') {
			grade_build_push(argv, &n, "--bwrap");
			grade_build_push(argv, &n, b->bwrap);
		}
		if (b->static_stu)
			grade_build_push(argv, &n, "--static-student");
	}
	grade_build_push(argv, &n, "--deadline");
	grade_build_push(argv, &n, a->deadline != NULL ? a->deadline :
	    GRADE_BUILD_DEADLINE_S);
	if (a->hidden_seed != NULL) {
		grade_build_push(argv, &n, "--hidden-seed");
		grade_build_push(argv, &n, a->hidden_seed);
	}
	if (a->feedback != NULL) {
		grade_build_push(argv, &n, "--feedback");
		grade_build_push(argv, &n, a->feedback);
	}
	for (i = 0; i < a->ntests; i++)
		grade_build_push(argv, &n, a->tests[i]);
	memset(&s, 0, sizeof(s));
	s.fn = grade_build_exec;
	s.arg = &x;
	/* The grader's own deadline is the run's; this one backs it up. */
	s.timeout = (a->deadline != NULL ? atof(a->deadline) :
	    GRADE_BUILD_DEADLINE) + 120;
	s.group = 1;
	if (spawn_run(&s) < 0 || s.how != SPAWN_EXITED)
		return 3;
	return s.code;
}

/* ---- the submission ------------------------------------------------------------------ */

static int	grade_build_write_reports(const struct grade_build_conf *,
		    const struct grade_build_args *, const struct grade_report *);

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
			snprintf(why, len, _("%s has no %s: hand in the "
			    "file the handout gave you, with that name."), dir,
			    lab->files[i]);
			return;
		}
	}
}

/*
 * bwrap into buf: $BWRAP when it is set (a path; empty says there is
 * none), else bwrap on $PATH or in /usr/bin or /bin. -1 when there is none.
 */
static int
grade_build_find_bwrap(char *buf, size_t len)
{
	const char *path = getenv("PATH"), *bw = getenv("BWRAP");
	char dirs[4096], *d, *save;

	if (bw != NULL) {
		if (bw[0] != '\0' && grade_build_path(buf, len, "%s", bw) == 0 &&
		    access(buf, X_OK) == 0)
			return 0;
		buf[0] = '\0';
		return -1;
	}

	snprintf(dirs, sizeof(dirs), "%s:/usr/bin:/bin",
	    path != NULL ? path : "");
	for (d = strtok_r(dirs, ":", &save); d != NULL;
	    d = strtok_r(NULL, ":", &save))
		if (grade_build_path(buf, len, "%s/bwrap", d) == 0 &&
		    access(buf, X_OK) == 0)
			return 0;
	buf[0] = '\0';
	return -1;
}

/*
 * Can bubblewrap make its namespaces here? The sandbox is made with the
 * test program's options, but what runs in it is /usr/bin/true, never the
 * student's program: student code (a constructor, say) must not be able to
 * make grading look impossible. Returns 0, or -1 with the reason in why.
 */
static int
grade_build_probe_sandbox(const struct grade_build *b, char *why, size_t len)
{
	char *argv[GRADE_BUILD_MAXARGS], *out = NULL;
	int n = 0, st;

	grade_build_push(argv, &n, b->bwrap);
	grade_build_push(argv, &n, "--unshare-all");
	grade_build_push(argv, &n, "--die-with-parent");
	grade_build_push(argv, &n, "--new-session");
	grade_build_push(argv, &n, "--uid");
	grade_build_push(argv, &n, "65534");
	grade_build_push(argv, &n, "--gid");
	grade_build_push(argv, &n, "65534");
	grade_build_push(argv, &n, "--ro-bind");
	grade_build_push(argv, &n, b->stu);
	grade_build_push(argv, &n, "/test");
	grade_build_push(argv, &n, "--ro-bind");
	grade_build_push(argv, &n, "/usr");
	grade_build_push(argv, &n, "/usr");
	grade_build_push(argv, &n, "--symlink");
	grade_build_push(argv, &n, "usr/lib");
	grade_build_push(argv, &n, "/lib");
	grade_build_push(argv, &n, "--symlink");
	grade_build_push(argv, &n, "usr/lib64");
	grade_build_push(argv, &n, "/lib64");
	grade_build_push(argv, &n, "--size");
	grade_build_push(argv, &n, "1048576");
	grade_build_push(argv, &n, "--tmpfs");
	grade_build_push(argv, &n, "/tmp");
#if defined(__SANITIZE_ADDRESS__)
	/* grade-proxy.c mounts a /proc for a sanitizer build's program. */
	grade_build_push(argv, &n, "--proc");
	grade_build_push(argv, &n, "/proc");
#endif
	grade_build_push(argv, &n, "/usr/bin/true");
	st = grade_build_capture(argv, &out);
	if (st == 0) {
		free(out);
		return 0;
	}
	snprintf(why, len, "%s", out != NULL && out[0] != '\0' ? out :
	    "it did not run");
	free(out);
	if (strlen(why) > 0 && why[strlen(why) - 1] == '\n')
		why[strlen(why) - 1] = '\0';
	return -1;
}

/*
 * Grading refused (no sandbox): every test of the lab is still reported,
 * failed, by the grader program run with --fail-all (it runs no student
 * code), so that results.json is whole. Returns 2, the status of a run
 * that could not grade.
 */
static int
grade_build_refuse(const struct grade_build_conf *c, struct grade_build *b,
    const struct grade_build_args *a, const char *what)
{
	char msg[1024];

	snprintf(msg, sizeof(msg), _("Grading could not run: %s No test ran "
	    "and none is counted. This is a problem of the grading machine, "
	    "not of your code: tell your instructor (vmalab grade "
	    "--no-sandbox grades without the sandbox)."), what);
	b->preamble[0] = '\0';
	grade_build_run(c, b, a, msg);
	grade_build_cleanup(c, b, a->keep);
	return 2;
}

/* One row of a lab's test table read back from its source, or -1. */
static int
grade_build_row(const char *line, char *name, size_t len, int *points,
    enum grade_vis *vis)
{
	const char *n, *e, *pt;

	if ((n = strstr(line, ".name = \"")) == NULL)
		return -1;
	n += strlen(".name = \"");
	if ((e = strchr(n, '"')) == NULL || (size_t)(e - n) >= len ||
	    (pt = strstr(e, ".points = ")) == NULL)
		return -1;
	memcpy(name, n, (size_t)(e - n));
	name[e - n] = '\0';
	*points = atoi(pt + strlen(".points = "));
	*vis = strstr(line, "GRADE_HIDDEN") != NULL ? GRADE_HIDDEN :
	    strstr(line, "GRADE_AFTER_PUBLISHED") != NULL ?
	    GRADE_AFTER_PUBLISHED : GRADE_VISIBLE;
	return 0;
}

/*
 * The lab's tests did not build: there is no grader program to list them,
 * so their rows are read from the tables' source (one row a line, `.name`
 * and `.points` first, as labs/README.md asks) and reported failed, with
 * `why` above them, on stdout and in --json and --tsv. A hidden test is
 * named hidden-N under --feedback score, as the grader names it.
 */
static void
grade_build_unbuilt(const struct grade_build_conf *c,
    const struct grade_build_args *a, const struct grade_build_paths *p,
    const char *why)
{
	static const char *const files[] = { "tests.c", "hidden.c" };
	struct grade_report rep;
	char path[PATH_MAX], line[1024], name[128];
	enum grade_vis vis;
	FILE *fp;
	size_t i;
	int points, k = 0, score_only;

	score_only = a->feedback != NULL && strcmp(a->feedback, "score") == 0;
	memset(&rep, 0, sizeof(rep));
	rep.lab = a->lab->name;
	rep.title = a->lab->title;
	rep.preamble = strdup(why);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (grade_build_path(path, sizeof(path), "%s/%s/%s", p->labs,
		    a->lab->name, files[i]) < 0 ||
		    (fp = fopen(path, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), fp) != NULL) {
			if (grade_build_row(line, name, sizeof(name), &points,
			    &vis) < 0 || (a->visible && vis != GRADE_VISIBLE))
				continue;
			if (vis != GRADE_VISIBLE && score_only)
				snprintf(name, sizeof(name), "hidden-%d", ++k);
			grade_report_add(&rep, name, 0, points, vis, 0,
			    _("Not run (see above).\n"));
		}
		fclose(fp);
	}
	grade_report_text(stdout, &rep, a->verbose);
	fflush(stdout);
	grade_build_write_reports(c, a, &rep);
	grade_report_free(&rep);
}

/* Grades a code lab (2-5) in `dir`. Returns the exit status. */
static int
grade_build_code(const struct grade_build_conf *c,
    const struct grade_build_args *a, const char *dir)
{
	const struct grade_build_lab *lab = a->lab;
	struct grade_build_paths p;
	struct grade_build b;
	char why[PATH_MAX + 256], sbx[512];
	int st;

	if (grade_build_find_paths(c, &p) < 0)
		return 2;
	memset(&b, 0, sizeof(b));
	if (grade_build_grader(lab, &p, a, &b) < 0) {
		c->error(_("%s: the lab's tests do not build: %s"), lab->name,
		    b.msg != NULL ? b.msg : "?");
		snprintf(why, sizeof(why), _("The lab's tests did not build on "
		    "the grading machine, so nothing ran. This is a problem of "
		    "the grader, not of your code: tell your instructor. The "
		    "compiler said:\n"));
		strncat(why, b.msg != NULL ? b.msg : "?", sizeof(why) -
		    strlen(why) - 1);
		free(b.msg);
		grade_build_cleanup(c, &b, a->keep);
		grade_build_unbuilt(c, a, &p, why);
		return 2;
	}
	grade_build_missing(lab, dir, why, sizeof(why));
	if (why[0] == '\0' && grade_build_student(lab, dir, &p, &b) == 0) {
		if (!a->no_sandbox) {
			if (grade_build_find_bwrap(b.bwrap,
			    sizeof(b.bwrap)) < 0) {
				c->error(_("bubblewrap (bwrap) is not installed: "
				    "student code is only run in its sandbox "
				    "(install it, or pass --no-sandbox)"));
				return grade_build_refuse(c, &b, a,
				    _("bubblewrap (bwrap) is not installed on "
				    "the grading machine, and student code is "
				    "only run in its sandbox."));
			}
			if (grade_build_probe_sandbox(&b, sbx,
			    sizeof(sbx)) < 0) {
				c->error(_("bubblewrap cannot make its sandbox "
				    "here (%s). Student code is only run in "
				    "it; --no-sandbox grades anyway, giving up "
				    "the sandbox: the student's code then runs "
				    "as you, sees your files and processes, and "
				    "can write to your disk"), sbx);
				snprintf(why, sizeof(why), _("bubblewrap cannot "
				    "make its sandbox on the grading machine "
				    "(%s), and student code is only run in "
				    "it."), sbx);
				return grade_build_refuse(c, &b, a, why);
			}
		}
		st = grade_build_run(c, &b, a, NULL);
		if (st > 2) {
			/*
			 * The grader itself did not finish (it never runs
			 * student code, so this is a bug or the machine):
			 * results.json must still list every test.
			 */
			c->error(_("%s: the grader did not finish; every test is "
			    "reported failed"), lab->name);
			st = grade_build_run(c, &b, a, _("Grading did not "
			    "finish (the grader was stopped): no test is "
			    "counted. Tell your instructor."));
			st = 2;
		}
		grade_build_cleanup(c, &b, a->keep);
		return st;
	}
	if (why[0] == '\0' && b.refused) {
		snprintf(why, sizeof(why), _("Your code was not run, so no "
		    "test could run: "));
		strncat(why, b.msg != NULL ? b.msg : "", sizeof(why) -
		    strlen(why) - 1);
	} else if (why[0] == '\0') {
		snprintf(why, sizeof(why), _("Your code did not compile, so no "
		    "test could run. The compiler said:\n"));
		strncat(why, b.msg != NULL ? b.msg : "", sizeof(why) -
		    strlen(why) - 1);
	}
	free(b.msg);
	b.msg = NULL;
	b.preamble[0] = '\0';
	st = grade_build_run(c, &b, a, why);
	grade_build_cleanup(c, &b, a->keep);
	return st == 0 ? 1 : st > 2 ? 2 : st;
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
		c->error(_("%s: write error"), path);
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
	const char *fmt = _("The answers file could not be read: %s\nFix it "
	    "and grade again.\n");

	c->error("%s", err);
	if ((rep->preamble = malloc(strlen(err) + strlen(fmt))) != NULL)
		sprintf(rep->preamble, fmt, err);
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
	printf("%s: %s (%s)\n", a->lab->name, i18n_str(a->lab->title), name);
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
		c->error(_("quiz %llu: %s"), (unsigned long long)qa.seed, err);
		return 2;
	}
	if (quiz_grade(&qz, &qa, a->reveal, &rep) < 0) {
		c->error(_("out of memory"));
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
