"""Where jobs are declared. A domain module registers its jobs with `@job` and is listed in catalog.py.

    @job("directory.sync", cron="0 6 * * *")      # daily at 06:00 UTC, once across all workers
    def sync_directory(context: JobContext, timestamp: int) -> None:
        services = services_of(context)

Every job receives Procrastinate's JobContext first; a periodic job also receives the scheduled
`timestamp`, and each tick is deferred once however many workers run. Jobs are plain functions
(run in a worker thread) or coroutines (run on the worker's event loop).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from procrastinate import JobContext

if TYPE_CHECKING:
    from app.runtime.container import Services

CALLS = "calls"
PERIODIC = "periodic"
DEFAULT = "default"
SERVICES_KEY = "services"
F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["CALLS", "DEFAULT", "PERIODIC", "JobContext", "JobSpec", "job", "registered_jobs", "services_of"]


@dataclass(frozen=True)
class JobSpec:
    name: str
    func: Callable[..., Any]
    queue: str
    cron: str | None


_REGISTRY: dict[str, JobSpec] = {}


def job(name: str, *, queue: str = DEFAULT, cron: str | None = None) -> Callable[[F], F]:
    """Register `func(context, **kwargs)` as the job `name`.

    With `cron` (five fields, UTC; a sixth for seconds) it is also deferred on that schedule.
    """

    def register(func: F) -> F:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise ValueError(f"two jobs are called {name}")
        _REGISTRY[name] = JobSpec(name=name, func=func, queue=PERIODIC if cron else queue, cron=cron)
        return func

    return register


def registered_jobs() -> list[JobSpec]:
    return list(_REGISTRY.values())


def services_of(context: JobContext) -> "Services":
    """The worker's long-lived services (database engine, Twilio client, settings)."""
    services: Services = context.additional_context[SERVICES_KEY]
    return services
