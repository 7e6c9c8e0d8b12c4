"""An in-process loopback HTTP server for the tests: routes map a path to a response (or a handler)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


class Site:
    """Serve ``routes`` on 127.0.0.1 at a free port; records every request's path and headers."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict, bytes] | Callable] = {}
        self.requests: list[tuple[str, dict]] = []
        self.connections: set[int] = set()  #: client ports seen: one per TCP connection
        self.opening = self.max_opening = 0  #: connections waiting for their first answer's head, now and at most
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                port = self.client_address[1]
                with site._lock:
                    self.first = port not in site.connections
                    site.connections.add(port)
                    if self.first:
                        site.opening += 1
                        site.max_opening = max(site.max_opening, site.opening)
                try:
                    self.answer()
                finally:
                    self.answered()

            def answered(self):
                """The connection's first answer has begun (or it will get none): it no longer counts."""
                if self.first:
                    self.first = False
                    with site._lock:
                        site.opening -= 1

            def answer(self):
                site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = site.routes.get(self.path)
                if route is None:
                    return self.reply(404, {"Content-Type": "text/plain"}, b"not found")
                if callable(route):
                    return route(self)
                status, headers, body = route
                etag = headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    return self.reply(304, {"ETag": etag}, b"")
                self.reply(status, headers, body)

            def reply(self, status, headers, body):
                self.answered()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests_to(self, path: str) -> list[dict]:
        return [h for p, h in self.requests if p == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def trickle(body: bytes, delay: float = 0.5) -> Callable:
    """A handler that sends a valid response one byte every ``delay`` seconds."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        try:
            for b in body:
                h.wfile.write(bytes([b]))
                h.wfile.flush()
                time.sleep(delay)
        except (BrokenPipeError, ConnectionResetError):
            pass

    return handler
