/*
 * cmd-quiz.c - vmalab quiz: lab 1's seeded questions (labs/grader/quiz.c).
 *
 *   vmalab quiz --seed 42              the questions, as a scenario file
 *   vmalab quiz --seed 42 --answers    the same with every result and
 *                                      the decision that decided it
 *   vmalab quiz --seed 42 --template   an answers file to fill in
 *
 * The output is a scenario: `vmalab run` replays it (OSTEP's -c), and
 * `vmalab run --check` checks the --answers output against the engine.
 * `vmalab grade lab1 DIR` scores DIR/answers.txt.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "grader/quiz.h"
#include "vmalab.h"

static int	cmd_quiz_exec(const struct cmd_entry *, int, char **);

enum { OPT_SEED = 1, OPT_ANSWERS, OPT_TEMPLATE, OPT_LAYOUT };

static const struct vmalab_opt quiz_opts[] = {
	{ "seed", OPT_SEED, "N", "which quiz (the same seed, the same quiz)",
	    NULL },
	{ "answers", OPT_ANSWERS, NULL, "print the answers (results and "
	    "decisions)", NULL },
	{ "template", OPT_TEMPLATE, NULL, "print an answers file to fill in",
	    NULL },
	{ "layout", OPT_LAYOUT, "L", "legacy or topdown (default: the seed "
	    "picks)", NULL },
	{ NULL, 0, NULL, "\nAnswers files have a line 'seed N' and one line "
	    "per question: 'Q1 0x555555559000\nsys_brk.below_min_brk'. vmalab "
	    "grade lab1 DIR scores DIR/answers.txt.", NULL },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_quiz_entry = {
	.name = "quiz",
	.usage = "--seed N [--answers | --template] [--layout legacy|topdown]",
	.summary = "lab 1: questions about brk and mmap, from a seed",
	.help =
	    "Prints a scenario (an address space and a few calls) and asks, "
	    "for each brk\nand mmap marked Qn, what it returns and which "
	    "decision decided it.\n\n",
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

static int
cmd_quiz_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	struct vmalab_getopt g;
	unsigned long long seed = 0;
	int id, has_seed = 0, answers = 0, template = 0, layout = -1;
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
	if (!has_seed)
		return vmalab_usage_error(cmd, "which quiz? give --seed N");
	if (answers && template)
		return vmalab_usage_error(cmd, "--answers or --template, not "
		    "both");
	if (quiz_make(&qz, seed, layout, err, sizeof(err)) < 0) {
		vmalab_error("quiz %llu: %s", seed, err);
		return EXIT_INPUT;
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
