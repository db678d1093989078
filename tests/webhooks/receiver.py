"""A real HTTP receiver on loopback for webhook tests: answers each request as scripted, records it."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """`answers`: what to do with each request in turn ("ok", "500", "slow", "redirect"); then "ok"."""

    port: int = 0
    answers: list[str] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    slow_seconds: float = 2.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"


@contextmanager
def running_receiver(*answers: str) -> Iterator[Receiver]:
    receiver = Receiver(answers=list(answers))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            receiver.received.append(
                Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            answer = receiver.answers.pop(0) if receiver.answers else "ok"
            if answer == "slow":
                time.sleep(receiver.slow_seconds)
            if answer == "redirect":
                self.send_response(302)
                self.send_header("location", "http://127.0.0.1:1/elsewhere")
            else:
                self.send_response(500 if answer == "500" else 204)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
