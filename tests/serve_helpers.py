"""orr serve for the tests: a review folder in tmp_path, and the app live on a free loopback
port (uvicorn in a thread), or in-process under starlette's TestClient."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
import yaml

from orr.catalog import Catalog
from orr.web.app import Settings, create_app
from orr.web.guard import Keys
from orr.web.server import bind
from tests.conftest import DATA

REVIEW_DATA = DATA / "review"
WHEN = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 23)


def review_copy(folder: Path, name: str = "commented.yaml") -> Path:
    """The hand-commented demo review and its checklist, copied into ``folder``."""
    shutil.copytree(REVIEW_DATA / "checklists", folder / "checklists", dirs_exist_ok=True)
    target = folder / "review.yaml"
    shutil.copy(REVIEW_DATA / name, target)
    return target


def long_review(folder: Path, sizes: list[int]) -> Path:
    """A checklist whose sections have ``sizes`` items, and a review answering none."""
    sections = [
        {
            "id": f"s{n}",
            "title": f"Section {n}",
            "items": [
                {"id": f"i{n}-{i}", "question": f"Question {n}.{i}?", "risk": "low"}
                for i in range(size)
            ],
        }
        for n, size in enumerate(sizes)
    ]
    checklist = {"id": "long", "title": "Long", "version": "1.0.0", "sections": sections}
    (folder / "checklists").mkdir()
    (folder / "checklists" / "long.yaml").write_text(yaml.safe_dump(checklist), "utf-8")
    path = folder / "review.yaml"
    path.write_text("service: s\nowner: o\nchecklists: [long]\nanswers: {}\n", "utf-8")
    return path


def settings_for(target: Path, checklists: Path) -> Settings:
    return Settings(target, Catalog.with_bundled([checklists]), "dana", TODAY, None, lambda: WHEN)


@dataclass
class Live:
    keys: Keys
    settings: Settings

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.keys.port}"

    def url(self, path: str = "/") -> str:
        return self.keys.url(path)


@contextmanager
def live_server(settings: Settings) -> Iterator[Live]:
    """The app on 127.0.0.1 and a free port until the block ends."""
    sock = bind("127.0.0.1", 0)
    keys = Keys(sock.getsockname()[1])
    config = uvicorn.Config(
        create_app(settings, keys), log_level="warning", access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the test server did not start")
        threading.Event().wait(0.02)
    try:
        yield Live(keys, settings)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
