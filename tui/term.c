/*
 * term.c - the terminal: the one module of vmalab that includes curses
 * (htop's CRT.c lesson). It turns the cell grid of screen.c into curses
 * output, curses keys into the stepper's keys, and promises that the
 * terminal comes back the way it was on every way out:
 *
 *   q                    the loop ends, endwin
 *   Ctrl-C, SIGTERM,     the handler only records the signal; the loop
 *   SIGHUP, SIGQUIT      sees it within TUI_TERM_TICK ms, calls endwin,
 *                        and the signal is raised again with its default
 *                        action, so the shell sees how vmalab died
 *   a fatal error        (a->fatal: out of memory in a seek) endwin
 *                        first, then the message on stderr
 *   a crash              SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT: endwin
 *                        from the handler (best effort, as htop does),
 *                        a message, and the signal again
 *   exit() elsewhere     an atexit handler calls endwin
 *
 * Ctrl-Z is left to curses, which suspends and resumes cleanly.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#ifdef HAVE_NCURSESW
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "trace/i18n.h"
#include "tui.h"

#define TUI_TERM_TICK	200	/* ms between looks at the signal flag */

static volatile sig_atomic_t tui_term_active;
static volatile sig_atomic_t tui_term_signal;
static SCREEN *tui_term_screen;
static FILE *tui_term_in;	/* /dev/tty when stdin is the scenario */

/* Role -> attributes and colour pair. */
static attr_t tui_term_attr[ROLE_NROLES];
static short tui_term_pair[ROLE_NROLES];

int
tui_term_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0 || strcmp(cs, "utf-8") == 0);
}

/* ---- restoring -------------------------------------------------------- */

static void
tui_term_done(void)
{
	if (!tui_term_active)
		return;
	tui_term_active = 0;
	endwin();
	fflush(stdout);
}

static void
tui_term_atexit(void)
{
	tui_term_done();
}

static void
tui_term_on_signal(int sig)
{
	tui_term_signal = sig;
}

static void
tui_term_on_crash(int sig)
{
	static const char msg[] = "vmalab: crashed; the terminal was "
	    "restored\n";

	tui_term_done();
	(void)!write(STDERR_FILENO, msg, sizeof msg - 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int tui_term_quit_sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static const int tui_term_crash_sigs[] = {
	SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT
};
#define TUI_NQUIT	(sizeof tui_term_quit_sigs / sizeof (int))
#define TUI_NCRASH	(sizeof tui_term_crash_sigs / sizeof (int))
static struct sigaction tui_term_old[TUI_NQUIT + TUI_NCRASH];

/* Installs the handlers, keeping the old ones for tui_term_unsignals. */
static void
tui_term_signals(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = tui_term_on_signal;	/* no SA_RESTART: wake getch */
	for (i = 0; i < TUI_NQUIT; i++)
		sigaction(tui_term_quit_sigs[i], &sa, &tui_term_old[i]);
	sa.sa_handler = tui_term_on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < TUI_NCRASH; i++)
		sigaction(tui_term_crash_sigs[i], &sa,
		    &tui_term_old[TUI_NQUIT + i]);
}

static void
tui_term_unsignals(void)
{
	size_t i;

	for (i = 0; i < TUI_NQUIT; i++)
		sigaction(tui_term_quit_sigs[i], &tui_term_old[i], NULL);
	for (i = 0; i < TUI_NCRASH; i++)
		sigaction(tui_term_crash_sigs[i], &tui_term_old[TUI_NQUIT + i],
		    NULL);
}

/* ---- colours ------------------------------------------------------------ */

struct tui_term_style {
	short	 fg, bg;
	attr_t	 attr;		/* with colours */
	attr_t	 mono;		/* without */
};

/*
 * Large, readable colours for a projector: black on yellow for "here",
 * green and red for taken and not taken, nothing thin or pale.
 */
static const struct tui_term_style tui_term_styles[ROLE_NROLES] = {
	[ROLE_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_TITLE] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[ROLE_TITLE_FOCUS] = { COLOR_BLACK, COLOR_WHITE, A_BOLD,
	    A_REVERSE | A_BOLD },
	[ROLE_LINENO] = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[ROLE_CURLINE] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD,
	    A_REVERSE | A_BOLD },
	[ROLE_CURSOR] = { -1, -1, A_UNDERLINE | A_BOLD, A_UNDERLINE },
	[ROLE_BREAK] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[ROLE_TAKEN] = { COLOR_BLACK, COLOR_GREEN, A_BOLD,
	    A_BOLD | A_UNDERLINE },
	[ROLE_NOTTAKEN] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_UNDERLINE },
	[ROLE_VALUES] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[ROLE_CHANGED] = { COLOR_GREEN, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[ROLE_DIM] = { -1, -1, A_DIM, A_DIM },
	[ROLE_NODE_RED] = { COLOR_RED, -1, A_BOLD, A_UNDERLINE },
	[ROLE_NODE_BLACK] = { -1, -1, A_BOLD, A_BOLD },
	[ROLE_VISITED] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD,
	    A_REVERSE | A_BOLD },
	[ROLE_PATH] = { COLOR_YELLOW, -1, A_BOLD | A_UNDERLINE,
	    A_BOLD | A_UNDERLINE },
	[ROLE_CANDIDATE] = { COLOR_BLACK, COLOR_GREEN, A_BOLD, A_REVERSE },
	[ROLE_BRK] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[ROLE_VMA_A] = { COLOR_BLUE, -1, A_BOLD, A_NORMAL },
	[ROLE_VMA_B] = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[ROLE_GAP] = { -1, -1, A_DIM, A_DIM },
	[ROLE_STATUS] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
	[ROLE_STATUS_HI] = { COLOR_BLUE, COLOR_WHITE, A_BOLD,
	    A_REVERSE | A_BOLD },
	[ROLE_PROMPT] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD,
	    A_REVERSE | A_BOLD },
	[ROLE_GOOD] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[ROLE_BAD] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[ROLE_HELP] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
};

static void
tui_term_colors(int mono)
{
	int i, color = !mono && has_colors();

	if (color) {
		start_color();
		use_default_colors();
	}
	for (i = 0; i < ROLE_NROLES; i++) {
		const struct tui_term_style *s = &tui_term_styles[i];

		tui_term_pair[i] = 0;
		tui_term_attr[i] = color ? s->attr : s->mono;
		if (color && (s->fg != -1 || s->bg != -1) && i < COLOR_PAIRS) {
			init_pair((short)i, s->fg, s->bg);
			tui_term_pair[i] = (short)i;
		}
	}
}

/* ---- screen and keys -------------------------------------------------- */

static void
tui_term_paint(const struct tui_screen *s)
{
	int x, y;

	for (y = 0; y < s->h && y < LINES; y++) {
		for (x = 0; x < s->w && x < COLS; x++) {
			const struct tui_cell *c = &s->cells[y * s->w + x];
#ifdef HAVE_NCURSESW
			/* The right half of a double-width character: the
			 * left half drew both columns. */
			if (c->ch == 0)
				continue;
			wchar_t wc[2] = { (wchar_t)c->ch, 0 };
			cchar_t cc;

			setcchar(&cc, wc, tui_term_attr[c->role],
			    tui_term_pair[c->role], NULL);
			mvadd_wch(y, x, &cc);
#else
			mvaddch(y, x, (c->ch != 0 && c->ch < 0x80 ?
			    (chtype)c->ch : '?') |
			    tui_term_attr[c->role] |
			    COLOR_PAIR(tui_term_pair[c->role]));
#endif
		}
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* A curses key as the stepper's, KEY_T_NONE for one it ignores. */
static struct tui_key
tui_term_key(int ch)
{
	struct tui_key k = { KEY_T_NONE, 0, 0 };
	MEVENT me;

	switch (ch) {
	case '\r': case '\n': case KEY_ENTER: k.code = KEY_T_ENTER; break;
	case '\t': k.code = KEY_T_TAB; break;
	case KEY_BTAB: k.code = KEY_T_BTAB; break;
	case 27: k.code = KEY_T_ESC; break;
	case KEY_BACKSPACE: case 127: case 8: k.code = KEY_T_BS; break;
	case KEY_UP: k.code = KEY_T_UP; break;
	case KEY_DOWN: k.code = KEY_T_DOWN; break;
	case KEY_LEFT: k.code = KEY_T_LEFT; break;
	case KEY_RIGHT: k.code = KEY_T_RIGHT; break;
	case KEY_PPAGE: k.code = KEY_T_PGUP; break;
	case KEY_NPAGE: k.code = KEY_T_PGDN; break;
	case KEY_HOME: k.code = KEY_T_HOME; break;
	case KEY_END: k.code = KEY_T_END; break;
	case KEY_RESIZE: k.code = KEY_T_RESIZE; break;
	case KEY_MOUSE:
		if (getmouse(&me) == OK && (me.bstate & (BUTTON1_PRESSED |
		    BUTTON1_CLICKED))) {
			k.code = KEY_T_CLICK;
			k.x = me.x;
			k.y = me.y;
		}
		break;
	default:
		if (ch >= 0x20 && ch < 0x7f)
			k.code = ch;
		break;
	}
	return k;
}

static int
tui_term_start(const struct tui_app *a)
{
	FILE *in = stdin;

	if (!isatty(STDIN_FILENO)) {
		/* `vmalab step - < my.scn`: keys come from the terminal. */
		if ((tui_term_in = fopen("/dev/tty", "r")) == NULL)
			return -1;
		in = tui_term_in;
	}
	if ((tui_term_screen = newterm(NULL, stdout, in)) == NULL)
		return -1;
	set_term(tui_term_screen);
	tui_term_active = 1;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	wtimeout(stdscr, TUI_TERM_TICK);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, NULL);
	mouseinterval(0);
	tui_term_colors(a->o.mono);
	return 0;
}

int
tui_term_run(struct tui_app *a, const struct tui_key *keys, int nkeys)
{
	static int atexit_done;
	int i, ch, sig, dirty = 1;
	struct tui_key k;

	if (!isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("vmalab: step needs a terminal (try --dump "
		    "for a text screen)\n"));
		return 1;
	}
	tui_term_signals();
	if (!atexit_done++)
		atexit(tui_term_atexit);
	if (tui_term_start(a) < 0) {
		tui_term_unsignals();
		fprintf(stderr, _("vmalab: cannot use the terminal (TERM=%s)\n"),
		    getenv("TERM") != NULL ? getenv("TERM") : "");
		return 1;
	}
	for (i = 0; i < nkeys && !a->quit; i++)
		if (keys[i].code != KEY_T_RESIZE)
			tui_app_key(a, &keys[i]);
	while (!a->quit && !tui_term_signal) {
		if (dirty) {
			if (tui_app_draw(a, COLS, LINES) < 0) {
				snprintf(a->m.err, sizeof a->m.err,
				    "out of memory");
				a->fatal = 1;
				break;
			}
			tui_term_paint(&a->scr);
			dirty = 0;
		}
		if ((ch = wgetch(stdscr)) == ERR)
			continue;
		k = tui_term_key(ch);
		if (k.code == KEY_T_NONE)
			continue;
		tui_app_key(a, &k);
		dirty = 1;
	}
	tui_term_done();
	delscreen(tui_term_screen);
	tui_term_screen = NULL;
	if (tui_term_in != NULL) {
		fclose(tui_term_in);
		tui_term_in = NULL;
	}
	tui_term_unsignals();
	if ((sig = tui_term_signal) != 0) {
		signal(sig, SIG_DFL);
		raise(sig);
		return 128 + sig;
	}
	if (a->fatal) {
		fprintf(stderr, "vmalab: %s\n", a->m.err);
		return 1;
	}
	return 0;
}
