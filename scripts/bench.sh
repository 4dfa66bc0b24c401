#!/usr/bin/env bash
# The full benchmark (not part of the tests): races `asl` against the peer interpreter with
# ../shared/bench/compare.sh, adds this project's run-only time (`asl run --timings`: parse,
# validate, execute, serialise, without process start), and prints BENCHMARKS.md's table.
#   scripts/bench.sh [WORKLOAD ...]     (ROUNDS=5 by default; about 6 minutes on 2 cores)
# Run-only is the median of RUN_ONLY_ROUNDS (15 by default) runs of the CLI: a run of a few
# milliseconds moves by a tenth with one slow round of five (another process, the VM).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
shared=../shared/bench
[ -d "$shared" ] || { echo "bench.sh: $shared is missing (the shared bench folder beside the project)" >&2; exit 1; }
rounds=${ROUNDS:-5}
run_only_rounds=${RUN_ONLY_ROUNDS:-15}
out=${OUT_DIR:-/tmp/asl-bench/$(date +%Y%m%d-%H%M%S)}
workloads=${BENCH_WORKLOADS:-/tmp/asl-bench/workloads}
mkdir -p "$out"

cargo build --release --locked -p asl-cli
[ -f "$workloads/manifest.json" ] || python3 "$shared/gen.py" --out "$workloads" >&2
OUT_DIR="$out/compare" ROUNDS="$rounds" "$shared/compare.sh" "$@" >&2 || echo "bench.sh: compare.sh exited $?" >&2

# Run-only: the CLI's own phase timings, medians of the same number of rounds.
names=("$@")
[ ${#names[@]} -gt 0 ] || mapfile -t names < <(python3 -c "import json,sys; print('\n'.join(json.load(open(sys.argv[1]))))" "$workloads/manifest.json")
for name in "${names[@]}"; do
  dir="$workloads/$name"
  [ -f "$dir/definition.json" ] || continue
  for round in $(seq "$run_only_rounds"); do
    target/release/asl run "$dir/definition.json" --input "$dir/input.json" --mocks "$dir/mocks.json" \
      --no-limits --format json --timings 2>&1 >/dev/null | sed -n "s/^timings: /$name\t$round\t/p"
  done
done >"$out/run-only.tsv"
python3 scripts/bench_table.py "$out/compare/results.tsv" "$out/run-only.tsv" "$out/compare/machine.txt"
echo "bench.sh: raw results in $out" >&2
