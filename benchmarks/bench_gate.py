"""Time `orr gate` on a bundled example against importing its core dependencies.

The reference is ``python -c "import yaml, click; from pydantic import BaseModel"``: the least
any orr command pays (pydantic builds its model machinery on the first ``BaseModel``). Runs are
paired (reference, then gate) and the figure is the median of the per-pair ratios, so a noisy
moment on a shared machine moves both sides of a pair. ``--where`` also says where the gate's
time goes, from ``python -X importtime`` and in-process timers.

    python benchmarks/bench_gate.py              # 21 pairs
    python benchmarks/bench_gate.py --runs 51 --review examples/ledger-worker.yaml --where
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = [sys.executable, "-c", "import yaml, click; from pydantic import BaseModel"]
#: Like an installed package: bytecode is written once (by the warm-up run) and reused.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

#: In-process phases of one gate, each timed after the one before it.
PHASES = """
import time, sys
t = [time.perf_counter()]
import yaml, click
from pydantic import BaseModel
t.append(time.perf_counter())
from orr import cli, catalog, assess, evaluate, model
t.append(time.perf_counter())
from orr.cli import main
code = main(['gate', sys.argv[1], '--today', sys.argv[2]])
t.append(time.perf_counter())
names = ['yaml, click, pydantic BaseModel', 'orr modules', 'load, validate, evaluate, print']
for name, a, b in zip(names, t, t[1:]):
    print(f'{name:34} {(b - a) * 1000:7.1f} ms', file=sys.stderr)
"""


def wall(command: list[str], ok: tuple[int, ...]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}")
    return elapsed


def where(review: Path, today: str) -> None:
    """Print the phases, and the slowest imports orr adds over the reference."""
    done = subprocess.run(
        [sys.executable, "-c", PHASES, str(review), today],
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    print(done.stderr.strip())
    trace = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", PHASES, str(review), today],
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    rows = []
    for line in trace.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|")
            if name.strip().startswith("orr") and name.count("  ") <= 2:
                rows.append((int(cumulative.strip()), name.strip()))
    print("slowest orr imports (cumulative, us):")
    for cumulative, name in sorted(rows, reverse=True)[:8]:
        print(f"  {cumulative:8d}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--review", type=Path, default=ROOT / "examples" / "checkout-api.yaml")
    parser.add_argument("--today", default="2026-11-23")
    parser.add_argument("--where", action="store_true", help="say where the time goes")
    args = parser.parse_args()
    script = Path(sys.executable).with_name("orr")
    orr = [str(script)] if script.is_file() else [sys.executable, "-m", "orr"]
    gate = [*orr, "gate", str(args.review), "--today", args.today]
    wall(REFERENCE, (0,))
    wall(gate, (0, 1, 2))  # warm the file cache and the bytecode
    references, gates = [], []
    for _ in range(args.runs):
        references.append(wall(REFERENCE, (0,)))
        gates.append(wall(gate, (0, 1, 2)))
    ratios = [g / r for g, r in zip(gates, references, strict=True)]
    print(f"reference (yaml, click, BaseModel): {statistics.median(references) * 1000:6.1f} ms")
    print(f"orr gate {args.review.name}: {statistics.median(gates) * 1000:6.1f} ms")
    print(f"ratio {statistics.median(ratios):.2f}x (median of {args.runs} paired runs)")
    if args.where:
        where(args.review, args.today)


if __name__ == "__main__":
    main()
