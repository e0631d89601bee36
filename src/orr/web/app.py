"""The Starlette application of `orr serve`: one review file, or every review in a folder.

Routes: ``/`` (the review, or the folder's list), ``/review/{key}`` (a review page; ``?show=``
filters, ``?section=`` or ``?page=`` picks the page of a long review), ``POST
/review/{key}/answer`` (save one answer; htmx swaps the fragments returned),
``/review/{key}/version`` (has the file changed on disk?), ``/static/{name}``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from orr.catalog import Catalog
from orr.editing.answerfile import answer_digest
from orr.errors import InputError, OrrError
from orr.interview.store import ReviewStore
from orr.loading import read_text_and_digest
from orr.render.view import item_anchor
from orr.web import folder
from orr.web.creating import new_review, read_form
from orr.web.form import StaleAnswer, posted_answer, save
from orr.web.guard import CSRF_HEADER, Guard, Keys
from orr.web.page import Opened, ReviewPage, Reviews, Show, parse_show, review_page
from orr.web.rendering import render

STATIC = {
    "htmx.min.js": ("orr.web", "static/htmx.min.js", "text/javascript"),
    "serve.js": ("orr.web", "static/serve.js", "text/javascript"),
    "serve.css": ("orr.web", "static/serve.css", "text/css"),
    "report.css": ("orr.render", "templates/report.css", "text/css"),
}


@dataclass
class Settings:
    """What one `orr serve` run serves, and how it records answers."""

    target: Path  # a review file, or a folder of them
    catalog: Catalog
    user: str
    today: dt.date | None = None  # None: the current day (UTC) at each request
    policy_file: Path | None = None
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    #: the reviews as last read or saved (a save locks the file itself: `orr review`'s writer)
    reviews: Reviews = field(init=False)

    def __post_init__(self) -> None:
        self.reviews = Reviews(self.catalog)

    @property
    def is_folder(self) -> bool:
        return self.target.is_dir()

    def day(self) -> dt.date:
        return self.today or dt.datetime.now(dt.UTC).date()

    def review_path(self, key: str) -> Path | None:
        """The file a URL key names, only ever the served file or a review below the folder."""
        if not self.is_folder:
            return self.target if key == self.target.name else None
        root = self.target.resolve()
        candidate = (root / key).resolve()
        if not candidate.is_relative_to(root) or not candidate.is_file():
            return None
        return candidate if key in folder.review_keys(self.target) else None


def create_app(settings: Settings, keys: Keys) -> Starlette:
    common = {
        "csrf_header": CSRF_HEADER,
        "csrf": keys.csrf,
        "user": settings.user,
        "folder_mode": settings.is_folder,
    }

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(render(name, **common, **context), status_code=status)

    def home(request: Request) -> Response:
        if not settings.is_folder:
            return RedirectResponse(f"/review/{settings.target.name}", status_code=303)
        rows = folder.rows(settings.target, settings.catalog, settings.day(), settings.policy_file)
        return page(
            request,
            "serve-folder.html.j2",
            folder=settings.target,
            rows=rows,
            checklists=_checklists(settings.catalog),
        )

    async def create(request: Request) -> Response:
        form = await request.form()
        values = {key: [str(v) for v in form.getlist(key)] for key in form}
        return await _in_thread(lambda: _create(values))

    def _create(values: dict[str, list[str]]) -> Response:
        if not settings.is_folder:
            return PlainTextResponse("orr serve is serving one file: no new reviews.", 404)
        new = read_form(values, settings.catalog, settings.target)
        step = (values.get("step") or ["create"])[-1]
        checklists = _checklists(settings.catalog)
        if step != "create" or new.problems:
            problems = new.problems if step == "create" else []
            return _fragment(
                "serve-new-form.html.j2",
                422 if problems else 200,
                form=new,
                checklists=checklists,
                problems=problems,
            )
        made = new_review(new, settings.catalog)
        store = ReviewStore(settings.target / new.values["file"], settings.catalog)
        try:
            store.create(made.service, made.owner, made.checklists, made.context, settings.day())
        except OrrError as error:
            return _fragment(
                "serve-new-form.html.j2",
                422,
                form=new,
                checklists=checklists,
                problems=[error.message],
            )
        response = Response(status_code=201)
        response.headers["hx-redirect"] = f"/review/{quote(new.values['file'])}"
        return response

    def opened_page(
        key: str, show: Show = "all", section: str | None = None, number: int = 1
    ) -> tuple[Opened, ReviewPage]:
        path = settings.review_path(key)
        if path is None:
            raise _NotServed(key)
        opened = settings.reviews.open(path)
        day, policy = settings.day(), settings.policy_file
        return opened, review_page(key, opened, day, policy, show, section, number)

    def review(request: Request) -> Response:
        key = request.path_params["key"]
        query = request.query_params
        show = parse_show(query.get("show"))
        number = int(query["page"]) if query.get("page", "").isdigit() else 1
        try:
            _, view = opened_page(key, show, query.get("section"), number)
        except _NotServed:
            return PlainTextResponse(f"No review {key!r} is served here.", status_code=404)
        except OrrError as error:
            return page(request, "serve-broken.html.j2", 200, key=key, message=error.message)
        return page(request, "serve-review.html.j2", view=view)

    async def answer(request: Request) -> Response:
        form = await request.form()
        values = {key: [str(v) for v in form.getlist(key)] for key in form}
        return await _in_thread(lambda: _answer(request.path_params["key"], values))

    def _answer(key: str, values: dict[str, list[str]]) -> Response:
        ref = (values.get("ref") or [""])[-1]
        #: an answer the page showed as missing is based on "no answer"
        based_on = (values.get("based_on") or [answer_digest(None)])[-1]
        path = settings.review_path(key)
        if path is None:
            return PlainTextResponse(f"No review {key!r} is served here.", status_code=404)
        try:
            opened = settings.reviews.open(path)
            question = opened.question(ref)
            if question is None:
                return PlainTextResponse(f"No item {ref!r} in this review.", status_code=404)
            posted = posted_answer(question.item, values)
            if posted.problem:
                return _fragment("serve-refused.html.j2", 422, ref=ref, message=posted.problem)
            if posted.empty and ref not in opened.loaded.review.answers:
                return Response(status_code=204)  # nothing said yet: nothing to write
            loaded = save(
                path,
                settings.catalog,
                ref,
                question.item,
                posted.fields,
                user=settings.user,
                now=settings.clock(),
                order=opened.order,
                based_on=based_on,
                before=opened.loaded,
            )
            opened = settings.reviews.saved(path, opened, loaded)
        except StaleAnswer as stale:
            _, view = opened_page(key)
            return _fragment("serve-stale.html.j2", 409, view=view, ref=ref, message=stale.message)
        except InputError as error:
            return _fragment("serve-refused.html.j2", 422, ref=ref, message=error.message)
        view = review_page(key, opened, settings.day(), settings.policy_file, paged=False)
        saved = view.item(ref)
        status = saved.answer.status if saved and saved.answer and saved.answer.status else ""
        trigger = {"orr:saved": {"item": item_anchor(ref), "status": status}}
        response = _fragment("serve-saved.html.j2", 200, view=view, ref=ref)
        response.headers["hx-trigger"] = json.dumps(trigger)
        return response

    def _fragment(name: str, status: int, **context: Any) -> HTMLResponse:
        return HTMLResponse(render(name, **common, **context), status_code=status)

    def version(request: Request) -> Response:
        path = settings.review_path(request.path_params["key"])
        if path is None:
            return PlainTextResponse("Not served here.", status_code=404)
        try:
            _, digest = read_text_and_digest(path)
        except OrrError as error:
            return _fragment("serve-changed.html.j2", 200, message=error.message)
        if digest == request.query_params.get("based_on"):
            return Response(status_code=204)
        return _fragment("serve-changed.html.j2", 200, message=None)

    def static(request: Request) -> Response:
        found = STATIC.get(request.path_params["name"])
        if found is None:
            return PlainTextResponse("Not found.", status_code=404)
        package, name, media_type = found
        body = resources.files(package).joinpath(name).read_bytes()
        return Response(body, media_type=media_type, headers={"cache-control": "no-cache"})

    routes = [
        Route("/", home),
        Route("/new", create, methods=["POST"]),
        Route("/review/{key:path}/answer", answer, methods=["POST"]),
        Route("/review/{key:path}/version", version),
        Route("/review/{key:path}", review),
        Route("/static/{name}", static),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
    ]
    return Starlette(routes=routes, middleware=[Middleware(Guard, keys=keys)])


def _checklists(catalog: Catalog) -> list[tuple[str, str]]:
    """(id, title) of every checklist the catalog finds, for the new-review form."""
    found = []
    for cid in catalog.ids():
        try:
            found.append((cid, catalog.load(cid).title))
        except OrrError:
            continue  # `orr validate` reports it; it cannot be chosen here
    return found


class _NotServed(Exception):
    pass


async def _in_thread(work: Callable[[], Response]) -> Response:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(work)
