/*
 * html-text.c - the fixed texts of vmalab html's page, for translation.
 *
 * The page's body and script (graphs/page/) are written in English. For
 * another language the page carries, in its run object, "text": a map
 * from each of these English texts to its translation, and page.js looks
 * a text up there (tr()) before showing it: the static texts of page.html
 * once when the page opens, the script's as it draws. An English page
 * carries no map, so it is what it was.
 *
 * Each string must be exactly the text of page.html (a text node trimmed,
 * a title or an aria-label) or the argument of a tr() in page.js:
 * tests/i18n.sh checks that both sides agree.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <string.h>

#include "trace/i18n.h"
#include "html.h"

/* TRANSLATORS: the page's language, for HTML's lang attribute: ko, ja. */
const char *const html_text_lang = N_("en");

const char *const html_texts[] = {
	/* page.html */
	N_("Skip to the listing"),
	N_("step"),
	N_("of"),
	N_("| syscall"),
	N_("Stepping"),
	N_("Forward"),
	N_("next line, over calls (n)"),
	N_("Next"),
	N_("step, into calls (s)"),
	N_("Step"),
	N_("finish the function (f)"),
	N_("Finish"),
	N_("continue to a breakpoint (c)"),
	N_("Continue"),
	N_("Back"),
	N_("back over calls (N)"),
	N_("step back (S)"),
	N_("Step back"),
	N_("back to the call (F)"),
	N_("To caller"),
	N_("back to a breakpoint (C)"),
	N_("Back to break"),
	N_("System calls and breakpoints"),
	N_("previous system call ([)"),
	N_("Previous call"),
	N_("next system call (])"),
	N_("Next call"),
	N_("breakpoint on the current line (space)"),
	N_("Breakpoint"),
	N_("help (?)"),
	N_("Help"),
	N_("Go to step"),
	N_("Go"),
	N_("Predict the branch"),
	N_("Taken?"),
	N_("Taken"),
	N_("Not taken"),
	N_("Decision"),
	N_("Call stack"),
	N_("Locals"),
	N_("changed"),
	N_("name"),
	N_("value"),
	N_("Scenario"),
	N_("Address space, log scale"),
	N_("VMA tree"),
	N_("zoom out (-)"),
	N_("Zoom out"),
	N_("zoom in (+)"),
	N_("Zoom in"),
	N_("Border"),
	N_("orange"),
	N_(": visited, numbered in order;"),
	N_("blue"),
	N_(": the search is here (also outlined);"),
	N_("green"),
	N_(": the chosen gap; faded, dashed: skipped. Red and black: the node's colour."),
	N_("vmalab: the kernel's brk/mmap path, line by line"),
	N_("next line (over calls) / back over calls"),
	N_("step (into calls) / step back"),
	N_("finish the function / back to the call"),
	N_("continue to a breakpoint / back to one"),
	N_("breakpoint on the current line (or click a line)"),
	N_("go to step N (type it, then Enter)"),
	N_("previous / next system call"),
	N_("zoom the tree"),
	N_("with --predict: taken / not taken"),
	N_("move between the buttons and the slider"),
	N_("this help; any key closes it"),
	N_("Close"),
	N_("This page steps through a recorded run with JavaScript; turn it on to use it."),
	/* page.js; TRANSLATORS: keep a trailing space: the page appends a value. */
	N_("at the first step"),
	N_("at the last step"),
	N_("not in a function: use [ and ] for system calls"),
	N_("no breakpoint before: at the first step"),
	N_("no breakpoint ahead: at the last step"),
	N_("right: "),
	N_("wrong: "),
	N_("TAKEN. "),
	N_("not taken. "),
	N_("system call"),
	N_("listing of "),
	N_("TAKEN"),
	N_("not taken"),
	N_("no decision on this line"),
	N_("Taken?"),
	N_("press y or n"),
	N_("Taken means: "),
	N_("kernel listing: "),
	N_("the system call itself"),
	N_("changed"),
	N_("none yet"),
	N_("none"),
	N_("skipped"),
	N_("expected"),
	N_("as expected"),
	N_("free"),
	N_("the gap the search looks at: "),
	N_("search"),
	N_("VMAs"),
	N_("length "),
	N_("the search is at "),
	N_("no search here"),
	N_("predict "),
	N_("predict: will this branch be taken? press y or n"),
	N_("not taken; taken means: "),
	N_("n next  s step  f finish  c continue  N S F C back  space break  g go  [ ] calls  ? help"),
	N_("step"),
	N_("of"),
	N_("no listing here to set a breakpoint in: step into a function first"),
	N_("breakpoint set at "),
	N_("breakpoint removed from "),
	N_("predict first: y (taken) or n (not taken)"),
	N_("go to step: expected a number from 1 to "),
	NULL
};

/*
 * A line of page.html's body as the page should carry it: the <noscript>
 * text is shown only when the script is off, so page.js cannot translate
 * it: it is translated here, into buf (HTML-escaped). Any other line, or
 * an English page, is `line` itself.
 */
const char *
html_text_line(const char *line, char *buf, size_t len)
{
	static const char open[] = "<noscript><p>", close[] =
	    "</p></noscript>\n";
	const char *t;
	size_t n, o = sizeof(open) - 1, c = sizeof(close) - 1, k;

	if (strncmp(line, open, o) != 0 || (n = strlen(line)) < o + c ||
	    strcmp(line + n - c, close) != 0 || n - o - c >= len)
		return line;
	memcpy(buf, line + o, n - o - c);
	buf[n - o - c] = '\0';
	if ((t = i18n_str(buf)) == buf || strcmp(t, buf) == 0)
		return line;
	memcpy(buf, open, o);
	for (k = o; *t != '\0' && k + 6 + c < len; t++) {
		if (*t == '<' || *t == '>' || *t == '&') {
			memcpy(buf + k, *t == '<' ? "&lt;" : *t == '>' ?
			    "&gt;" : "&amp;", *t == '&' ? 5 : 4);
			k += *t == '&' ? 5 : 4;
		} else
			buf[k++] = *t;
	}
	memcpy(buf + k, close, c + 1);
	return buf;
}
