"""The web application: routers, static files, error handlers and the services they share."""

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from functools import cache

import anyio
from fastapi import APIRouter, FastAPI
from starlette.routing import BaseRoute

from app.calls.counting import StoredLegs
from app.jobs.calls import JobCallQueue
from app.jobs.runner import build_job_app, periodic_turn, start_in_process_worker
from app.runtime.container import Services, build_services
from app.runtime.garbage_collection import tune_for_serving
from app.runtime.warm_up import warm_up
from app.settings import Settings, get_settings
from app.web.auth import StaffReader, campaign_guard, token_or_signed_in
from app.web.errors import install_error_handlers
from app.web.middleware.access_log import redact_access_log
from app.web.middleware.edge import Edge
from app.web.middleware.sessions import SessionCookie
from app.web.openapi import install_openapi
from app.web.routes import (
    admin,
    admin_api,
    admin_builder,
    admin_directory,
    admin_launch,
    admin_organizations,
    admin_partners,
    admin_targets,
    admin_webhooks,
    api,
    calls_api,
    health,
    opt_in,
    public,
    scheduled_calls,
)
from app.web.routes.direct_dispatch import DirectDispatch
from app.web.routes.tallies import tallies_router
from app.web.twilio import hooks as twilio_hooks
from app.web.views.pages import compile_templates
from app.web.views.static_files import static_app

logger = logging.getLogger(__name__)


def create_served_app() -> FastAPI:
    """The app as `switchboard serve` runs it in each web process (uvicorn's factory): the process's
    garbage collector tuned for serving first (app.runtime.garbage_collection), then `create_app()`."""
    tune_for_serving()
    return create_app()


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    settings = settings or (services.settings if services is not None else get_settings())
    shared = services or build_services(settings)
    redact_access_log()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await warm_up(shared)
        await anyio.to_thread.run_sync(compile_templates)
        with periodic_turn(settings) as periodic:
            job_app = build_job_app(settings, periodic=periodic)
            app.state.call_queue = JobCallQueue(job_app)
            async with job_app.open_async():
                worker = await start_in_process_worker(job_app, shared) if settings.runs_jobs_in_web else None
                yield
                if worker is not None:
                    worker.cancel()
                    with suppress(asyncio.CancelledError):
                        await worker
        await shared.aclose()

    app = FastAPI(
        title="Switchboard",
        description="Find your legislators, read the campaign's script, make the call.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.services = shared
    session_cookie = SessionCookie(
        secret_key=settings.secret_key.get_secret_value(),
        name="switchboard_session",
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(DirectDispatch, api=app)  # inside the edge: the lean routes before the router
    app.add_middleware(Edge, trusted_proxy=settings.trusted_proxy, session_cookie=session_cookie)
    install_error_handlers(app)
    add_routes(app)
    install_openapi(app)
    return app


def add_routes(app: FastAPI) -> None:
    """Give the app every route of the table, after the ones it has (its OpenAPI document's)."""
    app.router.routes.extend(route_table())


@cache
def route_table() -> Sequence[BaseRoute]:
    """Every route of the app in matching order, built once per process and shared by its apps.

    FastAPI works out each included route's request handling (its dependencies, body and response
    fields, their pydantic adapters) for every app that includes it, at the app's first request: about
    0.15 s for our ~160 routes on a quiet 2-core machine, 0.25-0.45 s when it is busy. A web process
    builds one app; the test suite builds one per test, about a thousand of them, where it was a
    seventh of the samples of the tests that use an app (py-spy). So the table is built once and each
    app's router takes its routes: the same route objects, which hold nothing of an app (a request
    finds the services on its own app: app.web.deps.services_of). What a shared route cannot follow is
    `app.dependency_overrides` (FastAPI looks for them on the router that included it); Switchboard
    uses none.
    """
    table = APIRouter()
    # Routes match in order: Twilio's webhooks and the lookups, the hot paths at a campaign's peak,
    # come first. No two routers share a path prefix, so the order changes nothing else.
    table.include_router(twilio_hooks.router)
    table.include_router(api.router)
    table.mount("/static", static_app(), name="static")
    table.include_router(health.router)
    table.include_router(calls_api.router)
    table.include_router(scheduled_calls.router)
    table.include_router(public.router)
    table.include_router(admin_builder.router)  # before admin's /campaigns/{slug}
    table.include_router(admin.router)
    table.include_router(admin_launch.router)
    table.include_router(admin_directory.router)
    table.include_router(admin_webhooks.router)
    table.include_router(opt_in.router)
    table.include_router(admin_api.router)
    table.include_router(admin_targets.router)
    table.include_router(admin_partners.owned)
    table.include_router(admin_partners.router)
    table.include_router(admin_organizations.router)
    table.include_router(
        tallies_router(StaffReader, leg_source=StoredLegs()),
        dependencies=[campaign_guard(token_or_signed_in)],
    )
    return tuple(table.routes)
