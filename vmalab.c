/*
 * vmalab.c - the program: the command table, the dispatcher, option
 * parsing, messages, --help and --version.
 *
 *   vmalab [--help | --version]
 *   vmalab COMMAND [OPTION]... [ARG]...
 *   vmalab help [COMMAND]
 *   vmalab --lang ko|ja|en ...   the language of the messages
 *   vmalab                       see vmalab_default below
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace/i18n.h"
#include "vmalab.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION	"0.1.0"
#endif
#ifndef PACKAGE_BUGREPORT
#define PACKAGE_BUGREPORT "https://github.com/vmalab/vmalab/issues"
#endif

/* The commands, in the order --help lists them. */
static const struct cmd_entry *const cmd_table[] = {
	&cmd_run_entry,
	&cmd_step_entry,
	&cmd_maps_entry,
	&cmd_listing_entry,
	&cmd_snapshot_entry,
	&cmd_record_entry,
	&cmd_scenario_entry,
	&cmd_dot_entry,
	&cmd_html_entry,
	&cmd_grade_entry,
	&cmd_quiz_entry,
	&cmd_bench_entry,
	NULL
};

const struct cmd_entry *
vmalab_cmd_find(const char *name)
{
	const struct cmd_entry *const *c;

	for (c = cmd_table; *c != NULL; c++)
		if (strcmp((*c)->name, name) == 0)
			return *c;
	return NULL;
}

/* ---- messages --------------------------------------------------------- */

void
vmalab_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("vmalab: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, i18n_str(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
vmalab_usage_error(const struct cmd_entry *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("vmalab: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, i18n_str(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd != NULL)
		fprintf(stderr, _("Try 'vmalab %s --help' for more "
		    "information.\n"), cmd->name);
	else
		fputs(_("Try 'vmalab --help' for more information.\n"), stderr);
	return EXIT_USAGE;
}

int
vmalab_finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		vmalab_error(N_("write error: %s"), strerror(errno));
		return status == 0 ? EXIT_INPUT : status;
	}
	return status;
}

/* The end of an option table: a row of no option, include or text. */
#define VMALAB_OPT_LAST(o) \
	((o)->name == NULL && (o)->include == NULL && (o)->help == NULL)

/*
 * "  --name ARG" and its help from column `col`, each line of the help
 * after the first under the first.
 */
static void
vmalab_help_opt(FILE *fp, const struct vmalab_opt *o, int col)
{
	const char *h = i18n_str(o->help), *nl;
	int n;

	n = fprintf(fp, "  --%s%s%s", o->name, o->arg != NULL ? " " : "",
	    o->arg != NULL ? o->arg : "");
	for (;;) {
		nl = strchr(h, '\n');
		fprintf(fp, "%*s%.*s\n", n < col ? col - n : 1, "",
		    nl != NULL ? (int)(nl - h) : (int)strlen(h), h);
		if (nl == NULL)
			return;
		h = nl + 1;
		n = 0;
	}
}

/* The rows of a table that --help lists, in order. */
static void
vmalab_help_opts(FILE *fp, const struct vmalab_opt *o, int col)
{
	for (; o != NULL && !VMALAB_OPT_LAST(o); o++) {
		if (o->include != NULL && o->help != NULL) {
			fprintf(fp, "%s\n", i18n_str(o->help));
			vmalab_help_opts(fp, o->include, col);
		} else if (o->include == NULL && o->name == NULL)
			fprintf(fp, "%s\n", i18n_str(o->help));
		else if (o->include == NULL && o->help != NULL)
			vmalab_help_opt(fp, o, col);
	}
}

int
vmalab_cmd_help(const struct cmd_entry *cmd, FILE *fp)
{
	fprintf(fp, _("Usage: vmalab %s %s\n"), cmd->name, cmd->usage);
	fprintf(fp, "%s\n", i18n_str(cmd->summary));
	if ((cmd->help != NULL && cmd->help[0] != '\0') || cmd->opts != NULL)
		fputc('\n', fp);
	if (cmd->help != NULL && cmd->help[0] != '\0')
		fputs(i18n_str(cmd->help), fp);
	vmalab_help_opts(fp, cmd->opts, cmd->opts_col);
	fputs(_("\n  -h, --help     show this help and exit\n"), fp);
	fputs(_("\nExit status: 0 success, 1 bad input or a --check "
	    "mismatch, 2 usage error.\nSee vmalab(1).\n"), fp);
	return 0;
}

/* ---- options ---------------------------------------------------------- */

void
vmalab_getopt_init(struct vmalab_getopt *g, const struct cmd_entry *cmd,
    int argc, char **argv)
{
	memset(g, 0, sizeof *g);
	g->cmd = cmd;
	g->argc = argc;
	g->argv = argv;
	g->i = 1;		/* argv[0] is the command's name */
}

/* The row of `name` (n characters) in a table and those it includes. */
static const struct vmalab_opt *
vmalab_opt_find(const struct vmalab_opt *opts, const char *name, size_t n)
{
	const struct vmalab_opt *o;

	for (; opts != NULL && !VMALAB_OPT_LAST(opts); opts++) {
		if (opts->include != NULL) {
			if ((o = vmalab_opt_find(opts->include, name, n)) !=
			    NULL)
				return o;
		} else if (opts->name != NULL && strlen(opts->name) == n &&
		    strncmp(opts->name, name, n) == 0)
			return opts;
	}
	return NULL;
}

int
vmalab_getopt_next(struct vmalab_getopt *g)
{
	const struct vmalab_opt *o;
	const char *a, *eq;
	size_t n;

	g->arg = g->opt = NULL;
	for (;;) {
		if (g->i >= g->argc)
			return VMALAB_OPT_END;
		a = g->argv[g->i++];
		if (g->no_more || a[0] != '-' || a[1] == '\0') {
			g->arg = a;
			return VMALAB_OPT_OPERAND;
		}
		if (strcmp(a, "--") == 0) {
			g->no_more = 1;
			continue;
		}
		break;
	}
	g->opt = a;
	if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
		return VMALAB_OPT_HELP;
	if (a[1] != '-') {
		vmalab_usage_error(g->cmd, "unknown option %s", a);
		return VMALAB_OPT_ERROR;
	}
	a += 2;
	eq = strchr(a, '=');
	n = eq != NULL ? (size_t)(eq - a) : strlen(a);
	if ((o = vmalab_opt_find(g->cmd->opts, a, n)) == NULL) {
		vmalab_usage_error(g->cmd, "unknown option --%.*s", (int)n, a);
		return VMALAB_OPT_ERROR;
	}
	if (o->arg == NULL) {
		if (eq != NULL) {
			vmalab_usage_error(g->cmd, "option --%s takes no "
			    "argument", o->name);
			return VMALAB_OPT_ERROR;
		}
		return o->id;
	}
	if (eq != NULL)
		g->arg = eq + 1;
	else if (g->i < g->argc)
		g->arg = g->argv[g->i++];
	else {
		vmalab_usage_error(g->cmd, "option --%s needs an argument",
		    o->name);
		return VMALAB_OPT_ERROR;
	}
	return o->id;
}

/* ---- numbers ---------------------------------------------------------- */

static int
vmalab_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* An address: hex digits, "0x" optional. -1 bad, -2 out of range. */
int
vmalab_parse_addr(const char *s, unsigned long *out)
{
	unsigned long v = 0;
	int d, n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s != '\0'; s++, n++) {
		if ((d = vmalab_hexval(*s)) < 0)
			return -1;
		if (v > (ULONG_MAX >> 4))
			return -2;
		v = v << 4 | (unsigned long)d;
	}
	if (n == 0)
		return -1;
	*out = v;
	return 0;
}

/* A decimal, or hex with "0x". -1 bad, -2 out of range. */
int
vmalab_parse_ulong(const char *s, unsigned long long *out)
{
	unsigned long long v = 0;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		unsigned long a;
		int rc = vmalab_parse_addr(s, &a);

		if (rc == 0)
			*out = a;
		return rc;
	}
	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		d = *s - '0';
		if (v > (ULLONG_MAX - (unsigned)d) / 10)
			return -2;
		v = v * 10 + (unsigned)d;
	}
	*out = v;
	return 0;
}

/* ---- --help, --version, help ------------------------------------------ */

static int
vmalab_help(FILE *fp)
{
	const struct cmd_entry *const *c;

	fputs(_("Usage: vmalab [COMMAND [OPTION]... [ARG]...]\n"
	    "Re-enact Linux 4.14's brk/mmap/munmap path and show every "
	    "decision it takes.\n\nCommands:\n"), fp);
	for (c = cmd_table; *c != NULL; c++)
		fprintf(fp, "  %-10s %s\n", (*c)->name, i18n_str((*c)->summary));
	fprintf(fp, _("  help       show the help of a command\n"
	    "\nWith no command, vmalab opens the stepper on the built-in "
	    "scenario %s\n(vmalab step) when standard "
	    "output is a terminal, and prints its text trace\n"
	    "(vmalab run --trace text) when it is not.\n"
	    "\nOptions:\n"
	    "  -h, --help     show this help and exit\n"
	    "  -V, --version  show the version and exit\n"
	    "  --lang LL      the language of the messages: ko, ja or en\n"
	    "                 (before or after COMMAND; default: the locale)\n"
	    "\nRun 'vmalab COMMAND --help' for the options of a command.\n"
	    "Exit status: 0 success, 1 bad input or a --check mismatch, "
	    "2 usage error.\n"
	    "\nReport bugs to: %s\n"
	    "See vmalab(1) for the scenario file format.\n"), BUILTIN_DEFAULT,
	    PACKAGE_BUGREPORT);
	return 0;
}

static int
vmalab_version(void)
{
	fputs("vmalab (vmalab) " PACKAGE_VERSION "\n", stdout);
	fputs(_("Copyright (C) 2026 the vmalab authors.\n"
	    "License MIT: <https://opensource.org/licenses/MIT>.\n"
	    "This is free software: you are free to change and redistribute "
	    "it.\n"
	    "There is NO WARRANTY, to the extent permitted by law.\n"), stdout);
	return 0;
}

static int
vmalab_help_cmd(int argc, char **argv)
{
	const struct cmd_entry *cmd;

	if (argc < 2)
		return vmalab_help(stdout);
	if (argc > 2)
		return vmalab_usage_error(NULL, N_("help takes one command name"));
	if ((cmd = vmalab_cmd_find(argv[1])) == NULL)
		return vmalab_usage_error(NULL, N_("unknown command '%s'"),
		    argv[1]);
	return vmalab_cmd_help(cmd, stdout);
}

/*
 * Plain `vmalab`: the stepper when there is one and stdout is a terminal,
 * else the annotated trace of the default scenario, so that a newcomer
 * sees something either way.
 */
static int
vmalab_default(void)
{
	static char a0[] = "run", a1[] = "--trace", a2[] = "text";
	static char s0[] = "step";
	char *run_argv[] = { a0, a1, a2, NULL };
	char *step_argv[] = { s0, NULL };
	const struct cmd_entry *step = vmalab_cmd_find("step");

	if (step != NULL && isatty(STDOUT_FILENO))
		return step->exec(step, 1, step_argv);
	return cmd_run_entry.exec(&cmd_run_entry, 3, run_argv);
}

/* ---- the language ----------------------------------------------------- */

#ifdef ENABLE_NLS
/* True when the catalogue of the language gettext would use is loaded. */
static int
vmalab_lang_loaded(void)
{
	static const char header[] = "";
	const char *h = dgettext(VMALAB_DOMAIN, header);

	return h != NULL && h[0] != '\0';
}

/*
 * Binds the domain to $VMALAB_LOCALEDIR, else the installed $(localedir);
 * an uninstalled vmalab finds its catalogues in the build tree.
 */
static void
vmalab_lang_bind(void)
{
	const char *dir = getenv("VMALAB_LOCALEDIR");

	if (dir != NULL && dir[0] != '\0') {
		bindtextdomain(VMALAB_DOMAIN, dir);
		return;
	}
	bindtextdomain(VMALAB_DOMAIN, LOCALEDIR);
	if (!vmalab_lang_loaded()) {
		bindtextdomain(VMALAB_DOMAIN, BUILD_LOCALEDIR);
		if (!vmalab_lang_loaded())
			bindtextdomain(VMALAB_DOMAIN, LOCALEDIR);
	}
}

/*
 * --lang LL: LANGUAGE picks the catalogue over LANG and LC_MESSAGES, but
 * glibc ignores it in the "C" locale, so a class whose machines lack
 * ko_KR.UTF-8 or ja_JP.UTF-8 still gets its language through C.UTF-8.
 * The text is UTF-8 whatever the terminal's locale said.
 */
static int
vmalab_lang_force(const char *lang)
{
	static const char *const ko[] = { "ko_KR.UTF-8", "ko_KR.utf8",
	    "C.UTF-8", NULL };
	static const char *const ja[] = { "ja_JP.UTF-8", "ja_JP.utf8",
	    "C.UTF-8", NULL };
	const char *const *try;
	const char *cur;

	if (setenv("LANGUAGE", lang, 1) != 0)
		return -1;
	if (strcmp(lang, "en") == 0)
		return 0;
	cur = setlocale(LC_MESSAGES, NULL);
	if (cur == NULL || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0) {
		for (try = lang[0] == 'k' ? ko : ja; *try != NULL; try++)
			if (setlocale(LC_MESSAGES, *try) != NULL)
				break;
		if (*try == NULL)
			return -1;
		/* The stepper measures double-width text in LC_CTYPE. */
		cur = setlocale(LC_CTYPE, NULL);
		if (cur == NULL || strcmp(cur, "C") == 0 ||
		    strcmp(cur, "POSIX") == 0)
			setlocale(LC_CTYPE, *try);
	}
	bind_textdomain_codeset(VMALAB_DOMAIN, "UTF-8");
	return 0;
}
#endif

/*
 * Takes --lang LL (or --lang=LL) out of argv, wherever it is before "--",
 * so that each command's options stay its own; sets the locale up.
 * Returns 0, or EXIT_USAGE after a message.
 */
static int
vmalab_lang(int *argcp, char **argv)
{
	const char *lang = NULL, *a;
	int i, j, n;

	for (i = 1; i < *argcp; i++) {
		a = argv[i];
		if (strcmp(a, "--") == 0)
			break;
		if (strncmp(a, "--lang=", 7) == 0) {
			lang = a + 7;
			n = 1;
		} else if (strcmp(a, "--lang") == 0) {
			if (i + 1 >= *argcp) {
				vmalab_usage_error(NULL, N_("option --lang "
				    "needs an argument: ko, ja or en"));
				return EXIT_USAGE;
			}
			lang = argv[i + 1];
			n = 2;
		} else
			continue;
		for (j = i; j + n <= *argcp; j++)
			argv[j] = argv[j + n];
		*argcp -= n;
		i--;
	}
#ifdef ENABLE_NLS
	/*
	 * The messages and the characters only: numbers, traces and scenario
	 * files stay in the C locale whatever the user's (strtod reads
	 * "13.33x7.5" with a point).
	 */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	textdomain(VMALAB_DOMAIN);
#endif
	if (lang == NULL) {
#ifdef ENABLE_NLS
		vmalab_lang_bind();
#endif
		return 0;
	}
	if (strcmp(lang, "ko") != 0 && strcmp(lang, "ja") != 0 &&
	    strcmp(lang, "en") != 0) {
		vmalab_usage_error(NULL, N_("unknown language '%s' for --lang: "
		    "expected ko (Korean), ja (Japanese) or en (English)"),
		    lang);
		return EXIT_USAGE;
	}
#ifdef ENABLE_NLS
	if (vmalab_lang_force(lang) != 0) {
		vmalab_error(N_("--lang %s: no UTF-8 locale to show it in "
		    "(generate ko_KR.UTF-8 or ja_JP.UTF-8, or C.UTF-8): the "
		    "messages stay in English"), lang);
		return 0;
	}
	vmalab_lang_bind();
	if (strcmp(lang, "en") != 0 && !vmalab_lang_loaded())
		vmalab_error("--lang %s: no catalogue %s/%s/LC_MESSAGES/%s.mo "
		    "(make install, or set VMALAB_LOCALEDIR): the messages "
		    "stay in English", lang, bindtextdomain(VMALAB_DOMAIN,
		    NULL), lang, VMALAB_DOMAIN);
#else
	if (strcmp(lang, "en") != 0)
		vmalab_error("--lang %s: this vmalab was built without "
		    "translations (--disable-nls): the messages stay in "
		    "English", lang);
#endif
	return 0;
}

int
main(int argc, char **argv)
{
	const struct cmd_entry *cmd;
	const char *a;
	int rc;

	if ((rc = vmalab_lang(&argc, argv)) != 0)
		return rc;
	if (argc < 2)
		return vmalab_finish(vmalab_default());
	a = argv[1];
	if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
		return vmalab_finish(vmalab_help(stdout));
	if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0)
		return vmalab_finish(vmalab_version());
	if (strcmp(a, "help") == 0)
		return vmalab_finish(vmalab_help_cmd(argc - 1, argv + 1));
	if (a[0] == '-')
		return vmalab_usage_error(NULL, "unknown option %s", a);
	if ((cmd = vmalab_cmd_find(a)) == NULL)
		return vmalab_usage_error(NULL, "unknown command '%s'", a);
	return vmalab_finish(cmd->exec(cmd, argc - 1, argv + 1));
}
