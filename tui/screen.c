/*
 * screen.c - the grid of cells every pane draws into. The terminal
 * module copies it to curses; --dump prints it. Keeping one grid for both
 * is what makes the headless screens the real ones.
 *
 * A cell holds one code point of one column. The stepper draws only
 * ASCII, box drawing, arrows and blocks, all one column wide; text from
 * a scenario (a path) may hold anything, and a code point that is not
 * printable in one column is shown as '?'.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
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

/* The code point a cell may hold. */
static uint32_t
tui_screen_printable(const struct tui_screen *s, uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return '?';
	if (cp >= 0x80 && s->ascii)
		return '?';
	/* The stepper's own glyphs are one column in any UTF-8 locale. */
	if ((cp >= 0x2190 && cp < 0x2200) || (cp >= 0x2500 && cp < 0x2600) ||
	    cp == 0x00b7 || cp == 0x2026 || cp == 0x2713 || cp == 0x2717)
		return cp;
	if (cp >= 0x80 && wcwidth((wchar_t)cp) != 1)
		return '?';
	return cp;
}

int
tui_text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	int n = 0;

	while (*p != '\0') {
		p += tui_utf8_decode(p, &cp);
		n++;
	}
	return n;
}

int
tui_screen_put(struct tui_screen *s, int x, int y, int maxw,
    enum tui_role role, const char *str)
{
	const unsigned char *p = (const unsigned char *)str;
	struct tui_cell *c;
	uint32_t cp;
	int n = 0;

	if (y < 0 || y >= s->h || str == NULL)
		return 0;
	if (x + maxw > s->w)
		maxw = s->w - x;
	while (*p != '\0' && n < maxw) {
		p += tui_utf8_decode(p, &cp);
		if (cp == '\t')
			cp = ' ';
		if (x + n >= 0) {
			c = &s->cells[y * s->w + x + n];
			c->ch = tui_screen_printable(s, cp);
			c->role = (uint8_t)role;
		}
		n++;
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
			tui_utf8_put(fp, row[x].ch);
		fputc('\n', fp);
	}
	return ferror(fp) ? -1 : 0;
}
