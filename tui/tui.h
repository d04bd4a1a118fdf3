/*
 * tui.h - the stepper: what its modules share.
 *
 *   model.c    the recorded run (engine/run/replay.h) and what the screen
 *              shows of the current step: stack, locals, the decision,
 *              the search in the tree; breakpoints; predictions
 *   nav.c      moving like gdb: n s f c, N S F C, g, [ ], /
 *   screen.c   a grid of cells (character + role) that everything draws
 *              into: curses shows it, --dump prints it
 *   layout.c   where the panes go for a given size
 *   draw-*.c   the panes
 *   breaks.c   breakpoints: lines, decisions, values; the ':' commands
 *   app.c      keys, prompts, focus, help; --predict; the headless driver
 *   keys.c     --keys "n n s N" parsed into key codes
 *   term.c     the ONLY module that includes curses: the terminal, its
 *              restoration on every path (q, signals, fatal errors)
 *
 * Only term.c knows curses; everything else is plain C and is what the
 * headless mode and the unit tests run.
 */
#ifndef VMALAB_TUI_H
#define VMALAB_TUI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "run/replay.h"
#include "run/run.h"
#include "run/search.h"
#include "run/snap.h"

struct listing;

/* ---- screen.c: the cell grid ------------------------------------------- */

/* What a cell is: the terminal module turns roles into colours. */
enum tui_role {
	ROLE_NORMAL,
	ROLE_TITLE,		/* a pane's title bar */
	ROLE_TITLE_FOCUS,	/* ... of the focused pane */
	ROLE_LINENO,
	ROLE_CURLINE,		/* the line about to execute */
	ROLE_CURSOR,		/* the listing cursor (space, clicks) */
	ROLE_BREAK,		/* a breakpoint mark */
	ROLE_TAKEN,
	ROLE_NOTTAKEN,
	ROLE_VALUES,		/* the values a decision read */
	ROLE_CHANGED,		/* a local that changed on this step */
	ROLE_DIM,		/* a subtree the search skips */
	ROLE_NODE_RED,
	ROLE_NODE_BLACK,
	ROLE_VISITED,		/* the node the search is at */
	ROLE_PATH,		/* nodes it went through */
	ROLE_CANDIDATE,		/* the gap the search looks at */
	ROLE_BRK,		/* the program break */
	ROLE_VMA_A,		/* mapped, alternating shades */
	ROLE_VMA_B,
	ROLE_GAP,
	ROLE_STATUS,
	ROLE_STATUS_HI,		/* the decision id in the status line */
	ROLE_PROMPT,		/* a question or a prompt */
	ROLE_GOOD,		/* a right prediction, a matching result */
	ROLE_BAD,		/* a wrong one, a mismatch, an error */
	ROLE_HELP,
	ROLE_NROLES
};

struct tui_cell {
	uint32_t	 ch;		/* a Unicode code point; 0: the right
					   half of a double-width one */
	uint8_t		 role;
};

struct tui_screen {
	int		 w, h;
	struct tui_cell	*cells;
	int		 ascii;		/* only ASCII may be drawn */
};

/* The glyphs of a theme: UTF-8 box drawing or plain ASCII. */
struct tui_glyphs {
	const char	*vline, *hline, *ellipsis;
	const char	*cur, *bp, *changed;
	const char	*br_up, *br_down, *br_pipe, *br_none;	/* tree */
	const char	*vma_a, *vma_b, *gap, *cand;		/* the bar */
	const char	*arrow, *ok, *notok;
	const char	*tl, *tr, *bl, *brc;			/* corners */
	const char	*t_up, *arrow_up, *lcur;
};
extern const struct tui_glyphs tui_glyphs_utf8, tui_glyphs_ascii;

/* Resizes to w x h (at least 1x1) and clears. Returns 0 or -1 (memory). */
int	tui_screen_resize(struct tui_screen *, int w, int h);
void	tui_screen_free(struct tui_screen *);
void	tui_screen_clear(struct tui_screen *);
/*
 * Draws UTF-8 text at (x, y), at most maxw columns (and never past the
 * edge); control characters show as '?', and so does anything not ASCII
 * on an ASCII screen. Returns the columns used.
 */
int	tui_screen_put(struct tui_screen *, int x, int y, int maxw,
	    enum tui_role, const char *s);
/* The same with printf formatting. */
int	tui_screen_printf(struct tui_screen *, int x, int y, int maxw,
	    enum tui_role, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
/*
 * Draws text word-wrapped in the w x h box at (x, y) (tui_text_wrap);
 * when it needs more than h rows the last one ends with an ellipsis.
 * Returns the rows used.
 */
int	tui_screen_wrap(struct tui_screen *, int x, int y, int w, int h,
	    enum tui_role, const char *s);
/* Fills w cells from (x, y) with the UTF-8 character `ch`. */
void	tui_screen_fill(struct tui_screen *, int x, int y, int w,
	    enum tui_role, const char *ch);
/* Gives w cells from (x, y) the role, keeping their characters. */
void	tui_screen_paint(struct tui_screen *, int x, int y, int w,
	    enum tui_role);
/* The columns UTF-8 text takes (wcwidth: 2 for Korean, Japanese). */
int	tui_text_width(const char *s);
/* The columns of the first n bytes of s. */
int	tui_text_width_upto(const char *s, int n);
/* The bytes of the longest start of s that fits in w columns. */
int	tui_text_fit(const char *s, int w);
/*
 * Word-wraps s into rows of at most w columns (at blanks, or between
 * double-width characters; never inside a character): row i is the
 * len[i] bytes at s + off[i], for the first `max` rows. Returns how many
 * rows the whole text needs (which may be more than max).
 */
int	tui_text_wrap(const char *s, int w, int *off, int *len, int max);
/* Prints the grid as UTF-8 text, trailing blanks trimmed. */
int	tui_screen_dump(const struct tui_screen *, FILE *);

/* ---- model.c: the run and the current step ----------------------------- */

#define TUI_MAXFRAMES	32
#define TUI_MAXLOCALS	48
#define TUI_MAXSKIP	64

struct tui_frame {
	const struct trace_event *call;	/* its CALL event */
	const char	*func;
	int		 depth;
};

struct tui_local {
	const char	*name;
	unsigned long	 value;
	int		 changed;	/* assigned by the step just before */
	int		 arg;		/* an argument of the call */
	int		 set_at;	/* >0: assigned at this listing line with
					   no value traced; `value` is stale */
};

/* What the screen shows of the step: derived from the call's events. */
struct tui_now {
	const struct trace_event *ev;	/* the step's own event */
	const struct trace_event *decide; /* its decision, or NULL */
	const struct listing *fn;	/* the function, NULL at a syscall */
	int		 line;
	int		 depth;
	struct tui_frame frames[TUI_MAXFRAMES];
	int		 nframes;
	struct tui_local locals[TUI_MAXLOCALS];
	int		 nlocals;
	/* The search (unmapped_area[_topdown]) when one is on the stack. */
	int		 searching;
	int		 visited;		/* snapshot index or -1 */
	int		 skipped[TUI_MAXSKIP];	/* roots of skipped subtrees */
	int		 nskipped;
	int		 path[TUI_MAXSKIP];	/* nodes visited before */
	int		 npath;
	int		 has_cand;
	unsigned long	 cand_lo, cand_hi;	/* the candidate gap */
	unsigned long	 length;		/* the search's length */
	int		 finished;	/* at the call's last step */
	/* The tree's own work on this step (TRACE_TREE events since the
	 * step before): the nodes it touched and what it did. */
	int		 changed[TUI_MAXSKIP];
	int		 nchanged;
	/* ... those of them detached from the tree (snap.h): starts */
	unsigned long	 changed_off[8];
	int		 nchanged_off;
	char		 change[64];	/* "insert, gap", or "" */
	/* The call the step is in (the innermost system call still open,
	 * e.g. a brk that malloc makes, else the scenario's call): what an
	 * address question about it asks (enum tui_addr), and its result. */
	int		 call_kind;
	unsigned long	 call_result;
};

/* What a Q_ADDR asks: where a mapping lands (mmap, mremap), where the
 * break is after a brk, which pointer malloc/calloc/realloc returns. */
enum tui_addr { ADDR_NONE = -1, ADDR_MAP, ADDR_BRK, ADDR_PTR };

enum tui_bp_kind { BP_LINE, BP_DECIDE, BP_VALUE };
enum tui_cmp { CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_EQ, CMP_NE };

struct tui_bp {
	int		 num;		/* as info b numbers them, from 1 */
	int		 kind;		/* enum tui_bp_kind */
	uint16_t	 fn, line;	/* BP_LINE */
	const struct decision *dec;	/* BP_DECIDE ... */
	int		 outcome;	/* ... 1 taken, 0 not, -1 either */
	char		 name[48];	/* BP_VALUE: name cmp value */
	int		 cmp;
	unsigned long	 value;
};

/* --predict's questions. */
enum tui_q {
	Q_BRANCH,		/* taken or not? y/n */
	Q_ADDR,			/* where will this mmap land, where is the
				   break, which pointer? an address */
	Q_GAP,			/* which gap will the search choose? a node */
	TUI_NQ,
	Q_NONE = -1
};

struct tui_model {
	struct replay	 rp;
	struct replay_view v;
	const struct scenario *sc;
	uint64_t	 step;
	struct tui_now	 now;
	struct tui_bp	*bp;
	size_t		 nbp, bpcap;
	int		 bpnum;		/* the last number given */
	uint8_t		**steplines;	/* [fn][line]: the run steps there */
	size_t		 nlistings;
	/* --predict: questions of three kinds, one bit a step each */
	int		 predict;
	uint8_t		*answered[TUI_NQ];
	unsigned	 qright[TUI_NQ], qasked[TUI_NQ];
	unsigned	 right, asked;	/* all kinds */
	int		 summary_shown;
	int		 hide_values;	/* a question is open: values hidden */
	char		 err[256];
};

/*
 * Records the run (r must be started; it ends in the final state) and
 * shows the first step. Returns 0, or -1 with a message in m->err.
 */
int	tui_model_init(struct tui_model *, struct run *r, int predict);
void	tui_model_free(struct tui_model *);
/* Shows step `step` (clamped to the run). Returns 0, or -1 (m->err). */
int	tui_model_seek(struct tui_model *, uint64_t step);
uint64_t tui_model_nsteps(const struct tui_model *);

/* ---- breaks.c: breakpoints ----------------------------------------------- */

/* The step lines of the run (tui_model_init calls it). 0 or -1 (memory). */
int	tui_bp_init(struct tui_model *);
void	tui_bp_free(struct tui_model *);
/* Does the run step on this line? fn is replay_listing_index's. */
int	tui_model_is_step(const struct tui_model *, unsigned fn, int line);
/* Why a line is no step: "is a comment", "is blank"... */
const char *tui_bp_why_not(const struct listing *, int line);
/* A line breakpoint there? */
int	tui_model_bp_has(const struct tui_model *, unsigned fn, int line);
/* Toggles a line breakpoint; 1 when now set, 0 cleared, -1 out of memory. */
int	tui_model_bp_toggle(struct tui_model *, unsigned fn, int line);
/* Adds one; returns its number, or -1 when out of memory. */
int	tui_model_bp_add(struct tui_model *, const struct tui_bp *);
/* Deletes number num (0: all); -1 when there is no such one. */
int	tui_model_bp_delete(struct tui_model *, int num);
/* How many need the events (decisions, values). */
int	tui_model_bp_conds(const struct tui_model *);
/* "2  branch unmapped_area.gap_fits taken" */
void	tui_bp_describe(const struct tui_bp *, char *buf, size_t len);
/*
 * Parses the words after "b" ("sys_brk:15", "15", "ID [taken|not
 * taken]", "NAME > VALUE"); `here` is the function on screen for a bare
 * line. Returns 0, or -1 with a message in err.
 */
int	tui_bp_parse(const struct tui_model *, const char *args,
	    const struct listing *here, struct tui_bp *, char *err,
	    size_t errlen);
/* c/C over breakpoints that need events: 1 with *to, 0 none, -1 memory. */
int	tui_nav_continue_events(struct tui_model *, int back, uint64_t *to);
/* --predict: is the current step's outcome hidden, waiting for y/n? */
int	tui_model_pending(const struct tui_model *);
/* --predict: the question open at this step (enum tui_q), or Q_NONE. */
int	tui_model_question(const struct tui_model *);
/* The answer of a Q_ADDR: the call's result. */
unsigned long tui_model_addr_answer(const struct tui_model *);
/* What the call at this step would be asked (enum tui_addr). */
int	tui_model_addr_kind(const struct tui_model *);
/* Is `addr` in [lo, hi) (a break, an end: in (lo, hi])? */
int	tui_model_addr_in(const struct tui_model *, unsigned long lo,
	    unsigned long hi);
/* The answer of a Q_GAP: the node whose gap below holds the result. */
int	tui_model_gap_answer(const struct tui_model *);
/* Records an answer to the open question; returns `right`. */
int	tui_model_record(struct tui_model *, int right);
/* Which kind of question: "branches", "addresses", "gaps". */
const char *tui_q_name(int q);
/* Is the value of this name hidden until a question is answered? */
int	tui_model_hidden(const struct tui_model *, const char *name);
/* Answers y (1) or n (0); returns 1 when right, 0 when wrong. */
int	tui_model_answer(struct tui_model *, int taken);
/* A value as the stepper shows it: hex, "-ENOMEM" for errors. */
void	tui_fmt_value(char *buf, size_t len, unsigned long v);

/* ---- nav.c: moving --------------------------------------------------- */

enum tui_move {
	MOVE_NEXT,		/* n: next line, over calls */
	MOVE_STEP,		/* s: next step, into calls */
	MOVE_FINISH,		/* f: out of the current function */
	MOVE_CONTINUE,		/* c: to the next breakpoint, or the end */
};

/*
 * The step a move lands on, forwards or backwards (N S F C); the current
 * step when there is nowhere to go. *why gets a message or NULL.
 */
uint64_t tui_nav_move(const struct tui_model *, enum tui_move, int back,
	    const char **why);
/* The first step of the call before (-1) or after (+1) the current one. */
uint64_t tui_nav_syscall(const struct tui_model *, int dir);
/* Does call `op` search for space (get_unmapped_area)? */
int	tui_nav_searches(const struct tui_model *, size_t op);
/* The same with only such calls: 1 with *to, 0 when there is none. */
int	tui_nav_search_call(const struct tui_model *, int dir, uint64_t *to);
/*
 * The first step after the current one (wrapping around) with an event
 * whose text holds `pat` (case-insensitive). Returns 0 with *found, 1
 * when nothing matches, -1 when out of memory.
 */
int	tui_nav_search(struct tui_model *, const char *pat, uint64_t *found,
	    int *wrapped);
/* One event as a line of text, as / searches it. */
void	tui_nav_event_text(const struct trace_event *, char *buf, size_t len);

/* ---- layout.c -------------------------------------------------------- */

enum tui_pane {
	PANE_LISTING, PANE_STACK, PANE_LOCALS, PANE_SPACE, PANE_TREE,
	PANE_SCENARIO, PANE_NPANES
};

struct tui_rect {
	int		 x, y, w, h;
};

struct tui_layout {
	struct tui_rect	 pane[PANE_NPANES];	/* h == 0: not shown */
	struct tui_rect	 status;
	int		 maps_rows;	/* rows of the space pane for the list */
};

/* `grow`: rows the tree pane gains (+) or gives back (-) from the listing. */
void	tui_layout_compute(struct tui_layout *, int w, int h, int grow);

/* ---- app.c: the stepper ----------------------------------------------- */

/* Key codes: ASCII as is, the rest from 0x100. */
enum {
	KEY_T_ENTER = 0x100, KEY_T_TAB, KEY_T_BTAB, KEY_T_ESC, KEY_T_BS,
	KEY_T_UP, KEY_T_DOWN, KEY_T_LEFT, KEY_T_RIGHT, KEY_T_PGUP,
	KEY_T_PGDN, KEY_T_HOME, KEY_T_END, KEY_T_RESIZE, KEY_T_CLICK,
	KEY_T_INTR,		/* Ctrl-C in --keys */
	KEY_T_NONE
};

struct tui_key {
	int		 code;
	int		 x, y;		/* KEY_T_CLICK: cell; RESIZE: size */
};

struct tui_opts {
	int		 predict;
	int		 mono;
	int		 ascii;
	int		 w, h;		/* --size for --dump */
};

enum tui_prompt { PROMPT_NONE, PROMPT_GOTO, PROMPT_SEARCH, PROMPT_CMD,
	PROMPT_ADDR };

#define TUI_POPUP_LINES	24

/* Where a node of the tree was drawn (clicks pick a gap). */
struct tui_hit {
	int		 x, y, w, h, node;
};
#define TUI_MAXHIT	512

struct tui_app {
	struct tui_model m;
	struct tui_screen scr;
	struct tui_layout lay;
	const struct tui_glyphs *g;
	struct tui_opts	 o;
	int		 focus;		/* enum tui_pane */
	int		 help;
	int		 help_top;	/* the help's first line shown */
	char		 popup[TUI_POPUP_LINES][256];	/* info b, a summary */
	/* --predict: the gap picked on the bar, the node picked in the tree */
	struct {
		unsigned long	 lo, hi;
		int		 x, w;	/* on screen, for clicks */
	}		 bar_gap[256];
	int		 nbar_gap;
	int		 pick_gap, pick_node;	/* -1: none yet */
	int		 npopup;
	int		 tree_grow;	/* + and -: rows given to the tree */
	int		 only_search;	/* u: [ ] only calls that search */
	int		 tree_hscroll;	/* Left/Right in the tree pane */
	struct tui_hit	 tree_hit[TUI_MAXHIT];
	int		 ntree_hit;
	int		 cursor;	/* listing cursor line, 0: current */
	int		 ltop;		/* the listing's first row, 0: centre */
	unsigned	 ltop_fn;
	int		 scroll[PANE_NPANES];	/* manual scroll, reset on moves */
	int		 hscroll;	/* the listing, Left and Right */
	enum tui_prompt	 prompt;
	char		 input[128];
	char		 last_search[128];
	char		 msg[256];
	enum tui_role	 msg_role;
	int		 quit;
	int		 fatal;		/* an error: m.err says what */
	uint64_t	 fail_at;	/* tests: VMALAB_TEST_FAIL_STEP */
	/* Where the listing was drawn: screen row -> listing line (clicks). */
	int		 lmap[256];
	int		 lmap_y, lmap_n;
	unsigned	 lmap_fn;
};

/* Sets up the app on a started run. Returns 0, or -1 (a->m.err). */
int	tui_app_init(struct tui_app *, struct run *r, const struct tui_opts *);
void	tui_app_free(struct tui_app *);
/* Handles one key. */
void	tui_app_key(struct tui_app *, const struct tui_key *);
/* --predict: the scores per kind of question, for the class. */
void	tui_app_summary(const struct tui_app *, FILE *);
/* Draws everything into a->scr (resized to w x h first). */
int	tui_app_draw(struct tui_app *, int w, int h);
/*
 * --keys/--dump: replays `keys` with no terminal, then prints the screen
 * to `out` when dump is set. Returns 0, or -1 (a->m.err or a parse error
 * message in err).
 */
int	tui_app_headless(struct tui_app *, const char *keys, int dump,
	    FILE *out, char *err, size_t errlen);

/* The panes (draw-*.c). */
void	tui_draw_listing(struct tui_app *, const struct tui_rect *);
void	tui_draw_stack(struct tui_app *, const struct tui_rect *);
void	tui_draw_locals(struct tui_app *, const struct tui_rect *);
void	tui_draw_space(struct tui_app *, const struct tui_rect *);
void	tui_draw_tree(struct tui_app *, const struct tui_rect *);
void	tui_draw_scenario(struct tui_app *, const struct tui_rect *);
void	tui_draw_status(struct tui_app *, const struct tui_rect *);
void	tui_draw_help(struct tui_app *);
void	tui_draw_popup(struct tui_app *);
/* The node the tree centres on: the one changed, searched, or the root. */
int	tui_tree_focus(const struct tui_now *, const struct snap *);
/* A pane's title bar on its first row; returns the rect below it. */
struct tui_rect tui_draw_title(struct tui_app *, const struct tui_rect *,
	    enum tui_pane, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/* Which listing line is at screen row y (for clicks); 0 for none. */
int	tui_listing_line_at(struct tui_app *, int y);

/* ---- keys.c ----------------------------------------------------------- */

/*
 * Parses --keys: words separated by blanks. A word is a key name (Enter,
 * Space, Tab, BTab, Esc, BSpace, Up, Down, Left, Right, PgUp, PgDn, Home,
 * End, C-c), "Resize:WxH", "Click:X,Y" (a left click on cell X,Y, from
 * 0), or else characters typed one by one ("n", "120"). Returns the
 * number of keys in *out (caller frees), or -1 with a message in err.
 */
int	tui_keys_parse(const char *s, struct tui_key **out, char *err,
	    size_t errlen);

/* ---- term.c: the terminal ----------------------------------------------- */

/*
 * Runs the stepper on the terminal until q. Restores the terminal on
 * every way out: q, Ctrl-C (SIGINT), SIGTERM, SIGHUP, a crash signal and
 * a fatal error, whose message is printed after the terminal is back.
 * `keys` (may be NULL) are replayed first. Returns the exit status.
 */
int	tui_term_run(struct tui_app *, const struct tui_key *keys, int nkeys);
/* Is the locale's character set UTF-8? (after setlocale) */
int	tui_term_utf8(void);

#endif
