/*
 * cmd-grade.c - vmalab grade: grade a lab submission, or a folder of them.
 *
 *   vmalab grade LAB [DIR [TEST...]]   one submission (DIR: default .)
 *   vmalab grade --batch DIR [-j N] [--csv FILE] [--reports DIR] LAB
 *   vmalab grade --list                the labs
 *
 * This file parses the options and says where vmalab's parts are (the
 * build tree's, or the installed ones: grade-config.h, made by make);
 * the grading itself is labs/grader's driver (grade-build.h): lab 1's
 * quiz scored from DIR/answers.txt, labs 2-5 compiled with the lab's
 * tests into a grading program that is run (grade-build.c), a folder of
 * submissions N at a time (grade-batch.c). --labs DIR picks another labs
 * tree (the Gradescope autograder passes the one with the hidden tests).
 *
 * Exit status: 0 at full marks, 1 below full marks (or bad input: a
 * malformed answers file), 2 on a usage error or when the grader could
 * not run at all.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grade-config.h"
#include "trace/i18n.h"
#include "tui/tui.h"
#include "vmalab.h"
#include "grader/grade-build.h"

static int	cmd_grade_exec(const struct cmd_entry *, int, char **);

enum {
	OPT_LIST = 1, OPT_JSON, OPT_TSV, OPT_VISIBLE, OPT_VERBOSE, OPT_REVEAL,
	OPT_CPU, OPT_LABS, OPT_KEEP, OPT_BATCH, OPT_JOBS, OPT_CSV, OPT_REPORTS,
	OPT_NO_SANDBOX, OPT_DEADLINE, OPT_HIDDEN_SEED, OPT_FEEDBACK,
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
	{ "no-sandbox", OPT_NO_SANDBOX, NULL, NULL, NULL },
	{ "deadline", OPT_DEADLINE, "SECONDS", NULL, NULL },
	{ "hidden-seed", OPT_HIDDEN_SEED, "N", NULL, NULL },
	{ "feedback", OPT_FEEDBACK, "full|names|score", NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

const struct cmd_entry cmd_grade_entry = {
	.name = "grade",
	.usage = "LAB [DIR [TEST...]] | --batch DIR [-j N] LAB | --list",
	.summary = N_("grade a lab submission (or a folder of them)"),
	.help =
	    N_("Grades the submission in DIR (default: the current directory) "
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
	    "DIR/NAME.txt\n"
	    "  --deadline S     the whole run's wall-clock budget (default "
	    "600): tests\n                   not started by then score 0\n"
	    "  --hidden-seed N  the instructor's seed for the generated "
	    "hidden tests\n"
	    "  --feedback full|names|score\n"
	    "                   what a hidden test's feedback shows (default: "
	    "names)\n"
	    "  --no-sandbox     run student code without bubblewrap (where "
	    "it cannot make\n                   namespaces): the code then "
	    "runs as you and sees your\n                   files and "
	    "processes\n\n"
	    "Labs 2-5 build two programs: the grader (the lab's tests and the "
	    "reference)\nand the student's test program (their file, without "
	    "the reference), which\nruns in bubblewrap's sandbox and only "
	    "answers the calls the grader sends it.\nExit status: 0 at full "
	    "marks, 1 below, 2 when grading could not run.\n"),
	.opts = grade_opts,
	.exec = cmd_grade_exec,
};

/* ---- options --------------------------------------------------------------- */


/* ---- where vmalab's parts are ------------------------------------------------ */

static int
cmd_grade_is_file(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Is this the vmalab of the build tree (not an installed copy)? */
static int
cmd_grade_in_tree(void)
{
	char self[PATH_MAX], built[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return 0;
	self[n] = '\0';
	if (realpath(GRADE_BUILD_EXE, built) == NULL)
		return 0;
	return strcmp(self, built) == 0 && cmd_grade_is_file(GRADE_BUILD_LIB);
}

/*
 * The driver's configuration: the labs tree (--labs, $VMALAB_LABDIR, or
 * the build's or the installed one), the headers and libraries to link,
 * the compiler, and vmalab's way of saying an error.
 */
static void
cmd_grade_conf(const struct grade_build_args *a, struct grade_build_conf *c)
{
	const char *env = getenv("VMALAB_LABDIR");
	int tree = cmd_grade_in_tree();

	memset(c, 0, sizeof(*c));
	c->labs = a->labs != NULL ? a->labs : env != NULL && *env ? env :
	    tree ? GRADE_SRC_LABS : GRADE_INST_LABS;
	c->inc = tree ? GRADE_SRC_INC : GRADE_INST_INC;
	c->inc_labs = tree ? GRADE_SRC_INC_LABS : GRADE_INST_INC;
	c->lib = tree ? GRADE_BUILD_LIB : GRADE_INST_LIB;
	c->grader = tree ? GRADE_BUILD_GRADER : GRADE_INST_GRADER;
	c->cc = GRADE_CC;
	c->san_cflags = GRADE_SAN_CFLAGS;
	c->error = vmalab_error;
}

static int
cmd_grade_one(const struct grade_build_args *a)
{
	struct grade_build_conf c;

	cmd_grade_conf(a, &c);
	return grade_build_one(&c, a, a->dir);
}

static int
cmd_grade_batch(const struct grade_build_args *a)
{
	struct grade_build_conf c;

	cmd_grade_conf(a, &c);
	return grade_batch_run(&c, a);
}

/* ---- the command ---------------------------------------------------------------- */

static void
cmd_grade_list(void)
{
	const struct grade_build_lab *l;
	const char *t;
	int pad;

	/* The titles padded by the columns they take, not their bytes. */
	for (l = grade_build_labs; l->name != NULL; l++) {
		t = i18n_str(l->title);
		pad = 45 - tui_text_width(t);
		printf(_("%-6s %s%*s hand in: %s\n"), l->name, t,
		    pad > 0 ? pad : 0, "", l->files[0]);
	}
}

static int
cmd_grade_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	struct grade_build_args a;
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
		case OPT_NO_SANDBOX: a.no_sandbox = 1; break;
		case OPT_DEADLINE:
			d = strtod(g.arg, &end);
			if (*end != '\0' || d < 1 || d > 86400)
				rc = vmalab_usage_error(cmd, "--deadline wants 1 "
				    "to 86400 seconds, not '%s'", g.arg);
			a.deadline = g.arg;
			break;
		case OPT_HIDDEN_SEED:
			if (vmalab_parse_ulong(g.arg, &v) < 0)
				rc = vmalab_usage_error(cmd, "--hidden-seed wants "
				    "a number, not '%s'", g.arg);
			a.hidden_seed = g.arg;
			break;
		case OPT_FEEDBACK:
			if (strcmp(g.arg, "full") != 0 &&
			    strcmp(g.arg, "names") != 0 &&
			    strcmp(g.arg, "score") != 0)
				rc = vmalab_usage_error(cmd, "--feedback wants "
				    "full, names or score, not '%s'", g.arg);
			a.feedback = g.arg;
			break;
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
		cmd_grade_list();
		rc = 0;
	}
	if (rc < 0 && labname == NULL)
		rc = vmalab_usage_error(cmd, "which lab? (vmalab grade --list "
		    "shows them)");
	if (rc < 0 && (a.lab = grade_build_find_lab(labname)) == NULL)
		rc = vmalab_usage_error(cmd, "no lab called '%s' (vmalab grade "
		    "--list shows them)", labname);
	if (rc < 0 && a.batch == NULL && (a.jobs > 0 || a.csv != NULL ||
	    a.reports != NULL))
		rc = vmalab_usage_error(cmd, "--jobs, --csv and --reports go "
		    "with --batch");
	if (rc < 0 && a.batch != NULL)
		rc = cmd_grade_batch(&a);
	if (rc < 0) {
		if (a.dir == NULL)
			a.dir = ".";
		if (!a.lab->quiz && !grade_build_is_dir(a.dir))
			rc = vmalab_usage_error(cmd, "%s is not a directory",
			    a.dir);
		else
			rc = cmd_grade_one(&a);
	}
	free(av);
	free(a.tests);
	return rc;
}
