"""Write N synthetic, valid reviews over the bundled checklists: the benchmarks' input.

Seeded, so the same N and seed give the same files byte for byte. Each review answers every
item of the checklists its service would use, with notes, evidence and a few waivers, so the
files are about the size of a real review (8-20 kB).

    python benchmarks/generate.py 1000 /tmp/reviews --seed 7
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path
from typing import Any

import yaml

from orr.catalog import Catalog, load_checklist
from orr.model import Checklist

TODAY = dt.date(2026, 11, 23)
ALWAYS = ("incremental-deploy", "incident-response", "runbooks-playbooks", "metrics-baselines")
TEAMS = ("payments", "identity", "search", "catalog", "ledger", "growth", "platform", "data")
NOUNS = ("api", "worker", "gateway", "indexer", "scheduler", "store", "router", "ingest")
PEOPLE = ("dana", "lee", "priya", "marco", "sam", "noor", "ines", "kofi", "mei", "olek")
_TEXT = (
    "the one-box stage runs for thirty minutes with the p99 alarm wired to rollback; "
    "dashboards show per-zone error rates and the runbook links the flag-off command; "
    "ticket follow-up is tracked in the team backlog with an owner and a date; "
    "last game day in October shifted one zone away and recovered inside five minutes; "
    "capacity tests cover the loss of a zone at peak with thirty percent headroom"
)
WORDS = tuple(_TEXT.split())


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes shared values (a date used twice) out in full, as a person would, not as aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def bundled_checklists() -> dict[str, Checklist]:
    catalog = Catalog.with_bundled()
    return {path.stem: load_checklist(path) for path in catalog.paths()}


def review(n: int, rng: random.Random, checklists: dict[str, Checklist]) -> dict[str, Any]:
    """One review as plain data, ready to dump."""
    context: dict[str, Any] = {
        "tier": rng.choice((1, 1, 2, 2, 3)),
        "compute": rng.choice(("ecs", "ecs", "ec2", "eks", "lambda")),
        "multi_az": rng.random() < 0.8,
        "load_balanced": rng.random() < 0.6,
        "regions": rng.choice((1, 1, 1, 2, 3)),
        "event_driven": rng.random() < 0.35,
        "customer_facing": rng.random() < 0.5,
        "stateful": rng.random() < 0.5,
    }
    ids = list(ALWAYS)
    for cid, wanted in (
        ("resilience", rng.random() < 0.7),
        ("incident-review", rng.random() < 0.5),
        ("zonal-shift", context["multi_az"] and context["load_balanced"]),
        ("event-driven", context["event_driven"]),
        ("serverless-security", context["compute"] == "lambda"),
    ):
        if wanted and cid in checklists:
            ids.append(cid)
    reviewers = rng.sample(PEOPLE, 2)
    date = TODAY - dt.timedelta(days=rng.randint(0, 600))
    answers: dict[str, Any] = {}
    waivers: list[dict[str, Any]] = []
    for cid in ids:
        for _section, item in checklists[cid].iter_items():
            ref = f"{cid}/{item.id}"
            answers[ref] = answer(rng, item.evidence == "required", reviewers, date)
            status = answers[ref]["status"]
            if item.mandatory and status in ("unmet", "partial") and rng.random() < 0.4:
                waivers.append(
                    {
                        "item": ref,
                        "reason": sentence(rng, 12),
                        "approved_by": "head-of-sre",
                        "approved_at": date,
                        "expires": TODAY + dt.timedelta(days=rng.randint(-60, 240)),
                    }
                )
    pins = [
        f"{cid}@0.9.0"
        if rng.random() < 0.05
        else f"{cid}@{checklists[cid].version}"
        if rng.random() < 0.3
        else cid
        for cid in ids
    ]
    data: dict[str, Any] = {
        "service": f"{rng.choice(TEAMS)}-{rng.choice(NOUNS)}-{n:05d}",
        "owner": f"{rng.choice(TEAMS)}-team",
        "reviewers": reviewers,
    }
    if rng.random() < 0.95:
        data["date"] = date
    data.update({"context": context, "checklists": pins, "answers": answers})
    if waivers:
        data["waivers"] = waivers
    return data


def answer(
    rng: random.Random, evidence_required: bool, people: list[str], date: dt.date
) -> dict[str, Any]:
    status = rng.choices(("met", "partial", "unmet", "n/a"), (65, 15, 12, 8))[0]
    out: dict[str, Any] = {"status": status}
    if status == "n/a":
        out["reason"] = sentence(rng, 10)
    elif status == "met" and (evidence_required or rng.random() < 0.5):
        out["evidence"] = [
            f"https://wiki.example.com/ops/{rng.randrange(10**6)}" for _ in range(rng.randint(1, 2))
        ]
    if rng.random() < 0.6:
        out["notes"] = sentence(rng, rng.randint(8, 40))
    out["answered_by"] = rng.choice(people)
    out["answered_at"] = date - dt.timedelta(days=rng.randint(0, 14))
    return out


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:].rstrip(";,") + "."


def generate(count: int, out: Path, seed: int = 7) -> list[Path]:
    """Write ``count`` reviews into ``out`` (created if missing); returns their paths."""
    rng = random.Random(seed)
    checklists = bundled_checklists()
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = out / f"review-{n:05d}.yaml"
        text = yaml.dump(review(n, rng, checklists), Dumper=_Dumper, sort_keys=False, width=100)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many reviews to write")
    parser.add_argument("out", type=Path, help="the folder to write them into")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = generate(args.count, args.out, args.seed)
    print(f"wrote {len(paths)} reviews to {args.out}")


if __name__ == "__main__":
    main()
