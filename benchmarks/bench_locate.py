"""Time error reporting as the number of problems in one file grows: it should grow linearly.

Two cases, each a generated file with a located problem per entry:

* ``orr gate`` on a review whose answers name N items the checklist does not have (unknown
  keys: a did-you-mean and a line:column each), N = 100, 1,000, 10,000;
* ``orr lens validate`` and ``orr lens import`` on a lens of P pillars, each question with a
  key outside the lens format and a rule set without a default (warnings, each located),
  P = 10, 100, 1,000 (past the AWS tool's limits on pillars, which are reported too).

Goal: the largest size takes at most ~12x the time of the one ten times smaller.

    python benchmarks/bench_locate.py             # best of 3 runs each
    python benchmarks/bench_locate.py --runs 5 --keys 100 1000 --pillars 10 100
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def review(keys: int) -> str:
    answers = "".join(f"  zonal-shift/no-such-item-{n}:\n    status: met\n" for n in range(keys))
    return f"service: bench\nowner: team\nchecklists: [zonal-shift]\nanswers:\n{answers}"


def lens(pillars: int) -> str:
    def question(p: int) -> dict[str, object]:
        return {
            "id": f"question_{p}",
            "title": f"Question {p}?",
            "url": "https://example.com",  # not part of the format: a located warning
            "choices": [
                {"id": "yes", "title": "Yes", "improvementPlan": {"displayText": "Do it."}},
                {"id": "nothing_no", "title": "None of these"},
            ],
            "riskRules": [{"condition": "yes", "risk": "NO_RISK"}],  # no default: a warning
        }

    return json.dumps(
        {
            "schemaVersion": "2021-11-01",
            "name": "Bench lens",
            "description": "Generated.",
            "pillars": [
                {"id": f"pillar_{p}", "name": f"Pillar {p}", "questions": [question(p)]}
                for p in range(pillars)
            ],
        },
        indent=2,
    )


def best(command: Sequence[str], runs: int, ok: tuple[int, ...]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
        times.append(time.perf_counter() - start)
        if done.returncode not in ok:
            raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr!r}")
    return min(times)


def series(label: str, sizes: Sequence[int], timed: dict[int, float]) -> None:
    previous = None
    for size in sizes:
        growth = f"  ({timed[size] / timed[previous]:.1f}x the {previous:,})" if previous else ""
        print(f"{label} {size:>6,}: {timed[size]:7.2f} s{growth}")
        previous = size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keys", type=int, nargs="+", default=[100, 1_000, 10_000])
    parser.add_argument("--pillars", type=int, nargs="+", default=[10, 100, 1_000])
    args = parser.parse_args()
    script = Path(sys.executable).with_name("orr")
    orr = [str(script)] if script.is_file() else [sys.executable, "-m", "orr"]
    with tempfile.TemporaryDirectory(prefix="orr-bench-locate-") as folder:
        work = Path(folder)
        gate: dict[int, float] = {}
        for keys in args.keys:
            path = work / f"keys-{keys}.yaml"
            path.write_text(review(keys), encoding="utf-8")
            gate[keys] = best([*orr, "gate", str(path), "--today", "2026-11-23"], args.runs, (2,))
        validate: dict[int, float] = {}
        imported: dict[int, float] = {}
        for pillars in args.pillars:
            path = work / f"lens-{pillars}.json"
            path.write_text(lens(pillars), encoding="utf-8")
            validate[pillars] = best([*orr, "lens", "validate", str(path)], args.runs, (0, 2))
            out = work / f"lens-{pillars}.yaml"
            command = [*orr, "lens", "import", str(path), "-o", str(out), "--force"]
            imported[pillars] = best(command, args.runs, (0, 2))
    print(f"best of {args.runs} runs each")
    series("orr gate, unknown keys     ", args.keys, gate)
    series("orr lens validate, pillars ", args.pillars, validate)
    series("orr lens import, pillars   ", args.pillars, imported)


if __name__ == "__main__":
    main()
