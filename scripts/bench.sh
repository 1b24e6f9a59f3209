#!/usr/bin/env bash
# Benchmarks, each beside a baseline measured in the same run (scripts/bench.py): the ratio
# chuan ÷ baseline is the figure to compare across machines.
#
#   check one school  ÷ `chuan --version` (the process-start floor)
#   compare N schools ÷ examples/bare_parse.rs (only reads and parses the same files with the
#                       toml crate, on all cores)
#   roadmap on chains of 1 000 … 8 000 indicators (times and memory only: no baseline)
#
# Usage: scripts/bench.sh [N ...]   (default: 10000 50000). Needs python3 (standard library).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 50000)
cargo build --release --quiet --examples
cargo build --release --quiet
BIN=./target/release/chuan
BENCH="python3 scripts/bench.py"

echo "| job | chuan (median) | baseline (median) | ratio | chuan peak memory |"
echo "|---|---|---|---|---|"
$BENCH 100 "check one school, JSON ÷ --version" -- \
  $BIN check schools/lai-chau-2023.toml --format json -- $BIN --version
$BENCH 100 "check one school, text ÷ --version" -- \
  $BIN check schools/lai-chau-2023.toml -- $BIN --version
for n in "${SIZES[@]}"; do
  dir="target/bench-schools-$n"
  [ -d "$dir" ] || ./target/release/examples/gen_schools "$n" "$dir" > /dev/null
  base=(./target/release/examples/bare_parse "$dir")
  runs=5
  [ "$n" -le 10000 ] || runs=3
  for f in json csv html; do
    $BENCH $runs "compare $n schools, $f ÷ bare parse" -- $BIN compare "$dir" --format $f -- "${base[@]}"
  done
  out="target/bench-$n.xlsx"
  rm -f "$out"
  # the XLSX job replaces its own output file each run (--force)
  $BENCH $runs "compare $n schools, xlsx ÷ bare parse" -- \
    $BIN compare "$dir" --format xlsx -o "$out" --force -- "${base[@]}"
done
echo
echo "roadmap on a chain of N indicators, each depending on the one before:"
for n in 1000 2000 4000 8000; do
  dir="target/bench-chain-$n"
  [ -d "$dir" ] || ./target/release/examples/gen_chain_set "$n" "$dir" > /dev/null 2>&1
  $BENCH 3 "roadmap, chain of $n ÷ --version" -- $BIN roadmap "$dir/school.toml" \
    --criteria "$dir/set" --start 2024-07-01 --format json -- $BIN --version
done
