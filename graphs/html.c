/*
 * html.c - vmalab html: the page (see html.h).
 *
 * The page is one HTML file:
 *
 *   <style>      graphs/page/page.css
 *   <body>       graphs/page/page.html: the panes, the buttons, the slider
 *   <script type="application/json" id="vmalab-run">   the run, below
 *   <script>     graphs/page/page.js: draws a step, moves like the stepper
 *
 * The run is one JSON object. Whatever many steps share is written once,
 * in a table, and the steps give its index:
 *
 *   title, predict, nsteps
 *   text      {English: translated}: the page's texts, in a language
 *             other than English only (html-text.c)
 *   listings  [{name, file, lines: [...]}]     the functions stepped in
 *   ops       [{text, result, expect, bad, first, n}]
 *   d f l fl  the step table, one array each: depth, listing (index in
 *             listings, -1: none), line, flags (1 decision, 2 taken,
 *             4 a system call's first step), as the stepper moves over it
 *   v         per step: [where, stack, locals, decision, figure, figure
 *             before the outcome, space, visited, cand_lo, cand_hi,
 *             length, op] (table indices, -1: none; addresses in hex)
 *   stacks    [["sys_brk(brk=0)", ...]]
 *   locals    [{of: "sys_brk", l: [[name, value, changed, arg]]}]
 *   decs      [{id, cond, vals, explain, kernel, out}]
 *   figs      ["eNrtXW1v..."]  Graphviz's SVG, prologue and comments
 *             cut, each deflated and in base64 (html_figs)
 *   spaces    [{brk, start_brk, mmap_base, task_size, v: [[start, end,
 *             name]]}]
 *   strs      the "where" texts
 *
 * A "<" in a string is written \u003c, so that no string could end a
 * script element early, were the JSON ever written out plain.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "run/replay.h"
#include "trace/i18n.h"
#include "trace/listing.h"
#include "graphs.h"
#include "html.h"

/* ---- a growing buffer ------------------------------------------------- */

struct hbuf {
	char		*s;
	size_t		 len, cap;
	int		 nomem;
};

static void
hbuf_grow(struct hbuf *b, size_t more)
{
	size_t cap;
	char *s;

	if (b->nomem || b->len + more + 1 <= b->cap)
		return;
	for (cap = b->cap ? b->cap : 256; cap < b->len + more + 1; cap *= 2)
		;
	if ((s = realloc(b->s, cap)) == NULL) {
		b->nomem = 1;
		return;
	}
	b->s = s;
	b->cap = cap;
}

static void
hbuf_add(struct hbuf *b, const char *s, size_t n)
{
	hbuf_grow(b, n);
	if (b->nomem)
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
hbuf_str(struct hbuf *b, const char *s)
{
	hbuf_add(b, s, strlen(s));
}

static void hbuf_printf(struct hbuf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
hbuf_printf(struct hbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	hbuf_grow(b, (size_t)n);
	if (b->nomem)
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* `s` as a JSON string; "<" escaped so that "</script" cannot occur. */
static void
hbuf_json(struct hbuf *b, const char *s)
{
	const unsigned char *p;
	const char *run;

	if (s == NULL) {
		hbuf_str(b, "null");
		return;
	}
	hbuf_add(b, "\"", 1);
	for (run = s, p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\' && *p != '<')
			continue;
		hbuf_add(b, run, (size_t)((const char *)p - run));
		switch (*p) {
		case '"': hbuf_str(b, "\\\""); break;
		case '\\': hbuf_str(b, "\\\\"); break;
		case '\n': hbuf_str(b, "\\n"); break;
		case '\t': hbuf_str(b, "\\t"); break;
		default: hbuf_printf(b, "\\u%04x", *p); break;
		}
		run = (const char *)p + 1;
	}
	hbuf_add(b, run, (size_t)((const char *)p - run));
	hbuf_add(b, "\"", 1);
}

/* ---- tables of distinct strings ---------------------------------------- */

/*
 * A table of distinct strings (JSON texts, SVGs, DOT texts), each with
 * its index: open addressing over FNV-1a hashes, kept under half full.
 */
struct htab {
	char		**s;		/* [n], in the order added */
	size_t		 n, cap;
	size_t		*slot;		/* [nslot]: index + 1, 0 empty */
	size_t		 nslot;
	size_t		 bytes;		/* the strings' total length */
};

static uint64_t
htab_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static int
htab_rehash(struct htab *t)
{
	size_t nslot = t->nslot ? t->nslot * 2 : 64, i, k;
	size_t *slot;

	if ((slot = calloc(nslot, sizeof *slot)) == NULL)
		return -1;
	for (i = 0; i < t->n; i++) {
		for (k = htab_hash(t->s[i]) & (nslot - 1); slot[k] != 0;
		    k = (k + 1) & (nslot - 1))
			;
		slot[k] = i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->nslot = nslot;
	return 0;
}

/* The index of `s`, or -1 when it is not in the table. */
static long
htab_find(const struct htab *t, const char *s, size_t *where)
{
	size_t k;

	if (t->nslot == 0)
		return -1;
	for (k = htab_hash(s) & (t->nslot - 1); t->slot[k] != 0;
	    k = (k + 1) & (t->nslot - 1))
		if (strcmp(t->s[t->slot[k] - 1], s) == 0)
			return (long)(t->slot[k] - 1);
	if (where != NULL)
		*where = k;
	return -1;
}

/*
 * The index of `s`, added when new: the table takes `s` (malloc'd) when
 * `own` is set, else copies it. Returns -1 when out of memory (an owned
 * `s` is freed then).
 */
static long
htab_add(struct htab *t, char *s, int own)
{
	size_t k;
	long i;
	char **grown;

	if ((i = htab_find(t, s, NULL)) >= 0) {
		if (own)
			free(s);
		return i;
	}
	if ((t->n + 1) * 2 > t->nslot && htab_rehash(t) < 0)
		goto nomem;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;

		if ((grown = realloc(t->s, cap * sizeof *grown)) == NULL)
			goto nomem;
		t->s = grown;
		t->cap = cap;
	}
	if (!own && (s = strdup(s)) == NULL)
		return -1;
	htab_find(t, s, &k);
	t->s[t->n] = s;
	t->slot[k] = ++t->n;
	t->bytes += strlen(s);
	return (long)t->n - 1;
nomem:
	if (own)
		free(s);
	return -1;
}

static void
htab_free(struct htab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->s[i]);
	free(t->s);
	free(t->slot);
	memset(t, 0, sizeof *t);
}

/* ---- the page ---------------------------------------------------------- */

struct html_page {
	struct html_head head;
	char		*title;
	struct hbuf	 ops;		/* the ops' JSON objects, comma-led */
	size_t		 nops;
	struct hbuf	 d, f, l, fl, v;	/* the step table, per step */
	uint64_t	 nsteps;
	unsigned	*lst;		/* page listing index + 1 by fn */
	size_t		 nlst_map;
	struct hbuf	 listings;
	int		 nlistings;
	struct htab	 stacks, locals, decs, spaces, strs;
	struct htab	 dots;		/* the DOT texts drawn so far */
	struct htab	 figs;		/* the distinct SVGs */
	long		*fig_of;	/* [dots.n]: a DOT text's SVG */
	size_t		 fig_of_cap;
	char		*tmpdir;	/* where Graphviz writes a figure */
};

struct html_page *
html_page_new(const struct html_head *h, char *err, size_t errlen)
{
	struct html_page *p;

	if ((p = calloc(1, sizeof *p)) == NULL ||
	    (p->title = strdup(h->title != NULL ? h->title : "")) == NULL) {
		free(p);
		snprintf(err, errlen, "%s", _("out of memory"));
		return NULL;
	}
	p->head = *h;
	p->head.title = p->title;
	return p;
}

void
html_page_free(struct html_page *p)
{
	struct hbuf *bufs[] = { &p->ops, &p->d, &p->f, &p->l, &p->fl,
	    &p->v, &p->listings };
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
		free(bufs[i]->s);
	htab_free(&p->stacks);
	htab_free(&p->locals);
	htab_free(&p->decs);
	htab_free(&p->spaces);
	htab_free(&p->strs);
	htab_free(&p->dots);
	htab_free(&p->figs);
	free(p->fig_of);
	if (p->tmpdir != NULL)
		rmdir(p->tmpdir);
	free(p->tmpdir);
	free(p->lst);
	free(p->title);
	free(p);
}

size_t
html_page_nfigs(const struct html_page *p, size_t *bytes)
{
	if (bytes != NULL)
		*bytes = p->figs.bytes;
	return p->figs.n;
}

int
html_page_op(struct html_page *p, const struct html_op *o, char *err,
    size_t errlen)
{
	struct hbuf *b = &p->ops;

	hbuf_str(b, p->nops++ ? ",\n{\"text\":" : "{\"text\":");
	hbuf_json(b, o->text);
	hbuf_str(b, ",\"result\":");
	hbuf_json(b, o->result);
	hbuf_str(b, ",\"expect\":");
	hbuf_json(b, o->expect);
	hbuf_printf(b, ",\"bad\":%d,\"first\":%llu,\"n\":%llu}", o->bad ? 1 : 0,
	    (unsigned long long)o->first, (unsigned long long)o->nsteps);
	if (b->nomem) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	return 0;
}

/* The page's index of listing `fn` (replay_listing_index), -1: none. */
static long
html_listing(struct html_page *p, unsigned fn)
{
	const struct listing *l = replay_listing(fn);
	unsigned *grown;
	int i;

	if (l == NULL)
		return -1;
	if (fn >= p->nlst_map) {
		size_t n = fn + 16;

		if ((grown = realloc(p->lst, n * sizeof *grown)) == NULL)
			return -2;
		memset(grown + p->nlst_map, 0, (n - p->nlst_map) *
		    sizeof *grown);
		p->lst = grown;
		p->nlst_map = n;
	}
	if (p->lst[fn] != 0)
		return (long)p->lst[fn] - 1;
	hbuf_str(&p->listings, p->nlistings ? ",\n{\"name\":" : "{\"name\":");
	hbuf_json(&p->listings, l->name);
	hbuf_str(&p->listings, ",\"file\":");
	hbuf_json(&p->listings, l->file);
	hbuf_str(&p->listings, ",\"lines\":[");
	for (i = 0; i < l->nlines; i++) {
		if (i > 0)
			hbuf_str(&p->listings, ",");
		hbuf_json(&p->listings, l->lines[i]);
	}
	hbuf_str(&p->listings, "]}");
	p->lst[fn] = (unsigned)++p->nlistings;
	return (long)p->nlistings - 1;
}

/* Adds the JSON text in b to t; returns its index or -1 (memory). */
static long
html_intern(struct htab *t, struct hbuf *b)
{
	long i;

	if (b->nomem) {
		free(b->s);
		return -1;
	}
	i = htab_add(t, b->s != NULL ? b->s : "", b->s != NULL);
	memset(b, 0, sizeof *b);
	return i;
}

static long
html_stack(struct html_page *p, const struct html_step *st)
{
	struct hbuf b = { 0 };
	int k;

	hbuf_str(&b, "[");
	for (k = 0; k < st->nframes; k++) {
		if (k > 0)
			hbuf_str(&b, ",");
		hbuf_json(&b, st->frames[k]);
	}
	hbuf_str(&b, "]");
	return html_intern(&p->stacks, &b);
}

static long
html_locals(struct html_page *p, const struct html_step *st)
{
	struct hbuf b = { 0 };
	int k;

	hbuf_str(&b, "{\"of\":");
	hbuf_json(&b, st->nframes > 0 ? st->frames[st->nframes - 1] : NULL);
	hbuf_str(&b, ",\"l\":[");
	for (k = 0; k < st->nlocals; k++) {
		const struct html_local *l = &st->locals[k];

		hbuf_str(&b, k > 0 ? ",[" : "[");
		hbuf_json(&b, l->name);
		hbuf_str(&b, ",");
		hbuf_json(&b, l->value);
		hbuf_printf(&b, ",%d,%d]", l->changed ? 1 : 0, l->arg ? 1 : 0);
	}
	hbuf_str(&b, "]}");
	return html_intern(&p->locals, &b);
}

static long
html_dec(struct html_page *p, const struct html_decision *d)
{
	struct hbuf b = { 0 };

	if (d == NULL)
		return -1;
	hbuf_str(&b, "{\"id\":");
	hbuf_json(&b, d->id);
	hbuf_str(&b, ",\"cond\":");
	hbuf_json(&b, d->cond);
	hbuf_str(&b, ",\"vals\":");
	hbuf_json(&b, d->vals);
	hbuf_str(&b, ",\"explain\":");
	hbuf_json(&b, d->explain);
	hbuf_str(&b, ",\"kernel\":");
	hbuf_json(&b, d->kernel);
	hbuf_printf(&b, ",\"out\":%d,\"own\":%d}", d->outcome ? 1 : 0,
	    d->own ? 1 : 0);
	return html_intern(&p->decs, &b);
}

/* The address space: the VMAs in order, the break, mmap_base. */
static long
html_space(struct html_page *p, const struct snap *s)
{
	struct hbuf b = { 0 };
	size_t i;

	hbuf_printf(&b, "{\"brk\":\"%lx\",\"start_brk\":\"%lx\",\"mmap_base\":"
	    "\"%lx\",\"task_size\":\"%lx\",\"v\":[", s->brk, s->start_brk,
	    s->mmap_base, s->task_size);
	for (i = 0; i < s->count; i++) {
		hbuf_printf(&b, "%s[\"%lx\",\"%lx\",", i > 0 ? "," : "",
		    s->n[i].start, s->n[i].end);
		hbuf_json(&b, s->n[i].name != NULL ?
		    graphs_short_name(s->n[i].name) : "");
		hbuf_str(&b, "]");
	}
	hbuf_str(&b, "]}");
	return html_intern(&p->spaces, &b);
}

/* ---- figures ------------------------------------------------------------ */

/* The DOT text of g, which says all a figure will show. NULL: memory. */
static char *
html_dot_text(Agraph_t *g)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp;

	if ((fp = open_memstream(&s, &n)) == NULL)
		return NULL;
	if (agwrite(g, fp) != 0) {
		fclose(fp);
		free(s);
		return NULL;
	}
	if (fclose(fp) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

/*
 * Graphviz's SVG without what a page has no use for: the XML prologue,
 * the DOCTYPE and the comments (one per node and edge, naming them as
 * the <title> elements do anyway).
 */
static char *
html_svg_trim(const char *svg)
{
	struct hbuf b = { 0 };
	const char *p, *c, *e;

	if ((p = strstr(svg, "<svg")) == NULL)
		p = svg;
	while ((c = strstr(p, "<!--")) != NULL &&
	    (e = strstr(c, "-->")) != NULL) {
		hbuf_add(&b, p, (size_t)(c - p));
		p = e + 3;
		if (*p == '\n')
			p++;
	}
	hbuf_str(&b, p);
	if (b.nomem) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

static char *
html_read_file(const char *path, char *err, size_t errlen)
{
	struct hbuf b = { 0 };
	char chunk[16384];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, _("cannot read %s: %s"), path,
		    strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		hbuf_add(&b, chunk, n);
	if (ferror(fp) || b.nomem) {
		snprintf(err, errlen, "%s: %s", path, b.nomem ?
		    _("out of memory") : _("read error"));
		fclose(fp);
		free(b.s);
		return NULL;
	}
	fclose(fp);
	return b.s;
}

/* Renders g as SVG through a file in our own temporary directory. */
static char *
html_render(struct html_page *p, Agraph_t *g, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096], *svg, *trimmed;

	if (p->tmpdir == NULL) {
		snprintf(path, sizeof path, "%s/vmalab-html.XXXXXX",
		    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
		if (mkdtemp(path) == NULL) {
			snprintf(err, errlen, _("cannot make a temporary "
			    "directory %s: %s"), path, strerror(errno));
			return NULL;
		}
		if ((p->tmpdir = strdup(path)) == NULL) {
			rmdir(path);
			snprintf(err, errlen, "%s", _("out of memory"));
			return NULL;
		}
	}
	snprintf(path, sizeof path, "%s/fig.svg", p->tmpdir);
	if (graphs_render(g, "svg", path, err, errlen) < 0)
		return NULL;
	svg = html_read_file(path, err, errlen);
	remove(path);
	if (svg == NULL)
		return NULL;
	trimmed = html_svg_trim(svg);
	free(svg);
	if (trimmed == NULL)
		snprintf(err, errlen, "%s", _("out of memory"));
	return trimmed;
}

/*
 * The figure of the tree with the search as given: the one already drawn
 * when its DOT text is the same, else a new one. Returns its index, or -1
 * with a message in err.
 */
static long
html_fig(struct html_page *p, const struct snap *s, const struct search *sr,
    char *err, size_t errlen)
{
	struct graphs_opts o;
	Agraph_t *g;
	char *dot, *svg;
	long i, f;

	memset(&o, 0, sizeof o);
	o.no_legend = 1;	/* the page has its own */
	if ((g = graphs_tree_build(s, sr, &o, err, errlen)) == NULL)
		return -1;
	if ((dot = html_dot_text(g)) == NULL) {
		agclose(g);
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	if ((i = htab_find(&p->dots, dot, NULL)) >= 0) {
		free(dot);
		agclose(g);
		return p->fig_of[i];
	}
	svg = html_render(p, g, err, errlen);
	agclose(g);
	if (svg == NULL) {
		free(dot);
		return -1;
	}
	/*
	 * Two DOT texts can give one SVG (they differ only in what is not
	 * drawn), so a DOT text maps to its figure rather than sharing its
	 * index.
	 */
	if (p->dots.n == p->fig_of_cap) {
		size_t cap = p->fig_of_cap ? p->fig_of_cap * 2 : 64;
		long *grown = realloc(p->fig_of, cap * sizeof *grown);

		if (grown == NULL) {
			free(dot);
			free(svg);
			snprintf(err, errlen, "%s", _("out of memory"));
			return -1;
		}
		p->fig_of = grown;
		p->fig_of_cap = cap;
	}
	if ((f = htab_add(&p->figs, svg, 1)) < 0 ||
	    (i = htab_add(&p->dots, dot, 1)) < 0) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	p->fig_of[i] = f;
	return f;
}

/* ---- steps ------------------------------------------------------------ */

int
html_page_step(struct html_page *p, const struct html_step *st, char *err,
    size_t errlen)
{
	long lst, where, stack, loc, dec, fig, pre = -1, space;
	struct hbuf *v = &p->v;
	const char *sep = p->nsteps > 0 ? "," : "";

	if ((lst = html_listing(p, st->fn)) < -1)
		goto nomem;
	where = htab_add(&p->strs, (char *)(st->where != NULL ? st->where :
	    ""), 0);
	stack = html_stack(p, st);
	loc = html_locals(p, st);
	dec = html_dec(p, st->dec);
	space = html_space(p, st->snap);
	if (where < 0 || stack < 0 || loc < 0 || space < 0 ||
	    (st->dec != NULL && dec < 0))
		goto nomem;
	if ((fig = html_fig(p, st->snap, st->post, err, errlen)) < 0)
		return -1;
	if (st->pre != NULL && p->head.predict &&
	    (pre = html_fig(p, st->snap, st->pre, err, errlen)) < 0)
		return -1;
	hbuf_printf(&p->d, "%s%d", sep, st->depth);
	hbuf_printf(&p->f, "%s%ld", sep, lst);
	hbuf_printf(&p->l, "%s%d", sep, st->line);
	hbuf_printf(&p->fl, "%s%d", sep, st->flags);
	hbuf_printf(v, "%s\n[%ld,%ld,%ld,%ld,%ld,%ld,%ld,", sep, where, stack,
	    loc, dec, fig, pre, space);
	if (st->has_visited)
		hbuf_printf(v, "\"%lx\",", st->visited);
	else
		hbuf_str(v, "null,");
	if (st->has_cand)
		hbuf_printf(v, "\"%lx\",\"%lx\",", st->cand_lo, st->cand_hi);
	else
		hbuf_str(v, "null,null,");
	hbuf_printf(v, "\"%lx\",%zu]", st->length, st->op);
	p->nsteps++;
	if (v->nomem || p->d.nomem || p->f.nomem || p->l.nomem ||
	    p->fl.nomem || p->listings.nomem)
		goto nomem;
	return 0;
nomem:
	snprintf(err, errlen, "%s", _("out of memory"));
	return -1;
}

/* ---- writing ------------------------------------------------------------- */

static void
html_table(struct hbuf *b, const char *name, const struct htab *t, int json)
{
	size_t i;

	hbuf_printf(b, ",\n\"%s\":[", name);
	for (i = 0; i < t->n; i++) {
		if (i > 0)
			hbuf_str(b, ",\n");
		if (json)
			hbuf_str(b, t->s[i]);
		else
			hbuf_json(b, t->s[i]);
	}
	hbuf_str(b, "]");
}

static void
html_lines(struct hbuf *b, const char *const *lines)
{
	for (; *lines != NULL; lines++)
		hbuf_str(b, *lines);
}

/*
 * `text` deflated (zlib's format, which the browser's
 * DecompressionStream("deflate") reads) and in base64, appended to b.
 * Returns 0, or -1 out of memory.
 */
static int
html_deflate(const char *text, struct hbuf *b)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uLong n = (uLong)strlen(text);
	uLongf zlen = compressBound(n);
	unsigned char *z;
	size_t i;
	char q[4];

	if ((z = malloc(zlen)) == NULL)
		return -1;
	if (compress2(z, &zlen, (const Bytef *)text, n, Z_BEST_COMPRESSION) !=
	    Z_OK) {
		free(z);
		return -1;
	}
	hbuf_grow(b, zlen / 3 * 4 + 8);
	for (i = 0; i < zlen; i += 3) {
		unsigned v = (unsigned)z[i] << 16;

		if (i + 1 < zlen)
			v |= (unsigned)z[i + 1] << 8;
		if (i + 2 < zlen)
			v |= z[i + 2];
		q[0] = b64[v >> 18 & 63];
		q[1] = b64[v >> 12 & 63];
		q[2] = i + 1 < zlen ? b64[v >> 6 & 63] : '=';
		q[3] = i + 2 < zlen ? b64[v & 63] : '=';
		hbuf_add(b, q, 4);
	}
	free(z);
	return 0;
}

/*
 * The figures, each deflated on its own: a figure is a tenth of its size
 * and the browser inflates the one it shows in a moment, where inflating
 * them all at once would hold the page up as it opens.
 */
static int
html_figs(struct hbuf *b, const struct htab *t)
{
	size_t i;

	hbuf_str(b, ",\n\"figs\":[");
	for (i = 0; i < t->n; i++) {
		hbuf_str(b, i > 0 ? ",\n\"" : "\"");
		if (html_deflate(t->s[i], b) < 0)
			return -1;
		hbuf_str(b, "\"");
	}
	hbuf_str(b, "]");
	return 0;
}

/*
 * The page's texts in the user's language, "text": {English: translated}
 * (graphs/html-text.c); nothing when none is translated (English).
 */
static void
html_json_text(struct hbuf *b)
{
	const char *const *s;
	int n = 0;

	for (s = html_texts; *s != NULL; s++) {
		if (i18n_str(*s) == *s)
			continue;
		hbuf_str(b, n++ == 0 ? ",\"text\":{" : ",");
		hbuf_json(b, *s);
		hbuf_str(b, ":");
		hbuf_json(b, i18n_str(*s));
	}
	if (n > 0)
		hbuf_str(b, "}");
}

/* The run as one JSON object (see the top of this file). */
static void
html_json(struct html_page *p, struct hbuf *b)
{
	hbuf_str(b, "{\"version\":1,\"title\":");
	hbuf_json(b, p->title);
	html_json_text(b);
	hbuf_printf(b, ",\"predict\":%d,\"nsteps\":%llu,\n\"listings\":[",
	    p->head.predict ? 1 : 0, (unsigned long long)p->nsteps);
	if (p->listings.s != NULL)
		hbuf_str(b, p->listings.s);
	hbuf_str(b, "],\n\"ops\":[");
	if (p->ops.s != NULL)
		hbuf_str(b, p->ops.s);
	hbuf_printf(b, "],\n\"d\":[%s],\n\"f\":[%s],\n\"l\":[%s],\n"
	    "\"fl\":[%s],\n\"v\":[%s]", p->d.s ? p->d.s : "",
	    p->f.s ? p->f.s : "", p->l.s ? p->l.s : "",
	    p->fl.s ? p->fl.s : "", p->v.s ? p->v.s : "");
	html_table(b, "strs", &p->strs, 0);
	html_table(b, "stacks", &p->stacks, 1);
	html_table(b, "locals", &p->locals, 1);
	html_table(b, "decs", &p->decs, 1);
	html_table(b, "spaces", &p->spaces, 1);
	if (html_figs(b, &p->figs) < 0)
		b->nomem = 1;
	hbuf_str(b, "}\n");
}

/* The whole page, in memory. Returns 0, or -1 out of memory. */
static int
html_assemble(struct html_page *p, struct hbuf *b)
{
	const char *c;
	char line[1024];
	size_t i;

	hbuf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n", i18n_str(
	    html_text_lang));
	hbuf_str(b, "<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"vmalab " PACKAGE_VERSION
	    "\">\n<title>vmalab: ");
	/* The title is the scenario's name: HTML-escape the few specials. */
	for (c = p->title; *c != '\0'; c++) {
		if (*c == '<')
			hbuf_str(b, "&lt;");
		else if (*c == '&')
			hbuf_str(b, "&amp;");
		else
			hbuf_add(b, c, 1);
	}
	hbuf_str(b, "</title>\n<style>\n");
	html_lines(b, html_page_css);
	hbuf_str(b, "</style>\n</head>\n<body>\n");
	for (c = *html_page_body, i = 0; c != NULL; c = html_page_body[++i])
		hbuf_str(b, html_text_line(c, line, sizeof(line)));
	/* What tests and scripts may read without inflating the run. */
	hbuf_printf(b, "<script type=\"application/json\" id=\"vmalab-run\" "
	    "data-nsteps=\"%llu\" data-figures=\"%zu\" data-predict=\"%d\">"
	    "\n", (unsigned long long)p->nsteps, p->figs.n,
	    p->head.predict ? 1 : 0);
	html_json(p, b);
	hbuf_str(b, "</script>\n<script>\n");
	html_lines(b, html_page_js);
	hbuf_str(b, "</script>\n</body>\n</html>\n");
	return b->nomem ? -1 : 0;
}

static int
html_write_fp(FILE *fp, const struct hbuf *b)
{
	return fwrite(b->s, 1, b->len, fp) == b->len ? 0 : -1;
}

int
html_page_write(struct html_page *p, const char *path, char *err,
    size_t errlen)
{
	struct hbuf b = { 0 };
	char *tmp = NULL;
	FILE *fp;
	int rc = -1;

	if (html_assemble(p, &b) < 0) {
		snprintf(err, errlen, "%s", _("out of memory"));
		goto out;
	}
	if (path == NULL) {
		if (html_write_fp(stdout, &b) < 0 || fflush(stdout) != 0)
			snprintf(err, errlen, _("write error: %s"),
			    strerror(errno));
		else
			rc = 0;
		goto out;
	}
	if ((tmp = malloc(strlen(path) + sizeof ".tmp")) == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		goto out;
	}
	sprintf(tmp, "%s.tmp", path);
	if ((fp = fopen(tmp, "wb")) == NULL) {
		snprintf(err, errlen, _("cannot write %s: %s"), tmp,
		    strerror(errno));
		goto out;
	}
	if (html_write_fp(fp, &b) < 0) {
		snprintf(err, errlen, _("%s: write error: %s"), tmp,
		    strerror(errno));
		fclose(fp);
	} else if (fclose(fp) != 0)
		snprintf(err, errlen, _("%s: write error: %s"), tmp,
		    strerror(errno));
	else if (rename(tmp, path) != 0)
		snprintf(err, errlen, _("cannot rename %s to %s: %s"), tmp,
		    path, strerror(errno));
	else
		rc = 0;
	if (rc != 0)
		remove(tmp);
out:
	free(tmp);
	free(b.s);
	return rc;
}
