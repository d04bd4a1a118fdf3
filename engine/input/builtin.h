/*
 * builtin.h - the built-in scenarios: the ones plain `vmalab` and
 * `vmalab run` without a SCENARIO replay, and `vmalab scenario` prints.
 */
#ifndef VMALAB_BUILTIN_H
#define VMALAB_BUILTIN_H

struct builtin {
	const char	*name;		/* "lecture1" */
	const char	*title;		/* one line */
	const char	*text;		/* the scenario file */
};

extern const struct builtin *const builtins[];	/* NULL-terminated */
#define BUILTIN_DEFAULT	"lecture1"

/* Returns the built-in scenario `name`, or NULL. */
const struct builtin *builtin_find(const char *name);

#endif
