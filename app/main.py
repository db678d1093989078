"""The web application: routers, static files, error handlers and the services they share."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.errors import LoginRequiredError
from app.services import Services, build_services
from app.settings import DEFAULT_SECRET, Settings, get_settings
from app.web import api, health, public
from app.web.access_log import redact_access_log
from app.web.errors import install_error_handlers
from app.web.tallies import tallies_router


def refuse_until_login() -> None:
    """Staff pages' gate until accounts exist: nobody is staff, so everybody is asked to log in."""
    raise LoginRequiredError("Please log in with a staff account to see this page.")


def create_app(
    settings: Settings | None = None,
    services: Services | None = None,
    *,
    require_staff: Callable[..., Any] = refuse_until_login,
) -> FastAPI:
    """The app; `require_staff` is the dependency that guards staff pages and their API."""
    settings = settings or get_settings()
    if settings.environment == "production" and settings.secret_key.get_secret_value() == DEFAULT_SECRET:
        raise RuntimeError("Set SWITCHBOARD_SECRET_KEY: production refuses the default secret.")
    shared = services or build_services(settings)
    redact_access_log()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        shared.close()

    app = FastAPI(
        title="Switchboard",
        description="Find your legislators, read the campaign's script, make the call.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.services = shared
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "web" / "static"), name="static")
    app.include_router(health.router)
    app.include_router(api.router)
    app.include_router(public.router)
    app.include_router(tallies_router(require_staff))
    return app
