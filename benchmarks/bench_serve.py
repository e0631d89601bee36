"""How fast is `orr serve`: one save on a 100-item review, and the page of a 1,000-item one.

- Save: a POST of one answer to the live server (uvicorn on loopback, as `orr serve` runs it),
  which checks the item's answer is still the one the page showed, writes the file through
  the `orr review` writer and sends back the verdict fragment; against `orr gate`'s
  in-process work on the same file (``assess``: load, validate, evaluate), measured in the
  same run, in alternation.
- Page: Debian's chromium (Playwright) opens the served page of a 1,000-item review; the load
  event (from navigation start) and DevTools' style + layout time.

    .venv/bin/python benchmarks/bench_serve.py [--items 100] [--page-items 1000] [--runs 31]
        [--page-runs 5]  (0: the save only)

The review is synthetic: one checklist of N items over four sections, half of them answered
(met, partial, unmet, n/a, choices, with notes and evidence), saved answers cycle statuses.
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import ARGS, CHROMIUM  # noqa: E402
from tests.serve_helpers import TODAY, live_server, settings_for  # noqa: E402

from orr.assess import assess  # noqa: E402
from orr.catalog import Catalog  # noqa: E402

STATUSES = ("met", "partial", "unmet")


def write_review(folder: Path, items: int) -> Path:
    """A checklist of ``items`` items and a review answering every other one."""
    (folder / "checklists").mkdir(parents=True, exist_ok=True)
    sections = []
    for s in range(4):
        entries = []
        for i in range(s, items, 4):
            item = {
                "id": f"item-{i:04d}",
                "question": f"Does the service handle case {i} without paging anyone?",
                "why": "Incidents start where nobody looked. " * 3,
                "guidance": "- check the dashboard\n- check the runbook\n\n**Good:** it is tested.",
                "risk": ("high", "medium", "low")[i % 3],
                "mandatory": i % 10 == 0,
            }
            if i % 7 == 0:
                item["choices"] = [
                    {"id": "a", "title": "Alarms exist"},
                    {"id": "b", "title": "Alarms are tested"},
                    {"id": "none", "title": "None of these", "none_of_these": True},
                ]
                item["risk_rules"] = [
                    {"condition": "a && b", "risk": "none"},
                    {"condition": "default", "risk": "high"},
                ]
            entries.append(item)
        sections.append({"id": f"part-{s}", "title": f"Part {s}", "items": entries})
    checklist = {"id": "bench", "title": "Bench", "version": "1.0.0", "sections": sections}
    (folder / "checklists" / "bench.yaml").write_text(yaml.safe_dump(checklist), "utf-8")
    answers: dict[str, dict[str, object]] = {}
    for i in range(0, items, 2):
        ref = f"bench/item-{i:04d}"
        if i % 7 == 0:
            answers[ref] = {"choices": ["a"], "notes": "Half done."}
        else:
            answers[ref] = {
                "status": STATUSES[i % 3],
                "notes": f"Checked in the meeting, see ticket OPS-{i}.",
                "evidence": [f"https://wiki.example.com/ops/{i}"],
            }
    review = {
        "service": "bench-api",
        "owner": "bench-team",
        "checklists": ["bench"],
        "answers": answers,
    }
    path = folder / "review.yaml"
    text = "# A synthetic review for bench_serve.py\n" + yaml.safe_dump(review, sort_keys=False)
    path.write_text(text, "utf-8")
    return path


def bench_gate_process(path: Path, runs: int) -> list[float]:
    """`orr gate` on the same file as a process of its own (imports and all), in milliseconds."""
    args = [sys.executable, "-m", "orr", "gate", str(path), "--today", TODAY.isoformat()]
    args += ["--checklists", str(path.parent / "checklists")]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, capture_output=True, check=False)
        times.append((time.perf_counter() - started) * 1000)
    return times


def bench_save(folder: Path, items: int, runs: int) -> tuple[list[float], list[float]]:
    path = write_review(folder, items)
    settings = settings_for(path, folder / "checklists")
    catalog = Catalog.with_bundled([folder / "checklists"])
    saves, gates = [], []
    with live_server(settings) as live:
        connection = http.client.HTTPConnection("127.0.0.1", live.keys.port, timeout=30)
        connection.request("GET", "/?token=" + live.keys.token)
        opened = connection.getresponse()
        opened.read()
        cookie = opened.headers["set-cookie"].split(";")[0]
        headers = {
            "cookie": cookie,
            "x-orr-csrf": live.keys.csrf,
            "content-type": "application/x-www-form-urlencoded",
        }
        page = "/review/review.yaml?section=section-bench--part-1"  # the page of item-0001
        connection.request("GET", page, headers={"cookie": cookie})
        based_on = _based_on(connection.getresponse().read().decode())
        for n in range(runs + 1):
            started = time.perf_counter()
            assess(path, catalog, TODAY)
            gate = time.perf_counter() - started
            body = f"ref=bench%2Fitem-0001&set={STATUSES[n % 3]}&notes=run+{n}&based_on={based_on}"
            started = time.perf_counter()
            connection.request("POST", "/review/review.yaml/answer", body, headers)
            response = connection.getresponse()
            fragment = response.read().decode()
            save = time.perf_counter() - started
            assert response.status == 200, fragment[:300]
            assert 'id="verdict"' in fragment
            based_on = _based_on(fragment)
            if n:  # the first of each warms caches
                saves.append(save * 1000)
                gates.append(gate * 1000)
        connection.close()
    return saves, gates


def _based_on(html: str) -> str:
    """The digest of item-0001's answer a page or a saved fragment gives (the next save's)."""
    found = re.search(r'id="item-bench--item-0001-based-on" name="based_on" value="(\w+)"', html)
    assert found, html[:300]
    return found.group(1)


def bench_page(folder: Path, items: int, runs: int) -> tuple[list[float], list[float], int, int]:
    from playwright.sync_api import sync_playwright

    path = write_review(folder, items)
    loads, layouts = [], []
    shown = 0
    with (
        live_server(settings_for(path, folder / "checklists")) as live,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        warm = context.new_page()
        warm.goto(live.url("/"), wait_until="load")  # sets the cookie
        size = len(warm.content().encode())
        warm.close()
        for _ in range(runs):
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Performance.enable")
            page.goto(f"{live.base}/review/review.yaml", wait_until="load")
            page.evaluate("document.documentElement.offsetHeight")
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            loads.append(
                page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            )
            layouts.append(1000 * (metrics["LayoutDuration"] + metrics["RecalcStyleDuration"]))
            shown = page.locator("article.serve-item").count()
            assert 0 < shown <= items, shown  # the first page: whole sections, PAGE_ITEMS or so
            page.close()
        browser.close()
    return loads, layouts, size, shown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--page-items", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--page-runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        saves, gates = bench_save(Path(folder) / "save", options.items, options.runs)
        processes = bench_gate_process(Path(folder) / "save" / "review.yaml", 11)
        if options.page_runs:
            loads, layouts, size, shown = bench_page(
                Path(folder) / "page", options.page_items, options.page_runs
            )
    save, gate = statistics.median(saves), statistics.median(gates)
    print(f"save on a {options.items}-item review, median of {options.runs}: {save:.1f} ms")
    print(f"orr gate in-process (assess) on the same file, median: {gate:.1f} ms")
    print(f"ratio save / gate: {save / gate:.2f}x (goal: under 1.5x)")
    process = statistics.median(processes)
    print(f"`orr gate` as a process on the same file, median of 11: {process:.0f} ms")
    print(f"ratio save / gate process: {save / process:.2f}x")
    if not options.page_runs:
        return 0
    print(
        f"page of a {options.page_items}-item review ({shown} items on its first page, "
        f"{size / 1_000_000:.2f} MB), median of "
        f"{options.page_runs}: load event {statistics.median(loads):.0f} ms, style + layout "
        f"{statistics.median(layouts):.0f} ms (goal: under 1 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
