#!/bin/sh
# mkautograder.sh - a lab's Gradescope autograder zip.
#
#   mkautograder.sh SRCDIR LAB TARBALL OUT.zip
#
# TARBALL is vmalab's release tarball (make dist). The zip holds, at its
# root as Gradescope requires: setup.sh (installs the build dependencies
# and bubblewrap, builds and installs vmalab from the tarball),
# run_autograder (grades /autograder/submission with the hidden tests and
# writes /autograder/results/results.json), autograder.conf (the
# instructor's settings), the tarball, and labs/ (the tests, hidden ones
# included, the student header, the test program's side of the grader
# and the engine sources the lab's functions are cut from).
#
# autograder.conf:
#   hidden-seed N         the seed of the generated hidden tests: keep the
#                         zip to yourself (default: HIDDEN_SEED from the
#                         environment, else a random one)
#   feedback full|names|score   what a hidden test shows students
#   sandbox yes|no        no: grade without bubblewrap where the image
#                         cannot make namespaces (the code then runs as
#                         root beside the grader)
#
# POSIX sh; needs zip. Errors: "mkautograder.sh: message", exit 1.
set -eu

die() {
	printf 'mkautograder.sh: %s\n' "$*" >&2
	exit 1
}

[ $# -eq 4 ] || die "usage: mkautograder.sh SRCDIR LAB TARBALL OUT.zip"
srcdir=$1 lab=$2 tarball=$3 out=$4
[ -f "$srcdir/labs/$lab/lab.conf" ] || die "$lab: no such lab"
[ -f "$tarball" ] || die "$tarball: no such file (make dist first)"
command -v zip >/dev/null 2>&1 || die "zip is not installed (Debian: apt-get install zip)"

case $out in
/*) ;;
*) out=$(pwd)/$out ;;
esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmalab-autograder.XXXXXX")
trap 'rm -rf "$tmp"' 0
trap 'exit 1' HUP INT TERM

cp "$tarball" "$tmp/"
tb=$(basename "$tarball")
mkdir -p "$tmp/labs"
cp -R "$srcdir/labs/include" "$srcdir/labs/common" "$srcdir/labs/$lab" "$tmp/labs/"
mkdir -p "$tmp/labs/grader" "$tmp/labs/engine/kernel"
for f in grade-stu.c grade-wire.c grade-wire.h grade-sys.c grade-sys.h; do
	cp "$srcdir/labs/grader/$f" "$tmp/labs/grader/"
done
cp "$srcdir/engine/kernel/mmap.c" "$srcdir/engine/kernel/vma.c" \
    "$tmp/labs/engine/kernel/"
seed=${HIDDEN_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
cat >"$tmp/autograder.conf" <<CONF
# autograder.conf - the instructor's settings (see labs/README.md).
hidden-seed $seed
feedback full
sandbox yes
CONF

cat >"$tmp/setup.sh" <<SETUP
#!/bin/bash
# setup.sh - runs once, as root, when Gradescope builds the image.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends build-essential pkg-config \\
	libncurses-dev check libsubunit-dev libgraphviz-dev bubblewrap >/dev/null
cd /autograder/source
tar xzf $tb
cd ${tb%.tar.gz}
./configure -q --prefix=/usr/local
make -j"\$(nproc)"
make install
SETUP

cat >"$tmp/run_autograder" <<'RUN'
#!/bin/bash
# run_autograder - grades one submission for @LAB@.
#
# The student's files may sit in a folder of the upload: the folder that
# holds the first of them is graded. vmalab writes results.json, every
# test listed whatever the submission did; should it fail to (it should
# not), a result that says so is written instead. AUTOGRADER_ROOT (empty
# on Gradescope) moves /autograder elsewhere, for a rehearsal.
root=${AUTOGRADER_ROOT:-}
src=$root/autograder/source
results=$root/autograder/results/results.json
mkdir -p "$root/autograder/results"
sub=$root/autograder/submission
conf() { awk -v k="$1" '$1 == k { print $2; exit }' "$src/autograder.conf" 2>/dev/null; }
opts=()
seed=$(conf hidden-seed)
[ -n "$seed" ] && opts+=(--hidden-seed "$seed")
fb=$(conf feedback)
[ -n "$fb" ] && opts+=(--feedback "$fb")
[ "$(conf sandbox)" = no ] && opts+=(--no-sandbox)
first=$(awk '$1 == "file" || $1 == "extra" { print $2; exit }' "$src/labs/@LAB@/lab.conf")
found=$(find "$sub" -name "$first" -type f 2>/dev/null | head -n 1)
if [ -n "$found" ]; then
	sub=$(dirname "$found")
fi
rm -f "$results"
vmalab grade @LAB@ "$sub" --labs "$src/labs" --json "$results" "${opts[@]}"
if [ ! -s "$results" ]; then
	printf '{"score": 0, "output": "The grader could not run; tell your instructor.", "tests": []}\n' >"$results"
fi
exit 0
RUN
sed "s/@LAB@/$lab/g" "$tmp/run_autograder" >"$tmp/run_autograder.tmp"
mv "$tmp/run_autograder.tmp" "$tmp/run_autograder"
chmod +x "$tmp/setup.sh" "$tmp/run_autograder"

rm -f "$out"
(cd "$tmp" && zip -qr "$out" setup.sh run_autograder autograder.conf "$tb" labs)
