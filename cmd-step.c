/*
 * cmd-step.c - vmalab step: the stepper (tui/), on a terminal or headless.
 *
 *   vmalab step [run options] [--predict] [--mono] [--ascii]
 *               [--keys KEYS] [--dump] [--size COLSxROWS] [SCENARIO|-]
 *
 * The start-state options are those of vmalab run: the table includes
 * them, cmd_run_parse parses them and hands the stepper's own to
 * cmd_step_option.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace/i18n.h"
#include "tui/tui.h"
#include "vmalab.h"

static int	cmd_step_exec(const struct cmd_entry *, int, char **);

enum {
	STEP_PREDICT = CMD_RUN_OPT_LAST, STEP_MONO, STEP_ASCII, STEP_KEYS,
	STEP_DUMP, STEP_SIZE,
};

static const struct vmalab_opt cmd_step_opts[] = {
	{ .include = cmd_run_start_opts },	/* listed by run's --help */
	{ "predict", STEP_PREDICT, NULL, N_("class mode: hide what decides and "
	    "ask: taken? (y/n) at\nbranches, what an mmap, mremap, brk or "
	    "malloc returns (an\naddress, or a gap on the bar), which gap "
	    "the search picks\n(a node of the tree); a score per kind, and "
	    "a summary\nat the end (printed on q)"), NULL },
	{ "mono", STEP_MONO, NULL, N_("no colours (also when NO_COLOR is "
	    "set)"), NULL },
	{ "ascii", STEP_ASCII, NULL, N_("ASCII only (the default when the "
	    "locale is not UTF-8)"), NULL },
	{ "keys", STEP_KEYS, "KEYS", N_("type these keys first, e.g. \"n n s "
	    "N\", \"g 120 Enter\",\n\"Space c\", \"Resize:20x6\", "
	    "\"Click:3,5\""), NULL },
	{ "dump", STEP_DUMP, NULL, N_("no terminal: apply --keys, print the "
	    "screen as text"), NULL },
	{ "size", STEP_SIZE, "COLSxROWS", N_("the screen size for --dump "
	    "(default 80x24)"), NULL },
	/* The help names BUILTIN_DEFAULT (lecture1) in words: a translated
	 * string cannot hold the macro. */
	{ NULL, 0, NULL, N_("Keys: n s f c step (N S F C back), Up/Down the "
	    "listing's cursor, space\nbreakpoint there, : commands (b "
	    "FUNC:LINE, b DECISION taken, b NAME > N,\ninfo b, d N), g go "
	    "to step, [ ] previous/next call (u: only those\nthat search), / "
	    "search, Tab pane, + - the tree's size, ? help and legend,\nq "
	    "quit.\nSCENARIO is a "
	    "file, or - for standard input; with none, the built-in\n"
	    "scenario lecture1 (see vmalab scenario), or, when "
	    "--maps, --stat or\n--brk is given, that start state alone."),
	    NULL },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_step_entry = {
	.name = "step",
	.usage = "[--maps FILE] [--stat FILE] [--brk ADDR] "
	    "[--layout legacy|topdown]\n"
	    "                  [--mmap-base ADDR] [--arch NAME] [--aslr SEED]\n"
	    "                  [--kernel 4.14|6.18] [--predict] [--mono] "
	    "[--ascii]\n"
	    "                  [--keys KEYS] [--dump] [--size COLSxROWS] "
	    "[SCENARIO|-]",
	.summary = N_("step through the kernel's path line by line "
	    "(ncurses)"),
	.help = N_(
	    "Start state: as for vmalab run (--maps, --stat, --brk, --layout,\n"
	    "--mmap-base, --arch, --aslr, --kernel).\n"
	    "Stepper:\n"),
	.opts = cmd_step_opts,
	.opts_col = 21,
	.exec = cmd_step_exec,
};

struct cmd_step_args {
	struct tui_opts	 o;
	const char	*keys;
	int		 dump;
};

static int
cmd_step_size(const struct cmd_entry *cmd, const char *v, struct tui_opts *o)
{
	char extra;

	if (sscanf(v, "%dx%d%c", &o->w, &o->h, &extra) != 2 || o->w < 1 ||
	    o->h < 1 || o->w > 1000 || o->h > 1000)
		return vmalab_usage_error(cmd, "--size: expected COLSxROWS "
		    "(e.g. 80x24), found '%s'", v);
	return 0;
}

/* One of the stepper's own options, into *ctx (a struct cmd_step_args). */
static int
cmd_step_option(const struct cmd_entry *cmd, void *ctx, int id,
    const char *arg)
{
	struct cmd_step_args *s = ctx;

	switch (id) {
	case STEP_PREDICT:
		s->o.predict = 1;
		break;
	case STEP_MONO:
		s->o.mono = 1;
		break;
	case STEP_ASCII:
		s->o.ascii = 1;
		break;
	case STEP_KEYS:
		s->keys = arg;
		break;
	case STEP_DUMP:
		s->dump = 1;
		break;
	case STEP_SIZE:
		return cmd_step_size(cmd, arg, &s->o);
	}
	return 0;
}

static int
cmd_step_go(struct cmd_step_args *s, struct cmd_run_input *in)
{
	struct tui_app app;
	struct tui_key *keys = NULL;
	char err[256];
	int nkeys = 0, status = 0;

	if (tui_app_init(&app, &in->run, &s->o) < 0) {
		vmalab_error("%s", app.m.err);
		return EXIT_INPUT;
	}
	if (s->dump) {
		if (tui_app_headless(&app, s->keys, 1, stdout, err,
		    sizeof err) < 0) {
			vmalab_error("%s", err);
			status = EXIT_INPUT;
		}
	} else {
		if (s->keys != NULL && (nkeys = tui_keys_parse(s->keys, &keys,
		    err, sizeof err)) < 0) {
			vmalab_error("%s", err);
			status = EXIT_INPUT;
		} else {
			status = tui_term_run(&app, keys, nkeys);
			/* The class's score, once the terminal is back. */
			if (s->o.predict && status == 0)
				tui_app_summary(&app, stdout);
		}
		free(keys);
	}
	tui_app_free(&app);
	return status;
}

static int
cmd_step_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	struct cmd_step_args s;
	struct cmd_run_args a;
	struct cmd_run_input in;
	const char *nc = getenv("NO_COLOR");
	int status;

	memset(&s, 0, sizeof s);
	s.o.w = 80;
	s.o.h = 24;
	if (cmd_run_parse(cmd, argc, argv, &a, cmd_step_option, &s,
	    &status) < 0)
		return status;		/* a usage error, or --help */
	if (s.keys != NULL && s.keys[0] == '\0')
		s.keys = NULL;
	if (s.keys != NULL) {
		struct tui_key *k;
		char err[256];

		/* Checked now: a typo is a usage error, before any work. */
		if (tui_keys_parse(s.keys, &k, err, sizeof err) < 0)
			return vmalab_usage_error(cmd, "%s", err);
		free(k);
	}
	if (nc != NULL && nc[0] != '\0')
		s.o.mono = 1;
	/* main() has set LC_CTYPE (and --lang's UTF-8 fallback): keep it. */
	if (!tui_term_utf8())
		s.o.ascii = 1;
	if (!s.dump && !isatty(STDOUT_FILENO)) {
		vmalab_error("step needs a terminal; use --dump to print the "
		    "screen as text");
		return EXIT_USAGE;
	}
	if (cmd_run_load(&a, &in) < 0)
		return EXIT_INPUT;
	status = cmd_step_go(&s, &in);
	cmd_run_free(&in);
	return status;
}
