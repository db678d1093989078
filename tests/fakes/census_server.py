"""The Census geocoder on loopback, answering from the recordings, for app processes of their own."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support import CENSUS_ANSWERS, census_fixture


class CensusServer:
    def __init__(self) -> None:
        self.asked = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/geocoder"

    def __enter__(self) -> "CensusServer":
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(census: CensusServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            url = urllib.parse.urlparse(self.path)
            if url.path != "/geocoder/geographies/onelineaddress":
                self.send_error(404)
                return
            address = urllib.parse.parse_qs(url.query).get("address", [""])[0]
            census.asked += 1
            body = json.dumps(census_fixture(CENSUS_ANSWERS.get(address, "no_match"))).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler
