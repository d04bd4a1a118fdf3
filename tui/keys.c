/*
 * keys.c - the --keys language: what a handout or a test types.
 *
 *   --keys "n n s N"            four keys
 *   --keys "g 120 Enter"        g, then 1 2 0, then Enter
 *   --keys "Space c"            a breakpoint on the line, then continue
 *   --keys "Resize:20x6 Resize:100x30 q"
 *   --keys "Click:12,5"         a left click on column 12, row 5 (from 0)
 *
 * Words are separated by blanks; a word that is not a key name is typed
 * character by character.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/i18n.h"
#include "tui.h"

static const struct {
	const char	*name;
	int		 code;
} tui_key_names[] = {
	{ "Enter", KEY_T_ENTER }, { "Space", ' ' }, { "Tab", KEY_T_TAB },
	{ "BTab", KEY_T_BTAB }, { "Esc", KEY_T_ESC }, { "BSpace", KEY_T_BS },
	{ "Up", KEY_T_UP }, { "Down", KEY_T_DOWN }, { "Left", KEY_T_LEFT },
	{ "Right", KEY_T_RIGHT }, { "PgUp", KEY_T_PGUP },
	{ "PgDn", KEY_T_PGDN }, { "Home", KEY_T_HOME }, { "End", KEY_T_END },
	{ "C-c", KEY_T_INTR },
};

/* Appends a key; returns 0 or -1. */
static int
tui_keys_add(struct tui_key **v, int *n, int *cap, int code, int x, int y)
{
	struct tui_key *grown;

	if (*n == *cap) {
		int c = *cap ? *cap * 2 : 16;

		if ((grown = realloc(*v, (size_t)c * sizeof *grown)) == NULL)
			return -1;
		*v = grown;
		*cap = c;
	}
	(*v)[*n].code = code;
	(*v)[*n].x = x;
	(*v)[*n].y = y;
	(*n)++;
	return 0;
}

static int
tui_keys_word(const char *w, size_t len, struct tui_key **v, int *n,
    int *cap, char *err, size_t errlen)
{
	char word[64], extra;
	size_t i;
	int x, y;

	if (len >= sizeof word) {
		snprintf(err, errlen, _("--keys: '%.*s' is too long"), (int)len,
		    w);
		return -1;
	}
	memcpy(word, w, len);
	word[len] = '\0';
	for (i = 0; i < sizeof tui_key_names / sizeof tui_key_names[0]; i++)
		if (strcmp(word, tui_key_names[i].name) == 0)
			return tui_keys_add(v, n, cap, tui_key_names[i].code, 0,
			    0);
	if (strncmp(word, "Resize:", 7) == 0) {
		if (sscanf(word + 7, "%dx%d%c", &x, &y, &extra) != 2 || x < 1 ||
		    y < 1 || x > 1000 || y > 1000) {
			snprintf(err, errlen, _("--keys: '%s': expected "
			    "Resize:COLSxROWS"), word);
			return -1;
		}
		return tui_keys_add(v, n, cap, KEY_T_RESIZE, x, y);
	}
	if (strncmp(word, "Click:", 6) == 0) {
		if (sscanf(word + 6, "%d,%d%c", &x, &y, &extra) != 2 || x < 0 ||
		    y < 0) {
			snprintf(err, errlen, _("--keys: '%s': expected "
			    "Click:COL,ROW"), word);
			return -1;
		}
		return tui_keys_add(v, n, cap, KEY_T_CLICK, x, y);
	}
	for (i = 0; i < len; i++) {
		if (!isprint((unsigned char)word[i])) {
			snprintf(err, errlen, _("--keys: '%s' is not a key"),
			    word);
			return -1;
		}
		if (tui_keys_add(v, n, cap, (unsigned char)word[i], 0, 0) < 0)
			return -1;
	}
	return 0;
}

int
tui_keys_parse(const char *s, struct tui_key **out, char *err, size_t errlen)
{
	struct tui_key *v = NULL;
	int n = 0, cap = 0;
	size_t len;

	if (errlen > 0)
		err[0] = '\0';
	while (*s != '\0') {
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		len = strcspn(s, " \t\n");
		if (tui_keys_word(s, len, &v, &n, &cap, err, errlen) < 0) {
			if (err[0] == '\0')
				snprintf(err, errlen, _("out of memory"));
			free(v);
			return -1;
		}
		s += len;
	}
	*out = v;
	return n;
}
