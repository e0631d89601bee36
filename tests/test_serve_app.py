"""orr serve in-process: who may read and write, what a posted form saves, and the command."""

from __future__ import annotations

import html
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from starlette.testclient import TestClient

from orr.catalog import Catalog
from orr.web.app import create_app
from orr.web.form import posted_answer
from orr.web.guard import CSP, Keys
from orr.web.page import PAGE_ITEMS
from tests.conftest import ROOT, CliRunner
from tests.serve_helpers import REVIEW_DATA, long_review, review_copy, settings_for

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
POST = "/review/review.yaml/answer"


class Served:
    def __init__(self, path: Path, keys: Keys, client: TestClient) -> None:
        self.path, self.keys, self.client = path, keys, client

    def version(self) -> str:
        page = self.client.get("/review/review.yaml")
        match = re.search(r'id="version" name="based_on" value="([0-9a-f]{64})"', page.text)
        assert match, page.text[:500]
        return match.group(1)

    def based_on(self, ref: str) -> str:
        """The digest of the item's answer the page was rendered with (what a save sends)."""
        page = self.client.get("/review/review.yaml")
        anchor = "item-" + ref.replace("/", "--")
        match = re.search(
            rf'id="{anchor}-based-on" name="based_on" value="([0-9a-f]{{64}})"', page.text
        )
        assert match, page.text[:500]
        return match.group(1)

    def post(self, data: dict[str, str], **headers: str) -> object:
        return self.client.post(POST, data=data, headers={"x-orr-csrf": self.keys.csrf, **headers})


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    path = review_copy(tmp_path)
    keys = Keys(PORT)
    client = TestClient(create_app(settings_for(path, tmp_path / "checklists"), keys), BASE)
    opened = client.get(keys.url("/review/review.yaml"), follow_redirects=False)
    assert opened.status_code == 303
    assert opened.headers["location"] == "/review/review.yaml"
    assert f"orr-serve-{PORT}=" in opened.headers["set-cookie"]
    assert "HttpOnly" in opened.headers["set-cookie"]
    assert "SameSite=strict" in opened.headers["set-cookie"]
    yield Served(path, keys, client)


def _status(path: Path, ref: str = "demo/rollback") -> str | None:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["answers"][ref].get("status")


def test_a_save_writes_the_file_and_returns_the_fragments(served: Served) -> None:
    based_on = served.based_on("demo/rollback")
    response = served.post({"ref": "demo/rollback", "set": "met", "based_on": based_on})
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert _status(served.path) == "met"
    text = response.text  # type: ignore[attr-defined]
    assert 'id="verdict" aria-labelledby="verdict-title" aria-live="polite" hx-swap-oob' in text
    assert 'id="item-demo--rollback-msg" class="message ok"' in text
    counts = re.findall(
        r'<span class="count" id="(section-demo--\w+)-count" hx-swap-oob="true">', text
    )
    assert counts == ["section-demo--deploy", "section-demo--operate"]
    newer = served.based_on("demo/rollback")
    assert newer != based_on
    assert f'id="item-demo--rollback-based-on" name="based_on" value="{newer}" hx-swap-oob' in text
    assert f'id="version" name="based_on" value="{served.version()}" hx-swap-oob' in text
    trigger = response.headers["hx-trigger"]  # type: ignore[attr-defined]
    assert trigger == '{"orr:saved": {"item": "item-demo--rollback", "status": "met"}}'


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"host": "evil.example:8765"}, "This server answers on the loopback address only"),
        ({"host": f"127.0.0.1:{PORT + 1}"}, "This server answers on the loopback address only"),
        ({"origin": "http://evil.example"}, "Cross-origin requests are refused."),
        ({"sec-fetch-site": "cross-site"}, "Cross-site requests are refused."),
        ({"x-orr-csrf": "guess"}, "The request lacks this page's CSRF token"),
    ],
)
def test_a_write_from_elsewhere_is_refused_and_the_file_is_unchanged(
    served: Served, headers: dict[str, str], message: str
) -> None:
    before = served.path.read_bytes()
    response = served.post({"ref": "demo/rollback", "set": "met"}, **headers)
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert response.text.startswith(message)  # type: ignore[attr-defined]
    assert served.path.read_bytes() == before


def test_without_the_token_nothing_is_read_or_written(served: Served) -> None:
    before = served.path.read_bytes()
    stranger = TestClient(served.client.app, BASE)
    for response in (
        stranger.get("/review/review.yaml"),
        stranger.get("/review/review.yaml?token=wrong"),
        stranger.get("/static/htmx.min.js"),
        stranger.post(
            POST,
            data={"ref": "demo/rollback", "set": "met"},
            headers={"x-orr-csrf": served.keys.csrf},
        ),
        stranger.post(
            f"{POST}?token={served.keys.token}",
            data={"ref": "demo/rollback", "set": "met"},
            headers={"x-orr-csrf": served.keys.csrf},
        ),
    ):
        assert response.status_code == 403
        assert response.text == "Open the address `orr serve` printed, with its token."
    assert served.path.read_bytes() == before


def test_every_response_carries_the_strict_policy(served: Served) -> None:
    for url in ("/review/review.yaml", "/static/serve.js", "/nothing-here"):
        response = served.client.get(url)
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP
    page = served.client.get("/review/review.yaml").text
    assert "<script>" not in page and " style=" not in page and " on" + "click" not in page
    assert '"includeIndicatorStyles": false' in page


def test_a_stale_save_is_refused_with_409_and_nothing_is_lost(served: Served) -> None:
    """Per item: a save based on an older answer to that item is refused and shows the newer
    one; a save to another item based on what the page showed is kept."""
    old = {ref: served.based_on(ref) for ref in ("demo/rollback", "demo/one-box")}
    first = {"ref": "demo/rollback", "set": "met", "based_on": old["demo/rollback"]}
    assert served.post(first).status_code == 200  # type: ignore[attr-defined]
    after_first = served.path.read_bytes()
    response = served.post(
        {"ref": "demo/rollback", "set": "unmet", "based_on": old["demo/rollback"]}
    )
    assert response.status_code == 409  # type: ignore[attr-defined]
    text = html.unescape(response.text)  # type: ignore[attr-defined]
    assert "demo/rollback changed in review.yaml since this page was loaded" in text
    assert '<article class="item serve-item" id="item-demo--rollback"' in text
    assert 'id="item-demo--rollback-set-met" name="set" value="met"' in text
    assert 'aria-pressed="true" hx-post' in text.split('id="item-demo--rollback-set-met"')[1][:150]
    assert 'id="items"' not in text  # the other items are left as they are
    assert served.path.read_bytes() == after_first
    missing = served.post({"ref": "demo/rollback", "set": "unmet"})  # "based on no answer"
    assert missing.status_code == 409  # type: ignore[attr-defined]
    other = {
        "ref": "demo/one-box",
        "set": "partial",
        "evidence": "https://ci.example.com/1",
        "based_on": old["demo/one-box"],
    }
    assert served.post(other).status_code == 200  # type: ignore[attr-defined]
    assert _status(served.path) == "met"
    assert _status(served.path, "demo/one-box") == "partial"


def test_a_refused_answer_says_why_and_writes_nothing(served: Served) -> None:
    before = served.path.read_bytes()
    version = served.based_on("demo/rollback")
    for data, message in (
        ({"ref": "demo/one-box", "set": "met"}, "This item needs evidence to count as met"),
        ({"ref": "demo/rollback", "set": "n/a", "reason": " "}, "Say why the item does not"),
        ({"ref": "demo/rollback", "set": "maybe"}, "Unknown status 'maybe'"),
    ):
        response = served.post({**data, "based_on": version})
        assert response.status_code == 422  # type: ignore[attr-defined]
        assert f"Not saved: {message}" in html.unescape(response.text)  # type: ignore[attr-defined]
    assert served.post({"ref": "demo/nope", "set": "met"}).status_code == 404  # type: ignore[attr-defined]
    assert served.path.read_bytes() == before


def test_only_the_served_file_is_reachable(served: Served) -> None:
    for key in ("../review.yaml", "checklists/demo.yaml", "other.yaml", "%2e%2e/etc/passwd"):
        assert served.client.get(f"/review/{key}").status_code == 404
    assert served.client.get("/static/../app.py").status_code == 404


def test_the_form_gives_the_same_answer_as_the_terminal_would() -> None:
    checklist = Catalog.with_bundled([REVIEW_DATA / "checklists"]).load("demo")
    items = checklist.items_by_id
    posted = posted_answer(
        items["runbooks"],
        {
            "choice": ["tested", "paging", "bogus"],
            "na_choice": ["paging", "none"],
            "notes": [" x "],
        },
    )
    assert posted.fields == {
        "choices": ["paging", "tested"],
        "na_choices": ["none"],
        "evidence": [],
        "notes": "x",
    }
    kept = posted_answer(items["rollback"], {"status": ["partial"], "notes": ["later"]})
    assert kept.fields == {"status": "partial", "evidence": [], "notes": "later"}
    na = posted_answer(items["bake-time"], {"set": ["n/a"], "reason": ["one host"]})
    assert na == type(na)({"status": "n/a", "reason": "one host", "notes": ""}, None)
    lines = posted_answer(items["one-box"], {"set": ["met"], "evidence": ["a\n\n b \n"]})
    assert lines.fields["evidence"] == ["a", "b"] and lines.problem is None


def test_the_vendored_htmx_is_the_one_package_json_pins() -> None:
    vendored = ROOT / "src" / "orr" / "web" / "static" / "htmx.min.js"
    installed = ROOT / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"
    if not installed.is_file():
        pytest.skip("node_modules/htmx.org is not installed (run `npm ci`)")
    assert vendored.read_bytes() == installed.read_bytes()


def test_serve_refuses_what_it_cannot_serve(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("serve", tmp_path / "missing.yaml", "--no-browser")
    assert (run.code, run.err) == (
        2,
        f"orr serve: {tmp_path / 'missing.yaml'}: no such file or folder\n",
    )
    (tmp_path / "r.json").write_text("{}", encoding="utf-8")
    run = cli("serve", tmp_path / "r.json", "--no-browser")
    assert run.code == 2
    assert "is not a YAML review; orr serve writes comment-keeping YAML" in run.err
    broken = tmp_path / "broken.yaml"
    broken.write_text("service: x\nowner: y\nchecklists: [nope]\n", encoding="utf-8")
    run = cli("serve", broken, "--no-browser")
    assert run.code == 2
    assert run.err.startswith(f"{broken}:")


def test_a_port_in_use_is_refused_with_what_to_do(cli: CliRunner, tmp_path: Path) -> None:
    path = review_copy(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = cli(
            "serve", path, "--checklists", tmp_path / "checklists", "--no-browser", "--port", port
        )
    assert (run.code, run.err) == (
        2,
        f"orr serve: cannot listen on 127.0.0.1:{port}: Address already in use; another "
        "program uses that port: pick another --port, or leave it out\n",
    )


def test_ctrl_c_stops_with_130_and_every_acknowledged_answer_on_disk(tmp_path: Path) -> None:
    path = review_copy(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SOURCE_DATE_EPOCH": "1795426200"}
    env.pop("CI", None)
    args = [sys.executable, "-m", "orr", "serve", str(path), "--no-browser", "--user", "dana"]
    args += ["--checklists", str(tmp_path / "checklists")]
    server = subprocess.Popen(args, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert server.stderr is not None
        line = server.stderr.readline()
        url = re.search(r"at (http://127\.0\.0\.1:(\d+)/\?token=\S+)", line)
        assert url, line
        connection = http.client.HTTPConnection("127.0.0.1", int(url.group(2)), timeout=10)
        connection.request("GET", url.group(1).split(url.group(2), 1)[1])
        opened = connection.getresponse()
        opened.read()
        cookie = opened.headers["set-cookie"].split(";")[0]
        connection.request("GET", "/review/review.yaml", headers={"cookie": cookie})
        page = connection.getresponse().read().decode()
        csrf = re.search(r'"x-orr-csrf": "([^"]+)"', page)
        assert csrf
        based_on = re.search(
            r'id="item-demo--rollback-based-on" name="based_on" value="(\w+)"', page
        )
        assert based_on
        body = f"ref=demo%2Frollback&set=met&based_on={based_on.group(1)}"
        headers = {
            "cookie": cookie,
            "x-orr-csrf": csrf.group(1),
            "content-type": "application/x-www-form-urlencoded",
        }
        connection.request("POST", "/review/review.yaml/answer", body, headers)
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        server.send_signal(signal.SIGINT)
        code = server.wait(20)
    assert code == 130
    assert server.stderr.read().strip().endswith("stopped; every saved answer is in the file.")
    answer = yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]["demo/rollback"]
    assert (answer["status"], answer["answered_by"]) == ("met", "dana")
    assert str(answer["answered_at"]).startswith("2026-11-23")


def test_a_blank_change_on_an_unanswered_item_writes_nothing(served: Served) -> None:
    before = served.path.read_bytes()
    response = served.post({"ref": "demo/bake-time", "reason": "typed first", "notes": ""})
    assert response.status_code == 204  # type: ignore[attr-defined]
    assert served.path.read_bytes() == before


def test_a_host_other_than_loopback_is_the_only_host_accepted() -> None:
    keys = Keys(8000, ("192.0.2.7",))
    assert keys.host_headers() == {"192.0.2.7:8000"}
    assert keys.origins() == {"http://192.0.2.7:8000"}
    assert keys.url().startswith("http://192.0.2.7:8000/?token=")
    assert Keys(8000).host_headers() == {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    assert Keys(8000).token != Keys(8000).token


def test_a_long_review_is_paged_and_every_item_is_reachable_by_links(tmp_path: Path) -> None:
    """Pages of whole sections (a longer section is cut); the navigation and the page links,
    followed without any script, reach every item."""
    sizes = [PAGE_ITEMS * 3 // 5, PAGE_ITEMS * 7 // 5, PAGE_ITEMS * 2 // 5]
    path = long_review(tmp_path, sizes)
    keys = Keys(PORT)
    client = TestClient(create_app(settings_for(path, tmp_path / "checklists"), keys), BASE)
    client.get(keys.url("/review/review.yaml"))
    first = client.get("/review/review.yaml").text
    articles = re.findall(r'<article class="item serve-item" id="([^"]+)"', first)
    assert articles == [f"item-long--i0-{i}" for i in range(sizes[0])]
    assert 'href="?section=section-long--s1#section-long--s1">Section 1</a>' in first
    assert "Page 1 of 3: a long review is shown a few sections at a time" in first
    assert '<a href="?page=2">Next page</a>' in first

    seen: dict[str, int] = {}
    visited, todo = set(), ["/review/review.yaml"]
    while todo:
        url = todo.pop()
        visited.add(url)
        page = client.get(url).text
        shown = re.findall(r'<article class="item serve-item" id="([^"]+)"', page)
        assert 0 < len(shown) <= PAGE_ITEMS
        for anchor in shown:
            seen[anchor] = seen.get(anchor, 0) + 1
        for href in re.findall(r'href="(\?[^"#]*)', page):
            target = "/review/review.yaml" + html.unescape(href)
            if "show=" not in target and target not in visited:
                todo.append(target)
    every = {f"item-long--i{n}-{i}" for n, size in enumerate(sizes) for i in range(size)}
    assert set(seen) == every
    unanswered = client.get("/review/review.yaml?show=unanswered&page=2").text
    assert "Page 2 of 3" in unanswered
    assert '<a href="?page=1&amp;show=unanswered">Previous page</a>' in unanswered


def test_what_the_page_was_read_from_is_read_again_when_it_changes(served: Served) -> None:
    """The review is kept between requests, but not past a change to its file, its checklist
    or a save: each request shows what the files hold now."""
    assert "Does every deployment start on one host?" in served.client.get(POST[:-7]).text
    checklist = served.path.parent / "checklists" / "demo.yaml"
    text = checklist.read_text(encoding="utf-8")
    checklist.write_text(text.replace("start on one host?", "start on a single host?"), "utf-8")
    assert "Does every deployment start on a single host?" in served.client.get(POST[:-7]).text
    review = served.path.read_text(encoding="utf-8")
    served.path.write_text(review.replace("owner: ", "owner: hand-"), "utf-8")
    assert "Owner hand-" in served.client.get(POST[:-7]).text


def test_a_settings_file_made_while_serving_is_read_at_the_next_request(served: Served) -> None:
    """The settings file is looked for where `orr gate` looks, each place watched: one made
    (here, naming an overlay that drops an item) changes the page at the next request, and
    removing it changes it back."""
    bake = "Does each wave wait a bake time?"
    assert bake in served.client.get(POST[:-7]).text
    folder = served.path.parent
    (folder / "drop.yaml").write_text(
        "overlay: no-bake\ndescription: Waves are not baked here.\nallow_loosen: true\n"
        "drop:\n  - item: demo/bake-time\n    reason: one wave only\n",
        "utf-8",
    )
    (folder / ".orr.toml").write_text('overlays = ["drop.yaml"]\nmin_score = 99\n', "utf-8")
    page = served.client.get(POST[:-7]).text
    assert bake not in page
    assert "below the policy minimum 99" in page
    (folder / ".orr.toml").unlink()
    page = served.client.get(POST[:-7]).text
    assert bake in page
    assert "below the policy minimum 99" not in page
