"""A loopback stand-in for the Census geocoder that answers every address after a delay.

Used by the peak tests and by `scripts/bench_lookup.py --cold`: the delay is awaited, so one
fake serves hundreds of lookups at once, like the real service does.
"""

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Response

from tests.support import census_fixture


@dataclass
class SlowGeocoder:
    delay_seconds: float
    answer: Any = field(default_factory=lambda: census_fixture("ma_boston"))
    addresses: list[str] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0

    def app(self) -> FastAPI:
        census = FastAPI()
        # Encoded once: the real service's work is not ours, and a benchmark shares the machine.
        body = json.dumps(self.answer).encode()

        @census.get("/geographies/onelineaddress")
        async def onelineaddress(address: str) -> Response:
            self.addresses.append(address)
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            try:
                await asyncio.sleep(self.delay_seconds)
            finally:
                self.in_flight -= 1
            return Response(body, media_type="application/json")

        return census
