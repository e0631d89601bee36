"""Nobody but the person who started `orr serve` reads or writes: token, Host, CSRF, CSP.

- A random token in the first URL (as Jupyter does) is swapped for an HttpOnly, SameSite=Strict
  cookie; every request needs one or the other.
- The Host header must name the address the server listens on (127.0.0.1, localhost, [::1]
  on loopback), which defeats DNS rebinding.
- Every POST carries a CSRF token in a header (htmx adds it; a cross-site form cannot) and, when
  the browser says where it comes from (Origin, Sec-Fetch-Site), comes from this origin.
- Every response forbids inline script and style and anything from elsewhere.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_HEADER = "x-orr-csrf"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


@dataclass(frozen=True)
class Keys:
    """The secrets of one server run and the host names it answers to."""

    port: int
    hosts: tuple[str, ...] = LOOPBACK_NAMES
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def cookie(self) -> str:
        return f"orr-serve-{self.port}"  # cookies ignore ports: one name per server

    def host_headers(self) -> set[str]:
        return {f"{host}:{self.port}" for host in self.hosts}

    def origins(self) -> set[str]:
        return {f"http://{host}" for host in self.host_headers()}

    def url(self, path: str = "/") -> str:
        return f"http://{self.hosts[0]}:{self.port}{path}?{urlencode({'token': self.token})}"


def same(given: str | None, secret: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), secret.encode())


def refusal(request: Request, keys: Keys) -> str | None:
    """Why this request is refused, or None to let it through."""
    if request.headers.get("host", "") not in keys.host_headers():
        return "This server answers on the loopback address only (the Host header is wrong)."
    if not (same(request.cookies.get(keys.cookie), keys.token) or _token_in_url(request, keys)):
        return "Open the address `orr serve` printed, with its token."
    if request.method not in ("GET", "HEAD"):
        origin = request.headers.get("origin")
        if origin is not None and origin not in keys.origins():
            return "Cross-origin requests are refused."
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return "Cross-site requests are refused."
        if not same(request.headers.get(CSRF_HEADER), keys.csrf):
            return "The request lacks this page's CSRF token: reload the page and try again."
    return None


def _token_in_url(request: Request, keys: Keys) -> bool:
    return request.method == "GET" and same(request.query_params.get("token"), keys.token)


class Guard:
    """ASGI middleware: refuse what `refusal` refuses (403), add the security headers."""

    def __init__(self, app: ASGIApp, keys: Keys) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        response: Response | None = None
        problem = refusal(request, self.keys)
        if problem:
            response = PlainTextResponse(problem, status_code=403)
        elif "token" in request.query_params:
            response = _without_token(request, self.keys)
        if response is not None:
            await response(scope, receive, _with_headers(send, HEADERS.items()))
            return
        await self.app(scope, receive, _with_headers(send, HEADERS.items()))


def _without_token(request: Request, keys: Keys) -> Response:
    """Swap the token in the URL for the cookie, so it leaves the address bar and history."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
    target = request.url.path + (f"?{urlencode(query)}" if query else "")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        keys.cookie, keys.token, httponly=True, samesite="strict", path="/", secure=False
    )
    return response


def _with_headers(send: Send, headers: Iterable[tuple[str, str]]) -> Send:
    extra = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            names = {name.lower() for name, _ in message.get("headers", [])}
            message["headers"] = [
                *message.get("headers", []),
                *(pair for pair in extra if pair[0] not in names),
            ]
        await send(message)

    return sending
