"""Run the app under uvicorn on a socket bound first, so the port (and the URL) is known."""

from __future__ import annotations

import socket

import uvicorn
from starlette.applications import Starlette

LOOPBACK = "127.0.0.1"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; port 0 picks a free one. An address in use is a one-line error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit it: a response's headers and body go out at once, instead
    # of the body waiting ~40 ms for the browser's delayed ACK (Nagle's algorithm).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def run(app: Starlette, sock: socket.socket) -> None:
    """Serve until Ctrl-C (or SIGTERM); requests in flight finish, so each answered save is on
    disk. uvicorn re-raises the signal once it has shut down (KeyboardInterrupt for Ctrl-C)."""
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    if server.should_exit:
        raise KeyboardInterrupt
