#!/usr/bin/env bash
# The annotated PDF coming home (issue 17): `tesis review` of the 300-page synthetic thesis's PDF
# with 300 marks, timed against a cold `tesis build` of the same thesis in the same run,
# alternately (bench/alternate.py), compared by median.
#
#   review (300 marks) / build ≤ 1×
#
# The supervisor's PDF: `tesis build` of the thesis (a git checkout, so the PDF records its
# commit), marked by bench/pdf_marks.py with PyMuPDF (highlights and underlines with notes,
# strike-outs, carets with words, sticky notes, spread over the chapters' pages). One dry run
# must place them all (as changes or comments) before anything is timed. `tesis review
# --dry-run` is the figure; the import that writes is timed too, the chapters put back from a
# copy before every run of either side (untimed).
#
# Usage: bench/review_pdf.sh [WORKDIR [RUNS]]   (defaults: $BENCH_WORK or /tmp/tesis-bench,
#        $BENCH_RUNS or 10). The binaries are taken from $TESIS and $GEN when set, else built
#        ($BENCH_PROFILE, default release; $CARGO_TARGET_DIR aware).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(realpath -m "${1:-${BENCH_WORK:-/tmp/tesis-bench}}")
RUNS=${2:-${BENCH_RUNS:-10}}
PROFILE=${BENCH_PROFILE:-release}
MARKS=300
if [ -z "${TESIS:-}" ] || [ -z "${GEN:-}" ]; then
  cargo build --profile "$PROFILE" --quiet --bin tesis --example gen-thesis
  TARGET=${CARGO_TARGET_DIR:-$ROOT/target}/$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")
  TESIS=$TARGET/tesis GEN=$TARGET/examples/gen-thesis
fi
command -v git >/dev/null || { echo "bench/review_pdf.sh needs git" >&2; exit 1; }

dir=$WORK/review-pdf-p300
out=$WORK/review-pdf-out
rm -rf "$dir" "$out" && mkdir -p "$out"
$GEN --pages 300 --seed 1 "$dir" 2>/dev/null
printf '*.pdf\n' >"$dir/.gitignore"
git -C "$dir" init -q
git -C "$dir" add -A
git -C "$dir" -c user.name=bench -c user.email=bench@localhost commit -q -m "thesis as generated"
cp -r "$dir/thesis" "$out/thesis-as-built"

pages=$( (cd "$dir" && $TESIS build) 2>&1 | sed -n 's/^\([0-9]*\) pages in.*/\1/p')
made=$(python3 bench/pdf_marks.py "$dir/thesis.pdf" "$out/dibaca.pdf" --marks "$MARKS")
case $made in "$MARKS marks"*) ;; *) echo "bench/pdf_marks.py made $made" >&2; exit 1 ;; esac

# One dry run first: every mark placed (as a change or a comment), nothing left out, nothing written.
$TESIS review "$out/dibaca.pdf" --root "$dir" --dry-run >"$out/review.diff" 2>"$out/review.log"
placed=$(awk '/would get/ { for (i = 1; i <= NF; i++) if ($(i + 1) ~ /^(insertion|deletion|replacement|comment)s?,?$/) n += $i } END { print n + 0 }' "$out/review.log")
if [ "$placed" != "$MARKS" ] || grep -q -e '^not written' -e '^note:' "$out/review.log"; then
  echo "tesis review placed $placed of the $MARKS marks:" >&2
  cat "$out/review.log" >&2
  exit 1
fi
as_comments=$(grep -c 'placed as a comment instead' "$out/review.log" || true)
[ -z "$(git -C "$dir" status --porcelain)" ] || { echo "tesis review --dry-run wrote into the project" >&2; exit 1; }

reset="cp -rT $out/thesis-as-built $dir/thesis"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "## The annotated PDF: tesis review (300 marks) vs a cold tesis build (target ≤ 1×)"
echo "Medians of $RUNS alternating runs on the 300-page synthetic thesis ($pages pages). The PDF:"
echo "$made (bench/pdf_marks.py), all $placed placed by the dry run ($as_comments of them as comments"
echo "beside generated text). Writing review: the chapters put back before every run of either side."
echo
echo "| verb | verb (s) | tesis build (s) | ratio | median of the run pairs' ratios | target |"
echo "|---|---|---|---|---|---|"
build="$TESIS build --root $dir -o $out/build.pdf"
for verb in dry write; do
  prepare=()
  case $verb in
    dry) cmd="$TESIS review $out/dibaca.pdf --root $dir --dry-run"; label="review --dry-run ($MARKS marks)" ;;
    write) cmd="$TESIS review $out/dibaca.pdf --root $dir"; label="review, writing ($MARKS marks)"; prepare=(--prepare "$reset") ;;
  esac
  read -r v b < <(python3 bench/alternate.py --runs "$RUNS" --warmup 1 "${prepare[@]}" --json "$WORK/review-pdf-$verb.json" \
    -- "$cmd" -- "$build")
  r=$(ratio "$v" "$b")
  paired=$(python3 -c "import json,statistics,sys; d=json.load(open(sys.argv[1])); print('%.2f' % statistics.median(a / b for a, b in zip(d['a']['times'], d['b']['times'])))" "$WORK/review-pdf-$verb.json")
  echo "| $label | $(printf %.2f "$v") | $(printf %.2f "$b") | ${r}× | ${paired}× | ≤ 1× $(awk -v r="$r" 'BEGIN { print (r <= 1) ? "met" : "**not met**" }') |"
done
echo "(raw times: $WORK/review-pdf-*.json)"
$reset
