"""How fast is `orr serve`: one save on a 100-item review, and the page of a 1,000-item one.

- Save: `orr serve REVIEW --no-browser` runs as its own process, as a person runs it; this
  process is the browser: on one kept-alive connection it POSTs one answer (the server checks
  the item's answer is still the one the page showed, writes the file through the `orr review`
  writer, fsyncs it, and sends back the verdict fragment) and reads the whole response. The
  yardsticks, measured in this process in alternation with the saves: `orr gate REVIEW` run
  in-process (``orr.cli.main``: its options, catalog, load, validation, evaluation and the
  verdict it prints, without the interpreter's start-up) and, stricter, ``assess`` alone
  (load, validate, evaluate, with the checklists already loaded).
- Page: Debian's chromium (Playwright) opens the served page of a 1,000-item review; the load
  event (from navigation start) and DevTools' style + layout time.

    .venv/bin/python benchmarks/bench_serve.py [--items 100] [--page-items 1000] [--runs 61]
        [--page-runs 5]  (0: the save only) [--recorded] [--commented]

The review is synthetic: one checklist of N items over four sections, half of them answered
(met, partial, unmet, n/a, choices, with notes and evidence), saved answers cycle statuses;
with ``--recorded`` every item also holds `orr check`'s records of 20 templates (one files map
under an anchor, aliases elsewhere), as a review checked before its meeting does.
The client is a plain socket, not ``http.client``: parsing the response headers in Python
took a third of a millisecond of each save's time that is the client's, not the server's (a
browser parses them in C++).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import ARGS, CHROMIUM  # noqa: E402
from tests.serve_helpers import TODAY, live_server, settings_for  # noqa: E402

from orr.assess import assess  # noqa: E402
from orr.catalog import Catalog  # noqa: E402
from orr.cli import main as orr_main  # noqa: E402

STATUSES = ("met", "partial", "unmet")
ANSWER = "/review/review.yaml/answer"


def write_review(
    folder: Path, items: int, *, recorded: bool = False, commented: bool = False
) -> Path:
    """A checklist of ``items`` items and a review answering every other one; ``recorded``:
    every item also holds a record of a check over 20 templates, written as `orr check`
    writes them (the files map once under an anchor, then aliases); ``commented``: item-0001
    is answered too, and every status line ends in a comment, as a review kept by hand."""
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
    files = _templates(folder) if recorded else {}
    for i in range(items):
        ref = f"bench/item-{i:04d}"
        if i % 2 and not (commented and i == 1):
            pass
        elif i % 7 == 0:
            answers[ref] = {"choices": ["a"], "notes": "Half done."}
        else:
            answers[ref] = {
                "status": STATUSES[i % 3],
                "notes": f"Checked in the meeting, see ticket OPS-{i}.",
                "evidence": [f"https://wiki.example.com/ops/{i}"],
            }
        if recorded:
            record = {"check": "every queue has a redrive policy", "outcome": "pass"}
            record |= {"checked_at": TODAY, "repo": ".", "files": files}  # one map: an anchor
            answers[ref] = {**answers.get(ref, {}), "checked": [record]}
    review = {
        "service": "bench-api",
        "owner": "bench-team",
        "checklists": ["bench"],
        "answers": answers,
    }
    path = folder / "review.yaml"
    text = "# A synthetic review for bench_serve.py\n" + yaml.safe_dump(review, sort_keys=False)
    if commented:
        text = re.sub(r"(?m)^(    status: \w+)$", r"\1   # as of the meeting", text)
    path.write_text(text.replace("&id001", "&files1").replace("*id001", "*files1"), "utf-8")
    return path


def _templates(folder: Path) -> dict[str, str]:
    """Twenty small templates in ``folder``, as a check's files map (path -> sha256)."""
    files = {}
    for n in range(20):
        template = folder / "services" / f"svc{n:03d}" / "template.yaml"
        template.parent.mkdir(parents=True, exist_ok=True)
        template.write_text(f"Resources:\n  Queue{n}:\n    Type: AWS::SQS::Queue\n", "utf-8")
        digest = hashlib.sha256(template.read_bytes()).hexdigest()
        files[template.relative_to(folder).as_posix()] = digest
    return files


def bench_gate_process(path: Path, runs: int) -> list[float]:
    """`orr gate` on the same file as a process of its own (imports and all), in milliseconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "orr", *_gate_args(path)], capture_output=True)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _gate_args(path: Path) -> list[str]:
    checklists = str(path.parent / "checklists")
    return ["gate", str(path), "--today", TODAY.isoformat(), "--checklists", checklists]


class Connection:
    """HTTP/1.1 on one kept-alive socket, as a browser keeps one to the page's server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pending = b""

    def request(
        self, method: str, target: str, body: str = "", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        lines = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        data = body.encode()
        lines.append(f"Content-Length: {len(data)}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + data)
        while b"\r\n\r\n" not in self.pending:
            self.pending += self._recv()
        head, _, rest = self.pending.partition(b"\r\n\r\n")
        status_line, *fields = head.decode("latin-1").split("\r\n")
        found = {}
        for field in fields:
            name, _, value = field.partition(":")
            found[name.strip().lower()] = value.strip()
        length = int(found.get("content-length", "0"))
        while len(rest) < length:
            rest += self._recv()
        self.pending = rest[length:]
        return int(status_line.split()[1]), found, rest[:length].decode()

    def _recv(self) -> bytes:
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise ConnectionError("orr serve closed the connection")
        return chunk

    def close(self) -> None:
        self.sock.close()


@contextlib.contextmanager
def orr_serve(path: Path) -> Iterator[tuple[int, str]]:
    """`orr serve PATH --no-browser` as its own process: (its port, its token)."""
    args = [sys.executable, "-m", "orr", "serve", *_gate_args(path)[1:], "--no-browser"]
    args += ["--user", "bench"]
    server = subprocess.Popen(args, stderr=subprocess.PIPE, text=True, cwd=path.parent)
    try:
        assert server.stderr is not None
        line = server.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=([\w-]+)", line)
        assert found, line
        yield int(found.group(1)), found.group(2)
    finally:
        server.terminate()
        server.wait(10)


def bench_save(
    folder: Path, items: int, runs: int, *, recorded: bool = False, commented: bool = False
) -> tuple[list[float], list[float], list[float]]:
    """Save, `orr gate` in-process and ``assess`` times in milliseconds, in alternation."""
    path = write_review(folder, items, recorded=recorded, commented=commented)
    catalog = Catalog.with_bundled([folder / "checklists"])
    saves: list[float] = []
    gates: list[float] = []
    assessed: list[float] = []
    with orr_serve(path) as (port, token):
        connection = Connection(port)
        _, headers, _ = connection.request("GET", f"/?token={token}")
        cookie = headers["set-cookie"].split(";")[0]
        page = "/review/review.yaml?section=section-bench--part-1"  # the page of item-0001
        _, _, html = connection.request("GET", page, headers={"Cookie": cookie})
        csrf = re.search(r'"x-orr-csrf": "([\w-]+)"', html)
        assert csrf, html[:300]
        post = {
            "Cookie": cookie,
            "X-Orr-Csrf": csrf.group(1),
            "Content-Type": "application/x-www-form-urlencoded",
        }
        based_on, n = _based_on(html), 0

        def gate() -> None:
            with contextlib.redirect_stdout(io.StringIO()):
                orr_main(_gate_args(path))

        def floor() -> None:
            assess(path, catalog, TODAY)

        def save() -> None:
            nonlocal based_on
            body = f"ref=bench%2Fitem-0001&set={STATUSES[n % 3]}&notes=run+{n}&based_on={based_on}"
            code, _, fragment = connection.request("POST", ANSWER, body, post)
            assert code == 200, fragment[:300]
            assert 'id="verdict"' in fragment
            based_on = _based_on(fragment)

        kinds = [(save, saves), (gate, gates), (floor, assessed)]
        for n in range(runs + 1):
            # each kind in turn first: none always runs on caches another just warmed
            for work, times in kinds[n % 3 :] + kinds[: n % 3]:
                started = time.perf_counter()
                work()
                if n:  # the first round warms caches
                    times.append((time.perf_counter() - started) * 1000)
        connection.close()
    return saves, gates, assessed


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
    parser.add_argument("--runs", type=int, default=61)
    parser.add_argument("--page-runs", type=int, default=5)
    parser.add_argument(
        "--recorded", action="store_true", help="every item holds orr check's records too"
    )
    parser.add_argument(
        "--commented",
        action="store_true",
        help="the saved answer holds a comment, as every status line does",
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        saves, gates, floors = bench_save(
            Path(folder) / "save",
            options.items,
            options.runs,
            recorded=options.recorded,
            commented=options.commented,
        )
        processes = bench_gate_process(Path(folder) / "save" / "review.yaml", 11)
        if options.page_runs:
            loads, layouts, size, shown = bench_page(
                Path(folder) / "page", options.page_items, options.page_runs
            )
    save, gate, floor = (statistics.median(t) for t in (saves, gates, floors))
    kind = " with orr check's records" if options.recorded else ""
    kind += ", a comment in every answer" if options.commented else ""
    print(f"save on a {options.items}-item review{kind}, median of {options.runs}: {save:.1f} ms")
    print(f"`orr gate` in-process on the same file, median: {gate:.1f} ms")
    print(f"ratio save / gate: {save / gate:.2f}x (goal: under 1.5x)")
    print(f"assess alone (load, validate, evaluate; checklists loaded), median: {floor:.1f} ms")
    print(f"ratio save / assess: {save / floor:.2f}x")
    process = statistics.median(processes)
    print(f"`orr gate` as a process on the same file, median of 11: {process:.0f} ms")
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
