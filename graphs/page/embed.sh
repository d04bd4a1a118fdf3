#!/bin/sh
# embed.sh - graphs/page/'s files as C, for vmalab html (graphs/html.c).
#
#   sh embed.sh NAME FILE [NAME FILE]... > graphs/html-page.c
#
# Each FILE becomes `const char *const NAME[]`, one string a line (no
# literal is longer than a line, whatever the file's size), NULL ended.
# Backslashes, quotes and question marks (trigraphs) are escaped.
set -e
echo '/* Made by graphs/page/embed.sh from graphs/page/: do not edit. */'
echo '#include <stddef.h>'
while test $# -ge 2; do
	echo
	echo "extern const char *const $1[];"
	echo "const char *const $1[] = {"
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' \
	    -e 's/^/	"/' -e 's/$/\\n",/' "$2"
	echo '	NULL'
	echo '};'
	shift 2
done
