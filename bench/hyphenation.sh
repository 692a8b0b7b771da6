#!/usr/bin/env bash
# Issue 19's build-time target: a cold `tesis build` of the 300-page synthetic thesis changes by
# at most +5 % with hyphenation and the justified page of today, against the build before them.
# "Before" is the release binary of commit 4d84c26 (its own template: no hyphenation), built in
# a git worktree; "now" is this tree's release binary. Each builds its own copy of the thesis;
# the two are timed alternately (bench/alternate.py) and, when valgrind is there, their
# instructions counted once each (deterministic, unlike wall time on a shared machine).
#
# Usage: bench/hyphenation.sh [RUNS]   (default 21 runs of each; docs/typography.md has results)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${1:-21}
BEFORE=4d84c26
WORK=${BENCH_WORK:-/tmp/tesis-bench-hyphenation}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

rm -rf "$WORK" && mkdir -p "$WORK"
cargo build --release --quiet --bin tesis --example gen-thesis
cp "$TARGET/release/tesis" "$WORK/tesis-now"
"$TARGET/release/examples/gen-thesis" --pages 300 --seed 1 "$WORK/now" 2>/dev/null
cp -r "$WORK/now" "$WORK/before"

# The old commit builds in a target folder of its own, kept for the next run: sharing this
# tree's mixes the two (cargo hashes a path package by its place in the workspace, which both
# trees share, so one tree's build-script output and patched hypher end up in the other's).
BEFORE_TARGET=${BENCH_BEFORE_TARGET:-/tmp/tesis-bench-before-target}
git worktree remove --force "$WORK/tree" 2>/dev/null || true
git worktree add --detach "$WORK/tree" "$BEFORE" >/dev/null
(cd "$WORK/tree" && CARGO_TARGET_DIR="$BEFORE_TARGET" cargo build --release --quiet --bin tesis)
cp "$BEFORE_TARGET/release/tesis" "$WORK/tesis-before"
git worktree remove --force "$WORK/tree"

change() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f %%", 100 * (b / a - 1) }'; }

echo "# issue 19 build time — $(date -u +%Y-%m-%dT%H:%MZ) — $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$WORK/tesis-before" build --root "$WORK/before" >/dev/null 2>&1
"$WORK/tesis-now" build --root "$WORK/now" >/dev/null 2>&1
read -r a b < <(python3 bench/alternate.py --runs "$RUNS" --warmup 1 --json "$WORK/alternate.json" \
  -- "$WORK/tesis-before" build --root "$WORK/before" -- "$WORK/tesis-now" build --root "$WORK/now")
echo "wall, median of $RUNS alternating runs: before ($BEFORE) $a s, now $b s, change $(change "$a" "$b") (target ≤ +5 %)"

if command -v valgrind >/dev/null; then
  count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null --log-file="$2.callgrind.log" \
      "$1" build --root "$2" >/dev/null 2>&1 || { echo "failed under valgrind: $1 ($2.callgrind.log)" >&2; exit 1; }
    awk '/Collected :/ { print $NF }' "$2.callgrind.log"
  }
  ia=$(count "$WORK/tesis-before" "$WORK/before")
  ib=$(count "$WORK/tesis-now" "$WORK/now")
  echo "instructions: before $ia, now $ib, change $(change "$ia" "$ib")"
fi
