#!/bin/bash
# tests/layers.sh - the include arrows run one way.
#
# Each folder of the source has a rank; a file may include its own
# folder's headers and those of the folders below it, never one above.
# The engine's layers, lowest first:
#
#   engine/trace  <-  engine/kernel  <-  engine/malloc, engine/input
#                 <-  engine/run
#
# and over the engine, side by side: labs/grader, tui, graphs, then the
# command files at the top (vmalab.c, cmd-*.c), which may use them all.
# An include of "config.h" or of a system header (<...>) is always fine, and
# so is a folder's own header named by its folder (the generated
# engine/trace/listings.c includes "trace/listing.h": it is written in the
# build tree, beside no header).
# Within a folder a header is named by its file name ("mm.h"), across
# folders by its folder ("kernel/mm.h"); an unqualified name that is not
# in the including file's own folder is reported too, since it would only
# resolve through a -I that hides the arrow.
set -u

. "${top_srcdir:?}/tests/tap.sh"
VMALAB=${VMALAB-/bin/true}
tap_start layers

# What each folder may include from other folders ("-" for nothing).
declare -A may=(
	[engine/trace]="-"
	[engine/kernel]="trace"
	[engine/malloc]="trace kernel"
	[engine/input]="trace kernel"
	[engine/run]="trace kernel malloc input"
	[labs/grader]="trace kernel malloc input run"
	[tui]="trace kernel malloc input run"
	[graphs]="trace kernel malloc input run"
)

# check_dir DIR: print each include of a file in DIR that breaks the rule.
check_dir() {
	local dir=$1 f inc layer
	for f in "$top_srcdir/$dir"/*.[ch]; do
		test -f "$f" || continue
		# Generated files are not in the source tree; skip none here.
		grep -o '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]*"' "$f" |
		    sed 's/.*"\(.*\)"/\1/' |
		while read -r inc; do
			case $inc in
			config.h) continue ;;
			*/*)
				layer=${inc%%/*}
				case " ${may[$dir]} ${dir#*/} " in
				*" $layer "*) ;;
				*) echo "${f#"$top_srcdir"/}: includes \"$inc\"" \
				    "(a layer $dir may not use)" ;;
				esac
				;;
			*)
				test -f "$top_srcdir/$dir/$inc" ||
					echo "${f#"$top_srcdir"/}: includes \"$inc\"," \
					    "which is not in $dir/"
				;;
			esac
		done
	done
}

for dir in engine/trace engine/kernel engine/malloc engine/input engine/run \
    labs/grader tui graphs; do
	bad=$(check_dir "$dir")
	if test -z "$bad"; then
		ok "$dir includes only from the layers below it"
	else
		not_ok "$dir includes only from the layers below it"
		printf '%s\n' "$bad" | sed 's/^/# /'
	fi
done

# The engine is libc only: no curses, no graphviz, no Check.
bad=$(grep -rln -e '#[[:space:]]*include[[:space:]]*<\(n\?curses\|gvc\|cgraph\|check\)\.h>' \
    "$top_srcdir"/engine --include='*.[ch]' || true)
if test -z "$bad"; then
	ok "the engine includes no curses, graphviz or Check header"
else
	not_ok "the engine includes no curses, graphviz or Check header"
	printf '# %s\n' $bad
fi

# A sanity check on the check itself: an upward include is caught.
mkdir -p "$tmp/engine/kernel"
printf '#include "run/run.h"\n' >"$tmp/engine/kernel/bad.c"
caught=$(top_srcdir=$tmp check_dir engine/kernel)
case $caught in
*'includes "run/run.h"'*) ok "an upward include (kernel -> run) is reported" ;;
*) not_ok "an upward include (kernel -> run) is reported" ;;
esac

tap_end
