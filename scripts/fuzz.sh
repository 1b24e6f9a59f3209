#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (FUZZ_SECONDS each, default 60) on the stable
# toolchain: cargo-fuzz with RUSTC_BOOTSTRAP=1 and no sanitizer. Seeds come from the bundled
# schools and the criteria set; a crash fails the run and leaves its input in
# fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-60}"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi
export RUSTC_BOOTSTRAP=1
mkdir -p corpus/school_toml corpus/school_yaml corpus/criteria_set corpus/pipeline
cp ../schools/*.toml corpus/school_toml/
cp ../schools/*.yaml corpus/school_yaml/
cp ../criteria/qd11-2021/indicators/*.toml corpus/criteria_set/
cp ../schools/*.toml ../schools/*.yaml corpus/pipeline/
for target in school_toml school_yaml criteria_set pipeline; do
  echo "== fuzz $target for ${seconds}s"
  cargo fuzz run "$target" --sanitizer none "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 2>&1 | tail -n 3
done
