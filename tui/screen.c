/*
 * screen.c - the grid of cells every pane draws into. The terminal
 * module copies it to curses; --dump prints it. Keeping one grid for both
 * is what makes the headless screens the real ones.
 *
 * A cell holds one code point of one column, or the left half of a
 * double-width character (Korean, Japanese) whose right half is the next
 * cell, marked with ch 0. Text is measured in columns (wcwidth), cut and
 * wrapped between characters, never inside one; a code point that is
 * not printable is shown as '?'.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui.h"

const struct tui_glyphs tui_glyphs_utf8 = {
	.vline = "\u2502", .hline = "\u2500", .ellipsis = "\u2026",
	.cur = "\u25b6", .bp = "\u25cf", .changed = "*",
	.br_up = "\u250c\u2500 ", .br_down = "\u2514\u2500 ",
	.br_pipe = "\u2502  ", .br_none = "   ",
	.vma_a = "\u2588", .vma_b = "\u2593", .gap = "\u00b7",
	.cand = "\u2591",
	.arrow = "\u2192", .ok = "\u2713", .notok = "\u2717",
	.tl = "\u250c", .tr = "\u2510", .bl = "\u2514", .brc = "\u2518",
	.t_up = "\u2534", .arrow_up = "\u2191", .lcur = "\u203a",
};

const struct tui_glyphs tui_glyphs_ascii = {
	.vline = "|", .hline = "-", .ellipsis = "~",
	.cur = ">", .bp = "*", .changed = "*",
	.br_up = "/- ", .br_down = "\\- ",
	.br_pipe = "|  ", .br_none = "   ",
	.vma_a = "#", .vma_b = "=", .gap = ".", .cand = "?",
	.arrow = "->", .ok = "ok", .notok = "X",
	.tl = "+", .tr = "+", .bl = "+", .brc = "+",
	.t_up = "+", .arrow_up = "^", .lcur = ")",
};

int
tui_screen_resize(struct tui_screen *s, int w, int h)
{
	struct tui_cell *c;

	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	if (w != s->w || h != s->h) {
		if ((c = calloc((size_t)w * (size_t)h, sizeof *c)) == NULL)
			return -1;
		free(s->cells);
		s->cells = c;
		s->w = w;
		s->h = h;
	}
	tui_screen_clear(s);
	return 0;
}

void
tui_screen_free(struct tui_screen *s)
{
	free(s->cells);
	s->cells = NULL;
	s->w = s->h = 0;
}

void
tui_screen_clear(struct tui_screen *s)
{
	int i, n = s->w * s->h;

	for (i = 0; i < n; i++) {
		s->cells[i].ch = ' ';
		s->cells[i].role = ROLE_NORMAL;
	}
}

/* Decodes one UTF-8 sequence; returns its length (>= 1) and *cp. */
static int
tui_utf8_decode(const unsigned char *p, uint32_t *cp)
{
	int n, i;
	uint32_t c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2;
		c = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3;
		c = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4;
		c = p[0] & 0x07;
	} else {
		*cp = '?';
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*cp = '?';
			return i;
		}
		c = c << 6 | (p[i] & 0x3f);
	}
	*cp = c;
	return n;
}

static int tui_cp_cols(uint32_t);

int
tui_text_width_upto(const char *s, int n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	int cols = 0, k = 0;

	while (k < n && p[k] != '\0') {
		k += tui_utf8_decode(p + k, &cp);
		cols += tui_cp_cols(cp);
	}
	return cols;
}

/* The code point a cell may hold. */
static uint32_t
tui_screen_printable(const struct tui_screen *s, uint32_t cp)
{
	int w;

	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return '?';
	if (cp >= 0x80 && s != NULL && s->ascii)
		return '?';
	/* The stepper's own glyphs are one column in any UTF-8 locale. */
	if ((cp >= 0x2190 && cp < 0x2200) || (cp >= 0x2500 && cp < 0x2600) ||
	    cp == 0x00b7 || cp == 0x2026 || cp == 0x2713 || cp == 0x2717)
		return cp;
	if (cp >= 0x80 && (w = wcwidth((wchar_t)cp)) != 1 && w != 2)
		return '?';
	return cp;
}

/*
 * The columns a code point takes: 2 for the double-width characters of
 * Korean and Japanese (wcwidth, in the LC_CTYPE main set up), else 1.
 * On an ASCII screen a wide character still takes its two columns (as
 * "??"), so that text measures the same on either screen.
 */
static int
tui_cp_cols(uint32_t cp)
{
	if (cp < 0x1100 || (cp >= 0x2190 && cp < 0x2600))
		return 1;
	return wcwidth((wchar_t)cp) == 2 ? 2 : 1;
}

int
tui_text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	int n = 0;

	while (*p != '\0') {
		p += tui_utf8_decode(p, &cp);
		n += tui_cp_cols(cp);
	}
	return n;
}

int
tui_text_fit(const char *s, int w)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	int n = 0, k;

	while (*p != '\0') {
		k = tui_utf8_decode(p, &cp);
		if (n + tui_cp_cols(cp) > w)
			break;
		n += tui_cp_cols(cp);
		p += k;
	}
	return (int)(p - (const unsigned char *)s);
}

/* Korean puts blanks between words: a row breaks at those only. */
static int
tui_text_hangul(uint32_t cp)
{
	return (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x1100 &&
	    cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f);
}

/*
 * May a row start at p? Not with a closing mark, a comma or a full stop,
 * nor with the Japanese long-vowel mark or a small kana (kinsoku).
 */
static int
tui_text_nostart(const unsigned char *p)
{
	static const char *const no[] = { "\u3001", "\u3002", "\uff09",
	    "\u300d", "\u300f", "\u30fc", "\u30c3", "\u30e3", "\u30e5",
	    "\u30e7", "\u30a1", "\u30a3", "\u30a5", "\u30a7", "\u30a9",
	    "\u3063", "\u3083", "\u3085", "\u3087", "\uff0c", "\uff1a",
	    NULL };
	int i;

	if (*p == '\0' || strchr(")],.:;!?", *p) != NULL)
		return 1;
	for (i = 0; no[i] != NULL; i++)
		if (strncmp((const char *)p, no[i], strlen(no[i])) == 0)
			return 1;
	return 0;
}

/*
 * Where a row of at most w columns may end in s: after the last blank
 * that fits, or after a double-width character (Japanese puts no blanks
 * between words), when that leaves the row at least a third full; else
 * where the columns run out. Returns the bytes of the row.
 */
static int
tui_text_break(const char *s, int w)
{
	const unsigned char *p = (const unsigned char *)s;
	int fit = tui_text_fit(s, w), best = 0, cols = 0, k;
	uint32_t cp;

	if (s[fit] == '\0')
		return fit;
	for (k = 0; k < fit; ) {
		int n = tui_utf8_decode(p + k, &cp), cw = tui_cp_cols(cp);

		k += n;
		cols += cw;
		/* Not before what closes or continues the text before. */
		if (cp == ' ' || (cw == 2 && !tui_text_hangul(cp) &&
		    !tui_text_nostart(p + k)))
			best = k;
	}
	/* A blank right after the row: it ends the row whole. */
	if (s[fit] == ' ')
		best = fit;
	if (best == 0 || tui_text_width_upto(s, best) * 3 < w)
		best = fit;
	return best > 0 ? best : (int)strlen(s) > 0 ?
	    tui_utf8_decode(p, &cp) : 0;
}

int
tui_text_wrap(const char *s, int w, int *off, int *len, int max)
{
	int pos = 0, n = 0, k;

	if (w < 1)
		w = 1;
	while (s[pos] != '\0') {
		k = tui_text_break(s + pos, w);
		if (n < max) {
			off[n] = pos;
			len[n] = k;
			/* No blanks at the end of a row. */
			while (len[n] > 0 && s[pos + len[n] - 1] == ' ')
				len[n]--;
		}
		n++;
		pos += k;
		while (s[pos] == ' ')
			pos++;
	}
	return n;
}

/*
 * Sets one cell to cp of cols columns (a double-width character owns the
 * cell after it, marked ch 0), and keeps every other wide character
 * whole: one half overwritten blanks the other.
 */
static void
tui_cell_set(struct tui_screen *s, int x, int y, uint32_t cp, int cols,
    enum tui_role role)
{
	struct tui_cell *row = &s->cells[y * s->w];
	int i;

	for (i = x; i < x + cols; i++) {
		if (row[i].ch == 0 && i > 0)
			row[i - 1].ch = ' ';
		if (i + 1 < s->w && row[i + 1].ch == 0)
			row[i + 1].ch = ' ';
	}
	row[x].ch = cp;
	row[x].role = (uint8_t)role;
	if (cols == 2) {
		row[x + 1].ch = 0;
		row[x + 1].role = (uint8_t)role;
	}
}

int
tui_screen_put(struct tui_screen *s, int x, int y, int maxw,
    enum tui_role role, const char *str)
{
	const unsigned char *p = (const unsigned char *)str;
	uint32_t cp;
	int n = 0, cw;

	if (y < 0 || y >= s->h || str == NULL)
		return 0;
	if (x + maxw > s->w)
		maxw = s->w - x;
	while (*p != '\0' && n < maxw) {
		p += tui_utf8_decode(p, &cp);
		if (cp == '\t')
			cp = ' ';
		cw = tui_cp_cols(cp);
		if (n + cw > maxw)
			break;		/* never half a character */
		cp = tui_screen_printable(s, cp);
		if (x + n < 0 && x + n + cw > 0) {
			tui_cell_set(s, 0, y, ' ', 1, role);
		} else if (x + n >= 0 && cw == 2 && cp == '?') {
			tui_cell_set(s, x + n, y, '?', 1, role);
			tui_cell_set(s, x + n + 1, y, '?', 1, role);
		} else if (x + n >= 0) {
			tui_cell_set(s, x + n, y, cp, cw, role);
		}
		n += cw;
	}
	return n < 0 ? 0 : n;
}

int
tui_screen_printf(struct tui_screen *s, int x, int y, int maxw,
    enum tui_role role, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return tui_screen_put(s, x, y, maxw, role, buf);
}

int
tui_screen_wrap(struct tui_screen *s, int x, int y, int w, int h,
    enum tui_role role, const char *str)
{
	int off[64], len[64], n, i;
	char row[512];

	if (w <= 0 || h <= 0)
		return 0;
	n = tui_text_wrap(str, w, off, len, 64);
	for (i = 0; i < n && i < h && i < 64; i++) {
		snprintf(row, sizeof row, "%.*s", len[i], str + off[i]);
		if (i == h - 1 && n > h) {
			/* No room for the rest: say so, never cut silently. */
			row[tui_text_fit(row, w - 1)] = '\0';
			tui_screen_put(s, x + tui_text_width(row), y + i, 1,
			    ROLE_DIM, s->ascii ? "~" : "\u2026");
		}
		tui_screen_put(s, x, y + i, w, role, row);
	}
	return i;
}

void
tui_screen_fill(struct tui_screen *s, int x, int y, int w,
    enum tui_role role, const char *ch)
{
	int i;

	for (i = 0; i < w; i++)
		tui_screen_put(s, x + i, y, 1, role, ch);
}

void
tui_screen_paint(struct tui_screen *s, int x, int y, int w,
    enum tui_role role)
{
	int i;

	if (y < 0 || y >= s->h)
		return;
	for (i = x < 0 ? 0 : x; i < x + w && i < s->w; i++)
		s->cells[y * s->w + i].role = (uint8_t)role;
}

/* Writes code point cp as UTF-8. */
static void
tui_utf8_put(FILE *fp, uint32_t cp)
{
	if (cp < 0x80) {
		fputc((int)cp, fp);
	} else if (cp < 0x800) {
		fputc((int)(0xc0 | cp >> 6), fp);
		fputc((int)(0x80 | (cp & 0x3f)), fp);
	} else if (cp < 0x10000) {
		fputc((int)(0xe0 | cp >> 12), fp);
		fputc((int)(0x80 | (cp >> 6 & 0x3f)), fp);
		fputc((int)(0x80 | (cp & 0x3f)), fp);
	} else {
		fputc((int)(0xf0 | cp >> 18), fp);
		fputc((int)(0x80 | (cp >> 12 & 0x3f)), fp);
		fputc((int)(0x80 | (cp >> 6 & 0x3f)), fp);
		fputc((int)(0x80 | (cp & 0x3f)), fp);
	}
}

int
tui_screen_dump(const struct tui_screen *s, FILE *fp)
{
	int x, y, end;

	for (y = 0; y < s->h; y++) {
		const struct tui_cell *row = &s->cells[y * s->w];

		for (end = s->w; end > 0 && row[end - 1].ch == ' '; end--)
			;
		for (x = 0; x < end; x++)
			if (row[x].ch != 0)	/* not a wide character's half */
				tui_utf8_put(fp, row[x].ch);
		fputc('\n', fp);
	}
	return ferror(fp) ? -1 : 0;
}
