"""Time `orr gate` over many reviews against `orr portfolio` on the same files.

Both walk the folder with the same discovery and evaluate on every core with the same pool;
the gate also locates each answer's line and prints every review's summary. Fresh processes,
alternating gate and portfolio, the median of each; the goal is a ratio of at most 1.2x.

    python benchmarks/bench_gate_many.py                 # 2,000 reviews, 3 runs of each
    python benchmarks/bench_gate_many.py --size 500 --repeat 1
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import TODAY, generate  # a script beside this one


def timed(command: list[str], ok: tuple[int, ...]) -> float:
    start = time.perf_counter()
    code = subprocess.run(command, stdout=subprocess.DEVNULL, check=False).returncode
    elapsed = time.perf_counter() - start
    if code not in ok:
        raise SystemExit(f"{' '.join(command)} exited {code}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the median counts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, help="keep the generated reviews here")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="orr-bench-") as scratch:
        folder = (args.data or Path(scratch)) / f"reviews-{args.size}"
        if not folder.is_dir() or len(list(folder.glob("*.yaml"))) != args.size:
            generate(args.size, folder, args.seed)
        common = [str(folder), "--today", TODAY.isoformat()]
        gate = [sys.executable, "-m", "orr", "gate", *common]
        portfolio = [sys.executable, "-m", "orr", "portfolio", *common, "-f", "json"]
        gates, portfolios = [], []
        for _ in range(args.repeat):
            gates.append(timed(gate, ok=(0, 1)))  # 1: some generated reviews are not ready
            portfolios.append(timed(portfolio, ok=(0,)))
        g, p = statistics.median(gates), statistics.median(portfolios)
        print(
            f"{args.size:,} reviews: orr gate {g:6.2f} s  orr portfolio {p:6.2f} s  "
            f"ratio {g / p:4.2f}x (goal <= 1.2x)"
        )


if __name__ == "__main__":
    main()
