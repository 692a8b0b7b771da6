#!/usr/bin/env bash
# The Word round trip (issue 16): `tesis docx`, and `tesis review` of a document with 200 tracked
# changes, each timed against a cold `tesis build` of the same 300-page synthetic thesis in the
# same run, alternately (bench/alternate.py), compared by median.
#
#   docx / build ≤ 1×, review (200 changes) / build ≤ 1×
#
# The supervisor's document: `tesis docx` of the thesis, then 200 tracked changes written into
# its word/document.xml the way Word stores them (bench/docx_changes.py: <w:del>/<w:ins> by
# "Dr. Pembimbing" around words of anchored body paragraphs, 20 in each of the 10 chapters, a
# third each replacements, deletions and insertions). The summary of one dry run must report
# them all placed before anything is timed. `tesis review --dry-run` (prints the diff, writes
# nothing) is the main figure; `tesis review` that writes the chapters is timed too, the
# chapters put back from a copy before every run of either side (untimed, bench/alternate.py
# --prepare), so each import starts from the exported thesis and each build builds it.
#
# Usage: bench/review.sh [WORKDIR [RUNS]]   (defaults: $BENCH_WORK or /tmp/tesis-bench, $BENCH_RUNS
#        or 10). bench/run.sh calls it with its own work folder and run count.
# The binaries are taken from $TESIS and $GEN when set, else built ($BENCH_PROFILE, default
# release; $CARGO_TARGET_DIR aware). Every command is a new process, so each run is cold.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(realpath -m "${1:-${BENCH_WORK:-/tmp/tesis-bench}}")
RUNS=${2:-${BENCH_RUNS:-10}}
PROFILE=${BENCH_PROFILE:-release}
CHANGES=200
if [ -z "${TESIS:-}" ] || [ -z "${GEN:-}" ]; then
  cargo build --profile "$PROFILE" --quiet --bin tesis --example gen-thesis
  TARGET=${CARGO_TARGET_DIR:-$ROOT/target}/$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")
  TESIS=$TARGET/tesis GEN=$TARGET/examples/gen-thesis
fi
command -v git >/dev/null || { echo "bench/review.sh needs git" >&2; exit 1; }

# A fresh project, a git repository with the thesis committed as a student's would be (tesis
# docx then records the commit). Every output goes to $out, outside the project.
dir=$WORK/review-p300
out=$WORK/review-out
rm -rf "$dir" "$out" && mkdir -p "$out"
$GEN --pages 300 --seed 1 "$dir" 2>/dev/null
git -C "$dir" init -q
git -C "$dir" add -A
git -C "$dir" -c user.name=bench -c user.email=bench@localhost commit -q -m "thesis as generated"
cp -r "$dir/thesis" "$out/thesis-as-exported"

$TESIS docx --root "$dir" -o "$out/thesis.docx" 2>"$out/docx.log"
made=$(python3 bench/docx_changes.py "$out/thesis.docx" "$out/review.docx" --changes "$CHANGES" 2>"$out/changes.log")

# One dry run first: every change must be found and placed (the summary on stderr counts the
# insertions, deletions and replacements per file), and nothing written.
$TESIS review "$out/review.docx" --root "$dir" --dry-run >"$out/review.diff" 2>"$out/review.log"
placed=$(awk '/would get/ { for (i = 1; i <= NF; i++) if ($(i + 1) ~ /^(insertion|deletion|replacement)s?,?$/) n += $i } END { print n + 0 }' "$out/review.log")
if [ "$placed" != "$CHANGES" ] || grep -q -e '^not written' -e 'placed as a comment instead' "$out/review.log"; then
  echo "tesis review placed $placed of the $CHANGES changes ($made written):" >&2
  cat "$out/review.log" >&2
  exit 1
fi
[ -z "$(git -C "$dir" status --porcelain)" ] || { echo "tesis review --dry-run wrote into the project" >&2; exit 1; }
files=$(grep -c 'would get' "$out/review.log")

# One import that writes, to see it lands: every chapter file changed, then put back.
$TESIS review "$out/review.docx" --root "$dir" >/dev/null 2>"$out/review-write.log"
written=$(git -C "$dir" status --porcelain | wc -l)
[ "$written" = "$files" ] || { echo "tesis review wrote $written files, $files expected" >&2; cat "$out/review-write.log" >&2; exit 1; }
reset="cp -rT $out/thesis-as-exported $dir/thesis"
$reset
[ -z "$(git -C "$dir" status --porcelain)" ] || { echo "the chapters were not put back" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
pages=$( (cd "$dir" && $TESIS build -o "$out/build.pdf") 2>&1 | sed -n 's/^\([0-9]*\) pages in.*/\1/p')

echo "## The Word round trip: tesis docx / review (200 changes) vs a cold tesis build (targets ≤ 1× / ≤ 1×)"
echo "Medians of $RUNS alternating runs on the 300-page synthetic thesis ($pages pages), each verb"
echo "against \`tesis build\` in the same run. The export: $(sed -n '1s/ in [0-9.]* s .*//p' "$out/docx.log");"
echo "the review document: $made in $files chapter files, all $placed placed by the dry run."
echo "Writing review: the chapters put back before every run of either side (untimed)."
echo
echo "| verb | verb (s) | tesis build (s) | ratio | median of the run pairs' ratios | target |"
echo "|---|---|---|---|---|---|"
build="$TESIS build --root $dir -o $out/build.pdf"
for verb in docx dry write; do
  prepare=()
  case $verb in
    docx) cmd="$TESIS docx --root $dir -o $out/timed.docx"; label="docx" ;;
    dry) cmd="$TESIS review $out/review.docx --root $dir --dry-run"; label="review --dry-run ($CHANGES changes)" ;;
    write) cmd="$TESIS review $out/review.docx --root $dir"; label="review, writing ($CHANGES changes)"; prepare=(--prepare "$reset") ;;
  esac
  read -r v b < <(python3 bench/alternate.py --runs "$RUNS" --warmup 1 "${prepare[@]}" --json "$WORK/review-$verb.json" \
    -- "$cmd" -- "$build")
  r=$(ratio "$v" "$b")
  paired=$(python3 -c "import json,statistics,sys; d=json.load(open(sys.argv[1])); print('%.2f' % statistics.median(a / b for a, b in zip(d['a']['times'], d['b']['times'])))" "$WORK/review-$verb.json")
  echo "| $label | $(printf %.2f "$v") | $(printf %.2f "$b") | ${r}× | ${paired}× | ≤ 1× $(awk -v r="$r" 'BEGIN { print (r <= 1) ? "met" : "**not met**" }') |"
done
echo "(raw times: $WORK/review-*.json)"
$reset
[ -z "$(git -C "$dir" status --porcelain)" ] || { echo "a verb left the project changed:" >&2; git -C "$dir" status --short >&2; exit 1; }

if [ -n "${TESIS_TIMING:-}" ]; then
  echo
  echo "Phases of one build: $( (cd "$dir" && TESIS_TIMING=1 $TESIS build -o "$out/build.pdf") 2>&1 | grep '^timing:')"
fi
