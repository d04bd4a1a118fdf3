#!/usr/bin/env python3
# i18n-page.py TOP: the texts of vmalab html's page (graphs/page/page.html's
# text nodes, titles and aria-labels; page.js's tr() arguments) against
# graphs/html-text.c's table, the translatable copy. Prints one line per
# text found on one side only; nothing when they agree. (tests/i18n.sh)
import json, re, sys
from html.parser import HTMLParser

top = sys.argv[1]
KEYS = {"vmalab", "n", "s", "f", "c", "N", "S", "F", "C", "g", "y",
        "space", "Tab", "Esc"}      # key names and the brand stay as they are

def cstrings(text):
    return [json.loads('"%s"' % p) for p in
            re.findall(r'"((?:[^"\\]|\\.)*)"', text)]

table = set()
src = open(top + "/graphs/html-text.c", encoding="utf-8").read()
for m in re.finditer(r'\bN_\(((?:"(?:[^"\\]|\\.)*"\s*)+)\)', src):
    table.add("".join(cstrings(m.group(1))))
table.discard("en")

page = set()
class P(HTMLParser):
    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("title", "aria-label") and v:
                page.add(v)
    def handle_data(self, d):
        s = d.strip()
        if s and any(c.isalpha() for c in s):
            page.add(s)
P().feed(open(top + "/graphs/page/page.html", encoding="utf-8").read())
js = open(top + "/graphs/page/page.js", encoding="utf-8").read()
for m in re.finditer(r'\btr\(((?:"(?:[^"\\]|\\.)*"\s*\+?\s*)+)\)', js):
    page.add("".join(cstrings(m.group(1))))
page -= KEYS
for s in sorted(page - table):
    print("not in graphs/html-text.c: %r" % s)
for s in sorted(table - page):
    print("not on the page: %r" % s)
