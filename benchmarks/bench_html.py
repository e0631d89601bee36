"""How big is the HTML report of a 1,000-item review, and how fast does Chromium lay it out?

The review is synthetic but its texts are real: the bundled examples' items (questions, why,
guidance, remediation, notes, evidence) cloned into 20 checklists of 50 items. Chromium is
Debian's, driven by Playwright, as in the browser tests.

    .venv/bin/python benchmarks/bench_html.py [--items 1000] [--runs 5]

Prints the file size, the time to render it in Python, and for Chromium the median over the
runs of: the load event (from navigation start), and the style and layout time the DevTools
Performance domain reports (RecalcStyleDuration + LayoutDuration).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.report_helpers import large_result  # noqa: E402

from orr.render import html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def measure(path: Path, runs: int) -> tuple[list[float], list[float]]:
    """Load event times and style+layout times, in milliseconds, one pair per run."""
    from playwright.sync_api import sync_playwright

    loads, layouts = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            page.goto(path.as_uri(), wait_until="load")
            page.evaluate("document.documentElement.offsetHeight")  # make sure layout is done
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            loads.append(
                page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            )
            layouts.append(1000 * (metrics["LayoutDuration"] + metrics["RecalcStyleDuration"]))
            page.close()
        browser.close()
    return loads, layouts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()

    result = large_result(options.items)
    started = time.perf_counter()
    text = html.render(result)
    rendered = time.perf_counter() - started
    size = len(text.encode("utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.html"
        path.write_text(text, encoding="utf-8")
        loads, layouts = measure(path, options.runs)
    print(f"items: {len(result.items)}  blockers: {len(result.blockers)}")
    print(f"HTML: {size:,} bytes ({size / 1_000_000:.2f} MB), rendered in {rendered:.2f} s")
    print(
        f"Chromium, median of {options.runs}: load event {statistics.median(loads):.0f} ms, "
        f"style + layout {statistics.median(layouts):.0f} ms "
        f"(min {min(layouts):.0f}, max {max(layouts):.0f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
