"""Time `orr portfolio` against the floor: parsing the same files with PyYAML's C loader.

The floor is one plain process that only parses every file (``yaml.load`` with
``CSafeLoader``); `orr portfolio` parses, validates and evaluates them, on every core, and
writes the JSON roll-up. Both run as fresh processes, one after the other, on the same files.
Peak memory is the largest total resident size of orr's process tree (the command and its
workers, sampled from /proc every 0.25 s; shared pages are counted once per process, so it
overstates).

    python benchmarks/bench_portfolio.py                  # 1,000 and 10,000 reviews
    python benchmarks/bench_portfolio.py --sizes 200 --repeat 3
    python benchmarks/bench_portfolio.py --page 2000      # HTML size and layout in Chromium
    python benchmarks/bench_portfolio.py --since 2000     # --since HEAD~1 against a plain run

``--page N`` writes the HTML portfolio of N reviews and prints its size and how long Chromium
(/usr/bin/chromium, through Playwright) takes from navigation to the end of the load event,
and to lay the whole page out again from scratch. ``--since N`` commits N reviews, then N
regenerated with another seed (every file changed), and times ``orr portfolio --since HEAD~1``
against the same run without it.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import TODAY, generate  # a script beside this one

FLOOR = """
import sys
from pathlib import Path
import yaml
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kb(root: int) -> int:
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_kb(pid)
        todo.extend(_children(pid))
    return total


def timed(command: list[str], *, memory: bool = True) -> tuple[float, float]:
    """Wall seconds and peak resident MB of the command's process tree (0 if not ``memory``).

    The tree is sampled every 0.25 s: a walk of /proc every 20 ms took a third of a core,
    time taken from the measured processes on a 2-core machine (more from orr, which uses
    both cores, than from the one-process floor).
    """
    peak = 0
    start = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(process.pid))
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    if memory and Path("/proc").is_dir():
        sampler.start()
    code = process.wait()
    elapsed = time.perf_counter() - start
    done.set()
    if code != 0:
        raise SystemExit(f"{' '.join(command)} exited {code}")
    return elapsed, peak / 1024


def children_cpu() -> float:
    """CPU seconds (user and system) of every child process ended and waited for so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def orr_command(folder: Path, jobs: int | None) -> list[str]:
    command = [sys.executable, "-m", "orr", "portfolio", str(folder), "--format", "json"]
    command += ["-o", "-", "--today", TODAY.isoformat()]  # stdout, which the timer discards
    return command + (["--jobs", str(jobs)] if jobs else [])


def page_figures(size: int, root: Path, seed: int, jobs: int | None) -> None:
    from playwright.sync_api import sync_playwright

    folder = root / f"reviews-{size}"
    if not folder.is_dir() or len(list(folder.glob("*.yaml"))) != size:
        generate(size, folder, seed)
    page_file = root / f"portfolio-{size}.html"
    command = [sys.executable, "-m", "orr", "portfolio", str(folder), "-o", str(page_file)]
    command += ["--today", TODAY.isoformat()] + (["--jobs", str(jobs)] if jobs else [])
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    print(f"{size:>7,} reviews: HTML {page_file.stat().st_size / 1e6:.2f} MB")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        loads, layouts = [], []
        for _ in range(3):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(page_file.as_uri())
            loads.append(
                page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
            )
            layouts.append(
                page.evaluate(
                    "() => { document.body.style.width = '1279px'; const t = performance.now();"
                    " document.body.offsetHeight; document.querySelectorAll('.later, .block')"
                    ".forEach(s => s.style.contentVisibility = 'visible');"
                    " document.body.offsetHeight; return performance.now() - t; }"
                )
            )
            page.close()
        browser.close()
    print(
        f"  Chromium: loaded in {statistics.median(loads) / 1000:.2f} s (navigation to load "
        f"event), whole page laid out again in {statistics.median(layouts) / 1000:.2f} s"
    )


def since_figures(size: int, root: Path, seed: int, jobs: int | None, repeat: int) -> None:
    repo = root / f"repo-{size}"
    folder = repo / "reviews"
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@example.com"}
    env |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "b@example.com"}
    if not (repo / ".git").is_dir():
        generate(size, folder, seed)
        for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "old"]):
            subprocess.run(["git", *args], cwd=repo, env=env, check=True)
        generate(size, folder, seed + 1)
        for args in (["add", "."], ["commit", "-q", "-m", "new"]):
            subprocess.run(["git", *args], cwd=repo, env=env, check=True)
    plain, since = [], []
    for _ in range(repeat):
        plain.append(timed(orr_command(folder, jobs), memory=False)[0])
        since.append(timed([*orr_command(folder, jobs), "--since", "HEAD~1"], memory=False)[0])
    a, b = statistics.median(plain), statistics.median(since)
    print(
        f"{size:>7,} reviews: orr portfolio {a:6.2f} s  with --since HEAD~1 {b:6.2f} s  "
        f"ratio {b / a:4.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the median counts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, help="orr's --jobs (default: every CPU)")
    parser.add_argument("--data", type=Path, help="keep the generated reviews here")
    parser.add_argument("--page", type=int, metavar="N", help="the HTML page of N reviews")
    parser.add_argument("--since", type=int, metavar="N", help="--since over N reviews")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="orr-bench-") as scratch:
        root = args.data or Path(scratch)
        if args.page or args.since:
            if args.page:
                page_figures(args.page, root, args.seed, args.jobs)
            if args.since:
                since_figures(args.since, root, args.seed, args.jobs, args.repeat)
            return
        times: dict[int, float] = {}
        for size in args.sizes:
            folder = root / f"reviews-{size}"
            if not folder.is_dir() or len(list(folder.glob("*.yaml"))) != size:
                generate(size, folder, args.seed)
            floors, orrs, peaks, floor_cpu, orr_cpu = [], [], [], [], []
            for _ in range(args.repeat):
                before = children_cpu()
                floors.append(timed([sys.executable, "-c", FLOOR, str(folder)], memory=False)[0])
                middle = children_cpu()
                elapsed, peak = timed(orr_command(folder, args.jobs))
                floor_cpu.append(middle - before)
                orr_cpu.append(children_cpu() - middle)
                orrs.append(elapsed)
                peaks.append(peak)
            floor, orr = statistics.median(floors), statistics.median(orrs)
            times[size] = orr
            print(
                f"{size:>7,} reviews: floor {floor:6.2f} s  orr portfolio {orr:6.2f} s  "
                f"ratio {orr / floor:4.2f}x  peak memory {max(peaks):5.0f} MB"
            )
            # On a busy machine the wall ratio counts the neighbours: orr needs every core.
            cpus, a, b = (
                os.cpu_count() or 1,
                statistics.median(floor_cpu),
                statistics.median(orr_cpu),
            )
            print(
                f"{'':>16}CPU time: floor {a:6.2f} s  orr {b:6.2f} s over its processes  "
                f"(orr's / {cpus} CPUs / floor's: {b / cpus / a:4.2f}x)"
            )
        sizes = sorted(times)
        for small, large in itertools.pairwise(sizes):
            growth = times[large] / times[small]
            print(f"growth {small:,} -> {large:,}: {growth:.2f}x (for {large / small:g}x reviews)")


if __name__ == "__main__":
    main()
