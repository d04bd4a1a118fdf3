/*
 * cmd-scenario.c - vmalab scenario: print a built-in scenario, so that an
 * instructor can copy it and edit it.
 *
 *   vmalab scenario              the built-in scenarios and their titles
 *   vmalab scenario lecture1     the text of one
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>

#include "trace/i18n.h"
#include "vmalab.h"

static int	cmd_scenario_exec(const struct cmd_entry *, int, char **);

const struct cmd_entry cmd_scenario_entry = {
	.name = "scenario",
	.usage = "[NAME]",
	.summary = N_("print a built-in scenario, or list them"),
	.help =
	    N_("The output is a scenario file: vmalab scenario lecture1 > my.scn"
	    ", edit,\nthen vmalab run my.scn. lecture1 is the one "
	    "plain vmalab and vmalab run\nwithout a SCENARIO replay.\n"),
	.exec = cmd_scenario_exec,
};

static int
cmd_scenario_exec(const struct cmd_entry *cmd, int argc, char **argv)
{
	const struct builtin *const *b, *one;
	const char *name = NULL;
	struct vmalab_getopt g;
	int id;

	vmalab_getopt_init(&g, cmd, argc, argv);
	while ((id = vmalab_getopt_next(&g)) != VMALAB_OPT_END) {
		if (id == VMALAB_OPT_HELP)
			return vmalab_cmd_help(cmd, stdout);
		if (id == VMALAB_OPT_ERROR)
			return EXIT_USAGE;
		if (name != NULL)
			return vmalab_usage_error(cmd, "only one scenario "
			    "name, please");
		name = g.arg;
	}
	if (name == NULL) {
		for (b = builtins; *b != NULL; b++)
			printf("%-12s %s\n", (*b)->name, (*b)->title);
		return 0;
	}
	if ((one = builtin_find(name)) == NULL) {
		vmalab_error("no built-in scenario '%s' (vmalab scenario "
		    "lists them)", name);
		return EXIT_INPUT;
	}
	fputs(one->text, stdout);
	return 0;
}
