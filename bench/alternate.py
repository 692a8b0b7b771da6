#!/usr/bin/env python3
"""Times two commands run alternately (A, B, A, B, …) and prints their medians.

Usage: bench/alternate.py --runs N [--warmup W] [--prepare CMD] --json OUT -- CMD_A -- CMD_B

On a shared machine the load drifts during a benchmark; hyperfine runs all of A, then all of
B, so a drift lands on one side only. Alternating puts both sides under the same drift, and the
median ignores the odd run that another process slowed down. Each command is split on spaces
(no shell). `--prepare` runs before every timed run of either side (untimed).
Writes {"a": {"command", "times", "median"}, "b": {…}} to OUT and prints `median_a median_b`.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time


def run(command, prepare):
    if prepare:
        subprocess.run(prepare.split(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    t0 = time.monotonic()
    done = subprocess.run(command.split(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    elapsed = time.monotonic() - t0
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {command}")
    return elapsed


def main():
    argv = sys.argv[1:]
    if argv.count("--") != 2:
        sys.exit(__doc__)
    first = argv.index("--")
    second = argv.index("--", first + 1)
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, required=True)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--prepare", default="")
    ap.add_argument("--json", required=True)
    a = ap.parse_args(argv[:first])
    cmd_a = " ".join(argv[first + 1 : second])
    cmd_b = " ".join(argv[second + 1 :])
    for _ in range(a.warmup):
        run(cmd_a, a.prepare)
        run(cmd_b, a.prepare)
    times_a, times_b = [], []
    for i in range(a.runs):
        # Alternate which side goes first, so neither always runs on a warmer cache.
        if i % 2 == 0:
            times_a.append(run(cmd_a, a.prepare))
            times_b.append(run(cmd_b, a.prepare))
        else:
            times_b.append(run(cmd_b, a.prepare))
            times_a.append(run(cmd_a, a.prepare))
    result = {
        "a": {"command": cmd_a, "times": times_a, "median": statistics.median(times_a)},
        "b": {"command": cmd_b, "times": times_b, "median": statistics.median(times_b)},
    }
    with open(a.json, "w") as f:
        json.dump(result, f, indent=1)
    print(f"{result['a']['median']:.4f} {result['b']['median']:.4f}")


if __name__ == "__main__":
    main()
