/*
 * cmd-quiz.c - vmalab quiz: lab 1's seeded questions (labs/grader/quiz.c).
 *
 *   vmalab quiz [--seed N]             in a terminal: asks the questions
 *                                      one at a time and marks each answer
 *   vmalab quiz --seed 42 --sheet      the questions, as a scenario file
 *   vmalab quiz --seed 42 --answers    the same with every result and
 *                                      the decision that decided it
 *   vmalab quiz --seed 42 --template   an answers file to fill in
 *
 * The interactive quiz: the start state, then each call in order; for a
 * question, the value and the decision are typed, marked at once, and a
 * wrong one is followed by the excerpt of the call's trace that explains
 * it (the decisions taken, the deciding one marked). Lines are read with
 * stdio and the terminal's modes are never changed, so there is nothing
 * to restore: Ctrl-D ends the quiz with the score so far.
 *
 * The sheet is a scenario: `vmalab run` replays it (OSTEP's -c), and
 * `vmalab run --check` checks the --answers output against the engine.
 * `vmalab grade lab1 DIR` scores DIR/answers.txt, where a '?' left from
 * --template is a blank answer. Without a terminal on stdin and stdout,
 * or with --sheet, vmalab quiz prints the sheet, as it always did.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "grader/quiz.h"
#include "trace/i18n.h"
#include "vmalab.h"

static int	cmd_quiz_exec(const struct cmd_entry *, int, char **);

enum { OPT_SEED = 1, OPT_ANSWERS, OPT_TEMPLATE, OPT_LAYOUT, OPT_SHEET,
    OPT_ASK };

static const struct vmalab_opt quiz_opts[] = {
	{ "seed", OPT_SEED, "N", N_("which quiz (the same seed, the same quiz;\n"
	    "asking, without it: a new one)"), NULL },
	{ "ask", OPT_ASK, NULL, N_("ask the questions one at a time (the "
	    "default in a\nterminal), reading the answers from stdin"), NULL },
	{ "sheet", OPT_SHEET, NULL, N_("print the questions as a sheet (the "
	    "default when\nstdin or stdout is not a terminal)"), NULL },
	{ "answers", OPT_ANSWERS, NULL, N_("print the answers (results and "
	    "decisions)"), NULL },
	{ "template", OPT_TEMPLATE, NULL, N_("print an answers file to fill "
	    "in"), NULL },
	{ "layout", OPT_LAYOUT, "L", N_("legacy or topdown (default: the "
	    "seed picks)"), NULL },
	{ NULL, 0, NULL, N_("\nAnswers files have a line 'seed N' and one "
	    "line per question: 'Q1 0x555555559000\nsys_brk.below_min_brk'. "
	    "vmalab grade lab1 DIR scores DIR/answers.txt; a '?'\nleft there "
	    "is a blank answer."), NULL },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_quiz_entry = {
	.name = "quiz",
	.usage = "[--seed N] [--ask | --sheet | --answers | --template]\n"
	    "                  [--layout legacy|topdown]",
	.summary = N_("lab 1: questions about brk and mmap, from a seed"),
	.help = N_(
	    "A scenario (an address space and a few calls) and, for each brk "
	    "and mmap\nmarked Qn, the questions: what does it return, and "
	    "which decision decided it?\nIn a terminal they are asked one at "
	    "a time and each answer is marked; a\nwrong one is explained "
	    "with the call's trace. --sheet prints them (exams).\n\n"),
	.opts = quiz_opts,
	.opts_col = 19,
	.exec = cmd_quiz_exec,
};

static void
quiz_template(const struct quiz *qz, int layout)
{
	int i;

	printf("# Answers to vmalab quiz --seed %llu: replace each ? with the "
	    "result\n# (0x..., or -ENOMEM ...) and the decision id.\n"
	    "seed %llu\n", (unsigned long long)qz->seed,
	    (unsigned long long)qz->seed);
	if (layout >= 0)
		printf("layout %s\n", layout == LAYOUT_LEGACY ? "legacy" :
		    "topdown");
	for (i = 0; i < qz->nq; i++)
		printf("Q%d ? ?\t\t# %s\n", i + 1, qz->q[i].call);
}

/* ---- asking ----------------------------------------------------------- */

struct quiz_ask {
	const struct quiz *qz;
	char		*line;		/* getline's buffer */
	size_t		 linecap;
	int		 eof;
	int		 value_right, decision_right, asked;
};

/*
 * Prints `prompt` and reads a line (stripped of its newline and of the
 * blanks around it). Returns it, or NULL at the end of input.
 */
static const char *
ask_read(struct quiz_ask *k, const char *prompt)
{
	ssize_t n;
	char *p;

	fputs(prompt, stdout);
	fflush(stdout);
	if ((n = getline(&k->line, &k->linecap, stdin)) < 0) {
		k->eof = 1;
		putchar('\n');
		return NULL;
	}
	while (n > 0 && (k->line[n - 1] == '\n' || k->line[n - 1] == '\r' ||
	    k->line[n - 1] == ' ' || k->line[n - 1] == '\t'))
		k->line[--n] = '\0';
	for (p = k->line; *p == ' ' || *p == '\t'; p++)
		;
	/* Echo when the answers do not come from a person at a terminal. */
	if (!isatty(STDIN_FILENO))
		printf("%s\n", p);
	return p;
}

/*
 * The decision ids a call of this kind may be decided by, for '?': the
 * layout's search only (the other one never runs).
 */
static void
ask_list_ids(const struct quiz *qz, const struct quiz_q *q)
{
	static const char *const brk_fns[] = { "sys_brk", NULL };
	static const char *const mmap_fns[] = { "sys_mmap", "do_mmap",
	    "get_unmapped_area", "arch_get_unmapped_area",
	    "arch_get_unmapped_area_topdown", "unmapped_area",
	    "unmapped_area_topdown", NULL };
	const char *const *fns = strncmp(q->call, "brk", 3) == 0 ? brk_fns :
	    mmap_fns;
	const struct decision *d;
	int i;

	printf("%s\n", _("  The decisions of this call's path:"));
	for (d = decisions; d->id != NULL; d++)
		for (i = 0; fns[i] != NULL; i++) {
			if (d->func == NULL || strcmp(d->func, fns[i]) != 0)
				continue;
			if ((strstr(d->func, "_topdown") != NULL) !=
			    (qz->layout == LAYOUT_TOPDOWN) &&
			    strstr(d->func, "unmapped_area") != NULL &&
			    strcmp(d->func, "get_unmapped_area") != 0)
				continue;
			printf("    %s\n", d->id);
		}
}

/* Asks the value of question i. Returns 1 right, 0 wrong or blank. */
static int
ask_value(struct quiz_ask *k, const struct quiz_q *q)
{
	const char *in;
	unsigned long v;
	char b[32];

	for (;;) {
		if ((in = ask_read(k, _("  returns? "))) == NULL)
			return 0;
		if (*in == '\0') {
			printf("%s\n", _("  value: blank."));
			return 0;
		}
		if (quiz_parse_value(in, &v) == 0)
			break;
		printf(_("  '%s' is not a value: write an address "
		    "(0x2aaaaaaab000), a number, or an error (-ENOMEM). "
		    "Again:\n"), in);
	}
	if (v == q->answer) {
		printf("%s\n", _("  value: right."));
		return 1;
	}
	printf(_("  value: wrong; it returns %s.\n"),
	    grade_fmt_result(q->answer, b, sizeof b));
	return 0;
}

/* Asks the deciding decision. Returns 1 right, 0 wrong or blank. */
static int
ask_decision(struct quiz_ask *k, const struct quiz_q *q)
{
	const char *in;

	for (;;) {
		if ((in = ask_read(k, _("  decided by? "))) == NULL)
			return 0;
		if (*in == '\0') {
			printf("%s\n", _("  decision: blank."));
			return 0;
		}
		if (strcmp(in, "?") == 0) {
			ask_list_ids(k->qz, q);
			continue;
		}
		if (decision_find(in) != NULL)
			break;
		printf(_("  '%s' is not a decision id ('?' lists those of "
		    "this call). Again:\n"), in);
	}
	if (q->reason != NULL && strcmp(in, q->reason->id) == 0) {
		printf("%s\n", _("  decision: right."));
		return 1;
	}
	printf(_("  decision: wrong; it was %s (%s).\n"), q->reason != NULL ?
	    q->reason->id : "?", q->outcome ? _("taken") : _("not taken"));
	return 0;
}

/* One question: ask, mark, and explain a wrong answer. */
static void
ask_question(struct quiz_ask *k, int n)
{
	const struct quiz_q *q = &k->qz->q[n];
	char b[32];
	int v, d;

	printf(_("\nQ%d of %d  %s\n"), n + 1, k->qz->nq, q->call);
	v = ask_value(k, q);
	d = k->eof ? 0 : ask_decision(k, q);
	if (k->eof)
		return;
	k->asked++;
	k->value_right += v;
	k->decision_right += d;
	if (!v || !d)
		printf(_("  Why, from the trace of this call (vmalab run "
		    "--trace shows all of it):\n%s"), q->excerpt != NULL ?
		    q->excerpt : "");
	printf(_("  = %s.  Score: %d of %d.\n"), grade_fmt_result(q->answer, b,
	    sizeof b), k->value_right + k->decision_right, 2 * k->asked);
}

/* Is this line of the sheet a /proc/PID/maps line? */
static int
ask_is_maps(const char *line)
{
	size_t n = strspn(line, "0123456789abcdef");

	return n > 0 && line[n] == '-';
}

/*
 * The quiz, asked: the sheet's lines in order, the start state shown,
 * the given calls with their results, the questions asked.
 */
static int
quiz_ask(const struct quiz *qz, int chosen_seed)
{
	struct quiz_ask k;
	const char *p, *nl;
	int qn = -1, i;

	memset(&k, 0, sizeof k);
	k.qz = qz;
	printf(_("vmalab quiz, seed %llu (%s layout): %d questions, 2 "
	    "points each.\n"), (unsigned long long)qz->seed, qz->layout ==
	    LAYOUT_LEGACY ? _("legacy, bottom-up") : _("top-down"), qz->nq);
	if (!chosen_seed)
		printf(_("To take this quiz again: vmalab quiz --seed %llu\n"),
		    (unsigned long long)qz->seed);
	fputs(_("For each question, type what the call returns (0x..., or "
	    "-ENOMEM ...) and\nthe decision that decided it (e.g. "
	    "sys_brk.same_page; '?' lists them). An\nempty answer is "
	    "blank; Ctrl-D stops.\n\nThe process starts with this address "
	    "space (and these mm fields):\n"), stdout);
	for (p = qz->text; p != NULL && *p != '\0' && !k.eof; p = nl) {
		nl = strchr(p, '\n');
		nl = nl != NULL ? nl + 1 : p + strlen(p);
		if (sscanf(p, "# Q%d", &i) == 1) {
			qn = i - 1;
			continue;
		}
		if (*p == '#' || *p == '\n')
			continue;
		if (*p == '%' || ask_is_maps(p)) {
			printf("  %.*s", (int)(nl - p), p);
			continue;
		}
		if (qn >= 0 && qn < qz->nq) {
			ask_question(&k, qn);
			qn = -1;
		} else
			printf(_("\nGiven: %.*s"), (int)(nl - p), p);
	}
	printf(_("\n%s: %d of %d points (values %d of %d, decisions %d of "
	    "%d).\n"), k.eof ? _("Stopped") : _("Done"), k.value_right +
	    k.decision_right, 2 * k.asked, k.value_right, k.asked,
	    k.decision_right, k.asked);
	if (k.eof && k.asked < qz->nq)
		printf(_("%d of %d questions asked.\n"), k.asked, qz->nq);
	free(k.line);
	return 0;
}

static int
cmd_quiz_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	struct vmalab_getopt g;
	unsigned long long seed = 0;
	int id, has_seed = 0, answers = 0, template = 0, layout = -1;
	int ask = 0, sheet = 0, rc;
	char err[QUIZ_ERRLEN];
	struct quiz qz;

	vmalab_getopt_init(&g, cmd, argc, argv);
	while ((id = vmalab_getopt_next(&g)) != VMALAB_OPT_END) {
		switch (id) {
		case VMALAB_OPT_HELP:
			return vmalab_cmd_help(cmd, stdout);
		case VMALAB_OPT_ERROR:
			return EXIT_USAGE;
		case VMALAB_OPT_OPERAND:
			return vmalab_usage_error(cmd, "unexpected '%s'", g.arg);
		case OPT_SEED:
			if (vmalab_parse_ulong(g.arg, &seed) < 0)
				return vmalab_usage_error(cmd, "--seed wants a "
				    "number, not '%s'", g.arg);
			has_seed = 1;
			break;
		case OPT_ANSWERS:
			answers = 1;
			break;
		case OPT_TEMPLATE:
			template = 1;
			break;
		case OPT_SHEET:
			sheet = 1;
			break;
		case OPT_ASK:
			ask = 1;
			break;
		case OPT_LAYOUT:
			if (strcmp(g.arg, "legacy") == 0)
				layout = LAYOUT_LEGACY;
			else if (strcmp(g.arg, "topdown") == 0)
				layout = LAYOUT_TOPDOWN;
			else
				return vmalab_usage_error(cmd, "--layout is "
				    "legacy or topdown, not '%s'", g.arg);
			break;
		}
	}
	if (ask + sheet + answers + template > 1)
		return vmalab_usage_error(cmd, "one of --ask, --sheet, --answers "
		    "and --template");
	if (!sheet && !answers && !template && isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO))
		ask = 1;
	if (!has_seed && !ask)
		return vmalab_usage_error(cmd, "which quiz? give --seed N");
	/* A new quiz each time: a small seed, easy to type again. */
	if (!has_seed)
		seed = ((unsigned long long)time(NULL) ^
		    (unsigned long long)getpid() * 7919) % 100000;
	if (quiz_make(&qz, seed, layout, err, sizeof(err)) < 0) {
		vmalab_error("quiz %llu: %s", seed, err);
		return EXIT_INPUT;
	}
	if (ask) {
		rc = quiz_ask(&qz, has_seed);
		quiz_free(&qz);
		return rc;
	}
	if (template)
		quiz_template(&qz, layout);
	else
		fputs(answers ? qz.key : qz.text, stdout);
	if (layout >= 0 && !template)
		printf("# (made with --layout %s: add 'layout %s' to the "
		    "answers file)\n", layout == LAYOUT_LEGACY ? "legacy" :
		    "topdown", layout == LAYOUT_LEGACY ? "legacy" : "topdown");
	quiz_free(&qz);
	return 0;
}
