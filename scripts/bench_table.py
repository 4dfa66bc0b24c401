"""BENCHMARKS.md's comparison table from compare.sh's results.tsv and `asl run --timings` lines.

Two figures for ours without process start: run-only (reading and parsing the JSON files,
starting JSONata, validating, executing, writing the output) and "as the peer is timed"
(starting JSONata, validating and executing): the peer's harness parses its JSON files
before its timer starts and writes the output after it stops, so only `new StateMachine`
(its validation) and the execution are in its run-only time.

Usage: python3 scripts/bench_table.py RESULTS_TSV RUN_ONLY_TSV [MACHINE_TXT]
"""
import csv
import re
import statistics
import sys
from collections import defaultdict


def median(values):
    return statistics.median(values) if values else None


def main():
    results, run_only = sys.argv[1], sys.argv[2]
    peer = defaultdict(lambda: defaultdict(list))
    ours = defaultdict(lambda: defaultdict(list))
    order = []
    with open(results) as handle:
        for row in csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t"):
            workload, side, round_, wall, run, _exec, rss = row[:7]
            if round_ == "0":
                continue
            if workload not in order:
                order.append(workload)
            target = peer if side == "peer" else ours
            for key, text in (("wall", wall), ("run", run), ("rss", rss)):
                if text:
                    target[workload][key].append(float(text))
    with open(run_only) as handle:
        for line in handle:
            workload, _round, text = line.rstrip("\n").split("\t", 2)
            match = re.search(r"run-only ([\d.]+) ms", text)
            if match:
                ours[workload]["run"].append(float(match.group(1)))
            match = re.search(r"execute ([\d.]+) ms", text)
            if match:
                ours[workload]["exec"].append(float(match.group(1)))
            phases = [re.search(rf"{name} ([\d.]+) ms", text) for name in ("start JSONata", "validate", "execute")]
            if all(phases):
                ours[workload]["peer_basis"].append(sum(float(phase.group(1)) for phase in phases))
            if workload not in order:
                order.append(workload)
    if len(sys.argv) > 3:
        print("```")
        print(open(sys.argv[3]).read().strip())
        print("```\n")
    print("| workload | peer run-only ms | peer whole ms | ours run-only ms | ours whole ms "
          "| run-only ratio | whole ratio | peer MB | ours MB | ours as the peer is timed ms | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")

    def fmt(value, digits=1):
        return "–" if value is None else f"{value:,.{digits}f}"

    for workload in order:
        p, o = peer[workload], ours[workload]
        p_run, p_wall, o_run, o_wall = (median(p["run"]), median(p["wall"]), median(o["run"]), median(o["wall"]))
        p_rss, o_rss = median(p["rss"]), median(o["rss"])
        run_ratio = p_run / o_run if p_run and o_run else None
        wall_ratio = p_wall / o_wall if p_wall and o_wall else None
        o_basis = median(o["peer_basis"])
        basis_ratio = p_run / o_basis if p_run and o_basis else None
        print(f"| {workload} | {fmt(p_run, 0)} | {fmt(p_wall, 0)} | {fmt(o_run, 2)} | {fmt(o_wall, 1)} "
              f"| {fmt(run_ratio, 0)}× | {fmt(wall_ratio, 0)}× "
              f"| {fmt(p_rss and p_rss / 1024, 0)} | {fmt(o_rss and o_rss / 1024, 0)} "
              f"| {fmt(o_basis, 2)} | {fmt(basis_ratio, 0)}× |")


if __name__ == "__main__":
    main()
