#!/usr/bin/env bash
# P2 and P3: `tesis watch` against stock `typst watch`, measured in the same run.
#
#   P2  save (one word changed in a middle Markdown chapter) → preview updated, and → PDF on disk,
#       vs `typst watch` on the `tesis export-typst` project: save → PDF on disk
#       (targets: preview ≤ 0.5×, PDF ≤ 1.0× of typst's save → PDF)
#   P3  VmRSS of `tesis watch` after the first build and after EDITS edits (target ≤ +25 %)
#
# Usage: bench/watch.sh WORKDIR EDITS
# WORKDIR holds the projects bench/run.sh made (sample, p300 and their .typst exports); missing
# ones are made here. P2 uses the first P2_EDITS edits (default 10) on each project; P3 runs EDITS
# edits on the 300-page thesis (and min(EDITS, 100) on the sample). The binaries are taken from
# $TESIS, $GEN and $TYPST when set, else from the release build ($CARGO_TARGET_DIR aware).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(realpath -m "${1:?usage: bench/watch.sh WORKDIR EDITS}")
EDITS=${2:?usage: bench/watch.sh WORKDIR EDITS}
P2_EDITS=${P2_EDITS:-10}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
TESIS=${TESIS:-$TARGET/release/tesis}
GEN=${GEN:-$TARGET/release/examples/gen-thesis}
TYPST=${TYPST:-$(command -v typst || echo "$HOME/.cargo/bin/typst")}
mkdir -p "$WORK"

[ -d "$WORK/sample" ] || { mkdir -p "$WORK/sample" && cp -r thesis figures "$WORK/sample/"; }
[ -d "$WORK/p300" ] || $GEN --pages 300 --seed 1 "$WORK/p300" 2>/dev/null
for p in sample p300; do
  [ -f "$WORK/$p.typst/main.typ" ] || $TESIS export-typst --root "$WORK/$p" "$WORK/$p.typst" >/dev/null 2>&1
done

rows=()
for p in sample p300; do
  n=$EDITS
  [ "$p" = sample ] && [ "$n" -gt 100 ] && n=100
  rows+=("$(python3 bench/watch.py --tesis "$TESIS" --typst "$TYPST" --project "$WORK/$p" \
    --exported "$WORK/$p.typst" --work "$WORK/watch-$p" --p2 "$P2_EDITS" --edits "$n" --label "$p")")
done

echo "## P2 watch: save → preview / PDF, vs typst watch save → PDF (targets ≤ 0.5× / ≤ 1.0×)"
echo "Medians of $P2_EDITS one-word edits each, alternating between the two watchers."
echo "| project | edits | tesis preview (s) | tesis PDF (s) | typst PDF (s) | preview ratio | PDF ratio | tesis's own first look / full preview / PDF (s) |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}" | grep '^P2|' | awk -F'|' '{ printf "| %s | %s | %s | %s | %s | %s× | %s× | %s / %s / %s |\n", $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }'
echo
echo "## P3 memory of tesis watch: VmRSS after the first build and after the edits (target ≤ +25 %)"
echo "| project | edits | first build (MiB) | after edits (MiB) | growth | peak VmHWM (MiB) | typst watch first / last (MiB) |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}" | grep '^P3|' | awk -F'|' '{ printf "| %s | %s | %s | %s | %s %% | %s | %s / %s |\n", $2, $3, $4, $5, $6, $7, $8, $9 }'
echo "(raw figures: $WORK/watch-*/result.json; logs: $WORK/watch-*/*-watch.log)"
