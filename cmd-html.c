/*
 * cmd-html.c - vmalab html: the stepper as one web page.
 *
 *   vmalab html [run options] [--predict] [-o FILE.html] [SCENARIO|-]
 *
 * The run is recorded with the stepper's model (tui/model.c) and every
 * step is visited once: what the panes show of it (stack, locals, the
 * decision, the search in the tree) is handed to graphs/html.c, which
 * draws the tree with Graphviz and writes the page. So the page at step
 * N shows what `vmalab step` shows at step N: the same model derives
 * both (tests/html.sh checks it in a browser against --dump).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graphs/graphs.h"
#include "graphs/html.h"
#include "run/search.h"
#include "trace/listing.h"
#include "tui/tui.h"
#include "trace/i18n.h"
#include "vmalab.h"

/* A page holds every step; past this the file would be too big to open. */
#define HTML_MAX_STEPS	50000

static int	cmd_html_exec(const struct cmd_entry *, int, char **);

enum { HTML_PREDICT = CMD_RUN_OPT_LAST, HTML_OUTPUT };

static const struct vmalab_opt cmd_html_opts[] = {
	{ .include = cmd_run_start_opts },	/* listed by run's --help */
	{ "predict", HTML_PREDICT, NULL, N_("hide each decision's outcome and "
	    "ask \"taken?\" (y/n)\nbefore going on, keeping score"), NULL },
	{ "output", HTML_OUTPUT, "FILE", N_("write the page to FILE (through "
	    "FILE.tmp);\n-o FILE is the same; default: standard output"), NULL },
	{ NULL, 0, NULL, N_("The page needs no network and no server: open it "
	    "from disk or put it\non a course site. Keys as in vmalab step: "
	    "n s f c step (N S F C back),\n[ ] previous/next call, g go to "
	    "step, space breakpoint, y n predict, ? help;\nevery key has a "
	    "button, and a slider moves through the steps.\n"
	    "SCENARIO is a file (a scenario, an strace log, vmalab record's "
	    "output),\nor - for standard input; with none, the built-in "
	    "scenario lecture1."), NULL },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_html_entry = {
	.name = "html",
	.usage = "[--maps FILE] [--stat FILE] [--brk ADDR] "
	    "[--layout legacy|topdown]\n"
	    "                  [--mmap-base ADDR] [--arch NAME] [--aslr SEED]\n"
	    "                  [--predict] [-o FILE.html] [SCENARIO|-]",
	.summary = N_("write the stepper as one self-contained web page"),
	.help =
	    N_("Start state: as for vmalab run (--maps, --stat, --brk, --layout,\n"
	    "--mmap-base, --arch, --aslr).\n"
	    "Page:\n"),
	.opts = cmd_html_opts,
	.opts_col = 21,
	.exec = cmd_html_exec,
};

struct cmd_html_args {
	int		 predict;
	const char	*out;
};

static int
cmd_html_option(const struct cmd_entry *cmd, void *ctx, int id,
    const char *arg)
{
	struct cmd_html_args *h = ctx;

	(void)cmd;
	if (id == HTML_PREDICT)
		h->predict = 1;
	else if (id == HTML_OUTPUT)
		h->out = arg;
	return 0;
}

/*
 * "-o FILE" and "-oFILE" as "--output FILE" and "--output=FILE": the
 * option parser knows long options only. Operands after "--" are left
 * alone. Returns a new argv, or NULL when out of memory; free it with
 * cmd_html_short_free once the options are no longer needed.
 */
static char **
cmd_html_short(int argc, char **argv, char *spell)
{
	char **nargv;
	int i, no_more = 0;
	size_t n;

	if ((nargv = calloc((size_t)argc + 1, sizeof *nargv)) == NULL)
		return NULL;
	for (i = 0; i < argc; i++) {
		nargv[i] = argv[i];
		if (i == 0 || no_more)
			continue;
		if (strcmp(argv[i], "--") == 0)
			no_more = 1;
		else if (strcmp(argv[i], "-o") == 0)
			nargv[i] = spell;
		else if (strncmp(argv[i], "-o", 2) == 0) {
			n = strlen(argv[i]) + sizeof "--output=";
			if ((nargv[i] = malloc(n)) == NULL) {
				nargv[i] = argv[i];
				return nargv;	/* parsed as is: a usage error */
			}
			snprintf(nargv[i], n, "--output=%s", argv[i] + 2);
		}
	}
	return nargv;
}

static void
cmd_html_short_free(int argc, char **argv, char **nargv, char *spell)
{
	int i;

	for (i = 0; i < argc; i++)
		if (nargv[i] != argv[i] && nargv[i] != spell)
			free(nargv[i]);
	free(nargv);
}

/* ---- one step ------------------------------------------------------------ */

/* The values a decision read: "brk=0  min_brk=0x555555559000". */
static void
cmd_html_vals(const struct trace_event *d, char *buf, size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < d->nvals && n < len; i++) {
		char v[32];

		tui_fmt_value(v, sizeof v, d->vals[i].value);
		n += (size_t)snprintf(buf + n, len - n, "%s%s=%s", i ? "  " : "",
		    d->vals[i].name, v);
	}
}

/* "sys_brk(brk=0)": a frame as the call stack pane shows it. */
static void
cmd_html_frame(const struct tui_frame *f, char *buf, size_t len)
{
	size_t n;
	int i;

	n = (size_t)snprintf(buf, len, "%s(", f->func);
	for (i = 0; i < f->call->nvals && n < len; i++) {
		char v[32];

		tui_fmt_value(v, sizeof v, f->call->vals[i].value);
		n += (size_t)snprintf(buf + n, len - n, "%s%s=%s", i ? ", " : "",
		    f->call->vals[i].name, v);
	}
	if (n < len)
		snprintf(buf + n, len - n, ")");
}

/* What one step needs, kept between calls to save allocations. */
struct cmd_html_work {
	char		 frames[TUI_MAXFRAMES][512];
	const char	*fp[TUI_MAXFRAMES];
	char		 values[TUI_MAXLOCALS][48];
	struct html_local locals[TUI_MAXLOCALS];
	char		 vals[512];
	char		 where[600];
};

/*
 * The search of the innermost unmapped_area[_topdown] frame fed up to
 * event `upto`, as the stepper reads it (tui/model.c). Returns 0 when no
 * search is on the stack, 1 with *sr started (search_free it).
 */
static int
cmd_html_search(const struct tui_model *m, size_t upto, struct search *sr)
{
	const struct tui_now *n = &m->now;
	const struct tui_frame *f = NULL;
	size_t i;
	int k;

	for (k = n->nframes - 1; k >= 0 && k < TUI_MAXFRAMES && f == NULL; k--)
		if (search_is_func(n->frames[k].func))
			f = &n->frames[k];
	if (f == NULL)
		return 0;
	search_start(sr, f->call);
	for (i = (size_t)(f->call - m->v.ev) + 1; i <= upto && i < m->v.nev;
	    i++)
		search_feed(sr, &m->v.ev[i]);
	return 1;
}

static int
cmd_html_step(struct html_page *page, struct tui_model *m,
    struct cmd_html_work *w, char *err, size_t errlen)
{
	const struct tui_now *n = &m->now;
	const struct replay_step *rs = &m->rp.steps[m->step];
	const struct trace_event *d = n->decide;
	struct html_step st;
	struct html_decision dec;
	struct search post, pre;
	size_t cur = m->v.cur, upto;
	int k, has_post, has_pre = 0, rc;

	memset(&st, 0, sizeof st);
	st.depth = rs->depth;
	st.flags = rs->flags;
	st.fn = rs->fn;
	st.line = n->line;
	st.op = m->v.op;
	if (n->fn != NULL)
		snprintf(w->where, sizeof w->where, "%s:%d", n->fn->name,
		    n->line);
	else
		snprintf(w->where, sizeof w->where, "%s",
		    m->sc->ops[m->v.op].text);
	st.where = w->where;
	for (k = 0; k < n->nframes; k++) {
		cmd_html_frame(&n->frames[k], w->frames[k], sizeof w->frames[k]);
		w->fp[k] = w->frames[k];
	}
	st.frames = w->fp;
	st.nframes = n->nframes;
	for (k = 0; k < n->nlocals; k++) {
		const struct tui_local *l = &n->locals[k];

		/* As the locals pane prints it (tui/draw-panes.c). */
		if (l->set_at > 0)
			snprintf(w->values[k], sizeof w->values[k],
			    _("set at line %d"), l->set_at);
		else
			tui_fmt_value(w->values[k], sizeof w->values[k],
			    l->value);
		w->locals[k] = (struct html_local){ l->name, w->values[k],
		    l->changed, l->arg };
	}
	st.locals = w->locals;
	st.nlocals = n->nlocals;
	if (d != NULL) {
		cmd_html_vals(d, w->vals, sizeof w->vals);
		const char *own = d->decision != NULL ?
		    decision_explain(d->decision, d->outcome) : NULL;

		/* The outcome's own sentence, else what taking it means. */
		dec = (struct html_decision){ d->decision != NULL ?
		    d->decision->id : NULL, d->text, w->vals, own != NULL ?
		    own : d->decision != NULL ? decision_explain(d->decision,
		    1) : NULL,
		    d->decision != NULL ? d->decision->kernel : NULL,
		    d->outcome, own != NULL };
		st.dec = &dec;
	}
	st.snap = &m->v.snap;
	/* The tree with the outcome, as the stepper shows it once known. */
	upto = d != NULL ? (size_t)(d - m->v.ev) : cur;
	if ((has_post = cmd_html_search(m, upto, &post)) != 0)
		st.post = &post;
	if (has_post && upto != cur &&
	    (has_pre = cmd_html_search(m, cur, &pre)) != 0)
		st.pre = &pre;
	st.has_visited = n->visited >= 0;
	if (st.has_visited)
		st.visited = m->v.snap.n[n->visited].start;
	st.has_cand = n->has_cand;
	st.cand_lo = n->cand_lo;
	st.cand_hi = n->cand_hi;
	st.length = n->searching ? n->length : 0;
	rc = html_page_step(page, &st, err, errlen);
	if (has_post)
		search_free(&post);
	if (has_pre)
		search_free(&pre);
	return rc;
}

/* ---- the whole run ------------------------------------------------------- */

static int
cmd_html_ops(struct html_page *page, const struct tui_model *m, char *err,
    size_t errlen)
{
	const struct scenario *sc = m->sc;
	struct html_op o;
	char res[96], exp[96];
	size_t i;

	for (i = 0; i < sc->nops; i++) {
		const struct scen_op *op = &sc->ops[i];
		unsigned long r = m->rp.ops[i].result;

		memset(&o, 0, sizeof o);
		o.text = op->text;
		o.first = m->rp.ops[i].first;
		o.nsteps = m->rp.ops[i].nsteps;
		if (op->kind != OP_SKIP) {
			run_format_result(op, r, res, sizeof res);
			o.result = res;
			if (op->has_expect) {
				run_format_result(op, op->expect, exp,
				    sizeof exp);
				o.expect = exp;
				o.bad = r != op->expect;
			}
		}
		if (html_page_op(page, &o, err, errlen) < 0)
			return -1;
	}
	return 0;
}

/* The scenario's name for the title: its file's last component. */
static const char *
cmd_html_title(const char *file)
{
	const char *slash = strrchr(file, '/');

	return slash != NULL && slash[1] != '\0' ? slash + 1 : file;
}

static int
cmd_html_go(const struct cmd_html_args *h, struct cmd_run_input *in)
{
	struct html_head head;
	struct html_page *page = NULL;
	struct tui_model m;
	struct cmd_html_work *w = NULL;
	char err[512];
	uint64_t s;
	int status = EXIT_INPUT;

	if (tui_model_init(&m, &in->run, 0) < 0) {
		vmalab_error("%s", m.err);
		return EXIT_INPUT;
	}
	if (tui_model_nsteps(&m) > HTML_MAX_STEPS) {
		vmalab_error("%s: %llu steps; a page holds at most %d: "
		    "cut the scenario into parts", in->sc.file,
		    (unsigned long long)tui_model_nsteps(&m), HTML_MAX_STEPS);
		goto out;
	}
	memset(&head, 0, sizeof head);
	head.title = cmd_html_title(in->sc.file);
	head.predict = h->predict;
	head.nsteps = tui_model_nsteps(&m);
	head.nops = in->sc.nops;
	if ((w = malloc(sizeof *w)) == NULL ||
	    (page = html_page_new(&head, err, sizeof err)) == NULL) {
		vmalab_error("out of memory");
		goto out;
	}
	if (cmd_html_ops(page, &m, err, sizeof err) < 0)
		goto fail;
	for (s = 0; s < tui_model_nsteps(&m); s++) {
		if (tui_model_seek(&m, s) < 0) {
			snprintf(err, sizeof err, "%s", m.err);
			goto fail;
		}
		if (cmd_html_step(page, &m, w, err, sizeof err) < 0)
			goto fail;
	}
	if (html_page_write(page, h->out, err, sizeof err) < 0)
		goto fail;
	status = 0;
	goto out;
fail:
	vmalab_error("%s", err);
out:
	html_page_free(page);
	free(w);
	tui_model_free(&m);
	graphs_render_end();
	return status;
}

static int
cmd_html_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	static char spell[] = "--output";
	struct cmd_html_args h;
	struct cmd_run_args a;
	struct cmd_run_input in;
	char **nargv;
	int status;

	memset(&h, 0, sizeof h);
	if ((nargv = cmd_html_short(argc, argv, spell)) == NULL) {
		vmalab_error("out of memory");
		return EXIT_INPUT;
	}
	/* h.out may point into nargv: it lives until the end. */
	if (cmd_run_parse(cmd, argc, nargv, &a, cmd_html_option, &h,
	    &status) < 0)
		goto out;		/* a usage error, or --help */
	if (h.out != NULL && h.out[0] == '\0') {
		status = vmalab_usage_error(cmd, "-o: expected a file name");
		goto out;
	}
	if (h.out == NULL && isatty(STDOUT_FILENO)) {
		status = vmalab_usage_error(cmd, "the page is HTML, not for a "
		    "terminal: give -o FILE.html, or redirect");
		goto out;
	}
	if (cmd_run_load(&a, &in) < 0) {
		status = EXIT_INPUT;
		goto out;
	}
	status = cmd_html_go(&h, &in);
	cmd_run_free(&in);
out:
	cmd_html_short_free(argc, argv, nargv, spell);
	return status;
}
