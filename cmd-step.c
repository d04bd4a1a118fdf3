/*
 * cmd-step.c - vmalab step: the stepper (tui/), on a terminal or headless.
 *
 *   vmalab step [run options] [--predict] [--mono] [--ascii]
 *               [--keys KEYS] [--dump] [--size COLSxROWS] [SCENARIO|-]
 *
 * The start-state options are those of vmalab run (cmd_run_parse); the
 * stepper's own are taken out of argv first.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/tui.h"
#include "vmalab.h"

static int	cmd_step_exec(const struct cmd_entry *, int, char **);

const struct cmd_entry cmd_step_entry = {
	.name = "step",
	.usage = "[--maps FILE] [--stat FILE] [--brk ADDR] "
	    "[--layout legacy|topdown]\n"
	    "                  [--mmap-base ADDR] [--arch NAME] [--aslr SEED]\n"
	    "                  [--predict] [--mono] [--ascii] [--keys KEYS] "
	    "[--dump]\n"
	    "                  [--size COLSxROWS] [SCENARIO|-]",
	.summary = "step through the kernel's path line by line (ncurses)",
	.help =
	    "Start state: as for vmalab run (--maps, --stat, --brk, --layout,\n"
	    "--mmap-base, --arch, --aslr).\n"
	    "Stepper:\n"
	    "  --predict          hide each decision's outcome and ask "
	    "\"taken? (y/n)\",\n"
	    "                     keeping score in the status line\n"
	    "  --mono             no colours (also when NO_COLOR is set)\n"
	    "  --ascii            ASCII only (the default when the locale is "
	    "not UTF-8)\n"
	    "  --keys KEYS        type these keys first, e.g. \"n n s N\", "
	    "\"g 120 Enter\",\n"
	    "                     \"Space c\", \"Resize:20x6\", \"Click:3,5\"\n"
	    "  --dump             no terminal: apply --keys, print the screen "
	    "as text\n"
	    "  --size COLSxROWS   the screen size for --dump (default 80x24)\n"
	    "Keys: n s f c step (N S F C back), space breakpoint, g go to "
	    "step,\n"
	    "[ ] previous/next call, / search, Tab pane, + - zoom the tree, "
	    "? help, q quit.\n"
	    "SCENARIO is a file, or - for standard input; with none, the "
	    "built-in\nscenario " BUILTIN_DEFAULT " (see vmalab scenario).\n",
	.exec = cmd_step_exec,
};

struct cmd_step_args {
	struct tui_opts	 o;
	const char	*keys;
	int		 dump;
};

/* The run options that take a value: their value is not ours to read. */
static int
cmd_step_run_opt_has_arg(const char *a)
{
	static const char *const with_arg[] = {
		"--maps", "--stat", "--brk", "--layout", "--mmap-base",
		"--arch", "--aslr",
	};
	size_t i;

	for (i = 0; i < sizeof with_arg / sizeof with_arg[0]; i++)
		if (strcmp(a, with_arg[i]) == 0)
			return 1;
	return 0;
}

/* "--name" or "--name=value": the value (or "" for none), else NULL. */
static const char *
cmd_step_match(const char *a, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '\0')
		return "";
	return a[n] == '=' ? a + n + 1 : NULL;
}

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

/*
 * Takes the stepper's options out of argv into *s; the rest (argv[0]
 * included) go to *rest for cmd_run_parse. Returns 0 or EXIT_USAGE.
 */
static int
cmd_step_split(const struct cmd_entry *cmd, int argc, char **argv,
    struct cmd_step_args *s, char **rest, int *nrest)
{
	const char *v;
	int i, n = 0, operands = 0;

	rest[n++] = argv[0];
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (operands || a[0] != '-' || a[1] != '-') {
			rest[n++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			operands = 1;
			rest[n++] = argv[i];
		} else if (strcmp(a, "--predict") == 0) {
			s->o.predict = 1;
		} else if (strcmp(a, "--mono") == 0) {
			s->o.mono = 1;
		} else if (strcmp(a, "--ascii") == 0) {
			s->o.ascii = 1;
		} else if (strcmp(a, "--dump") == 0) {
			s->dump = 1;
		} else if ((v = cmd_step_match(a, "--keys")) != NULL ||
		    (v = cmd_step_match(a, "--size")) != NULL) {
			int keys = a[2] == 'k';

			if (*v == '\0' && strchr(a, '=') == NULL) {
				if (i + 1 >= argc)
					return vmalab_usage_error(cmd, "option "
					    "%s needs an argument", a);
				v = argv[++i];
			}
			if (keys)
				s->keys = v;
			else if (cmd_step_size(cmd, v, &s->o) != 0)
				return EXIT_USAGE;
		} else {
			rest[n++] = argv[i];
			if (cmd_step_run_opt_has_arg(a) && i + 1 < argc)
				rest[n++] = argv[++i];
		}
	}
	rest[n] = NULL;
	*nrest = n;
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
	char **rest;
	int nrest = 0, status;

	memset(&s, 0, sizeof s);
	s.o.w = 80;
	s.o.h = 24;
	if ((rest = calloc((size_t)argc + 1, sizeof *rest)) == NULL) {
		vmalab_error("out of memory");
		return EXIT_INPUT;
	}
	status = cmd_step_split(cmd, argc, argv, &s, rest, &nrest);
	if (status == 0 && cmd_run_parse(cmd, nrest, rest, &a, 0,
	    &status) == 0)
		status = -1;
	free(rest);
	if (status >= 0)
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
	setlocale(LC_CTYPE, "");
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
