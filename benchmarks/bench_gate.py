"""Time `orr gate` on a bundled example against importing its three core dependencies.

The reference is ``python -c "import yaml, pydantic, click"``: the least any orr command
pays. The ratio shows what orr adds on top (its own imports, loading, evaluating, printing).

    python benchmarks/bench_gate.py              # median of 21 runs each
    python benchmarks/bench_gate.py --runs 51 --review examples/ledger-worker.yaml
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
IMPORTS = [sys.executable, "-c", "import yaml, pydantic, click"]
#: For scale: `import pydantic` is lazy; the first model class pays for pydantic's machinery.
MODELS = [sys.executable, "-c", "import yaml, click; from pydantic import BaseModel"]
#: Like an installed package: bytecode is written once (by the warm-up run) and reused.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(command: list[str], ok: tuple[int, ...]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=False
    )
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
    imports, models, gates = [], [], []
    for _ in range(args.runs):  # interleaved, so a noisy moment hits all three
        imports.append(wall(IMPORTS, (0,)))
        models.append(wall(MODELS, (0,)))
        gates.append(wall(gate, (0, 1)))
    base, model, ours = (statistics.median(x) for x in (imports, models, gates))
    print(f"import yaml, pydantic, click:          {base * 1000:6.1f} ms (median of {args.runs})")
    print(f"... and from pydantic import BaseModel: {model * 1000:6.1f} ms ({model / base:.2f}x)")
    print(f"orr gate {args.review.name}: {ours * 1000:6.1f} ms")
    print(f"ratio {ours / base:.2f}x")


if __name__ == "__main__":
    main()
