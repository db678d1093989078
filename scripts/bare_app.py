"""The floor the benchmarks compare against: a bare FastAPI app, one JSON route, nothing of ours.

Run in a uvicorn process of its own, with the same loop and HTTP parser `switchboard serve` uses
(uvloop, httptools), so a ratio ours / bare says what our middleware, routing and work cost.
"""

from fastapi import FastAPI

app = FastAPI()


@app.get("/")
async def bare() -> dict[str, str]:
    return {"status": "ok"}
