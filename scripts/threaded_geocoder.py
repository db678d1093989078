"""A plain threaded Python HTTP server standing in for the Census geocoder: 300 ms per answer.

Unlike tests/fakes/slow_geocoder.py (an async FastAPI app), every request holds a thread for the
whole delay, and the server shares the machine's cores with the server under test: the harder,
more realistic of the two fakes the cold-lookup benchmark runs against. HTTP/1.1 with keep-alive;
the answer (a recorded Census response) is encoded once.

    python scripts/threaded_geocoder.py PORT [DELAY_SECONDS]
"""

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.support import census_fixture  # noqa: E402

BODY = json.dumps(census_fixture("ma_boston")).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    delay_seconds = 0.3

    def do_GET(self) -> None:
        time.sleep(self.delay_seconds)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format: str, *args: object) -> None:
        return


def main() -> None:
    port = int(sys.argv[1])
    Handler.delay_seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 0.3
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.request_queue_size = 1024
    server.serve_forever()


if __name__ == "__main__":
    main()
