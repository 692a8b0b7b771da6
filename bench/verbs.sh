#!/usr/bin/env bash
# The verbs that compile without being `build`: `tesis check`, `tesis stats` and `tesis diff HEAD`
# (one word changed), each timed against a cold `tesis build` of the same 300-page synthetic
# thesis in the same run, alternately (bench/alternate.py), compared by median (issue 14).
#
#   check / build ≤ 1.1×, stats / build ≤ 1.1×, diff HEAD / build ≤ 1.3×
#
# Usage: bench/verbs.sh [WORKDIR [RUNS]]   (defaults: $BENCH_WORK or /tmp/tesis-bench, $BENCH_RUNS
#        or 10). bench/run.sh calls it with its own work folder and run count.
# The binaries are taken from $TESIS and $GEN when set, else built ($BENCH_PROFILE, default
# release; $CARGO_TARGET_DIR aware). Every command is a new process, so each build is cold.
# TESIS_TIMING=1 in the environment adds the phases of one build to the output.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(realpath -m "${1:-${BENCH_WORK:-/tmp/tesis-bench}}")
RUNS=${2:-${BENCH_RUNS:-10}}
PROFILE=${BENCH_PROFILE:-release}
if [ -z "${TESIS:-}" ] || [ -z "${GEN:-}" ]; then
  cargo build --profile "$PROFILE" --quiet --bin tesis --example gen-thesis
  TARGET=${CARGO_TARGET_DIR:-$ROOT/target}/$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")
  TESIS=$TARGET/tesis GEN=$TARGET/examples/gen-thesis
fi
command -v git >/dev/null || { echo "bench/verbs.sh needs git (for tesis diff HEAD)" >&2; exit 1; }

# A fresh project of its own: diff reads the working tree through git, so nothing else may write
# into it (every PDF goes to $out, outside the project).
dir=$WORK/verbs-p300
out=$WORK/verbs-out
rm -rf "$dir" "$out" && mkdir -p "$out"
$GEN --pages 300 --seed 1 "$dir" 2>/dev/null
git -C "$dir" init -q
git -C "$dir" add -A
git -C "$dir" -c user.name=bench -c user.email=bench@localhost commit -q -m "thesis as generated"

# One word changed in the middle Markdown chapter: a word of running text past the middle of the
# file, in a paragraph line (not a heading, list, table or quote), outside any [..] or {..}.
edited=$(python3 - "$dir" <<'EOF'
import re, sys
root = sys.argv[1]
yaml = open(f"{root}/thesis/thesis.yaml", encoding="utf-8").read()
chapters = [c for c in re.findall(r"^\s*-\s*(\S+\.md)\s*$", yaml, re.M)]
chapter = chapters[len(chapters) // 2]
path = f"{root}/thesis/{chapter}"
text = open(path, encoding="utf-8").read()
start = len(text) // 2
for m in re.finditer(r"(?m)^[A-Z][^\n]*$", text[start:]):
    line = m.group(0)
    plain = re.sub(r"\[[^\]]*\]|\{[^}]*\}|\([^)]*\)", lambda g: " " * len(g.group(0)), line)
    w = re.search(r" ([a-z]{6,}) ", plain)
    if w:
        at = start + m.start() + w.start(1)
        word = w.group(1)
        new = "berbeda" if word != "berbeda" else "berlainan"
        open(path, "w", encoding="utf-8").write(text[:at] + new + text[at + len(word):])
        print(f"thesis/{chapter}: '{word}' → '{new}'")
        break
else:
    sys.exit(f"no word to change in {path}")
EOF
)
[ "$(git -C "$dir" diff --word-diff=porcelain | grep -c '^[-+][^-+]')" = 2 ] || { echo "the edit did not change exactly one word" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
pages=$( (cd "$dir" && $TESIS build -o "$out/build.pdf") 2>&1 | sed -n 's/^\([0-9]*\) pages in.*/\1/p')

echo "## Verbs: tesis check / stats / diff HEAD vs a cold tesis build (targets ≤ 1.1× / ≤ 1.1× / ≤ 1.3×)"
echo "Medians of $RUNS alternating runs on the 300-page synthetic thesis ($pages pages), each verb"
echo "against \`tesis build\` in the same run; diff HEAD after one word changed ($edited)."
echo
echo "| verb | verb (s) | tesis build (s) | ratio | median of the run pairs' ratios | target |"
echo "|---|---|---|---|---|---|"
build="$TESIS build --root $dir -o $out/build.pdf"
for verb in check stats diff; do
  case $verb in
    check) cmd="$TESIS check --root $dir"; target=1.1 ;;
    stats) cmd="$TESIS stats --root $dir"; target=1.1 ;;
    diff) cmd="$TESIS diff --root $dir HEAD -o $out/diff.pdf"; target=1.3 ;;
  esac
  read -r v b < <(python3 bench/alternate.py --runs "$RUNS" --warmup 1 --json "$WORK/verbs-$verb.json" \
    -- "$cmd" -- "$build")
  r=$(ratio "$v" "$b")
  # Each verb run and the build run beside it share the load of that moment: their ratio, run by
  # run, is steadier on a busy machine than the ratio of the two medians.
  paired=$(python3 -c "import json,statistics,sys; d=json.load(open(sys.argv[1])); print('%.2f' % statistics.median(a / b for a, b in zip(d['a']['times'], d['b']['times'])))" "$WORK/verbs-$verb.json")
  label=$([ "$verb" = diff ] && echo "diff HEAD" || echo "$verb")
  echo "| $label | $(printf %.2f "$v") | $(printf %.2f "$b") | ${r}× | ${paired}× | ≤ ${target}× $(awk -v r="$r" -v t="$target" 'BEGIN { print (r <= t) ? "met" : "**not met**" }') |"
done
echo "(raw times: $WORK/verbs-*.json)"
[ "$(git -C "$dir" status --porcelain | wc -l)" = 1 ] || { echo "a verb wrote into the project:" >&2; git -C "$dir" status --short >&2; exit 1; }

if [ -n "${TESIS_TIMING:-}" ]; then
  echo
  echo "Phases of one build: $( (cd "$dir" && TESIS_TIMING=1 $TESIS build -o "$out/build.pdf") 2>&1 | grep '^timing:')"
fi
