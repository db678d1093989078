"""keep_working: a worker that stops or fails is started again, with backoff, until asked to stop."""

import asyncio

from app.jobs.supervisor import keep_working


def test_a_failing_run_is_started_again_until_the_stop_request() -> None:
    async def scenario() -> tuple[int, list[str]]:
        stop = asyncio.Event()
        runs: list[str] = []

        async def run() -> None:
            runs.append("run")
            if len(runs) == 1:
                raise OSError("the database went away")  # as "Side task listener failed" would
            if len(runs) == 2:
                return  # Procrastinate's worker stopped on its own
            stop.set()
            await asyncio.Event().wait()  # works until cancelled

        restarts = await keep_working(run, stop=stop, delays=(0.0,))
        return restarts, runs

    assert asyncio.run(scenario()) == (2, ["run", "run", "run"])


def test_a_stop_request_during_the_pause_ends_it() -> None:
    async def scenario() -> int:
        stop = asyncio.Event()

        async def run() -> None:
            asyncio.get_running_loop().call_soon(stop.set)
            raise OSError("refused")

        return await keep_working(run, stop=stop, delays=(3600.0,))

    assert asyncio.run(scenario()) in (0, 1)  # it ended, without the hour's pause
