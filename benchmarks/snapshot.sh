#!/usr/bin/env bash
# Every output govplan makes of the real notices and the samples, in one folder, so that two
# runs (before and after a change meant to keep behaviour) are compared with `diff -r`:
#   bash benchmarks/snapshot.sh /tmp/before   # on the old commit
#   bash benchmarks/snapshot.sh /tmp/after    # on the new one
#   diff -rq /tmp/before /tmp/after
# parse JSON (and --text renderings) of ../shared/{seeds,dev,dev2}, ../shared/formats/html,
# samples/ and samples/formats; table (CSV), check and calendar of the samples and dev's d_0*;
# compare of one sample pair; the schema.  Uses the govplan on PATH (or .venv/bin/govplan).
set -u
out=${1:?usage: snapshot.sh OUTDIR}
mkdir -p "$out"
cd "$(dirname "$0")/.."
gp=$(command -v govplan || echo .venv/bin/govplan)
name() { printf '%s' "$1" | tr '/' '_' | sed 's/^\.\./up/'; }
for f in ../shared/seeds/*.txt ../shared/dev/docs/*.txt ../shared/dev2/docs/*.txt samples/*.txt \
         samples/compare/*.txt samples/formats/*.* samples/formats/office/* ../shared/formats/html/*; do
  [ -f "$f" ] || continue
  n=$(name "$f")
  "$gp" parse "$f" > "$out/$n.json" 2> "$out/$n.err"; echo "rc=$?" >> "$out/$n.err"
  case "$f" in *.txt) ;; *) "$gp" parse "$f" --text > "$out/$n.text" 2>/dev/null ;; esac
done
for f in samples/*.txt ../shared/dev/docs/d_0*.txt; do
  [ -f "$f" ] || continue
  n=$(name "$f")
  "$gp" table "$f" -f csv > "$out/$n.csv" 2>&1
  "$gp" check "$f" > "$out/$n.check" 2>&1
  "$gp" calendar "$f" > "$out/$n.ics" 2>&1
done
"$gp" compare samples/compare/p1_national.txt samples/compare/p1_province.txt > "$out/compare.txt" 2>&1
"$gp" compare samples/compare/p1_national.txt samples/compare/p1_province.txt -f json > "$out/compare.json" 2>&1
"$gp" schema > "$out/schema.json" 2>&1
