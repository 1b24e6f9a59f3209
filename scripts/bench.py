#!/usr/bin/env python3
"""Times chuan against a baseline measured in the same run, and prints the ratio.

Each job is a command A (chuan) and a baseline B: the process-start floor (`chuan --version`)
for one check, or a program that only parses the same files (examples/bare_parse.rs) for a
board. A and B run in turn, A B A B ..., so a machine that slows down mid-run slows both; the
ratio is the median of the per-pair ratios. Wall time is a monotonic clock around each process,
peak memory is the kernel's ru_maxrss for that process (os.wait4). A child forked from Python
starts with Python's own resident size, which ru_maxrss keeps across exec: a peak at or below
that floor (measured with `true`) is printed as "≤ floor". Standard library only.

usage: scripts/bench.py RUNS NAME -- A... -- B...   (one job; bench.sh calls it per job)
"""

import os
import statistics
import subprocess
import sys
import time


def run(cmd):
    """Wall seconds and peak RSS (MB) of one process; its output goes to /dev/null."""
    with open(os.devnull, "wb") as null:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited with {proc.returncode}:\n{err}")
    return wall, usage.ru_maxrss / 1024


def main():
    args = sys.argv[1:]
    runs, name = int(args[0]), args[1]
    rest = args[2:]
    first = rest.index("--")
    second = rest.index("--", first + 1)
    a, b = rest[first + 1 : second], rest[second + 1 :]
    floor = run(["true"])[1]
    run(a), run(b)  # warm the page cache and the binaries
    pairs = [(run(a), run(b)) for _ in range(runs)]
    a_wall = statistics.median(p[0][0] for p in pairs)
    b_wall = statistics.median(p[1][0] for p in pairs)
    ratio = statistics.median(p[0][0] / p[1][0] for p in pairs)
    a_mem = max(p[0][1] for p in pairs)
    mem = f"≤ {floor:.0f} MB (floor)" if a_mem <= floor + 1 else f"{a_mem:.0f} MB"
    print(f"| {name} | {seconds(a_wall)} | {seconds(b_wall)} | {ratio:.2f}× | {mem} |")


def seconds(t):
    """A wall time in the unit that shows its digits: 3.93 ms, 1.28 s."""
    return f"{t * 1000:.2f} ms" if t < 1 else f"{t:.2f} s"


if __name__ == "__main__":
    main()
