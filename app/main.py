"""The web application: routers, static files, error handlers and the services they share."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.services import Services, build_services
from app.settings import DEFAULT_SECRET, Settings, get_settings
from app.web import api, calls_api, health, public, twilio_hooks
from app.web.errors import install_error_handlers


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    settings = settings or get_settings()
    if settings.environment == "production" and settings.secret_key.get_secret_value() == DEFAULT_SECRET:
        raise RuntimeError("Set SWITCHBOARD_SECRET_KEY: production refuses the default secret.")
    shared = services or build_services(settings)

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
    app.include_router(calls_api.router)
    app.include_router(twilio_hooks.router)
    app.include_router(public.router)
    return app
