/*
 * cmd-listing.c - vmalab listing: the numbered listing of an engine
 * function, the one the trace's line numbers refer to.
 *
 *   vmalab listing sys_brk      "   1  unsigned long" ...
 *   vmalab listing              the functions that have a listing
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>

#include "trace/i18n.h"
#include "trace/listing.h"
#include "vmalab.h"

static int	cmd_listing_exec(const struct cmd_entry *, int, char **);

const struct cmd_entry cmd_listing_entry = {
	.name = "listing",
	.usage = "[FUNC]",
	.summary = N_("print the numbered listing of an engine function"),
	.help = N_(
	    "Lines are numbered from 1, the line of the function's signature;"
	    " the\nnumbers are those the trace shows (sys_brk:24). The "
	    "listing is generated\nfrom the engine's own source when vmalab "
	    "is built.\n"),
	.exec = cmd_listing_exec,
};

static void
cmd_listing_all(void)
{
	const struct listing *const *l;

	printf("%s\n", _("Functions with a numbered listing "
	    "(* instrumented in full: every line is a step):"));
	for (l = listings; *l != NULL; l++)
		printf("%c %-36s %s:%d\n", (*l)->instrumented ? '*' : ' ',
		    (*l)->name, (*l)->file, (*l)->first_src);
}

static void
cmd_listing_one(const struct listing *l)
{
	int i;

	for (i = 0; i < l->nlines; i++)
		printf("%4d  %s\n", i + 1, l->lines[i]);
}

static int
cmd_listing_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	const struct listing *l;
	const char *func = NULL;
	struct vmalab_getopt g;
	int id;

	vmalab_getopt_init(&g, cmd, argc, argv);
	while ((id = vmalab_getopt_next(&g)) != VMALAB_OPT_END) {
		if (id == VMALAB_OPT_HELP)
			return vmalab_cmd_help(cmd, stdout);
		if (id == VMALAB_OPT_ERROR)
			return EXIT_USAGE;
		if (func != NULL)
			return vmalab_usage_error(cmd, "only one function, "
			    "please (found '%s' and '%s')", func, g.arg);
		func = g.arg;
	}
	if (func == NULL) {
		cmd_listing_all();
		return 0;
	}
	if ((l = listing_find(func)) == NULL) {
		vmalab_error("no listing for '%s' (vmalab listing shows "
		    "which functions have one)", func);
		return EXIT_INPUT;
	}
	cmd_listing_one(l);
	return 0;
}
