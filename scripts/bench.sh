#!/usr/bin/env bash
# Benchmark: N synthetic valid schools through `chuan compare`, and single `chuan check` runs.
# Usage: scripts/bench.sh [N]   (default 10000). Prints wall time and peak memory (GNU time).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
DIR="target/bench-schools-$N"
cargo build --release --quiet
[ -d "$DIR" ] || cargo run --release --quiet --example gen_schools -- "$N" "$DIR"
echo "== chuan compare on $N schools (JSON to /dev/null)"
/usr/bin/time -f "wall %e s, peak RSS %M KB" ./target/release/chuan compare "$DIR" --format json > /dev/null
echo "== chuan compare on $N schools (XLSX)"
rm -f "$DIR.xlsx"
/usr/bin/time -f "wall %e s, peak RSS %M KB" ./target/release/chuan compare "$DIR" --format xlsx -o "$DIR.xlsx"
echo "== 100 × chuan check (one school, including process start)"
start=$(date +%s.%N)
for _ in $(seq 100); do ./target/release/chuan check schools/lai-chau-2023.toml --format json > /dev/null; done
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "mean %.1f ms per check\n", (e - s) * 1000 / 100 }'
echo "== chuan roadmap on a chain of N indicators, each depending on the one before"
for n in 1000 2000 4000 8000; do
  dir="target/bench-chain-$n"
  [ -d "$dir" ] || cargo run --release --quiet --example gen_chain_set -- "$n" "$dir"
  printf '%5d indicators: ' "$n"
  /usr/bin/time -f "wall %e s, peak RSS %M KB" ./target/release/chuan roadmap "$dir/school.toml" \
    --criteria "$dir/set" --start 2024-07-01 --format json > /dev/null
done
