#!/bin/sh
# mkautograder.sh - a lab's Gradescope autograder zip.
#
#   mkautograder.sh SRCDIR LAB TARBALL OUT.zip
#
# TARBALL is vmalab's release tarball (make dist). The zip holds, at its
# root as Gradescope requires: setup.sh (installs the build dependencies,
# builds and installs vmalab from the tarball), run_autograder (grades
# /autograder/submission with the hidden tests and writes
# /autograder/results/results.json), the tarball, and labs/ (the tests,
# hidden ones included, and the student header).
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

cat >"$tmp/setup.sh" <<SETUP
#!/bin/bash
# setup.sh - runs once, as root, when Gradescope builds the image.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends build-essential pkg-config \\
	libncurses-dev check libsubunit-dev libgraphviz-dev >/dev/null
cd /autograder/source
tar xzf $tb
cd ${tb%.tar.gz}
./configure -q --prefix=/usr/local
make -j"\$(nproc)"
make install
SETUP

cat >"$tmp/run_autograder" <<RUN
#!/bin/bash
# run_autograder - grades one submission for $lab.
#
# The student's files may sit in a folder of the upload: the folder that
# holds the first of them is graded. vmalab writes results.json; should it
# fail to (it should not), a result that says so is written instead.
results=/autograder/results/results.json
mkdir -p /autograder/results
sub=/autograder/submission
first=\$(awk '\$1 == "file" || \$1 == "extra" { print \$2; exit }' /autograder/source/labs/$lab/lab.conf)
found=\$(find "\$sub" -name "\$first" -type f 2>/dev/null | head -n 1)
if [ -n "\$found" ]; then
	sub=\$(dirname "\$found")
fi
rm -f "\$results"
vmalab grade $lab "\$sub" --labs /autograder/source/labs --json "\$results"
if [ ! -s "\$results" ]; then
	printf '{"score": 0, "output": "The grader could not run; tell your instructor.", "tests": []}\n' >"\$results"
fi
exit 0
RUN
chmod +x "$tmp/setup.sh" "$tmp/run_autograder"

rm -f "$out"
(cd "$tmp" && zip -qr "$out" setup.sh run_autograder "$tb" labs)
