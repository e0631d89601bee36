"""Time `orr gate` on a bundled example against importing its three core dependencies.

The reference is ``python -c "import yaml, pydantic, click"``: the least any orr command
pays. The ratio shows what orr adds on top (its own imports, loading, evaluating, printing).

    python benchmarks/bench_gate.py              # median of 21 runs each
    python benchmarks/bench_gate.py --runs 51 --review examples/ledger-worker.yaml
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMPORTS = [sys.executable, "-c", "import yaml, pydantic, click"]


def wall(command: list[str], ok: tuple[int, ...]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--review", type=Path, default=ROOT / "examples" / "checkout-api.yaml")
    parser.add_argument("--today", default="2026-11-23")
    args = parser.parse_args()
    script = Path(sys.executable).with_name("orr")
    orr = [str(script)] if script.is_file() else [sys.executable, "-m", "orr"]
    gate = [*orr, "gate", str(args.review), "--today", args.today]
    wall(IMPORTS, (0,))
    wall(gate, (0, 1))  # warm the file cache and the bytecode
    imports, gates = [], []
    for _ in range(args.runs):  # interleaved, so a noisy moment hits both
        imports.append(wall(IMPORTS, (0,)))
        gates.append(wall(gate, (0, 1)))
    base, ours = statistics.median(imports), statistics.median(gates)
    print(f"import yaml, pydantic, click: {base * 1000:6.1f} ms (median of {args.runs})")
    print(f"orr gate {args.review.name}: {ours * 1000:6.1f} ms (median of {args.runs})")
    print(f"ratio {ours / base:.2f}x")


if __name__ == "__main__":
    main()
