#!/bin/bash
# fuzz-smoke.sh - a short fuzz run, part of make check: builds the
# libFuzzer targets (fuzz/), seeds their corpora from the test data,
# replays every crasher and corpus file, fuzzes each target for
# FUZZ_SMOKE_SECONDS (default 4), then runs vmalab on the crashers and on
# up to FUZZ_CLI_MAX corpus files per target (default 150): each must end
# in exit 0, or exit 1 with a "vmalab: " message and no half-written
# file, never a signal or a hang.
#
# Skips (77) when clang cannot link libFuzzer (Debian: clang
# libclang-rt-14-dev). `make fuzz FUZZ_SECONDS=N` is the long run.
src=${top_srcdir:-${srcdir:-.}/..}
exec "${BASH:-bash}" "$src/fuzz/fuzz.sh" smoke "${FUZZ_SMOKE_SECONDS:-4}"
