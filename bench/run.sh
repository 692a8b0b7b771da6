#!/usr/bin/env bash
# Benchmarks of tesis against stock typst and LaTeX, each reported as a ratio measured in the
# same run (machines here are shared and noisy: absolute times mean little, ratios hold). Whole
# commands are timed alternately (bench/alternate.py: A, B, A, B …) and compared by median.
#
#   P1  cold `tesis build` vs `typst compile` on the project `tesis export-typst` writes (≤ 1.05×)
#   P2  watch: save → preview updated and save → PDF on disk, vs `typst watch` save → PDF
#       (preview ≤ 0.5×, PDF ≤ 1.0×)
#   P3  RSS of `tesis watch` after 500 scripted edits vs after the first build (≤ +25 %)
#   P4  cold `tesis build` vs `latexmk -xelatex` on the same content (≥ 8× faster)
#   verbs  `tesis check`, `tesis stats`, `tesis diff HEAD` vs a cold `tesis build`, 300 pages
#       (≤ 1.1×, ≤ 1.1×, ≤ 1.3×; bench/verbs.sh, runnable alone)
#   review  `tesis docx` and `tesis review` of a document with 200 tracked changes vs a cold
#       `tesis build`, 300 pages (≤ 1×, ≤ 1×; bench/review.sh, runnable alone)
#   review_pdf  `tesis review` of the 300-page thesis's PDF with 300 marks vs a cold
#       `tesis build` (≤ 1×; bench/review_pdf.sh, runnable alone)
#   and the phases inside one build (Markdown conversion, Typst, PDF export).
#
# Usage: bench/run.sh [--quick]   (--quick: fewer runs, fewer edits; for trying the script)
#        BENCH_RUNS=N BENCH_EDITS=M P2_EDITS=K bench/run.sh   (P1 runs, P3 edits, P2 edits)
# It installs what it needs (pandoc, latexmk + xelatex, poppler-utils, typst-cli 0.15.1).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
RUNS=${BENCH_RUNS:-$([ $QUICK = 1 ] && echo 3 || echo 10)}
EDITS=${BENCH_EDITS:-$([ $QUICK = 1 ] && echo 50 || echo 500)}
WORK=${BENCH_WORK:-/tmp/tesis-bench}
export DEBIAN_FRONTEND=noninteractive

need=()
command -v pandoc >/dev/null || need+=(pandoc)
command -v latexmk >/dev/null || need+=(latexmk texlive-xetex texlive-latex-extra fonts-liberation)
command -v pdftotext >/dev/null || need+=(poppler-utils)
if [ "${#need[@]}" -gt 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi
if ! typst --version 2>/dev/null | grep -q '0\.15\.1'; then cargo install typst-cli --version 0.15.1 --locked --quiet; fi
export PATH="$HOME/.cargo/bin:$PATH"

# BENCH_PROFILE=dev measures the debug build (its dependencies, Typst included, are built at
# opt-level 2, see Cargo.toml), for when a release build is out of reach.
PROFILE=${BENCH_PROFILE:-release}
cargo build --profile "$PROFILE" --quiet --bin tesis --example gen-thesis
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}/$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")
export TESIS=$TARGET/tesis GEN=$TARGET/examples/gen-thesis TYPST=$(command -v typst)
rm -rf "$WORK" && mkdir -p "$WORK"

echo "# tesis benchmarks — $(date -u +%Y-%m-%d) — $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB"
echo "# tesis $($TESIS --version | cut -d' ' -f2) ($PROFILE profile), $(typst --version), $(xelatex --version | head -1)"
echo "# load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"

# The projects: the sample thesis and synthetic ones of 100 and 300 pages.
mkdir -p "$WORK/sample" && cp -r thesis figures "$WORK/sample/"
$GEN --pages 100 --seed 1 "$WORK/p100" 2>/dev/null
$GEN --pages 300 --seed 1 "$WORK/p300" 2>/dev/null

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median_of() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]]['median'])" "$1" "$2"; }

echo
echo "## P1 cold build: tesis build vs typst compile (target ≤ 1.05×)"
echo "| project | pages | tesis (s) | typst (s) | ratio |"
echo "|---|---|---|---|---|"
for p in sample p100 p300; do
  dir=$WORK/$p
  (cd "$dir" && $TESIS build -o "$dir/tesis.pdf" 2>/dev/null)
  rm -rf "$dir.typst" && $TESIS export-typst --root "$dir" "$dir.typst" 2>/dev/null
  pages=$(pdfinfo "$dir/tesis.pdf" | awk '/^Pages/{print $2}')
  read -r t s < <(python3 bench/alternate.py --runs "$RUNS" --warmup 1 --json "$WORK/p1-$p.json" \
    -- "$TESIS build --root $dir -o $dir/tesis.pdf" \
    -- "$TYPST compile --ignore-system-fonts --font-path $dir.typst/fonts $dir.typst/main.typ $dir/typst.pdf")
  echo "| $p | $pages | $(printf %.2f "$t") | $(printf %.2f "$s") | $(ratio "$t" "$s")× |"
done

echo
echo "## Phases of one tesis build (ms)"
echo "| project | Markdown conversion | Typst eval + layout | PDF export |"
echo "|---|---|---|---|"
for p in sample p100 p300; do
  line=$(cd "$WORK/$p" && TESIS_TIMING=1 $TESIS build -o "$WORK/$p/tesis.pdf" 2>&1 | grep '^timing:' || true)
  c=$(echo "$line" | sed -n 's/.*convert_ms=\([0-9.]*\).*/\1/p'); t=$(echo "$line" | sed -n 's/.*typst_ms=\([0-9.]*\).*/\1/p'); f=$(echo "$line" | sed -n 's/.*pdf_ms=\([0-9.]*\).*/\1/p')
  echo "| $p | $c | $t | $f |"
done

echo
echo "## P4 cold build: tesis vs latexmk -xelatex on the same content (target ≥ 8× faster)"
# The same content for both: an all-Markdown variant converted by pandoc for LaTeX.
echo "| project | tesis build | latexmk -xelatex | ratio |"
echo "|---|---|---|---|"
for p in p100 p300; do
  n=${p#p}; dir=$WORK/$p-md
  $GEN --pages "$n" --seed 1 --all-markdown "$dir" 2>/dev/null
  # The same chapters as one XeLaTeX document (pandoc; see bench/latex.py for what is adapted).
  python3 bench/latex.py "$dir"
  (cd "$dir" && $TESIS build -o "$dir/tesis.pdf" 2>/dev/null)
  rm -f "$WORK/p4-$p.json"
  python3 bench/alternate.py --runs "$([ $QUICK = 1 ] && echo 1 || echo 3)" --warmup 0 \
    --prepare "rm -rf $dir/latex/out" --json "$WORK/p4-$p.json" \
    -- "$TESIS build --root $dir -o $dir/tesis.pdf" \
    -- "latexmk -xelatex -interaction=batchmode -halt-on-error -outdir=$dir/latex/out -cd $dir/latex/main.tex" >/dev/null 2>&1 || true
  if [ -f "$WORK/p4-$p.json" ]; then
    t=$(median_of "$WORK/p4-$p.json" a); l=$(median_of "$WORK/p4-$p.json" b)
    lp=$(pdfinfo "$dir/latex/out/main.pdf" 2>/dev/null | awk '/^Pages/{print $2}')
    tp=$(pdfinfo "$dir/tesis.pdf" | awk '/^Pages/{print $2}')
    echo "| $p | tesis $(printf %.2f "$t") s ($tp pages) | latexmk $(printf %.2f "$l") s (${lp:-?} pages) | $(ratio "$l" "$t")× faster |"
  else
    echo "| $p | latexmk failed: see $dir/latex/out/main.log |"
  fi
done

echo
bench/verbs.sh "$WORK" "$RUNS"
echo
bench/review.sh "$WORK" "$RUNS"
echo
bench/review_pdf.sh "$WORK" "$RUNS"

if [ -x bench/watch.sh ]; then
  echo
  bench/watch.sh "$WORK" "$EDITS"
fi
